// brink play headless: brink run's files byte for byte, a game saved and played on equal to
// one played in one go, orders files checked to the line, refused orders recorded, undo,
// and continuations of a game equal to a batch from its final.yaml.
#include <catch2/catch.hpp>

#include <atomic>
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>

#include "brink/session/session.hpp"
#include "support.hpp"

using namespace brink;
using namespace brink::test;
namespace fs = std::filesystem;

namespace {
const char* kRunFiles[] = {"metrics.csv", "events.jsonl", "final.yaml", "summary.json"};

void write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

const std::string kOrders =
    "turns:\n"
    "  - turn: 2\n"
    "    orders: [{actor: russia, action: nuclear_signal}]\n"
    "  - turn: 6\n"
    "    orders:\n"
    "      - {actor: ukraine, action: deep_strike, target: russia}\n"
    "      - {actor: ukraine, action: talks, target: russia}\n"
    "  - turn: 14\n"
    "    orders: [{actor: russia, action: threaten_to_arm_adversaries}]\n"
    "    injects:\n"
    "      - {event: kursk_offensive}\n"
    "      - {effects: [{tension: {between: [russia, united_states], delta: 0.1}}], headline: \"A US drone goes down.\"}\n"
    "  - turn: 15\n"
    "    injects: [{set: {climb: 0.08}}, {ai: ukraine}]\n";
}  // namespace

TEST_CASE("brink play with no seats and no orders writes brink run's files, byte for byte", "[play]") {
    const std::string dir = tempDir("play-run");
    REQUIRE(runBrink("play --headless --seed 5 -q --out " + dir + "/p").status == 0);
    REQUIRE(runBrink("run --seed 5 -q --out " + dir + "/r").status == 0);
    for (const char* f : kRunFiles) {
        INFO(f);
        CHECK(readFile(dir + "/p/" + f) == readFile(dir + "/r/" + f));
    }
    CHECK(readFile(dir + "/p/game.yaml").rfind("# A Brink game", 0) == 0);
    // the story told is brink run's too, but for the last line
    const Proc p = runBrink("play --headless --seed 5 scenarios/models/ladder-markov.yaml");
    const Proc r = runBrink("run --seed 5 scenarios/models/ladder-markov.yaml");
    CHECK(p.out.substr(0, p.out.rfind("\n(Add")) == r.out.substr(0, r.out.rfind("\n(Add")));
    fs::remove_all(dir);
}

TEST_CASE("a game played to 20 in one go equals one played to 10, saved, loaded and played on", "[play]") {
    const std::string dir = tempDir("play-save");
    write(dir + "/orders.yaml", kOrders);
    const std::string as = "play --as russia,ukraine --seed 8 --orders " + dir + "/orders.yaml -q ";
    REQUIRE(runBrink(as + "--turns 20 --out " + dir + "/whole").status == 0);
    REQUIRE(runBrink(as + "--turns 10 --save " + dir + "/half.yaml").status == 0);
    const Proc on = runBrink("play " + dir + "/half.yaml --headless --turns 20 -q --out " + dir + "/on");
    INFO(on.err);
    REQUIRE(on.status == 0);
    for (const char* f : {"metrics.csv", "events.jsonl", "final.yaml", "summary.json", "game.yaml"}) {
        INFO(f);
        CHECK(readFile(dir + "/whole/" + f) == readFile(dir + "/on/" + f));
    }
    // the injects are in the story and in events.jsonl
    const std::string events = readFile(dir + "/whole/events.jsonl");
    CHECK(events.find("\"type\":\"inject\"") != std::string::npos);
    CHECK(events.find("A US drone goes down.") != std::string::npos);
    // the deep strike Ukraine may not make yet is refused, with its reason, not an error
    CHECK(events.find("{\"turn\":6,\"day\":42,\"date\":\"2024-07-31\",\"type\":\"refused\",\"actor\":\"ukraine\",\"target\":\"russia\","
                      "\"action\":\"deep_strike\",\"public\":true,\"reason\":\"its 'by' condition does not hold") != std::string::npos);
    // --undo goes back: the game file says the turn, and the undone turns' orders are gone
    REQUIRE(runBrink("play " + dir + "/whole/game.yaml --undo 8 --headless --turns 12 -q --out " + dir + "/undone").status == 0);
    const std::string undone = readFile(dir + "/undone/game.yaml");
    CHECK(undone.find("\nturn: 12\n") != std::string::npos);
    CHECK(undone.find("turn: 14") == std::string::npos);
    REQUIRE(runBrink(as + "--turns 12 --out " + dir + "/twelve").status == 0);
    CHECK(readFile(dir + "/undone/metrics.csv") == readFile(dir + "/twelve/metrics.csv"));
    fs::remove_all(dir);
}

TEST_CASE("brink play refuses bad orders with their places and writes nothing", "[play]") {
    const std::string dir = tempDir("play-bad");
    write(dir + "/bad.yaml",
          "turns:\n  - turn: 1\n    orders:\n      - {actor: russia, action: talks, target: ukrain}\n"
          "      - {actor: china, action: talks, target: russia}\n      - {actor: russia, action: nuclear_signal, target: ukraine}\n");
    const Proc p = runBrink("play --as russia --orders " + dir + "/bad.yaml --out " + dir + "/out");
    CHECK(p.status == 2);
    CHECK(p.err == dir + "/bad.yaml:4:9: error: unknown actor 'ukrain' in an order's target; expected an actor id; hint: did you mean 'ukraine'?\n" +
                       dir + "/bad.yaml:5:9: error: actor 'china' in an order is not a seat of this game; expected one of the seats: russia; "
                             "hint: only actors played by people give orders; the others follow their policies\n" +
                       dir + "/bad.yaml:6:9: error: order russia nuclear_signal names a target, but the action takes none; expected no target; "
                             "hint: leave out target:\n");
    CHECK_FALSE(fs::exists(dir + "/out"));
    // a form error: an inject of two kinds
    write(dir + "/form.yaml", "turns:\n  - turn: 2\n    injects: [{event: summit, ai: russia}]\n");
    const Proc f = runBrink("play --as russia --orders " + dir + "/form.yaml --out " + dir + "/out");
    CHECK(f.status == 2);
    CHECK(f.err.find("form.yaml:3:15: error: an inject has more than one of event, effects, set and ai") != std::string::npos);
    // usage: an unknown seat, a seat twice, --undo on a scenario
    CHECK(runBrink("play --as russa --headless").err == "brink play: error: --as names unknown actor 'russa'; expected actor ids of the scenario; hint: did you mean 'russia'?\n");
    CHECK(runBrink("play --headless --undo 1").status == 2);
    CHECK_FALSE(fs::exists(dir + "/out"));
    fs::remove_all(dir);
}

TEST_CASE("continuations of a game: brink batch GAME, a batch from its final.yaml and what next agree", "[play]") {
    const std::string dir = tempDir("play-batch");
    write(dir + "/orders.yaml", kOrders);
    REQUIRE(runBrink("play --as russia,ukraine --orders " + dir + "/orders.yaml --turns 10 -q --out " + dir + "/g").status == 0);
    // the game was played to its last turn, 10 (--turns 10, kept in the file as last_turn):
    // its continuations go on to the scenario's 52 only when asked
    CHECK(readFile(dir + "/g/game.yaml").find("\nlast_turn: 10\n") != std::string::npos);
    REQUIRE(runBrink("batch " + dir + "/g/game.yaml --runs 300 --turns 52 -q --out " + dir + "/b1").status == 0);
    REQUIRE(runBrink("batch --from " + dir + "/g/final.yaml --runs 300 -q --out " + dir + "/b2").status == 0);
    CHECK(readFile(dir + "/b1/runs.csv") == readFile(dir + "/b2/runs.csv"));
    // what next in the session: the same outcome counts
    Diagnostics d("game.yaml");
    auto s = Session::open(readFile(dir + "/g/game.yaml"), "game.yaml", d);
    REQUIRE(s);
    CHECK(s->horizon() == 10);
    s->setHorizon(52);
    std::atomic<bool> cancel{false};
    const Continuations c = s->whatNext(300, 2, {}, cancel);
    const auto summary = boost::json::parse(readFile(dir + "/b1/summary.json")).as_object();
    for (const auto& o : c.outcomes) {
        INFO(o.outcome);
        CHECK(static_cast<std::uint64_t>(summary.at("outcomes").at(o.outcome).at("count").to_number<std::int64_t>()) == o.count);
    }
    // a game keeps its seats, seed and parameters
    CHECK(runBrink("batch " + dir + "/g/game.yaml --runs 10 --set climb=0.1").status == 2);
    // a game at its last turn: its continuations would play nothing
    const Proc still = runBrink("batch " + dir + "/g/game.yaml --runs 10");
    CHECK(still.status == 2);
    CHECK(still.err == "brink batch: error: the game is at turn 10, its last; expected continuations that play at least one turn; hint: --turns 52 plays on to turn 52\n");
    fs::remove_all(dir);
}

TEST_CASE("orders past the game's last turn are told, not silently kept; --undo 0 says what it needs", "[play]") {
    const std::string dir = tempDir("play-late");
    write(dir + "/o.yaml", "turns:\n  - turn: 60\n    orders:\n      - {actor: russia, action: nuclear_signal}\n");
    const Proc p = runBrink("play --as russia --orders " + dir + "/o.yaml --headless -q --turns 3 --save " + dir + "/g.yaml");
    CHECK(p.status == 0);
    CHECK(p.err == dir + "/o.yaml:4:9: warning: turn 60 comes after the game's last turn (3): it will not be played; hint: --turns 60 plays on to it\n");
    const Proc u = runBrink("play " + dir + "/g.yaml --undo 0 --headless");
    CHECK(u.status == 2);
    CHECK(u.err == "brink play: error: --undo 0 goes back no turn; expected a number of turns from 1 to 3; hint: brink play game.yaml --undo 1\n");
    fs::remove_all(dir);
}
