// The expression VM: a switch over a flat instruction array with a fixed stack on the
// C++ stack. No allocation, no virtual calls; static operands were resolved at load.
#include <algorithm>
#include <cmath>

#include "brink/base/assert.hpp"
#include "brink/expr/expr.hpp"
#include "brink/scenario/scenario.hpp"
#include "brink/sim/world.hpp"

namespace brink {

double evaluate(const Scenario& sc, const World& w, ProgramId pid, const Bindings& bind) {
    const Program& p = sc.programs[static_cast<std::size_t>(pid)];
    if (p.isConst) return p.constValue;
    double st[256];
    int sp = 0;  // next free slot
    const Instr* code = sc.code.data();
    std::uint32_t pc = p.begin;
    [[maybe_unused]] const std::size_t nActors = sc.actors.size();  // read by assertions
    auto actor = [&](double v) {
        BRINK_ASSERT(v >= 0 && v < static_cast<double>(nActors), "an actor slot is unbound or out of range");
        return static_cast<ActorId>(v);
    };
    auto dy = [&](double x, double y) { return sc.dyad(actor(x), actor(y)); };
    // the actor a fused instruction reads: 0 the constant in k, 1 self, 2 target, 3 a, 4 b
    auto source = [&](unsigned s, double k) -> ActorId {
        switch (s) {
            case 1: return bind.self;
            case 2: return bind.target;
            case 3: return bind.a;
            case 4: return bind.b;
            default: return static_cast<ActorId>(k);
        }
    };
    auto one = [&](const Instr& in) {
        const ActorId a = source(in.n, in.k);
        BRINK_ASSERT(a >= 0 && static_cast<std::size_t>(a) < nActors, "an actor slot is unbound or out of range");
        return a;
    };
    auto two = [&](const Instr& in) -> DyadId {
        if (in.n == 0) return static_cast<DyadId>(in.k);  // both fixed: the dyad was resolved at load
        const ActorId x = source(in.n & 7, in.k), y = source(in.n >> 3, in.k);
        BRINK_ASSERT(x >= 0 && y >= 0, "an actor slot is unbound");
        return sc.dyad(x, y);
    };
    while (pc < p.end) {
        const Instr& in = code[pc++];
        switch (in.op) {
            case Op::Const: st[sp++] = in.k; break;
            case Op::Param: st[sp++] = w.params[in.arg]; break;
            case Op::Turn: st[sp++] = static_cast<double>(w.turn); break;
            case Op::Day: st[sp++] = static_cast<double>(w.day); break;
            case Op::Self: st[sp++] = bind.self; break;
            case Op::Target: st[sp++] = bind.target; break;
            case Op::A: st[sp++] = bind.a; break;
            case Op::B: st[sp++] = bind.b; break;
            case Op::Add: --sp; st[sp - 1] += st[sp]; break;
            case Op::Sub: --sp; st[sp - 1] -= st[sp]; break;
            case Op::Mul: --sp; st[sp - 1] *= st[sp]; break;
            case Op::Div:
                --sp;
                if (st[sp] == 0.0) throw EvalError(pid, "division by zero");
                st[sp - 1] /= st[sp];
                break;
            case Op::Neg: st[sp - 1] = -st[sp - 1]; break;
            case Op::Lt: --sp; st[sp - 1] = st[sp - 1] < st[sp]; break;
            case Op::Le: --sp; st[sp - 1] = st[sp - 1] <= st[sp]; break;
            case Op::Gt: --sp; st[sp - 1] = st[sp - 1] > st[sp]; break;
            case Op::Ge: --sp; st[sp - 1] = st[sp - 1] >= st[sp]; break;
            case Op::Eq: --sp; st[sp - 1] = st[sp - 1] == st[sp]; break;
            case Op::Ne: --sp; st[sp - 1] = st[sp - 1] != st[sp]; break;
            case Op::Not: st[sp - 1] = st[sp - 1] == 0.0; break;
            case Op::Jz:
                if (st[--sp] == 0.0) pc = in.arg;
                break;
            case Op::JzKeep:
                if (st[sp - 1] == 0.0) pc = in.arg;
                else --sp;
                break;
            case Op::JnzKeep:
                if (st[sp - 1] != 0.0) pc = in.arg;
                else --sp;
                break;
            case Op::Jmp: pc = in.arg; break;
            case Op::Stock: st[sp - 1] = w.stockOf(actor(st[sp - 1]), static_cast<AssetId>(in.arg)); break;
            case Op::Tech: st[sp - 1] = w.techOf(actor(st[sp - 1]), static_cast<DomainId>(in.arg)); break;
            case Op::Tension: {
                --sp;
                const DyadId d = dy(st[sp - 1], st[sp]);
                st[sp - 1] = d == kNone ? 0.0 : w.tension[static_cast<std::size_t>(d)];
                break;
            }
            case Op::Stance: {
                --sp;
                const DyadId d = dy(st[sp - 1], st[sp]);
                // stance strings are interned first, so a stance's string id is its index
                st[sp - 1] = d == kNone ? static_cast<double>(Stance::Neutral)
                                        : static_cast<double>(w.stance[static_cast<std::size_t>(d)]);
                break;
            }
            case Op::Rung: {
                --sp;
                const DyadId d = dy(st[sp - 1], st[sp]);
                st[sp - 1] = d == kNone ? 0.0 : w.rung[static_cast<std::size_t>(d)];
                break;
            }
            case Op::PeakRung: {
                --sp;
                const DyadId d = dy(st[sp - 1], st[sp]);
                st[sp - 1] = d == kNone ? 0.0 : w.peak[static_cast<std::size_t>(d)];
                break;
            }
            case Op::PeakRungAll: {
                std::int16_t m = 0;
                for (const auto& r : sc.relations) m = std::max(m, w.peak[static_cast<std::size_t>(sc.dyad(r.a, r.b))]);
                st[sp++] = m;
                break;
            }
            case Op::Posture:
                st[sp - 1] = sc.postures[static_cast<std::size_t>(w.posture[static_cast<std::size_t>(actor(st[sp - 1]))])].str;
                break;
            case Op::PostureLevel:
                st[sp - 1] = sc.postures[static_cast<std::size_t>(w.posture[static_cast<std::size_t>(actor(st[sp - 1]))])].level;
                break;
            case Op::Resolve: st[sp - 1] = w.resolve[static_cast<std::size_t>(actor(st[sp - 1]))]; break;
            case Op::Stability: st[sp - 1] = w.stability[static_cast<std::size_t>(actor(st[sp - 1]))]; break;
            case Op::Power: st[sp - 1] = w.power(actor(st[sp - 1])); break;
            case Op::Deterrence:
                --sp;
                st[sp - 1] = actor(st[sp - 1]) == actor(st[sp]) ? 0.0 : w.deterrence(actor(st[sp - 1]), actor(st[sp]));
                break;
            case Op::Bloc: st[sp - 1] = sc.actors[static_cast<std::size_t>(actor(st[sp - 1]))].bloc; break;
            case Op::Nuclear: st[sp - 1] = sc.actors[static_cast<std::size_t>(actor(st[sp - 1]))].nuclear ? 1.0 : 0.0; break;
            case Op::Allied: {
                --sp;
                const DyadId d = dy(st[sp - 1], st[sp]);
                st[sp - 1] = d != kNone && w.stance[static_cast<std::size_t>(d)] == Stance::Alliance;
                break;
            }
            case Op::Treaty: {
                --sp;
                const DyadId d = dy(st[sp - 1], st[sp]);
                st[sp - 1] = d != kNone && (w.treaties[static_cast<std::size_t>(d)] >> in.arg) & 1u;
                break;
            }
            case Op::Sent: st[sp++] = w.flows[in.arg].sent; break;
            case Op::Delivered: st[sp++] = w.flows[in.arg].delivered; break;
            case Op::Interdicted: st[sp++] = w.flows[in.arg].interdicted; break;
            case Op::InTransit: st[sp++] = w.flows[in.arg].inTransit; break;
            case Op::Detected: st[sp++] = w.flows[in.arg].detected; break;
            case Op::Shipments: st[sp++] = static_cast<double>(w.flows[in.arg].shipments); break;
            case Op::Fired: st[sp++] = w.fired[in.arg]; break;
            case Op::EscScore: st[sp - 1] = w.escScore[static_cast<std::size_t>(actor(st[sp - 1]))]; break;
            case Op::Metric: st[sp++] = w.metrics[in.arg]; break;
            case Op::Min: {
                sp -= in.n - 1;
                double v = st[sp - 1];
                for (int i = 0; i < in.n - 1; ++i) v = std::min(v, st[sp + i]);
                st[sp - 1] = v;
                break;
            }
            case Op::Max: {
                sp -= in.n - 1;
                double v = st[sp - 1];
                for (int i = 0; i < in.n - 1; ++i) v = std::max(v, st[sp + i]);
                st[sp - 1] = v;
                break;
            }
            case Op::Clamp:
                sp -= 2;
                st[sp - 1] = std::min(std::max(st[sp - 1], st[sp]), st[sp + 1]);
                break;
            case Op::Abs: st[sp - 1] = std::fabs(st[sp - 1]); break;

            // fused forms (see the peephole pass in expr_fuse.cpp)
            case Op::StockX: st[sp++] = w.stockOf(one(in), static_cast<AssetId>(in.arg)); break;
            case Op::TechX: st[sp++] = w.techOf(one(in), static_cast<DomainId>(in.arg)); break;
            case Op::PostureX: st[sp++] = sc.postures[static_cast<std::size_t>(w.posture[static_cast<std::size_t>(one(in))])].str; break;
            case Op::PostureLevelX:
                st[sp++] = sc.postures[static_cast<std::size_t>(w.posture[static_cast<std::size_t>(one(in))])].level;
                break;
            case Op::ResolveX: st[sp++] = w.resolve[static_cast<std::size_t>(one(in))]; break;
            case Op::StabilityX: st[sp++] = w.stability[static_cast<std::size_t>(one(in))]; break;
            case Op::PowerX: st[sp++] = w.power(one(in)); break;
            case Op::BlocX: st[sp++] = sc.actors[static_cast<std::size_t>(one(in))].bloc; break;
            case Op::NuclearX: st[sp++] = sc.actors[static_cast<std::size_t>(one(in))].nuclear ? 1.0 : 0.0; break;
            case Op::EscScoreX: st[sp++] = w.escScore[static_cast<std::size_t>(one(in))]; break;
            case Op::TensionX: {
                const DyadId d = two(in);
                st[sp++] = d == kNone ? 0.0 : w.tension[static_cast<std::size_t>(d)];
                break;
            }
            case Op::StanceX: {
                const DyadId d = two(in);
                st[sp++] = d == kNone ? static_cast<double>(Stance::Neutral) : static_cast<double>(w.stance[static_cast<std::size_t>(d)]);
                break;
            }
            case Op::RungX: {
                const DyadId d = two(in);
                st[sp++] = d == kNone ? 0.0 : w.rung[static_cast<std::size_t>(d)];
                break;
            }
            case Op::PeakRungX: {
                const DyadId d = two(in);
                st[sp++] = d == kNone ? 0.0 : w.peak[static_cast<std::size_t>(d)];
                break;
            }
            case Op::AlliedX: {
                const DyadId d = two(in);
                st[sp++] = d != kNone && w.stance[static_cast<std::size_t>(d)] == Stance::Alliance;
                break;
            }
            case Op::TreatyX: {
                const DyadId d = two(in);
                st[sp++] = d != kNone && (w.treaties[static_cast<std::size_t>(d)] >> in.arg) & 1u;
                break;
            }
            case Op::DeterrenceX: {
                ActorId x, y;
                if (in.n == 0) {
                    x = static_cast<ActorId>(std::fmod(in.k, 1048576.0));
                    y = static_cast<ActorId>(in.k / 1048576.0);
                } else {
                    x = source(in.n & 7, in.k);
                    y = source(in.n >> 3, in.k);
                }
                st[sp++] = x == y ? 0.0 : w.deterrence(x, y);
                break;
            }
            case Op::AddK: st[sp - 1] += in.k; break;
            case Op::SubK: st[sp - 1] -= in.k; break;
            case Op::MulK: st[sp - 1] *= in.k; break;
            case Op::DivK: st[sp - 1] /= in.k; break;  // never 0: refused at load
            case Op::LtK: st[sp - 1] = st[sp - 1] < in.k; break;
            case Op::LeK: st[sp - 1] = st[sp - 1] <= in.k; break;
            case Op::GtK: st[sp - 1] = st[sp - 1] > in.k; break;
            case Op::GeK: st[sp - 1] = st[sp - 1] >= in.k; break;
            case Op::EqK: st[sp - 1] = st[sp - 1] == in.k; break;
            case Op::NeK: st[sp - 1] = st[sp - 1] != in.k; break;
        }
    }
    const double r = st[0];
    if (!std::isfinite(r)) throw EvalError(pid, "result is not a finite number (overflow)");
    return r;
}

}  // namespace brink
