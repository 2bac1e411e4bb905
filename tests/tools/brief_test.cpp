// brink brief: a team's briefing holds its own situation, actions, objectives and the
// sources, and nothing private of another side; the facilitator's holds everything; every
// shipped scenario briefs every actor; the pages open cleanly in a real browser.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "support.hpp"

using namespace brink::test;
namespace fs = std::filesystem;

namespace {
std::string brief(const std::string& args, const std::string& out) {
    const Proc p = runBrink("brief " + args + " --out " + out);
    INFO(p.err);
    REQUIRE(p.status == 0);
    return readFile(out);
}
}  // namespace

TEST_CASE("a team's briefing: its own situation, actions and objectives, nothing private of the others", "[brief]") {
    const std::string dir = tempDir("brief");
    const std::string ru = brief("--as russia", dir + "/ru.html");
    for (const char* mine : {"Summit in Pyongyang: Russia&#39;s team", "For Russia&#39;s team only", "3,000,000",  // its shells
                             "threaten to arm US adversaries", "Millions of North Korean shells delivered", "Nuclear signalling",
                             "you send to North Korea", "North Korea sends you", "<span class=\"tag assumption\">teaching assumption</span>",
                             "How a turn goes"}) {
        INFO(mine);
        CHECK(ru.find(mine) != std::string::npos);
    }
    // another side's objectives, its own actions, the computer's policies: not in it
    for (const char* theirs : {"Missile technology gained since the start", "A ceasefire: no longer in conflict with Russia", "What the computer does", "strike deep inside Russia",
                               "send troops to fight for Russia", "test-fire ballistic missiles", "host Russian warships",
                               "the treaty&#39;s mutual-assistance clause", "Events you can make happen"}) {
        INFO(theirs);
        CHECK(ru.find(theirs) == std::string::npos);
    }
    const std::string fac = brief("--facilitator", dir + "/fac.html");
    for (const char* all : {"the facilitator (control team)", "Missile technology gained since the start", "Millions of North Korean shells delivered",
                            "<td>No nuclear use</td><td><code>peak_rung() &lt; 3</code></td><td class=\"num\">met</td>", "strike deep inside Russia",
                            "What the computer does for each actor", "Events you can make happen", "Parameters you can set",
                            "The escalation rules", "send troops to fight for Russia"}) {
        INFO(all);
        CHECK(fac.find(all) != std::string::npos);
    }
    const Proc b = runShell("bash " + source("tests/report/browser_check.sh") + " " + dir + "/ru.html");
    CHECK(b.out == "charts=0 drawn=0 errors=0 console=0\n");
    fs::remove_all(dir);
}

TEST_CASE("a briefing's quantities read as English: one day, not one days", "[brief]") {
    const std::string dir = tempDir("brief-words");
    const std::string us = brief(source("scenarios/cuba-1962.yaml") + " --as united_states", dir + "/us.html");
    CHECK(us.find("gives 1 day since the quarantine was announced to you") != std::string::npos);
    CHECK(us.find("1 days") == std::string::npos);
    fs::remove_all(dir);
}

TEST_CASE("brink brief: a clear error for a team the scenario does not have, nothing written", "[brief]") {
    const std::string dir = tempDir("brief-bad");
    const Proc p = runBrink("brief --as rusia --out " + dir + "/x.html");
    CHECK(p.status == 2);
    CHECK(p.err.find("brink brief: error: --as rusia: no actor 'rusia' in ") != std::string::npos);
    CHECK(p.err.find("hint: did you mean 'russia'?") != std::string::npos);
    CHECK(runBrink("brief --as russia --facilitator --out " + dir + "/x.html").status == 2);
    CHECK(runBrink("brief --out " + dir + "/x.html").status == 2);
    CHECK_FALSE(fs::exists(dir + "/x.html"));
    fs::remove_all(dir);
}

TEST_CASE("every shipped scenario briefs every one of its actors and its facilitator", "[brief]") {
    const std::string dir = tempDir("brief-all");
    for (const auto& e : fs::directory_iterator(source("scenarios"))) {
        if (e.path().extension() != ".yaml") continue;
        INFO(e.path());
        const std::string fac = brief(e.path().string() + " --facilitator", dir + "/f.html");
        CHECK(fac.find("data-kind=\"brief-facilitator\"") != std::string::npos);
        // each actor section of the facilitator's briefing names a team to brief
        std::size_t at = 0;
        int teams = 0;
        while ((at = fac.find("<h2 id=\"actor-", at)) != std::string::npos) {
            at += 14;
            const std::string id = fac.substr(at, fac.find('"', at) - at);
            const std::string team = brief(e.path().string() + " --as " + id, dir + "/t.html");
            CHECK(team.find("data-kind=\"brief\"") != std::string::npos);
            ++teams;
        }
        CHECK(teams >= 1);
    }
    fs::remove_all(dir);
}
