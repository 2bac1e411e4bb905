// Loading what shapes a run rather than the world: parameters, uncertain factors, metrics,
// the end condition, objectives and the experiment design.
#include <cmath>

#include "loader_impl.hpp"

namespace brink::detail {

void Loader::paramsSection(const YNode* n) {
    if (!n || !m_rd.isMap(n, "params", "name: number pairs")) return;
    for (const auto& [k, v] : n->entries) {
        const std::string name = m_rd.id(k, "parameter name", false);
        if (name.empty()) continue;
        m_sc.paramNames.push_back(name);
        m_sc.params.push_back(m_rd.number(v, "params." + name, -kBig, kBig));
    }
}

void Loader::uncertainSection(const YNode* n) {
    if (!n || !m_rd.isMap(n, "uncertain", "name: {distribution: [...]} pairs")) return;
    for (const auto& [k, v] : n->entries) {
        const std::string name = m_rd.id(k, "uncertain parameter name", false);
        if (name.empty()) continue;
        const std::string ctx = "uncertain." + name;
        if (!m_rd.keys(v, ctx, {"uniform", "normal", "triangular", "choice"})) continue;
        if (v->entries.size() != 1) {
            m_rd.error(v, ctx + " has " + std::to_string(v->entries.size()) + " distributions", "exactly one",
                       "write one of uniform, normal, triangular or choice");
            continue;
        }
        const auto& [dk, dv] = v->entries.front();
        UncertainDef u;
        u.loc = dk->loc;
        const std::string& d = dk->value;
        std::size_t want = 0;
        if (d == "uniform") u.kind = DistKind::Uniform, want = 2;
        else if (d == "normal") u.kind = DistKind::Normal, want = 2;
        else if (d == "triangular") u.kind = DistKind::Triangular, want = 3;
        else if (d == "choice") u.kind = DistKind::Choice;
        else continue;  // reported by keys()
        if (!m_rd.isSeq(dv, ctx + "." + d, "a list of numbers")) continue;
        for (const YNode* x : dv->items) u.args.push_back(m_rd.number(x, ctx + "." + d + " value", -kBig, kBig));
        const char* form = d == "uniform" ? "[lo, hi]" : d == "normal" ? "[mean, sd]" : d == "triangular" ? "[lo, mode, hi]" : "[v1, v2, ...]";
        if ((want && u.args.size() != want) || (!want && u.args.empty())) {
            m_rd.error(dv, ctx + "." + d + " has " + std::to_string(u.args.size()) + " values", form);
            continue;
        }
        if (u.kind == DistKind::Uniform && u.args[0] > u.args[1]) {
            m_rd.error(dv, ctx + ".uniform has lo above hi", "[lo, hi] with lo <= hi");
            continue;
        }
        if (u.kind == DistKind::Normal && u.args[1] < 0) {
            m_rd.error(dv, ctx + ".normal has a negative sd", "[mean, sd] with sd >= 0");
            continue;
        }
        if (u.kind == DistKind::Triangular && !(u.args[0] <= u.args[1] && u.args[1] <= u.args[2])) {
            m_rd.error(dv, ctx + ".triangular is out of order", "[lo, mode, hi] with lo <= mode <= hi");
            continue;
        }
        ParamId p = m_sc.paramIndex(name);
        if (p == kNone) {
            m_sc.paramNames.push_back(name);
            const double centre = u.kind == DistKind::Uniform ? (u.args[0] + u.args[1]) / 2
                                  : u.kind == DistKind::Triangular ? u.args[1] : u.args[0];
            m_sc.params.push_back(centre);
            p = static_cast<ParamId>(m_sc.params.size() - 1);
        }
        u.param = p;
        m_sc.uncertain.push_back(std::move(u));
    }
}

void Loader::metricsSection(const YNode* n, bool declareOnly) {
    if (!n) return;
    if (declareOnly) {
        if (!m_rd.isMap(n, "metrics", "name: expression pairs")) return;
        limit(n, n->entries.size(), m_opt.limits.maxItems, "metrics");
        for (const auto& [k, v] : n->entries) {
            MetricDef m;
            m.name = m_rd.id(k, "metric name");
            if (m.name == "turn" || m.name == "day") {
                m_rd.error(k, "metric name " + q(m.name) + " clashes with a column of metrics.csv", "another name");
                continue;
            }
            if (m.name.empty() || m_sc.metricIds.find(m.name) != kNone) continue;
            m_sc.metricIds.add(m.name);
            m_sc.metrics.push_back(std::move(m));
        }
        return;
    }
    if (!n->isMap()) return;
    for (const auto& [k, v] : n->entries) {
        std::int32_t i = kNone;
        for (std::size_t j = 0; j < m_sc.metrics.size(); ++j) {
            if (m_sc.metrics[j].name == k->value) i = static_cast<std::int32_t>(j);
        }
        if (i == kNone) continue;
        m_sc.metrics[static_cast<std::size_t>(i)].expr = expr(v, "metrics." + k->value, {}, ValueType::Num, true);
    }
}

void Loader::endSection(const YNode* n) {
    if (!n || !m_rd.isSeq(n, "end", "a list of - {when, outcome}")) return;
    limit(n, n->items.size(), m_opt.limits.maxItems, "end");
    for (const YNode* item : n->items) {
        if (!m_rd.keys(item, "an end condition", {"when", "outcome"})) continue;
        EndDef e;
        if (const YNode* x = item->get("when")) e.when = expr(x, "end.when", {}, ValueType::Bool);
        else m_rd.missing(item, "when", "an end condition", "a condition");
        if (const YNode* x = item->get("outcome")) {
            const std::string o = m_rd.id(x, "end outcome");
            if (o == "horizon") m_rd.error(x, "outcome 'horizon' is reserved", "another outcome name", "horizon means the turns ran out");
            else if (!o.empty()) e.outcome = outcome(o);
        } else {
            m_rd.missing(item, "outcome", "an end condition", "an outcome name such as ceasefire");
        }
        m_sc.ends.push_back(e);
    }
}

void Loader::objectivesSection(const YNode* n) {
    if (!n || !m_rd.isMap(n, "objectives", "actor: {name: expression} pairs")) return;
    for (const auto& [k, v] : n->entries) {
        if (v->isMap()) limit(v, v->entries.size(), m_opt.limits.maxItems, "objectives." + k->value);
        const ActorId a = ref(k, actorIds(), "actor", "objectives");
        if (a == kNone || !m_rd.isMap(v, "objectives." + k->value, "name: expression pairs")) continue;
        for (const auto& [ok, ov] : v->entries) {
            ObjectiveDef o;
            o.actor = a;
            o.name = m_rd.id(ok, "objective name");
            const std::string ctx = "objectives." + k->value + "." + o.name;
            const YNode* score = ov;
            if (ov->isMap()) {
                // {score: expression, text: "what it means, in words"}
                if (!m_rd.keys(ov, ctx, {"score", "text"})) continue;
                score = ov->get("score");
                if (!score) {
                    m_rd.missing(ov, "score", ctx, "an expression of self, such as \"peak_rung() < 3\"");
                    continue;
                }
                if (const YNode* t = ov->get("text")) o.text = m_rd.text(t, ctx + ".text");
            }
            o.expr = expr(score, ctx, ExprScope{true, false, false}, ValueType::Num, true);
            m_sc.objectives.push_back(std::move(o));
        }
    }
}

void Loader::experimentSection(const YNode* n) {
    if (!n || !m_rd.keys(n, "experiment", {"design", "points", "runs", "params"})) return;
    ExperimentDef& e = m_sc.experiment;
    e.present = true;
    if (const YNode* x = n->get("design")) {
        const std::string d = m_rd.text(x, "experiment.design");
        if (d == "grid") e.design = DesignKind::Grid;
        else if (d == "lhs") e.design = DesignKind::Lhs;
        else if (d == "sobol") e.design = DesignKind::Sobol;
        else m_rd.error(x, "unknown design " + q(d), "grid, lhs or sobol", suggest(d, {"grid", "lhs", "sobol"}));
    }
    if (const YNode* x = n->get("points")) e.points = m_rd.integer(x, "experiment.points", 1, 100'000'000);
    if (const YNode* x = n->get("runs")) e.runs = m_rd.integer(x, "experiment.runs", 1, 1'000'000'000);
    if (e.design != DesignKind::Grid && !n->get("points")) {
        m_rd.missing(n, "points", "experiment", "the number of design points");
    }
    const YNode* ps = n->get("params");
    if (!ps) {
        m_rd.missing(n, "params", "experiment", "name: [lo, hi] or a list of levels");
        return;
    }
    if (!m_rd.isMap(ps, "experiment.params", "name: [lo, hi] or name: [level, level, ...]")) return;
    for (const auto& [k, v] : ps->entries) {
        ExperimentDef::Factor f;
        f.param = ref(k, m_sc.paramNames, "parameter", "experiment.params");
        if (f.param == kNone || !m_rd.isSeq(v, "experiment.params." + k->value, "[lo, hi] or a list of levels")) continue;
        std::vector<double> vals;
        for (const YNode* x : v->items) vals.push_back(m_rd.number(x, "experiment.params." + k->value + " value", -kBig, kBig));
        if (vals.empty()) {
            m_rd.error(v, "experiment.params." + k->value + " is empty", "[lo, hi] or a list of levels");
            continue;
        }
        const bool range = e.design != DesignKind::Grid || (n->get("points") && vals.size() == 2);
        f.isRange = range;
        if (range) {
            if (vals.size() != 2 || vals[0] > vals[1]) {
                m_rd.error(v, "experiment.params." + k->value + " is not a range", "[lo, hi] with lo <= hi");
                continue;
            }
            f.lo = vals[0];
            f.hi = vals[1];
        } else {
            f.levels = vals;
        }
        e.factors.push_back(std::move(f));
    }
}

}  // namespace brink::detail
