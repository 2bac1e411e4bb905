// The game session. Its one source of truth is the journal (GameFile); the simulation, the
// worlds of past turns and the story of each turn are rebuilt from it by replaying from the
// start whenever the journal changes in the past (an undo, an inject that brings new
// effects). A replay of a year-long scenario takes well under a millisecond, so nothing is
// patched in place and there is one path from a journal to a state.
#include "brink/session/session.hpp"

#include <algorithm>
#include <deque>
#include <map>

#include "brink/expr/explain.hpp"
#include "brink/scenario/owners.hpp"
#include "brink/base/numfmt.hpp"
#include "brink/batch/plan.hpp"
#include "brink/batch/threads.hpp"
#include "brink/output/outputs.hpp"
#include "brink/sim/orders.hpp"

namespace brink {

namespace {

/// Keeps each turn's happenings, and the files brink run writes, as the game replays.
class Story : public Observer {
public:
    explicit Story(const Scenario& sc) : m_files(sc) {}
    void happened(const World& w, const Happening& h) override {
        m_files.happened(w, h);
        turnOf(w.turn).push_back(h);
    }
    void recorded(const World& w) override {
        m_files.recorded(w);
        (void)turnOf(w.turn);
    }
    [[nodiscard]] bool wantsWhy() const override { return true; }
    std::vector<Happening>& turnOf(std::int64_t turn) { return m_turns[turn]; }
    [[nodiscard]] const std::vector<Happening>* find(std::int64_t turn) const {
        const auto it = m_turns.find(turn);
        return it == m_turns.end() ? nullptr : &it->second;
    }
    [[nodiscard]] const RunRecorder& files() const { return m_files; }

private:
    RunRecorder m_files;
    std::map<std::int64_t, std::vector<Happening>> m_turns;
};

/// Shifts the places of errors found in the embedded scenario to their lines in the game file.
void shiftInto(Diagnostics& from, Diagnostics& to, std::uint32_t firstLine, std::uint32_t indent) {
    for (const Diagnostic& d : from.items()) {
        Diagnostic e = d;
        e.path = to.path();
        if (firstLine > 0 && e.loc.line > 0) {
            e.loc.line += firstLine - 1;
            e.loc.col += indent;
        }
        to.error(e.loc, e.what, e.expected, e.hint);
    }
}

const std::vector<Happening> kNoHappenings;

}  // namespace

struct Session::Impl {
    std::string path;
    LoadOptions opt;
    std::shared_ptr<Scenario> base;   // the scenario as loaded
    std::deque<std::vector<Effect>> effects;  // compiled effects injects (stable addresses)
    std::map<std::pair<std::int64_t, std::size_t>, const std::vector<Effect>*> effectsOf;  // (turn, inject index)
    std::unique_ptr<Simulation> sim;
    std::unique_ptr<Story> story;
    std::map<std::int64_t, World> worlds;  // every turn played, from the first
    std::map<std::int64_t, TurnInputs> inputs;  // resolved journal, by turn
    RunSetup setup;
};

Session::Session() : m_impl(std::make_unique<Impl>()) {}
Session::~Session() = default;

// ---- names to ids -------------------------------------------------------------------------

namespace {

struct Resolver {
    const Scenario& sc;
    const std::vector<ActorId>& seats;
    Diagnostics* diag;  // with a place: a file; without: a command's Result
    std::string error;

    bool fail(SourceLoc loc, std::string what, std::string expected, std::string hint) {
        if (diag) diag->error(loc, what, expected, hint);
        if (error.empty()) error = what + (hint.empty() ? "" : "; " + hint);
        return false;
    }
    ActorId actor(const std::string& id, SourceLoc loc, const char* what) {
        const ActorId a = sc.actorIndex(id);
        if (a == kNone) fail(loc, "unknown actor '" + id + "' in " + what, "an actor id", suggest(id, sc.actorIds));
        return a;
    }
    ActorId seat(const std::string& id, SourceLoc loc, const char* what) {
        const ActorId a = actor(id, loc, what);
        if (a != kNone && std::find(seats.begin(), seats.end(), a) == seats.end()) {
            std::vector<std::string> names;
            for (ActorId s : seats) names.push_back(sc.actors[static_cast<std::size_t>(s)].id);
            fail(loc, "actor '" + id + "' in " + what + " is not a seat of this game", "one of the seats: " + (names.empty() ? std::string("none") : joinList(names)),
                 "only actors played by people give orders; the others follow their policies");
            return kNone;
        }
        return a;
    }
    bool order(const GameOrder& o, Order& out) {
        out.actor = seat(o.actor, o.loc, "an order");
        out.action = sc.actionIds.find(o.action);
        if (out.action == kNone) return fail(o.loc, "unknown action '" + o.action + "' in an order", "an action id", suggest(o.action, sc.actionIds));
        if (out.actor == kNone) return false;
        const ActionDef& a = sc.actions[static_cast<std::size_t>(out.action)];
        out.target = kNone;
        if (a.hasTarget) {
            if (o.target.empty()) return fail(o.loc, "order " + o.actor + " " + o.action + " has no target", "target: an actor id", "action '" + o.action + "' is given against a target");
            out.target = actor(o.target, o.loc, "an order's target");
            return out.target != kNone;
        }
        if (!o.target.empty()) return fail(o.loc, "order " + o.actor + " " + o.action + " names a target, but the action takes none", "no target", "leave out target:");
        return true;
    }
};

}  // namespace

// ---- building and replaying ------------------------------------------------------------------

namespace {

/// Checks every name of a journal and turns it into inputs; compiles the effects injects into
/// `sc`. `fileText` (may be empty) is the text the journal was read from, for exact places.
bool resolveJournal(Scenario& sc, const std::vector<ActorId>& seats, const std::vector<GameTurn>& turns, std::int64_t firstTurn,
                    Diagnostics* diag, std::string* error, std::deque<std::vector<Effect>>& effects,
                    std::map<std::pair<std::int64_t, std::size_t>, const std::vector<Effect>*>& effectsOf,
                    std::map<std::int64_t, TurnInputs>& inputs, const LoadOptions& opt) {
    Resolver r{sc, seats, diag, {}};
    bool ok = true;
    for (const GameTurn& t : turns) {
        if (t.turn <= firstTurn) {
            ok = r.fail(t.orders.empty() ? (t.injects.empty() ? SourceLoc{} : t.injects.front().loc) : t.orders.front().loc,
                        "turn " + std::to_string(t.turn) + " of the journal is not after the game's start (turn " + std::to_string(firstTurn) + ")",
                        "turns from " + std::to_string(firstTurn + 1), "a game from a saved run starts after its saved turn");
            continue;
        }
        TurnInputs in;
        for (const GameOrder& o : t.orders) {
            Order ord;
            if (!r.order(o, ord)) {
                ok = false;
                continue;
            }
            const bool dup = std::any_of(in.orders.begin(), in.orders.end(), [&](const Order& x) {
                return x.actor == ord.actor && x.action == ord.action && x.target == ord.target;
            });
            if (dup) {
                ok = r.fail(o.loc, "order " + o.actor + " " + o.action + (o.target.empty() ? "" : " " + o.target) + " is given twice in turn " + std::to_string(t.turn),
                            "each order once a turn", "an actor gives an action to a target at most once a turn");
                continue;
            }
            in.orders.push_back(ord);
        }
        for (std::size_t k = 0; k < t.injects.size(); ++k) {
            const GameInject& g = t.injects[k];
            switch (g.kind) {
                case GameInject::Kind::Event: {
                    const EventId e = sc.eventIds.find(g.id);
                    if (e == kNone) ok = r.fail(g.loc, "unknown event '" + g.id + "' in an inject", "an event id", suggest(g.id, sc.eventIds));
                    else in.events.push_back(e);
                    break;
                }
                case GameInject::Kind::Ai: {
                    const ActorId a = r.seat(g.id, g.loc, "an ai inject");
                    if (a == kNone) ok = false;
                    else in.ai.push_back(a);
                    break;
                }
                case GameInject::Kind::Set: {
                    const ParamId p = sc.paramIndex(g.id);
                    if (p == kNone) ok = r.fail(g.loc, "unknown parameter '" + g.id + "' in a set inject", "a name under params or uncertain", suggest(g.id, sc.paramNames));
                    else in.sets.emplace_back(p, g.value);
                    break;
                }
                case GameInject::Kind::Effects: {
                    Diagnostics d(diag ? diag->path() : "inject");
                    const YamlDoc doc = YamlDoc::parse(g.effects, d, opt.yaml);
                    std::optional<std::vector<Effect>> fx;
                    const std::string owner = "inject_t" + std::to_string(t.turn) + "_" + std::to_string(k + 1);
                    if (d.ok() && doc.root()) fx = compileEffects(sc, doc.root(), doc.text(), owner, d, opt);
                    if (!fx) {
                        // the places are in the inject's own text: point at the inject in the file
                        for (const Diagnostic& e : d.items()) ok = r.fail(g.loc, "in an effects inject: " + e.what, e.expected, e.hint);
                        if (d.ok()) ok = r.fail(g.loc, "an effects inject has no effects", "a list of effects", {});
                        break;
                    }
                    effects.push_back(std::move(*fx));
                    effectsOf[{t.turn, k}] = &effects.back();
                    in.effects.push_back({&effects.back(), g.headline});
                    break;
                }
            }
        }
        for (ActorId a : in.ai) {
            for (const GameOrder& o : t.orders) {
                if (sc.actorIndex(o.actor) == a) {
                    ok = r.fail(o.loc, "order for " + o.actor + " in turn " + std::to_string(t.turn) + ", which the computer plays (an ai inject)",
                                "orders or an ai inject for a seat in a turn, not both", "remove one of them");
                }
            }
        }
        inputs[t.turn] = std::move(in);
    }
    if (error) *error = r.error;
    return ok;
}

}  // namespace

// The session's rebuild: the effective scenario (the base with every effects inject compiled
// in), the inputs of every turn, and a replay from the start to the turn reached.
bool Session::rebuild(Diagnostics* diag, std::string* error) {
    Impl& m = *m_impl;
    GameFile& file = m_file;
    const std::vector<ActorId>& seats = m_seats;
    const std::int64_t horizon = m_horizon;
    std::shared_ptr<const Scenario>& scOut = m_sc;
    auto sc = std::make_shared<Scenario>(*m.base);
    std::deque<std::vector<Effect>> effects;
    std::map<std::pair<std::int64_t, std::size_t>, const std::vector<Effect>*> effectsOf;
    std::map<std::int64_t, TurnInputs> inputs;
    const std::int64_t first = m.base->saved.present ? m.base->saved.turn : 0;
    if (!resolveJournal(*sc, seats, file.turns, first, diag, error, effects, effectsOf, inputs, m.opt)) return false;
    // the inputs point into `effects`, which moves into the session with them
    m.effects = std::move(effects);
    m.effectsOf = std::move(effectsOf);
    m.inputs = std::move(inputs);
    scOut = sc;
    RunSetup setup = m.setup;
    setup.turns = horizon;
    m.sim = std::make_unique<Simulation>(sc, setup);
    m.story = std::make_unique<Story>(*sc);
    m.sim->setObserver(m.story.get());
    for (ActorId a : seats) m.sim->setHuman(a, true);
    m.worlds.clear();
    m.sim->begin();
    m.worlds.emplace(m.sim->world().turn, m.sim->world());
    while (m.sim->world().turn < file.turn) {
        const auto it = m.inputs.find(m.sim->world().turn + 1);
        m.sim->setTurnInputs(it == m.inputs.end() ? nullptr : &it->second);
        if (!m.sim->prepareTurn()) break;
        m.sim->resolveTurn();
        m.worlds.emplace(m.sim->world().turn, m.sim->world());
    }
    if (m.sim->world().turn < file.turn) {
        // the run ended before the turn the file says it reached
        file.turn = m.sim->world().turn;
    }
    return true;
}

std::unique_ptr<Session> Session::start(std::string scenarioText, const std::string& path, std::optional<std::uint64_t> seed,
                                        const std::vector<std::string>& seats, Diagnostics& diag, const LoadOptions& opt) {
    std::unique_ptr<Session> s(new Session());
    Impl& m = *s->m_impl;
    m.path = path;
    m.opt = opt;
    m.base = loadScenarioText(scenarioText, path, diag, opt);
    if (!m.base) return nullptr;
    s->m_file.scenarioText = std::move(scenarioText);
    s->m_file.seed = seed ? *seed : (m.base->hasSeed ? m.base->seed : 1);
    s->m_file.reseed = seed.has_value() && m.base->saved.present;
    for (const auto& id : seats) {
        const ActorId a = m.base->actorIndex(id);
        if (a == kNone) {
            diag.error({}, "--as names unknown actor '" + id + "'", "actor ids of the scenario", suggest(id, m.base->actorIds));
            continue;
        }
        if (std::find(s->m_seats.begin(), s->m_seats.end(), a) != s->m_seats.end()) {
            diag.error({}, "--as names " + id + " twice", "each seat once");
            continue;
        }
        s->m_seats.push_back(a);
        s->m_file.seats.push_back(id);
    }
    if (!diag.ok()) return nullptr;
    m.setup.key.seed = s->m_file.seed;
    m.setup.reseed = s->m_file.reseed;
    s->m_firstTurn = m.base->saved.present ? m.base->saved.turn : 0;
    s->m_file.turn = s->m_firstTurn;
    s->m_horizon = m.base->turns;
    std::string err;
    if (!s->rebuild(&diag, &err)) return nullptr;
    return s;
}

std::unique_ptr<Session> Session::open(const std::string& gameText, const std::string& path, Diagnostics& diag, const LoadOptions& opt) {
    std::optional<GameFile> file = readGameFile(gameText, path, diag, false, opt.yaml);
    if (!file) return nullptr;
    std::unique_ptr<Session> s(new Session());
    Impl& m = *s->m_impl;
    m.path = path;
    m.opt = opt;
    Diagnostics inner(path);
    m.base = loadScenarioText(file->scenarioText, path, inner, opt);
    if (!m.base) {
        shiftInto(inner, diag, file->scenarioLine, file->scenarioIndent);
        return nullptr;
    }
    for (std::size_t i = 0; i < file->seats.size(); ++i) {
        const ActorId a = m.base->actorIndex(file->seats[i]);
        const SourceLoc loc = i < file->seatLocs.size() ? file->seatLocs[i] : SourceLoc{};
        if (a == kNone) {
            diag.error(loc, "unknown actor '" + file->seats[i] + "' in seats", "an actor id of the embedded scenario", suggest(file->seats[i], m.base->actorIds));
        } else if (std::find(s->m_seats.begin(), s->m_seats.end(), a) != s->m_seats.end()) {
            diag.error(loc, "seat '" + file->seats[i] + "' is named twice", "each seat once");
        } else {
            s->m_seats.push_back(a);
        }
    }
    if (!diag.ok()) return nullptr;
    s->m_file = std::move(*file);
    m.setup.key.seed = s->m_file.seed;
    m.setup.reseed = s->m_file.reseed;
    s->m_firstTurn = m.base->saved.present ? m.base->saved.turn : 0;
    if (s->m_file.turn < s->m_firstTurn) {
        diag.error(s->m_file.turnLoc, "turn " + std::to_string(s->m_file.turn) + " is before the game's start (turn " + std::to_string(s->m_firstTurn) + ")",
                   "a turn from " + std::to_string(s->m_firstTurn));
        return nullptr;
    }
    if (s->m_file.lastTurn > opt.limits.maxTurns) {
        diag.error(s->m_file.lastTurnLoc, "last_turn " + std::to_string(s->m_file.lastTurn) + " is over the limit of " + std::to_string(opt.limits.maxTurns),
                   "a turn from 0 to " + std::to_string(opt.limits.maxTurns), "raise the limit with --max-turns if the game is meant to be that long");
        return nullptr;
    }
    // the game's last turn: the one it was played to (brink play --turns), else the scenario's
    s->m_horizon = std::max(s->m_file.lastTurn >= 0 ? s->m_file.lastTurn : m.base->turns, s->m_file.turn);
    std::string err;
    if (!s->rebuild(&diag, &err)) {
        diag.sortByPlace();
        return nullptr;
    }
    return s;
}

bool Session::load(const std::string& gameText, const std::string& path, Diagnostics& diag) {
    std::unique_ptr<Session> other = open(gameText, path, diag, m_impl->opt);
    if (!other) return false;
    std::swap(m_impl, other->m_impl);
    std::swap(m_file, other->m_file);
    std::swap(m_sc, other->m_sc);
    std::swap(m_seats, other->m_seats);
    std::swap(m_firstTurn, other->m_firstTurn);
    std::swap(m_horizon, other->m_horizon);
    return true;
}

void Session::setHorizon(std::int64_t lastTurn) {
    m_horizon = std::max(lastTurn, m_file.turn);
    m_file.lastTurn = m_horizon;  // kept in the game file, so a saved game ends where it was meant to
    std::string err;
    (void)rebuild(nullptr, &err);
}

bool Session::queue(const GameFile& orders, const std::string& path, Diagnostics& diag) {
    (void)path;
    GameFile next = m_file;
    for (const GameTurn& t : orders.turns) {
        if (t.turn <= m_file.turn) {
            const SourceLoc loc = !t.orders.empty() ? t.orders.front().loc : !t.injects.empty() ? t.injects.front().loc : SourceLoc{};
            diag.error(loc, "turn " + std::to_string(t.turn) + " is already played (the game is at turn " + std::to_string(m_file.turn) + ")",
                       "turns after " + std::to_string(m_file.turn), "to change a played turn, go back first: --undo K");
            continue;
        }
        auto it = std::find_if(next.turns.begin(), next.turns.end(), [&](const GameTurn& x) { return x.turn == t.turn; });
        if (it == next.turns.end()) {
            next.turns.push_back(t);
        } else {
            it->orders.insert(it->orders.end(), t.orders.begin(), t.orders.end());
            it->injects.insert(it->injects.end(), t.injects.begin(), t.injects.end());
        }
    }
    if (!diag.ok()) return false;
    std::sort(next.turns.begin(), next.turns.end(), [](const GameTurn& a, const GameTurn& b) { return a.turn < b.turn; });
    // check the names against the scenario before anything changes
    Scenario probe = *m_impl->base;
    std::deque<std::vector<Effect>> fx;
    std::map<std::pair<std::int64_t, std::size_t>, const std::vector<Effect>*> fxOf;
    std::map<std::int64_t, TurnInputs> inputs;
    if (!resolveJournal(probe, m_seats, next.turns, m_firstTurn, &diag, nullptr, fx, fxOf, inputs, m_impl->opt)) {
        diag.sortByPlace();
        return false;
    }
    m_file = std::move(next);
    std::string err;
    return rebuild(&diag, &err);
}

Result Session::playTo(std::int64_t turn) {
    while (!finished() && this->turn() < turn) {
        if (Result r = apply(EndTurnCmd{}); !r) return r;
    }
    return {};
}

// ---- commands ------------------------------------------------------------------------------

namespace {
GameTurn& comingTurn(GameFile& f, std::int64_t turn) {
    auto it = std::find_if(f.turns.begin(), f.turns.end(), [&](const GameTurn& t) { return t.turn == turn; });
    if (it != f.turns.end()) return *it;
    GameTurn t;
    t.turn = turn;
    const auto at = std::find_if(f.turns.begin(), f.turns.end(), [&](const GameTurn& x) { return x.turn > turn; });
    return *f.turns.insert(at, t);
}
}  // namespace

Result Session::apply(const Command& c) {
    Impl& m = *m_impl;
    const Scenario& sc = *m_sc;
    auto actorName = [&](ActorId a) { return a == kNone ? std::string() : sc.actors[static_cast<std::size_t>(a)].id; };
    auto validSeat = [&](ActorId a) -> Result {
        if (a < 0 || static_cast<std::size_t>(a) >= sc.actors.size()) return Result::fail("no such actor");
        if (!isSeat(a)) return Result::fail(sc.actors[static_cast<std::size_t>(a)].name + " is not a seat of this game: its policy plays it");
        return {};
    };
    auto orderOf = [&](ActorId seat, ActionId action, ActorId target) -> std::variant<GameOrder, Result> {
        if (Result r = validSeat(seat); !r) return r;
        if (action < 0 || static_cast<std::size_t>(action) >= sc.actions.size()) return Result::fail("no such action");
        const ActionDef& a = sc.actions[static_cast<std::size_t>(action)];
        if (a.hasTarget && (target < 0 || static_cast<std::size_t>(target) >= sc.actors.size())) {
            return Result::fail("'" + a.name + "' needs a target");
        }
        if (!a.hasTarget && target != kNone) return Result::fail("'" + a.name + "' takes no target");
        return GameOrder{actorName(seat), a.id, a.hasTarget ? actorName(target) : std::string(), {}};
    };
    const std::int64_t next = turn() + 1;
    auto replay = [&](GameFile&& f) -> Result {
        // a change of the journal: checked by replaying it; on failure nothing changes
        std::string err;
        GameFile before = m_file;
        m_file = std::move(f);
        if (!rebuild(nullptr, &err)) {
            m_file = std::move(before);
            std::string again;
            (void)rebuild(nullptr, &again);
            return Result::fail(err.empty() ? "the journal would not replay" : err);
        }
        return {};
    };
    auto refreshComing = [&]() -> Result {
        // orders and sets of the coming turn: re-resolve that turn only (no new effects)
        GameFile f = m_file;
        return replay(std::move(f));
    };

    if (const auto* o = std::get_if<OrderCmd>(&c)) {
        if (finished()) return Result::fail("the game is over");
        auto g = orderOf(o->seat, o->action, o->target);
        if (auto* r = std::get_if<Result>(&g)) return *r;
        GameFile f = m_file;
        GameTurn& t = comingTurn(f, next);
        const GameOrder& go = std::get<GameOrder>(g);
        if (std::find(t.orders.begin(), t.orders.end(), go) != t.orders.end()) return Result::fail("this order is already given for this turn");
        for (const GameInject& in : t.injects) {
            if (in.kind == GameInject::Kind::Ai && in.id == go.actor) return Result::fail("the computer plays " + sc.actors[static_cast<std::size_t>(o->seat)].name + " this turn");
        }
        // seats' orders grouped in seat order, each seat's in the order given: the journal is
        // the same whatever order the network brought different seats' orders in
        const auto rank = [&](const std::string& id) {
            return std::find(f.seats.begin(), f.seats.end(), id) - f.seats.begin();
        };
        const auto at = std::find_if(t.orders.begin(), t.orders.end(), [&](const GameOrder& x) { return rank(x.actor) > rank(go.actor); });
        t.orders.insert(at, go);
        return replay(std::move(f));
    }
    if (const auto* w = std::get_if<WithdrawCmd>(&c)) {
        auto g = orderOf(w->seat, w->action, w->target);
        if (auto* r = std::get_if<Result>(&g)) return *r;
        GameFile f = m_file;
        GameTurn& t = comingTurn(f, next);
        const auto it = std::find(t.orders.begin(), t.orders.end(), std::get<GameOrder>(g));
        if (it == t.orders.end()) return Result::fail("no such pending order");
        t.orders.erase(it);
        return replay(std::move(f));
    }
    if (const auto* in = std::get_if<InjectCmd>(&c)) {
        if (finished()) return Result::fail("the game is over");
        GameFile f = m_file;
        GameTurn& t = comingTurn(f, next);
        GameInject g = in->inject;
        g.loc = {};
        if (g.kind == GameInject::Kind::Ai) {
            for (const GameOrder& o : t.orders) {
                if (o.actor == g.id) return Result::fail("withdraw " + g.id + "'s orders first: the computer cannot play a seat that has given orders");
            }
        }
        t.injects.push_back(std::move(g));
        return replay(std::move(f));
    }
    if (const auto* wi = std::get_if<WithdrawInjectCmd>(&c)) {
        GameFile f = m_file;
        GameTurn& t = comingTurn(f, next);
        if (wi->index >= t.injects.size()) return Result::fail("no such inject");
        t.injects.erase(t.injects.begin() + static_cast<std::ptrdiff_t>(wi->index));
        return replay(std::move(f));
    }
    if (std::holds_alternative<EndTurnCmd>(c)) {
        if (finished()) return Result::fail("the game is over");
        if (m_file.paused) return Result::fail("the game is paused");
        const auto it = m.inputs.find(next);
        m.sim->setTurnInputs(it == m.inputs.end() ? nullptr : &it->second);
        if (m.sim->prepareTurn()) m.sim->resolveTurn();
        m.worlds.emplace(m.sim->world().turn, m.sim->world());
        m_file.turn = m.sim->world().turn;
        return {};
    }
    if (const auto* u = std::get_if<UndoCmd>(&c)) {
        if (u->turns < 1) return Result::fail("undo at least one turn");
        if (turn() - u->turns < m_firstTurn) {
            return Result::fail("only " + std::to_string(turn() - m_firstTurn) + " turn" + (turn() - m_firstTurn == 1 ? "" : "s") + " to undo");
        }
        GameFile f = m_file;
        f.turn -= u->turns;
        if (!u->keepOrders) {
            std::erase_if(f.turns, [&](const GameTurn& t) { return t.turn > f.turn; });
        }
        return replay(std::move(f));
    }
    if (const auto* p = std::get_if<PauseCmd>(&c)) {
        m_file.paused = p->paused;
        return {};
    }
    (void)refreshComing;
    return Result::fail("unknown command");
}

// ---- reading --------------------------------------------------------------------------------

const Simulation& Session::simulation() const { return *m_impl->sim; }
const World& Session::world() const { return m_impl->sim->world(); }
const World& Session::worldAt(std::int64_t t) const {
    const auto it = m_impl->worlds.find(std::clamp(t, m_firstTurn, turn()));
    return it->second;
}
std::int64_t Session::turn() const { return m_impl->sim->world().turn; }
bool Session::finished() const { return m_impl->sim->finished(); }
OutcomeId Session::outcome() const { return m_impl->sim->outcome(); }
bool Session::isSeat(ActorId a) const { return std::find(m_seats.begin(), m_seats.end(), a) != m_seats.end(); }

std::vector<OrderCmd> Session::pending(ActorId seat) const {
    std::vector<OrderCmd> out;
    const auto it = m_impl->inputs.find(turn() + 1);
    if (it == m_impl->inputs.end()) return out;
    for (const Order& o : it->second.orders) {
        if (o.actor == seat) out.push_back({o.actor, o.action, o.target});
    }
    return out;
}

std::vector<GameInject> Session::pendingInjects() const {
    for (const GameTurn& t : m_file.turns) {
        if (t.turn == turn() + 1) return t.injects;
    }
    return {};
}

namespace {
/// The world as the coming turn's decisions phase will see it: a copy of the simulation
/// plays the turn's first phases (its injects, the calendar, the rules), unobserved.
World decisionWorld(const Simulation& sim, const TurnInputs* in) {
    Simulation copy = sim;
    copy.setObserver(nullptr);
    copy.setTurnInputs(in);
    copy.prepareTurn();
    return copy.world();
}
}  // namespace

std::vector<OrderOption> Session::options(ActorId seat) const {
    std::vector<OrderOption> out;
    if (!isSeat(seat) || finished()) return out;
    const Scenario& sc = *m_sc;
    const auto it = m_impl->inputs.find(turn() + 1);
    const TurnInputs* in = it == m_impl->inputs.end() ? nullptr : &it->second;
    const World w = decisionWorld(*m_impl->sim, in);
    // what the seat's pending orders commit, given in order, as resolution will
    std::vector<double> committed(sc.assets.size(), 0.0);
    std::vector<double> costs;
    std::vector<std::pair<ActionId, ActorId>> given;
    if (in) {
        for (const Order& o : in->orders) {
            if (o.actor != seat) continue;
            given.emplace_back(o.action, o.target);
            const ActionDef& a = sc.actions[static_cast<std::size_t>(o.action)];
            costs.assign(a.cost.size(), 0.0);
            if (checkOrder(sc, w, seat, o.action, o.target, committed, costs.data()).ok()) {
                for (std::size_t i = 0; i < a.cost.size(); ++i) committed[static_cast<std::size_t>(a.cost[i].asset)] += costs[i];
            }
        }
    }
    for (std::size_t ai = 0; ai < sc.actions.size(); ++ai) {
        const auto action = static_cast<ActionId>(ai);
        // another side's action (its `by` says self == that side) is no option of this seat's
        if (othersAction(sc, action, seat)) continue;
        const ActionDef& a = sc.actions[ai];
        auto option = [&](ActorId target) {
            OrderOption o;
            o.action = action;
            o.target = target;
            o.pending = std::find(given.begin(), given.end(), std::make_pair(action, target)) != given.end();
            costs.assign(a.cost.size(), 0.0);
            // a pending order is checked with what the orders before it commit, a new one
            // with what all of them do
            const OrderCheck chk = checkOrder(sc, w, seat, action, target, committed, costs.data());
            o.allowed = chk.ok();
            if (!o.allowed) o.reason = refusalReason(sc, action, chk);
            for (std::size_t i = 0; i < a.cost.size(); ++i) {
                Bindings b;
                b.self = seat;
                b.target = target;
                o.costs.emplace_back(a.cost[i].asset, chk.ok() ? costs[i] : std::max(0.0, evalRun(sc, w, a.cost[i].amount, b)));
            }
            return o;
        };
        if (!a.hasTarget) {
            out.push_back(option(kNone));
            continue;
        }
        // the targets its condition allows, and any the seat has already given it against
        // (shown, so that it can be withdrawn, with the reason it would be refused)
        Bindings self;
        self.self = seat;
        const bool byHolds = evalRun(sc, w, a.by, self) != 0.0;
        bool any = false;
        for (std::size_t t = 0; t < sc.actors.size(); ++t) {
            Bindings b = self;
            b.target = static_cast<ActorId>(t);
            const bool already = std::find(given.begin(), given.end(), std::make_pair(action, b.target)) != given.end();
            if (!already && (!byHolds || evalRun(sc, w, a.target, b) == 0.0)) continue;
            any = true;
            out.push_back(option(static_cast<ActorId>(t)));
        }
        if (!any) {
            OrderOption o;
            o.action = action;
            o.reason = byHolds ? "no actor meets its target condition (" + sc.program(a.target).source + ")"
                               : refusalReason(sc, action, {OrderVerdict::ByFails});
            out.push_back(std::move(o));
        }
    }
    return out;
}

OrderOption Session::checkPending(ActorId seat, std::size_t index) const {
    OrderOption o;
    const std::vector<OrderCmd> mine = pending(seat);
    if (index >= mine.size()) return o;
    const Scenario& sc = *m_sc;
    const auto it = m_impl->inputs.find(turn() + 1);
    const World w = decisionWorld(*m_impl->sim, it == m_impl->inputs.end() ? nullptr : &it->second);
    std::vector<double> committed(sc.assets.size(), 0.0), costs;
    for (std::size_t k = 0; k <= index; ++k) {
        const ActionDef& a = sc.actions[static_cast<std::size_t>(mine[k].action)];
        costs.assign(a.cost.size(), 0.0);
        const OrderCheck chk = checkOrder(sc, w, seat, mine[k].action, mine[k].target, committed, costs.data());
        if (k == index) {
            o.action = mine[k].action;
            o.target = mine[k].target;
            o.pending = true;
            o.allowed = chk.ok();
            if (!o.allowed) o.reason = refusalReason(sc, o.action, chk);
            for (std::size_t i = 0; i < a.cost.size(); ++i) o.costs.emplace_back(a.cost[i].asset, costs[i]);
        } else if (chk.ok()) {
            for (std::size_t i = 0; i < a.cost.size(); ++i) committed[static_cast<std::size_t>(a.cost[i].asset)] += costs[i];
        }
    }
    return o;
}

const std::vector<Happening>& Session::happenings(std::int64_t t) const {
    const auto* h = m_impl->story->find(t);
    return h ? *h : kNoHappenings;
}

bool Session::visible(const Happening& h, ActorId seat) {
    if (seat == kNone || !h.secret) return true;
    if (seat == kPublic) return false;
    switch (h.kind) {
        case HappeningKind::Order:
        case HappeningKind::Refused: return h.actor == seat;
        case HappeningKind::Shipment:
        case HappeningKind::Arrival: return h.actor == seat || h.target == seat;
        default: return h.actor == seat;
    }
}

std::vector<Happening> Session::visibleTo(std::int64_t t, ActorId seat) const {
    // A chance's why reads the whole state. Where it reads what can hide (stocks, scores,
    // transfers) and something has been hidden from this viewer so far, the viewer gets the
    // chance without its reasons.
    bool hidden = false;
    for (std::int64_t k = m_firstTurn + 1; k <= t && seat != kNone && !hidden; ++k) {
        for (const Happening& h : happenings(k)) {
            if (!visible(h, seat)) {
                hidden = true;
                break;
            }
        }
    }
    std::vector<Happening> out;
    for (const Happening& h : happenings(t)) {
        if (!visible(h, seat)) continue;
        out.push_back(h);
        if (hidden && h.explain && readsHidden(*h.explain)) out.back().explain = std::make_shared<const Explained>(withheld(h.explain->value));
    }
    return out;
}

World Session::seenBy(std::int64_t t, ActorId seat) const {
    World w = worldAt(t);
    if (seat == kNone) return w;
    const Scenario& sc = *m_sc;
    // which transfer records the seat sent or received on, and what of the others it saw
    std::vector<bool> involved(sc.transfers.size(), false);
    std::vector<double> seenSent(sc.transfers.size(), 0.0), seenDelivered(sc.transfers.size(), 0.0);
    std::vector<std::int64_t> seenShipments(sc.transfers.size(), 0);
    for (std::size_t k = 0; k < sc.transfers.size(); ++k) {
        const TransferDef& td = sc.transfers[k];
        involved[k] = td.scheduled && (td.from == seat || td.to == seat);
    }
    for (std::int64_t turnNo = m_firstTurn + 1; turnNo <= w.turn; ++turnNo) {
        for (const Happening& h : happenings(turnNo)) {
            const bool ship = h.kind == HappeningKind::Shipment || h.kind == HappeningKind::Detected || h.kind == HappeningKind::Arrival ||
                              h.kind == HappeningKind::Interdicted;
            if (!ship || h.ref < 0) continue;
            const auto k = static_cast<std::size_t>(h.ref);
            if (h.actor == seat || h.target == seat) involved[k] = true;
            if (h.kind == HappeningKind::Detected) seenSent[k] += h.amount, ++seenShipments[k];
            if (h.kind == HappeningKind::Interdicted) seenSent[k] += h.amount, ++seenShipments[k];  // an interdicted one was seen
            if (h.kind == HappeningKind::Arrival && !h.secret) seenDelivered[k] += h.amount;
        }
    }
    std::vector<CalEntry> entries = w.calendar.sorted();
    std::vector<double> seenInTransit(sc.transfers.size(), 0.0);
    std::erase_if(entries, [&](const CalEntry& e) {
        if (e.kind != CalKind::Arrival) return false;
        const auto k = static_cast<std::size_t>(e.i0);
        const bool mine = e.i1 == seat || e.i2 == seat;
        if ((e.flags & 1) && !mine) seenInTransit[k] += e.amount;
        return !(e.flags & 1) && !mine;
    });
    w.calendar.restore(entries, w.calendar.nextSeq());
    for (std::size_t k = 0; k < sc.transfers.size(); ++k) {
        if (involved[k]) continue;
        FlowTotals& f = w.flows[k];
        f.sent = seenSent[k];
        f.delivered = seenDelivered[k];
        f.inTransit = seenInTransit[k];
        f.detected = seenSent[k];
        f.shipments = seenShipments[k];
    }
    w.touch();
    return w;
}

// ---- files --------------------------------------------------------------------------------

std::string Session::gameFileText() const {
    GameFile f = m_file;
    std::erase_if(f.turns, [](const GameTurn& t) { return t.empty(); });
    return writeGameFile(f);
}

std::vector<std::pair<std::string, std::string>> Session::runFiles() const {
    const Simulation& sim = *m_impl->sim;
    return {{"metrics.csv", m_impl->story->files().metricsCsv()},
            {"events.jsonl", m_impl->story->files().eventsJsonl()},
            {"final.yaml", finalYaml(sim)},
            {"summary.json", summaryJson(sim)}};
}

std::shared_ptr<const World> Session::snapshot() const { return std::make_shared<World>(world()); }

// ---- what next? ----------------------------------------------------------------------------

Continuations Session::whatNext(std::uint64_t runs, unsigned threads, const std::function<void(std::uint64_t)>& progress,
                                const std::atomic<bool>& cancel, std::uint64_t seed) const {
    return continuations(m_sc, snapshot(), seed ? seed : m_file.seed, m_horizon, runs, threads, progress, cancel);
}

Continuations continuations(std::shared_ptr<const Scenario> scp, std::shared_ptr<const World> from, std::uint64_t seed,
                            std::int64_t horizon, std::uint64_t runs, unsigned threads,
                            const std::function<void(std::uint64_t)>& progress, const std::atomic<bool>& cancel) {
    Continuations out;
    out.fromTurn = from->turn;
    const Scenario& sc = *scp;
    BatchPlan plan;
    plan.sc = std::move(scp);
    plan.seed = seed;
    plan.runsPerPoint = std::max<std::uint64_t>(1, runs);
    plan.turns = horizon;
    plan.chunkSize = std::clamp<std::uint64_t>(plan.totalRuns() / 256, 16, 1024);
    plan.from = std::move(from);
    std::vector<std::uint64_t> counts(sc.outcomes.size(), 0);
    std::vector<Moments> metrics(sc.metrics.size());
    std::vector<std::uint64_t> todo(plan.chunkCount());
    for (std::uint64_t k = 0; k < todo.size(); ++k) todo[k] = k;
    ChunkSink sink = [&](ChunkResult& r) {
        for (std::uint32_t i = 0; i < r.count; ++i) {
            counts[static_cast<std::size_t>(r.outcome[i])]++;
            for (std::size_t m = 0; m < sc.metrics.size(); ++m) metrics[m].add(r.metrics[i * sc.metrics.size() + m]);
        }
        out.runs += r.count;
        if (progress) progress(out.runs);
        return true;
    };
    runOnThreads(plan, false, std::max(1u, threads), todo, sink, cancel);
    out.cancelled = out.runs < plan.totalRuns();
    for (std::size_t o = 0; o < sc.outcomes.size(); ++o) {
        Continuations::Share sh;
        sh.outcome = sc.outcomes[o];
        sh.count = counts[o];
        sh.p = out.runs ? static_cast<double>(counts[o]) / static_cast<double>(out.runs) : 0.0;
        sh.ci = wilson(counts[o], out.runs);
        out.outcomes.push_back(sh);
    }
    for (std::size_t m = 0; m < sc.metrics.size(); ++m) out.metrics.push_back({sc.metrics[m].name, metrics[m].mean(), metrics[m].meanCi95()});
    return out;
}

}  // namespace brink
