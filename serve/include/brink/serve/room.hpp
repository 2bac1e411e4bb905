#pragma once
/// The game room of brink serve: the people connected to one game, what each may see and
/// do, and the protocol of docs/serve-protocol.md. It owns the game's Session, the only path
/// from their requests to the engine. It knows nothing of sockets: the server hands it each
/// client's text messages and gives it a way to send; so do the protocol tests.
///
/// A Room is used from one thread (the server's); the only other thread is "what next?",
/// whose result comes back through `post`.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "brink/render/svg.hpp"
#include "brink/render/world_map.hpp"
#include "brink/session/session.hpp"

namespace brink::serve {

using Clock = std::chrono::steady_clock;

/// The secrets that let people in: one per seat and one for the facilitator, each 128 bits
/// from the operating system, as 32 hexadecimal digits.
struct Tokens {
    std::string facilitator;
    std::vector<std::pair<std::string, std::string>> seats;  ///< (actor id, token)
};
/// New tokens for every seat of a game.
[[nodiscard]] Tokens newTokens(const Session& s);
/// 128 random bits from the operating system (getrandom), as 32 hexadecimal digits.
[[nodiscard]] std::string randomToken();
/// Whether two strings are equal, in a time that does not depend on where they differ.
[[nodiscard]] bool sameSecret(std::string_view a, std::string_view b);
/// The tokens file (YAML: `facilitator: T` and `seats: {actor: T}`) kept beside a save so
/// that a restarted server lets the same addresses in. nullopt, with `error`, when it is
/// unreadable or does not fit the game's seats.
[[nodiscard]] std::optional<Tokens> readTokens(const std::string& path, const Session& s, std::string& error);
/// Writes it readable by its owner only. Throws std::runtime_error on failure.
void writeTokens(const std::string& path, const Tokens& t);

struct RoomOptions {
    std::string savePath;               ///< the game file, written after every accepted change ("" = never)
    std::optional<double> deadlineMinutes;  ///< each turn's countdown
    int mapWidth = 1600, mapHeight = 900;   ///< the maps' layout size (the pages scale them)
    unsigned whatNextThreads = 1;
    double messagesPerSecond = 20, burst = 40;  ///< each client's allowance
};

class Room {
public:
    using Send = std::function<void(std::string)>;
    using Post = std::function<void(std::function<void()>)>;
    using Now = std::function<Clock::time_point()>;

    /// `post` runs a function on the room's thread later (what next? finishing); `now` is the
    /// clock of deadlines (tests give their own).
    Room(std::unique_ptr<Session> session, Tokens tokens, RoomOptions options, const render::WorldMap& map,
         const render::FontMetrics& fonts, Post post, Now now = Clock::now);
    ~Room();
    Room(const Room&) = delete;
    Room& operator=(const Room&) = delete;

    /// A client connected; `send` delivers a text message to it. Returns its id.
    std::uint64_t connect(Send send);
    /// It went away.
    void disconnect(std::uint64_t client);
    /// A text message from a client. False when the server should close the connection (a
    /// bad hello, or a flood of refused messages); it has been told why.
    bool receive(std::uint64_t client, std::string_view text);
    /// Called about once a second: ends a turn whose countdown has run out.
    void tick();

    [[nodiscard]] const Session& session() const { return *m_session; }
    [[nodiscard]] const Tokens& tokens() const { return m_tokens; }
    /// The last failure to save (empty: the last save worked).
    [[nodiscard]] const std::string& saveError() const { return m_saveError; }
    /// Seconds left of the turn's countdown (nullopt: none).
    [[nodiscard]] std::optional<double> secondsLeft() const;
    /// How many clients are connected.
    [[nodiscard]] std::size_t clients() const { return m_clients.size(); }

private:
    struct Client;
    struct Request;
    /// "Russia", "the facilitator" or "client 7" (not joined yet), for the log.
    [[nodiscard]] std::string who(const Client& c) const;
    bool handle(Client& c, const Request& r);
    void reply(Client& c, const Request& r, bool ok, const std::string& text, const std::string& expected = {}, const std::string& hint = {});
    /// After an accepted change: saves, and sends everyone their state (and map, if changed).
    void changed();
    /// A turn was played or undone: saves, tells everyone `news`, sends the new state.
    void turnEnded(const std::string& news);
    void sendAll();
    /// Everyone's state (each seat's made once, whatever its number of clients).
    void sendStates();
    void save();
    void sendState(Client& c);
    void sendMap(Client& c);
    void tellAll(const std::string& text);
    [[nodiscard]] ActorId viewer(const Client& c) const;
    [[nodiscard]] std::string stateJson(const Client& c) const;
    [[nodiscard]] const std::string& mapSvg(std::int64_t turn, ActorId viewer);
    void freshMaps();
    void startDeadline();
    void deadlinePassed();
    void startWhatNext(Client& c, const Request& r, std::uint64_t runs);

    std::unique_ptr<Session> m_session;
    Tokens m_tokens;
    RoomOptions m_opt;
    const render::WorldMap& m_map;
    const render::FontMetrics& m_fonts;
    Post m_post;
    Now m_now;

    std::map<std::uint64_t, std::unique_ptr<Client>> m_clients;
    std::uint64_t m_nextClient = 1;
    std::vector<bool> m_ready;  ///< per seat (the session's seats' order)
    std::map<std::pair<std::int64_t, ActorId>, std::string> m_maps;  ///< SVGs of the history as it stands
    std::int64_t m_mapsTurn = -1;                                    ///< the turn m_maps were made at
    std::uint64_t m_mapGeneration = 0;                               ///< changes whenever m_maps is emptied
    std::optional<Clock::time_point> m_deadline;  ///< when the turn's countdown ends
    std::optional<Clock::duration> m_pausedLeft;  ///< what was left when the game was paused
    std::string m_saveError;

    // what next? runs on its own thread; its progress is read from here
    std::thread m_whatNext;
    std::atomic<bool> m_cancel{false};
    std::atomic<std::uint64_t> m_progress{0};
    std::uint64_t m_whatNextRuns = 0;  ///< 0: none running
    std::shared_ptr<bool> m_alive;     ///< outlives the room for a finishing thread's post
};

}  // namespace brink::serve
