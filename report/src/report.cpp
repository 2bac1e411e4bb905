// brink report (report.hpp): which kind of page a path asks for, and what both kinds share.
#include "brink/report/report.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "brink/base/numfmt.hpp"
#include "brink/sim/sim.hpp"
#include "report_impl.hpp"

namespace brink::report {

namespace detail {

std::optional<std::string> slurp(const std::string& path, Diagnostics& diag) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        diag.error({}, "cannot read " + path, "", "check the path");
        return std::nullopt;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string pct(double p) { return formatPercent(p); }

std::string num(double v, int decimals) {
    // as many decimals as a reader needs: none on millions, three on shares
    const double a = std::fabs(v);
    const int d = a >= 10000 ? 0 : a >= 100 ? std::min(decimals, 1) : a >= 10 ? std::min(decimals, 2) : decimals;
    return formatHuman(v, d);
}

std::string numCell(const std::string& text) { return "<td class=\"num\">" + text + "</td>"; }

std::string objectiveText(const ObjectiveDef& o) {
    if (!o.text.empty()) return o.text;
    std::string s = o.name;
    for (char& c : s) {
        if (c == '_') c = ' ';
    }
    return s;
}

std::string objectiveScore(const Scenario& sc, const ObjectiveDef& o, double v) {
    if (sc.program(o.expr).condition) return v != 0.0 ? "met" : "not met";
    return num(v);
}

boost::json::object field(const char* name, const char* type, const char* title) {
    boost::json::object f{{"field", name}, {"type", type}};
    if (title) f["title"] = title;
    return f;
}

}  // namespace detail

std::optional<Built> build(const std::string& path, const Options& opt, Diagnostics& diag) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::exists(path, ec)) {
        diag.error({}, "no such file or folder: " + path, "a game file, or a folder written by brink play, run or batch");
        return std::nullopt;
    }
    if (fs::is_directory(path, ec) && !fs::exists(fs::path(path) / "runs.csv", ec) && !fs::exists(fs::path(path) / "summary.json", ec) &&
        !fs::exists(fs::path(path) / "game.yaml", ec)) {
        diag.error({}, path + " holds no summary.json, game.yaml or runs.csv", "a folder written by brink play, run or batch (--out DIR), or a game file");
        return std::nullopt;
    }
    // files edited by hand or cut short: whatever they lack is bad input, said so
    try {
        if (fs::is_directory(path, ec) && fs::exists(fs::path(path) / "runs.csv", ec)) return detail::analysis(path, opt, diag);
        return detail::debrief(path, opt, diag);
    } catch (const RunError& e) {
        diag.error(e.loc, e.what(), {}, e.hint);
    } catch (const std::exception& e) {
        diag.error({}, "cannot read what " + path + " holds: " + e.what(), "the files brink play, run or batch wrote, unedited",
                   "write them again with the command that made them");
    }
    return std::nullopt;
}

}  // namespace brink::report
