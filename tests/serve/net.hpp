#pragma once
/// What the loopback tests, the fault test, the load benchmark and the browser test need to
/// talk to a real `brink serve`: the process (started, its join addresses read, stopped or
/// killed), a WebSocket client that speaks the protocol, and a plain HTTP GET.
#include <sys/types.h>

#include <boost/json.hpp>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace brink::test::net {

/// `brink serve ARGS --port 0`, running: its port and its join tokens by name ("Russia",
/// "Facilitator", as it prints them).
class ServeProcess {
public:
    /// Starts it and waits (up to `wait`) for "Listening on"; throws std::runtime_error
    /// with what it printed when it does not get there.
    /// `port` 0: any free one. `wrapper`, when given, runs brink (for example
    /// "ip netns exec NAME": brink on another machine of a network).
    explicit ServeProcess(const std::string& args, std::chrono::seconds wait = std::chrono::seconds(60), unsigned short port = 0,
                          const std::string& wrapper = {});
    ~ServeProcess();
    ServeProcess(const ServeProcess&) = delete;
    ServeProcess& operator=(const ServeProcess&) = delete;

    [[nodiscard]] unsigned short port() const { return m_port; }
    [[nodiscard]] const std::map<std::string, std::string>& tokens() const { return m_tokens; }
    [[nodiscard]] const std::string& token(const std::string& name) const;
    /// The join address printed for `name`, whole ("http://HOST:PORT/#t=TOKEN").
    [[nodiscard]] const std::string& address(const std::string& name) const;
    /// Everything it printed to its standard output up to "Listening on".
    [[nodiscard]] const std::string& banner() const { return m_banner; }
    /// Everything it printed so far (standard output and error).
    [[nodiscard]] std::string output() const;
    /// SIGKILL, then waits for it.
    void kill();
    /// SIGTERM; returns its exit status (or -signal).
    int stop();
    [[nodiscard]] pid_t pid() const { return m_pid; }

private:
    pid_t m_pid = -1;
    int m_out = -1;
    unsigned short m_port = 0;
    std::map<std::string, std::string> m_tokens;
    std::map<std::string, std::string> m_addresses;
    std::string m_banner;
    std::string m_outPath;
};

struct HttpReply {
    int status = 0;
    std::map<std::string, std::string> headers;  ///< names in lower case
    std::string body;
};
/// GET `target` from 127.0.0.1:port. Throws on a network error.
HttpReply httpGet(unsigned short port, const std::string& target);

/// One WebSocket to 127.0.0.1:port/ws (or any ws:// address for the browser's debugging
/// protocol), synchronous, every read bounded by a timeout.
class WsClient {
public:
    WsClient(unsigned short port, const std::string& target = "/ws");
    ~WsClient();
    WsClient(const WsClient&) = delete;
    WsClient& operator=(const WsClient&) = delete;

    void send(const std::string& text);
    void send(const boost::json::object& o) { send(boost::json::serialize(o)); }
    /// The next message, or nullopt when none came within `timeout` or the connection closed.
    std::optional<std::string> receive(std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));
    /// Messages until one of `type` (it included), parsed; nullopt if it did not come.
    std::optional<boost::json::object> until(const std::string& type, std::chrono::milliseconds timeout = std::chrono::milliseconds(10000));
    /// Sends a request and returns the ok or error answering it (messages before it are kept
    /// in `seen`).
    boost::json::object ask(boost::json::object request, std::chrono::milliseconds timeout = std::chrono::milliseconds(10000));
    /// Every message received so far, as text, in order.
    std::vector<std::string> seen;
    [[nodiscard]] bool closed() const { return m_closed; }

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
    bool m_closed = false;
    std::int64_t m_nextId = 1;
};

/// Joins with a token: sends hello and waits for the welcome; throws when refused.
std::unique_ptr<WsClient> join(unsigned short port, const std::string& token);

}  // namespace brink::test::net
