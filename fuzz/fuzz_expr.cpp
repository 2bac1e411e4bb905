// libFuzzer target: any bytes as an expression, compiled against a small scenario in the
// scope and type its first byte chooses, and evaluated with every actor bound when it
// compiles.
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "brink/scenario/loader.hpp"
#include "brink/sim/sim.hpp"

using namespace brink;

namespace {
const char* kBase = R"yaml(brink: 1
scenario: {id: fuzz, start: 2024-01-01, turn_days: 7, turns: 3}
params: {k: 2.5, z: 0}
assets: {shells: {value: 1}, know: {kind: tech, domain: missile, value: 2}}
postures: {alert: {level: 2, credibility: 0.8}}
ladder: [{id: calm}, {id: crisis}, {id: war, ends: war}]
actors:
  rus: {name: Russia, bloc: east, nuclear: true, posture: alert, stock: {shells: 100}, tech: {missile: 0.9}}
  prk: {name: North Korea, bloc: east, stock: {shells: 300}}
  usa: {name: United States, bloc: west}
relations:
  - {between: [rus, prk], stance: alliance, tension: 0.1, treaties: [csp]}
  - {between: [rus, usa], stance: rivalry, tension: 0.6, rung: crisis}
transfers:
  - {id: f, from: prk, to: rus, asset: shells, amount: 10, every: 7}
events: {e: {chance: 0.5}}
metrics: {m: "stock(rus, shells)"}
)yaml";

struct Fixture {
    std::shared_ptr<Scenario> sc;
    std::unique_ptr<Simulation> sim;
    Fixture() {
        Diagnostics d("base.yaml");
        sc = loadScenarioText(kBase, "base.yaml", d);
        if (!sc) std::abort();
        sim = std::make_unique<Simulation>(sc, RunSetup{});
        sim->begin();
        sim->step();
    }
};
}  // namespace

// The first byte chooses the scope (which of self, target and other are bound: its low
// three bits) and the type wanted (bit 3: a condition, else an amount); the rest is the
// expression.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static Fixture fx;
    if (size == 0) return 0;
    const unsigned mode = data[0];
    const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
    Scenario& sc = *fx.sc;
    const std::size_t codeMark = sc.code.size(), progMark = sc.programs.size();
    const ValueType want = (mode & 8) != 0 ? ValueType::Bool : ValueType::Num;
    Diagnostics d("fuzz");
    ExprCompiler c(sc, d);
    const ExprScope es{(mode & 1) != 0, (mode & 2) != 0, (mode & 4) != 0};
    const ProgramId p = c.compile(text, {{1, 1}, true}, es, want, want == ValueType::Num);
    if (p == kNone) {
        if (d.ok()) std::abort();  // refused without saying why
    } else {
        for (ActorId x = 0; x < 3; ++x) {
            Bindings b{x, static_cast<ActorId>((x + 1) % 3), x, static_cast<ActorId>((x + 2) % 3)};
            try {
                (void)evaluate(sc, fx.sim->world(), p, b);
            } catch (const EvalError&) {
            }
        }
    }
    // forget what this input compiled, so the fixture stays the same size
    sc.code.resize(codeMark);
    sc.programs.resize(progMark);
    return 0;
}
