#pragma once
/// Stepping a scenario: the six phases of a turn, on the calendar, from one stream.
#include <cmath>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "brink/sim/observer.hpp"
#include "brink/base/rng.hpp"
#include "brink/scenario/scenario.hpp"
#include "brink/sim/world.hpp"

extern "C" {
struct BrinkNativeTurn;        // native/abi.hpp: the compiled phases' view of a run
struct BrinkNativePhases;
struct BrinkNativeBindings;
struct BrinkNativeCalEntry;
}

namespace brink {

class Explainer;
class NativeModule;

/// How one run starts.
struct RunSetup {
    StreamKey key;                 ///< (seed, design point, replication)
    bool reseed = false;           ///< from a saved state: draw a new stream from `key` anyway
    std::int64_t turns = -1;       ///< last turn to play; -1: the scenario's `turns`
    /// Parameter values that win over the scenario's (a design point). Uncertain params
    /// named here are still drawn, then replaced, so every run consumes the same draws.
    std::vector<std::pair<ParamId, double>> params;
};

/// An order given by a player instead of the actor's policy.
struct Order {
    ActorId actor = kNone;
    ActionId action = kNone;
    ActorId target = kNone;
};

/// A run failed for a reason in the scenario (division by zero at run time, ...).
class RunError : public std::runtime_error {
public:
    RunError(SourceLoc where, std::string what, std::string help)
        : std::runtime_error(std::move(what)), loc(where), hint(std::move(help)) {}
    SourceLoc loc;
    std::string hint;
};

/// What people decided for one turn beyond the policies: one turn of a game's journal.
struct TurnInputs {
    /// Orders of human-played actors, in the order given (each checked by checkOrder).
    std::vector<Order> orders;
    /// Human-played actors whose policy plays this turn instead (a missed turn).
    std::vector<ActorId> ai;
    /// Events made to fire this turn whatever their `when`, `chance` and `once`.
    std::vector<EventId> events;
    /// Parameters set from this turn on (before anything else of the turn).
    std::vector<std::pair<ParamId, double>> sets;
    /// Effects applied at the start of the turn (after `sets`), each with the headline that
    /// tells it (may be empty). The lists must outlive the turn.
    struct Effects {
        const std::vector<Effect>* effects = nullptr;
        std::string headline;
    };
    std::vector<Effects> effects;
    [[nodiscard]] bool empty() const { return orders.empty() && ai.empty() && events.empty() && sets.empty() && effects.empty(); }
};

namespace detail {
/// evalRun's path for programs that are not constants.
double evalCode(const Scenario& sc, const World& w, ProgramId p, const Bindings& b);
/// A compiled function failed (module.cpp): throws the RunError the interpreter throws.
[[noreturn]] void nativeFailed(const Scenario& sc, const World& w, ProgramId p, int err);
}  // namespace detail

/// Evaluates a program as a run does: constants at once, and an evaluation error turned
/// into a RunError that says where and when.
inline double evalRun(const Scenario& sc, const World& w, ProgramId p, const Bindings& b) {
    const Program& prog = sc.programs[static_cast<std::size_t>(p)];
    if (prog.isConst) return prog.constValue;  // most amounts are constants
    if (w.native.owner == &w) {
        // the compiled backend (native.hpp): the same operations, compiled
        int err = 0;
        const double v = w.native.fns[static_cast<std::size_t>(p)](w.native.view, &b, &err);
        if (err != 0) detail::nativeFailed(sc, w, p, err);
        return v;
    }
    return detail::evalCode(sc, w, p, b);
}

/// Builds the initial world of a run (draws `uncertain` params from the stream).
World makeWorld(std::shared_ptr<const Scenario> sc, const RunSetup& setup);
/// The same, into an existing world whose memory is reused (no allocation once warm).
void initWorld(World& w, std::shared_ptr<const Scenario> sc, const RunSetup& setup);

class Simulation {
public:
    Simulation(std::shared_ptr<const Scenario> sc, const RunSetup& setup);
    /// Starts a new run of the same scenario, reusing this simulation's memory.
    void restart(const RunSetup& setup);
    /// Starts a run from a copy of `w` (a world of this scenario, at any turn) with the
    /// stream of `setup.key` and the horizon of `setup.turns`: a continuation, "what could
    /// happen from here". Its params and metrics stand as they are in `w`.
    void restartFrom(const World& w, const RunSetup& setup);

    void setObserver(Observer* o) { m_obs = o; }
    /// Evaluates the scenario's expressions with a compiled module (nullptr: the
    /// interpreter); kept across restarts. The run is the same to the bit either way.
    void setNative(std::shared_ptr<const NativeModule> m);
    /// Actors whose orders come from people (TurnInputs) rather than from their policies. A
    /// human actor's policy rules still draw their random numbers, and discard them, so the
    /// stream is the same whoever plays a seat. restart() makes every actor the policy's.
    void setHuman(ActorId a, bool human);
    [[nodiscard]] bool human(ActorId a) const { return m_human[static_cast<std::size_t>(a)]; }
    /// The inputs of the next turn only (nullptr: none). They must stay alive until step()
    /// (or resolveTurn()) returns. Orders for an actor that is not human are a programmer's
    /// error (an assertion): the game session checks them first.
    void setTurnInputs(const TurnInputs* in) { m_inputs = in; }

    /// Records the initial state (turn 0, or the saved turn) to the observer.
    void begin();
    /// Plays one turn. Returns false once the run has ended (before or by this turn).
    bool step();
    /// The first half of step(): the turn's inputs that come first (sets, effects), the
    /// calendar and the rules, leaving the world as the decisions phase will see it.
    /// Returns false (and does nothing) when the run has finished.
    bool prepareTurn();
    /// The second half: decisions, events, escalation, record. Returns false once the run
    /// has ended. Call only after prepareTurn() returned true.
    bool resolveTurn();
    /// begin() then step() until the end.
    void run();
    /// For batches: evaluate metrics only once, when run() ends, instead of every turn.
    /// Ignored when the scenario reads metrics in expressions (metric(name)).
    void setFinalMetricsOnly(bool on) { m_finalMetricsOnly = on && !m_sc->readsMetrics; }

    /// Whether the next turn's phases are the compiled module's own (native_phases.cpp): a
    /// module is set, no one watches the run, no person gives orders, nothing is injected.
    /// Otherwise the engine's phases run, evaluating with the module if one is set.
    [[nodiscard]] bool compiledPhases() const { return m_phases && !m_obs && !m_inputs && !m_anyHuman; }

    [[nodiscard]] const World& world() const { return m_w; }
    [[nodiscard]] World& world() { return m_w; }
    [[nodiscard]] std::int64_t horizon() const { return m_horizon; }
    /// The stream key this run was started with.
    [[nodiscard]] const StreamKey& key() const { return m_key; }
    [[nodiscard]] bool finished() const { return m_w.ended() || m_w.turn >= m_horizon; }
    /// The outcome so far: the one reached, "horizon" when turns ran out, else kNone.
    [[nodiscard]] OutcomeId outcome() const;
    /// Objective values, in Scenario::objectives order.
    [[nodiscard]] std::vector<double> objectives() const;

private:
    /// One pending change of a phase: amounts already evaluated from the phase's start.
    struct Change {
        enum class Kind : std::uint8_t { Effect, Stock, Departure, Arrival, PostureSet, Upkeep, Escalation, Fired, Schedule };
        Kind kind = Kind::Effect;
        // index of its chance's explanation in m_whys (only when wanted); it sits in the
        // padding after `kind`, so a batch's changes are no larger for it
        std::int32_t why = kNone;
        const Effect* effect = nullptr;
        Bindings b;
        std::int32_t i0 = kNone, i1 = kNone, i2 = kNone;
        double v = 0, v2 = 0, v3 = 0;
        CalEntry entry{};
        std::int32_t text = kNone;  // index of its rendered headline in m_texts (only when text is wanted)
        bool consequence = false;   // effect of an order or event that has its own headline
    };
    /// Keeps a rendered headline for a change; returns its index.
    std::int32_t keepText(std::string s) {
        m_texts.push_back(std::move(s));
        return static_cast<std::int32_t>(m_texts.size() - 1);
    }
    [[nodiscard]] std::string textOf(const Change& c) const { return c.text == kNone ? std::string() : m_texts[static_cast<std::size_t>(c.text)]; }
    [[nodiscard]] std::shared_ptr<const Explained> whyOf(const Change& c) const {
        return c.why == kNone ? nullptr : m_whys[static_cast<std::size_t>(c.why)];
    }
    /// Explains chance `p`, drawn against program `prog`'s value capped to 0..1 (an event's
    /// chance); keeps the explanation and returns its index in m_whys.
    std::int32_t keepWhy(ProgramId prog, const Bindings& b, double p);
    /// The same for a rung move: `p` is the chance of the move drawn (climbing: `up`, the
    /// scenario's up times the postures' multiplier `mult`, capped; stepping down: down, capped,
    /// and at most 1 - up).
    std::int32_t explainRung(const Bindings& b, bool climb, double p, double up, double mult);
    std::int32_t keepWhy(Explained e);
    [[nodiscard]] bool wantWhy() const { return m_obs && m_obs->wantsWhy(); }
    /// Points the compiled phases at this simulation's World (after its arrays may have moved).
    void bindPhases();
    static void nativeTouch(void* sim);
    static void nativeFail(void* sim, std::int32_t program, int err);
    static void nativeOverflow(void* sim, std::int32_t what, std::int32_t actor, std::int32_t asset, std::int32_t effect);
    static void nativeEffect(void* sim, std::int32_t effect, const BrinkNativeBindings* b, double v, double v2, double v3);
    static void nativeSchedule(void* sim, std::int32_t action, std::int32_t actor, std::int32_t target);
    static void nativeArrive(void* sim, const BrinkNativeCalEntry* e, int wasInTransit);
    void phaseCalendar();
    void phaseRules();
    void phaseDecisions();
    void phaseEvents();
    void phaseEscalation();
    void phaseRecord();

    void collectEffects(const std::vector<Effect>& effects, const Bindings& b, bool consequence = false);
    void applyChanges();
    void apply(const Change& c);
    void applyEffect(const Change& c);
    void ship(TransferId t, ActorId from, ActorId to, double amount, double detect, double interdict);
    void arrive(const CalEntry& e, bool wasInTransit);
    /// `tension`: the pair's tension to report (a move drawn in the escalation phase: as it
    /// was at the draw); below 0, the tension now.
    void setRung(DyadId d, ActorId a, ActorId b, int to, double p, const std::string& why,
                 std::shared_ptr<const Explained> explain = nullptr, double tension = -1);
    void setPosture(ActorId a, PostureId p);
    void reach(OutcomeId o);
    void order(ActorId actor, const PolicyRule* rule, ActionId action, ActorId target);
    void phaseInputs();
    bool forced(EventId e) const;
    double eval(ProgramId p, const Bindings& b) const { return evalRun(*m_sc, m_w, p, b); }
    /// Stops the run when an applied value overflowed (a finite amount added to a finite
    /// stock can still give infinity), so no inf ever reaches the state or final.yaml.
    /// `what` is "stock", "technology level" or "total sent"; `asset` names what it is of.
    void finite(double v, const char* what, ActorId a, AssetId asset, SourceLoc loc = {}) const {  // loc: else the actor's
        if (!std::isfinite(v)) overflow(what, a, asset, loc);
    }
    [[noreturn]] void overflow(const char* what, ActorId a, AssetId asset, SourceLoc loc) const;
    double prob(ProgramId p, const Bindings& b) const;
    std::string render(const Template& t, const Bindings& b) const;
    void emit(Happening h);
    const Change* m_applying = nullptr;  // the change being applied (its happenings inherit `consequence`)
    std::int64_t m_now = 0;  // the day being resolved: a calendar entry's day, else the turn's day
    [[nodiscard]] bool wantText() const { return m_obs && m_obs->wantsText(); }

    std::shared_ptr<const Scenario> m_sc;
    World m_w;
    std::int64_t m_horizon = 0;
    StreamKey m_key;
    Observer* m_obs = nullptr;
    std::vector<Change> m_changes;     // trivially copyable: no strings in the hot loop
    struct RungMove {                  // the escalation phase's draw for one dyad
        int move = 0;
        std::int32_t why = kNone;
        double p = 0, tension = 0;
    };
    std::vector<RungMove> m_moves;
    std::vector<std::string> m_texts;  // headlines of the phase's changes (only when text is wanted)
    std::vector<std::shared_ptr<const Explained>> m_whys;  // the phase's explained chances (only when wanted)
    std::shared_ptr<Explainer> m_explainer;  // made the first time a chance is explained
    std::shared_ptr<const NativeModule> m_native;  // the compiled backend, or null
    const BrinkNativePhases* m_phases = nullptr;  // its phases of a turn, or null
    std::shared_ptr<BrinkNativeTurn> m_nativeTurn; // what they read and write: this World's arrays
    std::vector<const Effect*> m_effectTable;      // effects by the numbers the phases give them
    std::vector<CalEntry> m_nativePushed;          // what a compiled calendar day schedules
    std::vector<CalEntry> m_due;
    std::vector<double> m_committed;  // costs committed by the deciding actor, by asset
    std::vector<std::pair<ActionId, ActorId>> m_given;
    std::vector<bool> m_human;
    bool m_anyHuman = false;
    std::vector<double> m_costs;       // the deciding order's cost amounts, by cost
    const TurnInputs* m_inputs = nullptr;
    bool m_begun = false;
    bool m_continued = false;  // started from a world: its metrics already stand
    bool m_finalMetricsOnly = false;
};

}  // namespace brink
