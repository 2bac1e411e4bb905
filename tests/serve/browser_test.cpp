// brink serve's pages in real browsers: Debian's Chromium and Firefox ESR, headless (see
// browser.hpp). Two team pages and the facilitator's page play two turns by clicking what a
// person clicks, in each browser; every page must stay free of script errors and of refusals
// by the content security policy, and a team's page must never show the other team's order.
// Screenshots go to $BRINK_SHOTS (or the test's temporary folder): docs/serve.md shows them.
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "browser.hpp"
#include "net.hpp"
#include "support.hpp"

using namespace brink::test;
using namespace brink::test::net;
namespace json = boost::json;

namespace {


/// Two teams and the facilitator play two turns in `kind`; the server is then killed and
/// started again, and the pages come back by themselves.
void playTwoTurns(const std::string& kind) {
    const std::string dir = tempDir("browser-" + kind);
    const char* shotsEnv = std::getenv("BRINK_SHOTS");
    const std::string shots = shotsEnv && *shotsEnv ? shotsEnv : dir;
    std::filesystem::create_directories(shots);
    const std::string save = dir + "/game.yaml";
    ServeProcess p("scenarios/summit-2024.yaml --seats russia,north_korea --seed 4 --save " + save);
    const std::string base = "http://127.0.0.1:" + std::to_string(p.port()) + "/#t=";
    const auto browser = Browser::start(kind, dir + "/" + kind);
    Browser& b = *browser;
    const std::string ru = b.open(base + p.token("Russia"), 1600, 900);
    const std::string nk = b.open(base + p.token("North Korea"), 1600, 900);
    const std::string fac = b.open(base + p.token("Facilitator"), 1920, 1080);

    // a wrong address says so once, and what to do
    const std::string wrong = b.open(base + "0123456789abcdef0123456789abcdef", 1366, 768);
    b.waitFor(wrong, "document.body && document.body.innerText.includes('This join address is not valid for this game.')", "that the address is wrong");
    CHECK(b.eval(wrong, "document.body.innerText.includes('Ask your teacher for it again, and open it whole, with everything after #t=.')") == true);
    CHECK(b.eval(wrong, "document.body.innerText.split('join address').length - 1") == 1);

    // each page joins, shows its side and the map
    b.waitFor(ru, "document.querySelector('.seat-name') && document.querySelector('.seat-name').textContent.startsWith('Russia')", "Russia's situation");
    b.waitFor(nk, "document.querySelector('.seat-name') && document.querySelector('.seat-name').textContent.startsWith('North Korea')", "North Korea's situation");
    b.waitFor(fac, "document.querySelector('#bk-controls')", "the facilitator's controls");
    for (const auto& s : {ru, nk, fac}) b.waitFor(s, "document.querySelector('svg text')", "the map");

    // turn 1: each team clicks an order, then "My orders are final"
    CHECK(b.eval(ru, jsClickOption("open talks → Ukraine")) == true);
    b.waitFor(ru, "document.querySelector('.pending') && document.querySelector('.pending').textContent.includes('open talks → Ukraine')", "Russia's pending order");
    CHECK(b.eval(nk, jsClickOption("hold joint drills → Russia")) == true);
    b.waitFor(nk, "document.querySelector('.pending').textContent.includes('hold joint drills → Russia')", "North Korea's pending order");
    // what Russia's page holds (every text, every attribute) says nothing of it
    b.eval(ru, "new Promise(r => setTimeout(r, 500))");
    CHECK(b.eval(ru, "document.documentElement.outerHTML.includes('joint drills → Russia')") == false);
    // the projector's page does not show them either, until the facilitator reveals all
    CHECK(b.eval(fac, "document.body.innerText.includes('hold joint drills')") == false);
    CHECK(b.eval(fac, jsClickButton("Reveal all")) == true);
    b.waitFor(fac, "document.body.innerText.includes('hold joint drills') && document.body.innerText.includes('open talks → Ukraine')", "both teams' orders, revealed");
    CHECK(b.eval(fac, jsClickButton("Hide orders")) == true);
    b.waitFor(fac, "!document.body.innerText.includes('hold joint drills')", "the orders hidden again");
    CHECK(b.eval(ru, jsClickButton("My orders are final")) == true);
    b.waitFor(fac, "document.body.innerText.includes('Ready: 1 of 2')", "one team ready");
    CHECK(b.eval(nk, jsClickButton("My orders are final")) == true);
    for (const auto& s : {ru, nk, fac}) b.waitFor(s, "document.title.includes('Turn 1')", "turn 1");
    b.waitFor(ru, "document.body.innerText.includes('Russia and Ukraine open talks')", "what happened in turn 1");
    CHECK(readFile(save).find("action: joint_drill") != std::string::npos);

    // turn 2: Russia orders; the facilitator ends the turn without North Korea
    CHECK(b.eval(ru, jsClickOption("signal nuclear resolve")) == true);
    b.waitFor(ru, "document.querySelector('.pending').textContent.includes('signal nuclear resolve')", "Russia's order of turn 2");
    CHECK(b.eval(fac, jsClickButton("End turn")) == true);
    for (const auto& s : {ru, nk, fac}) b.waitFor(s, "document.title.includes('Turn 2')", "turn 2");
    for (const auto& s : {ru, nk, fac}) b.waitFor(s, "document.querySelector('svg text')", "the map of turn 2");
    b.eval(ru, "new Promise(r => setTimeout(r, 1000))");
    CHECK(readFile(save).find("\nturn: 2\n") != std::string::npos);
    CHECK(readFile(save).find("action: nuclear_signal") != std::string::npos);

    const std::string suffix = kind == "chromium" ? "" : "-" + kind;
    b.screenshot(ru, shots + "/serve-team" + suffix + ".png");
    b.screenshot(fac, shots + "/serve-facilitator" + suffix + ".png");

    // the server is killed and started again on its port: the pages come back by themselves
    const unsigned short port = p.port();
    p.kill();
    b.waitFor(ru, "document.body.innerText.includes('Connection lost: reconnecting')", "that the game is out of reach");
    ServeProcess again(save, std::chrono::seconds(60), port);
    CHECK(again.token("Russia") == p.token("Russia"));
    for (const auto& s : {ru, nk, fac}) b.waitFor(s, "document.title.includes('Turn 2') && !document.querySelector('.conn:not([hidden])')", "turn 2 again, connected");
    CHECK(b.eval(ru, jsClickOption("open talks → Ukraine")) == true);
    b.waitFor(ru, "document.querySelector('.pending').textContent.includes('open talks → Ukraine')", "an order given after the restart");
    CHECK(readFile(save).find("- turn: 3\n    orders:\n      - actor: russia\n        action: talks\n        target: ukraine") != std::string::npos);
    const auto problems = b.problems();
    std::string all;
    for (const auto& x : problems) all += x + "\n";
    INFO("page problems:\n" << all);
    CHECK(problems.empty());
    // and the watch is live: an inline script, which the policy forbids, is seen as refused
    b.eval(nk, "document.head.appendChild(Object.assign(document.createElement('script'), {textContent: 'window.__bkRan = 1'})), true");
    b.eval(nk, "new Promise(r => setTimeout(r, 300))");
    CHECK(b.eval(nk, "window.__bkRan === undefined") == true);
    const auto refused = b.problems();
    std::string said;
    for (const auto& x : refused) said += x + "\n";
    INFO("problems:\n" << said);
    CHECK(said.find("content security policy refused inline") != std::string::npos);
    CHECK(again.stop() == 0);
}

}  // namespace

TEST_CASE("browser: two teams and the facilitator play two turns in Chromium", "[chromium]") { playTwoTurns("chromium"); }

TEST_CASE("browser: two teams and the facilitator play two turns in Firefox", "[firefox]") { playTwoTurns("firefox"); }
