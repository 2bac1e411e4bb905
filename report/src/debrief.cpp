// The debrief of a game or a run (brink report GAME | PLAY_DIR | RUN_DIR). The four
// questions of an after-action review: what was supposed to happen (the teams and their
// objectives), what happened (the decisions turn by turn and what followed, in charts),
// why (every ladder move's chance taken apart), and what else could have happened
// (continuations branched at the turns where the ladder moved).
//
// Everything comes from replaying the game's journal through the game session, so the
// page shows the very worlds the game went through; a brink run folder is replayed from its
// scenario and must reproduce its events.jsonl to the byte before anything is drawn.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <thread>

#include "brink/base/dates.hpp"
#include "brink/base/numfmt.hpp"
#include "brink/expr/explain.hpp"
#include "brink/output/narrative.hpp"
#include "brink/report/page.hpp"
#include "brink/session/session.hpp"
#include "report_impl.hpp"

namespace brink::report::detail {

namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

bool looksLikeGame(const std::string& text) {
    return text.rfind("brink_game:", 0) == 0 || text.find("\nbrink_game:") != std::string::npos;
}

/// The game to debrief: a game file, a play folder's game.yaml, or a run folder replayed.
std::unique_ptr<Session> openGame(const std::string& path, const Options& opt, Diagnostics& diag, std::string& from) {
    std::error_code ec;
    std::string file = path;
    if (fs::is_directory(path, ec)) {
        const fs::path game = fs::path(path) / "game.yaml";
        if (fs::exists(game, ec)) {
            file = game.string();
        } else {
            // a brink run folder: its scenario, replayed with its seed, must give its files back
            const std::string sumPath = (fs::path(path) / "summary.json").string();
            const auto sum = slurp(sumPath, diag);
            if (!sum) return nullptr;
            boost::system::error_code jec;
            const json::value v = json::parse(*sum, jec);
            if (jec || !v.is_object() || !v.as_object().contains("seed") || !v.as_object().contains("scenario")) {
                diag.error({}, sumPath + " is not the summary.json of a run", "a folder written by brink run --out or brink play --out");
                return nullptr;
            }
            const json::object& s = v.as_object();
            const std::string id(s.at("scenario").as_string());
            std::string scPath = opt.scenario;
            if (scPath.empty() && !opt.scenarioDir.empty()) scPath = (fs::path(opt.scenarioDir) / (id + ".yaml")).string();
            if (scPath.empty() || !fs::exists(scPath, ec)) {
                diag.error({}, path + " was written by brink run and holds no game.yaml, and no scenario file " +
                                   (scPath.empty() ? std::string("was given") : "'" + scPath + "' exists"),
                           "the scenario the run played", "give it with --scenario FILE, or play the run with brink play S --seed N --out DIR, which writes game.yaml too");
                return nullptr;
            }
            const auto text = slurp(scPath, diag);
            if (!text) return nullptr;
            const json::value& sv = s.at("seed");
            if (!(sv.is_uint64() || (sv.is_int64() && sv.as_int64() >= 0))) {
                diag.error({}, sumPath + ": seed is not a whole number from 0 to 2^64 - 1", "the summary.json brink run wrote");
                return nullptr;
            }
            const std::uint64_t seed = sv.is_uint64() ? sv.as_uint64() : static_cast<std::uint64_t>(sv.as_int64());
            Diagnostics sd(scPath);
            auto session = Session::start(*text, scPath, seed, {}, sd);
            if (!session) {
                for (const auto& d : sd.items()) diag.error(d.loc, d.what, d.expected, d.hint);
                return nullptr;
            }
            const auto turns = static_cast<std::int64_t>(s.at("turns").to_number<double>());
            session->setHorizon(turns);  // as brink run --turns: its last turn ends the run
            (void)session->playTo(turns);
            const auto events = slurp((fs::path(path) / "events.jsonl").string(), diag);
            if (!events) return nullptr;
            std::string replayed;
            for (const auto& [name, content] : session->runFiles()) {
                if (name == "events.jsonl") replayed = content;
            }
            if (replayed != *events) {
                diag.error({}, "replaying " + scPath + " with seed " + std::to_string(seed) + " does not give back " + path + "/events.jsonl",
                           "the scenario and seed of that run", "a run made with --set or from an edited scenario cannot be replayed: play it with brink play S --seed N --out DIR, which writes game.yaml too");
                return nullptr;
            }
            from = "the run in " + path + ", replayed from " + scPath;
            return session;
        }
    }
    const auto text = slurp(file, diag);
    if (!text) return nullptr;
    if (!looksLikeGame(*text)) {
        diag.error({1, 1}, file + " is not a game file", "a game file (brink_game: 1), a brink play or brink run folder, or a brink batch folder",
                   "brink report takes what brink play, run or batch wrote");
        return nullptr;
    }
    Diagnostics gd(file);
    auto session = Session::open(*text, file, gd);
    if (!session) {
        for (const auto& d : gd.items()) diag.error(d.loc, d.what, d.expected, d.hint);
        return nullptr;
    }
    from = "the game " + file;
    return session;
}

std::string actorName(const Scenario& sc, ActorId a) { return a == kNone ? std::string() : sc.actors[static_cast<std::size_t>(a)].name; }

/// A why tree as nested lists: each sub-expression's text and value.
std::string tree(const Scenario& sc, const Explained& e) {
    std::string v;
    switch (e.type) {
        case ValueType::Bool: v = e.value != 0 ? "true" : "false"; break;
        case ValueType::Actor: {
            const ActorId a = sc.actorIndex(e.shown);
            v = a == kNone ? e.shown : actorName(sc, a);
            break;
        }
        case ValueType::Str: v = "'" + e.shown + "'"; break;
        case ValueType::Num: v = formatHuman(e.value, std::fabs(e.value) < 0.01 ? 5 : 3); break;
    }
    std::string s = "<li><code>" + esc(e.expr) + "</code> = <b>" + esc(v) + "</b>";
    if (!e.terms.empty()) {
        s += "<ul class=\"tree\">";
        for (const auto& t : e.terms) s += tree(sc, t);
        s += "</ul>";
    }
    return s + "</li>";
}

/// The turns where a drawn ladder move happened, at most `most`, spread over the game.
std::vector<std::int64_t> branchTurns(const Session& s, std::size_t most) {
    std::vector<std::int64_t> turns;
    for (std::int64_t t = s.firstTurn() + 1; t <= s.turn(); ++t) {
        for (const Happening& h : s.happenings(t)) {
            if (h.kind == HappeningKind::Rung && h.p >= 0) {
                turns.push_back(t);
                break;
            }
        }
    }
    if (turns.size() <= most) return turns;
    std::vector<std::int64_t> picked;
    for (std::size_t i = 0; i < most; ++i) picked.push_back(turns[i * (turns.size() - 1) / (most - 1)]);
    picked.erase(std::unique(picked.begin(), picked.end()), picked.end());
    return picked;
}

/// The turns on an axis: whole numbers only.
json::object turnAxis() {
    json::object x = field("turn", "quantitative", "turn");
    x["axis"] = {{"format", "d"}, {"tickMinStep", 1}};
    return x;
}

json::object lineChart(json::array data, const char* y, const char* yTitle, const char* series, const char* seriesTitle, int height = 280) {
    json::object spec = vlBase(900, height);
    spec["data"] = {{"values", std::move(data)}};
    spec["mark"] = {{"type", "line"}, {"strokeWidth", 2.5}, {"point", json::object{{"size", 18}}}};
    spec["encoding"] = {{"x", turnAxis()}, {"y", field(y, "quantitative", yTitle)},
                        {"color", field(series, "nominal", seriesTitle)}};
    return spec;
}

}  // namespace

std::optional<Built> debrief(const std::string& path, const Options& opt, Diagnostics& diag) {
    std::string from;
    auto sp = openGame(path, opt, diag, from);
    if (!sp) return std::nullopt;
    const Session& s = *sp;
    const Scenario& sc = s.scenario();
    const std::int64_t t0 = s.firstTurn(), tEnd = s.turn();
    std::set<ActorId> seats(s.seats().begin(), s.seats().end());
    auto isSeat = [&](ActorId a) { return seats.count(a) > 0; };

    Page page("Brink debrief \u2014 " + sc.title, "debrief");
    page.heading("Debrief: " + sc.title, sc.description);

    // ---- the header: what was played ------------------------------------------------------
    std::string teams;
    for (ActorId a : s.seats()) teams += (teams.empty() ? "" : ", ") + actorName(sc, a);
    const OutcomeId o = s.outcome();
    std::string outcome = o == kNone ? "none yet: the game stopped at turn " + std::to_string(tEnd) : sc.outcomes[static_cast<std::size_t>(o)];
    if (o == 0) outcome += " (the scenario's last turn came with no other outcome)";
    else if (o != kNone) outcome += " (at turn " + std::to_string(tEnd) + ")";
    std::size_t injects = 0;
    for (const GameTurn& gt : s.journal().turns) {
        if (gt.turn <= tEnd) injects += gt.injects.size();
    }
    page.facts({{"scenario", sc.title + " (" + sc.id + ")"},
                {"teams", teams.empty() ? "none: every actor played by its policy" : teams},
                {"seed", std::to_string(s.seed())},
                {"dates", formatDate(sc.start + s.worldAt(t0).day) + " to " + formatDate(sc.start + s.world().day) + ", turns " +
                              std::to_string(t0) + " to " + std::to_string(tEnd) + " of " + std::to_string(s.horizon())},
                {"outcome", outcome},
                {"facilitator's injects", std::to_string(injects)},
                {"from", from}});

    // ---- objectives ---------------------------------------------------------------------
    if (!sc.objectives.empty()) {
        page.section("objectives", "Objectives");
        page.para("Each actor's objectives, scored at the end of the game" + std::string(seats.empty() ? "." : "; the teams' rows are marked."));
        const std::vector<double> val = s.simulation().objectives();
        std::vector<std::vector<std::string>> rows;
        for (std::size_t i = 0; i < sc.objectives.size(); ++i) {
            const ObjectiveDef& ob = sc.objectives[i];
            rows.push_back({esc(actorName(sc, ob.actor)) + (isSeat(ob.actor) ? " <span class=\"tag\">team</span>" : ""), esc(objectiveText(ob)),
                            "<code>" + esc(sc.program(ob.expr).source) + "</code>", numCell(esc(objectiveScore(sc, ob, val[i])))});
        }
        page.table({"actor", "objective", "scored as", "score"}, rows);
    }

    // ---- the timeline ----------------------------------------------------------------------
    page.section("timeline", seats.empty() ? "What the actors decided, and what followed" : "What each team decided, and what followed");
    page.para(seats.empty() ? "Every order of every actor, turn by turn, and what followed in that turn: events, ladder moves, shipments lost, postures."
                            : "The teams' orders and the facilitator's injects, turn by turn, and what followed in that turn. The other actors' orders are in the second column.");
    std::vector<std::vector<std::string>> trows;
    for (std::int64_t t = t0 + 1; t <= tEnd; ++t) {
        std::string decided, others, followed;
        for (const Happening& h : s.happenings(t)) {
            if (h.consequence) continue;
            const std::string line = esc(describe(sc, h));
            switch (h.kind) {
                case HappeningKind::Order:
                case HappeningKind::Refused:
                    if (isSeat(h.actor) || seats.empty()) {
                        decided += "<div>" + std::string(h.kind == HappeningKind::Refused ? "<span class=\"tag\">refused</span> " : "") + line + "</div>";
                    } else if (h.kind == HappeningKind::Order) {
                        others += "<div>" + line + "</div>";
                    }
                    break;
                case HappeningKind::Inject: decided += "<div><span class=\"tag\">facilitator</span> " + line + "</div>"; break;
                case HappeningKind::Shipment:
                case HappeningKind::Arrival:
                case HappeningKind::Detected:
                case HappeningKind::Headline: break;  // shipments are charted; headlines belong to orders and events told already
                default: followed += "<div>" + line + "</div>";
            }
        }
        if (decided.empty() && followed.empty() && others.empty()) continue;
        const std::string when = "<b>" + std::to_string(t) + "</b><br><span class=\"muted\">" + formatDate(sc.start + s.worldAt(t).day) + "</span>";
        if (seats.empty()) trows.push_back({when, decided, followed});
        else trows.push_back({when, decided.empty() ? "<span class=\"muted\">(no orders)</span>" : decided, others, followed});
    }
    if (seats.empty()) page.table({"turn", "orders", "what followed"}, trows, "timeline");
    else page.table({"turn", "the teams decided", "the other actors", "what followed"}, trows, "timeline");

    // ---- charts of the state, turn by turn -----------------------------------------------------
    page.section("charts", "The crisis, turn by turn");
    {
        // tension of every pair that was ever rivals or at war
        json::array data;
        for (const RelationDef& r : sc.relations) {
            const auto d = static_cast<std::size_t>(sc.dyad(r.a, r.b));
            bool rivals = false;
            for (std::int64_t t = t0; t <= tEnd && !rivals; ++t) {
                const Stance st = s.worldAt(t).stance[d];
                rivals = st == Stance::Rivalry || st == Stance::Conflict;
            }
            if (!rivals) continue;
            const std::string pair = pairName(sc, r.a, r.b);
            for (std::int64_t t = t0; t <= tEnd; ++t) data.push_back({{"turn", t}, {"pair", pair}, {"tension", s.worldAt(t).tension[d]}});
        }
        if (!data.empty()) page.chart(lineChart(std::move(data), "tension", "tension (0 calm, 1 at breaking point)", "pair", "rival pair"),
                                      "Tension between rival pairs at the end of each turn.");
    }
    if (sc.hasLadder) {
        json::array data;
        for (const RelationDef& r : sc.relations) {
            const auto d = static_cast<std::size_t>(sc.dyad(r.a, r.b));
            bool moved = false;
            for (std::int64_t t = t0; t <= tEnd && !moved; ++t) moved = s.worldAt(t).rung[d] != s.worldAt(t0).rung[d] || s.worldAt(t).rung[d] > 0;
            if (!moved) continue;
            const std::string pair = pairName(sc, r.a, r.b);
            for (std::int64_t t = t0; t <= tEnd; ++t) data.push_back({{"turn", t}, {"pair", pair}, {"rung", s.worldAt(t).rung[d]}});
        }
        if (!data.empty()) {
            // one small chart a pair: pairs on the same rung would hide each other in one
            json::object inner;
            inner["mark"] = {{"type", "line"}, {"interpolate", "step-after"}, {"strokeWidth", 3}, {"color", "#b23b32"}};
            std::string names = "[";
            for (std::size_t i = 0; i < sc.ladder.size(); ++i) names += (i ? "," : "") + json::serialize(json::value(sc.ladder[i].name));
            names += "]";
            json::object y = field("rung", "quantitative", "rung of the ladder");
            json::array ticks;
            for (std::size_t i = 0; i < sc.ladder.size(); ++i) ticks.push_back(static_cast<std::int64_t>(i));
            y["scale"] = {{"domain", json::array{0, static_cast<std::int64_t>(sc.ladder.size()) - 1}}};
            y["axis"] = {{"values", ticks}, {"labelExpr", names + "[datum.value]"}, {"labelLimit", 220}, {"title", nullptr}};
            inner["encoding"] = {{"x", turnAxis()}, {"y", y}};
            const json::object spec = vlFacet(std::move(data), {{"field", "pair"}, {"type", "nominal"}, {"title", nullptr}, {"header", {{"labelFontSize", 14}}}},
                                              2, 360, 28 * static_cast<int>(sc.ladder.size()), std::move(inner));
            page.chart(spec, "The rung of the escalation ladder, turn by turn, of every pair that left the lowest rung.");
        }
    }
    {
        // the stocks and technology the transfers move, of those who send and receive them
        json::array data;
        std::set<std::pair<ActorId, AssetId>> series;
        for (const TransferDef& td : sc.transfers) {
            if (!td.scheduled || td.asset == kNone) continue;
            series.insert({td.from, td.asset});
            series.insert({td.to, td.asset});
        }
        for (const auto& [a, as] : series) {
            const AssetDef& ad = sc.assets[static_cast<std::size_t>(as)];
            const bool tech = ad.kind == AssetKind::Tech;
            for (std::int64_t t = t0; t <= tEnd; ++t) {
                const World& w = s.worldAt(t);
                data.push_back({{"turn", t}, {"asset", ad.name + (tech ? " (level)" : ad.unit.empty() ? "" : " (" + ad.unit + ")")},
                                {"holder", actorName(sc, a)}, {"value", tech ? w.techOf(a, ad.domain) : w.stockOf(a, as)}});
            }
        }
        if (!data.empty()) {
            json::object inner;
            inner["mark"] = {{"type", "line"}, {"strokeWidth", 2.5}};
            inner["encoding"] = {{"x", turnAxis()}, {"y", field("value", "quantitative", "held")},
                                 {"color", field("holder", "nominal", "held by")}};
            const json::object spec = vlFacet(std::move(data), {{"field", "asset"}, {"type", "nominal"}, {"title", nullptr}, {"header", {{"labelFontSize", 14}}}},
                                              2, 420, 170, std::move(inner), {"y"});
            page.chart(spec, "Key stocks and technology: what each sender and receiver of a transfer held, turn by turn.");
        }
    }
    {
        // every transfer's shipments: delivered, interdicted, in transit
        json::array data;
        for (std::size_t k = 0; k < sc.transfers.size(); ++k) {
            const TransferDef& td = sc.transfers[k];
            if (s.worldAt(tEnd).flows[k].sent <= 0) continue;
            const AssetDef& ad = sc.assets[static_cast<std::size_t>(td.asset)];
            const std::string label = td.scheduled ? actorName(sc, td.from) + " \u2192 " + actorName(sc, td.to) + ": " + ad.name : td.id + ": " + ad.name;
            for (std::int64_t t = t0; t <= tEnd; ++t) {
                const FlowTotals& f = s.worldAt(t).flows[k];
                data.push_back({{"turn", t}, {"transfer", label}, {"what", "delivered"}, {"amount", f.delivered}});
                data.push_back({{"turn", t}, {"transfer", label}, {"what", "interdicted"}, {"amount", f.interdicted}});
                data.push_back({{"turn", t}, {"transfer", label}, {"what", "in transit"}, {"amount", f.inTransit}});
            }
        }
        if (!data.empty()) {
            json::object inner;
            json::object color = field("what", "nominal", "");
            color["scale"] = {{"domain", json::array{"delivered", "interdicted", "in transit"}}, {"range", json::array{"#427abd", "#cd524a", "#ecaa46"}}};
            inner["mark"] = {{"type", "line"}, {"strokeWidth", 2.5}};
            inner["encoding"] = {{"x", turnAxis()}, {"y", field("amount", "quantitative", "so far")}, {"color", color}};
            const json::object spec = vlFacet(std::move(data), {{"field", "transfer"}, {"type", "nominal"}, {"title", nullptr}, {"header", {{"labelFontSize", 14}, {"labelLimit", 420}}}},
                                              2, 420, 170, std::move(inner), {"y"});
            page.chart(spec, "Transfers: what was delivered, interdicted and in transit so far, turn by turn (sent = delivered + interdicted + in transit).");
        }
    }
    {
        // escalation scores of each actor's orders, turn by turn
        json::array data;
        for (std::int64_t t = t0 + 1; t <= tEnd; ++t) {
            std::map<ActorId, double> score;
            for (const Happening& h : s.happenings(t)) {
                if (h.kind == HappeningKind::Order && h.value != 0) score[h.actor] += h.value;
            }
            for (const auto& [a, v] : score) data.push_back({{"turn", t}, {"actor", actorName(sc, a)}, {"score", v}});
        }
        if (!data.empty()) {
            json::object spec = vlBase(900, 260);
            spec["data"] = {{"values", data}};
            spec["mark"] = {{"type", "bar"}};
            json::array turns;
            for (std::int64_t t = t0 + 1; t <= tEnd; ++t) turns.push_back(t);
            json::object x = field("turn", "ordinal", "turn");
            x["scale"] = {{"domain", turns}};
            x["axis"] = {{"labelAngle", 0}};
            spec["encoding"] = {{"x", x}, {"y", field("score", "quantitative", "escalation score")}, {"color", field("actor", "nominal", "actor")}};
            page.chart(spec, "Escalation scores of each actor's orders, turn by turn (Rivera et al.: -2 de-escalation, 4 posturing, 12 "
                             "non-violent escalation, 28 violent, 60 nuclear).");
        }
    }

    if (!sc.metrics.empty()) {
        // the scenario's own figures, as metrics.csv records them
        json::array data;
        json::array order;
        for (std::size_t m = 0; m < sc.metrics.size(); ++m) {
            order.push_back(json::string(sc.metrics[m].name));
            for (std::int64_t t = t0; t <= tEnd; ++t) {
                const double v = s.worldAt(t).metrics[m];
                if (std::isfinite(v)) data.push_back({{"turn", t}, {"metric", sc.metrics[m].name}, {"value", v}});
            }
        }
        json::object inner;
        inner["mark"] = {{"type", "line"}, {"strokeWidth", 2.5}, {"color", "#2f5f9e"}, {"point", json::object{{"size", 14}}}};
        json::object y = field("value", "quantitative", "");
        y["scale"] = {{"zero", false}};
        inner["encoding"] = {{"x", turnAxis()}, {"y", y}};
        page.chart(vlFacet(std::move(data), {{"field", "metric"}, {"type", "nominal"}, {"title", nullptr}, {"sort", order}, {"header", {{"labelFontSize", 14}}}},
                           3, 270, 120, std::move(inner), {"y"}),
                   "The scenario's metrics, turn by turn (metrics.csv).");
    }

    // ---- every ladder move and why ------------------------------------------------------------
    if (sc.hasLadder) {
        page.section("why", "Every ladder move, and why");
        std::vector<std::vector<std::string>> rows;
        for (std::int64_t t = t0 + 1; t <= tEnd; ++t) {
            for (const Happening& h : s.happenings(t)) {
                if (h.kind != HappeningKind::Rung) continue;
                const bool up = h.ref > h.ref2;
                std::string what = esc(pairName(sc, h.actor, h.target)) + (up ? " climbs to " : " steps down to ") + "<b>" +
                                   esc(sc.ladder[static_cast<std::size_t>(h.ref)].name) + "</b>";
                std::string why;
                if (h.explain) {
                    why = "<div class=\"why\">" + esc(explainInWords(sc, *h.explain)) + "</div><details><summary>the formula, taken apart</summary><ul class=\"tree\">" +
                          tree(sc, *h.explain) + "</ul></details>";
                } else {
                    why = "<div class=\"why\">moved by an effect of an order or event of this turn (not drawn)</div>";
                }
                rows.push_back({numCell(std::to_string(t)), what, h.p >= 0 ? numCell(pct(h.p)) : "", why});
            }
        }
        if (rows.empty()) page.para("No pair moved on the ladder.", "note");
        else page.table({"turn", "move", "chance", "why"}, rows, "moves");
    }

    // ---- what else could have happened ----------------------------------------------------------
    const std::vector<std::int64_t> branches = opt.branchRuns > 0 ? branchTurns(s, opt.maxBranches) : std::vector<std::int64_t>{};
    page.section("else", "What else could have happened");
    if (opt.branchRuns == 0) {
        page.para("Not computed (--runs 0).", "note");
    } else {
        std::vector<std::int64_t> at{t0};
        for (std::int64_t t : branches) {
            if (t - 1 > t0) at.push_back(t - 1);
        }
        at.erase(std::unique(at.begin(), at.end()), at.end());
        page.para("From the start, and from the start of each turn where the ladder moved, " + counted(static_cast<std::int64_t>(opt.branchRuns), "continuation") +
                  " each: every actor (the teams' too) played by its policy, each run with its own luck, to turn " + std::to_string(s.horizon()) +
                  ". They go on from the game's own state, its parameters as this game drew them (a batch draws its uncertain "
                  "ones afresh for every run). The share of each outcome, with its 95% Wilson interval. What the game did is one "
                  "draw from these.");
        json::array data;
        std::vector<std::vector<std::string>> rows;
        std::vector<std::string> labels;
        const unsigned threads = opt.threads ? opt.threads : std::max(1u, std::thread::hardware_concurrency());
        const std::atomic<bool> cancel{false};
        for (std::int64_t t : at) {
            const auto world = std::make_shared<const World>(s.worldAt(t));
            const Continuations c = continuations(s.scenarioPtr(), world, s.seed(), s.horizon(), opt.branchRuns, threads, {}, cancel);
            std::string label = t == t0 ? "from turn " + std::to_string(t) + " (the start)" : "from turn " + std::to_string(t);
            if (t != t0) {
                for (const Happening& h : s.happenings(t + 1)) {
                    if (h.kind == HappeningKind::Rung && h.p >= 0) {
                        label += ", before " + pairName(sc, h.actor, h.target) + (h.ref > h.ref2 ? " climbed" : " stepped down");
                        break;
                    }
                }
            }
            labels.push_back(label);
            std::vector<std::string> row{esc(label)};
            for (const auto& sh : c.outcomes) {
                data.push_back({{"from", label}, {"turn", t}, {"outcome", sh.outcome}, {"p", sh.p}, {"lo", sh.ci.lo}, {"hi", sh.ci.hi},
                                {"rank", static_cast<std::int64_t>(data.size() % std::max<std::size_t>(1, c.outcomes.size()))}});
                row.push_back(numCell(pct(sh.p) + " <span class=\"muted\">[" + pct(sh.ci.lo) + ", " + pct(sh.ci.hi) + "]</span>"));
            }
            rows.push_back(row);
        }
        std::vector<std::string> head{"continuations"};
        for (std::size_t i = 0; i < sc.outcomes.size(); ++i) head.push_back(esc(sc.outcomes[i]));
        page.table(head, rows);
        // one bar a branch point, its outcomes stacked: how the odds moved as the game went on
        json::object y = field("from", "nominal", "");
        json::array order;  // in turn order
        for (const auto& l : labels) order.push_back(json::string(l));
        y["sort"] = order;
        y["axis"] = {{"labelLimit", 420}, {"labelFontSize", 13}};
        json::object x = field("p", "quantitative", "share of runs");
        x["scale"] = {{"domain", json::array{0, 1}}};
        x["axis"] = {{"format", "%"}};
        x["stack"] = "zero";
        json::object color = field("outcome", "nominal", "outcome");
        json::array outs;
        for (std::size_t i = 0; i < sc.outcomes.size(); ++i) outs.push_back(json::string(sc.outcomes[i]));
        color["sort"] = outs;
        json::object spec = vlBase(620, static_cast<int>(at.size() * 38));
        spec["data"] = {{"values", data}};
        spec["mark"] = {{"type", "bar"}, {"height", 26}};
        spec["encoding"] = {{"x", x}, {"y", y}, {"color", color}, {"order", {{"field", "rank"}}}};
        page.chart(spec, "The share of each outcome among " + formatHuman(static_cast<double>(opt.branchRuns), 0) +
                             " continuations from each branch point; the table above gives each share's 95% interval.");
    }

    Built b;
    b.html = page.html();
    b.kind = "debrief";
    b.title = "the " + std::string(seats.empty() ? "run" : "game") + " of " + sc.id + " (seed " + std::to_string(s.seed()) + ", turn " + std::to_string(tEnd) + ")";
    b.charts = page.charts();
    return b;
}

}  // namespace brink::report::detail
