#include "brink/batch/plan.hpp"

namespace brink {

std::uint64_t BatchPlan::runSeed(std::uint64_t run) const {
    // 63 bits: a seed that fits every signed 64-bit column (SQLite, pandas) unchanged
    Rng r({seed, pointOf(run), replicationOf(run)});
    return r.next() >> 1;
}

RunSetup BatchPlan::setup(std::uint64_t run) const {
    RunSetup s;
    s.key = {runSeed(run), 0, 0};
    s.turns = turns;
    s.reseed = true;  // a saved scenario's runs each get their own stream ("what could happen from here")
    if (design.present) {
        const auto& values = design.points[static_cast<std::size_t>(pointOf(run))];
        for (std::size_t j = 0; j < design.params.size(); ++j) s.params.emplace_back(design.params[j], values[j]);
    }
    return s;
}

struct BatchWorker::Tracer : Observer {
    std::vector<double>* out = nullptr;
    double run = 0;
    void happened(const World&, const Happening&) override {}
    void recorded(const World& w) override {
        out->push_back(run);
        out->push_back(static_cast<double>(w.turn));
        out->push_back(static_cast<double>(w.day));
        out->insert(out->end(), w.metrics.begin(), w.metrics.end());
    }
    [[nodiscard]] bool wantsText() const override { return false; }
};

BatchWorker::BatchWorker(const BatchPlan& plan, bool trace) : m_plan(plan), m_trace(trace) {
    if (m_trace) m_tracer = std::make_unique<Tracer>();
}

BatchWorker::~BatchWorker() = default;

ChunkResult BatchWorker::run(std::uint64_t chunk) {
    const Scenario& sc = *m_plan.sc;
    ChunkResult r;
    r.chunk = chunk;
    r.first = chunk * m_plan.chunkSize;
    const std::uint64_t end = std::min(r.first + m_plan.chunkSize, m_plan.totalRuns());
    r.count = static_cast<std::uint32_t>(end - r.first);
    r.outcome.reserve(r.count);
    r.turns.reserve(r.count);
    r.metrics.reserve(r.count * sc.metrics.size());
    r.params.reserve(r.count * sc.params.size());
    for (std::uint64_t run = r.first; run < end; ++run) {
        const RunSetup setup = m_plan.setup(run);
        if (!m_sim) {
            m_sim = std::make_unique<Simulation>(m_plan.sc, setup);
            m_sim->setNative(m_plan.native);
        } else if (!m_plan.from) {
            m_sim->restart(setup);
        }
        if (m_plan.from) m_sim->restartFrom(*m_plan.from, setup);
        m_sim->setFinalMetricsOnly(!m_trace);  // only final values are stored without --trace
        if (m_tracer) {
            m_tracer->out = &r.trace;
            m_tracer->run = static_cast<double>(run);
            m_sim->setObserver(m_tracer.get());
        }
        m_sim->run();
        const World& w = m_sim->world();
        r.outcome.push_back(m_sim->outcome());
        r.turns.push_back(w.turn);
        r.metrics.insert(r.metrics.end(), w.metrics.begin(), w.metrics.end());
        r.params.insert(r.params.end(), w.params.begin(), w.params.end());
    }
    return r;
}

}  // namespace brink
