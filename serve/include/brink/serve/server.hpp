#pragma once
/// brink serve's network side: HTTP for the page (the same for everyone, served from the
/// executable) and one WebSocket per client, whose text messages go to a Room. Everything
/// runs on one thread, so the room sees requests one at a time, in the order they are read.
#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "brink/serve/room.hpp"

namespace brink::serve {

struct ServerOptions {
    std::string listen = "127.0.0.1";
    std::uint16_t port = 8080;  ///< 0: any free port (see Server::port)
    std::size_t maxConnections = 512;
    std::size_t maxConnectionsPerAddress = 64;
};

/// The page's files: index.html, app.js, app.css (built in), and the map's fonts.
struct WebFiles {
    std::string regularFont, boldFont;  ///< DejaVu Sans, read at start
};
/// Reads the fonts (findFont). False, with `error`, when one is missing.
bool loadWebFiles(WebFiles& files, std::string& error);

class Server {
public:
    /// Listens at once. Throws std::runtime_error (saying why: the address is taken, not
    /// an address of this machine) when it cannot.
    Server(boost::asio::io_context& io, Room& room, const WebFiles& files, const ServerOptions& options);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    /// The port listened on.
    [[nodiscard]] std::uint16_t port() const;
    /// Stops accepting and closes every connection (the io_context then runs out of work).
    void stop();

    struct Impl;

private:
    std::shared_ptr<Impl> m_impl;
};

/// The page's built-in files (for tests and the server).
std::string_view indexHtml();
std::string_view appJs();
std::string_view appCss();

}  // namespace brink::serve
