// The game session, headless: the same files as brink run, undo equals replay, saves that
// load to the same game, injects journaled and replayed, refused orders, the test before
// execute never disagreeing with resolution, and a seat's privacy.
#include <catch2/catch.hpp>

#include <atomic>
#include <fstream>
#include <sstream>

#include "brink/base/rng.hpp"
#include "brink/output/outputs.hpp"
#include "brink/session/session.hpp"
#include "brink/sim/orders.hpp"
#include "support.hpp"

using namespace brink;
using namespace brink::test;

namespace {

std::string summitText() { return readFile(source("scenarios/summit-2024.yaml")); }

std::unique_ptr<Session> game(const std::vector<std::string>& seats, std::uint64_t seed = 1) {
    Diagnostics d("summit-2024.yaml");
    auto s = Session::start(summitText(), "summit-2024.yaml", seed, seats, d);
    INFO(d.str());
    REQUIRE(s);
    return s;
}

ActorId actor(const Session& s, const char* id) { return s.scenario().actorIndex(id); }
ActionId action(const Session& s, const char* id) { return s.scenario().actionIds.find(id); }

void order(Session& s, const char* who, const char* what, const char* target = nullptr) {
    const Result r = s.apply(OrderCmd{actor(s, who), action(s, what), target ? actor(s, target) : kNone});
    INFO(r.error);
    REQUIRE(r.ok);
}

void endTurn(Session& s) { REQUIRE(s.apply(EndTurnCmd{}).ok); }

/// brink run's four files for summit-2024 at a seed, made as cmd_run makes them.
std::vector<std::pair<std::string, std::string>> runFilesOf(std::uint64_t seed) {
    auto sc = loadFile("scenarios/summit-2024.yaml");
    RunSetup setup;
    setup.key.seed = seed;
    setup.reseed = true;
    Simulation sim(sc, setup);
    RunRecorder rec(*sc);
    sim.setObserver(&rec);
    sim.run();
    return {{"metrics.csv", rec.metricsCsv()}, {"events.jsonl", rec.eventsJsonl()}, {"final.yaml", finalYaml(sim)}, {"summary.json", summaryJson(sim)}};
}

}  // namespace

TEST_CASE("a game with no seats and no orders writes brink run's files, byte for byte", "[session]") {
    auto s = game({}, 7);
    REQUIRE(s->playTo(1000).ok);
    CHECK(s->finished());
    const auto mine = s->runFiles(), theirs = runFilesOf(7);
    REQUIRE(mine.size() == theirs.size());
    for (std::size_t i = 0; i < mine.size(); ++i) {
        INFO(mine[i].first);
        CHECK(mine[i].second == theirs[i].second);
    }
}

TEST_CASE("a saved game loads to the same game, and goes on as one played in one go", "[session]") {
    auto whole = game({"russia", "ukraine"}, 3);
    auto half = game({"russia", "ukraine"}, 3);
    for (auto* s : {whole.get(), half.get()}) {
        order(*s, "russia", "nuclear_signal");
        order(*s, "ukraine", "talks", "russia");
        endTurn(*s);
        endTurn(*s);
        order(*s, "russia", "threaten_to_arm_adversaries");
        endTurn(*s);
    }
    const std::string saved = half->gameFileText();
    Diagnostics d("game.yaml");
    auto loaded = Session::open(saved, "game.yaml", d);
    INFO(d.str());
    REQUIRE(loaded);
    CHECK(loaded->turn() == 3);
    CHECK(loaded->world().hash() == half->world().hash());
    CHECK(loaded->gameFileText() == saved);
    for (auto* s : {whole.get(), loaded.get()}) {
        order(*s, "ukraine", "talks", "russia");
        endTurn(*s);
        REQUIRE(s->playTo(20).ok);
    }
    CHECK(loaded->world().hash() == whole->world().hash());
    const auto a = loaded->runFiles(), b = whole->runFiles();
    for (std::size_t i = 0; i < a.size(); ++i) CHECK(a[i].second == b[i].second);
}

TEST_CASE("undo equals a replay of the journal without the undone turns", "[session]") {
    auto s = game({"russia"}, 5);
    auto three = game({"russia"}, 5);
    for (auto* g : {s.get(), three.get()}) {
        order(*g, "russia", "nuclear_signal");
        endTurn(*g);
        endTurn(*g);
        order(*g, "russia", "stand_down");
        endTurn(*g);
    }
    order(*s, "russia", "threaten_to_arm_adversaries");
    endTurn(*s);
    endTurn(*s);
    const std::uint64_t atFive = s->world().hash();
    REQUIRE(s->apply(UndoCmd{2, false}).ok);
    CHECK(s->turn() == 3);
    CHECK(s->world().hash() == three->world().hash());
    CHECK(s->gameFileText() == three->gameFileText());
    // past turns are there to look at, and the same as when they were played
    CHECK(s->worldAt(2).hash() == three->worldAt(2).hash());
    CHECK(s->worldAt(0).turn == 0);
    // undo keeping the orders, then playing again, gives the same game
    REQUIRE(s->apply(UndoCmd{1, true}).ok);
    REQUIRE(s->apply(EndTurnCmd{}).ok);
    CHECK(s->world().hash() == three->world().hash());
    CHECK_FALSE(s->apply(UndoCmd{9, true}).ok);  // more turns than were played
    (void)atFive;
}

TEST_CASE("an order the rules refuse is recorded with its reason, not an error", "[session]") {
    auto s = game({"ukraine"});
    // Ukraine may not strike deep before the United States allows it
    order(*s, "ukraine", "deep_strike", "russia");
    const auto opts = s->options(actor(*s, "ukraine"));
    const auto it = std::find_if(opts.begin(), opts.end(), [&](const OrderOption& o) { return o.action == action(*s, "deep_strike"); });
    REQUIRE(it != opts.end());
    CHECK_FALSE(it->allowed);
    CHECK(it->pending);
    CHECK(it->reason.find("its 'by' condition does not hold") == 0);
    endTurn(*s);
    bool refused = false;
    for (const Happening& h : s->happenings(1)) {
        if (h.kind == HappeningKind::Refused && h.actor == actor(*s, "ukraine")) {
            refused = true;
            CHECK(h.text == it->reason);
        }
    }
    CHECK(refused);
}

TEST_CASE("bad commands change nothing and say why", "[session]") {
    auto s = game({"russia"});
    const std::string before = s->gameFileText();
    CHECK(s->apply(OrderCmd{actor(*s, "ukraine"), action(*s, "talks"), actor(*s, "russia")}).error ==
          "Ukraine is not a seat of this game: its policy plays it");
    CHECK_FALSE(s->apply(OrderCmd{actor(*s, "russia"), action(*s, "talks"), kNone}).ok);  // talks needs a target
    CHECK_FALSE(s->apply(OrderCmd{actor(*s, "russia"), action(*s, "nuclear_signal"), actor(*s, "ukraine")}).ok);  // takes none
    order(*s, "russia", "nuclear_signal");
    CHECK(s->apply(OrderCmd{actor(*s, "russia"), action(*s, "nuclear_signal"), kNone}).error == "this order is already given for this turn");
    CHECK(s->apply(WithdrawCmd{actor(*s, "russia"), action(*s, "nuclear_signal"), kNone}).ok);
    CHECK(s->gameFileText() == before);
    REQUIRE(s->apply(PauseCmd{true}).ok);
    CHECK(s->apply(EndTurnCmd{}).error == "the game is paused");
    REQUIRE(s->apply(PauseCmd{false}).ok);
    CHECK(s->apply(EndTurnCmd{}).ok);
}

TEST_CASE("injects are journaled, replayed, and saved", "[session]") {
    auto s = game({"russia"}, 2);
    GameInject ev;
    ev.kind = GameInject::Kind::Event;
    ev.id = "kursk_offensive";
    GameInject fx;
    fx.kind = GameInject::Kind::Effects;
    fx.effects = "- tension: {between: [russia, united_states], delta: 0.2}\n";
    fx.headline = "The facilitator: a US spy plane is shot down over the Black Sea.";
    GameInject set;
    set.kind = GameInject::Kind::Set;
    set.id = "climb";
    set.value = 0.09;
    const DyadId ru = s->scenario().dyad(actor(*s, "russia"), actor(*s, "united_states"));
    const double tensionBefore = s->world().tension[static_cast<std::size_t>(ru)];
    for (const auto& in : {ev, fx, set}) REQUIRE(s->apply(InjectCmd{in}).ok);
    CHECK(s->pendingInjects().size() == 3);
    endTurn(*s);
    const World& w = s->world();
    CHECK(w.fired[static_cast<std::size_t>(s->scenario().eventIds.find("kursk_offensive"))] == 1);
    CHECK(w.params[static_cast<std::size_t>(s->scenario().paramIndex("climb"))] == 0.09);
    CHECK(w.tension[static_cast<std::size_t>(ru)] > tensionBefore + 0.15);
    // every inject is told, first thing in the turn
    int told = 0;
    for (const Happening& h : s->happenings(1)) told += h.kind == HappeningKind::Inject ? 1 : 0;
    CHECK(told == 3);
    // the computer plays Russia for a turn
    GameInject ai;
    ai.kind = GameInject::Kind::Ai;
    ai.id = "russia";
    REQUIRE(s->apply(InjectCmd{ai}).ok);
    CHECK_FALSE(s->apply(OrderCmd{actor(*s, "russia"), action(*s, "nuclear_signal"), kNone}).ok);
    endTurn(*s);
    // the file holds them, and loads to the same game
    const std::string text = s->gameFileText();
    CHECK(text.find("event: kursk_offensive") != std::string::npos);
    CHECK(text.find("headline: \"The facilitator: a US spy plane is shot down over the Black Sea.\"") != std::string::npos);
    CHECK(text.find("climb: 0.09") != std::string::npos);
    CHECK(text.find("ai: russia") != std::string::npos);
    Diagnostics d("g.yaml");
    auto again = Session::open(text, "g.yaml", d);
    INFO(d.str());
    REQUIRE(again);
    CHECK(again->world().hash() == s->world().hash());
}

TEST_CASE("a seat the computer plays every turn plays as if no one sat there: the same dice", "[session]") {
    auto seated = game({"russia", "north_korea"}, 11);
    auto free = game({}, 11);
    for (int t = 0; t < 30; ++t) {
        for (const char* who : {"russia", "north_korea"}) {
            GameInject ai;
            ai.kind = GameInject::Kind::Ai;
            ai.id = who;
            REQUIRE(seated->apply(InjectCmd{ai}).ok);
        }
        endTurn(*seated);
        endTurn(*free);
        INFO("turn " << t + 1);
        REQUIRE(seated->world().hash() == free->world().hash());
    }
}

TEST_CASE("the orders a seat is shown as possible are exactly those resolution carries out", "[session][property]") {
    // Random seats give random orders, some of which cannot be paid or do not meet their
    // conditions; what options() and checkPending() said beforehand must be what happened.
    Rng rng({20261203, 0, 0});
    int checked = 0, allowed = 0, refused = 0;
    for (int g = 0; g < 12; ++g) {
        auto s = game({"russia", "ukraine", "north_korea", "united_states"}, 100 + g);
        for (int t = 0; t < 40 && !s->finished(); ++t) {
            for (ActorId seat : s->seats()) {
                const auto opts = s->options(seat);
                for (const OrderOption& o : opts) {
                    if (o.pending || rng.uniform() > 0.25) continue;
                    if (o.target == kNone && s->scenario().actions[static_cast<std::size_t>(o.action)].hasTarget) continue;
                    REQUIRE(s->apply(OrderCmd{seat, o.action, o.target}).ok);
                }
            }
            // what the session says of each pending order now
            std::vector<std::tuple<ActorId, ActionId, ActorId, bool>> said;
            for (ActorId seat : s->seats()) {
                const auto mine = s->pending(seat);
                for (std::size_t i = 0; i < mine.size(); ++i) {
                    const OrderOption o = s->checkPending(seat, i);
                    said.emplace_back(seat, o.action, o.target, o.allowed);
                }
                // options() marks each pending one and agrees with checkPending on the last
                if (!mine.empty()) {
                    const auto opts = s->options(seat);
                    const auto& last = mine.back();
                    const auto it = std::find_if(opts.begin(), opts.end(),
                                                 [&](const OrderOption& o) { return o.action == last.action && o.target == last.target; });
                    REQUIRE(it != opts.end());
                    CHECK(it->pending);
                }
            }
            const std::int64_t turn = s->turn() + 1;
            REQUIRE(s->apply(EndTurnCmd{}).ok);
            for (const auto& [seat, act, tgt, ok] : said) {
                bool given = false, wasRefused = false;
                for (const Happening& h : s->happenings(turn)) {
                    if (h.actor != seat || h.ref != act || h.target != tgt) continue;
                    given = given || h.kind == HappeningKind::Order;
                    wasRefused = wasRefused || h.kind == HappeningKind::Refused;
                }
                INFO("game " << g << " turn " << turn << " " << s->scenario().actors[static_cast<std::size_t>(seat)].id << " "
                             << s->scenario().actions[static_cast<std::size_t>(act)].id);
                CHECK(given == ok);
                CHECK(wasRefused == !ok);
                ++checked;
                (ok ? allowed : refused)++;
            }
        }
    }
    INFO(checked << " orders: " << allowed << " carried out, " << refused << " refused");
    CHECK(allowed > 50);
    CHECK(refused > 20);
}

TEST_CASE("a seat sees public happenings and only its own secrets", "[session]") {
    auto s = game({"russia", "united_states"}, 4);
    order(*s, "russia", "threaten_to_arm_adversaries");  // public
    REQUIRE(s->playTo(12).ok);
    const ActorId ru = actor(*s, "russia"), us = actor(*s, "united_states");
    int secretsRu = 0, hiddenFromUs = 0;
    for (std::int64_t t = 1; t <= s->turn(); ++t) {
        const auto all = s->happenings(t), forUs = s->visibleTo(t, us);
        for (const Happening& h : all) {
            if (!h.secret) {
                CHECK(Session::visible(h, us));
                continue;
            }
            if (h.actor == ru) ++secretsRu;
            if (!Session::visible(h, us)) ++hiddenFromUs;
            // an unseen shipment is seen by its sender and receiver only
            if (h.kind == HappeningKind::Shipment) {
                CHECK(Session::visible(h, h.actor));
                CHECK(Session::visible(h, h.target));
            }
        }
        CHECK(forUs.size() <= all.size());
    }
    CHECK(secretsRu > 0);     // Russia's quiet know-how to North Korea
    CHECK(hiddenFromUs > 0);  // which Washington does not see
}

TEST_CASE("what next: continuations from now, the same runs as a batch from the game's turn", "[session]") {
    auto s = game({"russia"}, 9);
    order(*s, "russia", "nuclear_signal");
    REQUIRE(s->playTo(10).ok);
    std::atomic<bool> cancel{false};
    std::uint64_t heard = 0;
    const Continuations c = s->whatNext(400, 2, [&](std::uint64_t n) { heard = n; }, cancel);
    CHECK(c.runs == 400);
    CHECK(heard == 400);
    CHECK_FALSE(c.cancelled);
    CHECK(c.fromTurn == 10);
    std::uint64_t total = 0;
    for (const auto& o : c.outcomes) {
        total += o.count;
        CHECK(o.ci.lo <= o.p);
        CHECK(o.p <= o.ci.hi);
    }
    CHECK(total == 400);
    // the same on one thread: threads never change a continuation
    const Continuations one = s->whatNext(400, 1, {}, cancel);
    for (std::size_t i = 0; i < c.outcomes.size(); ++i) CHECK(one.outcomes[i].count == c.outcomes[i].count);
    // cancelled before it starts: nothing run
    std::atomic<bool> stop{true};
    CHECK(s->whatNext(400, 2, {}, stop).cancelled);
}

TEST_CASE("an orders file's bad names are refused with their places", "[session]") {
    auto s = game({"russia"});
    const std::string text = "turns:\n  - turn: 1\n    orders:\n      - {actor: rusia, action: nuclear_signal}\n"
                             "      - {actor: ukraine, action: talks, target: russia}\n      - {actor: russia, action: nukes}\n"
                             "    injects:\n      - {event: nope}\n";
    Diagnostics d("orders.yaml");
    const auto file = readGameFile(text, "orders.yaml", d, true);
    REQUIRE(file);
    const std::string before = s->gameFileText();
    CHECK_FALSE(s->queue(*file, "orders.yaml", d));
    CHECK(d.str() ==
          "orders.yaml:4:9: error: unknown actor 'rusia' in an order; expected an actor id; hint: did you mean 'russia'?\n"
          "orders.yaml:5:9: error: actor 'ukraine' in an order is not a seat of this game; expected one of the seats: russia; "
          "hint: only actors played by people give orders; the others follow their policies\n"
          "orders.yaml:6:9: error: unknown action 'nukes' in an order; expected an action id; hint: known: deep_strike, "
          "permit_long_range, threaten_to_arm_adversaries, nuclear_signal, stand_down, send_troops, missile_test, joint_drill, "
          "sanctions, mediate, warn_against_nuclear_use, pressure_us_interests, ...\n"
          "orders.yaml:8:9: error: unknown event 'nope' in an inject; expected an event id; hint: known: summit, kursk_offensive, "
          "shipments_exposed, missile_overflight, satellite_launch, cyber_heist, coordinated_pressure, ceasefire\n");
    CHECK(s->gameFileText() == before);
}

TEST_CASE("an error in a game file's embedded scenario points at its line in the game file", "[session]") {
    auto s = game({});
    std::string text = s->gameFileText();
    const std::string bad = "    posture: readiness\n";
    const auto at = text.find("  russia:\n");
    REQUIRE(at != std::string::npos);
    const auto p = text.find(bad, at);
    REQUIRE(p != std::string::npos);
    text.replace(p, bad.size(), "    posture: readyness\n");
    std::size_t line = 1;
    for (std::size_t i = 0; i < p; ++i) line += text[i] == '\n';
    Diagnostics d("game.yaml");
    CHECK_FALSE(Session::open(text, "game.yaml", d));
    INFO(d.str());
    CHECK(d.str().find("game.yaml:" + std::to_string(line) + ":16: error: unknown posture 'readyness'") == 0);
}

TEST_CASE("orders given in any interleaving make the same game file: grouped by seat, in seat order", "[session]") {
    // a server takes orders from many seats as the network brings them; the journal must
    // not depend on that timing
    auto a = game({"russia", "ukraine"}, 5);
    auto b = game({"russia", "ukraine"}, 5);
    order(*a, "russia", "talks", "ukraine");
    order(*a, "ukraine", "talks", "russia");
    order(*a, "russia", "nuclear_signal");
    order(*b, "ukraine", "talks", "russia");
    order(*b, "russia", "talks", "ukraine");
    order(*b, "russia", "nuclear_signal");
    CHECK(a->gameFileText() == b->gameFileText());
    // within a seat, the order given is kept: it decides which of two costly orders is paid first
    const std::vector<OrderCmd> mine = b->pending(actor(*b, "russia"));
    REQUIRE(mine.size() == 2);
    CHECK(mine[0].action == action(*b, "talks"));
    CHECK(mine[1].action == action(*b, "nuclear_signal"));
    endTurn(*a);
    endTurn(*b);
    CHECK(a->world().hash() == b->world().hash());
}
