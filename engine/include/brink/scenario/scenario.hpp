#pragma once
/// A loaded scenario: the catalogue of everything that does not change during a run
/// (names, rules, compiled expressions) plus the initial values a World starts from.
#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "brink/base/dates.hpp"
#include "brink/base/diagnostics.hpp"
#include "brink/expr/expr.hpp"
#include "brink/base/ids.hpp"
#include "brink/base/names.hpp"
#include "brink/scenario/yaml_doc.hpp"

namespace brink {

enum class AssetKind : std::uint8_t { Stock, Tech };

struct AssetDef {
    std::string id, name, unit;
    AssetKind kind = AssetKind::Stock;
    DomainId domain = kNone;
    double value = 0.0;  ///< weight in power()
};

/// An (asset, amount) pair whose amount is an expression of `self`.
struct AssetAmount {
    AssetId asset = kNone;
    ProgramId amount = kNone;
};

struct PostureDef {
    std::string id, name;
    int level = 0;
    double credibility = 0.5;
    double escalation = 1.0;  ///< multiplier on the climbing probability of its holder's dyads
    std::vector<AssetAmount> upkeep;
    std::int64_t delay = 0;   ///< days from order to effect
    StrId str = kNone;        ///< its id in the string table (what posture(A) returns)
};

struct RungDef {
    std::string id, name;
    OutcomeId ends = kNone;
};

/// A bloc's look on the map (the `blocs` section; every bloc an actor names has one).
struct BlocDef {
    std::string name;            ///< for the legend; empty: drawn from the id
    bool hasColour = false;      ///< `colour` given; else the map picks one from the id
    std::uint8_t r = 0, g = 0, b = 0;
    SourceLoc loc;
};

struct ActorDef {
    std::string id, name, map;
    SourceLoc loc;  ///< where the actor is declared
    bool hasCapital = false;
    double lat = 0.0, lon = 0.0;
    StrId bloc = kNone;
    bool nuclear = false;
    PostureId posture = kNone;
    double resolve = 0.5, stability = 1.0;
    std::vector<double> stock;  ///< by asset (stock kind; tech assets ignored)
    std::vector<double> tech;   ///< by domain
    std::vector<AssetAmount> production, consumption;
};

struct RelationDef {
    ActorId a = kNone, b = kNone;
    Stance stance = Stance::Neutral;
    double tension = 0.0, baseline = 0.0;
    RungId rung = 0;
    std::uint64_t treaties = 0;
    SourceLoc loc;
};

/// Where an actor slot in an effect points.
struct ActorRef {
    enum class Kind : std::uint8_t { Fixed, Self, Target, A, B } kind = Kind::Fixed;
    ActorId id = kNone;
    [[nodiscard]] ActorId resolve(const Bindings& b) const {
        switch (kind) {
            case Kind::Self: return b.self;
            case Kind::Target: return b.target;
            case Kind::A: return b.a;
            case Kind::B: return b.b;
            default: return id;
        }
    }
};

/// Text with {self}, {target}, {a}, {b} and {expression} holes, compiled at load.
struct Template {
    struct Part {
        std::string text;            ///< literal text, or empty for a hole
        ActorRef actor;              ///< hole naming an actor
        ProgramId expr = kNone;      ///< hole holding an expression
        bool isActor = false;
    };
    std::vector<Part> parts;
    [[nodiscard]] bool empty() const { return parts.empty(); }
};

enum class EffectKind : std::uint8_t {
    Add, Tension, Stance, Rung, Posture, Resolve, Stability, Transfer, Treaty, Headline, End
};

struct Effect {
    EffectKind kind = EffectKind::Add;
    ActorRef x, y;             ///< actor, or the two sides of `between`, or from/to
    std::int32_t ref = kNone;  ///< asset, stance, rung, posture, treaty, outcome, or transfer record
    ProgramId amount = kNone;  ///< amount, delta or to (tension)
    bool isTo = false;         ///< tension/rung: `to` rather than `delta`
    Template text;             ///< headline
    SourceLoc loc;
};

struct TransferDef {
    std::string id;
    ActorId from = kNone, to = kNone;
    AssetId asset = kNone;
    ProgramId amount = kNone;
    std::int64_t every = 0;     ///< 0: a single shipment
    std::int64_t transit = 0;
    std::int64_t start = 0;
    std::int64_t until = -1;    ///< -1: no end
    ProgramId detect = kNone;
    ProgramId interdict = kNone;
    bool scheduled = true;      ///< false: a record for shipments sent by a `transfer` effect
    ActorRef fromRef, toRef;    ///< effect records: who sends (resolved when fired)
    SourceLoc loc;              ///< where it is declared
};

struct RuleDef {
    std::string id;
    ProgramId when = kNone;
    std::vector<Effect> effects;
};

struct ActionDef {
    std::string id, name;
    ProgramId by = kNone;
    ProgramId target = kNone;
    bool hasTarget = false;
    std::vector<AssetAmount> cost;
    double escalation = 0.0;
    std::int64_t duration = 0;
    bool isPublic = true;
    std::vector<Effect> effects;
    Template headline;
};

struct EventDef {
    std::string id, name;
    ProgramId when = kNone;
    ProgramId chance = kNone;
    bool once = false;
    std::vector<Effect> effects;
    Template headline;
};

struct PolicyRule {
    ProgramId when = kNone;
    ProgramId chance = kNone;
    ActionId action = kNone;
    std::vector<ActorId> targets;  ///< empty: no target
    std::string why;
};

struct MetricDef {
    std::string name;
    ProgramId expr = kNone;
};

struct EndDef {
    ProgramId when = kNone;
    OutcomeId outcome = kNone;
};

struct ObjectiveDef {
    ActorId actor = kNone;
    std::string name;
    ProgramId expr = kNone;
    std::string text;  ///< what it means, in words for a class ("" when the scenario gives none)
};

enum class DistKind : std::uint8_t { Uniform, Normal, Triangular, Choice };

struct UncertainDef {
    ParamId param = kNone;
    SourceLoc loc;  ///< the distribution's place in the file
    DistKind kind = DistKind::Uniform;
    std::vector<double> args;
    /// Set by `--set`: still drawn (so every later draw stays where it was, and a batch run
    /// that sweeps this parameter replays with `brink run --set`), but the set value stands.
    bool pinned = false;
};

enum class DesignKind : std::uint8_t { Grid, Lhs, Sobol };

struct ExperimentDef {
    bool present = false;
    DesignKind design = DesignKind::Grid;
    std::int64_t points = 0;
    std::int64_t runs = 1;
    struct Factor {
        ParamId param = kNone;
        bool isRange = true;
        double lo = 0, hi = 0;
        std::vector<double> levels;
    };
    std::vector<Factor> factors;
};

/// Entries of the calendar saved in final.yaml (see World).
enum class CalKind : std::uint8_t { Arrival = 0, Posture = 1, ActionEffects = 2, Departure = 3 };

struct CalEntry {  // the fields ordered for size (48 bytes): it is copied on every calendar step
    std::int64_t day = 0;
    std::uint64_t seq = 0;
    double amount = 0.0;
    std::int32_t priority = 0;
    std::int32_t i0 = kNone, i1 = kNone, i2 = kNone;  ///< meaning depends on kind
    CalKind kind = CalKind::Departure;
    std::uint8_t flags = 0;                           ///< arrivals: 1 detected, 2 interdicted
};

struct FlowTotals {
    double sent = 0, delivered = 0, interdicted = 0, inTransit = 0, detected = 0;
    std::int64_t shipments = 0;
};

/// A dyad outside `relations` whose state a run changed (saved in final.yaml).
struct SavedDyad {
    ActorId a = kNone, b = kNone;
    Stance stance = Stance::Neutral;
    double tension = 0.0;
    RungId rung = 0;
    std::uint64_t treaties = 0;
};

/// Progress saved in a final.yaml's `state` section, restored on load, so a run can
/// continue exactly where another stopped (random stream included).
struct SavedState {
    bool present = false;
    std::int64_t turn = 0;
    std::array<std::uint64_t, 4> rng{};
    std::uint64_t nextSeq = 0;
    OutcomeId outcome = kNone;
    std::vector<double> escScore;            ///< by actor
    std::vector<std::uint32_t> fired;        ///< by event
    std::vector<FlowTotals> flows;           ///< by transfer record
    std::vector<double> metrics;             ///< by metric
    std::vector<SavedDyad> dyads;
    std::vector<std::pair<DyadId, std::int16_t>> peaks;
    std::vector<CalEntry> calendar;
};

/// Everything a run reads but never changes.
struct Scenario {
    // identity
    std::string path;  ///< file it came from
    std::string id, title, description;
    Days start = 0;
    std::int64_t turnDays = 7;
    std::int64_t turns = 1;
    std::int64_t turnsInFile = 1;
    std::uint64_t seed = 0;
    bool hasSeed = false;
    std::vector<std::string> sources;

    // catalogue
    NameIndex paramNames;
    std::vector<double> params;  ///< defaults (after --set)
    std::vector<UncertainDef> uncertain;
    std::vector<AssetDef> assets;
    NameIndex domains;
    std::vector<PostureDef> postures;
    PostureId neutralPosture = kNone;
    std::vector<RungDef> ladder;
    bool hasLadder = false;
    ProgramId up = kNone, down = kNone;
    double relax = 0.1;
    std::vector<ActorDef> actors;
    std::vector<RelationDef> relations;
    std::vector<TransferDef> transfers;
    std::vector<RuleDef> rules;
    std::vector<ActionDef> actions;
    std::vector<EventDef> events;
    std::vector<std::vector<PolicyRule>> policies;  ///< by actor
    std::vector<MetricDef> metrics;
    std::vector<EndDef> ends;
    std::vector<ObjectiveDef> objectives;
    ExperimentDef experiment;
    NameIndex outcomes;  ///< 0 is "horizon"
    NameIndex treaties;
    NameIndex blocs;     ///< the `blocs` section's, then every other actor's bloc, in order of first use
    std::vector<BlocDef> blocInfo;  ///< by bloc, index for index with `blocs`
    NameIndex strings;   ///< interned strings (stances first)
    // ids of the catalogue's items, index for index with their vectors above
    NameIndex actorIds, assetIds, postureIds, rungIds, transferIds, eventIds, actionIds, metricIds;
    SavedState saved;

    // compiled expressions
    std::vector<Instr> code;
    std::vector<Program> programs;
    bool readsMetrics = false;  ///< some expression calls metric(name)

    /// The source document, kept to write final.yaml in the author's own layout.
    std::shared_ptr<YamlDoc> doc;

    // lookups
    [[nodiscard]] std::int32_t find(const std::vector<std::string>& names, std::string_view name) const;
    [[nodiscard]] std::int32_t find(const NameIndex& names, std::string_view name) const { return names.find(name); }
    [[nodiscard]] ActorId actorIndex(std::string_view id) const;
    [[nodiscard]] AssetId assetIndex(std::string_view id) const;
    [[nodiscard]] ParamId paramIndex(std::string_view id) const;
    [[nodiscard]] StrId intern(std::string_view s);
    [[nodiscard]] StrId findString(std::string_view s) const;

    [[nodiscard]] std::size_t actorCount() const { return actors.size(); }
    /// Index of the unordered pair {a, b} (a != b) in the dense dyad arrays.
    [[nodiscard]] DyadId dyad(ActorId a, ActorId b) const {
        if (a == b) return kNone;
        if (a > b) std::swap(a, b);
        const auto n = static_cast<std::int64_t>(actors.size());
        return static_cast<DyadId>(a * n - a * (a + 1) / 2 + (b - a - 1));
    }
    [[nodiscard]] std::size_t dyadCount() const { return actors.size() * (actors.size() - (actors.empty() ? 0 : 1)) / 2; }
    [[nodiscard]] const Program& program(ProgramId p) const { return programs[static_cast<std::size_t>(p)]; }
};

}  // namespace brink
