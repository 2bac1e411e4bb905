// libFuzzer target: any bytes as a scenario file. Whatever loads is played for a few turns
// with its invariants checked; nothing may crash, leak or hit undefined behaviour.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "brink/sim/invariants.hpp"
#include "brink/scenario/loader.hpp"
#include "brink/sim/sim.hpp"

using namespace brink;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Diagnostics diag("fuzz.yaml");
    LoadOptions opt;
    opt.limits.maxActors = 64;  // keep each input cheap; the limits themselves are tested elsewhere
    opt.limits.maxTurns = 1000;
    auto sc = loadScenarioText(std::string(reinterpret_cast<const char*>(data), size), "fuzz.yaml", diag, opt);
    if (!sc) {
        if (diag.ok()) std::abort();  // refused without saying why
        return 0;
    }
    RunSetup setup;
    setup.key.seed = size;
    setup.turns = 4;
    try {
        Simulation sim(sc, setup);
        sim.begin();
        while (sim.step()) {
        }
        if (!invariantViolations(sim.world()).empty()) std::abort();
    } catch (const RunError&) {
        // a scenario may fail at run time (a division by zero): that is reported, not a crash
    }
    return 0;
}
