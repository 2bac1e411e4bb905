#pragma once
/// A real browser, headless, driven from a test: Debian's Chromium through its DevTools
/// protocol, or Firefox ESR through WebDriver BiDi. Both are WebSockets, spoken by the same
/// client as the loopback tests, so no Node.js and no driver binary are needed. A test says
/// what a person does (open a page, click, read) and runs the same in either browser.
#include <sys/types.h>

#include <boost/json.hpp>
#include <memory>
#include <string>
#include <vector>

namespace brink::test::net {

class WsClient;

class Browser {
public:
    /// "chromium" or "firefox"; starts it headless with a fresh profile under `dir`.
    /// FAILs (with what it printed) when it is missing or does not start.
    static std::unique_ptr<Browser> start(const std::string& kind, const std::string& dir);
    virtual ~Browser();

    /// Opens a tab of width x height CSS pixels at `url`; returns its handle.
    virtual std::string open(const std::string& url, int width, int height) = 0;
    /// Runs `js` in the page (a promise is awaited); its value if it is a boolean, a number, a
    /// string or null (anything else is null). FAILs when the script throws.
    virtual boost::json::value eval(const std::string& page, const std::string& js) = 0;
    /// Writes the page's viewport as a PNG.
    virtual void screenshot(const std::string& page, const std::string& path) = 0;
    /// Script errors, console errors, and refusals by the content security policy, of every
    /// page so far (a WebSocket that cannot connect to a stopped server is not one).
    virtual std::vector<std::string> problems() = 0;

    /// Waits (up to 30 s) until `js` is true in the page; FAILs with the page's text if not.
    void waitFor(const std::string& page, const std::string& js, const std::string& what);

    [[nodiscard]] const std::string& name() const { return m_name; }

protected:
    /// Starts `command` (through /bin/sh, its standard error to `log`) and waits for a line
    /// of `log` that holds `lead`; returns what follows it on that line.
    std::string launch(const std::string& command, const std::string& log, const std::string& lead);
    /// A CSP refusal is not a console error in every browser: each page records them itself,
    /// from before its first script (the browser adds this script to every new document).
    static const char* kWatchPolicy;

    /// Sends a request of the protocol (its "id" added) and returns the reply with that id;
    /// what comes before it is kept in m_events.
    boost::json::object exchange(boost::json::object msg);
    /// Keeps every message waiting in m_events.
    void drain();
    /// Adds what the pages recorded of the content security policy to `out`.
    void policyProblems(std::vector<std::string>& out);

    std::string m_name;
    std::unique_ptr<WsClient> m_ws;
    std::vector<boost::json::object> m_events;  ///< what the browser told without being asked
    std::vector<std::string> m_pages;          ///< every page opened

private:
    pid_t m_pid = -1;
    std::int64_t m_next = 1;
};

/// JavaScript that clicks the order of the team's page whose text is `text` (one allowed and
/// not given yet); true if it found one.
std::string jsClickOption(const std::string& text);
/// JavaScript that clicks the enabled button whose text is `text`; true if it found one.
std::string jsClickButton(const std::string& text);

/// Decodes standard base64 (the screenshots).
std::string base64Decode(const std::string& in);

}  // namespace brink::test::net
