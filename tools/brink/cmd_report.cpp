// brink report: one self-contained HTML page from what brink play, run or batch wrote (the
// report library builds it; this command reads flags, writes the file, says where).
#include <filesystem>
#include <iostream>

#include "brink/base/numfmt.hpp"
#include "brink/output/outputs.hpp"
#include "brink/report/report.hpp"
#include "cli.hpp"
#include "commands.hpp"

namespace po = boost::program_options;

namespace brink::cli {

int reportCommand(const std::vector<std::string>& args) {
    po::options_description desc(
        "brink report PATH [options]\n\nOne self-contained HTML page (charts included, no network needed, prints cleanly):\n"
        "  a debrief of a game file, or of a folder written by brink play --out or brink run --out;\n"
        "  an analysis of a folder written by brink batch --out.\n\nOptions");
    addCommon(desc, "log what is read and computed", "print only errors");
    desc.add_options()                                                                                                    //
        ("out", po::value<std::string>(), "the HTML file (default: report.html in PATH's folder, or GAME.html beside a game file)")  //
        ("runs", po::value<std::uint64_t>()->default_value(500), "debrief: continuations at each branch point (0: none)")             //
        ("threads", po::value<unsigned>()->default_value(0), "debrief: threads for the continuations (0: every core)")              //
        ("scenario", po::value<std::string>(), "a brink run folder's scenario (default: the shipped scenario its summary.json names)")  //
        ("path", po::value<std::string>(), "what to report on");
    po::positional_options_description pos;
    pos.add("path", 1);
    po::variables_map vm;
    if (const int rc = parse("report", args, desc, pos, vm); rc != kOk) return rc;
    if (vm.count("help")) {
        std::cout << desc << '\n';
        return kOk;
    }
    const Common c = common(vm);
    if (!vm.count("path")) return usageError("report", "no PATH given", "a game file or a folder written by brink play, run or batch", "brink report out/");
    namespace fs = std::filesystem;
    const std::string path = vm["path"].as<std::string>();
    report::Options opt;
    opt.branchRuns = vm["runs"].as<std::uint64_t>();
    if (opt.branchRuns > 1'000'000) return usageError("report", "--runs " + std::to_string(opt.branchRuns) + " is too many", "0 to 1,000,000 continuations a branch point");
    opt.threads = vm["threads"].as<unsigned>();
    if (vm.count("scenario")) opt.scenario = vm["scenario"].as<std::string>();
    opt.scenarioDir = fs::path(defaultScenario()).parent_path().string();

    std::error_code ec;
    std::string out;
    if (vm.count("out")) out = vm["out"].as<std::string>();
    else if (fs::is_directory(path, ec)) out = (fs::path(path) / "report.html").string();
    else out = (fs::path(path).parent_path() / (fs::path(path).stem().string() + ".html")).string();
    const fs::path outDir = fs::path(out).parent_path().empty() ? fs::path(".") : fs::path(out).parent_path();
    if (fs::is_directory(out, ec)) return usageError("report", "--out " + out + " is a folder", "an HTML file to write", "--out " + (fs::path(out) / "report.html").string());
    if (!fs::is_directory(outDir, ec)) return usageError("report", "--out " + out + ": no folder '" + outDir.string() + "'", "a file in an existing folder");

    Diagnostics diag(path);
    const auto built = report::build(path, opt, diag);
    if (!built) {
        for (const auto& d : diag.items()) {
            Diagnostic e = d;
            if (e.loc.line == 0) {
                std::cerr << "brink report: error: " << e.what << (e.expected.empty() ? "" : "; expected " + e.expected)
                          << (e.hint.empty() ? "" : "; hint: " + e.hint) << '\n';
            } else {
                std::cerr << format(e) << '\n';
            }
        }
        return kBadInput;
    }
    try {
        writeFilesAtomically(outDir.string(), {{fs::path(out).filename().string(), built->html}});
    } catch (const std::runtime_error& e) {
        return failure("report", std::string(e.what()) + "; nothing was written");
    }
    if (c.verbosity >= 0) {
        std::cout << "Wrote the " << built->kind << " of " << built->title << " to " << out << " ("
                  << counted(static_cast<std::int64_t>(built->charts), "chart") << ", " << formatHuman(static_cast<double>(built->html.size()) / 1024.0, 0)
                  << " KB). It opens offline in any browser.\n";
    }
    return kOk;
}

}  // namespace brink::cli
