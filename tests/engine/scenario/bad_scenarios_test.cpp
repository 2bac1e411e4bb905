// Every file in tests/data/bad/ must be refused with exactly the message in its
// .expected file, by the library and by `brink validate` (exit 2, nothing on stdout).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

#include "brink/scenario/loader.hpp"
#include "support.hpp"

using namespace brink;
using namespace brink::test;

namespace {
std::vector<std::string> badFiles() {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(source("tests/data/bad"))) {
        if (e.path().extension() == ".yaml") out.push_back(e.path().filename().string());
    }
    std::sort(out.begin(), out.end());
    return out;
}
}  // namespace

TEST_CASE("there are at least 25 broken scenarios, each with its expected message", "[bad]") {
    const auto files = badFiles();
    CHECK(files.size() >= 25);
    for (const auto& f : files) {
        INFO(f);
        CHECK(std::filesystem::exists(source("tests/data/bad/" + f.substr(0, f.size() - 5) + ".expected")));
    }
}

TEST_CASE("broken scenarios are refused with their exact messages", "[bad]") {
    for (const auto& f : badFiles()) {
        const std::string rel = "tests/data/bad/" + f;
        const std::string expected = readFile(source(rel.substr(0, rel.size() - 5) + ".expected"));
        Diagnostics d(rel);
        auto sc = loadScenarioFile(source(rel), d);
        INFO(f);
        CHECK_FALSE(sc);
        // messages name the file as given; compare with the repository-relative path
        std::string got = d.str();
        const std::string abs = source(rel);
        for (std::size_t p; (p = got.find(abs)) != std::string::npos;) got.replace(p, abs.size(), rel);
        CHECK(got == expected);
    }
}

TEST_CASE("brink validate answers every broken scenario with exit 2 and no crash", "[bad]") {
    for (const auto& f : badFiles()) {
        const std::string rel = "tests/data/bad/" + f;
        const Proc p = runBrink("validate " + rel);
        INFO(f << "\n" << p.err);
        CHECK(p.status == 2);
        CHECK(p.out.empty());
        CHECK(p.err == readFile(source(rel.substr(0, rel.size() - 5) + ".expected")));
    }
}
