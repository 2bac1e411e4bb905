// brink brief: a team's printable briefing from a scenario, or the facilitator's (the report
// library builds the page; this command reads flags, writes the file, says where).
#include <filesystem>
#include <iostream>

#include "brink/base/names.hpp"
#include "brink/base/numfmt.hpp"
#include "brink/output/outputs.hpp"
#include "brink/report/brief.hpp"
#include "brink/scenario/loader.hpp"
#include "cli.hpp"
#include "commands.hpp"

namespace po = boost::program_options;

namespace brink::cli {

int briefCommand(const std::vector<std::string>& args) {
    po::options_description desc(
        "brink brief [SCENARIO] --as ACTOR [options]\nbrink brief [SCENARIO] --facilitator [options]\n\n"
        "A printable HTML briefing: a team's (its situation, its possible actions in plain words, its objectives, the public\n"
        "picture of the others, the sources), or the facilitator's with everything in the scenario.\n\nOptions");
    addCommon(desc, "log what is read", "print only errors");
    addLimits(desc);
    desc.add_options()                                                                                                 //
        ("as", po::value<std::string>(), "the team's actor id")                                                         //
        ("facilitator", po::bool_switch(), "the control team's briefing, with every side's secrets")                    //
        ("out", po::value<std::string>(), "the HTML file (default: ID-brief-ACTOR.html, or ID-brief-facilitator.html)")  //
        ("scenario", po::value<std::string>(), "scenario file (default: the shipped summit-2024)");
    po::positional_options_description pos;
    pos.add("scenario", 1);
    po::variables_map vm;
    if (const int rc = parse("brief", args, desc, pos, vm); rc != kOk) return rc;
    if (vm.count("help")) {
        std::cout << desc << '\n';
        return kOk;
    }
    const Common c = common(vm);
    const bool facilitator = vm["facilitator"].as<bool>();
    if (facilitator && vm.count("as")) return usageError("brief", "--as and --facilitator together", "one briefing: a team's (--as ACTOR) or the facilitator's", "run brink brief once for each");
    if (!facilitator && !vm.count("as")) return usageError("brief", "no team given", "--as ACTOR (an actor id of the scenario) or --facilitator", "brink brief --as russia");
    const std::string path = vm.count("scenario") ? vm["scenario"].as<std::string>() : defaultScenario();
    LoadOptions opt;
    if (!limits("brief", vm, opt)) return kBadInput;
    Diagnostics diag(path);
    std::shared_ptr<Scenario> sc = loadScenarioFile(path, diag, opt);
    if (!sc) return reportDiagnostics(diag);
    ActorId actor = kNone;
    if (!facilitator) {
        const std::string id = vm["as"].as<std::string>();
        actor = sc->actorIndex(id);
        if (actor == kNone) {
            std::vector<std::string> ids;
            for (const auto& a : sc->actors) ids.push_back(a.id);
            std::string list;
            for (const auto& i : ids) list += (list.empty() ? "" : ", ") + i;
            std::string hint = suggest(id, ids);
            if (hint.rfind("did you mean", 0) != 0) hint = "brink brief " + path + " --facilitator describes every side";
            return usageError("brief", "--as " + id + ": no actor '" + id + "' in " + path, "one of " + list, hint);
        }
    }
    namespace fs = std::filesystem;
    const std::string out = vm.count("out") ? vm["out"].as<std::string>()
                                            : sc->id + "-brief-" + (facilitator ? std::string("facilitator") : sc->actors[static_cast<std::size_t>(actor)].id) + ".html";
    std::error_code ec;
    const fs::path outDir = fs::path(out).parent_path().empty() ? fs::path(".") : fs::path(out).parent_path();
    if (fs::is_directory(out, ec)) return usageError("brief", "--out " + out + " is a folder", "an HTML file to write");
    if (!fs::is_directory(outDir, ec)) return usageError("brief", "--out " + out + ": no folder '" + outDir.string() + "'", "a file in an existing folder");
    report::Built b;
    try {
        b = report::briefing(sc, actor);
    } catch (const RunError& e) {
        std::cerr << format(Diagnostic{path, e.loc, e.what(), {}, e.hint}) << '\n';
        return kBadInput;
    }
    try {
        writeFilesAtomically(outDir.string(), {{fs::path(out).filename().string(), b.html}});
    } catch (const std::runtime_error& e) {
        return failure("brief", std::string(e.what()) + "; nothing was written");
    }
    if (c.verbosity >= 0) std::cout << "Wrote the " << b.kind << " of " << b.title << " to " << out << ". Print it, or open it in any browser.\n";
    return kOk;
}

}  // namespace brink::cli
