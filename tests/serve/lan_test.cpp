// brink serve across a network, as in a classroom: the teacher's computer is a network
// namespace of its own (its own interfaces and address, no loopback shared with the class),
// joined to the class's side by a virtual Ethernet link. Three teams and the facilitator open
// the join addresses the server printed, in Chromium on the class's side, play the game to
// its end, each seeing only its own side, and the debrief is made from the game file.
// Making a namespace needs root (or CAP_NET_ADMIN): without it, the test says so and stops.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>

#include "browser.hpp"
#include "net.hpp"
#include "support.hpp"

using namespace brink::test;
using namespace brink::test::net;
namespace json = boost::json;

namespace {

/// A second "machine": a network namespace and a veth link to it. Its names and subnet are
/// drawn at random, so runs side by side do not meet; only what this run made is removed.
struct OtherMachine {
    std::string name, classSide, teacherSide, classAddress, teacherAddress;
    std::string why;  ///< empty when it was made
    bool madeNamespace = false, madeLink = false;

    explicit OtherMachine(const std::string& log) {
        std::random_device rd;
        const unsigned id = rd() % 1000000;
        const unsigned subnet = 16 + rd() % 224;
        name = "brinklan" + std::to_string(id);
        classSide = "bkc" + std::to_string(id);
        teacherSide = "bkt" + std::to_string(id);
        classAddress = "10.213." + std::to_string(subnet) + ".1";
        teacherAddress = "10.213." + std::to_string(subnet) + ".2";
        const auto run = [&](const std::string& c) {
            if (std::system((c + " >>'" + log + "' 2>&1").c_str()) == 0) return true;
            why = "'" + c + "' failed:\n" + readFile(log);
            return false;
        };
        if (std::system("command -v ip >/dev/null 2>&1") != 0) {
            why = "no 'ip' command (Debian package iproute2, which tools/setup.sh installs)";
            return;
        }
        if (!(madeNamespace = run("ip netns add " + name))) return;
        if (!(madeLink = run("ip link add " + classSide + " type veth peer name " + teacherSide))) return;
        const std::string in = "ip netns exec " + name + " ";
        for (const std::string& c : {"ip link set " + teacherSide + " netns " + name,                  //
                                     "ip addr add " + classAddress + "/24 dev " + classSide,          //
                                     "ip link set " + classSide + " up",                              //
                                     in + "ip addr add " + teacherAddress + "/24 dev " + teacherSide, //
                                     in + "ip link set " + teacherSide + " up",                       //
                                     in + "ip link set lo up"}) {
            if (!run(c)) return;
        }
    }
    ~OtherMachine() {
        // the host's end goes with the link; the namespace takes its own end with it
        if (madeLink) (void)std::system(("ip link del " + classSide + " >/dev/null 2>&1").c_str());
        if (madeNamespace) (void)std::system(("ip netns del " + name + " >/dev/null 2>&1").c_str());
    }
};

}  // namespace

TEST_CASE("lan: three teams join the teacher's computer over a network and play to the debrief", "[lan]") {
    const std::string dir = tempDir("lan");
    const OtherMachine teacher(dir + "/netns.txt");
    if (!teacher.why.empty()) {
        WARN("NOT RUN: this test makes a network namespace (root or CAP_NET_ADMIN, and iproute2): " << teacher.why);
        return;
    }
    const std::string save = dir + "/lesson.yaml";
    ServeProcess p("scenarios/summit-2024.yaml --seats russia,north_korea,south_korea --seed 4 --turns 2 --listen 0.0.0.0 --save " + save,
                   std::chrono::seconds(60), 0, "ip netns exec " + teacher.name);

    // the join addresses name the teacher's address on the network, and nothing else
    const std::string at = "http://" + teacher.teacherAddress + ":" + std::to_string(p.port()) + "/#t=";
    for (const std::string who : {"Russia", "North Korea", "South Korea", "Facilitator"}) CHECK(p.address(who).starts_with(at));
    CHECK(p.banner().find("127.0.0.1") == std::string::npos);
    // it is another machine: nothing answers on this side's own loopback at that port
    CHECK_THROWS(httpGet(p.port(), "/"));

    const auto browser = Browser::start("chromium", dir + "/chromium");
    Browser& b = *browser;
    const std::string ru = b.open(p.address("Russia"), 1366, 768);
    const std::string nk = b.open(p.address("North Korea"), 1366, 768);
    const std::string sk = b.open(p.address("South Korea"), 1366, 768);
    const std::string fac = b.open(p.address("Facilitator"), 1920, 1080);
    const std::vector<std::pair<std::string, std::string>> teams{{ru, "Russia"}, {nk, "North Korea"}, {sk, "South Korea"}};
    for (const auto& [page, name] : teams) {
        b.waitFor(page, "document.querySelector('.seat-name') && document.querySelector('.seat-name').textContent.startsWith('" + name + "')",
                  name + "'s situation");
    }
    b.waitFor(fac, "document.querySelector('#bk-controls')", "the facilitator's controls");
    for (const auto& s : {ru, nk, sk, fac}) b.waitFor(s, "document.querySelector('svg text')", "the map");

    // turn 1: each team gives an order no other team could give, then says it is final
    const std::vector<std::string> orders{"open talks → Ukraine", "hold joint drills → Russia", "hold joint drills → United States"};
    for (std::size_t i = 0; i < teams.size(); ++i) {
        const std::string& page = teams[i].first;
        INFO(teams[i].second << " gives '" << orders[i] << "'");
        CHECK(b.eval(page, jsClickOption(orders[i])) == true);
        b.waitFor(page, "document.querySelector('.pending') && document.querySelector('.pending').textContent.includes('" + orders[i] + "')",
                  teams[i].second + "'s pending order");
    }
    b.eval(ru, "new Promise(r => setTimeout(r, 500))");
    // each team's page (every text, every attribute) holds its own order and no other team's
    for (std::size_t i = 0; i < teams.size(); ++i) {
        for (std::size_t j = 0; j < orders.size(); ++j) {
            if (i == j) continue;
            INFO(teams[i].second << "'s page, and " << teams[j].second << "'s order");
            CHECK(b.eval(teams[i].first, "document.querySelector('.pending') && document.querySelector('.pending').textContent.includes('" +
                                             orders[j] + "')") == false);
        }
    }
    CHECK(b.eval(ru, "document.documentElement.outerHTML.includes('joint drills → Russia')") == false);
    CHECK(b.eval(ru, "document.documentElement.outerHTML.includes('joint drills → United States')") == false);
    CHECK(b.eval(fac, "document.body.innerText.includes('joint drills')") == false);
    for (const auto& [page, name] : teams) CHECK(b.eval(page, jsClickButton("My orders are final")) == true);
    for (const auto& s : {ru, nk, sk, fac}) b.waitFor(s, "document.title.includes('Turn 1')", "turn 1 played");
    b.waitFor(ru, "document.body.innerText.includes('Russia and Ukraine open talks')", "what happened in turn 1");

    // turn 2, the last: every team is ready with no order; the game ends on every page
    for (const auto& [page, name] : teams) {
        b.waitFor(page, jsClickButton("My orders are final"), name + "'s \"My orders are final\" of turn 2, clicked");
    }
    for (const auto& s : {ru, nk, sk, fac}) b.waitFor(s, "document.body.innerText.includes('The game is over')", "the end of the game");
    b.screenshot(sk, dir + "/south-korea-at-the-end.png");
    b.screenshot(fac, dir + "/facilitator-at-the-end.png");
    CHECK(p.stop() == 0);

    // the debrief, from the game file the server kept
    const std::string game = readFile(save);
    for (const std::string order : {"action: talks", "action: joint_drill\n        target: russia", "action: joint_drill\n        target: united_states"}) {
        INFO(order);
        CHECK(game.find(order) != std::string::npos);
    }
    const std::string debrief = dir + "/debrief.html";
    REQUIRE(std::system(("'" + std::string(BRINK_EXE) + "' report '" + save + "' --out '" + debrief + "' -q").c_str()) == 0);
    const std::string page = b.open("file://" + debrief, 1280, 900);
    b.waitFor(page, "document.body && document.body.getAttribute('data-charts-drawn') !== null", "its charts drawn");
    CHECK(b.eval(page, "document.body.getAttribute('data-charts-drawn') === document.body.getAttribute('data-charts')") == true);
    CHECK(b.eval(page, "Number(document.body.getAttribute('data-charts')) > 0") == true);
    CHECK(b.eval(page, "document.body.innerText.includes('South Korea')") == true);

    const auto problems = b.problems();
    std::string all;
    for (const auto& x : problems) all += x + "\n";
    INFO("page problems:\n" << all);
    CHECK(problems.empty());
}
