// Reading the `state` section that final.yaml carries: turn, random stream, flows,
// calendar. A hand-edited or truncated state is rejected with the line of the problem,
// never loaded half.
#include <charconv>

#include "brink/base/digest.hpp"
#include "brink/sim/invariants.hpp"
#include "brink/base/numfmt.hpp"

#include "scenario/loader_impl.hpp"

namespace brink::detail {

namespace {
int priorityOf(CalKind k) { return static_cast<int>(k); }

bool parseHex64(const std::string& s, std::uint64_t& out) {
    if (s.size() < 3 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X') || s.size() > 18) return false;
    const auto r = std::from_chars(s.data() + 2, s.data() + s.size(), out, 16);
    return r.ec == std::errc{} && r.ptr == s.data() + s.size();
}
}  // namespace

bool Loader::sealSection(const YNode* n) {
    // A file brink run wrote is sealed: a file cut short or edited by hand is refused,
    // never loaded half.
    if (!n->isScalar() || (!m_opt.acceptEditedSeal && n->value != digestWithoutLine(m_rd.text(), n->loc.line))) {
        m_rd.error(n, "this saved run does not match its seal: it was cut short or edited after brink wrote it",
                   "the file exactly as brink run wrote it",
                   "if you edited it on purpose, brink validate --reseal FILE checks it and seals it again; to start a new "
                   "run from its values instead, delete the seal line and the state section");
        return false;
    }
    m_sealed = true;
    return true;
}

void Loader::stateSection(const YNode* n) {
    if (!n) return;
    SavedState& st = m_sc.saved;
    if (!m_rd.keys(n, "state", {"turn", "rng", "next_seq", "outcome", "escalation_scores", "fired", "flows", "metrics",
                                "dyads", "peaks", "calendar"})) {
        return;
    }
    st.present = true;
    if (!m_sealed) {
        m_rd.error(n, "the saved state is not sealed, so it cannot be trusted to be whole", "the file as brink run wrote it",
                   "to start a new run from the values in it, delete the state section");
        return;
    }
    if (const YNode* x = n->get("turn")) st.turn = m_rd.integer(x, "state.turn", 0, m_opt.limits.maxTurns);
    else m_rd.missing(n, "turn", "state", "the number of turns played");
    if (const YNode* x = n->get("rng")) {
        if (m_rd.isSeq(x, "state.rng", "four 64-bit words in hex")) {
            if (x->items.size() != 4) {
                m_rd.error(x, "state.rng has " + std::to_string(x->items.size()) + " words", "four 64-bit words in hex");
            } else {
                for (std::size_t i = 0; i < 4; ++i) {
                    const YNode* w = x->items[i];
                    if (!w->isScalar() || !parseHex64(w->value, st.rng[i])) {
                        m_rd.error(w, "state.rng word " + std::to_string(i + 1) + " is not a 64-bit hex number",
                                   "0x followed by up to 16 hex digits", "final.yaml files are written by brink run; do not edit the state by hand");
                    }
                }
            }
        }
    } else {
        m_rd.missing(n, "rng", "state", "the random stream's four words");
    }
    if (const YNode* x = n->get("next_seq")) st.nextSeq = static_cast<std::uint64_t>(m_rd.integer(x, "state.next_seq", 0, INT64_MAX));
    else m_rd.missing(n, "next_seq", "state", "the calendar's next insertion number");
    if (const YNode* x = n->get("outcome")) {
        const std::int32_t o = ref(x, m_sc.outcomes, "outcome", "state.outcome");
        st.outcome = o;
    }
    st.escScore.assign(m_sc.actors.size(), 0.0);
    if (const YNode* x = n->get("escalation_scores"); x && m_rd.isMap(x, "state.escalation_scores")) {
        for (const auto& [k, v] : x->entries) {
            const ActorId a = ref(k, actorIds(), "actor", "state.escalation_scores");
            if (a != kNone) st.escScore[static_cast<std::size_t>(a)] = m_rd.number(v, "state.escalation_scores." + k->value, -kBig, kBig);
        }
    }
    st.fired.assign(m_sc.events.size(), 0);
    if (const YNode* x = n->get("fired"); x && m_rd.isMap(x, "state.fired")) {
        for (const auto& [k, v] : x->entries) {
            const EventId e = ref(k, eventIds(), "event", "state.fired");
            if (e != kNone) st.fired[static_cast<std::size_t>(e)] = static_cast<std::uint32_t>(m_rd.integer(v, "state.fired." + k->value, 0, UINT32_MAX));
        }
    }
    st.flows.assign(m_sc.transfers.size(), {});
    if (const YNode* x = n->get("flows"); x && m_rd.isMap(x, "state.flows")) {
        for (const auto& entry : x->entries) {
            const YNode* k = entry.first;
            const YNode* v = entry.second;  // named, not a structured binding: the lambda below captures it
            const TransferId t = ref(k, transferIds(), "transfer", "state.flows");
            const std::string ctx = "state.flows." + k->value;
            if (t == kNone || !m_rd.keys(v, ctx, {"sent", "delivered", "interdicted", "in_transit", "detected", "shipments"})) continue;
            FlowTotals& f = st.flows[static_cast<std::size_t>(t)];
            auto num = [&](const char* key, double& out) {
                if (const YNode* y = v->get(key)) out = m_rd.number(y, ctx + "." + key, 0, kBig);
                else m_rd.missing(v, key, ctx, "a number");
            };
            num("sent", f.sent);
            num("delivered", f.delivered);
            num("interdicted", f.interdicted);
            num("in_transit", f.inTransit);
            num("detected", f.detected);
            if (const YNode* y = v->get("shipments")) f.shipments = m_rd.integer(y, ctx + ".shipments", 0, INT64_MAX);
            else m_rd.missing(v, "shipments", ctx, "a count");
            if (!conserves(f)) {
                m_rd.error(v, ctx + " does not add up: sent differs from delivered + interdicted + in_transit",
                           "sent = delivered + interdicted + in_transit", "the state was edited by hand or truncated");
            } else if (!possibleTotals(f)) {
                m_rd.error(v->get("detected") ? v->get("detected") : v, ctx + ".detected is more than was sent",
                           "at most " + formatNumber(f.sent), "the state was edited by hand or truncated");
            }
        }
    }
    st.metrics.assign(m_sc.metrics.size(), 0.0);
    if (const YNode* x = n->get("metrics"); x && m_rd.isMap(x, "state.metrics")) {
        std::vector<std::string> names;
        for (const auto& m : m_sc.metrics) names.push_back(m.name);
        std::vector<bool> seen(names.size(), false);
        for (const auto& [k, v] : x->entries) {
            const MetricId m = ref(k, names, "metric", "state.metrics");
            if (m == kNone) continue;
            seen[static_cast<std::size_t>(m)] = true;
            st.metrics[static_cast<std::size_t>(m)] = m_rd.number(v, "state.metrics." + k->value, -kBig, kBig);
        }
        for (std::size_t i = 0; i < names.size(); ++i) {
            if (!seen[i]) m_rd.error(x, "state.metrics has no value for " + q(names[i]), "a value for every metric",
                                     "a metric added by hand needs its value here too, or remove the state section to start over");
        }
    } else if (!m_sc.metrics.empty() && !n->get("metrics")) {
        m_rd.missing(n, "metrics", "state", "the last recorded value of every metric");
    }
    std::vector<std::string> stances(std::begin(kStanceNames), std::end(kStanceNames));
    if (const YNode* x = n->get("dyads"); x && m_rd.isSeq(x, "state.dyads")) {
        for (const YNode* item : x->items) {
            if (!m_rd.keys(item, "a saved dyad", {"between", "stance", "tension", "rung", "treaties"})) continue;
            SavedDyad d;
            ActorRef ra, rb;
            if (!between(item->get("between"), "state.dyads", {}, ra, rb)) continue;
            d.a = ra.id;
            d.b = rb.id;
            if (d.a == kNone || d.b == kNone || d.a == d.b) continue;
            if (const YNode* y = item->get("stance")) {
                const std::int32_t s = ref(y, stances, "stance", "state.dyads");
                if (s != kNone) d.stance = static_cast<Stance>(s);
            }
            if (const YNode* y = item->get("tension")) d.tension = m_rd.number(y, "state.dyads tension", 0, 1);
            if (const YNode* y = item->get("rung")) d.rung = rungRef(y, "state.dyads");
            if (d.rung == kNone) d.rung = 0;
            if (const YNode* y = item->get("treaties"); y && m_rd.isSeq(y, "state.dyads treaties")) {
                for (const YNode* t : y->items) {
                    const TreatyId ti = ref(t, m_sc.treaties, "treaty", "state.dyads treaties");
                    if (ti != kNone) d.treaties |= std::uint64_t{1} << ti;
                }
            }
            st.dyads.push_back(d);
        }
    }
    if (const YNode* x = n->get("peaks"); x && m_rd.isSeq(x, "state.peaks")) {
        for (const YNode* item : x->items) {
            if (!m_rd.keys(item, "a saved peak", {"between", "rung"})) continue;
            ActorRef ra, rb;
            if (!between(item->get("between"), "state.peaks", {}, ra, rb) || ra.id == kNone || rb.id == kNone || ra.id == rb.id) continue;
            const RungId r = rungRef(item->get("rung"), "state.peaks");
            if (r != kNone) st.peaks.emplace_back(m_sc.dyad(ra.id, rb.id), static_cast<std::int16_t>(r));
        }
    }
    if (const YNode* x = n->get("calendar"); x && m_rd.isSeq(x, "state.calendar")) {
        static const std::vector<std::string> kinds = {"arrival", "posture", "action", "departure"};
        for (const YNode* item : x->items) {
            if (!m_rd.keys(item, "a calendar entry", {"day", "seq", "kind", "transfer", "from", "to", "amount", "detected",
                                                      "interdicted", "actor", "action", "target"})) {
                continue;
            }
            CalEntry e;
            const YNode* kn = item->get("kind");
            const std::int32_t k = ref(kn, kinds, "calendar kind", "state.calendar");
            if (k == kNone) continue;
            e.kind = static_cast<CalKind>(k);
            e.priority = priorityOf(e.kind);
            if (const YNode* y = item->get("day")) e.day = m_rd.integer(y, "state.calendar day", 0, INT64_MAX / 4);
            else m_rd.missing(item, "day", "a calendar entry", "the day it fires");
            if (const YNode* y = item->get("seq")) {
                e.seq = static_cast<std::uint64_t>(m_rd.integer(y, "state.calendar seq", 0, INT64_MAX));
                if (e.seq >= st.nextSeq) m_rd.error(y, "calendar seq " + y->value + " is not below state.next_seq", "seq < next_seq");
            } else {
                m_rd.missing(item, "seq", "a calendar entry", "its insertion number");
            }
            auto actorKey = [&](const char* key, std::int32_t& out, bool required) {
                const YNode* y = item->get(key);
                if (!y) {
                    if (required) m_rd.missing(item, key, article(kn->value) + " calendar entry", "an actor id");
                    return;
                }
                out = ref(y, actorIds(), "actor", std::string("state.calendar ") + key);
            };
            switch (e.kind) {
                case CalKind::Departure:
                    e.i0 = ref(item->get("transfer"), transferIds(), "transfer", "state.calendar");
                    if (e.i0 != kNone && !m_sc.transfers[static_cast<std::size_t>(e.i0)].scheduled) {
                        m_rd.error(item->get("transfer"), "transfer " + q(item->get("transfer")->value) + " has no schedule", "a transfer from the transfers list");
                    }
                    break;
                case CalKind::Arrival:
                    e.i0 = ref(item->get("transfer"), transferIds(), "transfer", "state.calendar");
                    actorKey("from", e.i1, true);
                    actorKey("to", e.i2, true);
                    if (const YNode* y = item->get("amount")) e.amount = m_rd.number(y, "state.calendar amount", 0, kBig);
                    else m_rd.missing(item, "amount", "an arrival", "the amount in transit");
                    if (const YNode* y = item->get("detected"); y && m_rd.boolean(y, "state.calendar detected")) e.flags |= 1;
                    if (const YNode* y = item->get("interdicted"); y && m_rd.boolean(y, "state.calendar interdicted")) e.flags |= 2;
                    break;
                case CalKind::Posture: {
                    actorKey("actor", e.i0, true);
                    e.i1 = ref(item->get("to"), postureIds(), "posture", "state.calendar to");
                    break;
                }
                case CalKind::ActionEffects: {
                    e.i0 = ref(item->get("action"), actionIds(), "action", "state.calendar");
                    actorKey("actor", e.i1, true);
                    const bool wants = e.i0 != kNone && m_sc.actions[static_cast<std::size_t>(e.i0)].hasTarget;
                    actorKey("target", e.i2, wants);
                    if (!wants && item->get("target")) {
                        m_rd.error(item->get("target"), "action " + q(item->get("action")->value) + " takes no target",
                                   "no target in this calendar entry", "the state was edited by hand");
                    }
                    break;
                }
            }
            st.calendar.push_back(e);
        }
    }
    {
        // what is in transit is exactly what the calendar will deliver
        std::vector<double> scheduled(st.flows.size(), 0.0);
        for (const CalEntry& e : st.calendar) {
            if (e.kind == CalKind::Arrival && e.i0 != kNone) scheduled[static_cast<std::size_t>(e.i0)] += e.amount;
        }
        for (std::size_t t = 0; t < st.flows.size(); ++t) {
            if (!transitMatches(st.flows[t], scheduled[t])) {
                const YNode* cal = n->get("calendar");
                m_rd.error(cal ? cal : n, "the calendar holds " + formatNumber(scheduled[t]) + " in transit on transfer " + q(m_sc.transfers[t].id) +
                                  ", but state.flows." + m_sc.transfers[t].id + ".in_transit is " + formatNumber(st.flows[t].inTransit),
                           "the arrivals of each transfer on the calendar adding up to its in_transit",
                           "the state was edited by hand or truncated");
            }
        }
    }
}

}  // namespace brink::detail
