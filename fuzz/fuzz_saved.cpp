// libFuzzer target: any bytes as a saved run (a final.yaml). The seal is computed afresh
// first, as someone editing a saved run on purpose could, so that mutations reach the
// state section rather than stop at the seal ([outputs] tests that an edited file with its
// old seal is refused). A file that loads is played on, saved again and the save
// reloaded: it must load, whole. Anything else must be refused with a reason.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "brink/base/digest.hpp"
#include "brink/sim/invariants.hpp"
#include "brink/scenario/loader.hpp"
#include "brink/output/outputs.hpp"
#include "brink/sim/sim.hpp"

using namespace brink;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    LoadOptions opt;
    opt.limits.maxActors = 64;
    opt.limits.maxTurns = 1000;
    Diagnostics diag("final.yaml");
    auto sc = loadScenarioText(sealed(std::string(reinterpret_cast<const char*>(data), size)), "final.yaml", diag, opt);
    if (!sc) {
        if (diag.ok()) std::abort();
        return 0;
    }
    RunSetup setup;
    setup.key.seed = sc->seed;
    // three turns more, within the turn limit the save is reloaded under
    setup.turns = std::min<std::int64_t>((sc->saved.present ? sc->saved.turn : 0) + 3, opt.limits.maxTurns);
    try {
        Simulation sim(sc, setup);
        sim.run();
        if (!invariantViolations(sim.world()).empty()) std::abort();
        const std::string again = finalYaml(sim);
        Diagnostics d2("again.yaml");
        if (!loadScenarioText(again, "again.yaml", d2, opt)) std::abort();  // a save must always load
    } catch (const RunError&) {
    }
    return 0;
}
