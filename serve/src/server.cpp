// brink serve's network side, on Boost.Beast and Asio: one thread, an acceptor, HTTP
// sessions that serve the page and upgrade /ws to a WebSocket, and WebSocket sessions
// that hand text messages to the Room and send what it sends, in order.
#include "brink/serve/server.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <deque>
#include <fstream>
#include <list>
#include <map>
#include <sstream>

#include "brink/render/assets.hpp"
#include "brink/serve/log.hpp"

namespace brink::serve {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

bool loadWebFiles(WebFiles& files, std::string& error) {
    for (bool bold : {false, true}) {
        const std::string path = render::findFont(bold);
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            error = path + ":1:1: error: cannot read the DejaVu Sans font for the pages' maps; hint: install Debian's fonts-dejavu-core, "
                           "or set BRINK_FONTS to a folder holding DejaVuSans.ttf and DejaVuSans-Bold.ttf";
            return false;
        }
        std::stringstream ss;
        ss << in.rdbuf();
        (bold ? files.boldFont : files.regularFont) = ss.str();
    }
    return true;
}

namespace {

constexpr std::size_t kMaxQueued = 256;           // messages waiting for a slow client
constexpr std::size_t kMaxMessage = 64 * 1024;    // larger: the connection is closed (16 KiB: refused)
constexpr int kMaxRequestsPerConnection = 200;
constexpr auto kHttpTimeout = std::chrono::seconds(30);

const char* kSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

}  // namespace

struct Server::Impl : std::enable_shared_from_this<Impl> {
    Impl(asio::io_context& io_, Room& room_, const WebFiles& files_, const ServerOptions& opt_)
        : io(io_), room(room_), files(files_), opt(opt_), acceptor(io_), ticker(io_) {}

    asio::io_context& io;
    Room& room;
    const WebFiles& files;
    ServerOptions opt;
    tcp::acceptor acceptor;
    asio::steady_timer ticker;
    bool stopped = false;
    std::map<std::string, std::size_t> perAddress;
    std::map<std::string, std::chrono::steady_clock::time_point> refusalSaid;  // when a refused connection was last logged, by address
    std::size_t total = 0;
    std::list<std::function<void()>> closers;  // closes a live connection (on stop)

    /// A connection's place in the counts, given back when the connection ends.
    struct Slot {
        std::weak_ptr<Impl> server;
        std::string address;
        std::list<std::function<void()>>::iterator closer;
        bool hasCloser = false;
        ~Slot() {
            if (auto s = server.lock()) {
                if (--s->perAddress[address] == 0) s->perAddress.erase(address);
                --s->total;
                if (hasCloser) s->closers.erase(closer);
            }
        }
        void setCloser(std::function<void()> f) {
            auto s = server.lock();
            if (!s) return;
            if (hasCloser) s->closers.erase(closer);
            closer = s->closers.insert(s->closers.end(), std::move(f));
            hasCloser = true;
        }
    };

    void accept();
    void tick() {
        ticker.expires_after(std::chrono::seconds(1));
        ticker.async_wait([self = shared_from_this()](beast::error_code ec) {
            if (ec || self->stopped) return;
            self->room.tick();
            self->tick();
        });
    }
};

namespace {

// ---- WebSocket ---------------------------------------------------------------------------------

class WsSession : public std::enable_shared_from_this<WsSession> {
public:
    WsSession(tcp::socket&& socket, Room& room, std::shared_ptr<Server::Impl::Slot> slot)
        : m_ws(std::move(socket)), m_room(room), m_slot(std::move(slot)) {}
    ~WsSession() { leave(); }

    void run(http::request<http::string_body> req) {
        m_ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
        m_ws.set_option(websocket::stream_base::decorator([](websocket::response_type& res) { res.set(http::field::server, "Brink"); }));
        m_ws.read_message_max(kMaxMessage);
        m_slot->setCloser([weak = weak_from_this()] {
            if (auto s = weak.lock()) s->close();
        });
        m_ws.async_accept(req, [self = shared_from_this()](beast::error_code ec) {
            if (ec) return;
            std::weak_ptr<WsSession> weak = self;
            self->m_client = self->m_room.connect([weak](std::string m) {
                if (auto s = weak.lock()) s->send(std::move(m));
            });
            logInfo(self->m_slot->address + " opened the game's channel: client " + std::to_string(self->m_client));
            self->m_joined = true;
            self->read();
        });
    }

    void close() {
        if (m_closing) return;
        m_closing = true;
        leave();
        // a page answers a close at once; one that does not is not waited for long (the
        // suggested 30 s would hold a stopping server)
        auto t = websocket::stream_base::timeout::suggested(beast::role_type::server);
        t.handshake_timeout = std::chrono::seconds(2);
        m_ws.set_option(t);
        m_ws.async_close(websocket::close_code::going_away, [self = shared_from_this()](beast::error_code) {});
    }

private:
    void leave() {
        if (m_joined) {
            m_joined = false;
            m_room.disconnect(m_client);
        }
    }
    void read() {
        m_ws.async_read(m_buffer, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) {
                self->leave();
                return;
            }
            if (!self->m_ws.got_text()) {
                self->m_buffer.consume(self->m_buffer.size());
                self->send(R"({"type":"error","id":null,"error":"a binary message","expected":"JSON text","hint":""})");
                self->read();
                return;
            }
            const std::string text = beast::buffers_to_string(self->m_buffer.data());
            self->m_buffer.consume(self->m_buffer.size());
            if (!self->m_room.receive(self->m_client, text)) {
                // told why; close once what it was told has gone
                self->m_closeAfterWrites = true;
                self->leave();
                if (self->m_queue.empty()) self->close();
                return;
            }
            self->read();
        });
    }
    void send(std::string m) {
        if (m_closing) return;
        if (m_queue.size() >= kMaxQueued) {
            close();  // it does not read what it is sent
            return;
        }
        m_queue.push_back(std::move(m));
        if (m_queue.size() == 1) write();
    }
    void write() {
        m_ws.text(true);
        m_ws.async_write(asio::buffer(m_queue.front()), [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) {
                self->leave();
                return;
            }
            self->m_queue.pop_front();
            if (!self->m_queue.empty()) self->write();
            else if (self->m_closeAfterWrites) self->close();
        });
    }

    websocket::stream<beast::tcp_stream> m_ws;
    beast::flat_buffer m_buffer;
    Room& m_room;
    std::shared_ptr<Server::Impl::Slot> m_slot;
    std::uint64_t m_client = 0;
    bool m_joined = false, m_closing = false, m_closeAfterWrites = false;
    std::deque<std::string> m_queue;
};

// ---- HTTP ----------------------------------------------------------------------------------

class HttpSession : public std::enable_shared_from_this<HttpSession> {
public:
    HttpSession(tcp::socket&& socket, std::shared_ptr<Server::Impl> server, std::shared_ptr<Server::Impl::Slot> slot)
        : m_stream(std::move(socket)), m_server(std::move(server)), m_slot(std::move(slot)) {}

    void run() {
        m_slot->setCloser([weak = weak_from_this()] {
            if (auto s = weak.lock()) {
                beast::error_code ec;
                s->m_stream.socket().shutdown(tcp::socket::shutdown_both, ec);
                s->m_stream.close();
            }
        });
        read();
    }

private:
    void read() {
        m_parser.emplace();
        m_parser->header_limit(8 * 1024);
        m_parser->body_limit(1024);
        m_stream.expires_after(kHttpTimeout);
        http::async_read(m_stream, m_buffer, *m_parser, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) return self->shut();
            self->handle(self->m_parser->release());
        });
    }

    void handle(http::request<http::string_body> req) {
        std::string target(req.target());
        if (const auto q = target.find_first_of("?#"); q != std::string::npos) target.resize(q);
        if (websocket::is_upgrade(req)) {
            if (target != "/ws") return respond(req, http::status::not_found, "text/plain; charset=utf-8", "There is no WebSocket here: it is /ws.\n");
            m_stream.expires_never();
            std::make_shared<WsSession>(m_stream.release_socket(), m_server->room, m_slot)->run(std::move(req));
            return;
        }
        if (req.method() != http::verb::get && req.method() != http::verb::head) {
            return respond(req, http::status::method_not_allowed, "text/plain; charset=utf-8", "Only GET.\n");
        }
        const WebFiles& f = m_server->files;
        if (target == "/" || target == "/index.html") return respond(req, http::status::ok, "text/html; charset=utf-8", std::string(indexHtml()));
        if (target == "/app.js") return respond(req, http::status::ok, "text/javascript; charset=utf-8", std::string(appJs()));
        if (target == "/app.css") return respond(req, http::status::ok, "text/css; charset=utf-8", std::string(appCss()));
        if (target == "/fonts/DejaVuSans.ttf") return respond(req, http::status::ok, "font/ttf", f.regularFont, true);
        if (target == "/fonts/DejaVuSans-Bold.ttf") return respond(req, http::status::ok, "font/ttf", f.boldFont, true);
        return respond(req, http::status::not_found, "text/plain; charset=utf-8", "Not found. Open the join address your teacher gave you.\n");
    }

    void respond(const http::request<http::string_body>& req, http::status status, const char* type, std::string body, bool cacheable = false) {
        if (logging(spdlog::level::info)) {
            // only the paths the server has: anything else may be a join address typed
            // without its '#', whose token must not reach the log
            std::string target(req.target());
            if (const auto q = target.find_first_of("?#"); q != std::string::npos) target.resize(q);
            if (status == http::status::not_found) target = "(a path it does not have)";
            logInfo(m_slot->address + " " + std::string(req.method_string()) + " " + target + " " + std::to_string(static_cast<int>(status)));
        }
        auto res = std::make_shared<http::response<http::string_body>>(status, req.version());
        res->set(http::field::server, "Brink");
        res->set(http::field::content_type, type);
        res->set(http::field::cache_control, cacheable ? "max-age=86400" : "no-cache");
        res->set("Content-Security-Policy", kSecurityPolicy);
        res->set("X-Content-Type-Options", "nosniff");
        res->set("Referrer-Policy", "no-referrer");
        res->set("X-Frame-Options", "DENY");
        const bool keep = req.keep_alive() && ++m_requests < kMaxRequestsPerConnection;
        res->keep_alive(keep);
        if (req.method() == http::verb::head) {
            res->content_length(body.size());
        } else {
            res->body() = std::move(body);
            res->prepare_payload();
        }
        http::async_write(m_stream, *res, [self = shared_from_this(), res, keep](beast::error_code ec, std::size_t) {
            if (ec || !keep) return self->shut();
            self->read();
        });
    }

    void shut() {
        beast::error_code ec;
        m_stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    }

    beast::tcp_stream m_stream;
    beast::flat_buffer m_buffer;
    std::optional<http::request_parser<http::string_body>> m_parser;
    std::shared_ptr<Server::Impl> m_server;
    std::shared_ptr<Server::Impl::Slot> m_slot;
    int m_requests = 0;
};

}  // namespace

void Server::Impl::accept() {
    acceptor.async_accept([self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
        if (self->stopped) return;
        if (!ec) {
            beast::error_code e2;
            const auto ep = socket.remote_endpoint(e2);
            const std::string address = e2 ? std::string("?") : ep.address().to_string();
            if (self->total >= self->opt.maxConnections || self->perAddress[address] >= self->opt.maxConnectionsPerAddress) {
                // said once a minute for an address at most: a client that loops cannot flood
                // the teacher's terminal
                const auto now = std::chrono::steady_clock::now();
                auto& last = self->refusalSaid[address];
                if (last == std::chrono::steady_clock::time_point{} || now - last > std::chrono::minutes(1)) {
                    last = now;
                    logWarn("refused a connection from " + address + ": too many connections (" + std::to_string(self->perAddress[address]) +
                            " from it, " + std::to_string(self->total) + " in all); said at most once a minute");
                }
                if (self->refusalSaid.size() > 4096) self->refusalSaid.clear();
                if (self->perAddress[address] == 0) self->perAddress.erase(address);
                socket.close(e2);  // too many: refused
            } else {
                ++self->perAddress[address];
                ++self->total;
                auto slot = std::make_shared<Slot>();
                slot->server = self;
                slot->address = address;
                std::make_shared<HttpSession>(std::move(socket), self, std::move(slot))->run();
            }
        }
        self->accept();
    });
}

Server::Server(asio::io_context& io, Room& room, const WebFiles& files, const ServerOptions& options)
    : m_impl(std::make_shared<Impl>(io, room, files, options)) {
    beast::error_code ec;
    const auto address = asio::ip::make_address(options.listen, ec);
    if (ec) throw std::runtime_error("--listen " + options.listen + " is not an IP address; expected such as 127.0.0.1 or 0.0.0.0");
    const tcp::endpoint ep(address, options.port);
    tcp::acceptor& a = m_impl->acceptor;
    a.open(ep.protocol(), ec);
    if (!ec) a.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) a.bind(ep, ec);
    if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        const bool inUse = ec == asio::error::address_in_use, denied = ec == asio::error::access_denied;
        throw std::runtime_error("cannot listen on " + options.listen + ":" + std::to_string(options.port) + ": " + ec.message() +
                                 (inUse     ? "; hint: another program uses this port, perhaps a brink serve still running (stop it with Ctrl+C in its "
                                              "terminal), or choose another --port"
                                  : denied ? "; hint: ports below 1024 need the administrator: choose --port 8080 or another above 1024"
                                           : "; hint: --listen 0.0.0.0, or one of this computer's own addresses (ip addr lists them); or choose another --port"));
    }
    m_impl->accept();
    m_impl->tick();
}

Server::~Server() { stop(); }

std::uint16_t Server::port() const {
    beast::error_code ec;
    return m_impl->acceptor.local_endpoint(ec).port();
}

void Server::stop() {
    if (m_impl->stopped) return;
    m_impl->stopped = true;
    beast::error_code ec;
    m_impl->acceptor.close(ec);
    m_impl->ticker.cancel();
    // each closer may end its connection (and take itself out of the list)
    std::vector<std::function<void()>> all(m_impl->closers.begin(), m_impl->closers.end());
    for (auto& f : all) f();
}

}  // namespace brink::serve
