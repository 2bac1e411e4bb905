#include <catch2/catch.hpp>

#include "brink/scenario/loader.hpp"
#include "brink/sim/sim.hpp"
#include "support.hpp"

using namespace brink;
using namespace brink::test;

TEST_CASE("a minimal scenario loads with documented defaults", "[loader]") {
    auto sc = load(head(12) + "actors:\n  a: {name: A}\n  b: {name: B}\n");
    CHECK(sc->id == "t");
    CHECK(sc->title == "t");
    CHECK(sc->turns == 12);
    CHECK(sc->turnDays == 7);
    CHECK(formatDate(sc->start) == "2024-06-19");
    REQUIRE(sc->actors.size() == 2);
    CHECK(sc->actors[0].resolve == 0.5);
    CHECK(sc->actors[0].stability == 1.0);
    CHECK(sc->postures[static_cast<std::size_t>(sc->actors[0].posture)].id == "neutral");
    CHECK(sc->postures[static_cast<std::size_t>(sc->neutralPosture)].credibility == 0.5);
    CHECK_FALSE(sc->hasLadder);
    CHECK(sc->outcomes == std::vector<std::string>{"horizon"});
}

TEST_CASE("every error in a file is reported, in file order", "[loader]") {
    const std::string e = errors(head() +
                                 "actors:\n"
                                 "  a: {name: A, resolve: 2}\n"
                                 "  b: {name: B, stok: {}}\n"
                                 "relations:\n"
                                 "  - {between: [a, c], stance: rivalry}\n");
    CHECK(e ==
          "t.yaml:8:25: error: actors.a.resolve 2 is out of range; expected a number from 0 to 1\n"
          "t.yaml:9:16: error: unknown key 'stok' in actors.b; expected one of name, map, capital, bloc, nuclear, posture, "
          "resolve, stability, stock, tech, production, consumption; hint: did you mean 'stock'?\n"
          "t.yaml:11:19: error: unknown actor 'c' in relation between; expected an actor id; hint: known: a, b\n");
}

TEST_CASE("--set overrides params and pins uncertain ones", "[loader]") {
    auto sc = load(head() + "params:\n  p: 1\nuncertain:\n  q: {uniform: [0, 1]}\nactors:\n  a: {name: A}\n");
    Diagnostics d("--set");
    REQUIRE(applySets(*sc, {"p=3", "q=0.25"}, d));
    CHECK(sc->params[static_cast<std::size_t>(sc->paramIndex("p"))] == 3);
    CHECK(sc->params[static_cast<std::size_t>(sc->paramIndex("q"))] == 0.25);
    // still drawn (the stream stays the same), but the set value stands
    REQUIRE(sc->uncertain.size() == 1);
    CHECK(sc->uncertain[0].pinned);
    const World w = makeWorld(sc, {});
    CHECK(w.params[static_cast<std::size_t>(sc->paramIndex("q"))] == 0.25);
    const World drawn = makeWorld(load(head() + "params:\n  p: 1\nuncertain:\n  q: {uniform: [0, 1]}\nactors:\n  a: {name: A}\n"), {});
    CHECK(w.rng == drawn.rng);
    Diagnostics bad("--set");
    CHECK_FALSE(applySets(*sc, {"pp=1", "p=x", "p"}, bad));
    REQUIRE(bad.items().size() == 3);
    CHECK(bad.items()[0].what == "--set names unknown parameter 'pp'");
    CHECK(bad.items()[0].hint == "did you mean 'p'?");
    CHECK(bad.items()[1].what == "--set p=x: value is not a finite number");
    CHECK(bad.items()[2].what == "--set p has no '='");
}

TEST_CASE("transfers, actions, events and policies resolve their references", "[loader]") {
    auto sc = load(head() + R"Y(assets:
  shells: {}
actors:
  a: {name: A, stock: {shells: 10}}
  b: {name: B}
transfers:
  - {id: f, from: a, to: b, asset: shells, amount: 1, every: 7, transit: 14}
actions:
  give:
    target: "target != self"
    cost: {shells: 1}
    effects:
      - transfer: {from: self, to: target, asset: shells, amount: 2}
events:
  e1: {chance: 0.5, headline: "{a} shells delivered: {delivered(f)}"}
policies:
  a:
    - {do: give, target: b, why: to help}
)Y");
    REQUIRE(sc->transfers.size() == 2);
    CHECK(sc->transfers[1].id == "give_transfer1");
    CHECK_FALSE(sc->transfers[1].scheduled);
    CHECK(sc->transfers[0].start == 7);  // default: the first turn's day
    REQUIRE(sc->policies[0].size() == 1);
    CHECK(sc->policies[0][0].why == "to help");
    CHECK(sc->events[0].headline.parts.size() == 3);
}

TEST_CASE("rungs may be given by index and technology by a tech asset's id", "[loader]") {
    auto sc = load(head() + R"Y(assets:
  know_how: {kind: tech, domain: missile}
ladder: [{id: calm}, {id: crisis}, {id: war, ends: war}]
actors:
  a: {name: A, tech: {know_how: 0.4}}
  b: {name: B, tech: {missile: 0.7}}
relations:
  - {between: [a, b], rung: 1}
metrics:
  t: tech(a, know_how)
)Y");
    CHECK(sc->relations[0].rung == 1);
    CHECK(sc->actors[0].tech[0] == 0.4);
    CHECK(sc->actors[1].tech[0] == 0.7);
    CHECK(errors(head() + "ladder: [{id: calm}]\nactors:\n  a: {name: A}\n  b: {name: B}\nrelations:\n  - {between: [a, b], rung: 3}\n") ==
          "t.yaml:12:29: error: rung 3 in relation a-b is out of range; expected a rung id or an index from 0 to 0\n");
}

TEST_CASE("a transfer effect reused through an alias keeps one record per owner", "[loader]") {
    auto sc = load(head(3) + R"Y(assets: {arms: {}}
actors: {x: {name: X, stock: {arms: 10}}, y: {name: Y}}
events:
  e1: {effects: [&t {transfer: {from: x, to: y, asset: arms, amount: 1}}]}
  e2: {effects: [*t, *t]}
metrics: {one: sent(e1_transfer1), two: sent(e2_transfer1) + sent(e2_transfer2)}
)Y");
    Simulation sim(sc, {});
    sim.run();
    CHECK(sim.world().metrics[0] == 3);
    CHECK(sim.world().metrics[1] == 6);
}

TEST_CASE("blocs: colours are checked, and the section's blocs come first", "[loader]") {
    auto sc = load(head() + "blocs:\n  west: {colour: \"#427ABD\"}\nactors:\n  a: {name: A, bloc: east}\n  b: {name: B, bloc: west}\n");
    REQUIRE(sc->blocs.size() == 2);
    CHECK(sc->blocs[0] == "west");
    CHECK(sc->blocInfo.size() == 2);
    CHECK(sc->blocInfo[0].hasColour);
    CHECK(sc->blocInfo[0].b == 0xBD);
    CHECK_FALSE(sc->blocInfo[1].hasColour);
    CHECK(errors(head() + "blocs:\n  west: {colour: blue}\nactors:\n  a: {name: A, bloc: west}\n") ==
          "t.yaml:8:18: error: blocs.west.colour 'blue' is not a colour; expected a quoted \"#RRGGBB\" such as \"#427ABD\"; "
          "hint: quote it: a bare # starts a YAML comment\n");
    CHECK(errors(head() + "blocs:\n  west: {color: \"#427ABD\"}\nactors:\n  a: {name: A, bloc: west}\n").find("did you mean 'colour'?") !=
          std::string::npos);
}

TEST_CASE("an objective is an expression, or a score with a text for the class", "[loader]") {
    auto sc = load(head() +
                   "actors:\n  a: {name: A}\n  b: {name: B}\n"
                   "objectives:\n"
                   "  a:\n"
                   "    calm: \"tension(self, b) < 0.5\"\n"
                   "    no_war: {score: \"peak_rung() < 3\", text: \"No war\"}\n");
    REQUIRE(sc->objectives.size() == 2);
    CHECK(sc->objectives[0].name == "calm");
    CHECK(sc->objectives[0].text.empty());
    CHECK(sc->objectives[1].name == "no_war");
    CHECK(sc->objectives[1].text == "No war");
    CHECK(sc->program(sc->objectives[1].expr).source == "peak_rung() < 3");
    const std::string e = errors(head() +
                                 "actors:\n  a: {name: A}\n"
                                 "objectives:\n"
                                 "  a:\n"
                                 "    no_war: {text: \"No war\"}\n"
                                 "    calm: {score: \"1\", txt: \"Calm\"}\n");
    CHECK(e.find("error: objectives.a.no_war has no 'score'") != std::string::npos);
    CHECK(e.find("error: unknown key 'txt' in objectives.a.calm; expected one of score, text; hint: did you mean 'text'?") != std::string::npos);
}
