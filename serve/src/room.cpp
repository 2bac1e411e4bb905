// The game room: the protocol of docs/serve-protocol.md on a Session. Every request is
// checked against its schema and its sender's role before it becomes a Command; every
// message a client gets is built for that client alone (a seat's never holds another
// seat's pending orders or secrets).
#include "brink/serve/room.hpp"

#include <sys/random.h>
#include <sys/stat.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "brink/base/dates.hpp"
#include "brink/base/version.hpp"
#include "brink/output/outputs.hpp"
#include "brink/render/seen_map.hpp"
#include "brink/serve/log.hpp"
#include "brink/session/view.hpp"

namespace brink::serve {

namespace json = boost::json;

// ---- tokens --------------------------------------------------------------------------------

std::string randomToken() {
    unsigned char b[16];
    std::size_t got = 0;
    while (got < sizeof b) {
        const ssize_t n = ::getrandom(b + got, sizeof b - got, 0);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw std::runtime_error(std::string("cannot draw a random token from the operating system: ") + std::strerror(errno));
        }
        got += static_cast<std::size_t>(n);
    }
    static const char* hex = "0123456789abcdef";
    std::string t;
    for (unsigned char c : b) {
        t += hex[c >> 4];
        t += hex[c & 15];
    }
    return t;
}

bool sameSecret(std::string_view a, std::string_view b) {
    // every byte of the longer is looked at, whatever the lengths and contents
    const std::size_t n = std::max(a.size(), b.size());
    unsigned char diff = a.size() == b.size() ? 0 : 1;
    for (std::size_t i = 0; i < n; ++i) {
        const unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
        const unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
        diff = static_cast<unsigned char>(diff | (x ^ y));
    }
    return diff == 0;
}

Tokens newTokens(const Session& s) {
    Tokens t;
    t.facilitator = randomToken();
    for (ActorId a : s.seats()) t.seats.emplace_back(s.scenario().actors[static_cast<std::size_t>(a)].id, randomToken());
    return t;
}

std::optional<Tokens> readTokens(const std::string& path, const Session& s, std::string& error) {
    std::ifstream in(path);
    if (!in) {
        error = path + ":1:1: error: cannot read the tokens file";
        return std::nullopt;
    }
    Tokens t;
    std::string line;
    int n = 0;
    bool inSeats = false;
    const auto isToken = [](const std::string& x) {
        return x.size() == 32 && std::all_of(x.begin(), x.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
    };
    while (std::getline(in, line)) {
        ++n;
        if (line.empty() || line[0] == '#') continue;
        const std::string at = path + ":" + std::to_string(n) + ":1: error: ";
        if (line == "seats:") {
            inSeats = true;
            continue;
        }
        const std::size_t colon = line.find(": ");
        if (colon == std::string::npos) {
            error = at + "'" + line + "' is not 'name: token'; expected the file brink serve wrote; hint: delete it to make new join addresses";
            return std::nullopt;
        }
        std::string key = line.substr(0, colon), value = line.substr(colon + 2);
        if (!isToken(value)) {
            error = at + "the token of '" + key + "' is not 32 hexadecimal digits; hint: delete the file to make new join addresses";
            return std::nullopt;
        }
        if (!inSeats && key == "facilitator") {
            t.facilitator = value;
        } else if (inSeats && key.rfind("  ", 0) == 0) {
            t.seats.emplace_back(key.substr(2), value);
        } else {
            error = at + "unexpected '" + key + "'; expected 'facilitator:' and 'seats:'; hint: delete the file to make new join addresses";
            return std::nullopt;
        }
    }
    std::vector<std::string> want;
    for (ActorId a : s.seats()) want.push_back(s.scenario().actors[static_cast<std::size_t>(a)].id);
    std::vector<std::string> have;
    for (const auto& [id, tok] : t.seats) have.push_back(id);
    if (t.facilitator.empty() || have != want) {
        error = path + ":1:1: error: the tokens do not fit this game's seats; expected a facilitator and the seats in the game's order; hint: "
                       "delete the file to make new join addresses";
        return std::nullopt;
    }
    return t;
}

void writeTokens(const std::string& path, const Tokens& t) {
    std::string text = "# brink serve's join tokens for the game saved beside this file: keep it private\nfacilitator: " + t.facilitator + "\nseats:\n";
    for (const auto& [id, tok] : t.seats) text += "  " + id + ": " + tok + "\n";
    writeFileAtomically(path, text, true);
}

// ---- requests ------------------------------------------------------------------------------

namespace {

enum class Role { None, Seat, Facilitator };
enum class Field { Str, StrOrNull, Bool, Int, IntOrNull, NumOrNull, Obj };

struct FieldSpec {
    const char* name;
    Field kind;
    bool required;
};
struct Schema {
    const char* type;
    Role who;  // None: anyone who has joined (hello: anyone at all)
    std::vector<FieldSpec> fields;
};

const std::vector<Schema>& schemas() {
    static const std::vector<Schema> s = {
        {"hello", Role::None, {{"token", Field::Str, true}}},
        {"order", Role::Seat, {{"action", Field::Str, true}, {"target", Field::StrOrNull, false}, {"turn", Field::Int, false}}},
        {"withdraw", Role::Seat, {{"action", Field::Str, true}, {"target", Field::StrOrNull, false}, {"turn", Field::Int, false}}},
        {"ready", Role::Seat, {{"ready", Field::Bool, true}, {"turn", Field::Int, false}}},
        {"view", Role::None, {{"turn", Field::IntOrNull, false}}},
        {"inject", Role::Facilitator, {{"inject", Field::Obj, true}}},
        {"withdraw_inject", Role::Facilitator, {{"index", Field::Int, true}}},
        {"end_turn", Role::Facilitator, {}},
        {"undo", Role::Facilitator, {{"turns", Field::Int, false}}},
        {"pause", Role::Facilitator, {{"paused", Field::Bool, true}}},
        {"deadline", Role::Facilitator, {{"minutes", Field::NumOrNull, true}}},
        {"save", Role::Facilitator, {}},
        {"what_next", Role::Facilitator, {{"runs", Field::Int, false}}},
        {"reveal", Role::Facilitator, {{"reveal", Field::Bool, true}}},
    };
    return s;
}

const char* kindWord(Field k) {
    switch (k) {
        case Field::Str: return "a string";
        case Field::StrOrNull: return "a string or null";
        case Field::Bool: return "true or false";
        case Field::Int: return "a whole number";
        case Field::IntOrNull: return "a whole number or null";
        case Field::NumOrNull: return "a number or null";
        case Field::Obj: return "an object";
    }
    return "";
}

bool fits(const json::value& v, Field k) {
    switch (k) {
        case Field::Str: return v.is_string();
        case Field::StrOrNull: return v.is_string() || v.is_null();
        case Field::Bool: return v.is_bool();
        case Field::Int: return v.is_int64() || v.is_uint64();
        case Field::IntOrNull: return v.is_int64() || v.is_uint64() || v.is_null();
        case Field::NumOrNull: return v.is_number() || v.is_null();
        case Field::Obj: return v.is_object();
    }
    return false;
}

std::int64_t asInt(const json::value& v) {
    if (v.is_int64()) return v.as_int64();
    const std::uint64_t u = v.as_uint64();
    return u > static_cast<std::uint64_t>(INT64_MAX) ? INT64_MAX : static_cast<std::int64_t>(u);
}

std::string str(const json::value& v) { return std::string(v.as_string().data(), v.as_string().size()); }

json::value nullOr(const std::string& s) { return s.empty() ? json::value(nullptr) : json::value(s); }

}  // namespace

struct Room::Request {
    std::string type;
    json::object body;
    json::value id;  // null when the client gave none
};

struct Room::Client {
    std::uint64_t id = 0;
    Send send;
    Role role = Role::None;
    ActorId seat = kNone;
    bool reveal = false;
    double allowance = 0;  // the token bucket of messages
    Clock::time_point last{};
    int refusedInARow = 0;
    // the map it was last sent: (generation of the map cache, turn, viewer)
    std::optional<std::tuple<std::uint64_t, std::int64_t, ActorId>> sentMap;
};

// ---- the room --------------------------------------------------------------------------------

Room::Room(std::unique_ptr<Session> session, Tokens tokens, RoomOptions options, const render::WorldMap& map,
           const render::FontMetrics& fonts, Post post, Now now)
    : m_session(std::move(session)),
      m_tokens(std::move(tokens)),
      m_opt(std::move(options)),
      m_map(map),
      m_fonts(fonts),
      m_post(std::move(post)),
      m_now(std::move(now)),
      m_ready(m_session->seats().size(), false),
      m_alive(std::make_shared<bool>(true)) {
    startDeadline();
}

Room::~Room() {
    *m_alive = false;
    m_cancel = true;
    if (m_whatNext.joinable()) m_whatNext.join();
}

std::uint64_t Room::connect(Send send) {
    auto c = std::make_unique<Client>();
    c->id = m_nextClient++;
    c->send = std::move(send);
    c->allowance = m_opt.burst;
    c->last = m_now();
    const std::uint64_t id = c->id;
    m_clients.emplace(id, std::move(c));
    return id;
}

std::string Room::who(const Client& c) const {
    if (c.role == Role::Facilitator) return "the facilitator (client " + std::to_string(c.id) + ")";
    if (c.role == Role::Seat) return m_session->scenario().actors[static_cast<std::size_t>(c.seat)].name + " (client " + std::to_string(c.id) + ")";
    return "client " + std::to_string(c.id);
}

void Room::disconnect(std::uint64_t client) {
    const auto it = m_clients.find(client);
    if (it == m_clients.end()) return;
    logInfo(who(*it->second) + " left");
    const bool wasSeat = it->second->role == Role::Seat;
    m_clients.erase(it);
    if (wasSeat) {
        // the others see who is connected
        sendStates();
    }
}

bool Room::receive(std::uint64_t client, std::string_view text) {
    // a command replaces the session's scenario: the one this request began with stays
    // alive to its end, so no reference into it dangles
    const std::shared_ptr<const Scenario> hold = m_session->scenarioPtr();
    const auto it = m_clients.find(client);
    if (it == m_clients.end()) return false;
    Client& c = *it->second;
    Request r;
    // the allowance: messages a second, with a burst
    const Clock::time_point now = m_now();
    c.allowance = std::min(m_opt.burst, c.allowance + std::chrono::duration<double>(now - c.last).count() * m_opt.messagesPerSecond);
    c.last = now;
    const auto refuse = [&](const std::string& what, const std::string& expected, const std::string& hint = {}) {
        reply(c, r, false, what, expected, hint);
        // a client that only sends what is refused is broken or hostile
        return ++c.refusedInARow < 100 && (c.role != Role::None || r.type != "hello");
    };
    if (c.allowance < 1) {
        return refuse("too many messages", "at most " + std::to_string(static_cast<int>(m_opt.messagesPerSecond)) + " a second",
                      "wait a moment, then send again");
    }
    c.allowance -= 1;
    if (text.size() > 16384) return refuse("the message is larger than 16 KiB", "a message of the protocol (docs/serve-protocol.md)");
    json::parse_options po;
    po.max_depth = 8;
    std::error_code ec;
    json::value v = json::parse(json::string_view(text.data(), text.size()), ec, {}, po);
    if (ec || !v.is_object()) return refuse("the message is not a JSON object", "{\"type\": ..., ...}");
    json::object& o = v.as_object();
    if (const auto* id = o.if_contains("id")) {
        if (id->is_string() || id->is_int64() || id->is_uint64()) r.id = *id;
        o.erase("id");
    }
    const auto* type = o.if_contains("type");
    if (!type || !type->is_string()) return refuse("the message has no type", "a \"type\" string such as \"order\"");
    r.type = str(*type);
    o.erase("type");
    const auto schema = std::find_if(schemas().begin(), schemas().end(), [&](const Schema& s) { return r.type == s.type; });
    if (schema == schemas().end()) {
        const std::string t = r.type.size() > 40 ? r.type.substr(0, 40) + "..." : r.type;
        r.type.clear();
        return refuse("unknown message type '" + t + "'", "one of hello, order, withdraw, ready, view, inject, withdraw_inject, end_turn, undo, pause, deadline, save, what_next, reveal");
    }
    for (const auto& kv : o) {
        const auto f = std::find_if(schema->fields.begin(), schema->fields.end(), [&](const FieldSpec& fs) { return kv.key() == fs.name; });
        if (f == schema->fields.end()) {
            std::string names;
            for (const FieldSpec& fs : schema->fields) names += (names.empty() ? "" : ", ") + std::string(fs.name);
            return refuse("'" + r.type + "' has no field '" + std::string(kv.key().substr(0, 40)) + "'",
                          names.empty() ? "no fields besides type and id" : "its fields: " + names);
        }
        if (!fits(kv.value(), f->kind)) return refuse("'" + r.type + "." + f->name + "' is of the wrong type", kindWord(f->kind));
    }
    for (const FieldSpec& f : schema->fields) {
        if (f.required && !o.contains(f.name)) return refuse("'" + r.type + "' needs '" + f.name + "'", kindWord(f.kind));
    }
    if (r.type != "hello" && c.role == Role::None) {
        reply(c, r, false, "join first", "a hello with your token", "open the join address your teacher gave you");
        return false;
    }
    if (schema->who == Role::Facilitator && c.role != Role::Facilitator) return refuse("only the facilitator may do that", "a request of a team");
    if (schema->who == Role::Seat && c.role != Role::Seat) return refuse("only a team may do that", "a request of the facilitator");
    r.body = std::move(o);
    const bool ok = handle(c, r);
    if (ok) c.refusedInARow = 0;
    return r.type != "hello" || c.role != Role::None;
}

void Room::reply(Client& c, const Request& r, bool ok, const std::string& text, const std::string& expected, const std::string& hint) {
    if (logging(spdlog::level::info)) {  // every answer: built only for -v
        logInfo(who(c) + ": " + (r.type.empty() ? std::string("a message") : r.type) + (ok ? ": done: " + text : ": refused: " + text));
    }
    json::object o;
    o["type"] = ok ? "ok" : "error";
    o["id"] = r.id;
    if (ok) {
        o["message"] = text;
    } else {
        o["error"] = text;
        o["expected"] = expected;
        o["hint"] = hint;
    }
    c.send(json::serialize(o));
}

bool Room::handle(Client& c, const Request& r) {
    Session& s = *m_session;
    const Scenario& sc = s.scenario();
    const auto fail = [&](const std::string& why, const std::string& expected = {}, const std::string& hint = {}) {
        reply(c, r, false, why, expected, hint);
        return false;
    };
    const auto done = [&](const std::string& message) {
        reply(c, r, true, message);
        return true;
    };
    const std::string& t = r.type;
    if (t == "hello") {
        if (c.role != Role::None) return fail("already joined");
        const std::string token = str(r.body.at("token"));
        // every token is compared whole, whichever matches
        bool fac = sameSecret(token, m_tokens.facilitator);
        ActorId seat = kNone;
        for (const auto& [id, tok] : m_tokens.seats) {
            if (sameSecret(token, tok)) seat = sc.actorIndex(id);
        }
        if (!fac && seat == kNone) return fail("this join address is not valid for this game", "the address your teacher gave you, whole", "ask your teacher for it again, and open it whole, with everything after #t=");
        c.role = fac ? Role::Facilitator : Role::Seat;
        c.seat = fac ? kNone : seat;
        json::object w;
        w["type"] = "welcome";
        w["role"] = fac ? "facilitator" : "seat";
        w["seat"] = fac ? json::value(nullptr) : json::value(sc.actors[static_cast<std::size_t>(seat)].id);
        w["name"] = fac ? std::string("Facilitator") : sc.actors[static_cast<std::size_t>(seat)].name;
        w["server"] = std::string("Brink ") + BRINK_VERSION;
        c.send(json::serialize(w));
        logInfo("client " + std::to_string(c.id) + " joined as " + (fac ? std::string("the facilitator") : sc.actors[static_cast<std::size_t>(seat)].name));
        // the others see who is connected
        sendStates();
        sendMap(c);
        return true;
    }
    if ((t == "order" || t == "withdraw" || t == "ready") && r.body.contains("turn") && asInt(r.body.at("turn")) != s.turn()) {
        // meant for a turn that has been played (or undone) since the page showed it
        return fail("your page showed turn " + std::to_string(asInt(r.body.at("turn"))) + ", but the game is at turn " + std::to_string(s.turn()) + " now",
                    "a request for the turn the game is at", "look at the page again, then decide");
    }
    if (t == "order" || t == "withdraw") {
        const std::string action = str(r.body.at("action"));
        const json::value* tv = r.body.if_contains("target");
        const std::string target = tv && tv->is_string() ? str(*tv) : std::string();
        const ActionId a = sc.actionIds.find(action);
        if (a == kNone) return fail("no action '" + action.substr(0, 60) + "'", "an action id from your list of orders");
        ActorId tg = kNone;
        if (!target.empty()) {
            tg = sc.actorIndex(target);
            if (tg == kNone) return fail("no actor '" + target.substr(0, 60) + "'", "an actor id of the scenario");
        }
        const auto seatIdx = static_cast<std::size_t>(std::find(s.seats().begin(), s.seats().end(), c.seat) - s.seats().begin());
        if (seatIdx < m_ready.size() && m_ready[seatIdx]) return fail("your team said it was ready", "orders before you are ready", "press 'Not ready yet' to change your orders");
        const Result res = t == "order" ? s.apply(OrderCmd{c.seat, a, tg}) : s.apply(WithdrawCmd{c.seat, a, tg});
        if (!res) return fail(res.error);
        changed();
        return done((t == "order" ? "Given: " : "Withdrawn: ") + view::orderText(sc, a, tg) + ".");
    }
    if (t == "ready") {
        const bool ready = r.body.at("ready").as_bool();
        if (ready && s.finished()) return fail("the game is over");
        if (ready && s.paused()) return fail("the game is paused", "", "wait for the facilitator to resume it");
        const auto seatIdx = static_cast<std::size_t>(std::find(s.seats().begin(), s.seats().end(), c.seat) - s.seats().begin());
        m_ready[seatIdx] = ready;
        const char* words = ready ? "Ready: your orders are final." : "Not ready: change your orders, then say you are ready.";
        if (ready && std::all_of(m_ready.begin(), m_ready.end(), [](bool b) { return b; })) {
            const std::int64_t next = s.turn() + 1;
            if (const Result res = s.apply(EndTurnCmd{}); !res) {
                done(words);
                tellAll("The turn could not be played: " + res.error);
                changed();
                return true;
            }
            turnEnded("Every team was ready: turn " + std::to_string(next) + " was played.");
            done(words);
        } else {
            done(words);
            sendStates();
        }
        return true;
    }
    if (t == "view") {
        const json::value& tv = r.body.contains("turn") ? r.body.at("turn") : json::value(nullptr);
        const std::int64_t turn = tv.is_null() ? s.turn() : asInt(tv);
        if (turn < s.firstTurn() || turn > s.turn()) {
            return fail("no turn " + std::to_string(turn) + " to see", "a turn from " + std::to_string(s.firstTurn()) + " to " + std::to_string(s.turn()));
        }
        const ActorId who = viewer(c);
        json::object o;
        o["type"] = "turn";
        o["id"] = r.id;
        o["turn"] = turn;
        json::array groups;
        if (turn > s.firstTurn()) {
            for (const view::Group& g : view::happened(s, turn, who)) {
                json::array lines;
                for (const view::Line& l : g.lines) lines.push_back(json::object{{"text", l.text}, {"why", l.why}});
                groups.push_back(json::object{{"title", g.title}, {"lines", std::move(lines)}});
            }
        }
        o["happened"] = std::move(groups);
        o["date"] = formatDate(sc.start + s.worldAt(turn).day);
        o["svg"] = mapSvg(turn, who);
        c.send(json::serialize(o));
        return true;
    }
    if (t == "inject") {
        const json::object& in = r.body.at("inject").as_object();
        GameInject g;
        const auto only = [&](std::initializer_list<const char*> keys) {
            for (const auto& kv : in) {
                if (std::find_if(keys.begin(), keys.end(), [&](const char* k) { return kv.key() == k; }) == keys.end()) return false;
            }
            return true;
        };
        const char* expected = "one of {\"event\": ID}, {\"effects\": YAML, \"headline\": TEXT}, {\"set\": {\"param\": NAME, \"value\": NUMBER}}, {\"ai\": ACTOR}";
        if (const auto* e = in.if_contains("event"); e && only({"event"})) {
            if (!e->is_string()) return fail("inject.event is not a string", expected);
            g.kind = GameInject::Kind::Event;
            g.id = str(*e);
        } else if (const auto* ef = in.if_contains("effects"); ef && only({"effects", "headline"})) {
            const auto* h = in.if_contains("headline");
            if (!ef->is_string() || (h && !h->is_string())) return fail("inject.effects and inject.headline must be strings", expected);
            g.kind = GameInject::Kind::Effects;
            g.effects = str(*ef);
            if (h) g.headline = str(*h);
        } else if (const auto* st = in.if_contains("set"); st && only({"set"})) {
            const json::object* so = st->if_object();
            if (!so || so->size() != 2 || !so->contains("param") || !so->at("param").is_string() || !so->contains("value") ||
                !so->at("value").is_number()) {
                return fail("inject.set must be {\"param\": NAME, \"value\": NUMBER}", expected);
            }
            g.kind = GameInject::Kind::Set;
            g.id = str(so->at("param"));
            g.value = so->at("value").to_number<double>();
            if (!std::isfinite(g.value)) return fail("inject.set.value is not a finite number", expected);
        } else if (const auto* ai = in.if_contains("ai"); ai && only({"ai"})) {
            if (!ai->is_string()) return fail("inject.ai is not a string", expected);
            g.kind = GameInject::Kind::Ai;
            g.id = str(*ai);
            if (sc.actorIndex(g.id) == kNone || !s.isSeat(sc.actorIndex(g.id))) return fail("'" + g.id.substr(0, 60) + "' is not a seat of this game", "a seat's actor id");
        } else {
            return fail("not an inject", expected);
        }
        const std::string text = view::injectText(sc, g);
        if (const Result res = s.apply(InjectCmd{g}); !res) return fail(res.error);
        changed();
        return done("For the coming turn: " + text + ".");
    }
    if (t == "withdraw_inject") {
        const std::int64_t i = asInt(r.body.at("index"));
        if (i < 0) return fail("no inject " + std::to_string(i), "an index from the list of injects");
        if (const Result res = s.apply(WithdrawInjectCmd{static_cast<std::size_t>(i)}); !res) return fail(res.error);
        changed();
        return done("Inject withdrawn.");
    }
    if (t == "end_turn") {
        const std::int64_t next = s.turn() + 1;
        if (const Result res = s.apply(EndTurnCmd{}); !res) return fail(res.error);
        turnEnded("The facilitator played turn " + std::to_string(next) + ".");
        return done("Turn " + std::to_string(next) + " played.");
    }
    if (t == "undo") {
        const std::int64_t n = r.body.contains("turns") ? asInt(r.body.at("turns")) : 1;
        if (n < 1 || n > s.turn() - s.firstTurn()) {
            return fail("cannot undo " + std::to_string(n) + " turns", "from 1 to " + std::to_string(s.turn() - s.firstTurn()));
        }
        if (const Result res = s.apply(UndoCmd{static_cast<int>(n), true}); !res) return fail(res.error);
        turnEnded("The facilitator went back to turn " + std::to_string(s.turn()) + "; the orders given for the turns undone are pending again.");
        return done("Back to turn " + std::to_string(s.turn()) + ".");
    }
    if (t == "pause") {
        const bool p = r.body.at("paused").as_bool();
        if (p == s.paused()) return done(p ? "Already paused." : "Not paused.");
        if (const Result res = s.apply(PauseCmd{p}); !res) return fail(res.error);
        if (p && m_deadline) {
            m_pausedLeft = *m_deadline - m_now();
            m_deadline.reset();
        } else if (!p && m_pausedLeft) {
            m_deadline = m_now() + *m_pausedLeft;
            m_pausedLeft.reset();
        }
        if (p) std::fill(m_ready.begin(), m_ready.end(), false);
        done(p ? "Paused." : "Resumed.");
        tellAll(p ? "The facilitator paused the game." : "The game goes on.");
        changed();
        return true;
    }
    if (t == "deadline") {
        const json::value& m = r.body.at("minutes");
        if (m.is_null()) {
            m_opt.deadlineMinutes.reset();
        } else {
            const double minutes = m.to_number<double>();
            if (!(minutes > 0 && minutes <= 24 * 60)) return fail("a countdown of " + json::serialize(m) + " minutes", "a number of minutes from 0 to 1440, or null for none");
            m_opt.deadlineMinutes = minutes;
        }
        startDeadline();
        changed();
        return done(m_opt.deadlineMinutes ? "Each turn now has a countdown; this one starts now." : "No countdown.");
    }
    if (t == "save") {
        if (m_opt.savePath.empty()) return fail("this game is not saved to a file", "", "start brink serve with --save FILE");
        save();
        if (!m_saveError.empty()) return fail("not saved: " + m_saveError, "", "free some space, then save again");
        return done("Saved to " + m_opt.savePath + ".");
    }
    if (t == "what_next") {
        const std::int64_t runs = r.body.contains("runs") ? asInt(r.body.at("runs")) : 1000;
        if (runs < 1 || runs > 100000) return fail("what next? with " + std::to_string(runs) + " runs", "from 1 to 100000 runs");
        if (m_whatNextRuns) return fail("what next? is already running", "", "wait for its answer");
        startWhatNext(c, r, static_cast<std::uint64_t>(runs));
        return true;
    }
    if (t == "reveal") {
        c.reveal = r.body.at("reveal").as_bool();
        sendState(c);
        sendMap(c);
        return done(c.reveal ? "Everything shown: every side's secrets are on this screen." : "The room's view.");
    }
    return fail("unknown request");
}

ActorId Room::viewer(const Client& c) const {
    if (c.role == Role::Seat) return c.seat;
    return c.reveal ? kNone : Session::kPublic;
}

// ---- after a change --------------------------------------------------------------------------

void Room::changed() {
    save();
    sendAll();
}

void Room::sendAll() {
    sendStates();
    for (auto& [id, c] : m_clients) {
        if (c->role != Role::None) sendMap(*c);
    }
}

void Room::sendStates() {
    // the clients of one seat (a team on several laptops) get the same state: made once
    std::map<std::pair<int, ActorId>, std::string> made;
    for (auto& [id, c] : m_clients) {
        if (c->role == Role::None) continue;
        const auto key = std::make_pair(static_cast<int>(c->role), c->role == Role::Seat ? c->seat : viewer(*c));
        auto it = made.find(key);
        if (it == made.end()) it = made.emplace(key, stateJson(*c)).first;
        c->send(it->second);
    }
}

void Room::turnEnded(const std::string& news) {
    std::fill(m_ready.begin(), m_ready.end(), false);
    m_mapsTurn = -1;  // history changed: every map is made again
    startDeadline();
    save();  // on disk before anyone is told
    logInfo("turn " + std::to_string(m_session->turn()) + ": " + news);
    tellAll(news);
    sendAll();
}

void Room::save() {
    if (m_opt.savePath.empty()) return;
    try {
        writeFileAtomically(m_opt.savePath, m_session->gameFileText());
        m_saveError.clear();
    } catch (const std::exception& e) {
        m_saveError = e.what();
        logWarn("the game could not be saved: " + m_saveError);
        for (auto& [id, c] : m_clients) {
            if (c->role == Role::Facilitator) c->send(json::serialize(json::object{{"type", "told"}, {"text", "The game could not be saved: " + m_saveError}}));
        }
    }
}

void Room::tellAll(const std::string& text) {
    const std::string msg = json::serialize(json::object{{"type", "told"}, {"text", text}});
    for (auto& [id, c] : m_clients) {
        if (c->role != Role::None) c->send(msg);
    }
}

void Room::freshMaps() {
    // a map of the history as it stood before a turn or an undo is never sent again
    if (m_mapsTurn == m_session->turn()) return;
    m_maps.clear();
    m_mapsTurn = m_session->turn();
    ++m_mapGeneration;
}

const std::string& Room::mapSvg(std::int64_t turn, ActorId who) {
    freshMaps();
    const auto key = std::make_pair(turn, who);
    auto it = m_maps.find(key);
    if (it == m_maps.end()) {
        const render::SeenMap seen = render::seenMap(*m_session, turn, who);
        const render::MapScene scene = render::buildScene(m_map, seen.input(*m_session), m_opt.mapWidth, m_opt.mapHeight, m_fonts.measurer());
        it = m_maps.emplace(key, render::sceneSvg(scene)).first;
    }
    return it->second;
}

void Room::sendMap(Client& c) {
    freshMaps();
    const std::int64_t turn = m_session->turn();
    const ActorId who = viewer(c);
    const auto key = std::make_tuple(m_mapGeneration, turn, who);
    if (c.sentMap == key) return;  // it has this very map
    json::object o;
    o["type"] = "map";
    o["turn"] = turn;
    o["svg"] = mapSvg(turn, who);
    c.send(json::serialize(o));
    c.sentMap = key;
}

// ---- state -----------------------------------------------------------------------------------

std::optional<double> Room::secondsLeft() const {
    if (m_deadline) return std::max(0.0, std::chrono::duration<double>(*m_deadline - m_now()).count());
    if (m_pausedLeft) return std::max(0.0, std::chrono::duration<double>(*m_pausedLeft).count());
    return std::nullopt;
}

void Room::sendState(Client& c) { c.send(stateJson(c)); }

std::string Room::stateJson(const Client& c) const {
    const Session& s = *m_session;
    const Scenario& sc = s.scenario();
    const World& w = s.world();
    json::object o;
    o["type"] = "state";
    const OutcomeId oc = s.outcome();
    o["game"] = json::object{{"title", sc.title},
                             {"scenario", sc.id},
                             {"turn", s.turn()},
                             {"first_turn", s.firstTurn()},
                             {"last_turn", s.horizon()},
                             {"date", formatDate(sc.start + w.day)},
                             {"paused", s.paused()},
                             {"finished", s.finished()},
                             {"outcome", oc == kNone ? json::value(nullptr) : json::value(sc.outcomes[static_cast<std::size_t>(oc)])},
                             {"seed", s.seed()}};
    json::array seats;
    for (std::size_t i = 0; i < s.seats().size(); ++i) {
        const ActorId a = s.seats()[i];
        const bool connected = std::any_of(m_clients.begin(), m_clients.end(), [&](const auto& kv) {
            return kv.second->role == Role::Seat && kv.second->seat == a;
        });
        seats.push_back(json::object{{"id", sc.actors[static_cast<std::size_t>(a)].id},
                                     {"name", sc.actors[static_cast<std::size_t>(a)].name},
                                     {"ready", static_cast<bool>(m_ready[i])},
                                     {"connected", connected}});
    }
    o["seats"] = std::move(seats);
    if (const auto left = secondsLeft()) {
        o["deadline"] = json::object{{"seconds_left", std::round(*left * 10) / 10}, {"minutes", m_opt.deadlineMinutes.value_or(0)}};
    } else {
        o["deadline"] = nullptr;
    }
    const auto orderJson = [&](ActorId seat, std::size_t i, const OrderCmd& oc2) {
        const OrderOption chk = s.checkPending(seat, i);
        return json::object{{"action", sc.actions[static_cast<std::size_t>(oc2.action)].id},
                            {"target", oc2.target == kNone ? json::value(nullptr) : json::value(sc.actors[static_cast<std::size_t>(oc2.target)].id)},
                            {"text", view::orderText(sc, oc2.action, oc2.target)},
                            {"allowed", chk.allowed},
                            {"reason", chk.reason}};
    };
    if (c.role == Role::Seat) {
        const ActorId a = c.seat;
        const view::Situation sit = view::situation(sc, w, a);
        json::array holds, allies, rivals;
        for (const view::Holding& h : sit.holds) holds.push_back(json::object{{"asset", sc.assets[static_cast<std::size_t>(h.asset)].id}, {"name", h.name}, {"amount", h.amount}});
        for (const view::Tie& t : sit.allies) allies.push_back(json::object{{"id", sc.actors[static_cast<std::size_t>(t.other)].id}, {"name", t.name}});
        for (const view::Tie& t : sit.rivals) {
            rivals.push_back(json::object{{"id", sc.actors[static_cast<std::size_t>(t.other)].id}, {"name", t.name}, {"tension", t.tension}, {"rung", nullOr(t.rung)}});
        }
        json::array options;
        for (const OrderOption& op : s.options(a)) {
            const ActionDef& ad = sc.actions[static_cast<std::size_t>(op.action)];
            json::array costs;
            for (const auto& [asset, amount] : op.costs) costs.push_back(json::object{{"asset", sc.assets[static_cast<std::size_t>(asset)].id}, {"amount", amount}});
            options.push_back(json::object{{"action", ad.id},
                                           {"target", op.target == kNone ? json::value(nullptr) : json::value(sc.actors[static_cast<std::size_t>(op.target)].id)},
                                           {"text", view::orderText(sc, op.action, op.target)},
                                           {"costs", std::move(costs)},
                                           {"cost", view::costText(sc, op)},
                                           {"allowed", op.allowed},
                                           {"reason", op.reason},
                                           {"pending", op.pending},
                                           {"public", ad.isPublic},
                                           {"escalation", ad.escalation}});
        }
        json::array pending;
        const std::vector<OrderCmd> mine = s.pending(a);
        for (std::size_t i = 0; i < mine.size(); ++i) pending.push_back(orderJson(a, i, mine[i]));
        json::array secrets;
        if (s.turn() > s.firstTurn()) {
            for (const std::string& x : view::secrets(s, s.turn(), a)) secrets.push_back(json::value(x));
        }
        const auto seatIdx = static_cast<std::size_t>(std::find(s.seats().begin(), s.seats().end(), a) - s.seats().begin());
        o["you"] = json::object{{"situation", json::object{{"name", sit.name}, {"posture", sit.posture}, {"holds", std::move(holds)},
                                                           {"allies", std::move(allies)}, {"rivals", std::move(rivals)}}},
                                {"options", std::move(options)},
                                {"pending", std::move(pending)},
                                {"ready", static_cast<bool>(m_ready[seatIdx])},
                                {"secrets", std::move(secrets)}};
    } else {
        o["you"] = nullptr;
    }
    if (s.turn() > s.firstTurn()) {
        json::array groups;
        for (const view::Group& g : view::happened(s, s.turn(), viewer(c))) {
            json::array lines;
            for (const view::Line& l : g.lines) lines.push_back(json::object{{"text", l.text}, {"why", l.why}});
            groups.push_back(json::object{{"title", g.title}, {"lines", std::move(lines)}});
        }
        o["happened"] = json::object{{"turn", s.turn()}, {"groups", std::move(groups)}};
    } else {
        o["happened"] = nullptr;
    }
    if (c.role == Role::Facilitator) {
        json::array orders;
        for (ActorId a : s.seats()) {
            const std::vector<OrderCmd> mine = s.pending(a);
            for (std::size_t i = 0; i < mine.size(); ++i) {
                json::object x = orderJson(a, i, mine[i]);
                x["seat"] = sc.actors[static_cast<std::size_t>(a)].id;
                orders.push_back(std::move(x));
            }
        }
        json::array injects;
        const std::vector<GameInject> pend = s.pendingInjects();
        for (std::size_t i = 0; i < pend.size(); ++i) injects.push_back(json::object{{"index", i}, {"text", view::injectText(sc, pend[i])}});
        json::array events, params;
        for (const EventDef& e : sc.events) events.push_back(json::object{{"id", e.id}, {"name", e.name.empty() ? e.id : e.name}});
        for (std::size_t p = 0; p < sc.paramNames.size(); ++p) params.push_back(json::object{{"name", sc.paramNames[p]}, {"value", w.params[p]}});
        json::value wn = nullptr;
        if (m_whatNextRuns) wn = json::object{{"running", true}, {"done", m_progress.load()}, {"runs", m_whatNextRuns}};
        o["facilitator"] = json::object{{"orders", std::move(orders)}, {"injects", std::move(injects)}, {"events", std::move(events)},
                                        {"params", std::move(params)}, {"save", m_opt.savePath}, {"what_next", std::move(wn)},
                                        {"reveal", c.reveal}};
    } else {
        o["facilitator"] = nullptr;
    }
    return json::serialize(o);
}

// ---- deadlines ---------------------------------------------------------------------------------

void Room::startDeadline() {
    m_deadline.reset();
    m_pausedLeft.reset();
    if (!m_opt.deadlineMinutes || m_session->finished()) return;
    const auto d = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(*m_opt.deadlineMinutes * 60));
    if (m_session->paused()) m_pausedLeft = d;
    else m_deadline = m_now() + d;
}

void Room::tick() {
    const std::shared_ptr<const Scenario> hold = m_session->scenarioPtr();  // as in receive()
    if (m_deadline && m_now() >= *m_deadline && !m_session->paused() && !m_session->finished()) deadlinePassed();
}

void Room::deadlinePassed() {
    Session& s = *m_session;
    const Scenario& sc = s.scenario();
    std::vector<std::string> absent;
    std::vector<GameInject> pend = s.pendingInjects();
    for (std::size_t i = 0; i < s.seats().size(); ++i) {
        const ActorId a = s.seats()[i];
        if (!s.pending(a).empty() || m_ready[i]) continue;  // ready with no orders: the team holds
        const std::string& id = sc.actors[static_cast<std::size_t>(a)].id;
        if (std::any_of(pend.begin(), pend.end(), [&](const GameInject& g) { return g.kind == GameInject::Kind::Ai && g.id == id; })) continue;
        GameInject g;
        g.kind = GameInject::Kind::Ai;
        g.id = id;
        if (s.apply(InjectCmd{g})) absent.push_back(sc.actors[static_cast<std::size_t>(a)].name);
    }
    const std::int64_t next = s.turn() + 1;
    if (const Result res = s.apply(EndTurnCmd{}); !res) {
        m_deadline.reset();
        tellAll("The time was up, but the turn could not be played: " + res.error);
        changed();
        return;
    }
    std::string who;
    for (std::size_t i = 0; i < absent.size(); ++i) who += (i == 0 ? "" : i + 1 == absent.size() ? " and " : ", ") + absent[i];
    turnEnded("The time was up: turn " + std::to_string(next) + " was played" +
              (absent.empty() ? " with the orders given." : "; the computer played " + who + ", who had given no orders."));
}

// ---- what next? --------------------------------------------------------------------------------

void Room::startWhatNext(Client& c, const Request& r, std::uint64_t runs) {
    if (m_whatNext.joinable()) m_whatNext.join();  // the last one has finished (m_whatNextRuns was 0)
    m_cancel = false;
    m_progress = 0;
    m_whatNextRuns = runs;
    auto sc = m_session->scenarioPtr();
    auto from = m_session->snapshot();
    const std::uint64_t seed = m_session->seed();
    const std::int64_t horizon = m_session->horizon();
    const unsigned threads = std::max(1u, m_opt.whatNextThreads);
    std::shared_ptr<bool> alive = m_alive;
    reply(c, r, true, "What next? runs " + std::to_string(runs) + " continuations from turn " + std::to_string(m_session->turn()) + ".");
    m_whatNext = std::thread([this, sc, from, seed, horizon, runs, threads, alive] {
        std::shared_ptr<Continuations> out;
        std::string error;
        try {
            out = std::make_shared<Continuations>(continuations(sc, from, seed, horizon, runs, threads, [this](std::uint64_t n) { m_progress = n; }, m_cancel));
        } catch (const std::exception& e) {
            error = e.what();
        }
        m_post([this, alive, out, error] {
            if (!*alive) return;
            m_whatNextRuns = 0;
            json::object o;
            if (!out) {
                o = json::object{{"type", "told"}, {"text", "What next? stopped: " + error}};
            } else {
                o["type"] = "what_next";
                o["runs"] = out->runs;
                o["from_turn"] = out->fromTurn;
                o["cancelled"] = out->cancelled;
                json::array outcomes, metrics;
                for (const auto& sh : out->outcomes) {
                    outcomes.push_back(json::object{{"outcome", sh.outcome}, {"count", sh.count}, {"p", sh.p}, {"low", sh.ci.lo}, {"high", sh.ci.hi}});
                }
                for (const auto& m : out->metrics) metrics.push_back(json::object{{"name", m.name}, {"mean", m.mean}, {"low", m.ci.lo}, {"high", m.ci.hi}});
                o["outcomes"] = std::move(outcomes);
                o["metrics"] = std::move(metrics);
            }
            const std::string msg = json::serialize(o);
            for (auto& [id, cl] : m_clients) {
                if (cl->role == Role::Facilitator) {
                    cl->send(msg);
                    sendState(*cl);
                }
            }
        });
    });
    for (auto& [id, cl] : m_clients) {
        if (cl->role == Role::Facilitator) sendState(*cl);
    }
}

}  // namespace brink::serve
