// brink batch: many replications, spread over threads (or MPI ranks), merged in
// replication order into DIR/results.sqlite, runs.csv and summary.json.
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>
#include <unistd.h>

#include "brink/batch/mpi.hpp"
#include "brink/batch/run.hpp"
#include "brink/batch/plan.hpp"
#include "brink/base/digest.hpp"
#include "brink/base/json.hpp"
#include "brink/scenario/loader.hpp"
#include "brink/session/session.hpp"
#include "brink/base/numfmt.hpp"
#include "brink/output/outputs.hpp"
#include "brink/stats/stats.hpp"
#include "brink/base/version.hpp"
#include "brink/native/native.hpp"
#include "cli.hpp"
#include "commands.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace brink::cli {

namespace {

std::atomic<bool> g_interrupted{false};
extern "C" void onInterrupt(int) { g_interrupted = true; }

/// Installs a SIGINT handler for its lifetime, then puts the previous one back.
struct SigintHandler {
    explicit SigintHandler(void (*h)(int)) : previous(std::signal(SIGINT, h)) {}
    ~SigintHandler() { std::signal(SIGINT, previous); }
    SigintHandler(const SigintHandler&) = delete;
    SigintHandler& operator=(const SigintHandler&) = delete;
    void (*previous)(int);
};

/// Progress on a terminal: runs done, rate, time left. Nothing when stderr is a file.
class Progress {
public:
    Progress(std::uint64_t total, std::uint64_t already, bool enabled)
        : m_total(total), m_start(already), m_enabled(enabled && ::isatty(2)) {}
    void update(std::uint64_t done, bool force = false) {
        if (!m_enabled) return;
        const auto now = std::chrono::steady_clock::now();
        if (!force && now - m_last < std::chrono::milliseconds(100)) return;
        m_last = now;
        const double secs = std::chrono::duration<double>(now - m_t0).count();
        const double rate = secs > 0 ? static_cast<double>(done - m_start) / secs : 0;
        const double frac = m_total ? static_cast<double>(done) / static_cast<double>(m_total) : 1;
        const int width = 30, filled = static_cast<int>(frac * width);
        std::string bar(static_cast<std::size_t>(filled), '#');
        bar.resize(width, '-');
        std::string left = "--:--";
        if (rate > 0) {
            const auto s = static_cast<long>(static_cast<double>(m_total - done) / rate);
            char b[32];
            std::snprintf(b, sizeof b, "%ld:%02ld", s / 60, s % 60);
            left = b;
        }
        std::fprintf(stderr, "\r[%s] %5.1f%%  %s/%s runs  %s runs/s  %s left ", bar.c_str(), 100 * frac,
                     formatHuman(static_cast<double>(done), 0).c_str(), formatHuman(static_cast<double>(m_total), 0).c_str(),
                     formatHuman(rate, 0).c_str(), left.c_str());
        std::fflush(stderr);
    }
    void finish() {
        if (m_enabled && !m_finished) std::fprintf(stderr, "\n");
        m_finished = true;
    }
    ~Progress() { finish(); }  // an error message starts on a line of its own

private:
    std::uint64_t m_total, m_start;
    bool m_enabled, m_finished = false;
    std::chrono::steady_clock::time_point m_t0 = std::chrono::steady_clock::now(), m_last{};
};

/// Parses --vary name=lo:hi (a range) or name=v1,v2,... (levels).
bool parseVary(const std::string& s, const Scenario& sc, ExperimentDef::Factor& f, std::string& why) {
    const auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0) {
        why = "--vary " + s + " has no '='; expected --vary name=lo:hi or --vary name=v1,v2,...";
        return false;
    }
    const std::string name = s.substr(0, eq), spec = s.substr(eq + 1);
    f.param = sc.paramIndex(name);
    if (f.param == kNone) {
        why = "--vary names unknown parameter '" + name + "'; expected a name under params or uncertain; hint: " +
              suggest(name, sc.paramNames);
        return false;
    }
    auto number = [&](const std::string& t, double& out) {
        if (parseNumber(t, out) == NumberError::None) return true;
        why = "--vary " + s + ": '" + t + "' is not a finite number";
        return false;
    };
    if (const auto colon = spec.find(':'); colon != std::string::npos) {
        f.isRange = true;
        if (!number(spec.substr(0, colon), f.lo) || !number(spec.substr(colon + 1), f.hi)) return false;
        if (f.lo > f.hi) {
            why = "--vary " + s + ": lo is above hi; expected name=lo:hi with lo <= hi";
            return false;
        }
        return true;
    }
    f.isRange = false;
    std::stringstream ss(spec);
    for (std::string t; std::getline(ss, t, ',');) {
        double v = 0;
        if (!number(t, v)) return false;
        f.levels.push_back(v);
    }
    if (f.levels.empty()) {
        why = "--vary " + s + " gives no values";
        return false;
    }
    return true;
}

}  // namespace

int batchCommand(const std::vector<std::string>& args) {
    po::options_description desc(
        "brink batch [SCENARIO] --runs N [options]\n\nRuns N replications (or N per design point) and writes DIR/results.sqlite, "
        "runs.csv and summary.json,\nthe same bytes for any --threads or number of MPI ranks (mpirun -n K brink batch ...).\n\nOptions");
    addCommon(desc, "log each step with its time (logs at info)", "print only the outcomes table and errors");
    desc.add_options()                                                                                    //
        ("runs", po::value<std::uint64_t>(), "replications (per design point with an experiment)")     //
        ("seed", po::value<std::string>(), "the batch's seed (default: scenario.seed, else 1)")        //
        ("threads", po::value<unsigned>(), "worker threads (default: all cores)")                       //
        ("out", po::value<std::string>(), "folder for results.sqlite, runs.csv, summary.json (default: none, print only)")  //
        ("resume", po::bool_switch(), "continue the batch stored in --out")                              //
        ("set", po::value<std::vector<std::string>>()->composing(), "override a parameter: --set name=value")  //
        ("from", po::value<std::string>(), "continue a saved run (a final.yaml): N futures from that state")  //
        ("turns", po::value<std::int64_t>(), "last turn to play (default: scenario.turns)")               //
        ("trace", po::bool_switch(), "also store every turn's metrics (table trace)")                    //
        ("until-ci", po::value<double>(), "stop once every outcome's 95% interval half-width is at most W")  //
        ("min-runs", po::value<std::uint64_t>()->default_value(100), "runs before --until-ci may stop")      //
        ("design", po::value<std::string>(), "experiment design: grid, lhs or sobol (overrides the scenario's)")  //
        ("points", po::value<std::int64_t>(), "design points (lhs), base rows (sobol) or levels per range (grid)")  //
        ("vary", po::value<std::vector<std::string>>()->composing(), "a factor: --vary name=lo:hi or name=v1,v2,...")  //
        ("chunk", po::value<std::uint64_t>(), "runs per chunk (default: chosen from the total)")       //
        ("backend", po::value<std::string>()->default_value("auto"),
         "interpreter, compiled (the scenario compiled to native code), or auto (compiled when a compiler is found and the "
         "batch repays the compile, or the scenario is compiled already); the files are the same to the byte")  //
        ("scenario", po::value<std::string>(), "scenario file");
    addLimits(desc);
    po::positional_options_description pos;
    pos.add("scenario", 1);
    po::variables_map vm;
    if (const int rc = parse("batch", args, desc, pos, vm); rc != kOk) return rc;
    if (vm.count("help")) {
        std::cout << desc << '\n';
        return kOk;
    }
    const Common c = common(vm);
    MpiSession mpi;  // initialises MPI only when launched by mpirun
    const bool root = mpi.rank() == 0;

    if (vm.count("scenario") && vm.count("from")) {
        return usageError("batch", "give the scenario or --from, not both", "brink batch SCENARIO or brink batch --from final.yaml");
    }
    const std::string path = vm.count("from") ? vm["from"].as<std::string>()
                             : vm.count("scenario") ? vm["scenario"].as<std::string>()
                                                    : defaultScenario();
    LoadOptions opt;
    if (!limits("batch", vm, opt)) return kBadInput;
    Diagnostics diag(path);
    // a game file: N continuations from the turn it reached, every seat played by its policy
    std::unique_ptr<Session> game;
    {
        std::ifstream probe(path, std::ios::binary);
        std::stringstream head;
        head << probe.rdbuf();
        if (probe && looksLikeGame(head.str())) {
            for (const char* flag : {"from", "set", "design", "vary", "points"}) {
                if (vm.count(flag)) {
                    return usageError("batch", std::string("--") + flag + " with a game file",
                                      "a game alone: its continuations start from the state it reached",
                                      "to vary parameters, run a batch of the scenario, or of the game's final.yaml with --set");
                }
            }
            game = Session::open(head.str(), path, diag, opt);
            if (!game) return root ? reportDiagnostics(diag) : kBadInput;
        }
    }
    std::shared_ptr<Scenario> sc = game ? std::make_shared<Scenario>(game->scenario()) : loadScenarioFile(path, diag, opt);
    if (!sc) return root ? reportDiagnostics(diag) : kBadInput;
    if (vm.count("from") && !sc->saved.present) {
        return usageError("batch", "--from " + path + " holds no saved state", "a final.yaml written by brink run --out",
                          "to run a scenario from its start, give it without --from");
    }
    std::vector<std::string> sets;
    if (vm.count("set")) sets = vm["set"].as<std::vector<std::string>>();
    Diagnostics setDiag("--set");
    if (!applySets(*sc, sets, setDiag)) {
        for (const auto& d : setDiag.items()) usageError("batch", d.what, d.expected, d.hint);
        return kBadInput;
    }

    // ---- the experiment: the scenario's, with the flags on top -----------------------
    ExperimentDef e = sc->experiment;
    if (vm.count("design")) {
        const std::string d = vm["design"].as<std::string>();
        if (d == "grid") e.design = DesignKind::Grid;
        else if (d == "lhs") e.design = DesignKind::Lhs;
        else if (d == "sobol") e.design = DesignKind::Sobol;
        else return usageError("batch", "--design " + d + " is unknown", "grid, lhs or sobol", suggest(d, {"grid", "lhs", "sobol"}));
        e.present = true;
    }
    if (vm.count("points")) {
        e.points = vm["points"].as<std::int64_t>();
        if (e.points < 1) return usageError("batch", "--points must be at least 1", "a whole number >= 1");
    }
    if (vm.count("vary")) {
        e.present = true;
        e.factors.clear();
        for (const auto& v : vm["vary"].as<std::vector<std::string>>()) {
            ExperimentDef::Factor f;
            std::string why;
            if (!parseVary(v, *sc, f, why)) return usageError("batch", why);
            e.factors.push_back(f);
        }
    }
    if (const ExperimentProblem p = checkExperiment(*sc, e); !p.empty()) return usageError("batch", p.what, p.expected);
    if (root && !game) {
        // the warnings of the scenario as this batch runs it: its values swept by --vary too
        const ExperimentDef own = sc->experiment;
        sc->experiment = e;
        printWarnings(*sc, c);
        sc->experiment = own;
    }
    if (e.present && e.design == DesignKind::Grid && !vm.count("points") && e.points < 1) {
        for (const auto& f : e.factors) {
            if (f.isRange) e.points = 2;  // a range without --points: its two ends
        }
    }

    BatchPlan plan;
    plan.sc = sc;
    plan.seed = game ? game->seed() : sc->hasSeed ? sc->seed : 1;
    if (game) {
        plan.sc = game->scenarioPtr();  // the world's own scenario
        plan.from = game->snapshot();
        plan.turns = game->horizon();
    }
    if (vm.count("seed")) {
        const std::string s = vm["seed"].as<std::string>();
        if (!parseSeed(s, plan.seed)) {
            return usageError("batch", "--seed " + s + " is not a seed", "a whole number from 0 to 18446744073709551615");
        }
    }
    plan.design = makeDesign(e, plan.seed);
    if (vm.count("runs")) plan.runsPerPoint = vm["runs"].as<std::uint64_t>();
    else if (e.present && sc->experiment.present) plan.runsPerPoint = static_cast<std::uint64_t>(std::max<std::int64_t>(1, e.runs));
    else return usageError("batch", "how many runs?", "--runs N", "for example --runs 1000");
    if (plan.runsPerPoint == 0) return usageError("batch", "--runs 0", "at least one run");
    if (plan.totalRuns() / plan.runsPerPoint != plan.design.size()) return usageError("batch", "too many runs", "fewer runs or points");
    if (vm.count("turns")) {
        plan.turns = vm["turns"].as<std::int64_t>();
        if (plan.turns < 0 || plan.turns > opt.limits.maxTurns) {
            return usageError("batch", "--turns " + std::to_string(plan.turns) + " is out of range",
                              "a turn number from 0 to " + std::to_string(opt.limits.maxTurns));
        }
    }
    if (game && game->turn() >= plan.turns) {
        // continuations that could play no turn would be N copies of the game as it stands
        const std::int64_t further = std::max<std::int64_t>(sc->turns, game->turn() + 1);
        return usageError("batch", "the game is at turn " + std::to_string(game->turn()) + ", its last" + (vm.count("turns") ? " by --turns" : ""),
                          "continuations that play at least one turn", "--turns " + std::to_string(further) + " plays on to turn " + std::to_string(further));
    }
    // chunks depend on the total only, so they are the same for any threads or ranks
    plan.chunkSize = vm.count("chunk") ? std::max<std::uint64_t>(1, vm["chunk"].as<std::uint64_t>())
                                       : std::clamp<std::uint64_t>(plan.totalRuns() / 256, 16, 1024);
    const bool trace = vm["trace"].as<bool>();
    double untilCi = -1;
    if (vm.count("until-ci")) {
        untilCi = vm["until-ci"].as<double>();
        if (!(untilCi > 0 && untilCi < 0.5)) return usageError("batch", "--until-ci must be between 0 and 0.5", "a half-width such as 0.01");
    }
    const std::uint64_t minRuns = vm["min-runs"].as<std::uint64_t>();

    // the backend: the same runs, interpreted or compiled to native code
    const std::string backend = vm["backend"].as<std::string>();
    if (backend != "interpreter" && backend != "compiled" && backend != "auto") {
        return usageError("batch", "--backend " + backend + " is not a backend", "interpreter, compiled or auto");
    }
    if (backend != "interpreter") try {
        const NativeOptions nopt;
        std::string which;
        const bool have = nativeCompilerFound(nopt, &which);
        if (backend == "compiled" && !have) {
            return usageError("batch", "--backend compiled, but no C++ compiler is found", "g++ on the PATH, or CXX naming a compiler",
                              "install g++ (Debian: apt-get install g++), or use --backend interpreter");
        }
        // a compile takes a second or two: worth it from about two million run-turns, or
        // at once when the module is in the cache
        const std::int64_t turnsEach = plan.turns >= 0 ? plan.turns : plan.sc->turns;
        const double work = static_cast<double>(plan.totalRuns()) * static_cast<double>(std::max<std::int64_t>(1, turnsEach));
        if (backend == "compiled" || (have && (work >= 2e6 || NativeModule::cached(*plan.sc, nopt)))) {
            try {
                plan.native = NativeModule::build(*plan.sc, nopt);
                if (root && c.verbosity >= 0 && !plan.native->fromCache()) {
                    std::cout << "Compiled " << plan.sc->id << " to native code in " << formatHuman(plan.native->compileSeconds(), 1)
                              << " s (" << which << "); kept in " << fs::path(plan.native->path()).parent_path().string() << " for the next batch.\n";
                }
                spdlog::get("brink")->info("backend: compiled ({})", plan.native->path());
            } catch (const NativeError& ex) {
                if (backend == "compiled") return failure("batch", std::string("--backend compiled: ") + ex.what());
                if (root) std::cerr << "brink batch: warning: running the interpreter, as the compiled backend failed: " << ex.what() << '\n';
            }
        }
    } catch (const std::exception& ex) {
        // whatever else goes wrong on the way to a module (a folder, the file system)
        if (backend == "compiled") return failure("batch", std::string("--backend compiled: ") + ex.what());
        plan.native.reset();
        if (root) std::cerr << "brink batch: warning: running the interpreter, as the compiled backend failed: " << ex.what() << '\n';
    }
    if (!plan.native) spdlog::get("brink")->info("backend: interpreter");

    // workers only compute what rank 0 hands them
    if (!root) return mpi.serve(plan, trace);

    // ---- the job ----------------------------------------------------------------------
    BatchJob job;
    job.plan = std::move(plan);
    {
        std::ifstream in(path, std::ios::binary);
        std::stringstream bytes;
        bytes << in.rdbuf();
        job.scenarioSha1 = sha1Hex(bytes.str());
    }
    job.resume = vm["resume"].as<bool>();
    job.trace = trace;
    job.untilCi = untilCi;
    job.minRuns = minRuns;
    if (vm.count("out")) {
        job.dir = vm["out"].as<std::string>();
    } else {
        if (job.resume) return usageError("batch", "--resume needs --out", "--out DIR, the folder of the batch to continue");
        job.dir = (fs::temp_directory_path() / ("brink-batch-" + std::to_string(::getpid()))).string();
        job.keep = false;
    }
    job.threads = vm.count("threads") ? vm["threads"].as<unsigned>() : std::max(1u, std::thread::hardware_concurrency());
    if (job.threads == 0) return usageError("batch", "--threads 0", "at least one thread");
    if (mpi.size() > 1) {
        job.spread = [&mpi](const BatchPlan& p, bool, const std::vector<std::uint64_t>& todo, const ChunkSink& sink,
                            const std::atomic<bool>& stop) { mpi.coordinate(p, todo, sink, stop); };
    }
    spdlog::get("brink")->info("spread over {}", mpi.size() > 1 ? std::to_string(mpi.size() - 1) + " MPI workers"
                                                                 : std::to_string(job.threads) + " threads");

    Progress progress(job.plan.totalRuns(), 0, c.verbosity >= 0);
    g_interrupted = false;
    const SigintHandler sigint(onInterrupt);
    BatchResult res;
    try {
        res = runBatch(job, [&](std::uint64_t done) { progress.update(done); }, g_interrupted);
    } catch (const StoreMismatch& ex) {
        return usageError("batch", ex.what());
    } catch (const StoreError& ex) {
        // the store keeps every chunk committed before: the batch continues with --resume
        return failure("batch", ex.what());
    } catch (const RunError& ex) {
        progress.finish();
        Diagnostic d{path, ex.loc, ex.what(), {}, ex.hint};
        std::cerr << format(d) << '\n';
        if (job.keep) std::cerr << "brink batch: the runs before the failing one are kept in " << job.dir << "\n";
        return kBadInput;
    }
    progress.update(res.runsDone, true);
    progress.finish();
    if (res.stopped == "interrupted") {
        std::vector<std::string> again = args;
        if (std::find(again.begin(), again.end(), "--resume") == again.end()) again.push_back("--resume");
        std::cerr << "brink batch: stopped by Ctrl-C after " << res.runsDone << " of " << job.plan.totalRuns()
                  << " runs; every finished chunk is saved. Continue with: " << commandLine("batch", again) << "\n";
        return kFailure;
    }
    if (c.verbosity < 0) {
        std::cout << res.report.outcomes;  // -q: the outcome, and errors
    } else {
        std::cout << res.report.table;
        const std::uint64_t now = res.runsDone - res.runsBefore;
        if (now > 0 && res.seconds > 0) {
            std::cout << "\n" << counted(static_cast<std::int64_t>(now), "run") << " in " << formatHuman(res.seconds, 1)
                      << " s (" << formatHuman(static_cast<double>(now) / res.seconds, 0) << " runs/s)";
        }
        if (job.keep) std::cout << (now > 0 ? "; " : "\n") << "results in " << job.dir << "/: results.sqlite, runs.csv, summary.json";
        std::cout << "\n";
    }
    return kOk;
}

}  // namespace brink::cli
