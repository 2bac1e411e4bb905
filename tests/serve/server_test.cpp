// brink serve over loopback, as a browser meets it: the page and its headers, join, order,
// withdraw, ready, turn, deadline, injects and undo through real WebSockets to a real
// `brink serve` process; what a seat can never read, send for another seat or do as the
// facilitator; bad and oversized messages; the game file after each change.
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <thread>

#include "net.hpp"
#include "support.hpp"

using namespace brink::test;
using namespace brink::test::net;
namespace json = boost::json;

namespace {

bool ok(const json::object& r) { return !r.empty() && r.at("type") == "ok"; }
std::string err(const json::object& r) { return r.contains("error") ? std::string(r.at("error").as_string()) : std::string("(no error: ") + json::serialize(r) + ")"; }

std::string joined(const WsClient& c) {
    std::string s;
    for (const auto& m : c.seen) s += m + "\n";
    return s;
}

/// The last message of `type` once the client has read everything sent to it.
std::optional<json::object> latest(WsClient& c, const char* type) {
    while (c.receive(std::chrono::milliseconds(300))) {
    }
    for (auto m = c.seen.rbegin(); m != c.seen.rend(); ++m) {
        json::object o = json::parse(*m).as_object();
        if (o.at("type") == type) return o;
    }
    return std::nullopt;
}

}  // namespace

TEST_CASE("server: the page, its headers, and nothing else", "[server]") {
    const std::string dir = tempDir("server-http");
    ServeProcess p("scenarios/summit-2024.yaml --seats russia,north_korea --save " + dir + "/game.yaml");
    const HttpReply page = httpGet(p.port(), "/");
    CHECK(page.status == 200);
    CHECK(page.headers.at("content-type") == "text/html; charset=utf-8");
    CHECK(page.headers.at("content-security-policy").find("default-src 'none'") != std::string::npos);
    CHECK(page.headers.at("content-security-policy").find("script-src 'self'") != std::string::npos);
    CHECK(page.headers.at("x-content-type-options") == "nosniff");
    CHECK(page.headers.at("referrer-policy") == "no-referrer");
    CHECK(page.body.find("<script src=\"/app.js\"") != std::string::npos);
    CHECK(page.body.find(p.token("Russia")) == std::string::npos);
    const HttpReply js = httpGet(p.port(), "/app.js");
    CHECK(js.status == 200);
    CHECK(js.headers.at("content-type") == "text/javascript; charset=utf-8");
    CHECK(js.body.find("WebSocket") != std::string::npos);
    CHECK(httpGet(p.port(), "/app.css").status == 200);
    CHECK(httpGet(p.port(), "/fonts/DejaVuSans.ttf").body.size() > 100000);
    // no file of the machine, no game file, no token by address
    CHECK(httpGet(p.port(), "/../../etc/passwd").status == 404);
    CHECK(httpGet(p.port(), "/game.yaml").status == 404);
    CHECK(httpGet(p.port(), "/" + p.token("Facilitator")).status == 404);
    CHECK(p.stop() == 0);
}

TEST_CASE("server: teams and the facilitator play two turns over loopback", "[server]") {
    const std::string dir = tempDir("server-play");
    const std::string save = dir + "/game.yaml";
    ServeProcess p("scenarios/summit-2024.yaml --seats russia,north_korea --seed 5 --save " + save);
    CHECK(p.banner().find("Russia       http://127.0.0.1:") != std::string::npos);
    auto ru = join(p.port(), p.token("Russia"));
    auto nk = join(p.port(), p.token("North Korea"));
    auto fac = join(p.port(), p.token("Facilitator"));
    // each got its state and its map
    const auto st = ru->until("state");
    REQUIRE(st);
    CHECK(st->at("you").at("situation").at("name") == "Russia");
    CHECK(ru->until("map")->at("svg").as_string().starts_with("<svg"));
    // join, order, withdraw
    CHECK(ok(ru->ask({{"type", "order"}, {"action", "talks"}, {"target", "ukraine"}})));
    CHECK(ok(ru->ask({{"type", "order"}, {"action", "nuclear_signal"}})));
    CHECK(ok(ru->ask({{"type", "withdraw"}, {"action", "nuclear_signal"}, {"target", nullptr}})));
    CHECK(readFile(save).find("action: talks") != std::string::npos);
    CHECK(readFile(save).find("action: nuclear_signal") == std::string::npos);
    // North Korea's order is its own: Russia's messages never hold it
    CHECK(ok(nk->ask({{"type", "order"}, {"action", "talks"}, {"target", "south_korea"}})));
    CHECK(ok(ru->ask({{"type", "ready"}, {"ready", true}})));
    while (ru->receive(std::chrono::milliseconds(200))) {
    }
    CHECK(joined(*ru).find("south_korea\"") == std::string::npos);
    CHECK(joined(*ru).find("South Korea open talks") == std::string::npos);
    // the facilitator sees both (its job), and who is ready
    const auto fs = latest(*fac, "state");
    REQUIRE(fs);
    CHECK(json::serialize(*fs).find("south_korea") != std::string::npos);
    // the last team ready plays the turn for everybody
    CHECK(ok(nk->ask({{"type", "ready"}, {"ready", true}})));
    const auto told = ru->until("told");
    REQUIRE(told);
    CHECK(told->at("text") == "Every team was ready: turn 1 was played.");
    const auto st1 = ru->until("state");
    REQUIRE(st1);
    CHECK(st1->at("game").at("turn") == 1);
    CHECK(json::serialize(st1->at("happened")).find("Russia and Ukraine open talks") != std::string::npos);
    // injects and a forced end of turn from the facilitator
    CHECK(ok(fac->ask({{"type", "inject"}, {"inject", {{"ai", "russia"}}}})));
    CHECK(ok(fac->ask({{"type", "inject"}, {"inject", {{"set", {{"param", "calm"}, {"value", 0.3}}}}}})));
    CHECK(err(fac->ask({{"type", "inject"}, {"inject", {{"set", {{"param", "no_such"}, {"value", 0.3}}}}}})).find("no_such") != std::string::npos);
    CHECK(ok(fac->ask({{"type", "end_turn"}})));
    CHECK(nk->until("told"));
    const std::string afterTwo = readFile(save);
    CHECK(afterTwo.find("turn: 2") != std::string::npos);
    CHECK(afterTwo.find("ai: russia") != std::string::npos);
    CHECK(afterTwo.find("calm: 0.3") != std::string::npos);
    // undo one turn: the file follows
    CHECK(ok(fac->ask({{"type", "undo"}, {"turns", 1}})));
    CHECK(readFile(save).find("ai: russia") != std::string::npos);  // the inject is pending again
    CHECK(readFile(save).find("\nturn: 1\n") != std::string::npos);
    CHECK(p.stop() == 0);
}

TEST_CASE("server: a seat cannot read, send for or undo for another seat, nor act as the facilitator", "[server]") {
    const std::string dir = tempDir("server-sec");
    const std::string save = dir + "/game.yaml";
    ServeProcess p("scenarios/summit-2024.yaml --seats russia,north_korea --save " + save);
    auto ru = join(p.port(), p.token("Russia"));
    auto nk = join(p.port(), p.token("North Korea"));
    CHECK(ok(nk->ask({{"type", "order"}, {"action", "talks"}, {"target", "south_korea"}})));
    const std::string before = readFile(save);
    // acting for another seat: there is no field to name it, and adding one is refused
    const auto forNk = ru->ask({{"type", "order"}, {"action", "talks"}, {"target", "ukraine"}, {"actor", "north_korea"}});
    CHECK(forNk.at("type") == "error");
    CHECK(err(forNk).find("actor") != std::string::npos);
    CHECK(ru->ask({{"type", "withdraw"}, {"action", "talks"}, {"target", "south_korea"}}).at("type") == "error");
    // the facilitator's requests
    for (const char* t : {"end_turn", "save"}) CHECK(err(ru->ask({{"type", t}})) == "only the facilitator may do that");
    CHECK(err(ru->ask({{"type", "undo"}, {"turns", 1}})) == "only the facilitator may do that");
    CHECK(err(ru->ask({{"type", "pause"}, {"paused", true}})) == "only the facilitator may do that");
    CHECK(err(ru->ask({{"type", "reveal"}, {"reveal", true}})) == "only the facilitator may do that");
    CHECK(err(ru->ask({{"type", "inject"}, {"inject", {{"ai", "north_korea"}}}})) == "only the facilitator may do that");
    CHECK(err(ru->ask({{"type", "what_next"}, {"runs", 10}})) == "only the facilitator may do that");
    // a second hello cannot change who it is
    CHECK(ru->ask({{"type", "hello"}, {"token", p.token("Facilitator")}}).at("type") == "error");
    CHECK(err(ru->ask({{"type", "end_turn"}})) == "only the facilitator may do that");
    // bad messages: an error each, nothing changed
    ru->send("not json");
    CHECK(ru->until("error"));
    ru->send(R"({"type":"order","action":7})");
    CHECK(ru->until("error"));
    ru->send(R"([1,2,3])");
    CHECK(ru->until("error"));
    ru->send(std::string(20000, 'x'));
    CHECK(ru->until("error"));
    CHECK(readFile(save) == before);
    // Russia's whole stream never held North Korea's pending order
    while (ru->receive(std::chrono::milliseconds(200))) {
    }
    CHECK(joined(*ru).find("south_korea\"") == std::string::npos);
    // a wrong token is refused and the connection closed
    WsClient bad(p.port());
    bad.send(json::object{{"type", "hello"}, {"token", std::string(32, '0')}});
    const auto refused = bad.until("error");
    REQUIRE(refused);
    CHECK(bad.receive(std::chrono::milliseconds(2000)) == std::nullopt);
    CHECK(bad.closed());
    // a message over 64 KiB closes the connection; the game is as it was
    WsClient big(p.port());
    big.send(json::object{{"type", "hello"}, {"token", p.token("Russia")}});
    REQUIRE(big.until("welcome"));
    big.send(std::string(100 * 1024, ' '));
    for (int i = 0; i < 50 && !big.closed(); ++i) big.receive(std::chrono::milliseconds(100));
    CHECK(big.closed());
    CHECK(readFile(save) == before);
    CHECK(p.stop() == 0);
}

TEST_CASE("server: a countdown ends the turn and the computer plays a team without orders", "[server]") {
    const std::string dir = tempDir("server-deadline");
    const std::string save = dir + "/game.yaml";
    ServeProcess p("scenarios/summit-2024.yaml --seats russia,north_korea --deadline 0.03 --save " + save);  // 1.8 s
    auto ru = join(p.port(), p.token("Russia"));
    auto nk = join(p.port(), p.token("North Korea"));
    CHECK(ok(ru->ask({{"type", "order"}, {"action", "talks"}, {"target", "ukraine"}})));
    const auto told = nk->until("told", std::chrono::milliseconds(15000));
    REQUIRE(told);
    CHECK(nk->until("state"));  // saved before the new state goes out
    CHECK(told->at("text") == "The time was up: turn 1 was played; the computer played North Korea, who had given no orders.");
    CHECK(readFile(save).find("- ai: north_korea") != std::string::npos);
    CHECK(p.stop() == 0);
}

TEST_CASE("server: -v logs connections, requests and turns, and never a token", "[server]") {
    const std::string dir = tempDir("server-log");
    ServeProcess p("scenarios/summit-2024.yaml --seats russia,north_korea --seed 5 -v --save " + dir + "/game.yaml");
    CHECK(httpGet(p.port(), "/app.js").status == 200);
    // a join address typed without its '#': its token is never logged
    CHECK(httpGet(p.port(), "/t=" + p.token("North Korea")).status == 404);
    auto ru = join(p.port(), p.token("Russia"));
    CHECK(ok(ru->ask({{"type", "order"}, {"action", "talks"}, {"target", "ukraine"}})));
    CHECK(!ok(ru->ask({{"type", "order"}, {"action", "no_such_action"}})));
    CHECK(!ok(ru->ask({{"type", "x\nbrink: info: forged\x1b[2J"}})));
    auto fac = join(p.port(), p.token("Facilitator"));
    CHECK(ok(fac->ask({{"type", "end_turn"}})));
    {
        WsClient stranger(p.port());
        stranger.send(json::object{{"type", "hello"}, {"token", "00000000000000000000000000000000"}});
        CHECK(stranger.until("error"));
    }
    ru.reset();
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    CHECK(p.stop() == 0);
    const std::string log = p.output().substr(p.banner().size());
    INFO(log);
    CHECK(log.find("127.0.0.1 GET /app.js 200") != std::string::npos);
    CHECK(log.find("127.0.0.1 GET (a path it does not have) 404") != std::string::npos);
    // what a client sends cannot forge a line of the log or drive the terminal
    CHECK(log.find("unknown message type 'x\\x0abrink: info: forged\\x1b[2J'") != std::string::npos);
    CHECK(log.find("\nbrink: info: forged") == std::string::npos);
    CHECK(log.find('\x1b') == std::string::npos);
    CHECK(log.find("joined as Russia") != std::string::npos);
    CHECK(log.find("Russia (client") != std::string::npos);
    CHECK(log.find(": order: done") != std::string::npos);
    CHECK(log.find(": order: refused: no action 'no_such_action'") != std::string::npos);
    CHECK(log.find("joined as the facilitator") != std::string::npos);
    CHECK(log.find("turn 1: ") != std::string::npos);
    CHECK(log.find("hello: refused: this join address is not valid") != std::string::npos);
    CHECK(log.find(" left") != std::string::npos);
    for (const auto& [who, token] : p.tokens()) {
        INFO(who);
        CHECK(log.find(token) == std::string::npos);
    }
}

TEST_CASE("server: without -v, nothing is logged per request", "[server]") {
    const std::string dir = tempDir("server-quiet");
    ServeProcess p("scenarios/summit-2024.yaml --seats russia --seed 5 --save " + dir + "/game.yaml");
    CHECK(httpGet(p.port(), "/app.js").status == 200);
    auto ru = join(p.port(), p.token("Russia"));
    CHECK(ok(ru->ask({{"type", "order"}, {"action", "talks"}, {"target", "ukraine"}})));
    ru.reset();
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    CHECK(p.stop() == 0);
    const std::string log = p.output().substr(p.banner().size());
    CHECK(log.find("GET") == std::string::npos);
    CHECK(log.find("joined") == std::string::npos);
}

TEST_CASE("server: a second server of the same game is refused; the resume hint names the port in use", "[server]") {
    const std::string dir = tempDir("server-twice");
    const std::string save = dir + "/lesson.yaml";
    ServeProcess p("scenarios/summit-2024.yaml --seats russia --qr --save " + save);
    // --port 0 took a free port: the command that resumes names it, and keeps --qr
    CHECK(p.banner().find("'brink serve " + save + " --port " + std::to_string(p.port()) + " --qr' resumes with the same addresses") != std::string::npos);
    // the facilitator's address is not drawn as a code: only the teams'
    CHECK(p.banner().find("\nRussia:\n") != std::string::npos);
    CHECK(p.banner().find("\nFacilitator:\n") == std::string::npos);
    const std::string before = readFile(save);
    try {
        ServeProcess second(save);
        FAIL("a second server of " << save << " started:\n" << second.banner());
    } catch (const std::runtime_error& e) {
        const std::string said = e.what();
        INFO(said);
        CHECK(said.find("brink serve: error: " + save + " is being served already by another brink serve on this computer; expected one server for a game; "
                        "hint: open the addresses it printed, or stop it (Ctrl+C in its terminal) and start this again") != std::string::npos);
    }
    CHECK(readFile(save) == before);
    // killed, it holds nothing: the game starts again at once
    const unsigned short port = p.port();
    p.kill();
    ServeProcess resumed(save, std::chrono::seconds(60), port);
    CHECK(resumed.token("Russia") == p.token("Russia"));
    CHECK(resumed.stop() == 0);
}
