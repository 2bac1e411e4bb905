#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "brink/base/digest.hpp"
#include "brink/scenario/lint.hpp"
#include "brink/scenario/loader.hpp"
#include "brink/base/numfmt.hpp"
#include "brink/output/outputs.hpp"
#include "cli.hpp"
#include "commands.hpp"

namespace po = boost::program_options;

namespace brink::cli {

namespace {

/// Writes a valid file's seal anew (through a temporary file renamed into place); returns
/// what was done, for the ok line. Throws std::runtime_error when the file cannot be written.
std::string resealFile(const std::string& path) {
    namespace fs = std::filesystem;
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    const std::string before = text.str();
    const std::string after = sealed(before);
    if (after == before) {
        return before.find("\nseal: ") == std::string::npos && before.rfind("seal: ", 0) != 0 ? "; no seal to renew" : "; its seal already matches";
    }
    writeFileAtomically(path, after);
    return "; sealed again";
}

}  // namespace

int validateCommand(const std::vector<std::string>& args) {
    po::options_description desc("brink validate FILE... [options]\n\nChecks scenario files and prints every error as "
                                 "file:line:col: error: what; expected ...; hint: ...\nWrites nothing. Exit 0 when every "
                                 "file is valid, 2 otherwise.\nWith --reseal, a final.yaml edited on purpose is checked as "
                                 "strictly as ever and, if valid,\nsealed again so that brink run continues it.\n\nOptions");
    addCommon(desc, "log what is checked (logs at info)", "print only errors (no ok lines, no warnings)");
    addLimits(desc);
    desc.add_options()                                                                                     //
        ("reseal", po::bool_switch(), "accept an edited final.yaml whose seal no longer matches: check it whole, then write its new seal")  //
        ("files", po::value<std::vector<std::string>>()->multitoken(), "scenario files");
    po::positional_options_description pos;
    pos.add("files", -1);
    po::variables_map vm;
    if (const int rc = parse("validate", args, desc, pos, vm); rc != kOk) return rc;
    if (vm.count("help")) {
        std::cout << desc << '\n';
        return kOk;
    }
    const Common c = common(vm);
    if (!vm.count("files")) return usageError("validate", "no scenario file given", "brink validate FILE...");
    LoadOptions opt;
    if (!limits("validate", vm, opt)) return kBadInput;
    const bool reseal = vm["reseal"].as<bool>();
    opt.acceptEditedSeal = reseal;
    int rc = kOk;
    for (const auto& f : vm["files"].as<std::vector<std::string>>()) {
        Diagnostics diag(f);
        spdlog::get("brink")->info("checking {}", f);
        auto sc = loadScenarioFile(f, diag, opt);
        if (!sc) {
            reportDiagnostics(diag);
            rc = kBadInput;
            continue;
        }
        std::string resealed;  // what --reseal did, for the ok line
        if (reseal) {
            try {
                resealed = resealFile(f);
            } catch (const std::runtime_error& e) {
                failure("validate", e.what());
                rc = std::max(rc, static_cast<int>(kFailure));
                continue;
            }
        }
        if (c.verbosity >= 0) {
            const auto scheduled = std::count_if(sc->transfers.begin(), sc->transfers.end(), [](const TransferDef& t) { return t.scheduled; });
            auto n = [](std::size_t k, const char* noun) { return counted(static_cast<std::int64_t>(k), noun); };
            std::cout << f << ": ok (" << sc->id << ": " << n(sc->actors.size(), "actor") << ", " << n(sc->relations.size(), "relation")
                      << ", " << n(static_cast<std::size_t>(scheduled), "transfer") << ", " << n(sc->events.size(), "event") << ", "
                      << n(sc->actions.size(), "action") << ", " << counted(sc->turns, "turn") << " of "
                      << counted(sc->turnDays, "day") << ")" << resealed << "\n";
        }
        // warnings never change the exit status: the file is valid
        std::cout.flush();
        for (const auto& w : warnings(*sc)) {
            if (c.verbosity >= 0) std::cerr << format(w) << '\n';
        }
    }
    return rc;
}

}  // namespace brink::cli
