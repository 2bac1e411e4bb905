// brink serve: a game for a class over the network. Each team joins from a browser with
// its own address; the facilitator's page goes on the projector. Every request goes
// through the game session (serve/room.cpp); the game file is written after every
// accepted change, so a stopped or killed server resumes from it.
#include <ifaddrs.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "brink/output/outputs.hpp"
#include "brink/render/assets.hpp"
#include "brink/render/map_renderer.hpp"
#include "brink/serve/qr.hpp"
#include "brink/serve/server.hpp"
#include "cli.hpp"
#include "commands.hpp"
#include "game_open.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace brink::cli {

namespace {

/// The machine's IPv4 addresses other than loopback: where the class can reach it.
std::vector<std::string> lanAddresses() {
    std::vector<std::string> out;
    ifaddrs* list = nullptr;
    if (::getifaddrs(&list) != 0) return out;
    for (ifaddrs* i = list; i; i = i->ifa_next) {
        if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET) continue;
        char buf[INET_ADDRSTRLEN];
        const auto* in = reinterpret_cast<const sockaddr_in*>(i->ifa_addr);
        if (!::inet_ntop(AF_INET, &in->sin_addr, buf, sizeof buf)) continue;
        const std::string a = buf;
        if (a.rfind("127.", 0) == 0) continue;
        if (std::find(out.begin(), out.end(), a) == out.end()) out.push_back(a);
    }
    ::freeifaddrs(list);
    return out;
}

/// One server per game file on this computer: an abstract Unix socket named after the file's
/// full path, which the kernel frees when the process ends, however it ends (a SIGKILL
/// too). Returns the socket to keep open, -1 when another process holds it, or -2 when no
/// such socket can be made here (then nothing is checked).
int holdGame(const std::string& save) {
    std::error_code ec;
    const fs::path absolute = fs::absolute(save, ec);
    std::string path = ec ? save : fs::weakly_canonical(absolute, ec).string();
    if (ec || path.empty()) path = save;
    std::uint64_t h = 1469598103934665603ull;  // FNV-1a
    for (const unsigned char ch : path) {
        h ^= ch;
        h *= 1099511628211ull;
    }
    char name[40];
    const int n = std::snprintf(name, sizeof name, "brink-serve-%016llx", static_cast<unsigned long long>(h));
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -2;
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    std::memcpy(a.sun_path + 1, name, static_cast<std::size_t>(n));  // sun_path[0] == 0: abstract, no file
    const auto len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + 1 + static_cast<std::size_t>(n));
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&a), len) != 0) {
        const int e = errno;
        ::close(fd);
        return e == EADDRINUSE ? -1 : -2;
    }
    return fd;
}

}  // namespace

int serveCommand(const std::vector<std::string>& args) {
    po::options_description desc(
        "brink serve [SCENARIO|GAME] [options]\n\nA game for a class over the network: each team of --seats joins from a "
        "browser with its own address,\nthe facilitator's page goes on the projector. The game is saved after every "
        "change; `brink serve GAME`\nresumes it, with the same addresses. docs/serve.md is the teacher's guide.\n\nOptions");
    addCommon(desc, "log every connection and request (at info)", "print only the addresses and errors");
    addLimits(desc);
    desc.add_options()                                                                                                   //
        ("seats", po::value<std::string>(), "the teams: actors played by people, A,B,... (a new game only)")           //
        ("seed", po::value<std::string>(), "random seed of a new game (default: scenario.seed, else 1)")               //
        ("port", po::value<int>()->default_value(8080), "the port to listen on (0: any free one)")                      //
        ("listen", po::value<std::string>()->default_value("127.0.0.1"), "the address to listen on; 0.0.0.0 lets the classroom's network in")  //
        ("deadline", po::value<double>(), "each turn's countdown, in minutes; a team with no orders then is played by the computer")  //
        ("save", po::value<std::string>(), "the game file (default: GAME itself, or game.yaml for a new game)")          //
        ("turns", po::value<std::int64_t>(), "the game's last turn (default: the scenario's)")                           //
        ("undo", po::value<int>(), "first go back this many turns of a saved game")                                      //
        ("qr", po::bool_switch(), "also print each join address as a QR code, for a tablet's camera")                    //
        ("scenario", po::value<std::string>(), "scenario or game file");
    po::positional_options_description pos;
    pos.add("scenario", 1);
    po::variables_map vm;
    if (const int rc = parse("serve", args, desc, pos, vm); rc != kOk) return rc;
    if (vm.count("help")) {
        std::cout << desc << '\n';
        return kOk;
    }
    const Common c = common(vm);
    LoadOptions opt;
    if (!limits("serve", vm, opt)) return kBadInput;

    // ---- every check of the input, before anything is written ---------------------------------
    const int port = vm["port"].as<int>();
    if (port < 0 || port > 65535) return usageError("serve", "--port " + std::to_string(port) + " is not a port", "a number from 1 to 65535, or 0 for any free one");
    serve::ServerOptions so;
    so.port = static_cast<std::uint16_t>(port);
    so.listen = vm["listen"].as<std::string>();
    serve::RoomOptions ro;
    if (vm.count("deadline")) {
        const double m = vm["deadline"].as<double>();
        if (!(m > 0 && m <= 24 * 60)) {
            std::ostringstream shown;
            shown << m;
            return usageError("serve", "--deadline " + shown.str() + " is out of range", "minutes over 0, up to 1440, such as 5 or 0.5");
        }
        ro.deadlineMinutes = m;
    }
    std::optional<std::int64_t> turns;
    if (vm.count("turns")) {
        turns = vm["turns"].as<std::int64_t>();
        if (*turns < 0 || *turns > opt.limits.maxTurns) {
            return usageError("serve", "--turns " + std::to_string(*turns) + " is out of range", "a turn number from 0 to " + std::to_string(opt.limits.maxTurns));
        }
    }
    std::string save;
    if (vm.count("save")) {
        save = vm["save"].as<std::string>();
        if (const int rc = checkSaveFile("serve", save); rc != kOk) return rc;
    }
    OpenedGame game;
    if (const int rc = openGame("serve", vm, opt, c, "seats", game); rc != kOk) return rc;
    Session& session = *game.session;
    if (save.empty()) save = game.loadedGame ? game.path : "game.yaml";
    // two servers of one game would each write its file
    const int held = holdGame(save);
    if (held == -1) {
        return usageError("serve", save + " is being served already by another brink serve on this computer", "one server for a game",
                          "open the addresses it printed, or stop it (Ctrl+C in its terminal) and start this again");
    }
    {
        // a new game never replaces a file (a last lesson's game, most likely)
        std::error_code ec;
        if (!game.loadedGame && fs::exists(save, ec)) {
            const std::string listen = so.listen != "127.0.0.1" ? " --listen " + so.listen : "";
            return usageError("serve", save + " holds a game already", "a new file for a new game: a new game never replaces one",
                              "go on with that game with 'brink serve " + save + listen + "', or start the new one with --save and another file name");
        }
    }
    if (turns) session.setHorizon(std::max(*turns, session.turn()));
    if (session.seats().empty()) {
        std::cerr << "brink serve: warning: no seats: every actor plays its policy and only the facilitator has a page; hint: --seats A,B names the teams\n";
    }

    // the same join addresses after a restart: the tokens live beside the game file
    const std::string tokensPath = save + ".tokens";
    serve::Tokens tokens;
    bool newTokens = false;
    {
        std::error_code ec;
        std::string why;
        std::optional<serve::Tokens> kept;
        if (game.loadedGame && fs::exists(tokensPath, ec)) {
            kept = serve::readTokens(tokensPath, session, why);
            if (!kept) {
                std::cerr << why << '\n';
                return kBadInput;
            }
        }
        tokens = kept ? *kept : serve::newTokens(session);
        newTokens = !kept;
    }

    std::string error;
    const std::string mapFile = render::findMapFile(render::kDefaultMapFile);
    auto worldMap = render::WorldMap::load(mapFile, render::EqualEarth(render::kCentralMeridian), error);
    auto fonts = worldMap ? render::FontMetrics::load(error) : nullptr;
    serve::WebFiles files;
    if (!worldMap || !fonts || !serve::loadWebFiles(files, error)) {
        std::cerr << error << '\n';
        return kFailure;
    }

    boost::asio::io_context io;
    ro.savePath = save;
    serve::Room room(std::move(game.session), tokens, ro, *worldMap, *fonts,
                     [&io](std::function<void()> f) { boost::asio::post(io, std::move(f)); });
    std::unique_ptr<serve::Server> server;
    try {
        server = std::make_unique<serve::Server>(io, room, files, so);
    } catch (const std::exception& e) {
        return usageError("serve", e.what());
    }
    // listening: now the files (nothing is written for a server that could not start)
    try {
        if (newTokens) writeTokens(tokensPath, tokens);
        writeFileAtomically(save, room.session().gameFileText());
    } catch (const std::exception& e) {
        return failure("serve", std::string(e.what()) + "; hint: --save a file in a folder you may write to");
    }
    boost::asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code& ec, int) {
        if (ec) return;
        server->stop();
    });

    // ---- the addresses ----------------------------------------------------------------------
    const Session& s = room.session();
    const Scenario& sc = s.scenario();
    const bool everywhere = so.listen == "0.0.0.0" || so.listen == "::";
    std::vector<std::string> hosts = everywhere ? lanAddresses() : std::vector<std::string>{so.listen};
    if (hosts.empty()) hosts.push_back("127.0.0.1");
    const std::string base = "http://" + (hosts.front().find(':') != std::string::npos ? "[" + hosts.front() + "]" : hosts.front()) + ":" +
                             std::to_string(server->port()) + "/#t=";
    std::cout << "brink serve: " << sc.title << " (" << sc.id << "), turn " << s.turn() << " of " << s.horizon() << ", seed " << s.seed()
              << "; saved to " << save << " after every change.\n\nJoin addresses: give each team its own, and keep them private.\n";
    std::size_t width = std::string("Facilitator").size();
    for (ActorId a : s.seats()) width = std::max(width, sc.actors[static_cast<std::size_t>(a)].name.size());
    for (const auto& [id, tok] : tokens.seats) {
        std::string name = sc.actors[static_cast<std::size_t>(sc.actorIndex(id))].name;
        name.resize(width, ' ');
        std::cout << "  " << name << "  " << base << tok << '\n';
    }
    std::string f = "Facilitator";
    f.resize(width, ' ');
    std::cout << "  " << f << "  " << base << tokens.facilitator << "\n\n";
    if (vm["qr"].as<bool>()) {
        // black on white in a terminal; plain blocks (dark on light) into a file
        const bool colour = ::isatty(STDOUT_FILENO) != 0;
        std::cout << "The teams' addresses as QR codes: show each team only its own.\n";
        for (const auto& [id, tok] : tokens.seats) {
            std::cout << '\n' << sc.actors[static_cast<std::size_t>(sc.actorIndex(id))].name << ":\n" << serve::terminalQr(base + tok, colour);
        }
        // none for the facilitator: its address is opened on this computer, and a code on the
        // screen beside a team's could be scanned by that team
        std::cout << '\n';
    }
    if (!everywhere && (so.listen == "127.0.0.1" || so.listen == "localhost")) {
        std::cout << "Only this computer can open them: --listen 0.0.0.0 lets the classroom's network in.\n";
    } else if (hosts.size() > 1) {
        std::cout << "This computer is also at " ;
        for (std::size_t i = 1; i < hosts.size(); ++i) std::cout << (i > 1 ? ", " : "") << hosts[i];
        std::cout << " (use that address instead on that network).\n";
    }
    // the command that resumes: the same file, and the flags the file does not keep
    std::string resume = "brink serve " + save;
    if (so.listen != "127.0.0.1") resume += " --listen " + so.listen;
    // the port it listens on (with --port 0, the one it was given): the same addresses
    if (!vm["port"].defaulted() || server->port() != 8080) resume += " --port " + std::to_string(server->port());
    if (vm["qr"].as<bool>()) resume += " --qr";
    if (ro.deadlineMinutes) {
        std::ostringstream m;
        m << *ro.deadlineMinutes;
        resume += " --deadline " + m.str();
    }
    std::cout << "Listening on " << so.listen << ":" << server->port() << ". Ctrl+C stops; '" << resume
              << "' resumes with the same addresses.\n"
              << std::flush;

    io.run();
    if (!room.saveError().empty()) return failure("serve", "the game could not be saved: " + room.saveError());
    std::cout << "Stopped at turn " << room.session().turn() << "; the game is in " << save << ".\n";
    return kOk;
}

}  // namespace brink::cli
