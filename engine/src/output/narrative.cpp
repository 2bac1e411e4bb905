#include "brink/output/narrative.hpp"

#include <cctype>
#include <cmath>

#include "brink/base/numfmt.hpp"

namespace brink {

namespace {
const std::string& nameOf(const Scenario& sc, ActorId a) {
    static const std::string none = "(nobody)";
    return a == kNone ? none : sc.actors[static_cast<std::size_t>(a)].name;
}

std::string percent(double p) { return formatPercent(p); }

std::string amountOf(const Scenario& sc, TransferId t, double amount) {
    const AssetDef& as = sc.assets[static_cast<std::size_t>(sc.transfers[static_cast<std::size_t>(t)].asset)];
    // know-how is not counted in pieces: "missile know-how (0.03)"
    if (as.kind == AssetKind::Tech) return as.name + " (" + formatHuman(amount) + ")";
    std::string s = formatHuman(amount);
    // "183,000 rounds of artillery shells", but "4 ballistic missiles", not "4 missiles of ballistic missiles"
    const bool unitInName = !as.unit.empty() && as.name.size() >= as.unit.size() &&
                            as.name.compare(as.name.size() - as.unit.size(), as.unit.size(), as.unit) == 0;
    if (!as.unit.empty() && !unitInName) s += " " + as.unit + " of";
    return s + " " + as.name;
}

std::string rungName(const Scenario& sc, int r) {
    const RungDef& rd = sc.ladder[static_cast<std::size_t>(r)];
    return "rung " + std::to_string(r) + " '" + rd.name + "'";
}
}  // namespace

std::string pairName(const Scenario& sc, ActorId a, ActorId b) {
    return nameOf(sc, a) + "\u2013" + nameOf(sc, b);
}

const char* kindName(HappeningKind k) {
    switch (k) {
        case HappeningKind::Order: return "order";
        case HappeningKind::Refused: return "refused";
        case HappeningKind::Event: return "event";
        case HappeningKind::Headline: return "headline";
        case HappeningKind::Shipment: return "shipment";
        case HappeningKind::Arrival: return "arrival";
        case HappeningKind::Interdicted: return "interdicted";
        case HappeningKind::Detected: return "detected";
        case HappeningKind::Rung: return "rung";
        case HappeningKind::Posture: return "posture";
        case HappeningKind::PostureLapse: return "posture_lapse";
        case HappeningKind::Stance: return "stance";
        case HappeningKind::Treaty: return "treaty";
        case HappeningKind::End: return "end";
        case HappeningKind::Inject: return "inject";
    }
    return "?";
}

bool tells(const Happening& h, Detail d) {
    if (d == Detail::Everything) return true;
    if (h.consequence) return false;
    switch (h.kind) {
        case HappeningKind::Refused:
        case HappeningKind::Shipment:
        case HappeningKind::Arrival:
        case HappeningKind::Detected: return false;
        default: return true;
    }
}

std::string describe(const Scenario& sc, const Happening& h) {
    const std::string& a = nameOf(sc, h.actor);
    const std::string& b = nameOf(sc, h.target);
    switch (h.kind) {
        case HappeningKind::Order: {
            const ActionDef& ac = sc.actions[static_cast<std::size_t>(h.ref)];
            std::string s = !h.text.empty() ? h.text
                                            : a + ": " + ac.name + (h.target != kNone ? " \u2192 " + b : "");  // an arrow: many orders are not against anyone
            if (h.secret) s = "[secret] " + s;
            if (!h.why.empty()) {
                // "... together ('Freedom Edge') — to reassure Seoul": the why goes on the sentence
                if (s.ends_with('.')) s.pop_back();
                s += " \u2014 " + h.why;
            }
            if (h.value != 0.0) s += " [escalation " + std::string(h.value > 0 ? "+" : "") + formatHuman(h.value) + "]";
            return s;
        }
        case HappeningKind::Refused: {
            const ActionDef& ac = sc.actions[static_cast<std::size_t>(h.ref)];
            return a + " cannot " + ac.name + (h.target != kNone ? " \u2192 " + b : "") + ": " + h.text + ".";
        }
        case HappeningKind::Event:
        case HappeningKind::Headline:
        case HappeningKind::Inject: return h.text;
        case HappeningKind::Shipment: {
            const auto& t = sc.transfers[static_cast<std::size_t>(h.ref)];
            return a + " ships " + amountOf(sc, h.ref, h.amount) + " to " + b +
                   (t.transit > 0 ? " (due in " + std::to_string(t.transit) + " days)" : "") + ".";
        }
        case HappeningKind::Arrival: {
            const bool tech = sc.assets[static_cast<std::size_t>(sc.transfers[static_cast<std::size_t>(h.ref)].asset)].kind == AssetKind::Tech;
            std::string s = amountOf(sc, h.ref, h.amount);
            if (tech) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
            return s + " from " + a + (tech ? " reaches " : " reach ") + b + ".";
        }
        case HappeningKind::Detected:
            return a + " ships " + amountOf(sc, h.ref, h.amount) + " to " + b + "; the shipment is detected on its way.";
        case HappeningKind::Interdicted:
            return "A shipment of " + amountOf(sc, h.ref, h.amount) + " from " + a + " to " + b + " is interdicted and lost.";
        case HappeningKind::Rung: {
            const bool up = h.ref > h.ref2;
            std::string s = pairName(sc, h.actor, h.target) + (up ? " escalates to " : " steps down to ") + rungName(sc, h.ref);
            if (h.p >= 0) s += " (chance this turn " + percent(h.p) + ", tension " + formatHuman(h.value, 2) + ")";
            else s += " (by an effect)";
            if (sc.ladder[static_cast<std::size_t>(h.ref)].ends != kNone) s += ", a rung that ends the run";
            return s + ".";
        }
        case HappeningKind::Posture:
            return a + " moves to posture '" + sc.postures[static_cast<std::size_t>(h.ref)].name + "' (from '" +
                   sc.postures[static_cast<std::size_t>(h.ref2)].name + "').";
        case HappeningKind::PostureLapse:
            return a + " cannot pay the upkeep of posture '" + sc.postures[static_cast<std::size_t>(h.ref2)].name + "'" +
                   (h.text.empty() ? "" : " (short of " + h.text + ")") + " and falls back to '" +
                   sc.postures[static_cast<std::size_t>(h.ref)].name + "'.";
        case HappeningKind::Stance:
            return pairName(sc, h.actor, h.target) + ": relations turn from " + kStanceNames[h.ref2] + " to " +
                   kStanceNames[h.ref] + ".";
        case HappeningKind::Treaty:
            return a + " and " + b + " conclude treaty '" + sc.treaties[static_cast<std::size_t>(h.ref)] + "'.";
        case HappeningKind::End:
            if (h.ref == 0) {
                // the turns ran out: the scenario's own, or fewer or more asked for (--turns)
                if (h.turn == sc.turns) return "The scenario reaches its last turn (outcome: horizon).";
                return "The run stops at turn " + std::to_string(h.turn) + (h.turn < sc.turns ? " of " : ", past the last turn of ") +
                       "the scenario's " + std::to_string(sc.turns) + ", as asked (outcome: horizon).";
            }
            return "The run ends: outcome '" + sc.outcomes[static_cast<std::size_t>(h.ref)] + "'.";
    }
    return {};
}

}  // namespace brink
