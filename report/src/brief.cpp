// brink brief (brief.hpp): a team's briefing, or the facilitator's, from a scenario. The
// figures are those of the scenario's start (its uncertain parameters drawn with its seed,
// as brink run draws them), and every condition is checked there with the run's own
// expression engine, so "you may target Ukraine now" is what the first turn will accept.
#include "brink/report/brief.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

#include "brink/base/dates.hpp"
#include "brink/base/numfmt.hpp"
#include "brink/expr/expr.hpp"
#include "brink/output/narrative.hpp"
#include "brink/report/page.hpp"
#include "brink/scenario/owners.hpp"
#include "brink/sim/sim.hpp"
#include "report_impl.hpp"

namespace brink::report {

using detail::numCell;

namespace {

const std::string& nameOf(const Scenario& sc, ActorId a) { return sc.actors[static_cast<std::size_t>(a)].name; }

/// An actor slot in words, from the point of view of `self`'s team.
std::string who(const Scenario& sc, const ActorRef& r, ActorId self, bool team) {
    switch (r.kind) {
        case ActorRef::Kind::Self: return self == kNone ? "the actor" : team ? "you" : nameOf(sc, self);
        case ActorRef::Kind::Target: return "the target";
        case ActorRef::Kind::A: return "side a";
        case ActorRef::Kind::B: return "side b";
        case ActorRef::Kind::Fixed: return r.id == kNone ? "?" : (team && r.id == self ? "you" : nameOf(sc, r.id));
    }
    return "?";
}

/// An amount: the number when it is one, else its formula (a leading minus read as a sign).
std::string amount(const Scenario& sc, ProgramId p, bool& negative) {
    negative = false;
    if (p == kNone) return "?";
    const Program& prog = sc.program(p);
    if (prog.isConst) {
        negative = prog.constValue < 0;
        return formatHuman(std::fabs(prog.constValue), 3);
    }
    std::string src = prog.source;
    if (!src.empty() && src[0] == '-') {
        negative = true;
        src.erase(0, 1);
        while (!src.empty() && src[0] == ' ') src.erase(0, 1);
    }
    return "(" + src + ")";
}

/// "3 rounds of artillery shells", "4 ballistic missiles" (a unit the name already says is not said twice).
std::string quantity(const AssetDef& as, const std::string& n) {
    const auto has = [&](const std::string& w) { return as.name.find(w) != std::string::npos; };
    const bool one = n == "1";
    if (as.unit.empty() || has(as.unit)) {
        // "1 day since the quarantine", not "1 days since the quarantine"
        if (one && as.unit.size() > 1 && as.unit.back() == 's' && as.name.rfind(as.unit + " ", 0) == 0) {
            return n + " " + as.unit.substr(0, as.unit.size() - 1) + as.name.substr(as.unit.size());
        }
        return n + " " + as.name;
    }
    std::string unit = as.unit;
    if (one && unit.size() > 1 && unit.back() == 's') unit.pop_back();  // "1 point of", not "1 points of"
    return n + " " + unit + " of " + as.name;
}

std::string effectWords(const Scenario& sc, const Effect& e, ActorId self, bool team) {
    const std::string x = who(sc, e.x, self, team), y = who(sc, e.y, self, team);
    bool neg = false;
    const std::string n = e.amount == kNone ? std::string() : amount(sc, e.amount, neg);
    switch (e.kind) {
        case EffectKind::Add: {
            const AssetDef& as = sc.assets[static_cast<std::size_t>(e.ref)];
            if (as.kind == AssetKind::Tech) return (neg ? "lowers " : "raises ") + possessive(x) + " " + as.name + " level by " + n;
            return (neg ? "takes " : "gives ") + quantity(as, n) + (neg ? " from " : " to ") + x;
        }
        case EffectKind::Tension:
            if (e.isTo) return "sets tension between " + x + " and " + y + " to " + n;
            return (neg ? "lowers" : "raises") + std::string(" tension between ") + x + " and " + y + " by " + n;
        case EffectKind::Stance: return "turns relations between " + x + " and " + y + " to " + kStanceNames[e.ref];
        case EffectKind::Rung:
            if (e.isTo && e.ref != kNone && static_cast<std::size_t>(e.ref) < sc.ladder.size()) {
                return "puts " + x + " and " + y + " on the rung '" + sc.ladder[static_cast<std::size_t>(e.ref)].name + "'";
            }
            if (e.isTo) return "puts " + x + " and " + y + " on the ladder's rung " + n;
            return "moves " + x + " and " + y + (neg ? " down" : " up") + " the ladder by " + n + " rung" + (n == "1" ? "" : "s");
        case EffectKind::Posture: {
            const PostureDef& pd = sc.postures[static_cast<std::size_t>(e.ref)];
            std::string s = x + (x == "you" ? " take" : " takes") + " the posture '" + pd.name + "'";
            if (pd.delay > 0) s += " (in " + counted(pd.delay, "day") + ")";
            return s;
        }
        case EffectKind::Resolve: return (neg ? "lowers " : "raises ") + possessive(x) + " resolve by " + n;
        case EffectKind::Stability: return (neg ? "lowers " : "raises ") + possessive(x) + " stability by " + n;
        case EffectKind::Transfer: {
            const TransferDef& td = sc.transfers[static_cast<std::size_t>(e.ref)];
            const AssetDef& as = sc.assets[static_cast<std::size_t>(td.asset)];
            bool n2 = false;
            std::string s = x + (x == "you" ? " send " : " sends ") + quantity(as, amount(sc, td.amount, n2)) + " to " + y;
            if (td.transit > 0) s += ", arriving in " + counted(td.transit, "day");
            return s;
        }
        case EffectKind::Treaty: return x + " and " + y + " conclude the treaty '" + sc.treaties[static_cast<std::size_t>(e.ref)] + "'";
        case EffectKind::Headline: return "";
        case EffectKind::End: return "ends the game with the outcome '" + sc.outcomes[static_cast<std::size_t>(e.ref)] + "'";
    }
    return "";
}

std::string effectsWords(const Scenario& sc, const std::vector<Effect>& effects, ActorId self, bool team) {
    std::string s;
    for (const Effect& e : effects) {
        const std::string w = effectWords(sc, e, self, team);
        if (w.empty()) continue;
        s += (s.empty() ? "" : "; ") + w;
    }
    return s.empty() ? "nothing beyond its headline" : s;
}

/// A headline template as its author wrote it, the actor names filled in where known.
std::string templateText(const Scenario& sc, const Template& t, ActorId self) {
    std::string s;
    for (const auto& p : t.parts) {
        if (p.isActor) {
            if (p.actor.kind == ActorRef::Kind::Self && self != kNone) s += nameOf(sc, self);
            else if (p.actor.kind == ActorRef::Kind::Fixed && p.actor.id != kNone) s += nameOf(sc, p.actor.id);
            else if (p.actor.kind == ActorRef::Kind::Target) s += "[the target]";
            else s += "[an actor]";
        } else if (p.expr != kNone) {
            s += "[" + sc.program(p.expr).source + "]";
        } else {
            s += p.text;
        }
    }
    return s;
}

const char* scoreWords(double s) {
    if (s <= -2) return "de-escalation";
    if (s < 4) return "status quo";
    if (s < 12) return "posturing";
    if (s < 28) return "non-violent escalation";
    if (s < 60) return "violent escalation";
    return "nuclear";
}

/// An actor's bloc as the scenario names it ("The West"), its id, or empty.
std::string blocOf(const Scenario& sc, ActorId a) {
    const StrId s = sc.actors[static_cast<std::size_t>(a)].bloc;
    if (s == kNone) return {};
    const std::string& id = sc.strings[static_cast<std::size_t>(s)];
    const std::int32_t b = id.empty() ? -1 : sc.blocs.find(id);
    if (b < 0) return id;
    const auto bi = static_cast<std::size_t>(b);
    return bi < sc.blocInfo.size() && !sc.blocInfo[bi].name.empty() ? sc.blocInfo[bi].name : id;
}

bool isAssumption(const std::string& s) {
    std::string l(s.size(), ' ');
    std::transform(s.begin(), s.end(), l.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return l.find("assumption") != std::string::npos;
}

struct Ctx {
    const Scenario& sc;
    const World& w;
    Page& page;
    ActorId self;  // the team (kNone: the facilitator)
    bool team;
};

double eval(const Ctx& c, ProgramId p, const Bindings& b) {
    try {
        return evaluate(c.sc, c.w, p, b);
    } catch (const EvalError&) {
        return 0;
    }
}

/// An actor's situation at the start: what it holds, makes, its posture, its relations.
void situation(const Ctx& c, ActorId a) {
    const Scenario& sc = c.sc;
    const World& w = c.w;
    const auto ai = static_cast<std::size_t>(a);
    const ActorDef& ad = sc.actors[ai];
    const PostureDef& pd = sc.postures[static_cast<std::size_t>(w.posture[ai])];
    std::vector<std::pair<std::string, std::string>> facts;
    if (const std::string bloc = blocOf(sc, a); !bloc.empty()) facts.emplace_back("bloc", bloc);
    facts.emplace_back("nuclear weapons", ad.nuclear ? "yes" : "no");
    facts.emplace_back("posture", pd.name + " (level " + std::to_string(pd.level) + ", credibility " + formatHuman(pd.credibility, 2) + ")");
    facts.emplace_back("resolve", formatHuman(w.resolve[ai], 2) + " (0 to 1)");
    facts.emplace_back("stability", formatHuman(w.stability[ai], 2) + " (0 to 1)");
    c.page.facts(facts);
    std::vector<std::vector<std::string>> rows;
    for (std::size_t s = 0; s < sc.assets.size(); ++s) {
        const AssetDef& as = sc.assets[s];
        const bool tech = as.kind == AssetKind::Tech;
        const double v = tech ? w.techOf(a, as.domain) : w.stockOf(a, static_cast<AssetId>(s));
        std::string made;
        for (const auto& p : ad.production) {
            if (static_cast<std::size_t>(p.asset) != s) continue;
            bool neg = false;
            made += "+" + amount(sc, p.amount, neg) + " a turn";
        }
        for (const auto& p : ad.consumption) {
            if (static_cast<std::size_t>(p.asset) != s) continue;
            bool neg = false;
            made += std::string(made.empty() ? "" : ", ") + "-" + amount(sc, p.amount, neg) + " a turn";
        }
        if (v == 0 && made.empty()) continue;
        rows.push_back({esc(as.name) + (tech ? " <span class=\"muted\">(technology level, 0 to 1)</span>" : ""),
                        numCell(formatHuman(v, v < 10 ? 3 : 0) + (tech || as.unit.empty() ? "" : " " + esc(as.unit))), esc(made)});
    }
    if (!rows.empty()) c.page.table({"holds", "at the start", "made or used"}, rows);
    // relations
    std::vector<std::vector<std::string>> rel;
    for (const RelationDef& r : sc.relations) {
        if (r.a != a && r.b != a) continue;
        const ActorId o = r.a == a ? r.b : r.a;
        const auto d = static_cast<std::size_t>(sc.dyad(r.a, r.b));
        std::string treaties;
        for (std::size_t t = 0; t < sc.treaties.size(); ++t) {
            if (w.treaties[d] & (1ull << t)) treaties += (treaties.empty() ? "" : ", ") + sc.treaties[t];
        }
        rel.push_back({esc(nameOf(sc, o)), esc(kStanceNames[static_cast<int>(w.stance[d])]), numCell(formatHuman(w.tension[d], 2)),
                       sc.hasLadder ? esc(sc.ladder[static_cast<std::size_t>(w.rung[d])].name) : "", esc(treaties)});
    }
    if (!rel.empty()) c.page.table({"with", "stance", "tension", sc.hasLadder ? "rung of the ladder" : "", "treaties"}, rel);
    // what it sends and receives
    std::vector<std::vector<std::string>> tr;
    for (const TransferDef& td : sc.transfers) {
        if (!td.scheduled || (td.from != a && td.to != a)) continue;
        const AssetDef& as = sc.assets[static_cast<std::size_t>(td.asset)];
        bool neg = false;
        std::string how = quantity(as, amount(sc, td.amount, neg));
        how += td.every > 0 ? ", every " + counted(td.every, "day") : ", once";
        if (td.transit > 0) how += ", " + counted(td.transit, "day") + " on the way";
        rows.clear();
        tr.push_back({esc(td.from == a ? "you send to " + nameOf(sc, td.to) : nameOf(sc, td.from) + " sends you"), esc(how)});
    }
    if (!tr.empty()) c.page.table({"shipments", "what, how often"}, tr);
}

/// The actions an actor may give: what each does, its cost, conditions and targets now.
void actions(const Ctx& c, ActorId a) {
    const Scenario& sc = c.sc;
    std::vector<std::vector<std::string>> rows, later;
    for (std::size_t i = 0; i < sc.actions.size(); ++i) {
        const ActionDef& ac = sc.actions[i];
        if (othersAction(sc, static_cast<ActionId>(i), a)) continue;  // another side's action
        const std::string& by = sc.program(ac.by).source;
        Bindings b;
        b.self = a;
        const bool open = eval(c, ac.by, b) != 0;
        std::string what = "<b>" + esc(ac.name) + "</b><div>" + esc(effectsWords(sc, ac.effects, a, c.team)) + ".</div>";
        if (!ac.headline.empty()) what += "<div class=\"muted\">The news: \u201c" + esc(templateText(sc, ac.headline, a)) + "\u201d</div>";
        std::string cost;
        for (const auto& k : ac.cost) {
            bool neg = false;
            cost += (cost.empty() ? "" : ", ") + amount(sc, k.amount, neg) + " " + sc.assets[static_cast<std::size_t>(k.asset)].name;
        }
        std::string when;
        if (!(sc.program(ac.by).isConst)) when += "<div>" + std::string(open ? "open now" : "<b>not open now</b>") + ": <code>" + esc(by) + "</code></div>";
        if (ac.hasTarget) {
            std::string targets;
            for (std::size_t t = 0; t < sc.actors.size(); ++t) {
                if (static_cast<ActorId>(t) == a) continue;
                b.target = static_cast<ActorId>(t);
                if (eval(c, ac.target, b) != 0) targets += (targets.empty() ? "" : ", ") + sc.actors[t].name;
            }
            when += "<div>targets now: " + (targets.empty() ? std::string("none") : esc(targets)) + " <span class=\"muted\">(<code>" +
                    esc(sc.program(ac.target).source) + "</code>)</span></div>";
        }
        if (ac.duration > 0) when += "<div>takes effect after " + esc(counted(ac.duration, "day")) + "</div>";
        std::string tags = ac.isPublic ? "<span class=\"tag\">public</span>" : "<span class=\"tag secret\">secret</span>";
        tags += " <span class=\"tag\">" + std::string(ac.escalation > 0 ? "+" : "") + formatHuman(ac.escalation, 0) + " " + scoreWords(ac.escalation) + "</span>";
        (open ? rows : later).push_back({what + "<div>" + tags + "</div>", esc(cost.empty() ? "nothing" : cost), when.empty() ? "any time" : when});
    }
    const std::vector<std::string> head{"action: what it does", "costs", "when, and on whom"};
    if (rows.empty() && later.empty()) c.page.para("This side has no actions of its own in this scenario.", "note");
    if (!rows.empty()) c.page.table(head, rows, "actions");
    if (!later.empty()) {
        // actions whose condition fails at the start: some open later (a treaty, a posture),
        // some never will for this side; the condition says which
        c.page.raw("<h3>Not open at the start</h3>\n");
        c.page.para("These actions' conditions do not hold at the start. Some may open during the game (after a treaty, a "
                    "posture, a stock built up); the condition says when.", "muted");
        c.page.table(head, later, "actions");
    }
}

void objectives(const Ctx& c, ActorId a) {
    std::vector<std::vector<std::string>> rows;
    for (const ObjectiveDef& o : c.sc.objectives) {
        if (o.actor != a) continue;
        Bindings b;
        b.self = a;
        rows.push_back({esc(detail::objectiveText(o)), "<code>" + esc(c.sc.program(o.expr).source) + "</code>",
                        numCell(esc(detail::objectiveScore(c.sc, o, eval(c, o.expr, b))))});
    }
    if (rows.empty()) c.page.para("No objectives are scored for this side: decide with your teacher what counts as success.", "note");
    else c.page.table({"objective", "scored at the end as", "if the game ended now"}, rows);
}

/// What every side may know of the others: bloc, nuclear weapons, posture, stances.
void publicPicture(const Ctx& c, ActorId self) {
    const Scenario& sc = c.sc;
    std::vector<std::vector<std::string>> rows;
    for (std::size_t i = 0; i < sc.actors.size(); ++i) {
        if (static_cast<ActorId>(i) == self) continue;
        const ActorDef& ad = sc.actors[i];
        const std::string bloc = blocOf(sc, static_cast<ActorId>(i));
        std::string stances;
        for (const RelationDef& r : sc.relations) {
            if (r.a != static_cast<ActorId>(i) && r.b != static_cast<ActorId>(i)) continue;
            const ActorId o = r.a == static_cast<ActorId>(i) ? r.b : r.a;
            const Stance st = c.w.stance[static_cast<std::size_t>(sc.dyad(r.a, r.b))];
            if (st == Stance::Neutral) continue;
            stances += (stances.empty() ? "" : "; ") + std::string(kStanceNames[static_cast<int>(st)]) + " with " + (o == self ? "you" : nameOf(sc, o));
        }
        rows.push_back({"<b>" + esc(ad.name) + "</b>", esc(bloc), ad.nuclear ? "yes" : "no",
                        esc(sc.postures[static_cast<std::size_t>(c.w.posture[i])].name), esc(stances)});
    }
    c.page.table({"actor", "bloc", "nuclear weapons", "posture", "relations"}, rows);
}

void howATurnGoes(const Ctx& c) {
    const Scenario& sc = c.sc;
    c.page.para("One turn is " + counted(sc.turnDays, "day") + "; the game has " + counted(sc.turns, "turn") + " from " + formatDate(sc.start) +
                ". Each turn, every team gives its orders in secret; then the turn resolves: shipments arrive, the rules run, every order "
                "is checked (its conditions and its cost) and carried out or refused, events may happen, and each pair of rivals may "
                "climb or step down the escalation ladder. The higher the tension and the more escalatory the turn's acts, the likelier "
                "a climb; deterrence makes it less likely. A refused order costs nothing.");
    if (sc.hasLadder) {
        std::string ladder;
        for (std::size_t i = 0; i < sc.ladder.size(); ++i) {
            ladder += (i ? " \u2192 " : "") + sc.ladder[i].name;
            if (sc.ladder[i].ends != kNone) ladder += " (ends the game)";
        }
        c.page.para("The escalation ladder, lowest first: " + ladder + ".");
    }
    c.page.para("Escalation scores of acts (Rivera et al., 2024): -2 de-escalation, 0 status quo, 4 posturing, 12 non-violent "
                "escalation, 28 violent escalation, 60 nuclear.", "muted");
}

void sources(const Ctx& c) {
    c.page.section("sources", "Sources");
    if (c.sc.sources.empty()) {
        c.page.para("The scenario names no sources: treat every figure in it as a teaching assumption.", "note");
        return;
    }
    std::string list = "<ul>";
    for (const auto& s : c.sc.sources) {
        list += "<li>" + esc(s) + (isAssumption(s) ? " <span class=\"tag assumption\">teaching assumption</span>" : "") + "</li>";
    }
    c.page.raw(list + "</ul>\n");
    c.page.para("A figure marked a teaching assumption was chosen to make the exercise behave plausibly, to be argued about, not "
                "taken as fact.", "muted");
}

/// The facilitator's extras: every policy, every event, the parameters, the end conditions.
void control(const Ctx& c) {
    const Scenario& sc = c.sc;
    c.page.section("policies", "What the computer does for each actor");
    c.page.para("Each turn, the policy of an actor no team plays gives these orders, in this order, when the condition holds (and the "
                "chance comes up). When a team is absent, let the computer play it (an inject): it follows these rules.");
    std::vector<std::vector<std::string>> rows;
    for (std::size_t a = 0; a < sc.actors.size(); ++a) {
        for (const PolicyRule& r : sc.policies[a]) {
            std::string targets;
            for (ActorId t : r.targets) targets += (targets.empty() ? "" : ", ") + nameOf(sc, t);
            const Program& ch = sc.program(r.chance);
            rows.push_back({esc(sc.actors[a].name), esc(sc.actions[static_cast<std::size_t>(r.action)].name) + (targets.empty() ? "" : " \u2192 " + esc(targets)),
                            "<code>" + esc(sc.program(r.when).source) + "</code>", esc(ch.isConst ? formatPercent(ch.constValue) : ch.source), esc(r.why)});
        }
    }
    c.page.table({"actor", "order", "when", "chance", "why"}, rows);

    c.page.section("events", "Events you can make happen");
    c.page.para("Each event may fire by itself when its condition holds, with its chance each turn. As an inject, the facilitator can "
                "make any of them happen this turn whatever its condition and chance (brink play: F12, then Make an event happen; an "
                "orders file: {event: ID}).");
    rows.clear();
    for (const EventDef& e : sc.events) {
        const Program& ch = sc.program(e.chance);
        rows.push_back({"<b>" + esc(e.id) + "</b><div>" + esc(e.name) + "</div>", esc(templateText(sc, e.headline, kNone)),
                        "<code>" + esc(sc.program(e.when).source) + "</code>" + (e.once ? " <span class=\"tag\">once</span>" : ""),
                        esc(ch.isConst ? formatPercent(ch.constValue) : ch.source), esc(effectsWords(sc, e.effects, kNone, false))});
    }
    c.page.table({"event", "headline", "when", "chance a turn", "what it does"}, rows);

    c.page.section("parameters", "Parameters you can set");
    c.page.para("A parameter set as an inject ({set: {name: value}}) holds from that turn on. Uncertain ones are drawn afresh for every "
                "run of a batch; in a game, from its seed.");
    rows.clear();
    for (std::size_t p = 0; p < sc.paramNames.size(); ++p) {
        std::string dist;
        for (const UncertainDef& u : sc.uncertain) {
            if (static_cast<std::size_t>(u.param) != p) continue;
            static const char* kinds[] = {"uniform", "normal", "triangular", "choice"};
            dist = kinds[static_cast<int>(u.kind)];
            dist += " [";
            for (std::size_t k = 0; k < u.args.size(); ++k) dist += (k ? ", " : "") + formatHuman(u.args[k], 4);
            dist += "]";
        }
        rows.push_back({"<code>" + esc(sc.paramNames[p]) + "</code>", numCell(formatHuman(c.w.params[p], 4)), esc(dist)});
    }
    c.page.table({"parameter", "this game's value", "drawn from"}, rows);

    if (sc.hasLadder) {
        c.page.section("ladder", "The escalation rules");
        c.page.raw("<p>Each turn, each pair of <code>relations</code> climbs a rung with chance <code>" + esc(sc.program(sc.up).source) +
                   "</code> (times both sides' posture escalation), and steps down with chance <code>" + esc(sc.program(sc.down).source) +
                   "</code>. Tension relaxes toward its starting value by " + formatPercent(sc.relax) + " of the gap each turn.</p>\n");
    }
    if (!sc.ends.empty()) {
        rows.clear();
        for (const EndDef& e : sc.ends) rows.push_back({esc(sc.outcomes[static_cast<std::size_t>(e.outcome)]), "<code>" + esc(sc.program(e.when).source) + "</code>"});
        c.page.section("ends", "How the game can end");
        c.page.table({"outcome", "when"}, rows);
    }
}

}  // namespace

std::string effectInWords(const Scenario& sc, const Effect& e, ActorId self) { return effectWords(sc, e, self, false); }

Built briefing(std::shared_ptr<const Scenario> scp, ActorId actor) {
    const Scenario& sc = *scp;
    RunSetup setup;
    setup.key.seed = sc.hasSeed ? sc.seed : 1;
    const World w = makeWorld(scp, setup);
    const bool team = actor != kNone;
    const std::string title = team ? "Briefing for " + possessive(nameOf(sc, actor)) + " team" : "The facilitator's briefing";
    Page page(title + " \u2014 " + sc.title, team ? "brief" : "brief-facilitator");
    page.heading(sc.title + ": " + (team ? possessive(nameOf(sc, actor)) + " team" : std::string("the facilitator (control team)")),
                 team ? "For " + possessive(nameOf(sc, actor)) + " team only. Do not show it to the other teams."
                      : "Everything in the scenario: every side's situation, actions and objectives, what the computer does, the injects.");
    Ctx c{sc, w, page, actor, team};
    page.section("situation", "The situation");
    if (!sc.description.empty()) page.para(sc.description);
    page.facts({{"starts", formatDate(sc.start)}, {"a turn", counted(sc.turnDays, "day")}, {"turns", std::to_string(sc.turns)}});
    if (team) {
        page.section("you", possessive(nameOf(sc, actor)) + " position");
        situation(c, actor);
        page.section("actions", "What you can do");
        page.para("Each turn you may give any of these orders, each at most once (to each target). An order whose condition fails, or "
                  "whose cost you cannot pay after your earlier orders of the turn, is refused and costs nothing. Secret orders are seen "
                  "by no other team; public ones by all.");
        actions(c, actor);
        page.section("objectives", "Your objectives");
        objectives(c, actor);
        page.section("others", "The others, as everyone knows them");
        publicPicture(c, actor);
        page.section("turns", "How a turn goes");
        howATurnGoes(c);
    } else {
        for (std::size_t a = 0; a < sc.actors.size(); ++a) {
            const auto id = static_cast<ActorId>(a);
            page.section("actor-" + sc.actors[a].id, sc.actors[a].name);
            situation(c, id);
            page.raw("<h3>Actions</h3>\n");
            actions(c, id);
            page.raw("<h3>Objectives</h3>\n");
            objectives(c, id);
        }
        control(c);
        page.section("turns", "How a turn goes");
        howATurnGoes(c);
    }
    sources(c);
    Built b;
    b.html = page.html();
    b.kind = team ? "briefing" : "facilitator's briefing";
    b.title = team ? possessive(nameOf(sc, actor)) + " team in " + sc.id : sc.id;
    b.charts = page.charts();
    return b;
}

}  // namespace brink::report
