// final.yaml: the writer of a saved run (its reader is saved_state.cpp, beside it). The
// scenario as its author wrote it, every changing value replaced by its value now, the
// run's progress in a `state` section, and a seal.
#include "brink/saved/final_yaml.hpp"

#include <algorithm>

#include "brink/base/digest.hpp"
#include "brink/base/numfmt.hpp"
#include "brink/base/version.hpp"

namespace brink {

namespace {

YNode* clone(YamlDoc& doc, const YNode* n) {
    YNode* c = doc.make(n->kind);
    c->quoted = n->quoted;
    c->loc = n->loc;
    c->value = n->value;
    for (const YNode* i : n->items) c->items.push_back(clone(doc, i));
    for (const auto& [k, v] : n->entries) c->entries.emplace_back(clone(doc, k), clone(doc, v));
    return c;
}

void setKey(YamlDoc& doc, YNode* map, const std::string& key, YNode* value) {
    for (auto& e : map->entries) {
        if (e.first->isScalar() && e.first->value == key) {
            e.second = value;
            return;
        }
    }
    map->entries.emplace_back(doc.makeScalar(key), value);
}

void removeKey(YNode* map, const std::string& key) {
    std::erase_if(map->entries, [&](const auto& e) { return e.first->isScalar() && e.first->value == key; });
}

YNode* num(YamlDoc& doc, double v) { return doc.makeScalar(formatNumber(v)); }
// Counters and turn numbers: always integer text, whatever their size.
YNode* whole(YamlDoc& doc, std::int64_t v) { return doc.makeScalar(std::to_string(v)); }
YNode* str(YamlDoc& doc, const std::string& s) { return doc.makeScalar(s, !isPlainSafe(s)); }

YNode* mapOf(YamlDoc& doc) { return doc.make(YKind::Map); }

YNode* pair(YamlDoc& doc, const Scenario& sc, ActorId a, ActorId b) {
    YNode* s = doc.make(YKind::Seq);
    s->items.push_back(str(doc, sc.actors[static_cast<std::size_t>(a)].id));
    s->items.push_back(str(doc, sc.actors[static_cast<std::size_t>(b)].id));
    return s;
}

YNode* treatyList(YamlDoc& doc, const Scenario& sc, std::uint64_t bits) {
    YNode* s = doc.make(YKind::Seq);
    for (std::size_t t = 0; t < sc.treaties.size(); ++t) {
        if ((bits >> t) & 1u) s->items.push_back(str(doc, sc.treaties[t]));
    }
    return s;
}

std::string hex64(std::uint64_t v) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "0x%016llx", static_cast<unsigned long long>(v));
    return buf;
}

YNode* stateNode(YamlDoc& doc, const Simulation& sim) {
    const World& w = sim.world();
    const Scenario& sc = *w.sc;
    YNode* st = mapOf(doc);
    setKey(doc, st, "turn", whole(doc, w.turn));
    YNode* rng = doc.make(YKind::Seq);
    for (std::uint64_t word : w.rng.state()) rng->items.push_back(doc.makeScalar(hex64(word)));
    setKey(doc, st, "rng", rng);
    setKey(doc, st, "next_seq", doc.makeScalar(std::to_string(w.calendar.nextSeq())));
    if (w.ended()) setKey(doc, st, "outcome", str(doc, sc.outcomes[static_cast<std::size_t>(w.outcome)]));
    YNode* esc = mapOf(doc);
    for (std::size_t a = 0; a < sc.actors.size(); ++a) {
        if (w.escScore[a] != 0.0) setKey(doc, esc, sc.actors[a].id, num(doc, w.escScore[a]));
    }
    setKey(doc, st, "escalation_scores", esc);
    YNode* fired = mapOf(doc);
    for (std::size_t e = 0; e < sc.events.size(); ++e) {
        if (w.fired[e]) setKey(doc, fired, sc.events[e].id, whole(doc, w.fired[e]));
    }
    setKey(doc, st, "fired", fired);
    YNode* flows = mapOf(doc);
    for (std::size_t t = 0; t < sc.transfers.size(); ++t) {
        const FlowTotals& f = w.flows[t];
        if (f.shipments == 0) continue;
        YNode* fm = mapOf(doc);
        setKey(doc, fm, "sent", num(doc, f.sent));
        setKey(doc, fm, "delivered", num(doc, f.delivered));
        setKey(doc, fm, "interdicted", num(doc, f.interdicted));
        setKey(doc, fm, "in_transit", num(doc, f.inTransit));
        setKey(doc, fm, "detected", num(doc, f.detected));
        setKey(doc, fm, "shipments", doc.makeScalar(std::to_string(f.shipments)));
        setKey(doc, flows, sc.transfers[t].id, fm);
    }
    setKey(doc, st, "flows", flows);
    YNode* metrics = mapOf(doc);
    for (std::size_t m = 0; m < sc.metrics.size(); ++m) setKey(doc, metrics, sc.metrics[m].name, num(doc, w.metrics[m]));
    setKey(doc, st, "metrics", metrics);
    // dyads outside `relations` that the run changed, and peaks above the current rung
    std::vector<bool> declared(sc.dyadCount(), false);
    for (const auto& r : sc.relations) declared[static_cast<std::size_t>(sc.dyad(r.a, r.b))] = true;
    YNode* dyads = doc.make(YKind::Seq);
    YNode* peaks = doc.make(YKind::Seq);
    const auto n = static_cast<ActorId>(sc.actors.size());
    for (ActorId a = 0; a < n; ++a) {
        for (ActorId b = a + 1; b < n; ++b) {
            const auto d = static_cast<std::size_t>(sc.dyad(a, b));
            if (!declared[d] && (w.stance[d] != Stance::Neutral || w.tension[d] != 0.0 || w.rung[d] != 0 || w.treaties[d] != 0)) {
                YNode* dm = mapOf(doc);
                setKey(doc, dm, "between", pair(doc, sc, a, b));
                setKey(doc, dm, "stance", str(doc, kStanceNames[static_cast<int>(w.stance[d])]));
                setKey(doc, dm, "tension", num(doc, w.tension[d]));
                if (sc.hasLadder) setKey(doc, dm, "rung", str(doc, sc.ladder[static_cast<std::size_t>(w.rung[d])].id));
                setKey(doc, dm, "treaties", treatyList(doc, sc, w.treaties[d]));
                dyads->items.push_back(dm);
            }
            if (sc.hasLadder && w.peak[d] != w.rung[d]) {
                YNode* pm = mapOf(doc);
                setKey(doc, pm, "between", pair(doc, sc, a, b));
                setKey(doc, pm, "rung", str(doc, sc.ladder[static_cast<std::size_t>(w.peak[d])].id));
                peaks->items.push_back(pm);
            }
        }
    }
    setKey(doc, st, "dyads", dyads);
    setKey(doc, st, "peaks", peaks);
    static const char* kinds[] = {"arrival", "posture", "action", "departure"};
    YNode* cal = doc.make(YKind::Seq);
    auto actorId = [&](ActorId a) { return str(doc, sc.actors[static_cast<std::size_t>(a)].id); };
    for (const CalEntry& e : w.calendar.sorted()) {
        YNode* em = mapOf(doc);
        setKey(doc, em, "day", doc.makeScalar(std::to_string(e.day)));
        setKey(doc, em, "seq", doc.makeScalar(std::to_string(e.seq)));
        setKey(doc, em, "kind", doc.makeScalar(kinds[static_cast<int>(e.kind)]));
        switch (e.kind) {
            case CalKind::Departure: setKey(doc, em, "transfer", str(doc, sc.transfers[static_cast<std::size_t>(e.i0)].id)); break;
            case CalKind::Arrival:
                setKey(doc, em, "transfer", str(doc, sc.transfers[static_cast<std::size_t>(e.i0)].id));
                setKey(doc, em, "from", actorId(e.i1));
                setKey(doc, em, "to", actorId(e.i2));
                setKey(doc, em, "amount", num(doc, e.amount));
                setKey(doc, em, "detected", doc.makeScalar((e.flags & 1) ? "true" : "false"));
                setKey(doc, em, "interdicted", doc.makeScalar((e.flags & 2) ? "true" : "false"));
                break;
            case CalKind::Posture:
                setKey(doc, em, "actor", actorId(e.i0));
                setKey(doc, em, "to", str(doc, sc.postures[static_cast<std::size_t>(e.i1)].id));
                break;
            case CalKind::ActionEffects:
                setKey(doc, em, "action", str(doc, sc.actions[static_cast<std::size_t>(e.i0)].id));
                setKey(doc, em, "actor", actorId(e.i1));
                if (e.i2 != kNone) setKey(doc, em, "target", actorId(e.i2));
                break;
        }
        cal->items.push_back(em);
    }
    setKey(doc, st, "calendar", cal);
    return st;
}

}  // namespace

std::string finalYaml(const Simulation& sim) {
    const World& w = sim.world();
    const Scenario& sc = *w.sc;
    YamlDoc doc;
    YNode* root = clone(doc, sc.doc->root());

    YNode* scen = root->get("scenario");
    setKey(doc, scen, "turns", whole(doc, std::max(sc.turnsInFile, sim.horizon())));
    // the seed that produced this state, so a continuation reports the same one
    setKey(doc, scen, "seed", doc.makeScalar(std::to_string(sim.key().seed)));

    if (!sc.paramNames.empty()) {
        YNode* params = mapOf(doc);
        for (std::size_t i = 0; i < sc.paramNames.size(); ++i) setKey(doc, params, sc.paramNames[i], num(doc, w.params[i]));
        setKey(doc, root, "params", params);
    }
    removeKey(root, "uncertain");  // drawn: the values now stand in params

    YNode* actors = root->get("actors");
    for (std::size_t a = 0; a < sc.actors.size(); ++a) {
        YNode* an = actors->get(sc.actors[a].id);
        YNode* stock = mapOf(doc);
        for (std::size_t s = 0; s < sc.assets.size(); ++s) {
            if (sc.assets[s].kind == AssetKind::Stock && w.stockOf(static_cast<ActorId>(a), static_cast<AssetId>(s)) != 0.0) {
                setKey(doc, stock, sc.assets[s].id, num(doc, w.stockOf(static_cast<ActorId>(a), static_cast<AssetId>(s))));
            }
        }
        setKey(doc, an, "stock", stock);
        YNode* tech = mapOf(doc);
        for (std::size_t d = 0; d < sc.domains.size(); ++d) {
            const double v = w.techOf(static_cast<ActorId>(a), static_cast<DomainId>(d));
            if (v != 0.0) setKey(doc, tech, sc.domains[d], num(doc, v));
        }
        setKey(doc, an, "tech", tech);
        setKey(doc, an, "resolve", num(doc, w.resolve[a]));
        setKey(doc, an, "stability", num(doc, w.stability[a]));
        setKey(doc, an, "posture", str(doc, sc.postures[static_cast<std::size_t>(w.posture[a])].id));
    }

    if (YNode* rels = root->get("relations")) {
        for (std::size_t i = 0; i < sc.relations.size() && i < rels->items.size(); ++i) {
            const RelationDef& r = sc.relations[i];
            const auto d = static_cast<std::size_t>(sc.dyad(r.a, r.b));
            YNode* rn = rels->items[i];
            setKey(doc, rn, "stance", str(doc, kStanceNames[static_cast<int>(w.stance[d])]));
            setKey(doc, rn, "tension", num(doc, w.tension[d]));
            setKey(doc, rn, "baseline", num(doc, w.baseline[d]));
            if (sc.hasLadder) setKey(doc, rn, "rung", str(doc, sc.ladder[static_cast<std::size_t>(w.rung[d])].id));
            setKey(doc, rn, "treaties", treatyList(doc, sc, w.treaties[d]));
        }
    }
    setKey(doc, root, "state", stateNode(doc, sim));
    // The seal: the digest of the whole text without its own line, near the top so that a
    // file cut short anywhere after it no longer matches it.
    constexpr const char* kPlaceholder = "seal-to-come";
    std::vector<std::pair<YNode*, YNode*>>& top = root->entries;
    removeKey(root, "seal");
    const auto afterVersion = std::find_if(top.begin(), top.end(), [](const auto& e) { return e.first->value == "brink"; });
    top.insert(afterVersion == top.end() ? top.begin() : afterVersion + 1, {doc.makeScalar("seal"), doc.makeScalar(kPlaceholder)});
    std::string text = "# Written by brink " BRINK_VERSION " after turn " + std::to_string(w.turn) + " (" +
                       formatDate(sc.start + w.day) +
                       ").\n# Load it with brink run to continue exactly where this run stopped. The seal guards the\n"
                       "# saved state: to start afresh from these values after editing them, delete the seal line\n"
                       "# and the state section.\n" +
                       emitYaml(*root);
    return sealed(std::move(text));
}

}  // namespace brink
