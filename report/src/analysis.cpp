// The analysis of a batch (brink report BATCH_DIR): what summary.json says, drawn, and what
// runs.csv adds: how each outcome's estimate converged as runs accumulated, and the
// distribution of every metric. Everything is computed here and drawn in the page from a
// few hundred rows, whatever the number of runs.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "brink/base/numfmt.hpp"
#include "brink/report/page.hpp"
#include "brink/stats/stats.hpp"
#include "report_impl.hpp"

namespace brink::report::detail {

namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

/// runs.csv: its header and, per column, the values (outcomes kept as text).
struct Runs {
    std::vector<std::string> names;
    std::vector<std::string> outcome;
    std::vector<std::vector<double>> cols;  // by column; NaN where not a number
};

std::vector<std::string> splitCsv(const std::string& line) {
    std::vector<std::string> out;
    std::string cur;
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') cur += '"', ++i;
            else if (c == '"') quoted = false;
            else cur += c;
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            out.push_back(cur);
            cur.clear();
        } else if (c != '\r') {
            cur += c;
        }
    }
    out.push_back(cur);
    return out;
}

std::optional<Runs> readRuns(const std::string& path, Diagnostics& diag) {
    std::ifstream in(path);
    if (!in) {
        diag.error({}, "cannot read " + path, "the runs.csv brink batch writes", "");
        return std::nullopt;
    }
    Runs r;
    std::string line;
    if (!std::getline(in, line)) {
        diag.error({1, 1}, path + " is empty", "a header line run,seed,outcome,turns,...");
        return std::nullopt;
    }
    r.names = splitCsv(line);
    const auto oc = std::find(r.names.begin(), r.names.end(), "outcome");
    if (oc == r.names.end()) {
        diag.error({1, 1}, path + " has no outcome column", "the runs.csv brink batch writes");
        return std::nullopt;
    }
    const std::size_t oi = static_cast<std::size_t>(oc - r.names.begin());
    r.cols.assign(r.names.size(), {});
    std::uint32_t ln = 1;
    while (std::getline(in, line)) {
        ++ln;
        if (line.empty()) continue;
        const auto f = splitCsv(line);
        if (f.size() != r.names.size()) {
            diag.error({ln, 1}, path + " line " + std::to_string(ln) + " has " + std::to_string(f.size()) + " fields, the header " +
                                    std::to_string(r.names.size()),
                       "one field per column", "was the file cut short? brink batch --resume finishes a batch");
            return std::nullopt;
        }
        r.outcome.push_back(f[oi]);
        for (std::size_t c = 0; c < f.size(); ++c) {
            double v = std::nan("");
            if (c != oi && parseNumber(f[c], v) != NumberError::None) v = std::nan("");
            r.cols[c].push_back(v);
        }
    }
    return r;
}

double numberOf(const json::value& v) {
    if (v.is_double()) return v.as_double();
    if (v.is_int64()) return static_cast<double>(v.as_int64());
    if (v.is_uint64()) return static_cast<double>(v.as_uint64());
    return std::nan("");
}

/// The outcomes: a table, then the share of each with its interval.
void outcomes(Page& page, const json::object& outs, std::uint64_t runs) {
    page.section("outcomes", "Outcomes");
    page.para("How often each outcome came out of the " + counted(static_cast<std::int64_t>(runs), "run") +
              ", with its 95% Wilson interval: the range that holds the true chance, given these runs, 19 times in 20.");
    std::vector<std::vector<std::string>> rows;
    json::array data;
    for (const auto& [name, v] : outs) {
        const json::object& o = v.as_object();
        const double p = numberOf(o.at("p"));
        const auto& ci = o.at("ci95").as_array();
        const double lo = numberOf(ci[0]), hi = numberOf(ci[1]);
        rows.push_back({esc(std::string(name)), numCell(num(numberOf(o.at("count")), 0)), numCell(pct(p)), numCell(pct(lo) + " to " + pct(hi))});
        data.push_back({{"outcome", std::string(name)}, {"p", p}, {"lo", lo}, {"hi", hi},
                        {"label", pct(p) + "  [" + pct(lo) + ", " + pct(hi) + "]"}});
    }
    page.table({"outcome", "<span class=\"num\">runs</span>", "share", "95% interval"}, rows);
    json::object spec = vlBase(760, static_cast<int>(std::max<std::size_t>(2, data.size()) * 44));
    spec["data"] = {{"values", data}};
    json::object y = field("outcome", "nominal", "");
    // the most frequent first (an explicit order: layers with a sort by field warn in Vega-Lite)
    std::vector<std::pair<double, std::string>> byP;
    for (const auto& d : data) byP.emplace_back(d.as_object().at("p").as_double(), std::string(d.as_object().at("outcome").as_string()));
    std::stable_sort(byP.begin(), byP.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    json::array order;
    for (const auto& [p, o] : byP) order.push_back(json::string(o));
    y["sort"] = order;
    y["axis"] = {{"labelFontSize", 15}};
    json::object x = field("p", "quantitative", "share of runs");
    x["scale"] = {{"domain", json::array{0, 1}}};
    x["axis"] = {{"format", "%"}};
    // the layers share the outcome axis (one sort for all of them)
    spec["encoding"] = {{"y", y}};
    json::object bar{{"mark", {{"type", "bar"}, {"color", "#6d9bd1"}, {"height", 24}}}, {"encoding", {{"x", x}}}};
    json::object lo = field("lo", "quantitative");
    json::object rule{{"mark", {{"type", "rule"}, {"color", "#1d232b"}, {"strokeWidth", 2.5}}},
                      {"encoding", {{"x", lo}, {"x2", {{"field", "hi"}}}}}};
    json::object text{{"mark", {{"type", "text"}, {"align", "left"}, {"dx", 8}, {"fontSize", 14}}},
                      {"encoding", {{"x", field("hi", "quantitative")}, {"text", {{"field", "label"}}}}}};
    spec["layer"] = json::array{bar, rule, text};
    page.chart(spec, "The share of runs of each outcome (bars) and its 95% Wilson interval (lines).");
}

/// How each outcome's share settled as runs accumulated, in the order they were run.
void convergence(Page& page, const Runs& r, const std::vector<std::string>& names) {
    const std::size_t n = r.outcome.size();
    if (n < 2) return;
    page.section("convergence", "How the estimates settled");
    page.para("Each outcome's share after the first k runs, in the order the batch ran them, with its 95% Wilson interval (the band). "
              "Once the bands are narrow and flat, more runs would change little; brink batch --until-ci stops there by itself.");
    std::map<std::string, std::uint64_t> count;
    json::array data;
    const std::size_t points = std::min<std::size_t>(n, 150);
    std::size_t next = 0, done = 0;
    for (std::size_t i = 0; i < n; ++i) {
        ++count[r.outcome[i]];
        ++done;
        const std::size_t mark = (next + 1) * n / points;
        if (done < mark && i + 1 < n) continue;
        ++next;
        for (const auto& o : names) {
            const std::uint64_t k = count.count(o) ? count[o] : 0;
            const Interval ci = wilson(k, done);
            data.push_back({{"runs", static_cast<std::uint64_t>(done)}, {"outcome", o}, {"p", static_cast<double>(k) / static_cast<double>(done)},
                            {"lo", ci.lo}, {"hi", ci.hi}});
        }
    }
    // one small chart an outcome, each with its own scale: a rare outcome's band is as legible as a common one's
    json::object inner;
    json::object x = field("runs", "quantitative", "runs so far");
    json::object yp = field("p", "quantitative", "share of runs");
    yp["axis"] = {{"format", "%"}};
    json::object band{{"mark", {{"type", "area"}, {"opacity", 0.25}, {"color", "#6d9bd1"}}},
                      {"encoding", {{"x", x}, {"y", field("lo", "quantitative", "share of runs")}, {"y2", {{"field", "hi"}}}}}};
    json::object line{{"mark", {{"type", "line"}, {"strokeWidth", 2.5}, {"color", "#2f5f9e"}}}, {"encoding", {{"x", x}, {"y", yp}}}};
    inner["layer"] = json::array{band, line};
    json::array order;
    for (const auto& o : names) order.push_back(json::string(o));
    const json::object spec = vlFacet(std::move(data), {{"field", "outcome"}, {"type", "nominal"}, {"title", nullptr}, {"sort", order}, {"header", {{"labelFontSize", 15}}}},
                                      3, 270, 150, std::move(inner), {"y"});
    page.chart(spec, "Each outcome's share as the runs accumulated (line) and its 95% interval (band), each on its own scale.");
}

/// The metrics at the end of the runs: a table from summary.json, a histogram each from runs.csv.
void metrics(Page& page, const json::object& ms, const Runs& r) {
    if (ms.empty()) return;
    page.section("metrics", "Metrics at the end of the runs");
    std::vector<std::vector<std::string>> rows;
    for (const auto& [name, v] : ms) {
        const json::object& m = v.as_object();
        const auto& ci = m.at("ci95").as_array();
        rows.push_back({esc(std::string(name)), numCell(num(numberOf(m.at("mean")))),
                        numCell(num(numberOf(ci[0])) + " to " + num(numberOf(ci[1]))), numCell(num(numberOf(m.at("p05")))),
                        numCell(num(numberOf(m.at("p50")))), numCell(num(numberOf(m.at("p95"))))});
    }
    page.table({"metric", "mean", "95% interval of the mean", "5th percentile", "median", "95th percentile"}, rows);
    // a histogram a metric: its distinct values when few, else 20 equal bins
    json::array data;
    std::size_t shown = 0;
    for (const auto& [name, v] : ms) {
        (void)v;
        std::string col(name);
        auto it = std::find(r.names.begin(), r.names.end(), col);
        if (it == r.names.end()) it = std::find(r.names.begin(), r.names.end(), "m_" + col);
        if (it == r.names.end()) continue;
        std::vector<double> xs;
        for (double x : r.cols[static_cast<std::size_t>(it - r.names.begin())]) {
            if (std::isfinite(x)) xs.push_back(x);
        }
        if (xs.empty()) continue;
        std::sort(xs.begin(), xs.end());
        std::vector<double> distinct = xs;
        distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
        const double total = static_cast<double>(xs.size());
        ++shown;
        if (distinct.size() <= 20) {
            // a bar a value, as wide as 80% of the closest gap between values
            double gap = 1;
            for (std::size_t i = 1; i < distinct.size(); ++i) gap = i == 1 ? distinct[1] - distinct[0] : std::min(gap, distinct[i] - distinct[i - 1]);
            if (distinct.size() == 1) gap = std::max(std::fabs(distinct[0]) * 0.1, 1e-9);
            for (double d : distinct) {
                const auto k = std::upper_bound(xs.begin(), xs.end(), d) - std::lower_bound(xs.begin(), xs.end(), d);
                data.push_back({{"metric", col}, {"lo", d - 0.4 * gap}, {"hi", d + 0.4 * gap}, {"share", static_cast<double>(k) / total}});
            }
        } else {
            const double lo = xs.front(), hi = xs.back(), w = (hi - lo) / 20;
            std::vector<std::size_t> bins(20, 0);
            for (double x : xs) ++bins[std::min<std::size_t>(19, static_cast<std::size_t>((x - lo) / w))];
            for (std::size_t b = 0; b < 20; ++b) {
                data.push_back({{"metric", col}, {"lo", lo + w * static_cast<double>(b)}, {"hi", lo + w * static_cast<double>(b + 1)},
                                {"share", static_cast<double>(bins[b]) / total}});
            }
        }
    }
    if (shown == 0) return;
    json::object inner;
    json::object yx = field("share", "quantitative", "share of runs");
    yx["axis"] = {{"format", "%"}};
    inner["mark"] = {{"type", "rect"}, {"color", "#6d9bd1"}, {"stroke", "#ffffff"}, {"strokeWidth", 0.5}};
    json::object xv = field("lo", "quantitative", "value");
    xv["scale"] = {{"zero", false}};
    inner["encoding"] = {{"x", xv}, {"x2", {{"field", "hi"}}}, {"y", yx}};
    json::array order;
    for (const auto& [name, x] : ms) {
        (void)x;
        order.push_back(json::string(name));
    }
    const json::object spec = vlFacet(std::move(data), {{"field", "metric"}, {"type", "nominal"}, {"title", nullptr}, {"sort", order}, {"header", {{"labelFontSize", 14}}}},
                                      3, 270, 120, std::move(inner), {"x", "y"});
    page.chart(spec, "How each metric ended across the runs: the share of runs in each range of values.");
}

/// What drives the results: rank regression over the runs, and Sobol indices for a Sobol design.
void sensitivity(Page& page, const json::object& s) {
    const auto* outs = s.if_contains("outputs");
    if (!outs || !outs->is_object() || outs->as_object().empty()) return;
    page.section("drivers", "What drives the results");
    page.para("Standardised rank regression coefficients (SRRC) of each output on the parameters that varied from run to run: "
              "+1 or -1 means the parameter alone orders the output, 0 that it does nothing the runs can see. The strongest "
              "influences first; those under 0.05 are left out.");
    struct Row {
        std::string param, out;
        double coef;
    };
    std::vector<Row> rows;
    for (const auto& [out, v] : outs->as_object()) {
        const auto& srrc = v.as_object().at("srrc").as_object();
        for (const auto& [param, c] : srrc) rows.push_back({std::string(param), std::string(out), numberOf(c)});
    }
    std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return std::fabs(a.coef) > std::fabs(b.coef); });
    json::array data;
    for (const Row& r : rows) {
        if (std::fabs(r.coef) < 0.05 || data.size() == 15) break;
        data.push_back({{"pair", r.param + " \u2192 " + r.out}, {"coef", r.coef}, {"effect", r.coef >= 0 ? "raises it" : "lowers it"}});
    }
    if (data.empty()) {
        page.para("No parameter moves any output by more than 0.05 here.", "note");
    } else {
        json::object spec = vlBase(700, static_cast<int>(data.size() * 30));
        spec["data"] = {{"values", data}};
        json::object y = field("pair", "nominal", "");
        y["sort"] = nullptr;
        y["axis"] = {{"labelLimit", 420}, {"labelFontSize", 13}};
        json::object x = field("coef", "quantitative", "SRRC");
        x["scale"] = {{"domain", json::array{-1, 1}}};
        json::object color = field("effect", "nominal", "");
        color["scale"] = {{"domain", json::array{"raises it", "lowers it"}}, {"range", json::array{"#cd524a", "#427abd"}}};
        spec["mark"] = {{"type", "bar"}, {"height", 20}};
        spec["encoding"] = {{"x", x}, {"y", y}, {"color", color}};
        page.chart(spec, "The strongest influences of a parameter on an output (standardised rank regression).");
    }
    const auto* sobol = s.if_contains("sobol");
    if (!sobol || !sobol->is_object()) return;
    page.raw("<h3>Sobol indices</h3>\n");
    page.para("First-order S1 (the share of an output's variance a parameter explains alone) and total ST (alone and with "
              "the others), with 95% bootstrap intervals. Estimates can fall outside 0..1 when the design is small; their "
              "intervals say how far to trust them.");
    std::vector<std::vector<std::string>> trows;
    json::array sdata;
    for (const auto& [out, v] : sobol->as_object()) {
        for (const auto& [param, w] : v.as_object()) {
            const json::object& o = w.as_object();
            const auto& fc = o.at("first_ci95").as_array();
            const auto& tc = o.at("total_ci95").as_array();
            trows.push_back({esc(std::string(out)), esc(std::string(param)), numCell(num(numberOf(o.at("first")), 2)),
                             numCell(num(numberOf(fc[0]), 2) + " to " + num(numberOf(fc[1]), 2)), numCell(num(numberOf(o.at("total")), 2)),
                             numCell(num(numberOf(tc[0]), 2) + " to " + num(numberOf(tc[1]), 2))});
            sdata.push_back({{"output", std::string(out)}, {"param", std::string(param)}, {"total", numberOf(o.at("total"))},
                             {"lo", numberOf(tc[0])}, {"hi", numberOf(tc[1])}});
        }
    }
    page.table({"output", "parameter", "S1", "S1 95% interval", "ST", "ST 95% interval"}, trows);
    json::object inner;
    json::object y = field("param", "nominal", "");
    json::object xt = field("total", "quantitative", "total index ST");
    inner["layer"] = json::array{
        json::object{{"mark", {{"type", "rule"}, {"strokeWidth", 2}}},
                     {"encoding", {{"x", field("lo", "quantitative", "total index ST")}, {"x2", {{"field", "hi"}}}, {"y", y}}}},
        json::object{{"mark", {{"type", "point"}, {"filled", true}, {"size", 70}, {"color", "#cd524a"}}}, {"encoding", {{"x", xt}, {"y", y}}}}};
    const json::object spec = vlFacet(std::move(sdata), {{"field", "output"}, {"type", "nominal"}, {"title", nullptr}}, 3, 260, 110, std::move(inner), {"x"});
    page.chart(spec, "Total Sobol index of each parameter on each output, with its 95% bootstrap interval.");
}

}  // namespace

std::optional<Built> analysis(const std::string& dir, const Options& opt, Diagnostics& diag) {
    (void)opt;
    const std::string sumPath = (fs::path(dir) / "summary.json").string();
    const auto text = slurp(sumPath, diag);
    if (!text) return std::nullopt;
    boost::system::error_code ec;
    const json::value v = json::parse(*text, ec);
    if (ec || !v.is_object() || !v.as_object().contains("outcomes") || !v.as_object().contains("runs")) {
        diag.error({}, sumPath + " is not the summary.json of a batch", "the folder brink batch --out wrote",
                   "run brink report on the batch's folder");
        return std::nullopt;
    }
    const json::object& s = v.as_object();
    const auto runs = readRuns((fs::path(dir) / "runs.csv").string(), diag);
    if (!runs) return std::nullopt;
    const std::string scenario = s.contains("scenario") ? std::string(s.at("scenario").as_string()) : "?";
    const auto n = static_cast<std::uint64_t>(numberOf(s.at("runs")));

    Page page("Brink analysis \u2014 " + scenario, "analysis");
    page.heading("Batch analysis: " + scenario, counted(static_cast<std::int64_t>(n), "run") + ", every one stored in results.sqlite");
    std::vector<std::pair<std::string, std::string>> facts{{"scenario", scenario},
                                                           {"runs", formatHuman(static_cast<double>(n), 0)}};
    if (s.contains("seed")) facts.emplace_back("seed", std::to_string(static_cast<std::uint64_t>(numberOf(s.at("seed")))));
    if (const auto* d = s.if_contains("design"); d && d->is_object()) {
        const auto& dd = d->as_object();
        std::string factors;
        if (const auto* f = dd.if_contains("factors"); f && f->is_array()) {
            for (const auto& x : f->as_array()) factors += (factors.empty() ? "" : ", ") + std::string(x.as_string());
        }
        facts.emplace_back("design", std::string(dd.at("kind").as_string()) + ", " +
                                         counted(static_cast<std::int64_t>(numberOf(dd.at("points"))), "point") +
                                         (factors.empty() ? "" : " over " + factors));
    }
    if (s.contains("runs_per_point")) facts.emplace_back("runs a point", formatHuman(numberOf(s.at("runs_per_point")), 0));
    if (s.contains("stopped")) facts.emplace_back("stopped", std::string(s.at("stopped").as_string()));
    if (s.contains("scenario_sha1")) facts.emplace_back("scenario file (SHA-1)", std::string(s.at("scenario_sha1").as_string()));
    if (runs->outcome.size() != n) {
        facts.emplace_back("note", "runs.csv holds " + formatHuman(static_cast<double>(runs->outcome.size()), 0) + " runs");
    }
    page.facts(facts);
    std::vector<std::string> names;
    for (const auto& [name, x] : s.at("outcomes").as_object()) {
        (void)x;
        names.emplace_back(name);
    }
    outcomes(page, s.at("outcomes").as_object(), n);
    convergence(page, *runs, names);
    if (const auto* m = s.if_contains("metrics"); m && m->is_object()) metrics(page, m->as_object(), *runs);
    if (const auto* sens = s.if_contains("sensitivity"); sens && sens->is_object()) sensitivity(page, sens->as_object());
    Built b;
    b.html = page.html();
    b.kind = "analysis";
    b.title = "the batch of " + scenario + " (" + counted(static_cast<std::int64_t>(n), "run") + ")";
    b.charts = page.charts();
    return b;
}

}  // namespace brink::report::detail
