// The compiled backend's code generator (native.hpp): each program of a scenario, already
// compiled to the interpreter's stack code, becomes a C++ function whose statements are
// those instructions one for one, on named stack slots instead of an array, with the
// scenario's constants (actor blocs, nuclear flags, posture tables, fixed dyads, the
// relations' dyads) written in. Jumps become gotos to labels. Nothing is reordered or
// combined: the C++ compiler may keep slots in registers, but with -ffp-contract=off and
// without -ffast-math it must compute every operation as written, so each function gives
// the interpreter's result bit for bit, and fails where the interpreter fails.
#include <cmath>
#include <sstream>
#include <vector>

#include "abi.hpp"
#include "codegen.hpp"
#include "brink/base/numfmt.hpp"
#include "brink/expr/expr.hpp"
#include "brink/native/native.hpp"

namespace brink {

namespace {

std::string lit(double v) { return detail::nativeLiteral(v); }

}  // namespace

/// A double as C++ source that reads back to the same value.
std::string detail::nativeLiteral(double v) {
    if (std::isnan(v)) return "__builtin_nan(\"\")";
    if (std::isinf(v)) return v > 0 ? "__builtin_inf()" : "-__builtin_inf()";
    std::ostringstream s;
    s.precision(17);
    s << std::scientific << v;
    return s.str();
}

namespace {

/// How an instruction changes the stack: pops, then pushes.
struct Effect {
    int pop = 0, push = 0;
};

Effect stackEffect(const Instr& in) {
    switch (in.op) {
        case Op::Const: case Op::Param: case Op::Turn: case Op::Day: case Op::Self: case Op::Target: case Op::A: case Op::B:
        case Op::PeakRungAll: case Op::Sent: case Op::Delivered: case Op::Interdicted: case Op::InTransit: case Op::Detected:
        case Op::Shipments: case Op::Fired: case Op::Metric:
        case Op::StockX: case Op::TechX: case Op::PostureX: case Op::PostureLevelX: case Op::ResolveX: case Op::StabilityX:
        case Op::PowerX: case Op::BlocX: case Op::NuclearX: case Op::EscScoreX: case Op::TensionX: case Op::StanceX:
        case Op::RungX: case Op::PeakRungX: case Op::AlliedX: case Op::TreatyX: case Op::DeterrenceX:
            return {0, 1};
        case Op::Add: case Op::Sub: case Op::Mul: case Op::Div: case Op::Lt: case Op::Le: case Op::Gt: case Op::Ge: case Op::Eq:
        case Op::Ne: case Op::Tension: case Op::Stance: case Op::Rung: case Op::PeakRung: case Op::Deterrence: case Op::Allied:
        case Op::Treaty:
            return {2, 1};
        case Op::Neg: case Op::Not: case Op::Stock: case Op::Tech: case Op::Posture: case Op::PostureLevel: case Op::Resolve:
        case Op::Stability: case Op::Power: case Op::Bloc: case Op::Nuclear: case Op::EscScore: case Op::Abs:
        case Op::AddK: case Op::SubK: case Op::MulK: case Op::DivK: case Op::LtK: case Op::LeK: case Op::GtK: case Op::GeK:
        case Op::EqK: case Op::NeK:
            return {1, 1};
        case Op::Min: case Op::Max: return {in.n, 1};
        case Op::Clamp: return {3, 1};
        case Op::Jz: return {1, 0};
        case Op::JzKeep: case Op::JnzKeep: case Op::Jmp: return {0, 0};  // handled with their jumps
    }
    return {0, 0};
}

class Gen {
public:
    explicit Gen(const Scenario& sc) : m_sc(sc) {}

    std::string program(ProgramId pid) {
        const Program& p = m_sc.program(pid);
        const std::uint32_t n = p.end - p.begin;
        // the stack depth before each instruction, along every path (the code is structured:
        // every path into an instruction agrees)
        std::vector<int> depth(n + 1, -1);
        std::vector<bool> label(n + 1, false);
        depth[0] = 0;
        int deepest = 1;
        for (std::uint32_t i = 0; i < n; ++i) {
            if (depth[i] < 0) continue;  // unreachable (after a Jmp, reached only by a label)
            const Instr& in = m_sc.code[p.begin + i];
            const int d = depth[i];
            auto flow = [&](std::uint32_t to, int dd) {
                if (depth[to] < 0) depth[to] = dd;
                deepest = std::max(deepest, dd);
            };
            switch (in.op) {
                case Op::Jz:
                    label[in.arg - p.begin] = true;
                    flow(in.arg - p.begin, d - 1);
                    flow(i + 1, d - 1);
                    break;
                case Op::JzKeep:
                case Op::JnzKeep:
                    label[in.arg - p.begin] = true;
                    flow(in.arg - p.begin, d);
                    flow(i + 1, d - 1);
                    break;
                case Op::Jmp:
                    label[in.arg - p.begin] = true;
                    flow(in.arg - p.begin, d);
                    break;
                default: {
                    const Effect e = stackEffect(in);
                    flow(i + 1, d - e.pop + e.push);
                }
            }
        }
        std::ostringstream o;
        o << "static double p" << pid << "(const void* vv, const void* bb, int* err) {\n";
        o << "  const struct BrinkNativeView* v = (const struct BrinkNativeView*)vv;\n";
        o << "  const struct BrinkNativeBindings* b = (const struct BrinkNativeBindings*)bb;\n";
        o << "  double";
        for (int i = 0; i < deepest; ++i) o << (i ? ", " : " ") << "s" << i << " = 0";
        o << ";\n";
        for (std::uint32_t i = 0; i < n; ++i) {
            if (label[i]) o << " L" << i << ":;\n";
            if (depth[i] < 0) continue;
            emit(o, m_sc.code[p.begin + i], depth[i], p.begin);
        }
        if (label[n]) o << " L" << n << ":;\n";
        o << "  if (!std::isfinite(s0)) { *err = " << detail::kNativeNotFinite << "; return 0; }\n";
        o << "  return s0;\n}\n";
        return o.str();
    }

private:
    static std::string s(int i) { return "s" + std::to_string(i); }

    /// The actor a fused instruction reads (its encoded source).
    static std::string source(unsigned src, double k) {
        switch (src) {
            case 1: return "b->self";
            case 2: return "b->target";
            case 3: return "b->a";
            case 4: return "b->b";
            default: return std::to_string(static_cast<ActorId>(k));
        }
    }
    std::string dyadOf(const std::string& x, const std::string& y) const { return "dyad(" + x + ", " + y + ")"; }
    std::string fixedDyad(const Instr& in) const {
        if (in.n == 0) return std::to_string(static_cast<DyadId>(in.k));
        return dyadOf(source(in.n & 7, in.k), source(in.n >> 3, in.k));
    }

    void emit(std::ostringstream& o, const Instr& in, int d, std::uint32_t base) const {
        const std::string top = s(d - 1), below = s(d - 2), next = s(d);
        auto act = [](const std::string& v) { return "(int32_t)(" + v + ")"; };
        auto binop = [&](const char* op) { o << "  " << below << " = " << below << " " << op << " " << top << ";\n"; };
        auto cmp = [&](const char* op) { o << "  " << below << " = (" << below << " " << op << " " << top << ") ? 1.0 : 0.0;\n"; };
        auto cmpK = [&](const char* op) { o << "  " << top << " = (" << top << " " << op << " " << lit(in.k) << ") ? 1.0 : 0.0;\n"; };
        auto dyadRead = [&](const std::string& dst, const std::string& dyad, const char* what, const char* none) {
            o << "  { const int dd = " << dyad << "; " << dst << " = dd < 0 ? " << none << " : (double)v->" << what << "[dd]; }\n";
        };
        switch (in.op) {
            case Op::Const: o << "  " << next << " = " << lit(in.k) << ";\n"; break;
            case Op::Param: o << "  " << next << " = v->params[" << in.arg << "];\n"; break;
            case Op::Turn: o << "  " << next << " = (double)*v->turn;\n"; break;
            case Op::Day: o << "  " << next << " = (double)*v->day;\n"; break;
            case Op::Self: o << "  " << next << " = b->self;\n"; break;
            case Op::Target: o << "  " << next << " = b->target;\n"; break;
            case Op::A: o << "  " << next << " = b->a;\n"; break;
            case Op::B: o << "  " << next << " = b->b;\n"; break;
            case Op::Add: binop("+"); break;
            case Op::Sub: binop("-"); break;
            case Op::Mul: binop("*"); break;
            case Op::Div:
                o << "  if (" << top << " == 0.0) { *err = " << detail::kNativeDivByZero << "; return 0; }\n";
                binop("/");
                break;
            case Op::Neg: o << "  " << top << " = -" << top << ";\n"; break;
            case Op::Lt: cmp("<"); break;
            case Op::Le: cmp("<="); break;
            case Op::Gt: cmp(">"); break;
            case Op::Ge: cmp(">="); break;
            case Op::Eq: cmp("=="); break;
            case Op::Ne: cmp("!="); break;
            case Op::Not: o << "  " << top << " = (" << top << " == 0.0) ? 1.0 : 0.0;\n"; break;
            case Op::Jz: o << "  if (" << top << " == 0.0) goto L" << (in.arg - base) << ";\n"; break;
            case Op::JzKeep: o << "  if (" << top << " == 0.0) goto L" << (in.arg - base) << ";\n"; break;
            case Op::JnzKeep: o << "  if (" << top << " != 0.0) goto L" << (in.arg - base) << ";\n"; break;
            case Op::Jmp: o << "  goto L" << (in.arg - base) << ";\n"; break;
            case Op::Stock: o << "  " << top << " = v->stock[(int64_t)" << act(top) << " * v->nAssets + " << in.arg << "];\n"; break;
            case Op::Tech: o << "  " << top << " = v->tech[(int64_t)" << act(top) << " * v->nDomains + " << in.arg << "];\n"; break;
            case Op::Tension: dyadRead(below, dyadOf(act(below), act(top)), "tension", "0.0"); break;
            case Op::Stance: dyadRead(below, dyadOf(act(below), act(top)), "stance", lit(static_cast<double>(Stance::Neutral)).c_str()); break;
            case Op::Rung: dyadRead(below, dyadOf(act(below), act(top)), "rung", "0.0"); break;
            case Op::PeakRung: dyadRead(below, dyadOf(act(below), act(top)), "peak", "0.0"); break;
            case Op::PeakRungAll: {
                o << "  { int16_t m = 0;";
                for (const auto& r : m_sc.relations) o << " m = v->peak[" << m_sc.dyad(r.a, r.b) << "] > m ? v->peak[" << m_sc.dyad(r.a, r.b) << "] : m;";
                o << " " << next << " = m; }\n";
                break;
            }
            case Op::Posture: o << "  " << top << " = kPostureStr[v->posture[" << act(top) << "]];\n"; break;
            case Op::PostureLevel: o << "  " << top << " = kPostureLevel[v->posture[" << act(top) << "]];\n"; break;
            case Op::Resolve: o << "  " << top << " = v->resolve[" << act(top) << "];\n"; break;
            case Op::Stability: o << "  " << top << " = v->stability[" << act(top) << "];\n"; break;
            case Op::Power: o << "  " << top << " = v->power(v->world, " << act(top) << ");\n"; break;
            case Op::Deterrence:
                o << "  { const int32_t x = " << act(below) << ", y = " << act(top) << "; " << below << " = x == y ? 0.0 : v->deterrence(v->world, x, y); }\n";
                break;
            case Op::Bloc: o << "  " << top << " = kBloc[" << act(top) << "];\n"; break;
            case Op::Nuclear: o << "  " << top << " = kNuclear[" << act(top) << "];\n"; break;
            case Op::Allied:
                o << "  { const int dd = " << dyadOf(act(below), act(top)) << "; " << below << " = (dd >= 0 && v->stance[dd] == "
                  << static_cast<int>(Stance::Alliance) << ") ? 1.0 : 0.0; }\n";
                break;
            case Op::Treaty:
                o << "  { const int dd = " << dyadOf(act(below), act(top)) << "; " << below << " = (dd >= 0 && ((v->treaties[dd] >> "
                  << in.arg << ") & 1u)) ? 1.0 : 0.0; }\n";
                break;
            case Op::Sent: o << "  " << next << " = v->flows[" << in.arg << "].sent;\n"; break;
            case Op::Delivered: o << "  " << next << " = v->flows[" << in.arg << "].delivered;\n"; break;
            case Op::Interdicted: o << "  " << next << " = v->flows[" << in.arg << "].interdicted;\n"; break;
            case Op::InTransit: o << "  " << next << " = v->flows[" << in.arg << "].inTransit;\n"; break;
            case Op::Detected: o << "  " << next << " = v->flows[" << in.arg << "].detected;\n"; break;
            case Op::Shipments: o << "  " << next << " = (double)v->flows[" << in.arg << "].shipments;\n"; break;
            case Op::Fired: o << "  " << next << " = v->fired[" << in.arg << "];\n"; break;
            case Op::EscScore: o << "  " << top << " = v->escScore[" << act(top) << "];\n"; break;
            case Op::Metric: o << "  " << next << " = v->metrics[" << in.arg << "];\n"; break;
            case Op::Min:
            case Op::Max: {
                // the interpreter folds left to right from the first argument
                const int first = d - in.n;
                const char* f = in.op == Op::Min ? "std::min" : "std::max";
                for (int i = 1; i < in.n; ++i) o << "  " << s(first) << " = " << f << "(" << s(first) << ", " << s(first + i) << ");\n";
                break;
            }
            case Op::Clamp:
                o << "  " << s(d - 3) << " = std::min(std::max(" << s(d - 3) << ", " << s(d - 2) << "), " << s(d - 1) << ");\n";
                break;
            case Op::Abs: o << "  " << top << " = std::fabs(" << top << ");\n"; break;
            case Op::StockX:
                o << "  " << next << " = v->stock[(int64_t)" << source(in.n, in.k) << " * v->nAssets + " << in.arg << "];\n";
                break;
            case Op::TechX:
                o << "  " << next << " = v->tech[(int64_t)" << source(in.n, in.k) << " * v->nDomains + " << in.arg << "];\n";
                break;
            case Op::PostureX: o << "  " << next << " = kPostureStr[v->posture[" << source(in.n, in.k) << "]];\n"; break;
            case Op::PostureLevelX: o << "  " << next << " = kPostureLevel[v->posture[" << source(in.n, in.k) << "]];\n"; break;
            case Op::ResolveX: o << "  " << next << " = v->resolve[" << source(in.n, in.k) << "];\n"; break;
            case Op::StabilityX: o << "  " << next << " = v->stability[" << source(in.n, in.k) << "];\n"; break;
            case Op::PowerX: o << "  " << next << " = v->power(v->world, " << source(in.n, in.k) << ");\n"; break;
            case Op::BlocX: o << "  " << next << " = kBloc[" << source(in.n, in.k) << "];\n"; break;
            case Op::NuclearX: o << "  " << next << " = kNuclear[" << source(in.n, in.k) << "];\n"; break;
            case Op::EscScoreX: o << "  " << next << " = v->escScore[" << source(in.n, in.k) << "];\n"; break;
            case Op::TensionX: dyadRead(next, fixedDyad(in), "tension", "0.0"); break;
            case Op::StanceX: dyadRead(next, fixedDyad(in), "stance", lit(static_cast<double>(Stance::Neutral)).c_str()); break;
            case Op::RungX: dyadRead(next, fixedDyad(in), "rung", "0.0"); break;
            case Op::PeakRungX: dyadRead(next, fixedDyad(in), "peak", "0.0"); break;
            case Op::AlliedX:
                o << "  { const int dd = " << fixedDyad(in) << "; " << next << " = (dd >= 0 && v->stance[dd] == "
                  << static_cast<int>(Stance::Alliance) << ") ? 1.0 : 0.0; }\n";
                break;
            case Op::TreatyX:
                o << "  { const int dd = " << fixedDyad(in) << "; " << next << " = (dd >= 0 && ((v->treaties[dd] >> " << in.arg
                  << ") & 1u)) ? 1.0 : 0.0; }\n";
                break;
            case Op::DeterrenceX: {
                std::string x, y;
                if (in.n == 0) {
                    x = std::to_string(static_cast<ActorId>(std::fmod(in.k, 1048576.0)));
                    y = std::to_string(static_cast<ActorId>(in.k / 1048576.0));
                } else {
                    x = source(in.n & 7, in.k);
                    y = source(in.n >> 3, in.k);
                }
                o << "  { const int32_t x = " << x << ", y = " << y << "; " << next << " = x == y ? 0.0 : v->deterrence(v->world, x, y); }\n";
                break;
            }
            case Op::AddK: o << "  " << top << " = " << top << " + " << lit(in.k) << ";\n"; break;
            case Op::SubK: o << "  " << top << " = " << top << " - " << lit(in.k) << ";\n"; break;
            case Op::MulK: o << "  " << top << " = " << top << " * " << lit(in.k) << ";\n"; break;
            case Op::DivK: o << "  " << top << " = " << top << " / " << lit(in.k) << ";\n"; break;
            case Op::LtK: cmpK("<"); break;
            case Op::LeK: cmpK("<="); break;
            case Op::GtK: cmpK(">"); break;
            case Op::GeK: cmpK(">="); break;
            case Op::EqK: cmpK("=="); break;
            case Op::NeK: cmpK("!="); break;
        }
    }

    const Scenario& m_sc;
};

}  // namespace

namespace {

/// The part of a source every module shares: includes and the ABI.
std::string head() {
    return std::string("#include <algorithm>\n#include <cmath>\n#include <cstdint>\n\nextern \"C\" {\n") + detail::kNativeAbi + "\n}\n\n";
}

/// A scenario's part, in a namespace of its own, its table exported as brink_native_*<tag>.
std::string body(const Scenario& sc, const std::string& tag) {
    std::ostringstream o;
    o << "namespace brink_scenario" << tag << " {\nnamespace {\n";
    const std::size_t n = sc.actors.size();
    o << "const int kActors = " << n << ";\n";
    // Scenario::dyad, as the engine computes it
    o << "inline int dyad(int32_t a, int32_t b) {\n"
         "  if (a == b) return -1;\n"
         "  if (a > b) { const int32_t t = a; a = b; b = t; }\n"
         "  return (int)((int64_t)a * kActors - (int64_t)a * (a + 1) / 2 + (b - a - 1));\n}\n";
    o << "const double kBloc[] = {";
    for (std::size_t a = 0; a < n; ++a) o << (a ? ", " : "") << lit(sc.actors[a].bloc);
    o << (n ? "" : "0") << "};\nconst double kNuclear[] = {";
    for (std::size_t a = 0; a < n; ++a) o << (a ? ", " : "") << (sc.actors[a].nuclear ? "1.0" : "0.0");
    o << (n ? "" : "0") << "};\nconst double kPostureStr[] = {";
    for (std::size_t p = 0; p < sc.postures.size(); ++p) o << (p ? ", " : "") << lit(sc.postures[p].str);
    o << (sc.postures.empty() ? "0" : "") << "};\nconst double kPostureLevel[] = {";
    for (std::size_t p = 0; p < sc.postures.size(); ++p) o << (p ? ", " : "") << lit(sc.postures[p].level);
    o << (sc.postures.empty() ? "0" : "") << "};\n";
    o << "// used by some programs only\n[[maybe_unused]] const void* kUse[] = {(const void*)&dyad, kBloc, kNuclear, kPostureStr, kPostureLevel};\n\n";
    Gen g(sc);
    for (std::size_t p = 0; p < sc.programs.size(); ++p) {
        if (sc.programs[p].isConst) continue;  // the engine never calls a constant's code
        o << g.program(static_cast<ProgramId>(p));
    }
    o << detail::nativePhases(sc);
    o << "}  // namespace\n}  // namespace brink_scenario" << tag << "\n\n";
    // `extern`: a const object at namespace scope would otherwise be invisible to dlsym
    const std::string count = "brink_native_count" + tag, fns = "brink_native_fns" + tag;
    o << "extern \"C\" {\nextern const uint32_t " << count << ";\nextern const BrinkNativeFn " << fns << "[];\n"
      << "const uint32_t " << count << " = " << sc.programs.size() << ";\nconst BrinkNativeFn " << fns << "[] = {";
    for (std::size_t p = 0; p < sc.programs.size(); ++p) {
        o << (p ? ", " : "") << (sc.programs[p].isConst ? std::string("0") : "brink_scenario" + tag + "::p" + std::to_string(p));
    }
    o << (sc.programs.empty() ? "0" : "") << "};\n";
    const std::string ns = "brink_scenario" + tag + "::";
    o << "extern const struct BrinkNativePhases brink_native_phases" << tag << ";\nconst struct BrinkNativePhases brink_native_phases" << tag
      << " = {" << ns << "phaseRules, " << ns << "phaseDecisions, " << ns << "phaseEvents, " << ns << "phaseEscalation, " << ns << "calendarDay};\n}\n";
    return o.str();
}

}  // namespace

std::string nativeSource(const Scenario& sc) {
    return "// Brink's compiled backend: the expressions of scenario '" + sc.id + "', generated from their\n"
           "// interpreter code instruction by instruction. Do not edit: a change of the scenario makes a new one.\n" +
           head() + body(sc, "");
}

std::string nativeSource(const std::vector<const Scenario*>& scs) {
    std::string s = "// Brink's compiled backend: the expressions of " + std::to_string(scs.size()) + " scenarios.\n" + head();
    for (std::size_t i = 0; i < scs.size(); ++i) s += body(*scs[i], "_" + std::to_string(i));
    return s;
}

}  // namespace brink
