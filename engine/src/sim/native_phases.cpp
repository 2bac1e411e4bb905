// The compiled backend's phases of a turn (native/codegen_phases.cpp) and the engine: the
// pointers into this run's World they read and write, and what they call back for, which is
// the engine's own code (applying an effect, scheduling an action's effects, failing).
#include <cstddef>
#include <cstring>

#include "brink/native/native.hpp"
#include "brink/sim/sim.hpp"
#include "native/abi.hpp"

namespace brink {

// the engine's calendar entries, as the generated code reads and writes them
static_assert(sizeof(BrinkNativeCalEntry) == sizeof(CalEntry));
static_assert(offsetof(BrinkNativeCalEntry, seq) == offsetof(CalEntry, seq));
static_assert(offsetof(BrinkNativeCalEntry, amount) == offsetof(CalEntry, amount));
static_assert(offsetof(BrinkNativeCalEntry, priority) == offsetof(CalEntry, priority));
static_assert(offsetof(BrinkNativeCalEntry, i2) == offsetof(CalEntry, i2));
static_assert(offsetof(BrinkNativeCalEntry, kind) == offsetof(CalEntry, kind));
static_assert(offsetof(BrinkNativeCalEntry, flags) == offsetof(CalEntry, flags));
static_assert(sizeof(CalKind) == 1);

void Simulation::bindPhases() {
    m_phases = m_native ? m_native->phases() : nullptr;
    if (!m_phases || m_w.native.owner != &m_w) {
        m_phases = nullptr;
        return;
    }
    if (!m_nativeTurn) m_nativeTurn = std::make_shared<BrinkNativeTurn>();
    if (m_effectTable.empty()) m_effectTable = detail::effectTable(*m_sc);
    BrinkNativeTurn& t = *m_nativeTurn;
    t.view = static_cast<const BrinkNativeView*>(m_w.native.view);
    t.rng = m_w.rng.words();
    t.stock = m_w.stock.data();
    t.tech = m_w.tech.data();
    t.escScore = m_w.escScore.data();
    t.posture = m_w.posture.data();
    t.tension = m_w.tension.data();
    t.baseline = m_w.baseline.data();
    t.rung = m_w.rung.data();
    t.peak = m_w.peak.data();
    t.fired = m_w.fired.data();
    t.pendingOutcome = &m_w.pendingOutcome;
    t.flows = reinterpret_cast<BrinkNativeFlow*>(m_w.flows.data());
    m_nativePushed.resize(128);  // a day holds 64 entries at most in the module, each scheduling two
    t.pushed = reinterpret_cast<BrinkNativeCalEntry*>(m_nativePushed.data());
    t.npushed = 0;
    t.sim = this;
    t.touch = &Simulation::nativeTouch;
    t.fail = &Simulation::nativeFail;
    t.overflow = &Simulation::nativeOverflow;
    t.effect = &Simulation::nativeEffect;
    t.schedule = &Simulation::nativeSchedule;
    t.arrive = &Simulation::nativeArrive;
}

void Simulation::nativeTouch(void* sim) { static_cast<Simulation*>(sim)->m_w.touch(); }

void Simulation::nativeFail(void* sim, std::int32_t program, int err) {
    const Simulation& s = *static_cast<Simulation*>(sim);
    detail::nativeFailed(*s.m_sc, s.m_w, program, err);
}

void Simulation::nativeOverflow(void* sim, std::int32_t what, std::int32_t actor, std::int32_t asset, std::int32_t effect) {
    const Simulation& s = *static_cast<Simulation*>(sim);
    const SourceLoc loc = effect >= 0 ? s.m_effectTable[static_cast<std::size_t>(effect)]->loc : SourceLoc{};
    s.overflow(what == detail::kNativeTech ? "technology level" : what == detail::kNativeSent ? "total sent" : "stock", actor, asset, loc);
}

void Simulation::nativeEffect(void* sim, std::int32_t effect, const BrinkNativeBindings* b, double v, double v2, double v3) {
    Simulation& s = *static_cast<Simulation*>(sim);
    Change c;
    c.kind = Change::Kind::Effect;
    c.effect = s.m_effectTable[static_cast<std::size_t>(effect)];
    c.b = Bindings{b->self, b->target, b->a, b->b};
    c.v = v;
    c.v2 = v2;
    c.v3 = v3;
    s.applyEffect(c);
}

void Simulation::nativeSchedule(void* sim, std::int32_t action, std::int32_t actor, std::int32_t target) {
    Simulation& s = *static_cast<Simulation*>(sim);
    Change c{Change::Kind::Schedule, kNone, nullptr, {}, action, actor, target, 0};
    s.apply(c);
}

void Simulation::nativeArrive(void* sim, const BrinkNativeCalEntry* e, int wasInTransit) {
    CalEntry c;
    std::memcpy(&c, e, sizeof c);
    static_cast<Simulation*>(sim)->arrive(c, wasInTransit != 0);
}

}  // namespace brink
