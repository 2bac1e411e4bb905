#include "browser.hpp"

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "net.hpp"

extern char** environ;

namespace brink::test::net {

namespace json = boost::json;

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

std::string jsClickOption(const std::string& text) {
    return R"(((text) => {
  for (const b of document.querySelectorAll('.option-btn')) {
    if (b.querySelector('.option-text').textContent === text && !b.closest('li').classList.contains('not-allowed') && !b.closest('li').classList.contains('pending')) { b.click(); return true; }
  }
  return false;
})()" + json::serialize(json::value(text)) + ")";
}

std::string jsClickButton(const std::string& text) {
    return R"(((text) => {
  for (const b of document.querySelectorAll('button')) {
    if (b.textContent.trim() === text && !b.disabled) { b.click(); return true; }
  }
  return false;
})()" + json::serialize(json::value(text)) + ")";
}

const char* Browser::kWatchPolicy =
    "window.__bkPolicy = []; document.addEventListener('securitypolicyviolation', "
    "e => window.__bkPolicy.push('content security policy refused ' + e.blockedURI + ' (' + e.violatedDirective + ')'));";

Browser::~Browser() {
    m_ws.reset();
    if (m_pid <= 0) return;
    ::kill(m_pid, SIGTERM);
    for (int i = 0; i < 100; ++i) {
        int st = 0;
        if (waitpid(m_pid, &st, WNOHANG) == m_pid) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ::kill(m_pid, SIGKILL);
    int st = 0;
    waitpid(m_pid, &st, 0);
}

std::string Browser::launch(const std::string& command, const std::string& log, const std::string& lead) {
    const std::string cmd = "exec " + command + " 2>'" + log + "' >/dev/null";
    const char* argv[] = {"/bin/sh", "-c", cmd.c_str(), nullptr};
    REQUIRE(posix_spawn(&m_pid, "/bin/sh", nullptr, nullptr, const_cast<char* const*>(argv), environ) == 0);
    std::string text;
    for (int i = 0; i < 600; ++i) {
        std::ifstream f(log);
        std::stringstream ss;
        ss << f.rdbuf();
        text = ss.str();
        if (const auto at = text.find(lead); at != std::string::npos && text.find('\n', at) != std::string::npos) {
            const auto from = at + lead.size();
            return text.substr(from, text.find('\n', at) - from);
        }
        int st = 0;
        if (waitpid(m_pid, &st, WNOHANG) == m_pid) {
            m_pid = -1;
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    FAIL(m_name << " did not start:\n" << text);
    return {};
}

void Browser::waitFor(const std::string& page, const std::string& js, const std::string& what) {
    for (int i = 0; i < 300; ++i) {
        if (eval(page, "!!(" + js + ")") == true) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    FAIL("the page never showed " << what << " in " << m_name << "; its text:\n" << eval(page, "document.body.innerText"));
}

json::object Browser::exchange(json::object msg) {
    const std::int64_t id = m_next++;
    msg["id"] = id;
    const std::string method(msg.at("method").as_string());
    m_ws->send(msg);
    for (;;) {
        const auto m = m_ws->receive(std::chrono::milliseconds(30000));
        if (!m) FAIL(m_name << " did not answer " << method);
        json::object o = json::parse(*m).as_object();
        if (o.contains("id") && o.at("id") == id) return o;
        m_events.push_back(std::move(o));
    }
}

void Browser::drain() {
    while (const auto m = m_ws->receive(std::chrono::milliseconds(200))) m_events.push_back(json::parse(*m).as_object());
}

void Browser::policyProblems(std::vector<std::string>& out) {
    for (const auto& p : m_pages) {
        const json::value v = eval(p, "JSON.stringify(window.__bkPolicy || [])");
        const json::value seen = json::parse(v.as_string());
        for (const auto& x : seen.as_array()) out.emplace_back(x.as_string());
    }
}

namespace {

const char* findExe(std::initializer_list<const char*> candidates) {
    for (const char* c : candidates) {
        if (::access(c, X_OK) == 0) return c;
    }
    return nullptr;
}

// ---- Chromium: the DevTools protocol -------------------------------------------------------

class Chromium final : public Browser {
public:
    explicit Chromium(const std::string& dir) {
        m_name = "Chromium";
        const char* exe = findExe({"/usr/bin/chromium", "/usr/bin/chromium-browser"});
        if (!exe) FAIL("no chromium: tools/setup.sh installs it (Debian package chromium)");
        const std::string rest = launch(std::string(exe) +
                                            " --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run --disable-background-networking"
                                            " --disable-component-update --disable-sync --no-proxy-server --remote-debugging-port=0 --user-data-dir='" +
                                            dir + "/profile' about:blank",
                                        dir + "/chromium.txt", "DevTools listening on ws://127.0.0.1:");
        const auto slash = rest.find('/');
        m_ws = std::make_unique<WsClient>(static_cast<unsigned short>(std::stoi(rest.substr(0, slash))), rest.substr(slash));
    }

    json::object call(const std::string& method, json::object params = {}, const std::string& session = {}) {
        json::object msg{{"method", method}, {"params", std::move(params)}};
        if (!session.empty()) msg["sessionId"] = session;
        const json::object o = exchange(std::move(msg));
        if (o.contains("error")) FAIL(method << ": " << json::serialize(o.at("error")));
        return o.at("result").as_object();
    }

    std::string open(const std::string& url, int width, int height) override {
        const json::object t = call("Target.createTarget", {{"url", "about:blank"}});
        const std::string session(call("Target.attachToTarget", {{"targetId", t.at("targetId")}, {"flatten", true}}).at("sessionId").as_string());
        call("Runtime.enable", {}, session);
        call("Log.enable", {}, session);
        call("Page.enable", {}, session);
        call("Page.addScriptToEvaluateOnNewDocument", {{"source", kWatchPolicy}}, session);
        call("Emulation.setDeviceMetricsOverride", {{"width", width}, {"height", height}, {"deviceScaleFactor", 1}, {"mobile", false}}, session);
        call("Page.navigate", {{"url", url}}, session);
        m_pages.push_back(session);
        return session;
    }

    json::value eval(const std::string& page, const std::string& js) override {
        const json::object r = call("Runtime.evaluate", {{"expression", js}, {"returnByValue", true}, {"awaitPromise", true}}, page);
        if (r.contains("exceptionDetails")) FAIL("page script failed: " << json::serialize(r.at("exceptionDetails")) << "\n" << js);
        const json::object& v = r.at("result").as_object();
        return v.contains("value") ? v.at("value") : json::value(nullptr);
    }

    void screenshot(const std::string& page, const std::string& path) override {
        const json::object r = call("Page.captureScreenshot", {{"format", "png"}}, page);
        std::ofstream(path, std::ios::binary) << base64Decode(std::string(r.at("data").as_string()));
    }

    std::vector<std::string> problems() override {
        drain();
        std::vector<std::string> out;
        for (const auto& e : m_events) {
            if (!e.contains("method")) continue;
            const std::string method(e.at("method").as_string());
            if (method == "Runtime.exceptionThrown") out.push_back(json::serialize(e.at("params")));
            if (method == "Log.entryAdded" && e.at("params").at("entry").at("level") == "error") {
                const std::string text(e.at("params").at("entry").at("text").as_string());
                // a server stopped in a test: the page tries to reconnect
                if (text.find("WebSocket") == std::string::npos) out.push_back(text);
            }
            if (method == "Runtime.consoleAPICalled" && e.at("params").at("type") == "error") out.push_back(json::serialize(e.at("params")));
        }
        policyProblems(out);
        return out;
    }

};

// ---- Firefox: WebDriver BiDi ---------------------------------------------------------------

class Firefox final : public Browser {
public:
    explicit Firefox(const std::string& dir) {
        m_name = "Firefox";
        const char* exe = findExe({"/usr/bin/firefox-esr", "/usr/bin/firefox"});
        if (!exe) FAIL("no firefox: tools/setup.sh installs it (Debian package firefox-esr)");
        const std::string profile = dir + "/profile";
        std::filesystem::create_directories(profile);
        // a quiet profile: no first-run pages, no update or telemetry traffic
        std::ofstream(profile + "/user.js") << "user_pref(\"browser.shell.checkDefaultBrowser\", false);\n"
                                               "user_pref(\"browser.startup.homepage_override.mstone\", \"ignore\");\n"
                                               "user_pref(\"datareporting.policy.dataSubmissionEnabled\", false);\n"
                                               "user_pref(\"toolkit.telemetry.reportingpolicy.firstRun\", false);\n"
                                               "user_pref(\"app.update.auto\", false);\n"
                                               "user_pref(\"browser.tabs.warnOnClose\", false);\n";
        const std::string port = launch(std::string(exe) + " --headless --no-remote --profile '" + profile + "' --remote-debugging-port=0 about:blank",
                                        dir + "/firefox.txt", "WebDriver BiDi listening on ws://127.0.0.1:");
        m_ws = std::make_unique<WsClient>(static_cast<unsigned short>(std::stoi(port)), "/session");
        call("session.new", {{"capabilities", json::object{}}});
        call("session.subscribe", {{"events", json::array{"log.entryAdded"}}});
        call("script.addPreloadScript", {{"functionDeclaration", std::string("() => { ") + kWatchPolicy + " }"}});
    }

    json::object call(const std::string& method, json::object params = {}) {
        const json::object o = exchange({{"method", method}, {"params", std::move(params)}});
        if (o.at("type") == "error") FAIL(method << ": " << json::serialize(o));
        return o.at("result").as_object();
    }

    std::string open(const std::string& url, int width, int height) override {
        const std::string context(call("browsingContext.create", {{"type", "tab"}}).at("context").as_string());
        call("browsingContext.setViewport", {{"context", context}, {"viewport", {{"width", width}, {"height", height}}}});
        call("browsingContext.navigate", {{"context", context}, {"url", url}, {"wait", "complete"}});
        m_pages.push_back(context);
        return context;
    }

    json::value eval(const std::string& page, const std::string& js) override {
        const json::object r = call("script.evaluate", {{"expression", js}, {"target", {{"context", page}}}, {"awaitPromise", true}, {"resultOwnership", "none"}});
        if (r.at("type") != "success") FAIL("page script failed: " << json::serialize(r) << "\n" << js);
        const json::object& v = r.at("result").as_object();
        const auto& type = v.at("type");
        if ((type == "boolean" || type == "string" || type == "number") && v.contains("value")) return v.at("value");
        return nullptr;
    }

    void screenshot(const std::string& page, const std::string& path) override {
        const json::object r = call("browsingContext.captureScreenshot", {{"context", page}});
        std::ofstream(path, std::ios::binary) << base64Decode(std::string(r.at("data").as_string()));
    }

    std::vector<std::string> problems() override {
        drain();
        std::vector<std::string> out;
        for (const auto& e : m_events) {
            if (!e.contains("method") || e.at("method") != "log.entryAdded") continue;
            const json::object& p = e.at("params").as_object();
            if (p.at("level") != "error") continue;
            const std::string text = p.contains("text") && p.at("text").is_string() ? std::string(p.at("text").as_string()) : json::serialize(p);
            // a server stopped in a test: the page tries to reconnect
            if (text.find("WebSocket") == std::string::npos && text.find("ws://") == std::string::npos) out.push_back(text);
        }
        policyProblems(out);
        return out;
    }

};

}  // namespace

std::unique_ptr<Browser> Browser::start(const std::string& kind, const std::string& dir) {
    std::filesystem::create_directories(dir);
    if (kind == "chromium") return std::make_unique<Chromium>(dir);
    if (kind == "firefox") return std::make_unique<Firefox>(dir);
    FAIL("no browser called " << kind);
    return nullptr;
}

}  // namespace brink::test::net
