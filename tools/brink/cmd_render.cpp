// brink render: plays a scenario to a turn and draws its map to a PNG, offscreen.
#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <regex>
#include <unistd.h>

#include "brink/scenario/lint.hpp"
#include "brink/scenario/loader.hpp"
#include "brink/sim/sim.hpp"
#include "cli.hpp"
#include "commands.hpp"

#if BRINK_HAVE_RENDER
#include "brink/render/assets.hpp"
#include "brink/render/map_renderer.hpp"
#include "brink/render/map_window.hpp"
#endif

namespace po = boost::program_options;

namespace brink::cli {

#if !BRINK_HAVE_RENDER

int renderCommand(const std::vector<std::string>&) {
    std::cerr << "brink render: error: this build of brink has no map (it was built with BRINK_BUILD_RENDER=OFF); "
                 "hint: rebuild with -DBRINK_BUILD_RENDER=ON, which needs SFML 2.5 (Debian's libsfml-dev)\n";
    return kFailure;
}

#else

namespace {

/// WxH, each side from 200 to 8192 pixels.


/// Runs this same command again under xvfb-run, for a machine with no display. Returns
/// only when that cannot be done.
int underXvfb(const std::vector<std::string>& args) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (ec || std::getenv("BRINK_UNDER_XVFB")) return kFailure;
    setenv("BRINK_UNDER_XVFB", "1", 1);
    // -a finds a free display from -n upwards; starting from the process id keeps renders
    // made at the same moment from racing for the same display. -noreset: a server that
    // resets when a client leaves drops any client connecting meanwhile.
    std::vector<std::string> argv{"xvfb-run", "-a", "-n", std::to_string(100 + ::getpid() % 800), "-s",
                                  "-screen 0 1280x1024x24 -noreset", exe.string(), "render"};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> cargv;
    for (auto& a : argv) cargv.push_back(a.data());
    cargv.push_back(nullptr);
    execvp("xvfb-run", cargv.data());
    return kFailure;  // no xvfb-run
}

}  // namespace

int renderCommand(const std::vector<std::string>& args) {
    po::options_description desc(
        "brink render [SCENARIO] [options]\n\nPlays SCENARIO (default: the shipped summit-2024) to a turn and draws its map "
        "to a PNG:\ncountries by bloc, flows of arms and technology, tension between rivals, postures, the\nescalation "
        "ladder. Drawn offscreen; where there is no display it runs itself under xvfb-run.\n\nOptions");
    addCommon(desc, "log what is loaded and drawn (logs at info)", "print only errors");
    addLimits(desc);
    desc.add_options()                                                                                      //
        ("turn", po::value<std::int64_t>(), "the turn to draw (default: 0, the starting state)")             //
        ("seed", po::value<std::string>(), "random seed, 0 to 2^64-1 (default: scenario.seed, else 1)")     //
        ("out", po::value<std::string>(), "the PNG file to write (default: <scenario id>-turn<N>.png)")      //
        ("size", po::value<std::string>()->default_value("1920x1080"), "image size WxH, each side 200 to 8192")  //
        ("map", po::value<std::string>(), "country shapes, a world-atlas TopoJSON file (default: scenarios/maps/countries-50m.json)")  //
        ("window", po::bool_switch(), "open a window instead: drag or arrows to pan, wheel or +/- to zoom, N or space "
                                      "for the next turn, Home to reset, S to save the PNG, Esc to close")  //
        ("scenario", po::value<std::string>(), "scenario file");
    po::positional_options_description pos;
    pos.add("scenario", 1);
    po::variables_map vm;
    if (const int rc = parse("render", args, desc, pos, vm); rc != kOk) return rc;
    if (vm.count("help")) {
        std::cout << desc << '\n';
        return kOk;
    }
    const Common c = common(vm);
    int width = 0, height = 0;
    const std::string size = vm["size"].as<std::string>();
    if (!parseSize(size, width, height)) {
        return usageError("render", "--size " + size + " is not an image size", "WxH with each side from 200 to 8192",
                          "for a projector, 1920x1080");
    }
    LoadOptions opt;
    if (!limits("render", vm, opt)) return kBadInput;
    std::int64_t turn = 0;
    if (vm.count("turn")) {
        turn = vm["turn"].as<std::int64_t>();
        if (turn < 0 || turn > opt.limits.maxTurns) {
            return usageError("render", "--turn " + std::to_string(turn) + " is out of range",
                              "a turn number from 0 to " + std::to_string(opt.limits.maxTurns));
        }
    }
    RunSetup setup;
    const std::string path = vm.count("scenario") ? vm["scenario"].as<std::string>() : defaultScenario();
    std::optional<std::uint64_t> seed;
    if (vm.count("seed")) {
        std::uint64_t s = 0;
        if (!parseSeed(vm["seed"].as<std::string>(), s)) {
            return usageError("render", "--seed " + vm["seed"].as<std::string>() + " is not a seed",
                              "a whole number from 0 to 18446744073709551615");
        }
        seed = s;
    }
    const bool window = vm["window"].as<bool>();
    std::string out;
    if (vm.count("out")) {
        out = vm["out"].as<std::string>();
        const std::filesystem::path op(out);
        if (op.extension() != ".png") {
            return usageError("render", "--out " + out + " does not name a PNG file", "a file name ending in .png");
        }
        std::error_code ec;
        if (std::filesystem::is_directory(op, ec)) return usageError("render", "--out " + out + " is a folder", "a file name ending in .png");
        if (!op.parent_path().empty() && !std::filesystem::is_directory(op.parent_path(), ec)) {
            return usageError("render", "--out " + out + ": no folder '" + op.parent_path().string() + "'",
                              "a file in an existing folder");
        }
    }
    const bool mapGiven = vm.count("map") > 0;
    const std::string mapFile = mapGiven ? vm["map"].as<std::string>() : render::findMapFile(render::kDefaultMapFile);

    Diagnostics diag(path);
    std::shared_ptr<Scenario> sc = loadScenarioFile(path, diag, opt);
    if (!sc) return reportDiagnostics(diag);
    spdlog::get("brink")->info("loaded {}: {} actors, {} relations, {} turns", path, sc->actors.size(), sc->relations.size(), sc->turns);
    setup.key.seed = seed ? *seed : (sc->hasSeed ? sc->seed : 1);
    setup.reseed = seed.has_value();
    setup.turns = std::max<std::int64_t>(turn, sc->turns);
    if (out.empty()) out = sc->id + "-turn" + std::to_string(turn) + ".png";

    // everything that needs a display comes after every check of the input
    if (!std::getenv("DISPLAY") || std::string(std::getenv("DISPLAY")).empty()) {
        if (window) {
            // a window on a display nobody sees would wait for ever
            std::cerr << "brink render: error: --window needs a display to open on; hint: set DISPLAY (a desktop session, "
                         "or ssh -X), or leave out --window to draw a PNG\n";
            return kFailure;
        }
        underXvfb(args);
        std::cerr << "brink render: error: no X display to draw with; hint: set DISPLAY, or install xvfb (tools/setup.sh "
                     "does) so that brink can run itself under xvfb-run\n";
        return kFailure;
    }
    // what brink validate warns about (an actor the map cannot place, ...); here, not before
    // the display check, which may run this command again under xvfb-run to say it once
    printWarnings(*sc, c);
    std::string error;
    auto renderer = render::MapRenderer::create(mapFile, error);
    if (!renderer) {
        std::cerr << error << '\n';
        return mapGiven ? kBadInput : kFailure;
    }

    render::MapRecorder recorder;
    std::optional<Simulation> sim;
    try {
        sim.emplace(sc, setup);
        sim->setObserver(&recorder);
        sim->begin();
        while (sim->world().turn < turn && sim->step()) {
        }
    } catch (const RunError& e) {
        Diagnostic d{path, e.loc, e.what(), {}, e.hint};
        std::cerr << format(d) << '\n';
        return kBadInput;
    }
    if (sim->world().turn < turn && c.verbosity >= 0) {
        std::cout << "The run ended at turn " << sim->world().turn << " (outcome "
                  << sc->outcomes[static_cast<std::size_t>(sim->outcome())] << "): drawing that turn.\n";
    }
    if (window) return render::runMapWindow(*renderer, *sim, recorder, setup.key.seed, out, width, height);

    spdlog::get("brink")->info("drawing turn {} at {}x{} from {}", sim->world().turn, width, height, mapFile);
    const render::SceneInput in{sc.get(), &sim->world(), &recorder.history(), setup.key.seed, sim->horizon()};
    auto img = renderer->image(in, width, height, error);
    if (!img) {
        std::cerr << "brink render: error: " << error << '\n';
        return kFailure;
    }
    if (!render::savePngAtomically(*img, out, error)) {
        std::cerr << "brink render: error: " << error << '\n';
        return kFailure;
    }
    if (c.verbosity >= 0) {
        std::cout << "Wrote " << out << " (" << width << "x" << height << ", turn " << sim->world().turn << ", "
                  << formatDate(sc->start + sim->world().day) << ")\n";
    }
    return kOk;
}

#endif

}  // namespace brink::cli
