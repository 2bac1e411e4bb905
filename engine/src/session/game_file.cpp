// The game file (docs/play.md): the journal first, so that a person reads what was played,
// then the scenario embedded whole as a literal block, byte for byte as its author wrote it
// (comments, layout, a saved run's seal), so that a save opens on another machine.
#include <algorithm>
#include <set>

#include "brink/base/numfmt.hpp"
#include "brink/scenario/yaml_doc.hpp"
#include "brink/session/game.hpp"
#include "scenario/yaml_read.hpp"

namespace brink {

namespace {

using detail::q;
using detail::YamlReader;

/// The first line of a block scalar's content and its indentation, from the raw text.
void blockPlace(const std::string& text, std::uint32_t indicatorLine, std::uint32_t& firstLine, std::uint32_t& indent) {
    std::size_t at = 0;
    for (std::uint32_t l = 1; l < indicatorLine + 1 && at != std::string::npos; ++l) {
        at = text.find('\n', at);
        if (at != std::string::npos) ++at;
    }
    firstLine = indicatorLine + 1;
    indent = 2;
    for (std::uint32_t l = firstLine; at != std::string::npos && at < text.size(); ++l) {
        const std::size_t end = text.find('\n', at);
        const std::string_view line(text.data() + at, (end == std::string::npos ? text.size() : end) - at);
        if (line.find_first_not_of(' ') != std::string_view::npos) {
            indent = static_cast<std::uint32_t>(line.find_first_not_of(' '));
            return;
        }
        at = end == std::string::npos ? end : end + 1;
    }
}

GameOrder readOrder(YamlReader& rd, const YNode* n, const std::string& ctx) {
    GameOrder o;
    o.loc = n ? n->loc : SourceLoc{};
    if (!rd.keys(n, ctx, {"actor", "action", "target"})) return o;
    if (const YNode* x = n->get("actor")) o.actor = rd.id(x, ctx + ".actor");
    else rd.missing(n, "actor", ctx, "the seat that gives it");
    if (const YNode* x = n->get("action")) o.action = rd.id(x, ctx + ".action");
    else rd.missing(n, "action", ctx, "an action id");
    if (const YNode* x = n->get("target")) o.target = rd.id(x, ctx + ".target");
    return o;
}

void readInjects(YamlReader& rd, const YNode* n, const std::string& ctx, std::vector<GameInject>& out) {
    if (!rd.isSeq(n, ctx, "a list of injects: {event: ID}, {effects: [...]}, {set: {param: value}} or {ai: actor}")) return;
    for (const YNode* item : n->items) {
        const std::string at = ctx + " item";
        if (!rd.keys(item, at, {"event", "effects", "headline", "set", "ai"})) continue;
        GameInject g;
        g.loc = item->loc;
        const int kinds = (item->get("event") ? 1 : 0) + (item->get("effects") ? 1 : 0) + (item->get("set") ? 1 : 0) +
                          (item->get("ai") ? 1 : 0);
        if (kinds != 1) {
            rd.error(item, "an inject has " + std::string(kinds == 0 ? "none" : "more than one") + " of event, effects, set and ai",
                     "exactly one of them", "write each inject as its own list item");
            continue;
        }
        if (item->get("headline") && !item->get("effects")) {
            rd.error(item->get("headline"), "a headline belongs to an effects inject", "{effects: [...], headline: text}");
            continue;
        }
        if (const YNode* x = item->get("event")) {
            g.kind = GameInject::Kind::Event;
            g.id = rd.id(x, at + ".event");
        } else if (const YNode* ai = item->get("ai")) {
            g.kind = GameInject::Kind::Ai;
            g.id = rd.id(ai, at + ".ai");
        } else if (const YNode* fx = item->get("effects")) {
            g.kind = GameInject::Kind::Effects;
            if (!rd.isSeq(fx, at + ".effects", "a list of effects, as in a scenario (- tension: {...})")) continue;
            g.effects = emitYaml(*fx);
            if (const YNode* h = item->get("headline")) g.headline = rd.text(h, at + ".headline");
        } else if (const YNode* set = item->get("set")) {
            g.kind = GameInject::Kind::Set;
            if (!rd.isMap(set, at + ".set", "{param: value}")) continue;
            if (set->entries.size() != 1) {
                rd.error(set, at + ".set names " + std::to_string(set->entries.size()) + " parameters", "exactly one: {param: value}",
                         "give each its own inject");
                continue;
            }
            g.id = rd.id(set->entries.front().first, at + ".set");
            g.value = rd.number(set->entries.front().second, at + ".set." + g.id, -1.7976931348623157e308, 1.7976931348623157e308);
        }
        out.push_back(std::move(g));
    }
}

void readTurns(YamlReader& rd, const YNode* n, std::vector<GameTurn>& out) {
    if (!rd.isSeq(n, "turns", "a list of - {turn: N, orders: [...], injects: [...]}")) return;
    std::int64_t last = -1;
    for (const YNode* item : n->items) {
        if (!rd.keys(item, "a turn of the journal", {"turn", "orders", "injects"})) continue;
        GameTurn t;
        if (const YNode* x = item->get("turn")) t.turn = rd.integer(x, "turns.turn", 1, 1'000'000'000, 0);
        else rd.missing(item, "turn", "a turn of the journal", "the turn's number");
        if (t.turn > 0 && t.turn <= last) {
            rd.error(item->get("turn"), "turn " + std::to_string(t.turn) + " comes after turn " + std::to_string(last),
                     "each turn once, in ascending order", "put every order and inject of a turn in its one entry");
        }
        last = std::max(last, t.turn);
        const std::string ctx = "turns." + std::to_string(t.turn);
        if (const YNode* x = item->get("orders"); x && rd.isSeq(x, ctx + ".orders", "a list of - {actor, action, target}")) {
            for (const YNode* o : x->items) t.orders.push_back(readOrder(rd, o, ctx + ".orders item"));
        }
        if (const YNode* x = item->get("injects")) readInjects(rd, x, ctx + ".injects", t.injects);
        out.push_back(std::move(t));
    }
}

// ---- writing ------------------------------------------------------------------------------

YNode* scalar(YamlDoc& doc, const std::string& v) { return doc.makeScalar(v); }
YNode* text(YamlDoc& doc, const std::string& v) { return doc.makeScalar(v, !isPlainSafe(v)); }
void put(YamlDoc& doc, YNode* map, const std::string& key, YNode* value) { map->entries.emplace_back(scalar(doc, key), value); }

}  // namespace

bool looksLikeGame(const std::string& text) {
    // a cheap look at the top-level keys: a game file starts its journal with brink_game
    std::size_t at = 0;
    while (at < text.size()) {
        const std::size_t end = std::min(text.find('\n', at), text.size());
        const std::string_view line(text.data() + at, end - at);
        if (line.rfind("brink_game:", 0) == 0) return true;
        at = end + 1;
    }
    return false;
}

std::optional<GameFile> readGameFile(const std::string& text, const std::string& path, Diagnostics& diag, bool ordersOnly,
                                     const YamlLimits& limits) {
    (void)path;
    const YamlDoc doc = YamlDoc::parse(text, diag, limits);
    if (!diag.ok()) return std::nullopt;
    YamlReader rd(diag, doc.text());
    const YNode* root = doc.root();
    GameFile g;
    if (!root || !root->isMap()) {
        rd.error(root, ordersOnly ? "an orders file must be a mapping with a turns list" : "a game file must be a mapping",
                 ordersOnly ? "turns: [{turn: N, orders: [...]}]" : "brink_game: 1, seed, seats, turn, turns, scenario");
        return std::nullopt;
    }
    rd.duplicates(root);
    if (ordersOnly) {
        rd.keys(root, "an orders file", {"turns"});
        if (const YNode* t = root->get("turns")) readTurns(rd, t, g.turns);
        else rd.missing(root, "turns", "an orders file", "a list of - {turn: N, orders: [...], injects: [...]}");
        if (!diag.ok()) return std::nullopt;
        return g;
    }
    rd.keys(root, "the game file", {"brink_game", "seed", "reseed", "seats", "turn", "last_turn", "paused", "turns", "scenario"});
    if (const YNode* v = root->get("brink_game")) {
        if (!v->isScalar() || v->value != "1") rd.error(v, "brink_game is " + (v->isScalar() ? q(v->value) : std::string("not a number")), "1, the game file's version");
    } else {
        rd.missing(root, "brink_game", "the game file", "1, the game file's version");
    }
    if (const YNode* v = root->get("seed")) g.seed = rd.unsignedInteger(v, "seed");
    else rd.missing(root, "seed", "the game file", "the game's seed");
    if (const YNode* v = root->get("reseed")) g.reseed = rd.boolean(v, "reseed");
    if (const YNode* v = root->get("paused")) g.paused = rd.boolean(v, "paused");
    if (const YNode* v = root->get("seats"); v && rd.isSeq(v, "seats", "a list of actor ids, such as [russia, ukraine]")) {
        for (const YNode* s : v->items) {
            g.seats.push_back(rd.id(s, "a seat"));
            g.seatLocs.push_back(s->loc);
        }
    } else if (!v) {
        rd.missing(root, "seats", "the game file", "a list of actor ids (may be empty: [])");
    }
    if (const YNode* v = root->get("turn")) {
        g.turn = rd.integer(v, "turn", 0, 1'000'000'000);
        g.turnLoc = v->loc;
    } else {
        rd.missing(root, "turn", "the game file", "the turn the game has reached");
    }
    if (const YNode* v = root->get("last_turn")) {
        g.lastTurn = rd.integer(v, "last_turn", 0, 1'000'000'000);  // and at most --max-turns (Session::open)
        g.lastTurnLoc = v->loc;
    }
    if (const YNode* v = root->get("turns")) readTurns(rd, v, g.turns);
    if (const YNode* v = root->get("scenario")) {
        if (!v->isScalar() || !v->quoted) {
            rd.error(v, "scenario is " + std::string(v->isScalar() ? "a plain value" : "not text"),
                     "the scenario embedded as a text block (scenario: |2, then its lines indented by two spaces)",
                     "brink play writes game files this way; copy a scenario file's lines under it");
        } else {
            g.scenarioText = v->value;
            blockPlace(doc.text(), v->loc.line, g.scenarioLine, g.scenarioIndent);
        }
    } else {
        rd.missing(root, "scenario", "the game file", "the scenario embedded as a text block");
    }
    if (!diag.ok()) {
        diag.sortByPlace();
        return std::nullopt;
    }
    return g;
}

std::string writeGameFile(const GameFile& g) {
    YamlDoc doc;
    std::vector<YamlDoc> effectDocs;  // the injects' effects, parsed to be written in place
    YNode* root = doc.make(YKind::Map);
    put(doc, root, "brink_game", scalar(doc, "1"));
    put(doc, root, "seed", scalar(doc, std::to_string(g.seed)));
    if (g.reseed) put(doc, root, "reseed", scalar(doc, "true"));
    YNode* seats = doc.make(YKind::Seq);
    for (const auto& s : g.seats) seats->items.push_back(scalar(doc, s));
    put(doc, root, "seats", seats);
    put(doc, root, "turn", scalar(doc, std::to_string(g.turn)));
    if (g.lastTurn >= 0) put(doc, root, "last_turn", scalar(doc, std::to_string(g.lastTurn)));
    if (g.paused) put(doc, root, "paused", scalar(doc, "true"));
    YNode* turns = doc.make(YKind::Seq);
    for (const GameTurn& t : g.turns) {
        if (t.empty()) continue;
        YNode* e = doc.make(YKind::Map);
        put(doc, e, "turn", scalar(doc, std::to_string(t.turn)));
        if (!t.orders.empty()) {
            YNode* orders = doc.make(YKind::Seq);
            for (const GameOrder& o : t.orders) {
                YNode* m = doc.make(YKind::Map);
                put(doc, m, "actor", scalar(doc, o.actor));
                put(doc, m, "action", scalar(doc, o.action));
                if (!o.target.empty()) put(doc, m, "target", scalar(doc, o.target));
                orders->items.push_back(m);
            }
            put(doc, e, "orders", orders);
        }
        if (!t.injects.empty()) {
            YNode* injects = doc.make(YKind::Seq);
            for (const GameInject& in : t.injects) {
                YNode* m = doc.make(YKind::Map);
                switch (in.kind) {
                    case GameInject::Kind::Event: put(doc, m, "event", scalar(doc, in.id)); break;
                    case GameInject::Kind::Ai: put(doc, m, "ai", scalar(doc, in.id)); break;
                    case GameInject::Kind::Set: {
                        YNode* s = doc.make(YKind::Map);
                        put(doc, s, in.id, scalar(doc, formatNumber(in.value)));
                        put(doc, m, "set", s);
                        break;
                    }
                    case GameInject::Kind::Effects: {
                        Diagnostics d;
                        effectDocs.push_back(YamlDoc::parse(in.effects, d));
                        YNode* list = effectDocs.back().root();
                        put(doc, m, "effects", list ? list : doc.make(YKind::Seq));
                        if (!in.headline.empty()) put(doc, m, "headline", text(doc, in.headline));
                        break;
                    }
                }
                injects->items.push_back(m);
            }
            put(doc, e, "injects", injects);
        }
        turns->items.push_back(e);
    }
    put(doc, root, "turns", turns);
    std::string out = "# A Brink game: brink play FILE goes on with it, brink play FILE --undo 1 goes back a turn.\n" +
                      emitYaml(*root);
    // the scenario, byte for byte: a literal block indented by two, keeping every newline
    const std::string& s = g.scenarioText;
    std::size_t trailing = 0;
    while (trailing < s.size() && s[s.size() - 1 - trailing] == '\n') ++trailing;
    out += std::string("scenario: |2") + (trailing == 0 ? "-" : trailing == 1 ? "" : "+") + "\n";
    std::size_t at = 0;
    const std::size_t body = s.size() - trailing;
    while (at < body) {
        std::size_t end = s.find('\n', at);
        if (end == std::string::npos || end > body) end = body;
        const std::string_view line(s.data() + at, end - at);
        if (!line.empty()) out.append("  ").append(line);
        out += '\n';
        at = end + 1;
    }
    for (std::size_t i = 1; i < trailing; ++i) out += '\n';
    return out;
}

}  // namespace brink
