// brink batch: the same bytes for any threads or MPI ranks, resuming after SIGKILL,
// refusing what it should, and answers inside the intervals of exact values.
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <signal.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "brink/stats/stats.hpp"
#include "support.hpp"

using namespace brink;
using namespace brink::test;
namespace fs = std::filesystem;

namespace {

boost::json::object summary(const std::string& dir) { return boost::json::parse(readFile(dir + "/summary.json")).as_object(); }

// The exact value lies in the batch's 99.9% Wilson interval (a 1-in-1000 false alarm).
void withinInterval(std::uint64_t count, std::uint64_t n, double exact) {
    const Interval ci = wilson(count, n, 3.2905267314919255);
    INFO("exact " << exact << ", observed " << count << "/" << n << ", 99.9% interval [" << ci.lo << ", " << ci.hi << "]");
    CHECK(ci.lo <= exact);
    CHECK(exact <= ci.hi);
}

// Under AddressSanitizer, Open MPI's own allocations are only named (and suppressed, see
// tools/lsan.supp) with the slow unwinder: its libraries keep no frame pointers.
const std::string kMpi = "ASAN_OPTIONS=\"${ASAN_OPTIONS:-}:fast_unwind_on_malloc=0\" OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1 "
                         "mpirun --oversubscribe -n ";
}  // namespace

TEST_CASE("a batch is byte-identical for any number of threads and MPI ranks", "[batch]") {
    const std::string base = tempDir("threads");
    const std::string args = "batch scenarios/summit-2024.yaml --runs 700 --seed 9 -q --out ";
    REQUIRE(runBrink(args + base + "/t1 --threads 1").status == 0);
    REQUIRE(runBrink(args + base + "/t2 --threads 2").status == 0);
    REQUIRE(runBrink(args + base + "/t5 --threads 5").status == 0);
    sameBatchFiles(base + "/t1", base + "/t2");
    sameBatchFiles(base + "/t1", base + "/t5");
    for (int ranks : {2, 3}) {
        const std::string out = base + "/mpi" + std::to_string(ranks);
        const std::string cmd = kMpi + std::to_string(ranks) + " " + BRINK_EXE + " " + args + out + " >/dev/null 2>&1";
        INFO(cmd);
        REQUIRE(std::system(cmd.c_str()) == 0);
        sameBatchFiles(base + "/t1", out);
    }
    fs::remove_all(base);
}

TEST_CASE("a batch refuses a used folder, and a resume of another batch", "[batch]") {
    const std::string dir = tempDir("refuse");
    REQUIRE(runBrink("batch scenarios/models/ladder-markov.yaml --runs 50 -q --out " + dir).status == 0);
    const Proc again = runBrink("batch scenarios/models/ladder-markov.yaml --runs 50 -q --out " + dir);
    CHECK(again.status == 2);
    CHECK(again.err.find("is not empty") != std::string::npos);
    CHECK(again.err.find("hint: add --resume") != std::string::npos);
    const Proc seed = runBrink("batch scenarios/models/ladder-markov.yaml --runs 50 --seed 2 -q --resume --out " + dir);
    CHECK(seed.status == 2);
    CHECK(seed.err.find("seed was 1, now 2") != std::string::npos);
    const Proc other = runBrink("batch scenarios/models/richardson.yaml --runs 50 -q --resume --out " + dir);
    CHECK(other.status == 2);
    CHECK(other.err.find("scenario was ladder-markov, now richardson") != std::string::npos);
    const Proc same = runBrink("batch scenarios/models/ladder-markov.yaml --runs 50 -q --resume --out " + dir);
    CHECK(same.status == 0);
    fs::remove_all(dir);
}

TEST_CASE("an event of constant chance ends runs by the geometric law", "[batch]") {
    const std::string dir = tempDir("geom");
    {
        std::ofstream(dir + "/g.yaml") << head(20, "geometric")
                                       << "actors:\n  a: {name: A}\nevents:\n  strike: {chance: 0.07, effects: [{end: struck}]}\n";
    }
    REQUIRE(runBrink("batch " + dir + "/g.yaml --runs 20000 -q --out " + dir + "/out").status == 0);
    const auto s = summary(dir + "/out");
    const auto n = static_cast<std::uint64_t>(s.at("runs").to_number<std::int64_t>());
    const auto struck = static_cast<std::uint64_t>(s.at("outcomes").at("struck").at("count").to_number<std::int64_t>());
    withinInterval(struck, n, 1 - std::pow(1 - 0.07, 20));
    fs::remove_all(dir);
}

TEST_CASE("a constant-rate ladder batch matches the exact Markov chain", "[batch]") {
    const std::string dir = tempDir("markov");
    REQUIRE(runBrink("batch scenarios/models/ladder-markov.yaml --runs 20000 --seed 3 -q --out " + dir).status == 0);
    const auto s = summary(dir);
    const auto n = static_cast<std::uint64_t>(s.at("runs").to_number<std::int64_t>());
    const auto war = static_cast<std::uint64_t>(s.at("outcomes").at("war").at("count").to_number<std::int64_t>());
    // (P^30)[calm][war] for up 0.08, down 0.05 on four rungs, computed as in models_test
    double dist[4] = {1, 0, 0, 0};
    for (int t = 0; t < 30; ++t) {
        double nx[4] = {0, 0, 0, dist[3]};
        for (int i = 0; i < 3; ++i) {
            nx[i + 1] += dist[i] * 0.08;
            if (i > 0) nx[i - 1] += dist[i] * 0.05, nx[i] += dist[i] * 0.87;
            else nx[0] += dist[i] * 0.92;
        }
        std::copy(nx, nx + 4, dist);
    }
    withinInterval(war, n, dist[3]);
    fs::remove_all(dir);
}

TEST_CASE("--until-ci stops at a chunk boundary, the same way every time", "[batch]") {
    const std::string a = tempDir("ci1"), b = tempDir("ci2");
    const std::string args = "batch scenarios/models/ladder-markov.yaml --runs 100000 --until-ci 0.01 --chunk 500 -q --out ";
    REQUIRE(runBrink(args + a + " --threads 1").status == 0);
    REQUIRE(runBrink(args + b + " --threads 2").status == 0);
    sameBatchFiles(a, b);
    const auto s = summary(a);
    const auto n = s.at("runs").to_number<std::int64_t>();
    CHECK(n < 100000);
    CHECK(n % 500 == 0);
    CHECK(s.at("stopped").as_string() == "until_ci");
    for (const auto& [name, o] : s.at("outcomes").as_object()) {
        const double p = o.at("p").to_number<double>();
        const auto& ci = o.at("ci95").as_array();
        CHECK(std::max(p - ci[0].to_number<double>(), ci[1].to_number<double>() - p) <= 0.01);
    }
    fs::remove_all(a);
    fs::remove_all(b);
}

TEST_CASE("designs, sensitivity and branching from a saved run", "[batch]") {
    const std::string dir = tempDir("design");
    REQUIRE(runBrink("batch scenarios/models/ladder-markov.yaml --runs 30 --design grid --vary up=0.02,0.2 -q --out " + dir + "/grid").status == 0);
    auto g = summary(dir + "/grid");
    CHECK(g.at("runs").to_number<std::int64_t>() == 60);
    CHECK(g.at("design").at("points").to_number<std::int64_t>() == 2);
    // more climbing, more war: the sensitivity says so
    CHECK(g.at("sensitivity").at("outputs").at("P(war)").at("srrc").at("up").to_number<double>() > 0.3);
    const Proc sobolRun = runBrink("batch scenarios/models/ladder-markov.yaml --runs 10 --design sobol --points 16 --vary up=0.01:0.2 --vary down=0:0.2 --out " + dir + "/sobol");
    REQUIRE(sobolRun.status == 0);
    // stdout gives each index with its interval
    CHECK(sobolRun.out.find("Sobol indices (first-order S1, total ST; 95% bootstrap intervals over 16 base rows):") != std::string::npos);
    CHECK(sobolRun.out.find(" -> P(war)") != std::string::npos);
    CHECK(sobolRun.out.find(" S1 ") != std::string::npos);
    auto sb = summary(dir + "/sobol");
    CHECK(sb.at("runs").to_number<std::int64_t>() == 16 * 4 * 10);
    CHECK(sb.at("sensitivity").at("sobol").at("P(war)").as_object().contains("up"));
    // N futures from a saved state
    REQUIRE(runBrink("run scenarios/summit-2024.yaml -q --turns 20 --out " + dir + "/saved").status == 0);
    const Proc from = runBrink("batch --from " + dir + "/saved/final.yaml --runs 200 --out " + dir + "/futures");
    INFO(from.err);
    REQUIRE(from.status == 0);
    const auto f = summary(dir + "/futures");
    CHECK(f.at("runs").to_number<std::int64_t>() == 200);
    const std::string csv = readFile(dir + "/futures/runs.csv");
    CHECK(csv.find("\n0,") != std::string::npos);
    // the futures differ from one another (each its own stream)
    CHECK(f.at("metrics").at("shells_delivered").at("sd").to_number<double>() > 0);
    fs::remove_all(dir);
}

TEST_CASE("a batch run can be replayed with brink run and its seed", "[batch]") {
    const std::string dir = tempDir("replay");
    REQUIRE(runBrink("batch scenarios/summit-2024.yaml --runs 20 -q --out " + dir).status == 0);
    const std::string csv = readFile(dir + "/runs.csv");
    // the fourth run: run,seed,outcome,turns,...
    std::size_t at = 0;
    for (int line = 0; line < 4; ++line) at = csv.find('\n', at) + 1;
    const std::string row = csv.substr(at, csv.find('\n', at) - at);
    const std::string seed = row.substr(row.find(',') + 1, row.find(',', row.find(',') + 1) - row.find(',') - 1);
    const Proc p = runBrink("run scenarios/summit-2024.yaml -q --seed " + seed + " --out " + dir + "/one");
    REQUIRE(p.status == 0);
    const auto one = boost::json::parse(readFile(dir + "/one/summary.json")).as_object();
    // the replayed run's outcome and turns are those in runs.csv
    std::vector<std::string> fields;
    std::size_t s = 0;
    for (std::size_t e; (e = row.find(',', s)) != std::string::npos; s = e + 1) fields.push_back(row.substr(s, e - s));
    CHECK(std::string(one.at("outcome").as_string()) == fields[2]);
    CHECK(std::to_string(one.at("turns").to_number<std::int64_t>()) == fields[3]);
    fs::remove_all(dir);
}

TEST_CASE("Ctrl-C stops a batch at a chunk boundary and leaves it resumable", "[batch]") {
    const std::string base = tempDir("sigint");
    const std::string args = "batch scenarios/summit-2024.yaml --runs 4000 --chunk 100 --threads 2 --out ";
    const auto t0 = std::chrono::steady_clock::now();
    REQUIRE(runBrink(args + base + "/whole -q").status == 0);
    const auto whole = std::chrono::steady_clock::now() - t0;
    const std::string dir = base + "/stopped";
    const int pid = spawnBrink(args + dir, base + "/out.txt", base + "/err.txt");
    REQUIRE(pid > 0);
    std::this_thread::sleep_for(whole / 3);  // well before the end, even on a busier machine
    kill(pid, SIGINT);
    int st = 0;
    waitpid(pid, &st, 0);
    REQUIRE(WIFEXITED(st));
    const std::string err = readFile(base + "/err.txt");
    INFO(err);
    CHECK(WEXITSTATUS(st) == 1);  // interrupted half-way through
    CHECK(err.find("stopped by Ctrl-C after") != std::string::npos);
    // the hint is the whole command again, every option kept, with --resume
    CHECK(err.find("Continue with: brink batch scenarios/summit-2024.yaml --runs 4000 --chunk 100 --threads 2 --out " + dir +
                   " --resume\n") != std::string::npos);
    CHECK_FALSE(fs::exists(dir + "/summary.json"));
    REQUIRE(runBrink(args + dir + " --resume -q").status == 0);
    sameBatchFiles(base + "/whole", dir);
    // no progress bar when stderr is not a terminal
    CHECK(err.find("runs/s") == std::string::npos);
    fs::remove_all(base);
}

namespace {
std::vector<std::string> splitCsvLine(const std::string& line) {
    std::vector<std::string> out;
    std::size_t s = 0;
    for (std::size_t e; (e = line.find(',', s)) != std::string::npos; s = e + 1) out.push_back(line.substr(s, e - s));
    out.push_back(line.substr(s));
    return out;
}
}  // namespace

TEST_CASE("every run of a design that sweeps uncertain and plain parameters replays exactly", "[batch]") {
    // us_resolve is drawn (uncertain) in summit-2024, climb is a plain parameter: the
    // batch draws the swept uncertain one and replaces it, and so must brink run --set.
    const std::string dir = tempDir("replay-design");
    REQUIRE(runBrink("batch scenarios/summit-2024.yaml --design lhs --points 4 --runs 6 --vary us_resolve=0.4:0.9 "
                     "--vary climb=0.02:0.08 -q --out " + dir + "/b").status == 0);
    const std::string csv = readFile(dir + "/b/runs.csv");
    std::vector<std::vector<std::string>> rows;
    for (std::size_t s = 0, e; (e = csv.find('\n', s)) != std::string::npos; s = e + 1) rows.push_back(splitCsvLine(csv.substr(s, e - s)));
    REQUIRE(rows.size() == 1 + 24);
    const auto& header = rows[0];
    auto column = [&](const std::string& name) {
        const auto it = std::find(header.begin(), header.end(), name);
        REQUIRE(it != header.end());
        return static_cast<std::size_t>(it - header.begin());
    };
    const std::size_t seedCol = column("seed"), outcomeCol = column("outcome"), turnsCol = column("turns");
    const std::size_t resolveCol = column("us_resolve"), climbCol = column("climb");
    const std::size_t delivered = column("shells_delivered");
    int differing = 0;
    for (std::size_t r = 1; r < rows.size(); ++r) {
        const auto& row = rows[r];
        const std::string out = dir + "/r" + std::to_string(r);
        const Proc p = runBrink("run scenarios/summit-2024.yaml -q --seed " + row[seedCol] + " --set us_resolve=" +
                                row[resolveCol] + " --set climb=" + row[climbCol] + " --out " + out);
        REQUIRE(p.status == 0);
        const auto one = boost::json::parse(readFile(out + "/summary.json")).as_object();
        INFO("run " << row[0] << ": seed " << row[seedCol] << ", us_resolve " << row[resolveCol] << ", climb " << row[climbCol]);
        CHECK(std::string(one.at("outcome").as_string()) == row[outcomeCol]);
        CHECK(std::to_string(one.at("turns").to_number<std::int64_t>()) == row[turnsCol]);
        // every final metric, to the last bit: the last row of the run's metrics.csv (turn,
        // day, metrics...) holds the same text as the batch's row
        const std::string mcsv = readFile(out + "/metrics.csv");
        const auto mhead = splitCsvLine(mcsv.substr(0, mcsv.find('\n')));
        const std::string lastLine = mcsv.substr(mcsv.rfind('\n', mcsv.size() - 2) + 1);
        const auto last = splitCsvLine(lastLine.substr(0, lastLine.size() - 1));
        REQUIRE(last.size() == mhead.size());
        for (std::size_t m = 2; m < mhead.size(); ++m) CHECK(last[m] == row[column(mhead[m])]);
        if (row[outcomeCol] != "horizon" || row[delivered] != rows[1][delivered]) ++differing;
        fs::remove_all(out);
    }
    CHECK(differing > 0);  // the runs are not all alike, so matching them means something
    fs::remove_all(dir);
}

TEST_CASE("the outcomes table fits a long outcome name", "[batch]") {
    const std::string dir = tempDir("longname");
    std::ofstream(dir + "/s.yaml") << head(3, "long") << "actors:\n  a: {name: A}\nend:\n  - {when: \"turn >= 2\", outcome: ukraine_exhausted_entirely}\n";
    const Proc p = runBrink("batch " + dir + "/s.yaml --runs 5 -q");
    REQUIRE(p.status == 0);
    CHECK(p.out == "Outcomes                      share    95% interval         runs\n"
                   "  horizon                      0.00%   [  0.00%,  43.45%]  0\n"
                   "  ukraine_exhausted_entirely 100.00%   [ 56.55%, 100.00%]  5\n");
    fs::remove_all(dir);
}

TEST_CASE("brink batch -q prints only the outcomes", "[batch]") {
    const Proc p = runBrink("batch scenarios/models/ladder-markov.yaml --runs 50 -q");
    REQUIRE(p.status == 0);
    CHECK(p.out.rfind("Outcomes            share    95% interval         runs\n", 0) == 0);
    CHECK(p.out.find("  war ") != std::string::npos);
    CHECK(p.out.find("Metrics") == std::string::npos);
    CHECK(p.out.find("runs/s") == std::string::npos);
    CHECK(p.err.empty());
}

TEST_CASE("runs.csv names every column once when a metric and a parameter share a name", "[batch]") {
    const std::string dir = tempDir("csvnames");
    {
        std::ofstream(dir + "/s.yaml") << head(3, "clash") << "params:\n  rate: 0.5\n  turns: 2\n  p_rate: 1\nactors:\n  a: {name: A}\n"
                                       << "metrics:\n  rate: params.rate * 2\n  seed: 7\n";
    }
    REQUIRE(runBrink("batch " + dir + "/s.yaml --runs 3 -q --out " + dir + "/out").status == 0);
    const std::string csv = readFile(dir + "/out/runs.csv");
    const auto header = splitCsvLine(csv.substr(0, csv.find('\n')));
    // metric seed -> m_seed; parameter rate -> p_rate, so parameter p_rate -> p_p_rate; parameter turns -> p_turns
    CHECK(header == std::vector<std::string>{"run", "seed", "outcome", "turns", "rate", "m_seed", "p_rate", "p_turns", "p_p_rate"});
    const auto row = splitCsvLine(csv.substr(csv.find('\n') + 1, csv.find('\n', csv.find('\n') + 1) - csv.find('\n') - 1));
    CHECK(row[4] == "1");    // the metric rate
    CHECK(row[5] == "7");    // the metric seed
    CHECK(row[6] == "0.5");  // the parameter rate
    CHECK(row[7] == "2");    // the parameter turns
    CHECK(row[8] == "1");    // the parameter p_rate
    fs::remove_all(dir);
}

TEST_CASE("a batch analysed from its store, streamed, says the same as one analysed in memory", "[batch]") {
    // BRINK_ANALYSIS_IN_MEMORY=0 streams every column (the path of batches too large to hold
    // their columns): quantiles from SQLite's sort, ranks from its window functions, the
    // regression in passes; summary.json must be the same to the byte
    const std::string dir = tempDir("batch-streamed");
    const std::vector<std::pair<std::string, std::string>> batches = {
        {"uncertain", "batch scenarios/summit-2024.yaml --runs 600"},
        {"sobol", "batch scenarios/models/ladder-markov.yaml --runs 10 --design sobol --points 16 --vary up=0.01:0.2 --vary down=0:0.2"},
        {"grid", "batch scenarios/summit-2024.yaml --runs 30 --design grid --points 4 --vary climb=0.01:0.2 --vary us_resolve=0.2:0.9"},
    };
    for (const auto& [name, args] : batches) {
        INFO(name);
        const Proc held = runBrink(args + " -q --out " + dir + "/" + name + "-held");
        const Proc streamed = runShell("BRINK_ANALYSIS_IN_MEMORY=0 \"$BRINK\" " + args + " -q --out " + dir + "/" + name + "-streamed");
        INFO(held.err);
        REQUIRE(held.status == 0);
        REQUIRE(streamed.status == 0);
        const std::string a = readFile(dir + "/" + name + "-held/summary.json");
        CHECK(a.find("\"srrc\"") != std::string::npos);  // the sensitivity was computed
        CHECK(a == readFile(dir + "/" + name + "-streamed/summary.json"));
        CHECK(held.out == streamed.out);
    }
    fs::remove_all(dir);
}
