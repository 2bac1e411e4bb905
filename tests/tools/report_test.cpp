// brink report: a debrief of a game, of a play folder and of a run folder, an analysis of a
// batch (with a Sobol design too), each opened in headless Chromium, which must draw every
// chart with no console message; the pages are the same bytes each time, need no network,
// and bad input is refused with nothing written.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>

#include "support.hpp"

using namespace brink::test;
namespace fs = std::filesystem;

namespace {

struct Browser {
    int charts = -1, drawn = -1, errors = -1, console = -1;
};

/// What Chromium made of a page (tests/report/browser_check.sh).
Browser open(const std::string& page) {
    const Proc p = runShell("bash " + source("tests/report/browser_check.sh") + " " + page);
    INFO(p.err);
    REQUIRE(p.status == 0);
    Browser b;
    std::smatch m;
    const std::regex re("charts=(-?[0-9]+) drawn=(-?[0-9]+) errors=(-?[0-9]+) console=(-?[0-9]+)");
    REQUIRE(std::regex_search(p.out, m, re));
    b.charts = std::stoi(m[1]);
    b.drawn = std::stoi(m[2]);
    b.errors = std::stoi(m[3]);
    b.console = std::stoi(m[4]);
    return b;
}

void drawsEverything(const std::string& page, int atLeast) {
    INFO(page);
    const Browser b = open(page);
    CHECK(b.charts >= atLeast);
    CHECK(b.drawn == b.charts);
    CHECK(b.errors == 0);
    CHECK(b.console == 0);
}

/// No fetch of anything: no external script, style, image or link in the page.
void selfContained(const std::string& html) {
    CHECK(html.find("<script src") == std::string::npos);
    CHECK(html.find("<link") == std::string::npos);
    CHECK(html.find("src=\"http") == std::string::npos);
    CHECK(html.find("url(http") == std::string::npos);
    CHECK(html.find("@import") == std::string::npos);
}

const char* kOrders =
    "turns:\n"
    "  - turn: 2\n"
    "    orders: [{actor: russia, action: nuclear_signal}]\n"
    "  - turn: 4\n"
    "    orders: [{actor: north_korea, action: send_troops}]\n"
    "    injects:\n"
    "      - {event: kursk_offensive}\n"
    "      - {effects: [{tension: {between: [russia, united_states], delta: 0.2}}], headline: \"A US drone goes down.\"}\n"
    "  - turn: 7\n"
    "    injects: [{ai: russia}]\n";

}  // namespace

TEST_CASE("a game's debrief: every section, every chart drawn in a real browser, the same bytes twice", "[report]") {
    const std::string dir = tempDir("report-game");
    std::ofstream(dir + "/orders.yaml") << kOrders;
    REQUIRE(runBrink("play --as russia,north_korea --seed 4 --orders " + dir + "/orders.yaml --turns 16 --headless -q --out " + dir + "/g").status == 0);
    const Proc p = runBrink("report " + dir + "/g --runs 60");
    INFO(p.err);
    REQUIRE(p.status == 0);
    CHECK(p.out.find("Wrote the debrief of the game of summit-2024 (seed 4, turn 16) to " + dir + "/g/report.html") != std::string::npos);
    const std::string html = readFile(dir + "/g/report.html");
    for (const char* part : {"data-kind=\"debrief\"", "Objectives", "What each team decided, and what followed", "The crisis, turn by turn",
                             "Every ladder move, and why", "What else could have happened", "60 continuations each",
                             "A US drone goes down.", "<span class=\"tag\">facilitator</span>", "Russia <span class=\"tag\">team</span>"}) {
        INFO(part);
        CHECK(html.find(part) != std::string::npos);
    }
    selfContained(html);
    drawsEverything(dir + "/g/report.html", 5);
    // the game file itself gives the same page (beside it, GAME.html), and twice the same bytes
    REQUIRE(runBrink("report " + dir + "/g/game.yaml --runs 60 -q").status == 0);
    REQUIRE(runBrink("report " + dir + "/g/game.yaml --runs 60 -q --out " + dir + "/again.html").status == 0);
    const std::string a = readFile(dir + "/g/game.html"), b = readFile(dir + "/again.html");
    CHECK(a == b);
    CHECK(a.find("from</dt><dd>the game " + dir + "/g/game.yaml") != std::string::npos);
    fs::remove_all(dir);
}

TEST_CASE("a brink run folder is replayed from its scenario, and refused when the replay differs", "[report]") {
    const std::string dir = tempDir("report-run");
    REQUIRE(runBrink("run --seed 3 --turns 20 -q --out " + dir + "/r").status == 0);
    const Proc p = runBrink("report " + dir + "/r --runs 40");
    INFO(p.err);
    REQUIRE(p.status == 0);
    CHECK(p.out.find("Wrote the debrief of the run of summit-2024 (seed 3, turn 20)") != std::string::npos);
    const std::string html = readFile(dir + "/r/report.html");
    CHECK(html.find("What the actors decided, and what followed") != std::string::npos);
    CHECK(html.find("none: every actor played by its policy") != std::string::npos);
    drawsEverything(dir + "/r/report.html", 5);
    // a run with --set cannot be replayed from the scenario alone: refused, nothing written
    REQUIRE(runBrink("run --seed 3 --turns 10 -q --set climb=0.2 --out " + dir + "/s").status == 0);
    const Proc q = runBrink("report " + dir + "/s --runs 40");
    CHECK(q.status == 2);
    CHECK(q.err.find("does not give back " + dir + "/s/events.jsonl") != std::string::npos);
    CHECK(q.err.find("hint: a run made with --set") != std::string::npos);
    CHECK_FALSE(fs::exists(dir + "/s/report.html"));
    fs::remove_all(dir);
}

TEST_CASE("a batch's analysis: outcomes, convergence, metrics and drivers drawn; a Sobol design's indices too", "[report]") {
    const std::string dir = tempDir("report-batch");
    REQUIRE(runBrink("batch --runs 300 -q --out " + dir + "/b").status == 0);
    const Proc p = runBrink("report " + dir + "/b");
    INFO(p.err);
    REQUIRE(p.status == 0);
    CHECK(p.out.find("Wrote the analysis of the batch of summit-2024 (300 runs) to " + dir + "/b/report.html (4 charts") != std::string::npos);
    const std::string html = readFile(dir + "/b/report.html");
    for (const char* part : {"data-kind=\"analysis\"", "Outcomes", "How the estimates settled", "Metrics at the end of the runs", "What drives the results"}) {
        INFO(part);
        CHECK(html.find(part) != std::string::npos);
    }
    selfContained(html);
    drawsEverything(dir + "/b/report.html", 4);
    REQUIRE(runBrink("batch --design sobol --points 16 --runs 2 --vary us_resolve=0.4:0.9 --vary climb=0.02:0.06 -q --out " + dir + "/s").status == 0);
    REQUIRE(runBrink("report " + dir + "/s -q").status == 0);
    const std::string sobol = readFile(dir + "/s/report.html");
    CHECK(sobol.find("Sobol indices") != std::string::npos);
    drawsEverything(dir + "/s/report.html", 5);
    fs::remove_all(dir);
}

TEST_CASE("brink report refuses what it cannot read, with exit 2 and nothing written", "[report]") {
    const std::string dir = tempDir("report-bad");
    fs::create_directories(dir + "/empty");
    std::ofstream(dir + "/x.yaml") << "brink: 1\n";
    const Proc none = runBrink("report " + dir + "/nope");
    CHECK(none.status == 2);
    CHECK(none.err == "brink report: error: no such file or folder: " + dir + "/nope; expected a game file, or a folder written by brink play, run or batch\n");
    const Proc empty = runBrink("report " + dir + "/empty");
    CHECK(empty.status == 2);
    CHECK(empty.err.find("holds no summary.json, game.yaml or runs.csv") != std::string::npos);
    const Proc scen = runBrink("report " + dir + "/x.yaml");
    CHECK(scen.status == 2);
    CHECK(scen.err == dir + "/x.yaml:1:1: error: " + dir + "/x.yaml is not a game file; expected a game file (brink_game: 1), a brink play or brink run folder, "
                               "or a brink batch folder; hint: brink report takes what brink play, run or batch wrote\n");
    CHECK(runBrink("report").status == 2);
    CHECK(runBrink("report " + dir + "/empty --out " + dir + "/no/such/folder/r.html").status == 2);
    CHECK(std::distance(fs::directory_iterator(dir + "/empty"), fs::directory_iterator{}) == 0);
    CHECK_FALSE(fs::exists(dir + "/x.html"));
    fs::remove_all(dir);
}
