// The room of brink serve, without a network: the protocol of docs/serve-protocol.md on a
// game session. Joining, orders, ready, turns, deadlines, injects and undo; what each seat
// may see; that no request of a seat acts for another seat or as the facilitator; that bad
// messages change nothing; that the game file is written after every accepted change.
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <deque>
#include <filesystem>
#include <fstream>
#include <thread>

#include "brink/render/assets.hpp"
#include "brink/render/map_renderer.hpp"
#include "brink/serve/room.hpp"
#include "support.hpp"

using namespace brink;
using namespace brink::serve;
namespace json = boost::json;

namespace {

const render::WorldMap& worldMap() {
    static std::optional<render::WorldMap> m = [] {
        std::string err;
        auto w = render::WorldMap::load(render::findMapFile(render::kDefaultMapFile), render::EqualEarth(render::kCentralMeridian), err);
        INFO(err);
        REQUIRE(w);
        return w;
    }();
    return *m;
}

const render::FontMetrics& fonts() {
    static std::unique_ptr<render::FontMetrics> f = [] {
        std::string err;
        auto m = render::FontMetrics::load(err);
        INFO(err);
        REQUIRE(m);
        return m;
    }();
    return *f;
}

/// A room of summit-2024 with a clock the test moves, and clients that keep what they get.
struct Fixture {
    std::string dir = test::tempDir("room");
    Clock::time_point now = Clock::time_point{} + std::chrono::hours(1);
    std::deque<std::function<void()>> posted;
    std::unique_ptr<Room> room;
    std::map<std::uint64_t, std::vector<json::object>> got;

    explicit Fixture(std::vector<std::string> seats = {"russia", "north_korea"}, std::optional<double> deadline = {}) {
        Diagnostics d("summit-2024.yaml");
        auto s = Session::start(test::readFile(test::source("scenarios/summit-2024.yaml")), "summit-2024.yaml", 3, seats, d);
        INFO(d.str());
        REQUIRE(s);
        RoomOptions o;
        o.savePath = dir + "/game.yaml";
        o.deadlineMinutes = deadline;
        o.mapWidth = 800;
        o.mapHeight = 450;
        Tokens t = newTokens(*s);
        room = std::make_unique<Room>(std::move(s), t, o, worldMap(), fonts(), [this](std::function<void()> f) { posted.push_back(std::move(f)); },
                                      [this] { return now; });
    }
    std::uint64_t client() {
        return room->connect([this, id = room->clients() + 1000](std::string) { (void)id; });
    }
    /// A client that records every message it is sent.
    std::uint64_t listener() {
        auto id = std::make_shared<std::uint64_t>(0);
        *id = room->connect([this, id](std::string m) { got[*id].push_back(json::parse(m).as_object()); });
        return *id;
    }
    std::string token(const std::string& seat) const {
        if (seat == "facilitator") return room->tokens().facilitator;
        for (const auto& [id, t] : room->tokens().seats) {
            if (id == seat) return t;
        }
        return {};
    }
    /// Joins as a seat (or "facilitator"); returns the client.
    std::uint64_t join(const std::string& who) {
        const std::uint64_t c = listener();
        REQUIRE(room->receive(c, R"({"type":"hello","token":")" + token(who) + "\"}"));
        REQUIRE(last(c, "welcome"));
        return c;
    }
    /// Sends a request; returns the ok or error that answered it.
    json::object ask(std::uint64_t c, const std::string& msg) {
        got[c].clear();
        room->receive(c, msg);
        for (const auto& m : got[c]) {
            if (m.at("type") == "ok" || m.at("type") == "error") return m;
        }
        return {};
    }
    const json::object* last(std::uint64_t c, const char* type) const {
        const auto it = got.find(c);
        if (it == got.end()) return nullptr;
        for (auto m = it->second.rbegin(); m != it->second.rend(); ++m) {
            if (m->at("type") == type) return &*m;
        }
        return nullptr;
    }
    std::string all(std::uint64_t c) const {
        std::string s;
        const auto it = got.find(c);
        if (it != got.end()) {
            for (const auto& m : it->second) s += json::serialize(m) + "\n";
        }
        return s;
    }
};

bool ok(const json::object& r) { return !r.empty() && r.at("type") == "ok"; }

}  // namespace

TEST_CASE("room: joining with a token, and nothing without one", "[room]") {
    Fixture f;
    const std::uint64_t c = f.listener();
    CHECK_FALSE(f.room->receive(c, R"({"type":"hello","token":"0123456789abcdef0123456789abcdef"})"));
    REQUIRE(f.last(c, "error"));
    CHECK(f.last(c, "error")->at("error") == "this join address is not valid for this game");
    CHECK_FALSE(f.last(c, "state"));
    // anything before hello is refused, and the connection closed
    const std::uint64_t d = f.listener();
    CHECK_FALSE(f.room->receive(d, R"({"type":"order","action":"talks","target":"ukraine"})"));
    CHECK(f.last(d, "error")->at("error") == "join first");

    const std::uint64_t ru = f.join("russia");
    const json::object& w = *f.last(ru, "welcome");
    CHECK(w.at("role") == "seat");
    CHECK(w.at("seat") == "russia");
    CHECK(w.at("name") == "Russia");
    REQUIRE(f.last(ru, "state"));
    REQUIRE(f.last(ru, "map"));
    const std::string svg(f.last(ru, "map")->at("svg").as_string());
    CHECK(svg.find("<svg") == 0);
    CHECK(svg.find(">Russia</text>") != std::string::npos);
    const json::object& st = *f.last(ru, "state");
    CHECK(st.at("game").at("title") == "Summit in Pyongyang");
    CHECK(st.at("game").at("turn") == 0);
    CHECK(st.at("you").at("situation").at("name") == "Russia");
    CHECK(st.at("facilitator").is_null());
    CHECK(!st.at("you").at("options").as_array().empty());

    const std::uint64_t fac = f.join("facilitator");
    CHECK(f.last(fac, "welcome")->at("role") == "facilitator");
    CHECK(f.last(fac, "state")->at("you").is_null());
    CHECK(f.last(fac, "state")->at("facilitator").at("events").as_array().size() > 0);
    // the others see who is connected
    const json::array& seats = f.last(fac, "state")->at("seats").as_array();
    CHECK(seats[0].at("connected") == true);
    CHECK(seats[1].at("connected") == false);

    CHECK(sameSecret("abc", "abc"));
    CHECK_FALSE(sameSecret("abc", "abd"));
    CHECK_FALSE(sameSecret("abc", "abcd"));
    CHECK_FALSE(sameSecret("", "a"));
    CHECK(randomToken().size() == 32);
    CHECK(randomToken() != randomToken());
}

TEST_CASE("room: a seat sees its own pending and secret orders, never another's", "[room]") {
    Fixture f;
    const std::uint64_t ru = f.join("russia"), nk = f.join("north_korea"), fac = f.join("facilitator");
    // a secret order of Russia's: threatening to arm US adversaries is public; find a secret one
    const json::array& opts = f.last(ru, "state")->at("you").at("options").as_array();
    std::string secret, open;
    for (const auto& o : opts) {
        if (o.at("allowed") == false || !o.at("target").is_null()) continue;
        if (o.at("public") == false && secret.empty()) secret = std::string(o.at("action").as_string());
        if (o.at("public") == true && open.empty()) open = std::string(o.at("action").as_string());
    }
    REQUIRE(!open.empty());
    CHECK(ok(f.ask(ru, R"({"type":"order","action":")" + open + "\",\"id\":7}")));
    CHECK(f.last(ru, "ok")->at("id") == 7);
    CHECK(f.last(ru, "state")->at("you").at("pending").as_array().size() == 1);
    // North Korea's messages since: its own state, nothing of Russia's pending order
    CHECK(f.last(nk, "state")->at("you").at("pending").as_array().empty());
    CHECK(f.all(nk).find("\"seat\":\"russia\",\"") == std::string::npos);
    for (const auto& m : f.got[nk]) {
        if (m.at("type") != "state") continue;
        CHECK(json::serialize(m).find("\"pending\":true") == std::string::npos);
    }
    // the facilitator sees it
    const json::array& orders = f.last(fac, "state")->at("facilitator").at("orders").as_array();
    REQUIRE(orders.size() == 1);
    CHECK(orders[0].at("seat") == "russia");
    CHECK(orders[0].at("action").as_string() == open);
    // a seat cannot name another seat, nor act as the facilitator
    CHECK(f.ask(nk, R"({"type":"withdraw","action":")" + open + R"(","seat":"russia"})").at("error") == "'withdraw' has no field 'seat'");
    CHECK(f.ask(nk, R"({"type":"withdraw","action":")" + open + "\"}").at("error") == "no such pending order");
    for (const char* req : {R"({"type":"end_turn"})", R"({"type":"undo"})", R"({"type":"pause","paused":true})", R"({"type":"reveal","reveal":true})",
                            R"({"type":"inject","inject":{"ai":"russia"}})", R"({"type":"save"})", R"({"type":"what_next"})",
                            R"({"type":"deadline","minutes":1})", R"({"type":"withdraw_inject","index":0})"}) {
        INFO(req);
        CHECK(f.ask(nk, req).at("error") == "only the facilitator may do that");
    }
    CHECK(f.room->session().turn() == 0);
    CHECK(f.room->session().pending(f.room->session().scenario().actorIndex("russia")).size() == 1);
    // the facilitator cannot give a team's orders
    CHECK(f.ask(fac, R"({"type":"order","action":"talks","target":"ukraine"})").at("error") == "only a team may do that");
}

TEST_CASE("room: bad messages get an error and change nothing", "[room]") {
    Fixture f;
    const std::uint64_t ru = f.join("russia");
    const std::string before = f.room->session().gameFileText();
    const std::string file = test::readFile(f.dir + "/game.yaml");
    const std::pair<const char*, const char*> bad[] = {
        {"not json", "the message is not a JSON object"},
        {"[1,2]", "the message is not a JSON object"},
        {R"({"action":"talks"})", "the message has no type"},
        {R"({"type":"launch"})", "unknown message type 'launch'"},
        {R"({"type":"order"})", "'order' needs 'action'"},
        {R"({"type":"order","action":5})", "'order.action' is of the wrong type"},
        {R"({"type":"order","action":"talks","target":"atlantis"})", "no actor 'atlantis'"},
        {R"({"type":"order","action":"launch_everything"})", "no action 'launch_everything'"},
        {R"({"type":"order","action":"talks","target":"ukraine","extra":1})", "'order' has no field 'extra'"},
        {R"({"type":"ready","ready":"yes"})", "'ready.ready' is of the wrong type"},
        {R"({"type":"view","turn":5})", "no turn 5 to see"},
        {R"({"type":"hello","token":"x"})", "already joined"},
        {R"({"a":{"b":{"c":{"d":{"e":{"f":{"g":{"h":{"i":1}}}}}}}}})", "the message is not a JSON object"},
    };
    for (const auto& [msg, why] : bad) {
        INFO(msg);
        const json::object r = f.ask(ru, msg);
        REQUIRE(!r.empty());
        CHECK(r.at("type") == "error");
        CHECK(r.at("error") == why);
    }
    CHECK(f.ask(ru, std::string(20000, ' ')).at("error") == "the message is larger than 16 KiB");
    CHECK(f.room->session().gameFileText() == before);
    CHECK(test::readFile(f.dir + "/game.yaml") == file);
}

TEST_CASE("room: too many messages a second are refused", "[room]") {
    Fixture f;
    const std::uint64_t ru = f.join("russia");
    int refused = 0;
    for (int i = 0; i < 60; ++i) {
        const json::object r = f.ask(ru, R"({"type":"view"})");
        if (!r.empty() && r.at("error") == "too many messages") ++refused;
    }
    CHECK(refused == 60 - 39);  // a burst of 40, the hello among them
    f.now += std::chrono::seconds(2);  // 40 more allowed
    CHECK(f.ask(ru, R"({"type":"ready","ready":false})").at("type") == "ok");
}

TEST_CASE("room: every team ready plays the turn; the game file follows every change", "[room]") {
    Fixture f;
    const std::uint64_t ru = f.join("russia"), nk = f.join("north_korea"), fac = f.join("facilitator");
    CHECK(ok(f.ask(ru, R"({"type":"order","action":"talks","target":"ukraine"})")));
    CHECK(test::readFile(f.dir + "/game.yaml") == f.room->session().gameFileText());
    CHECK(ok(f.ask(ru, R"({"type":"ready","ready":true})")));
    CHECK(f.ask(ru, R"({"type":"withdraw","action":"talks","target":"ukraine"})").at("error") == "your team said it was ready");
    CHECK(f.last(fac, "state")->at("seats").as_array()[0].at("ready") == true);
    CHECK(f.room->session().turn() == 0);
    CHECK(ok(f.ask(nk, R"({"type":"ready","ready":true})")));
    CHECK(f.room->session().turn() == 1);
    CHECK(f.last(fac, "told")->at("text") == "Every team was ready: turn 1 was played.");
    CHECK(test::readFile(f.dir + "/game.yaml") == f.room->session().gameFileText());
    // a new turn: nobody ready, a new map, what happened
    const json::object& st = *f.last(ru, "state");
    CHECK(st.at("you").at("ready") == false);
    CHECK(st.at("game").at("turn") == 1);
    CHECK(st.at("happened").at("turn") == 1);
    CHECK(json::serialize(st.at("happened")).find("Russia and Ukraine open talks") != std::string::npos);
    CHECK(f.last(ru, "map")->at("turn") == 1);
    // a past turn, read only
    const json::object v = (f.got[ru].clear(), f.room->receive(ru, R"({"type":"view","turn":0})"), *f.last(ru, "turn"));
    CHECK(v.at("turn") == 0);
    CHECK(v.at("happened").as_array().empty());
    // undo: back to turn 0, the order pending again
    CHECK(ok(f.ask(fac, R"({"type":"undo","turns":1})")));
    CHECK(f.room->session().turn() == 0);
    CHECK(f.last(ru, "state")->at("you").at("pending").as_array().size() == 1);
    CHECK(f.ask(fac, R"({"type":"undo","turns":1})").at("error") == "cannot undo 1 turns");
}

TEST_CASE("room: when the countdown ends, the computer plays the teams without orders", "[room]") {
    Fixture f({"russia", "north_korea"}, 2.0);
    const std::uint64_t ru = f.join("russia"), fac = f.join("facilitator");
    CHECK(f.last(ru, "state")->at("deadline").at("seconds_left") == 120.0);
    CHECK(ok(f.ask(ru, R"({"type":"order","action":"talks","target":"ukraine"})")));
    f.now += std::chrono::seconds(60);
    f.room->tick();
    CHECK(f.room->session().turn() == 0);
    // paused, the countdown stops
    CHECK(ok(f.ask(fac, R"({"type":"pause","paused":true})")));
    f.now += std::chrono::seconds(600);
    f.room->tick();
    CHECK(f.room->session().turn() == 0);
    CHECK(*f.room->secondsLeft() == Approx(60));
    CHECK(f.ask(ru, R"({"type":"ready","ready":true})").at("error") == "the game is paused");
    CHECK(ok(f.ask(fac, R"({"type":"pause","paused":false})")));
    f.now += std::chrono::seconds(61);
    f.room->tick();
    CHECK(f.room->session().turn() == 1);
    CHECK(f.last(ru, "told")->at("text") == "The time was up: turn 1 was played; the computer played North Korea, who had given no orders.");
    // journaled: North Korea was played by the computer in turn 1
    CHECK(f.room->session().gameFileText().find("injects:\n      - ai: north_korea") != std::string::npos);
    CHECK(*f.room->secondsLeft() == Approx(120));
}

TEST_CASE("room: the facilitator's injects, deadline, reveal and what next", "[room]") {
    Fixture f;
    const std::uint64_t fac = f.join("facilitator"), nk = f.join("north_korea");
    REQUIRE(f.last(fac, "map"));
    const std::string room = std::string(f.last(fac, "map")->at("svg").as_string());
    CHECK(f.ask(fac, R"({"type":"inject","inject":{"event":"no_such_event"}})").at("type") == "error");
    CHECK(f.ask(fac, R"({"type":"inject","inject":{"event":"summit","ai":"russia"}})").at("error").as_string().starts_with("not an inject"));
    CHECK(f.ask(fac, R"({"type":"inject","inject":{"ai":"ukraine"}})").at("error") == "'ukraine' is not a seat of this game");
    CHECK(ok(f.ask(fac, R"({"type":"inject","inject":{"ai":"north_korea"}})")));
    CHECK(f.last(fac, "state")->at("facilitator").at("injects").as_array().size() == 1);
    CHECK(f.ask(nk, R"({"type":"order","action":"talks","target":"south_korea"})").at("type") == "error");  // the computer plays it
    CHECK(ok(f.ask(fac, R"({"type":"withdraw_inject","index":0})")));
    CHECK(f.ask(fac, R"({"type":"deadline","minutes":-1})").at("type") == "error");
    CHECK(ok(f.ask(fac, R"({"type":"deadline","minutes":3})")));
    CHECK(*f.room->secondsLeft() == Approx(180));
    // reveal: the facilitator's map shows everything; the room's does not
    CHECK(ok(f.ask(fac, R"({"type":"reveal","reveal":true})")));
    CHECK(f.last(fac, "state")->at("facilitator").at("reveal") == true);
    REQUIRE(f.last(fac, "map"));  // the map as nobody but the facilitator may see it
    CHECK(f.last(fac, "map")->at("svg").as_string().size() > 1000);
    CHECK(ok(f.ask(fac, R"({"type":"what_next","runs":40})")));
    CHECK(f.ask(fac, R"({"type":"what_next","runs":40})").at("error") == "what next? is already running");
    for (int i = 0; i < 600 && f.posted.empty(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    REQUIRE(f.posted.size() == 1);
    f.posted.front()();
    const json::object* wn = f.last(fac, "what_next");
    REQUIRE(wn);
    CHECK(wn->at("runs") == 40);
    CHECK(wn->at("from_turn") == 0);
    double total = 0;
    for (const auto& o : wn->at("outcomes").as_array()) total += o.at("p").to_number<double>();
    CHECK(total == Approx(1.0));
    CHECK_FALSE(f.last(nk, "what_next"));  // the teams do not see it
    CHECK(ok(f.ask(fac, R"({"type":"save"})")));
    CHECK(!room.empty());
}

TEST_CASE("room: tokens survive a restart through their file", "[room]") {
    Fixture f;
    const std::string path = f.dir + "/game.yaml.tokens";
    writeTokens(path, f.room->tokens());
    std::string err;
    const auto back = readTokens(path, f.room->session(), err);
    INFO(err);
    REQUIRE(back);
    CHECK(back->facilitator == f.room->tokens().facilitator);
    CHECK(back->seats == f.room->tokens().seats);
    CHECK((std::filesystem::status(path).permissions() & std::filesystem::perms::group_all) == std::filesystem::perms::none);
    std::ofstream(path) << "facilitator: nothex\n";
    CHECK_FALSE(readTokens(path, f.room->session(), err));
    CHECK(err.find(":1:1: error: the token of 'facilitator' is not 32 hexadecimal digits") != std::string::npos);
}

TEST_CASE("room: a team ready with no orders holds when the countdown ends", "[room]") {
    Fixture f({"russia", "north_korea"}, 1.0);
    const std::uint64_t ru = f.join("russia"), nk = f.join("north_korea");
    CHECK(ok(f.ask(ru, R"({"type":"order","action":"talks","target":"ukraine"})")));
    CHECK(ok(f.ask(nk, R"({"type":"ready","ready":true})")));
    f.now += std::chrono::seconds(61);
    f.room->tick();
    CHECK(f.room->session().turn() == 1);
    CHECK(f.last(ru, "told")->at("text") == "The time was up: turn 1 was played with the orders given.");
    CHECK(f.room->session().gameFileText().find("ai: north_korea") == std::string::npos);
}

TEST_CASE("room: a request meant for a turn already played is refused", "[room]") {
    Fixture f;
    const std::uint64_t ru = f.join("russia"), nk = f.join("north_korea");
    CHECK(ok(f.ask(ru, R"({"type":"ready","ready":true,"turn":0})")));
    CHECK(ok(f.ask(nk, R"({"type":"ready","ready":true,"turn":0})")));
    CHECK(f.room->session().turn() == 1);
    // a second click on "ready", sent before the page heard of turn 1
    const json::object late = f.ask(ru, R"({"type":"ready","ready":true,"turn":0})");
    CHECK(late.at("error") == "your page showed turn 0, but the game is at turn 1 now");
    CHECK(f.last(ru, "state") == nullptr);
    CHECK(ok(f.ask(ru, R"({"type":"order","action":"talks","target":"ukraine","turn":1})")));
    CHECK(f.ask(ru, R"({"type":"withdraw","action":"talks","target":"ukraine","turn":0})").at("type") == "error");
    CHECK(f.room->session().pending(f.room->session().seats()[0]).size() == 1);
}
