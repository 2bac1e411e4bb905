// Effects: collecting them (amounts evaluated from the phase's starting state) and
// applying them in declaration order. Also shipments, arrivals, rungs and postures.
#include <algorithm>
#include <cmath>

#include "brink/base/detmath.hpp"
#include "brink/base/numfmt.hpp"
#include "brink/sim/sim.hpp"

namespace brink {

void Simulation::collectEffects(const std::vector<Effect>& effects, const Bindings& b, bool consequence) {
    for (const Effect& e : effects) {
        Change c;
        c.kind = Change::Kind::Effect;
        c.effect = &e;
        c.b = b;
        c.consequence = consequence;
        if (e.amount != kNone) c.v = eval(e.amount, b);
        if (e.kind == EffectKind::Transfer) {
            const TransferDef& t = m_sc->transfers[static_cast<std::size_t>(e.ref)];
            c.v2 = prob(t.detect, b);
            c.v3 = prob(t.interdict, b);
        } else if (e.kind == EffectKind::Headline && wantText()) {
            c.text = keepText(render(e.text, b));
        }
        m_changes.push_back(std::move(c));
    }
}

void Simulation::applyChanges() {
    if (!m_changes.empty()) m_w.touch();
    for (std::size_t i = 0; i < m_changes.size(); ++i) {
        m_applying = &m_changes[i];
        apply(m_changes[i]);
    }
    m_w.touch();  // nothing is evaluated while applying, but be safe for the next phase
    m_applying = nullptr;
    m_changes.clear();
    m_texts.clear();
    m_whys.clear();
}

void Simulation::apply(const Change& c) {
    const std::size_t nA = m_sc->assets.size();
    switch (c.kind) {
        case Change::Kind::Effect: applyEffect(c); break;
        case Change::Kind::Stock: {
            double& s = m_w.stock[static_cast<std::size_t>(c.i0) * nA + static_cast<std::size_t>(c.i1)];
            s = std::max(0.0, s + c.v);  // stocks never go negative
            finite(s, "stock", c.i0, c.i1);
            break;
        }
        case Change::Kind::Upkeep: {
            if (m_w.posture[static_cast<std::size_t>(c.i0)] != c.i2) break;  // lapsed this phase
            double& s = m_w.stock[static_cast<std::size_t>(c.i0) * nA + static_cast<std::size_t>(c.i1)];
            if (s + 1e-12 >= c.v) {
                s = std::max(0.0, s - c.v);
            } else {
                s = 0.0;
                const PostureId old = m_w.posture[static_cast<std::size_t>(c.i0)];
                if (old != m_sc->neutralPosture) {
                    m_w.posture[static_cast<std::size_t>(c.i0)] = m_sc->neutralPosture;
                    Happening h;
                    h.kind = HappeningKind::PostureLapse;
                    h.actor = c.i0;
                    h.ref = m_sc->neutralPosture;
                    h.ref2 = old;
                    if (wantText()) h.text = m_sc->assets[static_cast<std::size_t>(c.i1)].name;
                    emit(std::move(h));
                }
            }
            break;
        }
        case Change::Kind::Departure: {
            const TransferDef& t = m_sc->transfers[static_cast<std::size_t>(c.i0)];
            ship(c.i0, t.from, t.to, c.v, c.v2, c.v3);
            const std::int64_t next = c.entry.day + t.every;
            if (t.every > 0 && (t.until < 0 || next <= t.until)) {
                CalEntry e = c.entry;
                e.day = next;
                m_w.calendar.push(e);
            }
            break;
        }
        case Change::Kind::Arrival: arrive(c.entry, true); break;
        case Change::Kind::PostureSet: setPosture(c.i0, c.i1); break;
        case Change::Kind::Escalation: m_w.escScore[static_cast<std::size_t>(c.i0)] += c.v; break;
        case Change::Kind::Fired: {
            ++m_w.fired[static_cast<std::size_t>(c.i0)];
            if (m_obs) {
                Happening h;
                h.kind = HappeningKind::Event;
                h.ref = c.i0;
                h.text = textOf(c);
                h.explain = whyOf(c);
                emit(std::move(h));
            }
            break;
        }
        case Change::Kind::Schedule: {
            CalEntry e;
            e.day = m_now + m_sc->actions[static_cast<std::size_t>(c.i0)].duration;
            e.kind = CalKind::ActionEffects;
            e.priority = static_cast<int>(CalKind::ActionEffects);
            e.i0 = c.i0;
            e.i1 = c.i1;
            e.i2 = c.i2;
            m_w.calendar.push(e);
            break;
        }
    }
}

void Simulation::applyEffect(const Change& c) {
    const Effect& e = *c.effect;
    const ActorId x = e.x.resolve(c.b);
    const ActorId y = e.y.resolve(c.b);
    const DyadId d = (x != kNone && y != kNone) ? m_sc->dyad(x, y) : kNone;
    const auto du = static_cast<std::size_t>(d);
    switch (e.kind) {
        case EffectKind::Add: {
            if (x == kNone) break;
            const AssetDef& as = m_sc->assets[static_cast<std::size_t>(e.ref)];
            double& v = as.kind == AssetKind::Stock ? m_w.stockOf(x, e.ref) : m_w.techOf(x, as.domain);
            v = std::max(0.0, v + c.v);
            finite(v, as.kind == AssetKind::Stock ? "stock" : "technology level", x, e.ref, e.loc);
            break;
        }
        case EffectKind::Tension:
            if (d == kNone) break;
            m_w.tension[du] = std::clamp(e.isTo ? c.v : m_w.tension[du] + c.v, 0.0, 1.0);
            break;
        case EffectKind::Stance: {
            if (d == kNone) break;
            const Stance old = m_w.stance[du];
            m_w.stance[du] = static_cast<Stance>(e.ref);
            if (old != m_w.stance[du] && m_obs) {
                Happening h;
                h.kind = HappeningKind::Stance;
                h.actor = x;
                h.target = y;
                h.ref = e.ref;
                h.ref2 = static_cast<std::int32_t>(old);
                emit(std::move(h));
            }
            break;
        }
        case EffectKind::Rung: {
            if (d == kNone) break;
            const int to = e.isTo ? e.ref : m_w.rung[du] + static_cast<int>(std::lround(c.v));
            setRung(d, x, y, to, -1.0, {});
            break;
        }
        case EffectKind::Posture: {
            if (x == kNone) break;
            const std::int64_t delay = m_sc->postures[static_cast<std::size_t>(e.ref)].delay;
            if (delay == 0) {
                setPosture(x, e.ref);
            } else {
                CalEntry ce;
                ce.day = m_now + delay;
                ce.kind = CalKind::Posture;
                ce.priority = static_cast<int>(CalKind::Posture);
                ce.i0 = x;
                ce.i1 = e.ref;
                m_w.calendar.push(ce);
            }
            break;
        }
        case EffectKind::Resolve:
            if (x != kNone) m_w.resolve[static_cast<std::size_t>(x)] = std::clamp(m_w.resolve[static_cast<std::size_t>(x)] + c.v, 0.0, 1.0);
            break;
        case EffectKind::Stability:
            if (x != kNone) m_w.stability[static_cast<std::size_t>(x)] = std::clamp(m_w.stability[static_cast<std::size_t>(x)] + c.v, 0.0, 1.0);
            break;
        case EffectKind::Transfer:
            if (x == kNone || y == kNone || x == y) break;
            ship(e.ref, x, y, c.v, c.v2, c.v3);
            break;
        case EffectKind::Treaty: {
            if (d == kNone) break;
            const std::uint64_t bit = std::uint64_t{1} << e.ref;
            if (!(m_w.treaties[du] & bit)) {
                m_w.treaties[du] |= bit;
                if (m_obs) {
                    Happening h;
                    h.kind = HappeningKind::Treaty;
                    h.actor = x;
                    h.target = y;
                    h.ref = e.ref;
                    emit(std::move(h));
                }
            }
            break;
        }
        case EffectKind::Headline:
            if (m_obs) {
                Happening h;
                h.kind = HappeningKind::Headline;
                h.actor = c.b.self;
                h.target = c.b.target;
                h.text = textOf(c);
                emit(std::move(h));
            }
            break;
        case EffectKind::End: reach(e.ref); break;
    }
}

void Simulation::ship(TransferId ti, ActorId from, ActorId to, double amount, double detect, double interdict) {
    const TransferDef& t = m_sc->transfers[static_cast<std::size_t>(ti)];
    const AssetDef& as = m_sc->assets[static_cast<std::size_t>(t.asset)];
    // two draws per shipment, always, in this order
    const bool interdicted = m_w.rng.uniform() < interdict;
    const bool detected = m_w.rng.uniform() < detect || interdicted;
    double sent = std::max(0.0, amount);
    if (as.kind == AssetKind::Stock) {
        double& s = m_w.stockOf(from, t.asset);
        sent = std::min(sent, s);  // only what the sender has
        s -= sent;
    }
    if (sent <= 0.0) return;
    FlowTotals& f = m_w.flows[static_cast<std::size_t>(ti)];
    f.sent += sent;
    finite(f.sent, "total sent", from, t.asset);
    ++f.shipments;
    if (detected) f.detected += sent;  // seen on its way (an interdicted one always is)
    CalEntry e;
    e.day = m_now + t.transit;
    e.kind = CalKind::Arrival;
    e.priority = static_cast<int>(CalKind::Arrival);
    e.i0 = ti;
    e.i1 = from;
    e.i2 = to;
    e.amount = sent;
    e.flags = static_cast<std::uint8_t>((detected ? 1 : 0) | (interdicted ? 2 : 0));
    if (m_obs) {
        Happening h;
        h.kind = detected && !interdicted ? HappeningKind::Detected : HappeningKind::Shipment;
        h.secret = h.kind == HappeningKind::Shipment;  // unseen: only its sender and receiver know
        h.actor = from;
        h.target = to;
        h.ref = ti;
        h.amount = sent;
        h.value = static_cast<double>(t.transit);
        emit(std::move(h));
    }
    if (t.transit == 0) {
        arrive(e, false);
    } else {
        f.inTransit += sent;
        m_w.calendar.push(e);
    }
}

void Simulation::arrive(const CalEntry& e, bool wasInTransit) {
    const TransferDef& t = m_sc->transfers[static_cast<std::size_t>(e.i0)];
    const AssetDef& as = m_sc->assets[static_cast<std::size_t>(t.asset)];
    FlowTotals& f = m_w.flows[static_cast<std::size_t>(e.i0)];
    if (wasInTransit) f.inTransit = std::max(0.0, f.inTransit - e.amount);
    const bool interdicted = e.flags & 2;
    Happening h;
    h.actor = e.i1;
    h.target = e.i2;
    h.ref = e.i0;
    h.amount = e.amount;
    if (interdicted) {
        f.interdicted += e.amount;
        h.kind = HappeningKind::Interdicted;
        emit(std::move(h));
        return;
    }
    f.delivered += e.amount;
    if (as.kind == AssetKind::Stock) {
        m_w.stockOf(e.i2, t.asset) += e.amount;
        finite(m_w.stockOf(e.i2, t.asset), "stock", e.i2, t.asset);
    } else {
        // diminishing returns toward the sender's level: each unit of effort closes a share
        // 1 - e^-amount of the gap, so two shipments equal one of their summed amount
        const double sender = m_w.techOf(e.i1, as.domain);
        double& level = m_w.techOf(e.i2, as.domain);
        if (sender > level) level += (sender - level) * (1.0 - detExp(-e.amount));
    }
    h.kind = HappeningKind::Arrival;
    h.secret = !(e.flags & 1);  // a shipment nobody saw arrives unseen
    emit(std::move(h));
}

void Simulation::setRung(DyadId d, ActorId a, ActorId b, int to, double p, const std::string& why,
                         std::shared_ptr<const Explained> explain, double tension) {
    const auto du = static_cast<std::size_t>(d);
    const int top = static_cast<int>(m_sc->ladder.size()) - 1;
    to = std::clamp(to, 0, std::max(0, top));
    const int from = m_w.rung[du];
    if (to == from) return;
    m_w.rung[du] = static_cast<std::int16_t>(to);
    m_w.peak[du] = std::max<std::int16_t>(m_w.peak[du], static_cast<std::int16_t>(to));
    if (m_sc->ladder[static_cast<std::size_t>(to)].ends != kNone) reach(m_sc->ladder[static_cast<std::size_t>(to)].ends);
    if (m_obs) {
        Happening h;
        h.kind = HappeningKind::Rung;
        h.actor = a;
        h.target = b;
        h.ref = to;
        h.ref2 = from;
        h.p = p;
        h.value = tension >= 0 ? tension : m_w.tension[du];
        h.text = why;
        h.explain = std::move(explain);
        emit(std::move(h));
    }
}

void Simulation::setPosture(ActorId a, PostureId p) {
    const PostureId old = m_w.posture[static_cast<std::size_t>(a)];
    if (old == p) return;
    m_w.posture[static_cast<std::size_t>(a)] = p;
    if (m_obs) {
        Happening h;
        h.kind = HappeningKind::Posture;
        h.actor = a;
        h.ref = p;
        h.ref2 = old;
        emit(std::move(h));
    }
}

}  // namespace brink
