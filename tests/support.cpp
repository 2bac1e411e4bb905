#include "support.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

#include "brink/scenario/loader.hpp"

namespace brink::test {

std::string source(const std::string& rel) { return std::string(BRINK_SOURCE_DIR) + "/" + rel; }

std::shared_ptr<Scenario> load(const std::string& yaml) {
    Diagnostics d("t.yaml");
    auto sc = loadScenarioText(yaml, "t.yaml", d);
    INFO(d.str());
    REQUIRE(sc);
    return sc;
}

std::shared_ptr<Scenario> loadFile(const std::string& rel) {
    const std::string p = source(rel);
    Diagnostics d(p);
    auto sc = loadScenarioFile(p, d);
    INFO(d.str());
    REQUIRE(sc);
    return sc;
}

std::string errors(const std::string& yaml, const std::string& path) {
    Diagnostics d(path);
    auto sc = loadScenarioText(yaml, path, d);
    if (sc) return {};
    return d.str();
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string tempDir(const std::string& tag) {
    namespace fs = std::filesystem;
    static std::mt19937_64 gen(std::random_device{}());  // only names temp folders
    fs::path p;
    do {
        p = fs::temp_directory_path() / ("brink-test-" + tag + "-" + std::to_string(gen() % 1000000000));
    } while (fs::exists(p));
    fs::create_directories(p);
    return p.string();
}

Proc runBrink(const std::string& args) { return runShell("\"$BRINK\" " + args); }

int spawnBrink(const std::string& args, const std::string& outFile, const std::string& errFile) {
    const pid_t pid = ::fork();
    if (pid == 0) {
        const std::string cmd = "exec " + std::string(BRINK_EXE) + " " + args + " >" + outFile + " 2>" + errFile;
        ::execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    return pid;
}

Proc runShell(const std::string& script) {
    Proc r;
    const std::string dir = tempDir("proc");
    {
        std::ofstream(dir + "/script.sh") << "BRINK='" << BRINK_EXE << "'\n" << script << "\n";
    }
    const std::string cmd = "sh " + dir + "/script.sh >" + dir + "/out 2>" + dir + "/err";
    const int st = std::system(cmd.c_str());
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    r.out = readFile(dir + "/out");
    r.err = readFile(dir + "/err");
    std::filesystem::remove_all(dir);
    return r;
}

void sameBatchFiles(const std::string& a, const std::string& b) {
    for (const char* f : kBatchFiles) {
        INFO(a << " vs " << b << ": " << f);
        CHECK(readFile(a + "/" + f) == readFile(b + "/" + f));
        CHECK_FALSE(readFile(a + "/" + f).empty());
    }
}

std::string head(int turns, const std::string& id) {
    return "brink: 1\nscenario:\n  id: " + id + "\n  start: 2024-06-19\n  turn_days: 7\n  turns: " +
           std::to_string(turns) + "\n";
}

}  // namespace brink::test
