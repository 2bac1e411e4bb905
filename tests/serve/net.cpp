#include "net.hpp"

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <deque>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "support.hpp"

extern char** environ;

namespace brink::test::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace json = boost::json;
using tcp = asio::ip::tcp;

// ---- the process ---------------------------------------------------------------------------

ServeProcess::ServeProcess(const std::string& args, std::chrono::seconds wait, unsigned short port, const std::string& wrapper) {
    const std::string out = tempDir("serve") + "/out.txt";
    m_outPath = out;
    const std::string cmd = "exec " + wrapper + " '" + std::string(BRINK_EXE) + "' serve " + args + " --port " + std::to_string(port) + " >'" + out + "' 2>&1";
    const char* argv[] = {"/bin/sh", "-c", cmd.c_str(), nullptr};
    if (posix_spawn(&m_pid, "/bin/sh", nullptr, nullptr, const_cast<char* const*>(argv), environ) != 0) throw std::runtime_error("cannot start brink serve");
    const auto until = std::chrono::steady_clock::now() + wait;
    for (;;) {
        std::ifstream f(out);
        std::stringstream ss;
        ss << f.rdbuf();
        m_banner = ss.str();
        if (const auto at = m_banner.find("Listening on "); at != std::string::npos && m_banner.find('\n', at) != std::string::npos) break;
        int status = 0;
        if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
            m_pid = -1;
            throw std::runtime_error("brink serve " + args + " stopped:\n" + m_banner);
        }
        if (std::chrono::steady_clock::now() > until) {
            kill();
            throw std::runtime_error("brink serve " + args + " did not start:\n" + m_banner);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    std::istringstream lines(m_banner);
    for (std::string line; std::getline(lines, line);) {
        if (const auto t = line.find("/#t="); t != std::string::npos) {
            const auto h = line.find("http://");
            std::string name = line.substr(0, h);
            name.erase(0, name.find_first_not_of(' '));
            name.erase(name.find_last_not_of(' ') + 1);
            m_tokens[name] = line.substr(t + 4);
            m_addresses[name] = line.substr(h);
        }
        if (line.starts_with("Listening on ")) {
            const auto colon = line.find(':', 13);
            m_port = static_cast<unsigned short>(std::stoi(line.substr(colon + 1)));
        }
    }
}

ServeProcess::~ServeProcess() {
    if (m_pid > 0) kill();
}

const std::string& ServeProcess::token(const std::string& name) const {
    const auto it = m_tokens.find(name);
    if (it == m_tokens.end()) throw std::runtime_error("no join address for " + name + " in:\n" + m_banner);
    return it->second;
}

std::string ServeProcess::output() const { return readFile(m_outPath); }

const std::string& ServeProcess::address(const std::string& name) const {
    const auto it = m_addresses.find(name);
    if (it == m_addresses.end()) throw std::runtime_error("no join address for " + name + " in:\n" + m_banner);
    return it->second;
}

void ServeProcess::kill() {
    if (m_pid <= 0) return;
    ::kill(m_pid, SIGKILL);
    int status = 0;
    waitpid(m_pid, &status, 0);
    m_pid = -1;
}

int ServeProcess::stop() {
    if (m_pid <= 0) return -1;
    ::kill(m_pid, SIGTERM);
    int status = 0;
    waitpid(m_pid, &status, 0);
    m_pid = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

// ---- HTTP ----------------------------------------------------------------------------------

HttpReply httpGet(unsigned short port, const std::string& target) {
    asio::io_context io;
    beast::tcp_stream s(io);
    s.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    http::request<http::empty_body> req(http::verb::get, target, 11);
    req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
    http::write(s, req);
    beast::flat_buffer buf;
    http::response_parser<http::string_body> p;
    p.body_limit(64 * 1024 * 1024);
    http::read(s, buf, p);
    HttpReply r;
    r.status = static_cast<int>(p.get().result_int());
    for (const auto& f : p.get()) {
        std::string k(f.name_string());
        for (char& c : k) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        r.headers[k] = std::string(f.value());
    }
    r.body = p.get().body();
    beast::error_code ec;
    s.socket().shutdown(tcp::socket::shutdown_both, ec);
    return r;
}

// ---- WebSocket -----------------------------------------------------------------------------

struct WsClient::Impl {
    asio::io_context io;
    websocket::stream<tcp::socket> ws{io};
    beast::flat_buffer buf;
    bool reading = false;
    std::deque<std::string> ready;
};

WsClient::WsClient(unsigned short port, const std::string& target) : m_impl(std::make_unique<Impl>()) {
    m_impl->ws.next_layer().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    m_impl->ws.read_message_max(256 * 1024 * 1024);
    m_impl->ws.handshake("127.0.0.1:" + std::to_string(port), target);
}

WsClient::~WsClient() {
    beast::error_code ec;
    m_impl->ws.next_layer().close(ec);
}

void WsClient::send(const std::string& text) {
    beast::error_code ec;
    m_impl->ws.text(true);
    m_impl->ws.write(asio::buffer(text), ec);
    if (ec) m_closed = true;
}

std::optional<std::string> WsClient::receive(std::chrono::milliseconds timeout) {
    Impl& m = *m_impl;
    if (m.ready.empty() && !m_closed) {
        if (!m.reading) {
            m.reading = true;
            m.ws.async_read(m.buf, [this](beast::error_code ec, std::size_t) {
                Impl& mm = *m_impl;
                mm.reading = false;
                if (ec) {
                    m_closed = true;
                    return;
                }
                mm.ready.push_back(beast::buffers_to_string(mm.buf.data()));
                mm.buf.consume(mm.buf.size());
            });
        }
        m.io.restart();
        m.io.run_for(timeout);
    }
    if (m.ready.empty()) return std::nullopt;
    std::string s = std::move(m.ready.front());
    m.ready.pop_front();
    seen.push_back(s);
    return s;
}

std::optional<json::object> WsClient::until(const std::string& type, std::chrono::milliseconds timeout) {
    const auto end = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now());
        if (left.count() <= 0) return std::nullopt;
        const auto m = receive(left);
        if (!m) return std::nullopt;
        json::value v = json::parse(*m);
        if (v.is_object() && v.as_object().contains("type") && v.as_object().at("type") == type.c_str()) return v.as_object();
    }
}

json::object WsClient::ask(json::object request, std::chrono::milliseconds timeout) {
    const std::int64_t id = m_nextId++;
    request["id"] = id;
    send(request);
    const auto end = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now());
        if (left.count() <= 0) return {};
        const auto m = receive(left);
        if (!m) return {};
        // answers begin with their type (the server writes it first); states are not parsed
        if (!m->starts_with(R"({"type":"ok")") && !m->starts_with(R"({"type":"error")")) continue;
        json::value v = json::parse(*m);
        if (!v.is_object()) continue;
        const json::object& o = v.as_object();
        if (o.contains("id") && o.at("id") == id && o.contains("type") && (o.at("type") == "ok" || o.at("type") == "error")) return o;
    }
}

std::unique_ptr<WsClient> join(unsigned short port, const std::string& token) {
    auto c = std::make_unique<WsClient>(port);
    c->send(json::object{{"type", "hello"}, {"token", token}});
    if (!c->until("welcome")) throw std::runtime_error("not welcomed");
    return c;
}

}  // namespace brink::test::net
