#include "brink/batch/report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <optional>

#include "brink/base/json.hpp"
#include "brink/base/numfmt.hpp"
#include "brink/stats/stats.hpp"
#include "brink/base/version.hpp"

namespace brink {

namespace {

struct MetricSummary {
    double mean = 0, sd = 0, p05 = 0, p50 = 0, p95 = 0;
    Interval ci;
};

MetricSummary summarise(std::vector<double>&& v) {
    MetricSummary s;
    Moments m;
    for (double x : v) m.add(x);
    s.mean = m.mean();
    s.sd = m.sd();
    s.ci = m.meanCi95();
    s.p05 = quantile(v, 0.05);
    s.p50 = quantile(v, 0.50);
    s.p95 = quantile(v, 0.95);
    return s;
}

std::string pad(std::string s, std::size_t w) {
    // pads by characters, not bytes (names may hold UTF-8)
    std::size_t chars = 0;
    for (unsigned char c : s) chars += (c & 0xC0) != 0x80;
    if (chars < w) s.append(w - chars, ' ');
    return s;
}

std::string num(double v, int decimals = 3) { return formatHuman(v, decimals); }

// Four significant figures at most, with k/M/G for large magnitudes: a table, not a record
// (summary.json keeps every digit).
std::string brief(double v) {
    const double a = std::fabs(v);
    const char* unit = "";
    double x = v;
    if (a >= 1e9) x = v / 1e9, unit = "G";
    else if (a >= 1e6) x = v / 1e6, unit = "M";
    else if (a >= 1e4) x = v / 1e3, unit = "k";
    const double ax = std::fabs(x);
    const int decimals = ax >= 1000 ? 0 : ax >= 100 ? 1 : ax >= 10 ? 2 : 3;
    return formatHuman(x, decimals) + unit;
}


/// The same, the column streamed from the store: its moments in run order, its quantiles
/// from SQLite's sort (the same order statistics, so the same numbers to the bit).
MetricSummary summariseStreamed(const ResultsStore& store, const std::string& column, std::uint64_t n) {
    MetricSummary s;
    Moments m;
    store.eachRow({column}, [&](const double* v) { m.add(v[0]); });
    s.mean = m.mean();
    s.sd = m.sd();
    s.ci = m.meanCi95();
    if (n == 0) return s;
    // quantile(): type 7 between the order statistics at floor(h) and the next
    const double ps[] = {0.05, 0.50, 0.95};
    std::vector<std::uint64_t> at;
    for (double p : ps) {
        const auto lo = static_cast<std::uint64_t>(std::floor((static_cast<double>(n) - 1) * p));
        at.push_back(lo);
        if (lo + 1 < n) at.push_back(lo + 1);
    }
    std::sort(at.begin(), at.end());
    at.erase(std::unique(at.begin(), at.end()), at.end());
    const std::vector<double> os = store.orderStatistics(column, at);
    auto stat = [&](std::uint64_t i) { return os[static_cast<std::size_t>(std::lower_bound(at.begin(), at.end(), i) - at.begin())]; };
    double* out[] = {&s.p05, &s.p50, &s.p95};
    for (int k = 0; k < 3; ++k) {
        const double h = (static_cast<double>(n) - 1) * ps[k];
        const auto lo = static_cast<std::uint64_t>(std::floor(h));
        const double a = stat(lo);
        *out[k] = lo + 1 >= n ? a : a + (h - static_cast<double>(lo)) * (stat(lo + 1) - a);
    }
    return s;
}

}  // namespace

std::uint64_t analysisRunsInMemory() {
    if (const char* e = std::getenv("BRINK_ANALYSIS_IN_MEMORY"); e && *e) {
        char* end = nullptr;
        const unsigned long long v = std::strtoull(e, &end, 10);
        if (end && *end == '\0') return v;
    }
    return 250000;
}

BatchReport makeReport(const BatchPlan& plan, const ResultsStore& store, const std::string& stopped,
                       const std::string& scenarioHash) {
    const Scenario& sc = *plan.sc;
    BatchReport rep;
    // Up to analysisRunsInMemory() runs, the analysis holds its columns (8 bytes a run each,
    // fast); beyond, it streams them from the store and lets SQLite sort on disk, so its
    // memory stays flat however many runs there are. The numbers are the same either way.
    const std::uint64_t n = store.runCount();
    const bool streamed = n > analysisRunsInMemory();
    std::vector<std::int32_t> outcomes;
    std::vector<std::uint64_t> counts(sc.outcomes.size(), 0);
    if (streamed) {
        counts = store.outcomeCounts();
    } else {
        outcomes = store.outcomes();
        for (std::int32_t o : outcomes) {
            if (o >= 0) ++counts[static_cast<std::size_t>(o)];
        }
    }

    JsonWriter j(true);
    j.beginObject();
    j.key("scenario").value(sc.id);
    j.key("seed").value(plan.seed);
    j.key("runs").value(n);
    j.key("outcomes").beginObject();
    for (std::size_t o = 0; o < sc.outcomes.size(); ++o) {
        const Interval ci = wilson(counts[o], n);
        j.key(sc.outcomes[o]).beginObject();
        j.key("count").value(counts[o]);
        j.key("p").value(n ? static_cast<double>(counts[o]) / static_cast<double>(n) : 0.0);
        j.key("ci95").beginArray().value(ci.lo).value(ci.hi).endArray();
        j.endObject();
    }
    j.endObject();

    std::vector<MetricSummary> ms;
    j.key("metrics").beginObject();
    for (const auto& m : sc.metrics) {
        const std::string col = ResultsStore::metricColumn(m.name);
        ms.push_back(streamed ? summariseStreamed(store, col, n) : summarise(store.column(col)));
        const MetricSummary& s = ms.back();
        j.key(m.name).beginObject();
        j.key("mean").value(s.mean);
        j.key("sd").value(s.sd);
        j.key("ci95").beginArray().value(s.ci.lo).value(s.ci.hi).endArray();
        j.key("p05").value(s.p05);
        j.key("p50").value(s.p50);
        j.key("p95").value(s.p95);
        j.endObject();
    }
    j.endObject();
    j.key("brink_version").value(BRINK_VERSION);
    j.key("scenario_sha1").value(scenarioHash);
    j.key("stopped").value(stopped);
    j.key("runs_per_point").value(plan.runsPerPoint);

    // ---- what varied, and the sensitivity of each output to it -------------------------
    std::vector<ParamId> varied;
    if (plan.design.present) varied = plan.design.params;
    for (const auto& u : sc.uncertain) {
        if (u.pinned) continue;  // --set: the same value in every run
        if (std::find(varied.begin(), varied.end(), u.param) == varied.end()) varied.push_back(u.param);
    }
    if (plan.design.present) {
        j.key("design").beginObject();
        static const char* kinds[] = {"grid", "lhs", "sobol"};
        j.key("kind").value(kinds[static_cast<int>(plan.design.kind)]);
        j.key("points").value(static_cast<std::uint64_t>(plan.design.points.size()));
        j.key("factors").beginArray();
        for (ParamId p : plan.design.params) j.value(sc.paramNames[static_cast<std::size_t>(p)]);
        j.endArray();
        j.endObject();
    }
    std::string sensTable, sobolTable;
    std::vector<std::size_t> outcomeOutputs;  // outcomes that vary (an indicator to explain)
    for (std::size_t o = 0; o < sc.outcomes.size(); ++o) {
        if (counts[o] > 0 && counts[o] < n) outcomeOutputs.push_back(o);
    }
    if (!varied.empty() && n >= varied.size() + 3) {
        // one output at a time: memory stays flat in the number of outputs
        std::vector<std::string> inputCols;
        for (ParamId p : varied) inputCols.push_back(ResultsStore::paramColumn(sc.paramNames[static_cast<std::size_t>(p)]));
        // output i as the store reads it: an outcome's indicator, or a metric's column
        auto outputExpr = [&](std::size_t i) {
            if (i < outcomeOutputs.size()) return ResultsStore::outcomeIs(sc.outcomes[outcomeOutputs[i]]);
            return ResultsStore::metricColumn(sc.metrics[i - outcomeOutputs.size()].name);
        };
        // streamed: the ranks sorted on disk into a temporary table, read back in passes
        auto rankPass = [&store](bool inputs, bool output) {
            return [&store, inputs, output](const std::function<void(const double*)>& f) { store.eachRanked(inputs, output, f); };
        };
        std::optional<SrrcModel> model;
        std::optional<StreamedSrrc> streamedModel;
        if (streamed) {
            store.rankInputs(inputCols);
            streamedModel.emplace(inputCols.size(), n, rankPass(true, false));
        } else {
            std::vector<std::vector<double>> x;
            for (const auto& c : inputCols) x.push_back(store.column(c));
            model.emplace(x);
        }
        auto outputValues = [&](std::size_t i) {
            std::vector<double> y;
            if (i < outcomeOutputs.size()) {
                const auto o = static_cast<std::int32_t>(outcomeOutputs[i]);
                y.resize(n);
                for (std::uint64_t r = 0; r < n; ++r) y[r] = outcomes[r] == o ? 1.0 : 0.0;
            } else {
                y = store.column(outputExpr(i));
            }
            return y;
        };
        auto fit = [&](std::size_t i) {
            if (!streamed) return model->fit(outputValues(i));
            store.rankOutput(outputExpr(i));
            return streamedModel->fit(rankPass(false, true), rankPass(true, true));
        };
        std::vector<std::string> outNames;
        for (std::size_t o : outcomeOutputs) outNames.push_back("P(" + sc.outcomes[o] + ")");
        for (const auto& m : sc.metrics) outNames.push_back(m.name);
        j.key("sensitivity").beginObject();
        j.key("method").value("standardised rank regression coefficients (SRRC) over runs");
        j.key("params").beginArray();
        for (ParamId p : varied) j.value(sc.paramNames[static_cast<std::size_t>(p)]);
        j.endArray();
        j.key("outputs").beginObject();
        struct Row {
            std::string out, param;
            double coef;
        };
        std::vector<Row> rows;
        for (std::size_t i = 0; i < outNames.size(); ++i) {
            const Srrc s = fit(i);
            j.key(outNames[i]).beginObject();
            j.key("r2").value(s.r2);
            j.key("srrc").beginObject();
            for (std::size_t k = 0; k < varied.size(); ++k) {
                j.key(sc.paramNames[static_cast<std::size_t>(varied[k])]).value(s.coef[k]);
                rows.push_back({outNames[i], sc.paramNames[static_cast<std::size_t>(varied[k])], s.coef[k]});
            }
            j.endObject();
            j.endObject();
        }
        j.endObject();
        model.reset();
        streamedModel.reset();
        // Sobol indices on point means, when the design is Saltelli's
        if (plan.design.present && plan.design.kind == DesignKind::Sobol) {
            struct SobolRow {
                std::string out, param;
                double first, total;
                Interval firstCi, totalCi;
            };
            std::vector<SobolRow> sobolRows;
            j.key("sobol").beginObject();
            const std::vector<double> point = streamed ? std::vector<double>() : store.column("point");
            for (std::size_t oi = 0; oi < outNames.size(); ++oi) {
                std::vector<double> y(plan.design.points.size(), 0.0), cnt(plan.design.points.size(), 0.0);
                if (streamed) {
                    store.eachRow({"point", outputExpr(oi)}, [&](const double* v) {
                        y[static_cast<std::size_t>(v[0])] += v[1];
                        cnt[static_cast<std::size_t>(v[0])] += 1;
                    });
                } else {
                    const std::vector<double> values = outputValues(oi);
                    for (std::uint64_t r = 0; r < n; ++r) {
                        y[static_cast<std::size_t>(point[r])] += values[r];
                        cnt[static_cast<std::size_t>(point[r])] += 1;
                    }
                }
                for (std::size_t i = 0; i < y.size(); ++i) y[i] = cnt[i] > 0 ? y[i] / cnt[i] : 0.0;
                const SobolIndices si = sobolIndices(plan.design, y, plan.seed);
                j.key(outNames[oi]).beginObject();
                for (std::size_t k = 0; k < plan.design.params.size(); ++k) {
                    j.key(sc.paramNames[static_cast<std::size_t>(plan.design.params[k])]).beginObject();
                    j.key("first").value(si.first[k]);
                    j.key("first_ci95").beginArray().value(si.firstCi[k].lo).value(si.firstCi[k].hi).endArray();
                    j.key("total").value(si.total[k]);
                    j.key("total_ci95").beginArray().value(si.totalCi[k].lo).value(si.totalCi[k].hi).endArray();
                    j.endObject();
                    sobolRows.push_back({outNames[oi], sc.paramNames[static_cast<std::size_t>(plan.design.params[k])],
                                         si.first[k], si.total[k], si.firstCi[k], si.totalCi[k]});
                }
                j.endObject();
            }
            j.endObject();
            // the table: largest total effects first, each index with its bootstrap interval
            std::stable_sort(sobolRows.begin(), sobolRows.end(), [](const SobolRow& a, const SobolRow& b) { return a.total > b.total; });
            sobolTable = "\nSobol indices (first-order S1, total ST; 95% bootstrap intervals over " +
                         std::to_string(plan.design.sobolBase) + " base rows):\n";
            std::size_t shown = 0;
            bool outside = false;
            for (const auto& r : sobolRows) {
                outside = outside || r.first < 0 || r.first > 1 || r.total < 0 || r.total > 1;
                if (r.total < 0.05 || shown == 15) continue;
                // every column keeps a space before the next, however wide a value
                sobolTable += "  " + pad(r.param, 22) + " -> " + pad(r.out, 26) + " S1 " + pad(num(r.first, 2) + " ", 6) +
                              pad("[" + num(r.firstCi.lo, 2) + ", " + num(r.firstCi.hi, 2) + "] ", 17) + " ST " +
                              pad(num(r.total, 2) + " ", 6) + "[" + num(r.totalCi.lo, 2) + ", " + num(r.totalCi.hi, 2) + "]\n";
                ++shown;
            }
            if (shown == 0) sobolTable += "  no parameter has a total index of 0.05 or more\n";
            if (outside) {
                sobolTable += "  (an estimate outside 0..1 says the base rows are too few for it: raise --points; the "
                              "intervals say how far to trust each)\n";
            }
        }
        j.endObject();
        // ranked table: strongest influences first
        std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return std::fabs(a.coef) > std::fabs(b.coef); });
        sensTable = "\nWhat drives the results (standardised rank regression, |SRRC| from 1 = decisive to 0 = none):\n";
        std::size_t shown = 0;
        for (const auto& r : rows) {
            if (std::fabs(r.coef) < 0.05 || shown == 15) break;
            sensTable += "  " + pad(r.param, 22) + " -> " + pad(r.out, 26) + (r.coef >= 0 ? " +" : " -") +
                         num(std::fabs(r.coef), 2) + (r.coef >= 0 ? "  (raises it)\n" : "  (lowers it)\n");
            ++shown;
        }
        if (shown == 0) sensTable += "  no parameter moves any output by more than 0.05\n";
    }
    j.endObject();
    rep.summaryJson = j.str() + "\n";

    // ---- the table for people ----------------------------------------------------------
    std::string& t = rep.table;
    t = sc.title + " (" + sc.id + "): " + counted(static_cast<std::int64_t>(n), "run") + ", seed " + std::to_string(plan.seed) +
        (stopped == "until_ci" ? ", stopped once every interval was narrow enough" : "") + "\n\n";
    std::string& oc = rep.outcomes;
    std::size_t ow = 16;  // the outcome column fits the longest name
    for (std::size_t o = 0; o < sc.outcomes.size(); ++o) ow = std::max(ow, sc.outcomes[o].size());
    oc = pad("Outcomes", ow + 4) + "share    95% interval         runs\n";
    for (std::size_t o = 0; o < sc.outcomes.size(); ++o) {
        const Interval ci = wilson(counts[o], n);
        const double p = n ? static_cast<double>(counts[o]) / static_cast<double>(n) : 0.0;
        char buf[160];
        std::snprintf(buf, sizeof buf, " %6.2f%%   [%6.2f%%, %6.2f%%]  %s\n", 100 * p, 100 * ci.lo, 100 * ci.hi,
                      formatHuman(static_cast<double>(counts[o]), 0).c_str());
        oc += "  " + pad(sc.outcomes[o], ow) + buf;
    }
    t += oc;
    if (!sc.metrics.empty()) {
        std::size_t w = 6;
        for (const auto& m : sc.metrics) w = std::max(w, m.name.size());
        t += "\n" + pad("Metrics", w + 2) + "  mean [95% interval]         p05 / p50 / p95\n";
        for (std::size_t i = 0; i < sc.metrics.size(); ++i) {
            const auto& s = ms[i];
            t += "  " + pad(sc.metrics[i].name, w) + "  " + pad(brief(s.mean) + " [" + brief(s.ci.lo) + ", " + brief(s.ci.hi) + "]", 28) +
                 brief(s.p05) + " / " + brief(s.p50) + " / " + brief(s.p95) + "\n";
        }
    }
    t += sensTable + sobolTable;
    return rep;
}

}  // namespace brink
