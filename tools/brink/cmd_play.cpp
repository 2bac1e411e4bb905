// brink play: a game of a scenario, some actors played by people. Headless (--orders or
// --headless) it plays the orders and injects of a file and writes brink run's files plus
// the game file; with a display it opens the play window. Either way every order goes
// through the game session.
#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "brink/base/numfmt.hpp"
#include "brink/output/outputs.hpp"
#include "brink/scenario/loader.hpp"
#include "brink/session/session.hpp"
#include "cli.hpp"
#include "commands.hpp"
#include "game_open.hpp"
#include "story.hpp"
#ifdef BRINK_HAVE_PLAY_WINDOW
#include "brink/render/play_window.hpp"
#endif

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace brink::cli {

namespace {

/// The story of the game so far, as brink run tells a run.
void tell(const Session& s, const Common& c, std::ostream& out) {
    const Scenario& sc = s.scenario();
    printHeader(sc, s.seed(), s.worldAt(s.firstTurn()), s.horizon(), out);
    Narrator narrator(sc, out, c.verbosity > 0 ? Detail::Everything : Detail::Headlines, false);
    narrator.recorded(s.worldAt(s.firstTurn()));
    for (std::int64_t t = s.firstTurn() + 1; t <= s.turn(); ++t) {
        const World& w = s.worldAt(t);
        for (const Happening& h : s.happenings(t)) narrator.happened(w, h);
        narrator.recorded(w);
    }
}

}  // namespace

int playCommand(const std::vector<std::string>& args) {
    po::options_description desc(
        "brink play [SCENARIO|GAME] [options]\n\nA game of SCENARIO (default: the shipped summit-2024), or of a saved GAME "
        "file, with the actors of --as played by people.\nWith --orders FILE or --headless, no window opens: the seats "
        "play FILE's orders and injects, every other actor its policy,\nup to --turns; --out DIR then holds brink run's "
        "files and game.yaml. Without them, the play window opens.\n\nOptions");
    addCommon(desc, "tell more (refused orders, every shipment; logs at info)", "print only the outcome and errors");
    addLimits(desc);
    desc.add_options()                                                                                           //
        ("as", po::value<std::string>(), "the seats: actors played by people, A,B,... (a new game only)")       //
        ("seed", po::value<std::string>(), "random seed of a new game (default: scenario.seed, else 1)")       //
        ("orders", po::value<std::string>(), "an orders file: turns: [{turn, orders, injects}] for the seats")   //
        ("turns", po::value<std::int64_t>(), "play up to this turn (default: the scenario's last)")              //
        ("undo", po::value<int>(), "first go back this many turns of a saved game")                              //
        ("out", po::value<std::string>(), "folder for metrics.csv, events.jsonl, final.yaml, summary.json and game.yaml")  //
        ("save", po::value<std::string>(), "also write the game file here")                                     //
        ("headless", po::bool_switch(), "no window: play the turns and write the files")                       //
        ("facilitator", po::bool_switch(), "the window opens with the facilitator's controls")                  //
        ("size", po::value<std::string>()->default_value("1600x900"), "the window's size, WxH (1920x1080 for a projector)")  //
        ("script", po::value<std::string>(), "drive the window from a file of input events and screenshots (tests, demos)")  //
        ("scenario", po::value<std::string>(), "scenario or game file");
    po::positional_options_description pos;
    pos.add("scenario", 1);
    po::variables_map vm;
    if (const int rc = parse("play", args, desc, pos, vm); rc != kOk) return rc;
    if (vm.count("help")) {
        std::cout << desc << '\n';
        return kOk;
    }
    const Common c = common(vm);
    LoadOptions opt;
    if (!limits("play", vm, opt)) return kBadInput;
    const bool headless = vm["headless"].as<bool>() || vm.count("orders");

    // ---- every check of the input, before anything is written -----------------------------
    std::optional<std::int64_t> turns;
    if (vm.count("turns")) {
        turns = vm["turns"].as<std::int64_t>();
        if (*turns < 0 || *turns > opt.limits.maxTurns) {
            return usageError("play", "--turns " + std::to_string(*turns) + " is out of range", "a turn number from 0 to " + std::to_string(opt.limits.maxTurns));
        }
    }
    std::string out, save;
    if (vm.count("out")) {
        out = vm["out"].as<std::string>();
        std::error_code ec;
        if (fs::exists(out, ec) && !fs::is_directory(out, ec)) return usageError("play", "--out " + out + " exists and is not a folder", "a folder (created if missing)");
    }
    if (vm.count("save")) {
        save = vm["save"].as<std::string>();
        if (const int rc = checkSaveFile("play", save); rc != kOk) return rc;
    }
    OpenedGame game;
    if (const int rc = openGame("play", vm, opt, c, "as", game); rc != kOk) return rc;
    std::unique_ptr<Session>& session = game.session;
    const bool loadedGame = game.loadedGame;
    const std::string& path = game.path;
    try {
        if (vm.count("orders")) {
            const std::string of = vm["orders"].as<std::string>();
            Diagnostics od(of);
            std::string otext;
            if (!readText(of, otext, od, opt.yaml.maxBytes)) return reportDiagnostics(od);
            const auto orders = readGameFile(otext, of, od, true, opt.yaml);
            if (!orders || !session->queue(*orders, of, od)) return reportDiagnostics(od);
        }
        if (turns) session->setHorizon(std::max(*turns, session->turn()));
        if (vm.count("orders")) {
            // orders for turns the game will not reach are not an error (a longer --turns
            // would play them), but they must not go unnoticed
            for (const GameTurn& t : session->journal().turns) {
                if (t.turn <= session->horizon() || t.empty()) continue;
                const SourceLoc loc = !t.orders.empty() ? t.orders.front().loc : t.injects.front().loc;
                if (loc.line == 0) continue;  // from the game file itself
                Diagnostic d{vm["orders"].as<std::string>(), loc,
                             "turn " + std::to_string(t.turn) + " comes after the game's last turn (" + std::to_string(session->horizon()) + "): it will not be played",
                             {}, "--turns " + std::to_string(t.turn) + " plays on to it", Severity::Warning};
                std::cerr << format(d) << '\n';
            }
        }
    } catch (const RunError& e) {
        std::cerr << format(Diagnostic{path, e.loc, e.what(), {}, e.hint}) << '\n';
        return kBadInput;
    }

    if (!headless) {
#ifdef BRINK_HAVE_PLAY_WINDOW
        render::PlayWindowOptions w;
        if (!parseSize(vm["size"].as<std::string>(), w.width, w.height)) {
            return usageError("play", "--size " + vm["size"].as<std::string>() + " is not a window size", "WxH with each side from 200 to 8192");
        }
        if (vm.count("script")) w.scriptPath = vm["script"].as<std::string>();
        if (!std::getenv("DISPLAY") || std::string(std::getenv("DISPLAY")).empty()) {
            return failure("play", "the play window needs a display; hint: set DISPLAY (a desktop session), or play without a window: --headless or --orders FILE");
        }
        w.facilitator = vm["facilitator"].as<bool>();
        if (!out.empty()) {
            // the window writes --out's files when it closes: make sure it will be able to
            try {
                (void)prepareOutputFolder(out);
            } catch (const std::runtime_error& e) {
                return failure("play", e.what());
            }
        }
        // a game opened from its file saves back to it; --save or --out choose another place
        w.savePath = !save.empty() ? save : !out.empty() ? (fs::path(out) / "game.yaml").string() : loadedGame ? path : std::string();
        w.autosave = !w.savePath.empty();
        w.outDir = out;
        return render::runPlayWindow(*session, w);
#else
        return failure("play", "this build of brink has no play window; use --headless or --orders");
#endif
    }

    // ---- headless: play, tell, write --------------------------------------------------------
    bool createdOut = false;
    if (!out.empty()) {
        try {
            createdOut = prepareOutputFolder(out);
        } catch (const std::runtime_error& e) {
            return failure("play", e.what());
        }
    }
    std::vector<std::pair<std::string, std::string>> files;
    try {
        if (const Result r = session->playTo(turns ? *turns : session->horizon()); !r) return failure("play", r.error);
        if (!out.empty()) {
            files = session->runFiles();
            files.emplace_back("game.yaml", session->gameFileText());
        }
    } catch (const RunError& e) {
        std::cerr << format(Diagnostic{path, e.loc, e.what(), {}, e.hint}) << '\n';
        std::error_code ec;
        if (createdOut) fs::remove(out, ec);
        return kBadInput;
    }
    if (c.verbosity >= 0) tell(*session, c, std::cout);
    printFooter(session->simulation(), session->simulation().objectives(), std::cout);
    try {
        if (!out.empty()) writeFilesAtomically(out, files);
        if (!save.empty()) writeFileAtomically(save, session->gameFileText());
    } catch (const std::runtime_error& e) {
        return failure("play", std::string(e.what()) + "; nothing was written; hint: free some space, then run the same command again");
    }
    if (c.verbosity >= 0) {
        if (!out.empty()) std::cout << "Wrote metrics.csv, events.jsonl, final.yaml, summary.json and game.yaml to " << out << "\n";
        if (!save.empty()) std::cout << "Saved the game to " << save << " (brink play " << save << " goes on with it)\n";
        if (out.empty() && save.empty()) {
            std::cout << "(Add --out DIR to keep metrics.csv, events.jsonl, final.yaml, summary.json and game.yaml, or --save FILE for the game.)\n";
        }
    }
    return kOk;
}

}  // namespace brink::cli
