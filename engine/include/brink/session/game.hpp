#pragma once
/// A game: a scenario, a seed, the seats (actors played by people) and the journal of what
/// people did, turn by turn. Everything else follows from replaying the journal, since a
/// run is a pure function of its inputs. This header holds the journal as plain values and
/// the game file (docs/play.md) that stores it; session.hpp plays it.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "brink/base/diagnostics.hpp"
#include "brink/base/ids.hpp"
#include "brink/scenario/loader.hpp"

namespace brink {

/// An order of a seat, by id (the game file and commands name things; the session resolves
/// them against the scenario).
struct GameOrder {
    std::string actor, action, target;  ///< target empty for an action without one
    SourceLoc loc;                      ///< where a file gave it (0: from a command)
    bool operator==(const GameOrder& o) const { return actor == o.actor && action == o.action && target == o.target; }
};

/// A facilitator's inject, journaled like orders.
struct GameInject {
    enum class Kind : std::uint8_t { Event, Effects, Set, Ai };
    Kind kind = Kind::Event;
    std::string id;        ///< Event: the event; Set: the parameter; Ai: the actor
    double value = 0;      ///< Set: the value
    std::string effects;   ///< Effects: the list in the scenario's effect syntax, as YAML text
    std::string headline;  ///< Effects: the sentence that tells it (may be empty)
    SourceLoc loc;
};

/// One turn of the journal: what people put in before it resolved.
struct GameTurn {
    std::int64_t turn = 0;
    std::vector<GameOrder> orders;
    std::vector<GameInject> injects;
    [[nodiscard]] bool empty() const { return orders.empty() && injects.empty(); }
};

/// What a game file holds.
struct GameFile {
    std::string scenarioText;        ///< the scenario, whole, as its author wrote it
    std::uint32_t scenarioLine = 0;  ///< where its text starts in the game file (0: not from one)
    std::uint32_t scenarioIndent = 0;
    std::uint64_t seed = 1;
    bool reseed = false;             ///< a saved run's scenario: a new stream from `seed`
    std::vector<std::string> seats;
    std::int64_t turn = 0;           ///< the turn the game has reached
    std::int64_t lastTurn = -1;      ///< `last_turn`: the game's last turn when not the scenario's (-1)
    SourceLoc lastTurnLoc;
    std::vector<GameTurn> turns;     ///< ascending, each turn at most once; past `turn`: queued
    bool paused = false;
    std::vector<SourceLoc> seatLocs; ///< where each seat is named (for messages)
    SourceLoc turnLoc;
};

/// Reads a game file (`brink_game: 1`) or, with `ordersOnly`, an orders file (a `turns:`
/// list alone). Every problem of form goes to `diag` as `path:line:col: error: ...`;
/// names are checked later against the scenario (Session::open). nullopt on errors.
std::optional<GameFile> readGameFile(const std::string& text, const std::string& path, Diagnostics& diag,
                                     bool ordersOnly = false, const YamlLimits& limits = {});

/// The game file's text: `brink_game: 1`, seed, seats, turn, the journal, then the scenario
/// embedded whole as a literal block.
std::string writeGameFile(const GameFile& g);

/// Whether YAML text is a game file (its top level has `brink_game`), for commands that
/// take a scenario or a game.
bool looksLikeGame(const std::string& text);

}  // namespace brink
