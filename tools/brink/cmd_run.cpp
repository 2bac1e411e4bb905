// brink run: one replication, told as a dated story on stdout, with the contract's
// files written (all or none) to --out.
#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <iostream>
#include <limits>

#include "brink/scenario/loader.hpp"
#include "brink/output/narrative.hpp"
#include "brink/base/numfmt.hpp"
#include "brink/output/outputs.hpp"
#include "brink/sim/sim.hpp"
#include "brink/base/version.hpp"
#include "cli.hpp"
#include "commands.hpp"
#include "story.hpp"

namespace po = boost::program_options;

namespace brink::cli {

namespace {

}  // namespace

int runCommand(const std::vector<std::string>& args) {
    po::options_description desc(
        "brink run [SCENARIO] [options]\n\nPlays one replication of SCENARIO (default: the shipped summit-2024) and "
        "tells it turn by turn.\nWith --out DIR, also writes metrics.csv, events.jsonl, final.yaml and summary.json "
        "(all or none).\n\nOptions");
    addCommon(desc, "tell more (refused orders, every shipment; logs at info)", "print only the outcome and errors");
    addLimits(desc);
    desc.add_options()                                                                            //
        ("seed", po::value<std::string>(), "random seed, 0 to 2^64-1 (default: scenario.seed, else 1)")  //
        ("turns", po::value<std::int64_t>(), "last turn to play (default: scenario.turns)")      //
        ("set", po::value<std::vector<std::string>>()->composing(), "override a parameter: --set name=value (repeatable)")  //
        ("out", po::value<std::string>(), "folder for the output files")                         //
        ("scenario", po::value<std::string>(), "scenario file");
    po::positional_options_description pos;
    pos.add("scenario", 1);
    po::variables_map vm;
    if (const int rc = parse("run", args, desc, pos, vm); rc != kOk) return rc;
    if (vm.count("help")) {
        std::cout << desc << '\n';
        return kOk;
    }
    const Common c = common(vm);
    const std::string path = vm.count("scenario") ? vm["scenario"].as<std::string>() : defaultScenario();

    LoadOptions opt;
    if (!limits("run", vm, opt)) return kBadInput;
    Diagnostics diag(path);
    std::shared_ptr<Scenario> sc = loadScenarioFile(path, diag, opt);
    if (!sc) return reportDiagnostics(diag);
    Diagnostics setDiag("--set");
    if (vm.count("set") && !applySets(*sc, vm["set"].as<std::vector<std::string>>(), setDiag)) {
        for (const auto& d : setDiag.items()) usageError("run", d.what, d.expected, d.hint);
        return kBadInput;
    }
    printWarnings(*sc, c);
    RunSetup setup;
    setup.key.seed = sc->hasSeed ? sc->seed : 1;
    if (vm.count("seed") && !parseSeed(vm["seed"].as<std::string>(), setup.key.seed)) {
        return usageError("run", "--seed " + vm["seed"].as<std::string>() + " is not a seed",
                          "a whole number from 0 to 18446744073709551615");
    }
    setup.reseed = vm.count("seed") > 0;
    if (vm.count("turns")) {
        const std::int64_t t = vm["turns"].as<std::int64_t>();
        if (t < 0 || t > opt.limits.maxTurns) {
            return usageError("run", "--turns " + std::to_string(t) + " is out of range",
                              "a turn number from 0 to " + std::to_string(opt.limits.maxTurns),
                              t < 0 ? "" : "raise the limit with --max-turns if the run is genuine");
        }
        setup.turns = t;
    }
    std::string out;
    if (vm.count("out")) {
        out = vm["out"].as<std::string>();
        std::error_code ec;
        if (std::filesystem::exists(out, ec) && !std::filesystem::is_directory(out, ec)) {
            return usageError("run", "--out " + out + " exists and is not a folder", "a folder (created if missing)");
        }
    }
    // an output folder that cannot be written is found before the run, not after it
    bool createdOut = false;
    if (!out.empty()) {
        try {
            createdOut = prepareOutputFolder(out);
        } catch (const std::runtime_error& e) {
            return failure("run", e.what());
        }
    }
    spdlog::get("brink")->info("loaded {}: {} actors, {} relations, {} turns", path, sc->actors.size(), sc->relations.size(), sc->turns);

    Narrator narrator(*sc, std::cout, c.verbosity > 0 ? Detail::Everything : Detail::Headlines, c.verbosity < 0);
    RunRecorder recorder(*sc);
    // the files' recorder only with --out: it asks for the whys, which cost a little
    Fanout fan(out.empty() ? std::vector<Observer*>{&narrator} : std::vector<Observer*>{&narrator, &recorder});
    std::optional<Simulation> sim;
    std::vector<double> objectives;
    std::vector<std::pair<std::string, std::string>> files;
    try {
        // everything that evaluates scenario expressions happens in here: drawing the
        // uncertain params, the turns, the objectives and the output files
        sim.emplace(sc, setup);
        sim->setObserver(&fan);
        if (c.verbosity >= 0) printHeader(*sc, setup.key.seed, sim->world(), sim->horizon(), std::cout);
        sim->run();
        objectives = sim->objectives();
        if (!out.empty()) {
            files = {{"metrics.csv", recorder.metricsCsv()},
                     {"events.jsonl", recorder.eventsJsonl()},
                     {"final.yaml", finalYaml(*sim)},
                     {"summary.json", summaryJson(*sim)}};
        }
    } catch (const RunError& e) {
        std::cout.flush();
        Diagnostic d{path, e.loc, e.what(), {}, e.hint};
        std::cerr << format(d) << '\n';
        std::error_code ec;
        if (createdOut) std::filesystem::remove(out, ec);  // only if still empty: nothing is written
        return kBadInput;
    }
    printFooter(*sim, objectives, std::cout);
    if (!out.empty()) {
        try {
            writeFilesAtomically(out, files);
        } catch (const std::runtime_error& e) {
            return failure("run", std::string(e.what()) + "; nothing was written; hint: free some space, then run the same command again (the same seed gives the same run)");
        }
        if (c.verbosity >= 0) std::cout << "Wrote metrics.csv, events.jsonl, final.yaml and summary.json to " << out << "\n";
    } else if (c.verbosity >= 0) {
        std::cout << "(Add --out DIR to keep metrics.csv, events.jsonl, final.yaml and summary.json.)\n";
    }
    return kOk;
}

}  // namespace brink::cli
