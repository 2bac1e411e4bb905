// brink serve's pages in a real browser: Debian's Chromium, headless, driven through its
// DevTools protocol (a WebSocket, spoken by the same client as the loopback tests; no
// Node.js needed). Two team pages and the facilitator's page play two turns by clicking
// what a person clicks; every page must stay free of script errors and of refusals by the
// content security policy, and a team's page must never show the other team's order.
// Screenshots go to $BRINK_SHOTS (or the test's temporary folder): docs/serve.md shows them.
#include <catch2/catch.hpp>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "net.hpp"
#include "support.hpp"

extern char** environ;

using namespace brink::test;
using namespace brink::test::net;
namespace json = boost::json;

namespace {

std::string base64Decode(const std::string& in) {
    static const std::string chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    unsigned v = 0;
    int bits = -8;
    for (const char c : in) {
        const auto p = chars.find(c);
        if (p == std::string::npos) break;
        v = (v << 6) | static_cast<unsigned>(p);
        bits += 6;
        if (bits >= 0) {
            out.push_back(static_cast<char>((v >> bits) & 0xFF));
            bits -= 8;
        }
    }
    return out;
}

/// Headless Chromium with its DevTools endpoint, and one tab per page.
class Browser {
public:
    explicit Browser(const std::string& dir) {
        const char* exe = nullptr;
        for (const char* c : {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
            if (::access(c, X_OK) == 0) exe = c;
        }
        if (!exe) FAIL("no chromium: tools/setup.sh installs it (Debian package chromium)");
        const std::string log = dir + "/chromium.txt";
        const std::string cmd = std::string("exec ") + exe +
                                " --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run --disable-background-networking"
                                " --disable-component-update --disable-sync --remote-debugging-port=0 --user-data-dir='" +
                                dir + "/profile' about:blank 2>'" + log + "' >/dev/null";
        const char* argv[] = {"/bin/sh", "-c", cmd.c_str(), nullptr};
        REQUIRE(posix_spawn(&m_pid, "/bin/sh", nullptr, nullptr, const_cast<char* const*>(argv), environ) == 0);
        std::string text;
        for (int i = 0; i < 600; ++i) {
            std::ifstream f(log);
            std::stringstream ss;
            ss << f.rdbuf();
            text = ss.str();
            const std::string lead = "DevTools listening on ws://127.0.0.1:";
            if (const auto at = text.find(lead); at != std::string::npos && text.find('\n', at) != std::string::npos) {
                const auto from = at + lead.size();
                const std::string rest = text.substr(from, text.find('\n', at) - from);
                const auto slash = rest.find('/');
                m_cdp = std::make_unique<WsClient>(static_cast<unsigned short>(std::stoi(rest.substr(0, slash))), rest.substr(slash));
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        FAIL("chromium did not start:\n" << text);
    }
    ~Browser() {
        m_cdp.reset();
        if (m_pid > 0) {
            ::kill(m_pid, SIGTERM);
            int st = 0;
            waitpid(m_pid, &st, 0);
        }
    }

    /// A DevTools call; its `result` (FAIL on an error).
    json::object call(const std::string& method, json::object params = {}, const std::string& session = {}) {
        const std::int64_t id = m_next++;
        json::object msg{{"id", id}, {"method", method}, {"params", std::move(params)}};
        if (!session.empty()) msg["sessionId"] = session;
        m_cdp->send(msg);
        for (;;) {
            const auto m = m_cdp->receive(std::chrono::milliseconds(30000));
            if (!m) FAIL("no answer to " << method);
            json::object o = json::parse(*m).as_object();
            if (o.contains("id") && o.at("id") == id) {
                if (o.contains("error")) FAIL(method << ": " << json::serialize(o.at("error")));
                return o.at("result").as_object();
            }
            events.push_back(std::move(o));
        }
    }

    /// Opens a tab of width x height at `url`; returns its session.
    std::string open(const std::string& url, int width, int height) {
        const json::object t = call("Target.createTarget", {{"url", "about:blank"}});
        const std::string session(call("Target.attachToTarget", {{"targetId", t.at("targetId")}, {"flatten", true}}).at("sessionId").as_string());
        call("Runtime.enable", {}, session);
        call("Log.enable", {}, session);
        call("Emulation.setDeviceMetricsOverride", {{"width", width}, {"height", height}, {"deviceScaleFactor", 1}, {"mobile", false}}, session);
        call("Page.navigate", {{"url", url}}, session);
        return session;
    }

    json::value eval(const std::string& session, const std::string& js) {
        const json::object r = call("Runtime.evaluate", {{"expression", js}, {"returnByValue", true}, {"awaitPromise", true}}, session);
        if (r.contains("exceptionDetails")) FAIL("page script failed: " << json::serialize(r.at("exceptionDetails")) << "\n" << js);
        const json::object& v = r.at("result").as_object();
        return v.contains("value") ? v.at("value") : json::value(nullptr);
    }

    /// Waits until `js` is true in the page.
    void waitFor(const std::string& session, const std::string& js, const std::string& what) {
        for (int i = 0; i < 300; ++i) {
            if (eval(session, "!!(" + js + ")") == true) return;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        FAIL("the page never showed " << what << "; its text:\n" << eval(session, "document.body.innerText").as_string());
    }

    void screenshot(const std::string& session, const std::string& path) {
        const json::object r = call("Page.captureScreenshot", {{"format", "png"}}, session);
        std::ofstream(path, std::ios::binary) << base64Decode(std::string(r.at("data").as_string()));
    }

    /// Script errors and console errors (a refusal by the content security policy is one).
    std::vector<std::string> problems() {
        while (const auto m = m_cdp->receive(std::chrono::milliseconds(200))) events.push_back(json::parse(*m).as_object());
        std::vector<std::string> out;
        for (const auto& e : events) {
            if (!e.contains("method")) continue;
            const std::string method(e.at("method").as_string());
            if (method == "Runtime.exceptionThrown") out.push_back(json::serialize(e.at("params")));
            if (method == "Log.entryAdded" && e.at("params").at("entry").at("level") == "error") {
                const std::string text(e.at("params").at("entry").at("text").as_string());
                // a server stopped at the end of a test: the page tries to reconnect
                if (text.find("WebSocket") == std::string::npos) out.push_back(text);
            }
            if (method == "Runtime.consoleAPICalled" && e.at("params").at("type") == "error") out.push_back(json::serialize(e.at("params")));
        }
        return out;
    }

    std::vector<json::object> events;

private:
    pid_t m_pid = -1;
    std::unique_ptr<WsClient> m_cdp;
    std::int64_t m_next = 1;
};

// JavaScript helpers run in a page
const char* kClickOption = R"((text) => {
  for (const b of document.querySelectorAll('.option-btn')) {
    if (b.querySelector('.option-text').textContent === text && !b.closest('li').classList.contains('not-allowed') && !b.closest('li').classList.contains('pending')) { b.click(); return true; }
  }
  return false;
})";
const char* kClickButton = R"((text) => {
  for (const b of document.querySelectorAll('button')) {
    if (b.textContent.trim() === text && !b.disabled) { b.click(); return true; }
  }
  return false;
})";

std::string call(const char* fn, const std::string& arg) { return std::string("(") + fn + ")(" + json::serialize(json::value(arg)) + ")"; }

}  // namespace

TEST_CASE("browser: two teams and the facilitator play two turns in Chromium", "[browser]") {
    const std::string dir = tempDir("browser");
    const char* shotsEnv = std::getenv("BRINK_SHOTS");
    const std::string shots = shotsEnv && *shotsEnv ? shotsEnv : dir;
    std::filesystem::create_directories(shots);
    const std::string save = dir + "/game.yaml";
    ServeProcess p("scenarios/summit-2024.yaml --seats russia,north_korea --seed 4 --save " + save);
    const std::string base = "http://127.0.0.1:" + std::to_string(p.port()) + "/#t=";
    Browser b(dir);
    const std::string ru = b.open(base + p.token("Russia"), 1600, 900);
    const std::string nk = b.open(base + p.token("North Korea"), 1600, 900);
    const std::string fac = b.open(base + p.token("Facilitator"), 1920, 1080);

    // each page joins, shows its side and the map
    b.waitFor(ru, "document.querySelector('.seat-name') && document.querySelector('.seat-name').textContent.startsWith('Russia')", "Russia's situation");
    b.waitFor(nk, "document.querySelector('.seat-name') && document.querySelector('.seat-name').textContent.startsWith('North Korea')", "North Korea's situation");
    b.waitFor(fac, "document.querySelector('#bk-controls')", "the facilitator's controls");
    for (const auto& s : {ru, nk, fac}) b.waitFor(s, "document.querySelector('svg text')", "the map");

    // turn 1: each team clicks an order, then "My orders are final"
    CHECK(b.eval(ru, call(kClickOption, "open talks → Ukraine")) == true);
    b.waitFor(ru, "document.querySelector('.pending') && document.querySelector('.pending').textContent.includes('open talks → Ukraine')", "Russia's pending order");
    CHECK(b.eval(nk, call(kClickOption, "hold joint drills → Russia")) == true);
    b.waitFor(nk, "document.querySelector('.pending').textContent.includes('hold joint drills → Russia')", "North Korea's pending order");
    // what Russia's page holds (every text, every attribute) says nothing of it
    b.eval(ru, "new Promise(r => setTimeout(r, 500))");
    CHECK(b.eval(ru, "document.documentElement.outerHTML.includes('joint drills → Russia')") == false);
    // the projector's page does not show them either, until the facilitator reveals all
    CHECK(b.eval(fac, "document.body.innerText.includes('hold joint drills')") == false);
    CHECK(b.eval(fac, call(kClickButton, "Reveal all")) == true);
    b.waitFor(fac, "document.body.innerText.includes('hold joint drills') && document.body.innerText.includes('open talks → Ukraine')", "both teams' orders, revealed");
    CHECK(b.eval(fac, call(kClickButton, "Hide orders")) == true);
    b.waitFor(fac, "!document.body.innerText.includes('hold joint drills')", "the orders hidden again");
    CHECK(b.eval(ru, call(kClickButton, "My orders are final")) == true);
    b.waitFor(fac, "document.body.innerText.includes('Ready: 1 of 2')", "one team ready");
    CHECK(b.eval(nk, call(kClickButton, "My orders are final")) == true);
    for (const auto& s : {ru, nk, fac}) b.waitFor(s, "document.title.includes('Turn 1')", "turn 1");
    b.waitFor(ru, "document.body.innerText.includes('Russia and Ukraine open talks')", "what happened in turn 1");
    CHECK(readFile(save).find("action: joint_drill") != std::string::npos);

    // turn 2: Russia orders; the facilitator ends the turn without North Korea
    CHECK(b.eval(ru, call(kClickOption, "signal nuclear resolve")) == true);
    b.waitFor(ru, "document.querySelector('.pending').textContent.includes('signal nuclear resolve')", "Russia's order of turn 2");
    CHECK(b.eval(fac, call(kClickButton, "End turn")) == true);
    for (const auto& s : {ru, nk, fac}) b.waitFor(s, "document.title.includes('Turn 2')", "turn 2");
    for (const auto& s : {ru, nk, fac}) b.waitFor(s, "document.querySelector('svg text')", "the map of turn 2");
    b.eval(ru, "new Promise(r => setTimeout(r, 1000))");
    CHECK(readFile(save).find("\nturn: 2\n") != std::string::npos);
    CHECK(readFile(save).find("action: nuclear_signal") != std::string::npos);

    b.screenshot(ru, shots + "/serve-team.png");
    b.screenshot(fac, shots + "/serve-facilitator.png");

    // the server is killed and started again on its port: the pages come back by themselves
    const unsigned short port = p.port();
    p.kill();
    b.waitFor(ru, "document.body.innerText.includes('Connection lost: reconnecting')", "that the game is out of reach");
    ServeProcess again(save, std::chrono::seconds(60), port);
    CHECK(again.token("Russia") == p.token("Russia"));
    for (const auto& s : {ru, nk, fac}) b.waitFor(s, "document.title.includes('Turn 2') && !document.querySelector('.conn:not([hidden])')", "turn 2 again, connected");
    CHECK(b.eval(ru, call(kClickOption, "open talks → Ukraine")) == true);
    b.waitFor(ru, "document.querySelector('.pending').textContent.includes('open talks → Ukraine')", "an order given after the restart");
    CHECK(readFile(save).find("- turn: 3\n    orders:\n      - actor: russia\n        action: talks\n        target: ukraine") != std::string::npos);
    const auto problems = b.problems();
    std::string all;
    for (const auto& x : problems) all += x + "\n";
    INFO("page problems:\n" << all);
    CHECK(problems.empty());
    CHECK(again.stop() == 0);
}
