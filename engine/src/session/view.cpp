#include "brink/session/view.hpp"

#include "brink/base/numfmt.hpp"
#include "brink/expr/explain.hpp"
#include "brink/output/narrative.hpp"

namespace brink::view {

Situation situation(const Scenario& sc, const World& w, ActorId a) {
    Situation s;
    const auto ai = static_cast<std::size_t>(a);
    s.actor = a;
    s.name = sc.actors[ai].name;
    s.posture = sc.postures[static_cast<std::size_t>(w.posture[ai])].name;
    for (std::size_t k = 0; k < sc.assets.size(); ++k) {
        const AssetDef& as = sc.assets[k];
        if (as.kind != AssetKind::Stock) continue;
        const double v = w.stockOf(a, static_cast<AssetId>(k));
        if (v == 0) continue;
        s.holds.push_back({static_cast<AssetId>(k), as.name.empty() ? as.id : as.name, v});
    }
    for (const RelationDef& r : sc.relations) {
        if (r.a != a && r.b != a) continue;
        const ActorId other = r.a == a ? r.b : r.a;
        const auto d = static_cast<std::size_t>(sc.dyad(r.a, r.b));
        Tie t{other, sc.actors[static_cast<std::size_t>(other)].name, w.tension[d],
              sc.hasLadder ? sc.ladder[static_cast<std::size_t>(w.rung[d])].name : std::string()};
        const Stance st = w.stance[d];
        if (st == Stance::Alliance || st == Stance::Partnership) s.allies.push_back(std::move(t));
        else if (st == Stance::Rivalry || st == Stance::Conflict) s.rivals.push_back(std::move(t));
    }
    return s;
}

std::string orderText(const Scenario& sc, ActionId action, ActorId target) {
    const ActionDef& a = sc.actions[static_cast<std::size_t>(action)];
    std::string t = a.name.empty() ? a.id : a.name;
    if (target != kNone) t += " \u2192 " + sc.actors[static_cast<std::size_t>(target)].name;
    return t;
}

std::string costText(const Scenario& sc, const OrderOption& o) {
    std::string cost;
    for (const auto& [asset, amount] : o.costs) {
        if (!cost.empty()) cost += ", ";
        cost += sc.assets[static_cast<std::size_t>(asset)].id + ": " + formatHuman(amount);
    }
    return cost;
}

std::vector<Group> happened(const Session& s, std::int64_t turn, ActorId who) {
    const Scenario& sc = s.scenario();
    std::vector<Group> groups{{"Orders", {}}, {"Events", {}}, {"Shipments", {}}, {"Escalation", {}}, {"The end", {}}};
    for (const Happening& h : s.visibleTo(turn, who)) {
        if (h.consequence) continue;  // told by the order or event it follows from
        // a policy's refused order is the computer's business; a team's refused order is news to it
        if (h.kind == HappeningKind::Refused && !s.isSeat(h.actor)) continue;
        std::size_t g = 1;
        switch (h.kind) {
            case HappeningKind::Order:
            case HappeningKind::Refused: g = 0; break;
            case HappeningKind::Shipment:
            case HappeningKind::Arrival:
            case HappeningKind::Detected:
            case HappeningKind::Interdicted: g = 2; break;
            case HappeningKind::Rung:
            case HappeningKind::Posture:
            case HappeningKind::PostureLapse:
            case HappeningKind::Stance:
            case HappeningKind::Treaty: g = 3; break;
            case HappeningKind::End: g = 4; break;
            default: g = 1;
        }
        groups[g].lines.push_back({describe(sc, h), h.explain ? "Why: " + explainInWords(sc, *h.explain) : std::string(), h.kind});
    }
    std::erase_if(groups, [](const Group& g) { return g.lines.empty(); });
    return groups;
}

std::vector<std::string> secrets(const Session& s, std::int64_t turn, ActorId seat) {
    std::vector<std::string> out;
    for (const Happening& h : s.visibleTo(turn, seat)) {
        if (h.secret && !h.consequence) out.push_back(describe(s.scenario(), h));
    }
    return out;
}

std::string injectText(const Scenario& sc, const GameInject& g) {
    switch (g.kind) {
        case GameInject::Kind::Event: return "event: " + g.id;
        case GameInject::Kind::Effects: return "effects: " + (g.headline.empty() ? std::string("(no headline)") : g.headline);
        case GameInject::Kind::Set: return "set: " + g.id + " = " + formatHuman(g.value, 6);
        case GameInject::Kind::Ai: {
            for (const ActorDef& a : sc.actors) {
                if (a.id == g.id) return "computer plays: " + a.name;
            }
            return "computer plays: " + g.id;
        }
    }
    return {};
}

}  // namespace brink::view
