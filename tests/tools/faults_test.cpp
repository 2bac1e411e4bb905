// Faults: a batch killed at random points over and over, a disk that fills, a results
// store locked by another program, an output folder that cannot be written. Each gets a
// clear error; the results store is never left damaged, and a --resume ends on the same
// bytes as a batch that was never disturbed.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <signal.h>
#include <sys/wait.h>
#include <thread>

#include "brink/base/rng.hpp"
#include "support.hpp"

using namespace brink;
using namespace brink::test;
namespace fs = std::filesystem;

namespace {

// SQLite's own check of every page and index of the store.
void storeIntact(const std::string& dir) {
    if (!fs::exists(dir + "/results.sqlite")) return;  // stopped before the store was made
    const Proc p = runShell("sqlite3 '" + dir + "/results.sqlite' 'PRAGMA integrity_check'");
    INFO(dir << ": " << p.err);
    CHECK(p.status == 0);
    CHECK(p.out == "ok\n");
}

double seconds(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

int envInt(const char* name, int fallback) {
    const char* v = std::getenv(name);
    return v ? std::atoi(v) : fallback;
}

// A disk that holds only `kb` more KiB for this process: writes past it fail with EFBIG
// (SIGXFSZ ignored), as they would on a full disk.
std::string limited(int kb, const std::string& args) {
    // sh counts ulimit -f in 512-byte blocks
    return "trap '' XFSZ; ulimit -f " + std::to_string(2 * kb) + "; \"$BRINK\" " + args;
}
}  // namespace

TEST_CASE("a batch killed with SIGKILL at random points, again and again, resumes to the same bytes", "[faults][kill]") {
    const std::string base = tempDir("kill");
    const std::string args = "batch scenarios/summit-2024.yaml --runs 1500 --chunk 25 -q --threads 2 --out ";
    const auto t0 = std::chrono::steady_clock::now();
    REQUIRE(runBrink(args + base + "/whole").status == 0);
    const double whole = seconds(t0);
    // BRINK_TEST_KILLS=N for a longer campaign (docs/testing.md)
    const int kills = envInt("BRINK_TEST_KILLS", 8);
    Rng rng(StreamKey{0x6b696c6cULL});
    int killed = 0, batches = 0, finishedFirst = 0;
    // batch after batch, each killed and resumed until it finishes, until `kills` kills landed
    while (killed < kills) {
        const std::string dir = base + "/killed" + std::to_string(batches++);
        for (int attempt = 0;; ++attempt) {
            const int pid = spawnBrink(args + dir + (attempt > 0 ? " --resume" : ""));
            REQUIRE(pid > 0);
            // anywhere from start-up to most of a whole batch's time
            std::this_thread::sleep_for(std::chrono::duration<double>(rng.uniform(0.02, 0.8) * whole));
            ::kill(pid, SIGKILL);
            int st = 0;
            ::waitpid(pid, &st, 0);
            storeIntact(dir);
            if (!WIFSIGNALED(st)) {
                INFO("attempt " << attempt << " finished before the kill");
                CHECK(WEXITSTATUS(st) == 0);
                ++finishedFirst;
                break;
            }
            ++killed;
        }
        const Proc p = runBrink(args + dir + " --resume");
        INFO(p.err);
        REQUIRE(p.status == 0);
        sameBatchFiles(base + "/whole", dir);
        fs::remove_all(dir);
    }
    if (std::getenv("BRINK_TEST_KILLS")) {
        std::cout << killed << " kills at random points over " << batches << " batches; every one resumed to the same bytes\n";
    }
    CHECK(killed >= kills);
    CHECK(batches < kills);  // most kills landed mid-batch, not after it had finished
    fs::remove_all(base);
}

// The batch the disk tests fill a disk with, and the size of its finished files.
const std::string kDiskArgs = "batch scenarios/summit-2024.yaml --runs 1200 --chunk 40 -q --out ";

std::uintmax_t filesSize(const std::string& dir) {
    std::uintmax_t total = 0;
    for (const char* f : kBatchFiles) total += fs::file_size(dir + "/" + f);
    return total;
}

TEST_CASE("a file-size limit stops a batch with a clear error, and a resume finishes it", "[faults]") {
    const std::string base = tempDir("full");
    REQUIRE(runBrink(kDiskArgs + base + "/whole").status == 0);
    const double total = static_cast<double>(filesSize(base + "/whole"));
    // a limit per file, as fractions of the finished files' size: hit while the store is
    // created and while chunks are committed (the tmpfs test below fills a whole disk); the
    // last leaves room
    int refused = 0;
    for (double frac : {0.04, 0.14, 0.57, 2.0}) {
        const int kb = static_cast<int>(frac * total / 1024);
        const std::string dir = base + "/kb" + std::to_string(kb);
        const Proc p = runShell(limited(kb, kDiskArgs + dir));
        INFO(kb << " KiB: status " << p.status << ", " << p.err);
        CHECK((p.status == 0 || p.status == 1));
        if (p.status == 1) {
            ++refused;
            CHECK(p.err.rfind("brink batch: error: cannot ", 0) == 0);
            CHECK(p.err.find("--resume") != std::string::npos);
            CHECK_FALSE(fs::exists(dir + "/summary.json"));
        }
        storeIntact(dir);
        const Proc r = runBrink(kDiskArgs + dir + " --resume");
        INFO(r.err);
        REQUIRE(r.status == 0);
        sameBatchFiles(base + "/whole", dir);
    }
    CHECK(refused == 3);
    fs::remove_all(base);
}

TEST_CASE("a small filesystem that fills up: chunks, runs.csv or compaction refused, and a resume finishes", "[faults]") {
    // A real full disk: a tmpfs of a few hundred KiB to a few MiB, mounted in a private
    // mount namespace (unshare -r -m, no privileges needed where user namespaces are allowed).
    if (runShell("unshare -r -m sh -c 'mount -t tmpfs -o size=64k none /tmp'").status != 0) {
        WARN("this machine allows no user namespace (unshare -r -m): the tmpfs disk is not tried here; "
             "the ulimit -f test above still runs");
        return;
    }
    const std::string base = tempDir("tmpfs");
    REQUIRE(runBrink(kDiskArgs + base + "/whole").status == 0);
    const double total = static_cast<double>(filesSize(base + "/whole"));
    bool atCommit = false, atCsv = false, atCompaction = false;
    // fractions of the finished files' size: full while committing chunks, while writing
    // runs.csv, while compacting the store; then room enough
    for (double frac : {0.15, 1.3, 1.95, 3.0}) {
        const auto kb = static_cast<long>(frac * total / 1024);
        const std::string dir = base + "/f" + std::to_string(kb), mnt = dir + "/mnt";
        fs::create_directories(mnt);
        // inside the namespace: fill the disk, then copy the store out (the tmpfs goes with
        // the namespace)
        const Proc p = runShell("unshare -r -m sh -c 'mount -t tmpfs -o size=" + std::to_string(kb) + "k none " + mnt +
                                " && \"$0\" " + kDiskArgs + mnt + "/b; rc=$?; cp -a " + mnt + "/b " + dir + "/b; exit $rc' \"$BRINK\"");
        INFO(kb << " KiB: status " << p.status << ", " << p.err);
        CHECK((p.status == 0 || p.status == 1));
        if (p.status == 1) {
            atCommit = atCommit || p.err.find("cannot commit runs") != std::string::npos;
            atCsv = atCsv || p.err.find(".runs.csv.tmp") != std::string::npos;
            atCompaction = atCompaction || p.err.find("compacted results store") != std::string::npos;
            CHECK(p.err.rfind("brink batch: error: cannot ", 0) == 0);
            CHECK((p.err.find("the disk is full") != std::string::npos || p.err.find("No space left on device") != std::string::npos));
            CHECK(p.err.find("--resume") != std::string::npos);
            CHECK_FALSE(fs::exists(dir + "/b/summary.json"));
            CHECK_FALSE(fs::exists(dir + "/b/.runs.csv.tmp"));  // no half-written file left
        }
        storeIntact(dir + "/b");
        const Proc r = runBrink(kDiskArgs + dir + "/b --resume");
        INFO(r.err);
        REQUIRE(r.status == 0);
        sameBatchFiles(base + "/whole", dir + "/b");
    }
    CHECK(atCommit);
    CHECK(atCsv);
    CHECK(atCompaction);
    fs::remove_all(base);
}

TEST_CASE("a full disk at the end of brink run writes nothing and says so", "[faults]") {
    const std::string dir = tempDir("fullrun");
    const Proc p = runShell(limited(20, "run scenarios/summit-2024.yaml --out " + dir + "/out"));
    INFO(p.err);
    CHECK(p.status == 1);
    CHECK(p.err.find("brink run: error: cannot write") != std::string::npos);
    CHECK(p.err.find("nothing was written") != std::string::npos);
    CHECK(fs::is_empty(dir + "/out"));  // no file half-written, no temporary left
    fs::remove_all(dir);
}

TEST_CASE("a results store locked by another program gets a clear error and stays intact", "[faults]") {
    const std::string base = tempDir("locked");
    const std::string& args = kDiskArgs;
    REQUIRE(runBrink(args + base + "/whole").status == 0);
    const std::string dir = base + "/b";
    // a partial batch: the disk fills part-way
    REQUIRE(runShell(limited(100, args + dir)).status == 1);
    // another program holds a write transaction on the store for the next few seconds
    const Proc p = runShell("(echo 'BEGIN EXCLUSIVE;'; echo 'SELECT count(*) FROM runs;'; sleep 4; echo 'COMMIT;') | sqlite3 '" +
                            dir + "/results.sqlite' >/dev/null &\nsleep 0.5\n\"$BRINK\" " + args + dir + " --resume\nrc=$?\nwait\nexit $rc");
    INFO(p.err);
    CHECK(p.status == 1);
    CHECK(p.err.find("is locked by another program") != std::string::npos);
    CHECK(p.err.find("--resume") != std::string::npos);
    storeIntact(dir);
    const Proc r = runBrink(args + dir + " --resume");
    INFO(r.err);
    REQUIRE(r.status == 0);
    sameBatchFiles(base + "/whole", dir);
    fs::remove_all(base);
}

TEST_CASE("two batches in one folder at once: the second is refused", "[faults]") {
    const std::string dir = tempDir("two");
    const std::string args = "batch scenarios/summit-2024.yaml --runs 200000 --chunk 100 -q --out " + dir + "/b";
    const int pid = spawnBrink(args);
    // wait until the first one has made its store
    for (int i = 0; i < 200 && !fs::exists(dir + "/b/results.sqlite"); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    const Proc second = runBrink(args + " --resume");
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    INFO(second.err);
    CHECK(second.status == 1);
    CHECK(second.err.find("another brink batch is writing to") != std::string::npos);
    storeIntact(dir + "/b");
    fs::remove_all(dir);
}

TEST_CASE("an output folder that cannot be written is refused before anything runs", "[faults]") {
    const std::string dir = tempDir("unwritable");
    { std::ofstream(dir + "/a-file") << "x"; }
    for (const std::string& out : {std::string("/proc/brink-no-such-place"), dir + "/a-file/sub"}) {
        const Proc run = runBrink("run scenarios/summit-2024.yaml --out " + out);
        INFO(out << ": " << run.err);
        CHECK(run.status == 1);
        CHECK(run.err.rfind("brink run: error: cannot create output folder", 0) == 0);
        CHECK(run.out.empty());  // refused before the run, not after it
        const Proc batch = runBrink("batch scenarios/summit-2024.yaml --runs 10 -q --out " + out);
        INFO(batch.err);
        CHECK(batch.status == 1);
        CHECK(batch.err.rfind("brink batch: error: cannot create the output folder", 0) == 0);
    }
    fs::remove_all(dir);
}
