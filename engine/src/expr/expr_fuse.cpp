// Peephole pass over a compiled expression: an actor pushed on the stack and the function
// that reads it become one instruction (stock(self, shells) reads self directly), and a
// constant and the operator that takes it become one (x * 2). The evaluator (eval.cpp)
// runs the fused forms; the expression tests (tests/engine/expr_test.cpp) check the values
// they give.
#include "expr_fuse.hpp"

#include <vector>

namespace brink::detail {

namespace {
int actorSource(const Instr& in) {
    switch (in.op) {
        case Op::Const: return 0;
        case Op::Self: return 1;
        case Op::Target: return 2;
        case Op::A: return 3;
        case Op::B: return 4;
        default: return -1;
    }
}
bool fusedOne(Op op, Op& out) {
    switch (op) {
        case Op::Stock: out = Op::StockX; return true;
        case Op::Tech: out = Op::TechX; return true;
        case Op::Posture: out = Op::PostureX; return true;
        case Op::PostureLevel: out = Op::PostureLevelX; return true;
        case Op::Resolve: out = Op::ResolveX; return true;
        case Op::Stability: out = Op::StabilityX; return true;
        case Op::Power: out = Op::PowerX; return true;
        case Op::Bloc: out = Op::BlocX; return true;
        case Op::Nuclear: out = Op::NuclearX; return true;
        case Op::EscScore: out = Op::EscScoreX; return true;
        default: return false;
    }
}
bool fusedTwo(Op op, Op& out) {
    switch (op) {
        case Op::Tension: out = Op::TensionX; return true;
        case Op::Stance: out = Op::StanceX; return true;
        case Op::Rung: out = Op::RungX; return true;
        case Op::PeakRung: out = Op::PeakRungX; return true;
        case Op::Allied: out = Op::AlliedX; return true;
        case Op::Treaty: out = Op::TreatyX; return true;
        case Op::Deterrence: out = Op::DeterrenceX; return true;
        default: return false;
    }
}
bool withConst(Op op, Op& out) {
    switch (op) {
        case Op::Add: out = Op::AddK; return true;
        case Op::Sub: out = Op::SubK; return true;
        case Op::Mul: out = Op::MulK; return true;
        case Op::Div: out = Op::DivK; return true;
        case Op::Lt: out = Op::LtK; return true;
        case Op::Le: out = Op::LeK; return true;
        case Op::Gt: out = Op::GtK; return true;
        case Op::Ge: out = Op::GeK; return true;
        case Op::Eq: out = Op::EqK; return true;
        case Op::Ne: out = Op::NeK; return true;
        default: return false;
    }
}
}  // namespace

// Rewrites the program's code [begin, end) in place. Only runs of instructions that
/// no jump lands inside are fused; jump targets are renumbered afterwards.
void fuseActorReads(Scenario& sc, std::uint32_t begin) {
    std::vector<Instr>& code = sc.code;
    const std::uint32_t end = static_cast<std::uint32_t>(code.size());
    std::vector<bool> target(end - begin + 1, false);
    for (std::uint32_t i = begin; i < end; ++i) {
        const Op op = code[i].op;
        if (op == Op::Jz || op == Op::JzKeep || op == Op::JnzKeep || op == Op::Jmp) target[code[i].arg - begin] = true;
    }
    std::vector<std::uint32_t> newIndex(end - begin + 1, 0);
    std::vector<Instr> out;
    auto free = [&](std::uint32_t i) { return !target[i - begin]; };  // no jump lands on i
    for (std::uint32_t i = begin; i < end;) {
        newIndex[i - begin] = begin + static_cast<std::uint32_t>(out.size());
        Op f;
        // two actors, then a dyad function
        if (i + 2 < end && free(i + 1) && free(i + 2) && fusedTwo(code[i + 2].op, f) && actorSource(code[i]) >= 0 &&
            actorSource(code[i + 1]) >= 0) {
            const int sa = actorSource(code[i]), sb = actorSource(code[i + 1]);
            {
                Instr x = code[i + 2];
                x.op = f;
                x.n = static_cast<std::uint8_t>(sa | (sb << 3));
                if (sa == 0 && sb == 0) {
                    const auto a = static_cast<ActorId>(code[i].k), b = static_cast<ActorId>(code[i + 1].k);
                    // both fixed: the dyad (or, for the directional deterrence, both ids)
                    x.k = f == Op::DeterrenceX ? static_cast<double>(a) + static_cast<double>(b) * 1048576.0
                                               : static_cast<double>(sc.dyad(a, b));
                } else if (sa == 0) {
                    x.k = code[i].k;
                } else if (sb == 0) {
                    x.k = code[i + 1].k;
                }
                out.push_back(x);
                newIndex[i + 1 - begin] = newIndex[i + 2 - begin] = newIndex[i - begin];
                i += 3;
                continue;
            }
        }
        // one actor, then a function of it
        if (i + 1 < end && free(i + 1) && fusedOne(code[i + 1].op, f) && actorSource(code[i]) >= 0) {
            Instr x = code[i + 1];
            x.op = f;
            x.n = static_cast<std::uint8_t>(actorSource(code[i]));
            if (x.n == 0) x.k = code[i].k;
            out.push_back(x);
            newIndex[i + 1 - begin] = newIndex[i - begin];
            i += 2;
            continue;
        }
        // a constant, then a binary operator
        if (i + 1 < end && free(i + 1) && code[i].op == Op::Const && withConst(code[i + 1].op, f)) {
            Instr x = code[i + 1];
            x.op = f;
            x.k = code[i].k;
            out.push_back(x);
            newIndex[i + 1 - begin] = newIndex[i - begin];
            i += 2;
            continue;
        }
        out.push_back(code[i]);
        ++i;
    }
    newIndex[end - begin] = begin + static_cast<std::uint32_t>(out.size());
    for (Instr& in : out) {
        if (in.op == Op::Jz || in.op == Op::JzKeep || in.op == Op::JnzKeep || in.op == Op::Jmp) {
            in.arg = newIndex[in.arg - begin];
        }
    }
    code.resize(begin);
    code.insert(code.end(), out.begin(), out.end());
}

}  // namespace brink::detail
