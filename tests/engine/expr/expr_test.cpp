#include <catch2/catch.hpp>

#include <functional>
#include <pthread.h>

#include "brink/sim/sim.hpp"
#include "support.hpp"

using namespace brink;
using namespace brink::test;

namespace {
const std::string kBody = R"Y(params:
  k: 2.5
assets:
  shells: {value: 1}
  missile_tech: {kind: tech, domain: missile}
postures:
  restraint: {level: 0, credibility: 0.4}
  alert: {level: 2, credibility: 0.8}
ladder:
  - {id: calm}
  - {id: crisis}
  - {id: war, ends: war}
actors:
  rus: {name: Russia, bloc: east, nuclear: true, posture: alert, resolve: 0.75, stock: {shells: 100}, tech: {missile: 0.9}}
  prk: {name: North Korea, bloc: east, stock: {shells: 300}, tech: {missile: 0.3}}
  usa: {name: United States, bloc: west, posture: restraint, stock: {shells: 50}}
relations:
  - {between: [rus, prk], stance: alliance, tension: 0.1, treaties: [csp]}
  - {between: [rus, usa], stance: rivalry, tension: 0.6, rung: crisis}
)Y";

double eval(const std::string& expr) {
    auto sc = load(head() + kBody + "metrics:\n  m: \"" + expr + "\"\n");
    Simulation sim(sc, {});
    sim.begin();
    return sim.world().metrics[0];
}

std::string error(const std::string& expr) { return errors(head() + kBody + "metrics:\n  m: \"" + expr + "\"\n"); }
}  // namespace

TEST_CASE("arithmetic, comparison and logic follow the usual precedence", "[expr]") {
    CHECK(eval("1 + 2 * 3") == 7);
    CHECK(eval("(1 + 2) * 3") == 9);
    CHECK(eval("-2 * -3") == 6);
    CHECK(eval("10 / 4") == 2.5);
    CHECK(eval("1 < 2 and 2 < 3") == 1);
    CHECK(eval("1 > 2 or not (3 == 3)") == 0);
    CHECK(eval("if(2 > 1, 10, 20)") == 10);
    CHECK(eval("min(3, 1, 2) + max(4, 9) + abs(-1) + clamp(5, 0, 2)") == 1 + 9 + 1 + 2);
    CHECK(eval("params.k * 2") == 5);
    CHECK(eval("turn + day") == 0);
}

TEST_CASE("world functions read the state", "[expr]") {
    CHECK(eval("stock(prk, shells)") == 300);
    CHECK(eval("tech(rus, missile)") == 0.9);
    CHECK(eval("tension(usa, rus)") == 0.6);
    CHECK(eval("tension(prk, usa)") == 0);
    CHECK(eval("if(stance(rus, prk) == 'alliance', 1, 0)") == 1);
    CHECK(eval("if(stance(prk, usa) == 'neutral', 1, 0)") == 1);
    CHECK(eval("rung(rus, usa)") == 1);
    CHECK(eval("if(posture(rus) == 'alert', posture_level(rus), -1)") == 2);
    CHECK(eval("if(posture(prk) == 'neutral', 1, 0)") == 1);
    CHECK(eval("resolve(rus)") == 0.75);
    CHECK(eval("stability(rus)") == 1);
    CHECK(eval("power(prk)") == 300);
    CHECK(eval("if(bloc(prk) == bloc(rus), 1, 0)") == 1);
    CHECK(eval("if(allied(prk, rus) and not allied(rus, usa), 1, 0)") == 1);
    CHECK(eval("if(treaty(prk, rus, csp), 1, 0)") == 1);
    CHECK(eval("if(nuclear(rus) and not nuclear(prk), 1, 0)") == 1);
    CHECK(eval("escalation_score(rus)") == 0);
    CHECK(eval("peak_rung(rus, usa) + peak_rung()") == 2);
}

TEST_CASE("deterrence is the credible share of capability against the challenger", "[expr]") {
    // usa deterred by rus and its ally prk: E = 0.8*0.75*100 + 0.5*0.5*300 = 60 + 75
    const double e = 0.8 * 0.75 * 100 + 0.5 * 0.5 * 300;
    CHECK(eval("deterrence(usa, rus)") == Approx(e / (e + 50)).epsilon(1e-12));
    // rus deterred by usa alone: E = 0.4 * 0.5 * 50
    CHECK(eval("deterrence(rus, usa)") == Approx(10.0 / (10 + 100)).epsilon(1e-12));
    CHECK(eval("deterrence(rus, rus)") == 0);
}

TEST_CASE("a mistake in an expression is reported at its column", "[expr]") {
    // the metric line is "  m: \"...\"": the expression starts at column 7
    const int line = 27;
    const std::string at = "t.yaml:" + std::to_string(line) + ":";
    CHECK(error("stock(prk, shels)") == at + "18: error: unknown asset 'shels'; expected an asset id; hint: did you mean 'shells'?\n");
    CHECK(error("stok(prk, shells)") == at + "7: error: unknown function 'stok'; expected one of the built-in functions; hint: did you mean 'stock'?\n");
    CHECK(error("tension(prk)") == at + "7: error: tension takes 2 arguments but was given 1; expected tension(a, b)\n");
    CHECK(error("1 +") == at + "10: error: expression ends too early; expected a value (number, name or '(')\n");
    CHECK(error("(1 + 2") == at + "13: error: missing ')'; expected ')' to close the '(' at column 7\n");
    CHECK(error("1 = 2") == at + "9: error: '=' is not an operator; expected '==' to compare; hint: write a == b\n");
    CHECK(error("1 && 2") == at + "9: error: '&' is not an operator; expected 'and' or 'or'; hint: write x and y\n");
    CHECK(error("stance(rus, prk) == 'aliance'") == at + "27: error: unknown stance 'aliance'; expected a stance name; hint: did you mean 'alliance'?\n");
    CHECK(error("posture(rus) == 'alrt'") == at + "23: error: unknown posture 'alrt'; expected a posture name; hint: did you mean 'alert'?\n");
    CHECK(error("self") == at + "7: error: 'self' is not defined here; expected names this field can use; hint: self is bound in actions, policies, objectives and production\n");
    CHECK(error("params.kk") == at + "7: error: unknown parameter 'kk'; expected a name declared under params or uncertain; hint: did you mean 'k'?\n");
    CHECK(error("stock(rus, shells) + 'x'") == at + "28: error: the right side of '+' is a name in quotes; expected a number\n");
    CHECK(error("1 < 2 < 3") == at + "13: error: comparisons cannot be chained; expected one comparison; hint: write 'lo < x and x < hi'\n");
    CHECK(error("stock(pkr, shells)") == at + "13: error: unknown actor 'pkr'; expected an actor id; hint: did you mean 'prk'?\n");
    CHECK(error("1 / 0") == at + "9: error: division by zero; expected a non-zero divisor\n");
    CHECK(error("1e999") == at + "7: error: number 1e999 is out of range; expected a finite number (about ±1.8e308 at most)\n");
    CHECK(error("stock(rus, missile_tech)") == at + "18: error: asset 'missile_tech' is a technology, not a stock; expected a stock asset; hint: use tech(actor, missile)\n");
    CHECK(error("rus == 'rus'") == at + "11: error: cannot compare an actor with a name in quotes; expected two values of the same kind; hint: actor ids are written without quotes\n");
}

TEST_CASE("conditions must be conditions and numbers numbers", "[expr]") {
    const std::string body = head() + kBody;
    CHECK(errors(body + "end:\n  - {when: \"stock(rus, shells)\", outcome: x}\n") ==
          "t.yaml:27:13: error: expression gives a number; expected a condition (true or false); hint: compare it, e.g. '... > 0'\n");
    // metrics accept conditions (recorded as 1 or 0)
    CHECK(eval("stock(rus, shells) > 10") == 1);
}

TEST_CASE("constant parts are folded at load", "[expr]") {
    auto sc = load(head() + kBody + "metrics:\n  m: \"2 * (3 + 4) - min(1, 2)\"\n");
    const Program& p = sc->program(sc->metrics[0].expr);
    CHECK(p.isConst);
    CHECK(p.constValue == 13);
}

TEST_CASE("nesting is limited by what the author nests, not by precedence levels", "[expr]") {
    CHECK(eval("((((((((((1))))))))))") == 1);
    CHECK(eval("max(0, min(1, max(0, min(1, max(0, min(1, turn + 1))))))") == 1);
    std::string deep(60, '(');
    deep += "1" + std::string(60, ')');
    CHECK(error(deep).find("nested deeper than 48 levels") != std::string::npos);
}

TEST_CASE("bloc names are known whatever the order of actors", "[expr]") {
    auto sc = load(head() + R"Y(assets: {arms: {}}
actors:
  x: {name: X, production: {arms: "if(bloc(self) == 'west', 1, 0)"}}
  y: {name: Y, bloc: west}
metrics:
  none: "if(bloc(x) == '', 1, 0)"
)Y");
    CHECK(sc->blocs == std::vector<std::string>{"west"});
    CHECK(errors(head() + "actors:\n  x: {name: X, bloc: west}\nmetrics:\n  m: \"bloc(x) == 'wset'\"\n") ==
          "t.yaml:10:18: error: unknown bloc 'wset'; expected a bloc name; hint: did you mean 'west'?\n");
}

namespace {
/// Runs `f` on a thread with a stack of `bytes`, as a check that it does not recurse deeply.
void onSmallStack(std::size_t bytes, const std::function<void()>& f) {
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, bytes);
    pthread_t th;
    auto body = [](void* p) -> void* {
        (*static_cast<const std::function<void()>*>(p))();
        return nullptr;
    };
    REQUIRE(pthread_create(&th, &attr, body, const_cast<std::function<void()>*>(&f)) == 0);
    pthread_join(th, nullptr);
    pthread_attr_destroy(&attr);
}
}  // namespace

TEST_CASE("long flat chains compile without recursing once per term", "[expr]") {
    // Flat chains do not count toward the nesting limit (docs/scenario-format.md), so an
    // expression of 4,096 characters may hold a thousand terms: compiling it must not take
    // a stack frame per term (found by fuzz_expr, which overflowed the stack).
    // each at most 4,096 characters with what wraps it
    std::string sum = "day", all = "day > 0", any = "day > 0";
    while (sum.size() + 4 <= 4096) sum += (sum.size() % 8 == 3 ? "-day" : "+day");
    while (all.size() + 12 + 10 <= 4096) all += " and day > 0";
    while (any.size() + 11 + 10 <= 4096) any += " or day > 0";
    double total = -1, both = -1, either = -1;
    std::string failure;
    onSmallStack(512 * 1024, [&] {
        try {  // a Catch assertion must not leave the thread
            total = eval(sum);
            both = eval("if(" + all + ", 1, 0)");
            either = eval("if(" + any + ", 1, 0)");
        } catch (const std::exception& e) {
            failure = e.what();
        } catch (...) {
            failure = "a failed check";
        }
    });
    INFO(failure);
    CHECK(failure.empty());
    CHECK(total == 0);  // day is 0 at the start
    CHECK(both == 0);
    CHECK(either == 0);
}
