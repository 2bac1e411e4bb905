// The turn: calendar, rules, decisions, events, escalation, record. Within a phase every
// amount is evaluated from the state at the phase's start into m_changes, then all are
// applied in declaration order (simultaneous moves). Random draws happen in a fixed
// order and a fixed number per item, whether or not the item acts: a run is a pure
// function of (scenario, params, seed), and neighbouring parameter values share draws.
#include "brink/sim/sim.hpp"
#include "brink/expr/explain.hpp"
#include "brink/native/native.hpp"
#include "native/abi.hpp"

#include <algorithm>
#include <cmath>

#include "brink/sim/invariants.hpp"
#include "brink/sim/orders.hpp"
#include "brink/base/numfmt.hpp"

#include <cstdio>
#include <cstdlib>

namespace brink {

void Simulation::setNative(std::shared_ptr<const NativeModule> m) {
    m_native = std::move(m);
    attachNative(m_w, m_native);
    bindPhases();
}

void Simulation::restart(const RunSetup& setup) {
    initWorld(m_w, m_sc, setup);
    if (m_native) attachNative(m_w, m_native);  // the arrays may have moved
    bindPhases();
    m_key = setup.key;
    m_horizon = setup.turns >= 0 ? setup.turns : m_sc->turns;
    std::fill(m_human.begin(), m_human.end(), false);
    m_anyHuman = false;
    m_inputs = nullptr;
    m_changes.clear();
    m_begun = false;
    m_continued = false;
}

void Simulation::restartFrom(const World& w, const RunSetup& setup) {
    m_w = w;
    attachNative(m_w, m_native);  // the copy's own binding (or none)
    bindPhases();
    m_w.rng = Rng(setup.key);
    m_w.touch();
    m_key = setup.key;
    m_horizon = setup.turns >= 0 ? setup.turns : m_sc->turns;
    std::fill(m_human.begin(), m_human.end(), false);
    m_anyHuman = false;
    m_inputs = nullptr;
    m_changes.clear();
    m_begun = false;
    m_continued = true;
}

Simulation::Simulation(std::shared_ptr<const Scenario> sc, const RunSetup& setup)
    : m_sc(std::move(sc)), m_w(makeWorld(m_sc, setup)), m_key(setup.key) {
    m_horizon = setup.turns >= 0 ? setup.turns : m_sc->turns;
    m_committed.assign(m_sc->assets.size(), 0.0);
    m_human.assign(m_sc->actors.size(), false);
    m_changes.reserve(256);
    m_due.reserve(64);
    m_w.calendar.reserve(m_sc->transfers.size() * 4 + 64);
}

void Simulation::setHuman(ActorId a, bool human) {
    m_human[static_cast<std::size_t>(a)] = human;
    m_anyHuman = std::find(m_human.begin(), m_human.end(), true) != m_human.end();
}

OutcomeId Simulation::outcome() const {
    if (m_w.ended()) return m_w.outcome;
    if (m_w.turn >= m_horizon) return 0;
    return kNone;
}

std::vector<double> Simulation::objectives() const {
    std::vector<double> out;
    for (const auto& o : m_sc->objectives) {
        Bindings b;
        b.self = o.actor;
        out.push_back(eval(o.expr, b));
    }
    return out;
}

void detail::nativeFailed(const Scenario& sc, const World& w, ProgramId p, int err) {
    // the interpreter's own error, told the interpreter's way
    const Program& prog = sc.program(p);
    const std::string what = err == 1 ? "division by zero" : "result is not a finite number (overflow)";
    throw RunError(prog.loc, what + " in '" + prog.source + "' at turn " + std::to_string(w.turn) + " (" + formatDate(sc.start + w.day) + ")",
                   "guard it, e.g. x / max(y, 1), or keep values in range");
}

double detail::evalCode(const Scenario& sc, const World& w, ProgramId p, const Bindings& b) {
    try {
        return evaluate(sc, w, p, b);
    } catch (const EvalError& e) {
        const Program& prog = sc.program(e.program);
        throw RunError(prog.loc,
                       std::string(e.what()) + " in '" + prog.source + "' at turn " + std::to_string(w.turn) + " (" +
                           formatDate(sc.start + w.day) + ")",
                       "guard it, e.g. x / max(y, 1), or keep values in range");
    }
}

void Simulation::overflow(const char* what, ActorId a, AssetId asset, SourceLoc loc) const {
    if (loc.line == 0 && a != kNone) loc = m_sc->actors[static_cast<std::size_t>(a)].loc;
    // "the shells stock of russia", "the total sent of shells by north_korea"
    std::string s = "the ";
    if (asset != kNone && std::string_view(what) != "total sent") s += m_sc->assets[static_cast<std::size_t>(asset)].id + " ";
    s += what;
    if (asset != kNone && std::string_view(what) == "total sent") s += " of " + m_sc->assets[static_cast<std::size_t>(asset)].id + " by";
    else if (a != kNone) s += " of";
    if (a != kNone) s += " " + m_sc->actors[static_cast<std::size_t>(a)].id;
    throw RunError(loc,
                   s + " overflows at turn " + std::to_string(m_w.turn) + " (" + formatDate(m_sc->start + m_w.day) + ")",
                   "keep amounts within about 1e308; check production, consumption and effects that add every turn");
}

double Simulation::prob(ProgramId p, const Bindings& b) const {
    // probabilities outside [0, 1] are clamped (documented in docs/model.md)
    return std::clamp(eval(p, b), 0.0, 1.0);
}

// ---- why: the chances that came true, taken apart (only for an observer that wants it) ------

namespace {
/// The engine's cap of a chance to 0..1 around a formula's value, when it changed it.
Explained capped(Explained e, double p) {
    if (e.value == p) return e;
    Explained c;
    c.expr = "clamp(" + e.expr + ", 0, 1)";
    c.value = p;
    c.form = 'c';
    c.terms.push_back(std::move(e));
    return c;
}
}  // namespace

std::int32_t Simulation::keepWhy(Explained e) {
    m_whys.push_back(std::make_shared<const Explained>(std::move(e)));
    return static_cast<std::int32_t>(m_whys.size() - 1);
}

namespace {
/// A chance told without its parts, when taking it apart failed.
Explained plainly(const Scenario& sc, ProgramId prog, double value) {
    Explained e;
    e.expr = sc.program(prog).source;
    e.value = value;
    return e;
}
}  // namespace

std::int32_t Simulation::keepWhy(ProgramId prog, const Bindings& b, double p) {
    if (!m_explainer) m_explainer = std::make_shared<Explainer>(*m_sc);
    // an explanation never stops a run: at worst it tells the chance alone
    try {
        return keepWhy(capped(m_explainer->explain(prog, m_w, b), p));
    } catch (const std::exception&) {
        return keepWhy(plainly(*m_sc, prog, p));
    }
}

std::int32_t Simulation::explainRung(const Bindings& b, bool climb, double p, double up, double mult) {
    if (!m_explainer) m_explainer = std::make_shared<Explainer>(*m_sc);
    const ProgramId prog = climb ? m_sc->up : m_sc->down;
    Explained e;
    try {
        e = m_explainer->explain(prog, m_w, b);
    } catch (const std::exception&) {
        e = plainly(*m_sc, prog, evalRun(*m_sc, m_w, prog, b));  // it evaluated in the run: it evaluates again
    }
    if (climb && mult != 1.0) {
        // the postures' escalation multipliers, as the phase applies them
        Explained m;
        m.expr = "(" + e.expr + ") * the postures' escalation";
        m.value = e.value * mult;
        m.form = '*';
        m.terms.push_back(std::move(e));
        for (const ActorId x : {b.a, b.b}) {
            const PostureDef& pd = m_sc->postures[static_cast<std::size_t>(m_w.posture[static_cast<std::size_t>(x)])];
            Explained f;
            f.expr = possessive(m_sc->actors[static_cast<std::size_t>(x)].name) + " posture (" + pd.name + ")";
            f.value = pd.escalation;
            f.form = 'x';
            m.terms.push_back(std::move(f));
        }
        e = std::move(m);
    }
    if (climb) return keepWhy(capped(std::move(e), p));
    const double down = std::clamp(e.value, 0.0, 1.0);
    e = capped(std::move(e), down);
    if (down != p) {
        // stepping down cannot be likelier than not climbing
        Explained m;
        m.expr = "min(" + e.expr + ", 1 - the chance of climbing)";
        m.value = p;
        m.terms.push_back(std::move(e));
        Explained f;
        f.expr = "1 - the chance of climbing";
        f.value = 1.0 - up;
        f.form = 'x';
        m.terms.push_back(std::move(f));
        e = std::move(m);
    }
    return keepWhy(std::move(e));
}

void Simulation::emit(Happening h) {
    if (!m_obs) return;
    h.turn = m_w.turn;
    h.day = m_w.day;
    // the headline effect is the telling itself; other effects of a headlined order or
    // event are its consequences
    if (m_applying && m_applying->consequence && h.kind != HappeningKind::Headline) h.consequence = true;
    m_obs->happened(m_w, h);
}

std::string Simulation::render(const Template& t, const Bindings& b) const {
    std::string s;
    for (const auto& p : t.parts) {
        if (p.isActor) {
            const ActorId a = p.actor.resolve(b);
            s += a == kNone ? std::string("?") : m_sc->actors[static_cast<std::size_t>(a)].name;
        } else if (p.expr != kNone) {
            // A hole that cannot be evaluated shows the reason in the text instead of
            // stopping the run: the run must not depend on whether anyone reads headlines.
            try {
                s += formatHuman(eval(p.expr, b));
            } catch (const RunError& e) {
                s += "[" + std::string(e.what()) + "]";
            }
        } else {
            s += p.text;
        }
    }
    return s;
}

void Simulation::begin() {
    if (m_begun) return;
    m_begun = true;
    if (!m_sc->saved.present && !m_continued) {
        // initial metrics, in declaration order (a metric may read an earlier one)
        for (std::size_t i = 0; i < m_sc->metrics.size(); ++i) m_w.metrics[i] = eval(m_sc->metrics[i].expr, {});
    }
    if (m_obs) m_obs->recorded(m_w);
}

void Simulation::run() {
    begin();
    while (step()) {
    }
    if (m_finalMetricsOnly) {
        for (std::size_t i = 0; i < m_sc->metrics.size(); ++i) m_w.metrics[i] = eval(m_sc->metrics[i].expr, {});
    }
}

bool Simulation::step() { return prepareTurn() && resolveTurn(); }

bool Simulation::prepareTurn() {
    begin();
    if (finished()) return false;
    ++m_w.turn;
    m_w.day = m_w.turn * m_sc->turnDays;
    m_now = m_w.day;
    std::fill(m_w.escScore.begin(), m_w.escScore.end(), 0.0);
    m_w.pendingOutcome = kNone;
    if (m_inputs) phaseInputs();
    phaseCalendar();
    phaseRules();
    return true;
}

bool Simulation::resolveTurn() {
    phaseDecisions();
    phaseEvents();
    if (m_sc->hasLadder) phaseEscalation();
    phaseRecord();
#ifndef NDEBUG
    // debug builds check every turn; release builds leave it to the property tests
    if (const auto v = invariantViolations(m_w); !v.empty()) {
        std::fprintf(stderr, "brink internal error: an invariant broke at turn %lld: %s\n",
                     static_cast<long long>(m_w.turn), v.front().c_str());
        std::abort();
    }
#endif
    m_inputs = nullptr;
    return !finished();
}

// ---- phase 0: what people put in before the turn (a game's injects) ---------------------

void Simulation::phaseInputs() {
    const TurnInputs& in = *m_inputs;
    auto tell = [&](std::string text) {
        if (!m_obs) return;
        Happening h;
        h.kind = HappeningKind::Inject;
        h.text = std::move(text);
        emit(std::move(h));
    };
    for (const auto& [p, v] : in.sets) {
        m_w.params[static_cast<std::size_t>(p)] = v;
        if (wantText()) tell("The facilitator sets params." + m_sc->paramNames[static_cast<std::size_t>(p)] + " to " + formatHuman(v, 6) + ".");
    }
    for (EventId e : in.events) {
        if (wantText()) tell("The facilitator makes '" + m_sc->events[static_cast<std::size_t>(e)].name + "' happen this turn.");
    }
    for (ActorId a : in.ai) {
        if (wantText()) tell("The computer plays " + m_sc->actors[static_cast<std::size_t>(a)].name + " this turn.");
    }
    if (!in.sets.empty()) m_w.touch();
    m_changes.clear();
    for (const auto& fx : in.effects) {
        if (!fx.headline.empty()) tell(fx.headline);
        collectEffects(*fx.effects, {}, !fx.headline.empty());
    }
    applyChanges();
}

bool Simulation::forced(EventId e) const {
    return m_inputs && std::find(m_inputs->events.begin(), m_inputs->events.end(), e) != m_inputs->events.end();
}

// ---- phase 1: calendar ------------------------------------------------------------------

void Simulation::phaseCalendar() {
    // One calendar day at a time: everything due that day is evaluated from the state at the
    // start of the day and applied in (priority, insertion) order; entries scheduled for a
    // day still inside this turn (a transfer every 3 days in a 14-day turn) then take their
    // place in day order.
    for (;;) {
        m_due.clear();
        if (!m_w.calendar.popDay(m_w.day, m_due)) break;
        const std::int64_t day = m_due.front().day;
        m_now = day;
        if (compiledPhases() &&
            m_phases->calendarDay(m_nativeTurn.get(), reinterpret_cast<const BrinkNativeCalEntry*>(m_due.data()), static_cast<int>(m_due.size()), day)) {
            // the module's own day (native_phases.cpp); what it scheduled, in its order
            for (std::int32_t i = 0; i < m_nativeTurn->npushed; ++i) m_w.calendar.push(m_nativePushed[static_cast<std::size_t>(i)]);
            continue;
        }
        m_changes.clear();
        for (const CalEntry& e : m_due) {
            Change c;
            c.entry = e;
            switch (e.kind) {
                case CalKind::Departure: {
                    const TransferDef& t = m_sc->transfers[static_cast<std::size_t>(e.i0)];
                    c.kind = Change::Kind::Departure;
                    c.b.self = t.from;
                    c.b.target = t.to;
                    c.i0 = e.i0;
                    c.v = eval(t.amount, c.b);
                    c.v2 = prob(t.detect, c.b);
                    c.v3 = prob(t.interdict, c.b);
                    m_changes.push_back(std::move(c));
                    break;
                }
                case CalKind::Arrival:
                    c.kind = Change::Kind::Arrival;
                    m_changes.push_back(std::move(c));
                    break;
                case CalKind::Posture:
                    c.kind = Change::Kind::PostureSet;
                    c.i0 = e.i0;
                    c.i1 = e.i1;
                    m_changes.push_back(std::move(c));
                    break;
                case CalKind::ActionEffects: {
                    Bindings b;
                    b.self = e.i1;
                    b.target = e.i2;
                    collectEffects(m_sc->actions[static_cast<std::size_t>(e.i0)].effects, b);
                    break;
                }
            }
        }
        applyChanges();
    }
    m_now = m_w.day;
}

// ---- phase 2: rules ---------------------------------------------------------------------

void Simulation::phaseRules() {
    if (compiledPhases()) return m_phases->rules(m_nativeTurn.get());
    m_changes.clear();
    const auto& actors = m_sc->actors;
    for (std::size_t i = 0; i < actors.size(); ++i) {
        Bindings b;
        b.self = static_cast<ActorId>(i);
        // computed amounts below 0 count as 0: production never takes, consumption never adds
        for (const auto& p : actors[i].production) {
            m_changes.push_back({Change::Kind::Stock, kNone, nullptr, b, b.self, p.asset, kNone, std::max(0.0, eval(p.amount, b))});
        }
        for (const auto& p : actors[i].consumption) {
            m_changes.push_back({Change::Kind::Stock, kNone, nullptr, b, b.self, p.asset, kNone, -std::max(0.0, eval(p.amount, b))});
        }
    }
    for (std::size_t i = 0; i < actors.size(); ++i) {
        Bindings b;
        b.self = static_cast<ActorId>(i);
        const PostureDef& pd = m_sc->postures[static_cast<std::size_t>(m_w.posture[i])];
        for (const auto& u : pd.upkeep) {
            // i2: the posture being paid for; once it lapses, its other upkeep is not charged
            m_changes.push_back({Change::Kind::Upkeep, kNone, nullptr, b, b.self, u.asset, m_w.posture[i], std::max(0.0, eval(u.amount, b))});
        }
    }
    for (const auto& r : m_sc->rules) {
        if (eval(r.when, {}) != 0.0) collectEffects(r.effects, {});
    }
    applyChanges();
}

// ---- phase 3: decisions -----------------------------------------------------------------

void Simulation::order(ActorId actor, const PolicyRule* rule, ActionId action, ActorId target) {
    const ActionDef& a = m_sc->actions[static_cast<std::size_t>(action)];
    Bindings b;
    b.self = actor;
    b.target = a.hasTarget ? target : kNone;
    m_costs.resize(std::max(m_costs.size(), a.cost.size()));
    // the test before the execution: the very check the orders panel shows (checkOrder)
    const OrderCheck chk = checkOrder(*m_sc, m_w, actor, action, b.target, m_committed, m_costs.data());
    if (!chk.ok()) {
        if (m_obs) {  // the reason is built only when someone listens: batches refuse orders every turn
            Happening h;
            h.kind = HappeningKind::Refused;
            h.actor = actor;
            h.target = b.target;
            h.ref = action;
            h.secret = !a.isPublic;
            h.text = refusalReason(*m_sc, action, chk);
            emit(std::move(h));
        }
        return;
    }
    for (std::size_t i = 0; i < a.cost.size(); ++i) {
        m_changes.push_back({Change::Kind::Stock, kNone, nullptr, b, actor, a.cost[i].asset, kNone, -m_costs[i]});
        m_committed[static_cast<std::size_t>(a.cost[i].asset)] += m_costs[i];
    }
    Change esc{Change::Kind::Escalation, kNone, nullptr, b, actor, action, kNone, a.escalation};
    m_changes.push_back(std::move(esc));
    if (m_obs) {
        Happening h;
        h.kind = HappeningKind::Order;
        h.actor = actor;
        h.target = b.target;
        h.ref = action;
        h.value = a.escalation;
        h.secret = !a.isPublic;
        if (wantText()) {
            if (!a.headline.empty()) h.text = render(a.headline, b);
            if (rule) h.why = rule->why;
        }
        emit(std::move(h));
    }
    if (a.duration > 0) {
        m_changes.push_back({Change::Kind::Schedule, kNone, nullptr, b, action, actor, b.target, 0});
    } else {
        collectEffects(a.effects, b, !a.headline.empty());
    }
}

void Simulation::phaseDecisions() {
    if (compiledPhases()) return m_phases->decisions(m_nativeTurn.get());
    m_changes.clear();
    const std::size_t n = m_sc->actors.size();
    for (std::size_t i = 0; i < n; ++i) {
        const auto actor = static_cast<ActorId>(i);
        std::fill(m_committed.begin(), m_committed.end(), 0.0);
        m_given.clear();
        auto give = [&](const PolicyRule* rule, ActionId action, ActorId target) {
            for (const auto& g : m_given) {
                if (g.first == action && g.second == target) return;  // once a turn per (action, target)
            }
            m_given.emplace_back(action, target);
            order(actor, rule, action, target);
        };
        const bool byPeople = m_human[i] && !(m_inputs && std::find(m_inputs->ai.begin(), m_inputs->ai.end(), actor) != m_inputs->ai.end());
        for (const auto& rule : m_sc->policies[i]) {
            const std::size_t nt = std::max<std::size_t>(1, rule.targets.size());
            for (std::size_t k = 0; k < nt; ++k) {
                const double u = m_w.rng.uniform();  // drawn whether or not the rule applies, and whoever plays
                if (byPeople) continue;
                Bindings b;
                b.self = actor;
                b.target = rule.targets.empty() ? kNone : rule.targets[k];
                if (eval(rule.when, b) == 0.0) continue;
                if (!(u < prob(rule.chance, b))) continue;
                give(&rule, rule.action, b.target);
            }
        }
        if (byPeople && m_inputs) {
            for (const auto& o : m_inputs->orders) {
                if (o.actor == actor) give(nullptr, o.action, o.target);
            }
        }
    }
    applyChanges();
}

// ---- phase 4: events --------------------------------------------------------------------

void Simulation::phaseEvents() {
    if (compiledPhases()) return m_phases->events(m_nativeTurn.get());
    m_changes.clear();
    const auto& events = m_sc->events;
    for (std::size_t i = 0; i < events.size(); ++i) {
        const EventDef& e = events[i];
        const double u = m_w.rng.uniform();  // one draw per event per turn, always
        std::int32_t why = kNone;
        if (!forced(static_cast<EventId>(i))) {
            if (e.once && m_w.fired[i] > 0) continue;
            if (eval(e.when, {}) == 0.0) continue;
            const double p = prob(e.chance, {});
            if (!(u < p)) continue;
            // fired by chance (not by a chance of 1 written in the scenario): say why
            const Program& ch = m_sc->program(e.chance);
            if (wantWhy() && !(ch.isConst && ch.constValue >= 1.0)) why = keepWhy(e.chance, {}, p);
        }
        Change c{Change::Kind::Fired, kNone, nullptr, {}, static_cast<std::int32_t>(i)};
        c.why = why;
        if (wantText()) c.text = keepText(e.headline.empty() ? e.name : render(e.headline, {}));
        m_changes.push_back(std::move(c));
        collectEffects(e.effects, {}, !e.headline.empty());
    }
    applyChanges();
}

// ---- phase 5: escalation ----------------------------------------------------------------

void Simulation::phaseEscalation() {
    // every dyad's move is drawn from the phase's starting state, then the moves are applied
    // in declaration order: as change records would be, without them (this phase makes only
    // rung moves, none of which is a consequence)
    if (compiledPhases()) return m_phases->escalation(m_nativeTurn.get());
    m_changes.clear();
    const auto& rels = m_sc->relations;
    const int top = static_cast<int>(m_sc->ladder.size()) - 1;
    m_moves.resize(rels.size());
    for (std::size_t i = 0; i < rels.size(); ++i) {
        const RelationDef& r = rels[i];
        const double u = m_w.rng.uniform();  // one draw per dyad per turn, always
        Bindings b;
        b.a = r.a;
        b.b = r.b;
        const auto d = static_cast<std::size_t>(m_sc->dyad(r.a, r.b));
        const double mult = m_sc->postures[static_cast<std::size_t>(m_w.posture[static_cast<std::size_t>(r.a)])].escalation *
                            m_sc->postures[static_cast<std::size_t>(m_w.posture[static_cast<std::size_t>(r.b)])].escalation;
        const double up = std::clamp(eval(m_sc->up, b) * mult, 0.0, 1.0);
        const double down = std::min(prob(m_sc->down, b), 1.0 - up);
        RungMove& m = m_moves[i];
        m.move = 0;
        m.p = 0;
        m.tension = m_w.tension[d];
        m.why = kNone;
        if (u < up) {
            if (m_w.rung[d] < top) m.move = 1;
            m.p = up;
        } else if (u < up + down) {
            if (m_w.rung[d] > 0) m.move = -1;
            m.p = down;
        }
        if (m.move != 0 && wantWhy()) m.why = explainRung(b, m.move > 0, m.p, up, mult);
    }
    if (!rels.empty()) m_w.touch();
    for (std::size_t i = 0; i < rels.size(); ++i) {
        const RelationDef& r = rels[i];
        const RungMove& m = m_moves[i];
        const DyadId d = m_sc->dyad(r.a, r.b);
        double& t = m_w.tension[static_cast<std::size_t>(d)];
        t += m_sc->relax * (m_w.baseline[static_cast<std::size_t>(d)] - t);
        if (m.move != 0) {
            setRung(d, r.a, r.b, m_w.rung[static_cast<std::size_t>(d)] + m.move, m.p, {},
                    m.why == kNone ? nullptr : m_whys[static_cast<std::size_t>(m.why)], m.tension);
        }
    }
    m_w.touch();
    m_texts.clear();
    m_whys.clear();
}

// ---- phase 6: record --------------------------------------------------------------------

void Simulation::phaseRecord() {
    if (!m_finalMetricsOnly) {
        for (std::size_t i = 0; i < m_sc->metrics.size(); ++i) m_w.metrics[i] = eval(m_sc->metrics[i].expr, {});
    }
    if (m_w.pendingOutcome == kNone) {
        for (const auto& e : m_sc->ends) {
            if (eval(e.when, {}) != 0.0) {
                m_w.pendingOutcome = e.outcome;
                break;
            }
        }
    }
    if (m_w.pendingOutcome != kNone) {
        m_w.outcome = m_w.pendingOutcome;
        Happening h;
        h.kind = HappeningKind::End;
        h.ref = m_w.outcome;
        emit(std::move(h));
    } else if (m_w.turn >= m_horizon) {
        // the turns ran out: outcome "horizon", derived rather than stored, so that a
        // final.yaml written here can be continued past this turn
        Happening h;
        h.kind = HappeningKind::End;
        h.ref = 0;
        emit(std::move(h));
    }
    if (m_obs) m_obs->recorded(m_w);
}

void Simulation::reach(OutcomeId o) {
    if (m_w.pendingOutcome == kNone) m_w.pendingOutcome = o;
}

}  // namespace brink
