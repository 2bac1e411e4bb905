#pragma once
/// The game session: the only path from a person's order to the engine. The play window,
/// headless play, the server and scripts all send it Commands; it checks each one with the
/// very check resolution applies, journals it, and replays the journal to rebuild any
/// state: now, a past turn, the turn before an undo. Nothing else changes a game.
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "brink/sim/observer.hpp"
#include "brink/sim/sim.hpp"
#include "brink/session/game.hpp"
#include "brink/stats/stats.hpp"

namespace brink {

/// A seat gives an order for the coming turn (target kNone for an action without one).
struct OrderCmd {
    ActorId seat = kNone;
    ActionId action = kNone;
    ActorId target = kNone;
};
/// A seat takes back one of its pending orders.
struct WithdrawCmd {
    ActorId seat = kNone;
    ActionId action = kNone;
    ActorId target = kNone;
};
/// The facilitator puts something into the coming turn (see GameInject).
struct InjectCmd {
    GameInject inject;
};
/// The facilitator takes back an inject of the coming turn (by its index there).
struct WithdrawInjectCmd {
    std::size_t index = 0;
};
/// Resolves the coming turn with the orders and injects given for it.
struct EndTurnCmd {};
/// Goes back `turns` turns: the game replays its journal without them. With `keepOrders`,
/// what was given for the undone turns stays in the journal, pending again.
struct UndoCmd {
    int turns = 1;
    bool keepOrders = true;
};
/// Pauses or resumes the game (a paused game does not end turns).
struct PauseCmd {
    bool paused = true;
};
using Command = std::variant<OrderCmd, WithdrawCmd, InjectCmd, WithdrawInjectCmd, EndTurnCmd, UndoCmd, PauseCmd>;

/// What a command did: done, or why not (in words fit to show the person who sent it).
struct [[nodiscard]] Result {
    bool ok = true;
    std::string error;
    static Result fail(std::string why) { return {false, std::move(why)}; }
    explicit operator bool() const { return ok; }
};

/// One order a seat may consider now, checked as resolution will check it.
struct OrderOption {
    ActionId action = kNone;
    ActorId target = kNone;  ///< kNone: the action takes no target (or none meets its condition)
    std::vector<std::pair<AssetId, double>> costs;  ///< what it would cost now
    bool allowed = false;    ///< it would be carried out if given now
    std::string reason;      ///< why not, when not allowed
    bool pending = false;    ///< the seat has already given it for the coming turn
};

/// The outcome distribution and metrics of N continuations, with intervals.
struct Continuations {
    std::uint64_t runs = 0;   ///< runs done (fewer than asked when cancelled)
    bool cancelled = false;
    std::int64_t fromTurn = 0;
    struct Share {
        std::string outcome;
        std::uint64_t count = 0;
        double p = 0;
        Interval ci;  ///< Wilson 95%
    };
    std::vector<Share> outcomes;  ///< every outcome of the scenario, horizon first
    struct Metric {
        std::string name;
        double mean = 0;
        Interval ci;  ///< Student t 95%
    };
    std::vector<Metric> metrics;  ///< final values
};

/// N continuations of a world of `sc` (what Session::whatNext runs): every actor played by
/// its policy, run r with the stream of a batch of seed `seed`, to turn `horizon`. It reads
/// only its arguments, so a window may run it on a thread of its own while it goes on
/// reading its session.
Continuations continuations(std::shared_ptr<const Scenario> sc, std::shared_ptr<const World> from, std::uint64_t seed,
                            std::int64_t horizon, std::uint64_t runs, unsigned threads,
                            const std::function<void(std::uint64_t)>& progress, const std::atomic<bool>& cancel);

class Session {
public:
    /// A new game of a scenario given as text (`path` names it in messages). Without
    /// `seed`, the scenario's seed, else 1 (as brink run). `seats` are actor ids.
    static std::unique_ptr<Session> start(std::string scenarioText, const std::string& path, std::optional<std::uint64_t> seed,
                                          const std::vector<std::string>& seats, Diagnostics& diag,
                                          const LoadOptions& opt = {});
    /// A game from its file's text, replayed to the turn it reached. Any problem (a name the
    /// scenario does not have, an order for an actor that is not a seat) goes to `diag` at
    /// its line and column; nullptr then.
    static std::unique_ptr<Session> open(const std::string& gameText, const std::string& path, Diagnostics& diag,
                                         const LoadOptions& opt = {});
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    /// Replaces this game by the one a game file holds (the window's Load). False, with the
    /// reasons in `diag`, when the file is not a game this session can open; nothing changes then.
    bool load(const std::string& gameText, const std::string& path, Diagnostics& diag);

    /// Applies a command. A refused command changes nothing.
    Result apply(const Command& c);

    /// Adds the orders and injects of an orders file (or of a game file's queued turns) to the
    /// journal, for the turns they name. Bad names or actors that are not seats go to `diag`
    /// at their place; nothing is added then.
    bool queue(const GameFile& orders, const std::string& path, Diagnostics& diag);
    /// Plays every turn up to `turn` (or the end), each with what the journal holds for it.
    Result playTo(std::int64_t turn);
    /// The last turn to play: the scenario's, or another (brink play --turns). Replays.
    void setHorizon(std::int64_t lastTurn);

    // ---- reading --------------------------------------------------------------------------
    /// The scenario the game plays (its injects' effects compiled in). A change of the
    /// journal (apply, queue, load, setHorizon) replaces it: a caller that keeps a
    /// reference across one holds scenarioPtr() meanwhile. Its names and ids never change.
    [[nodiscard]] const Scenario& scenario() const { return *m_sc; }
    [[nodiscard]] std::shared_ptr<const Scenario> scenarioPtr() const { return m_sc; }
    /// The simulation at the turn reached (its outcome, objectives, horizon).
    [[nodiscard]] const Simulation& simulation() const;
    /// The world now, and at any turn played (from the first turn of the game).
    [[nodiscard]] const World& world() const;
    [[nodiscard]] const World& worldAt(std::int64_t turn) const;
    [[nodiscard]] std::int64_t turn() const;
    [[nodiscard]] std::int64_t firstTurn() const { return m_firstTurn; }
    [[nodiscard]] std::int64_t horizon() const { return m_horizon; }
    [[nodiscard]] bool finished() const;
    /// The outcome so far (kNone while the game goes on).
    [[nodiscard]] OutcomeId outcome() const;
    [[nodiscard]] bool paused() const { return m_file.paused; }
    [[nodiscard]] std::uint64_t seed() const { return m_file.seed; }
    [[nodiscard]] const std::vector<ActorId>& seats() const { return m_seats; }
    /// The journal: the game file as it stands (played turns and queued ones).
    [[nodiscard]] const GameFile& journal() const { return m_file; }
    [[nodiscard]] bool isSeat(ActorId a) const;

    /// Every order `seat` may consider for the coming turn: each action its `by` allows,
    /// with each target its condition allows, what it costs and whether it would be carried
    /// out given the seat's pending orders (checkOrder on the state the decisions phase will
    /// see). An action no target suits, or whose `by` fails, appears once, not allowed.
    /// Other sides' actions (owners.hpp: their `by` says self == another actor) are left out.
    [[nodiscard]] std::vector<OrderOption> options(ActorId seat) const;
    /// The seat's pending orders, in the order given.
    [[nodiscard]] std::vector<OrderCmd> pending(ActorId seat) const;
    /// Injects given for the coming turn.
    [[nodiscard]] std::vector<GameInject> pendingInjects() const;
    /// Whether `seat`'s pending order would be carried out (the same check as options()).
    [[nodiscard]] OrderOption checkPending(ActorId seat, std::size_t index) const;

    /// Everything that happened in a turn played (the facilitator's view).
    [[nodiscard]] const std::vector<Happening>& happenings(std::int64_t turn) const;
    /// What `seat` may see of a turn: every public happening, its own secret orders and
    /// refusals, and unseen shipments it sent or received.
    [[nodiscard]] std::vector<Happening> visibleTo(std::int64_t turn, ActorId seat) const;
    /// Whether `seat` may see a happening (kNone: the facilitator, who sees all; kPublic:
    /// the room, which sees what every seat may).
    [[nodiscard]] static bool visible(const Happening& h, ActorId seat);
    static constexpr ActorId kPublic = -2;
    /// The world at a turn as `seat` knows it, for drawing: shipments nobody saw, that it
    /// neither sent nor received, are left out, and the totals of such transfers count only
    /// what was seen. kNone: all of it.
    [[nodiscard]] World seenBy(std::int64_t turn, ActorId seat) const;

    // ---- saving and the files of a run ------------------------------------------------------
    /// The game file: scenario, seed, seats, the turn reached, the journal.
    [[nodiscard]] std::string gameFileText() const;
    /// metrics.csv, events.jsonl, final.yaml and summary.json of the game so far, byte for
    /// byte those brink run writes for the same inputs.
    [[nodiscard]] std::vector<std::pair<std::string, std::string>> runFiles() const;

    // ---- what next? ---------------------------------------------------------------------------
    /// N continuations from now with every seat played by its policy, through the batch
    /// machinery (the runs brink batch GAME --runs N makes): their outcomes with Wilson
    /// intervals and their final metrics with intervals. `progress` (may be empty) hears runs
    /// done; `cancel` stops at the next chunk.
    [[nodiscard]] Continuations whatNext(std::uint64_t runs, unsigned threads, const std::function<void(std::uint64_t)>& progress,
                                         const std::atomic<bool>& cancel, std::uint64_t seed = 0) const;
    /// The world now, for a batch of continuations (brink batch GAME).
    [[nodiscard]] std::shared_ptr<const World> snapshot() const;

    struct Impl;

private:
    Session();
    /// Rebuilds everything from the journal: the effective scenario, each turn's inputs, and
    /// a replay to the turn reached. False (and `diag` or `error` say why) when the journal
    /// names what the scenario lacks.
    bool rebuild(Diagnostics* diag, std::string* error);
    std::unique_ptr<Impl> m_impl;
    GameFile m_file;
    std::shared_ptr<const Scenario> m_sc;
    std::vector<ActorId> m_seats;
    std::int64_t m_firstTurn = 0;
    std::int64_t m_horizon = 0;
};

}  // namespace brink
