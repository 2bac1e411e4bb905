// brink_hostile_bench: how long, and how much memory, `brink validate` takes to answer
// hostile scenario files. Figures, never assertions: each file is generated into a
// temporary folder, validated by the brink executable in a child process, and the child's
// wall time and peak resident memory (getrusage) are printed with its exit status and the
// first line of its answer.
//
//   brink_hostile_bench [--keep DIR]     (--keep writes the files into DIR and leaves them)
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

const char* kHead = "brink: 1\nscenario: {id: h, start: 2024-01-01, turn_days: 7, turns: 10}\n";

std::string repeat(const std::string& s, std::size_t n) {
    std::string out;
    out.reserve(s.size() * n);
    for (std::size_t i = 0; i < n; ++i) out += s;
    return out;
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

struct Case {
    const char* name;
    const char* what;
    std::function<std::string()> make;
};

std::vector<Case> cases() {
    const std::string src = BRINK_SOURCE_DIR;
    return {
        {"alias-bomb", "ten levels of ten aliases: 10^10 nodes once expanded",
         [=] { return readFile(src + "/tests/data/bad/alias-bomb.yaml"); }},
        {"alias-text-bomb", "144 KB of expression text that aliases expand to 140 MB",
         [=] { return readFile(src + "/tests/data/bad/alias-text-bomb.yaml"); }},
        {"deep-flow-seq", "100,000 nested [ ", [] { return std::string(kHead) + "x: " + repeat("[", 100000) + "\n"; }},
        {"deep-block-map", "10,000 nested block maps",
         [] {
             std::string s = kHead;
             for (int i = 0; i < 10000; ++i) s += std::string(static_cast<std::size_t>(i % 200), ' ') + "k:\n";
             return s;
         }},
        {"many-nodes", "4 MB of one-letter sequence items (1 M nodes)",
         [] { return std::string(kHead) + "x:\n" + repeat("- a\n", (4u << 20) / 4 - 64); }},
        {"long-scalar", "one 4 MB quoted string", [] { return std::string(kHead) + "x: \"" + repeat("a", (4u << 20) - 128) + "\"\n"; }},
        {"over-size", "64 MB: over the file-size limit", [] { return std::string(kHead) + "# " + repeat("a", 64u << 20) + "\n"; }},
        {"many-actors", "100,000 actors", [] {
             std::string s = std::string(kHead) + "actors:\n";
             for (int i = 0; i < 100000; ++i) s += "  a" + std::to_string(i) + ": {name: A}\n";
             return s;
         }},
        {"many-unknown-keys", "100,000 misspelt keys (errors stop at 100)", [] {
             std::string s = std::string(kHead) + "actors:\n  a: {name: A}\n";
             for (int i = 0; i < 100000; ++i) s += "actorz" + std::to_string(i) + ": 1\n";
             return s;
         }},
        {"long-expression", "a 1 MB expression", [] {
             return std::string(kHead) + "actors: {a: {name: A}}\nmetrics: {m: \"" + repeat("turn + ", 150000) + "1\"}\n";
         }},
        {"deep-expression", "100,000 nested parentheses", [] {
             return std::string(kHead) + "actors: {a: {name: A}}\nmetrics: {m: \"" + repeat("(", 100000) + "1" + repeat(")", 100000) + "\"}\n";
         }},
        {"big-but-legal", "1,000 actors, 10,000 relations, 10,000 events: at the limits", [] {
             std::string s = std::string(kHead) + "actors:\n";
             for (int i = 0; i < 1000; ++i) s += "  a" + std::to_string(i) + ": {name: A" + std::to_string(i) + "}\n";
             s += "relations:\n";
             for (int i = 0; i < 10000; ++i) {
                 const int a = i % 1000, b = (i / 1000 + 1 + a) % 1000;
                 if (a == b) continue;
                 s += "  - {between: [a" + std::to_string(a) + ", a" + std::to_string(b) + "], tension: 0.3}\n";
             }
             s += "events:\n";
             for (int i = 0; i < 10000; ++i) s += "  e" + std::to_string(i) + ": {chance: \"0.01 * turn\"}\n";
             return s;
         }},
    };
}

struct Result {
    int status = -1;
    double seconds = 0;
    long maxRssKb = 0;
    std::string firstLine;
};

Result validate(const std::string& file, const std::string& errFile) {
    Result r;
    const auto t0 = std::chrono::steady_clock::now();
    std::fflush(stdout);  // else the child's copy of the buffer is printed again
    const pid_t pid = ::fork();
    if (pid == 0) {
        std::freopen("/dev/null", "w", stdout);
        std::freopen(errFile.c_str(), "w", stderr);
        ::execl(BRINK_EXE, BRINK_EXE, "validate", file.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    int st = 0;
    struct rusage ru {};
    ::wait4(pid, &st, 0, &ru);
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    r.maxRssKb = ru.ru_maxrss;
    std::ifstream in(errFile);
    std::getline(in, r.firstLine);
    return r;
}

}  // namespace

int main(int argc, char** argv) {
    std::string dir;
    bool keep = false;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--keep") == 0 && i + 1 < argc) {
            dir = argv[++i];
            keep = true;
        } else {
            std::fprintf(stderr, "usage: brink_hostile_bench [--keep DIR]\n");
            return 2;
        }
    }
    if (dir.empty()) dir = (fs::temp_directory_path() / ("brink-hostile-" + std::to_string(::getpid()))).string();
    fs::create_directories(dir);
    // the baseline: what validating the default scenario costs
    const Result base = validate(std::string(BRINK_SOURCE_DIR) + "/scenarios/summit-2024.yaml", dir + "/base.err");
    std::printf("brink validate on hostile files (%s)\n\n", BRINK_EXE);
    std::printf("%-18s %9s %6s %8s %9s  %s\n", "file", "size", "exit", "seconds", "peak MB", "answer (first line)");
    std::printf("%-18s %9s %6d %8.3f %9.1f  %s\n", "summit-2024.yaml", "32 KB", base.status, base.seconds,
                static_cast<double>(base.maxRssKb) / 1024.0, "(the default scenario, for comparison)");
    for (const Case& c : cases()) {
        const std::string path = dir + "/" + c.name + ".yaml";
        std::size_t bytes = 0;
        {
            const std::string text = c.make();  // freed before the fork: the child's peak is its own
            bytes = text.size();
            std::ofstream(path, std::ios::binary) << text;
        }
        const Result r = validate(path, dir + "/" + c.name + ".err");
        std::string answer = r.firstLine;
        if (const auto at = answer.find("error: "); at != std::string::npos) answer = answer.substr(at + 7);
        if (answer.size() > 90) answer = answer.substr(0, 87) + "...";
        char size[32];
        if (bytes >= (1u << 20)) std::snprintf(size, sizeof size, "%.1f MB", static_cast<double>(bytes) / (1u << 20));
        else std::snprintf(size, sizeof size, "%.0f KB", static_cast<double>(bytes) / 1024.0);
        std::printf("%-18s %9s %6d %8.3f %9.1f  %s\n", c.name, size, r.status, r.seconds, static_cast<double>(r.maxRssKb) / 1024.0,
                    answer.empty() ? "(valid)" : answer.c_str());
        std::printf("%-18s %s\n", "", c.what);
    }
    if (!keep) fs::remove_all(dir);
    return 0;
}
