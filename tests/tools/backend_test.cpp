// brink batch --backend: the compiled backend writes the interpreter's files to the byte
// (every shipped scenario, a design over uncertain and plain parameters, a continuation of
// a saved run), compiles once and then uses its cache, and says so when it cannot compile.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "support.hpp"

using namespace brink::test;
namespace fs = std::filesystem;

namespace {
/// `brink batch` with its own module cache.
Proc batch(const std::string& cache, const std::string& args) { return runShell("XDG_CACHE_HOME=" + cache + " $BRINK batch " + args); }
}  // namespace

TEST_CASE("brink batch: the compiled backend's files are the interpreter's, byte for byte", "[backend]") {
    const std::string dir = tempDir("backend");
    const std::string cache = dir + "/cache";
    int i = 0;
    for (const auto& e : fs::directory_iterator(source("scenarios"))) {
        if (e.path().extension() != ".yaml") continue;
        INFO(e.path());
        const std::string a = dir + "/i" + std::to_string(i), b = dir + "/c" + std::to_string(i);
        ++i;
        REQUIRE(batch(cache, e.path().string() + " --runs 200 -q --backend interpreter --out " + a).status == 0);
        const Proc p = batch(cache, e.path().string() + " --runs 200 --backend compiled --out " + b);
        INFO(p.err);
        REQUIRE(p.status == 0);
        CHECK(p.out.find("to native code in") != std::string::npos);
        sameBatchFiles(a, b);
    }
    // a design over an uncertain and a plain parameter
    REQUIRE(batch(cache, "--design lhs --points 6 --runs 20 --vary us_resolve=0.3:0.9 --vary climb=0.02:0.08 -q --backend interpreter --out " + dir + "/di").status == 0);
    REQUIRE(batch(cache, "--design lhs --points 6 --runs 20 --vary us_resolve=0.3:0.9 --vary climb=0.02:0.08 -q --backend compiled --out " + dir + "/dc").status == 0);
    sameBatchFiles(dir + "/di", dir + "/dc");
    // continuations of a saved run, and a set parameter
    REQUIRE(runBrink("run --seed 4 --turns 15 -q --out " + dir + "/r").status == 0);
    REQUIRE(batch(cache, "--from " + dir + "/r/final.yaml --runs 150 --set climb=0.1 -q --backend interpreter --out " + dir + "/fi").status == 0);
    REQUIRE(batch(cache, "--from " + dir + "/r/final.yaml --runs 150 --set climb=0.1 -q --backend compiled --out " + dir + "/fc").status == 0);
    sameBatchFiles(dir + "/fi", dir + "/fc");
    fs::remove_all(dir);
}

TEST_CASE("brink batch: a scenario is compiled once, then taken from the cache", "[backend]") {
    const std::string dir = tempDir("backend-cache");
    const Proc first = batch(dir, "scenarios/models/richardson.yaml --runs 10 --backend compiled");
    REQUIRE(first.status == 0);
    CHECK(first.out.find("Compiled richardson to native code in ") != std::string::npos);
    CHECK(first.out.find("; kept in " + dir + "/brink for the next batch.") != std::string::npos);
    const Proc second = batch(dir, "scenarios/models/richardson.yaml --runs 10 --backend compiled");
    REQUIRE(second.status == 0);
    CHECK(second.out.find("Compiled") == std::string::npos);
    // auto: a small batch is not worth a compile, unless the module is there already
    const Proc small = batch(dir + "/other", "scenarios/models/richardson.yaml --runs 10 -v");
    CHECK(small.err.find("backend: interpreter") != std::string::npos);
    const Proc cachedAuto = batch(dir, "scenarios/models/richardson.yaml --runs 10 -v");
    CHECK(cachedAuto.err.find("backend: compiled") != std::string::npos);
    fs::remove_all(dir);
}

TEST_CASE("brink batch: no compiler, or a compiler that fails, is said so", "[backend]") {
    const std::string dir = tempDir("backend-cc");
    const Proc none = runShell("CXX=/nonexistent/g++ XDG_CACHE_HOME=" + dir + " $BRINK batch scenarios/models/richardson.yaml --runs 10 --backend compiled");
    CHECK(none.status == 2);
    CHECK(none.err == "brink batch: error: --backend compiled, but no C++ compiler is found; expected g++ on the PATH, or CXX naming a compiler; "
                      "hint: install g++ (Debian: apt-get install g++), or use --backend interpreter\n");
    const std::string cc = dir + "/cc";
    REQUIRE(runShell("printf '#!/bin/sh\\nif [ \"$1\" = --version ]; then echo broken 1.0; exit 0; fi\\necho \"broken: cannot compile\" >&2; exit 3\\n' > " + cc +
                     " && chmod +x " + cc).status == 0);
    // auto falls back to the interpreter with one warning; compiled fails
    const Proc fallback = runShell("CXX=" + cc + " XDG_CACHE_HOME=" + dir + " $BRINK batch scenarios/models/richardson.yaml --runs 100000 --turns 20 -q --out " + dir + "/a");
    CHECK(fallback.status == 0);
    CHECK(fallback.err == "brink batch: warning: running the interpreter, as the compiled backend failed: " + cc +
                              " failed to compile the scenario's module (status 3): broken: cannot compile\n");
    const Proc failed = runShell("CXX=" + cc + " XDG_CACHE_HOME=" + dir + " $BRINK batch scenarios/models/richardson.yaml --runs 10 --backend compiled");
    CHECK(failed.status == 1);
    CHECK(runBrink("batch scenarios/models/richardson.yaml --runs 10 --backend jit").status == 2);
    fs::remove_all(dir);
}
