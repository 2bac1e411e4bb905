// Expression compiler: the parser's tree -> typed stack code (expr_parse.cpp: text -> tree).
//
// Everything a scenario author can get wrong in an expression is found here, at load,
// with the column of the mistake: unknown names, wrong argument kinds, arity, type
// mismatches, unknown stance/posture/bloc literals. The run never sees a bad program.
#include <cmath>
#include <functional>

#include "brink/expr.hpp"
#include "expr_functions.hpp"
#include "expr_fuse.hpp"
#include "expr_parse.hpp"
#include "brink/numfmt.hpp"
#include "brink/scenario.hpp"

namespace brink {

namespace {

using detail::Ast;

using detail::ArgKind;
using detail::FnSig;
using detail::findSig;
using detail::StrDomain;

/// What the code for a sub-expression leaves on the stack.
struct Typed {
    ValueType type = ValueType::Num;
    StrDomain domain = StrDomain::Any;
    bool isConst = false;
    double value = 0;
    bool isStrLiteral = false;
    std::string literal;     // string literal text (for domain checks)
    std::uint32_t pos = 0;
    bool ok = true;
};

std::string article(const std::string& noun) {
    const bool vowel = !noun.empty() && std::string("aeiou").find(noun[0]) != std::string::npos;
    return (vowel ? "an " : "a ") + noun;
}

const char* typeName(ValueType t) {
    switch (t) {
        case ValueType::Num: return "a number";
        case ValueType::Bool: return "a condition (true or false)";
        case ValueType::Str: return "a name in quotes";
        case ValueType::Actor: return "an actor";
    }
    return "?";
}

class Compiler {
public:
    Compiler(Scenario& sc, Diagnostics& diag, const ExprLimits& lim, std::string_view text, ExprSite site,
             ExprScope scope)
        : m_sc(sc), m_lim(lim), m_text(text), m_site(site), m_scope(scope), m_err(diag, site) {}

    ProgramId run(ValueType want, bool boolAsNum) {
        try {
            detail::ExprParser parser(m_text, m_lim, m_err);
            const int root = parser.parse();
            m_ast = std::move(parser.ast);
            Program prog;
            prog.begin = static_cast<std::uint32_t>(m_sc.code.size());
            const Typed t = gen(root);
            ValueType got = t.type;
            if (want == ValueType::Num && got == ValueType::Bool && boolAsNum) got = ValueType::Num;
            if (got != want) {
                std::string hint;
                if (want == ValueType::Bool && got == ValueType::Num) hint = "compare it, e.g. '... > 0'";
                else if (want == ValueType::Num && got == ValueType::Bool) hint = "use if(condition, 1, 0)";
                else if (got == ValueType::Str) hint = "compare it, e.g. stance(a, b) == 'conflict'";
                fail(m_ast[static_cast<std::size_t>(root)].pos,
                     std::string("expression gives ") + typeName(t.type), typeName(want), hint);
            }
            detail::fuseActorReads(m_sc, prog.begin);
            prog.end = static_cast<std::uint32_t>(m_sc.code.size());
            prog.type = want;
            prog.stack = static_cast<std::uint16_t>(m_maxDepth);
            prog.loc = m_site.loc;
            prog.source = std::string(m_text);
            if (prog.end - prog.begin == 1 && m_sc.code[prog.begin].op == Op::Const) {
                prog.isConst = true;
                prog.constValue = m_sc.code[prog.begin].k;
            }
            m_sc.programs.push_back(std::move(prog));
            return static_cast<ProgramId>(m_sc.programs.size() - 1);
        } catch (const detail::ExprBail&) {
            m_sc.code.resize(m_codeStart);
            return kNone;
        }
    }

private:
    [[noreturn]] void fail(std::uint32_t pos, std::string what, std::string expected = {}, std::string hint = {}) {
        m_err.fail(pos, std::move(what), std::move(expected), std::move(hint));
    }

    // ---- code generation --------------------------------------------------------------
    void emit(Op op, double k = 0, std::uint32_t arg = 0, std::uint8_t n = 0, int stackDelta = 0) {
        m_sc.code.push_back({op, n, arg, k});
        m_depth += stackDelta;
        if (m_depth > m_maxDepth) m_maxDepth = m_depth;
        if (m_maxDepth > 200) fail(0, "expression needs too deep a stack", "a simpler expression");
    }
    std::uint32_t here() const { return static_cast<std::uint32_t>(m_sc.code.size()); }

    Typed constant(double v, ValueType type, std::uint32_t pos) {
        emit(Op::Const, v, 0, 0, +1);
        Typed t;
        t.type = type;
        t.isConst = true;
        t.value = v;
        t.pos = pos;
        return t;
    }
    // Replace the code from `from` on by a single constant.
    Typed fold(std::uint32_t from, double v, ValueType type, std::uint32_t pos, int depthBefore) {
        m_sc.code.resize(from);
        m_depth = depthBefore;
        return constant(v, type, pos);
    }

    Typed need(int k, ValueType want, const char* role) { return expect(gen(k), want, role); }
    /// `t`, or a type error naming its role when it is not of type `want`.
    Typed expect(const Typed& t, ValueType want, const char* role) {
        if (t.type != want) {
            std::string hint;
            if (want == ValueType::Bool && t.type == ValueType::Num) hint = "compare it, e.g. '... > 0'";
            if (want == ValueType::Num && t.type == ValueType::Bool) hint = "use if(condition, 1, 0)";
            if (want == ValueType::Actor && t.type == ValueType::Str) hint = "actor ids are written without quotes";
            fail(t.pos, std::string(role) + " is " + typeName(t.type), typeName(want), hint);
        }
        return t;
    }

    const std::vector<std::string>& actorIds() const { return m_sc.actorIds.list(); }

    std::vector<std::string> nameCandidates() const {
        std::vector<std::string> v = {"turn", "day", "true", "false"};
        if (m_scope.self) v.push_back("self");
        if (m_scope.target) v.push_back("target");
        if (m_scope.ab) {
            v.push_back("a");
            v.push_back("b");
        }
        for (const auto& p : m_sc.paramNames) v.push_back("params." + p);
        for (const auto& a : m_sc.actors) v.push_back(a.id);
        return v;
    }

    Typed genName(const Ast& a) {
        const std::string& n = a.text;
        Typed t;
        t.pos = a.pos;
        auto bound = [&](bool ok, const char* name, Op op, const char* where) -> Typed {
            if (!ok) {
                fail(a.pos, std::string("'") + name + "' is not defined here", "names this field can use",
                     where);
            }
            emit(op, 0, 0, 0, +1);
            t.type = ValueType::Actor;
            return t;
        };
        if (n == "turn") {
            emit(Op::Turn, 0, 0, 0, +1);
            return t;
        }
        if (n == "day") {
            emit(Op::Day, 0, 0, 0, +1);
            return t;
        }
        if (n == "self") return bound(m_scope.self, "self", Op::Self, "self is bound in actions, policies, objectives and production");
        if (n == "target") return bound(m_scope.target, "target", Op::Target, "target is bound in an action's target condition and effects, and in policies with a target");
        // a and b name the dyad's sides where bound; elsewhere they may be actor ids
        if (n == "a" && (m_scope.ab || m_sc.actorIndex(n) == kNone)) return bound(m_scope.ab, "a", Op::A, "a and b are bound in escalation.up and escalation.down");
        if (n == "b" && (m_scope.ab || m_sc.actorIndex(n) == kNone)) return bound(m_scope.ab, "b", Op::B, "a and b are bound in escalation.up and escalation.down");
        if (n.rfind("params.", 0) == 0) {
            const std::string p = n.substr(7);
            const ParamId id = m_sc.paramIndex(p);
            if (id == kNone) {
                fail(a.pos, "unknown parameter '" + p + "'", "a name declared under params or uncertain",
                     suggest(p, m_sc.paramNames));
            }
            emit(Op::Param, 0, static_cast<std::uint32_t>(id), 0, +1);
            return t;
        }
        if (const ActorId id = m_sc.actorIndex(n); id != kNone) {
            return fixedActor(id, a.pos);
        }
        if (findSig(n)) {
            fail(a.pos, "'" + n + "' is a function", "a call such as " + std::string(findSig(n)->usage));
        }
        if (n == "params") fail(a.pos, "'params' needs a name", "params.<name>");
        fail(a.pos, "unknown name '" + n + "'", "a number, turn, day, params.<name>, an actor id or a function call",
             suggest(n, nameCandidates()));
    }

    Typed fixedActor(ActorId id, std::uint32_t pos) {
        Typed t = constant(id, ValueType::Actor, pos);
        return t;
    }

    // A static name argument (asset, domain, transfer, ...): an identifier or a quoted string.
    std::int32_t staticName(const Ast& a, ArgKind kind, const FnSig& sig, std::size_t argNo) {
        const char* what = "";
        const NameIndex* cands = nullptr;
        switch (kind) {
            case ArgKind::Asset: what = "asset"; cands = &m_sc.assetIds; break;
            case ArgKind::Domain: what = "domain"; cands = &m_sc.domains; break;
            case ArgKind::Transfer: what = "transfer"; cands = &m_sc.transferIds; break;
            case ArgKind::Event: what = "event"; cands = &m_sc.eventIds; break;
            case ArgKind::Metric: what = "metric"; cands = &m_sc.metricIds; break;
            case ArgKind::Treaty: what = "treaty"; cands = &m_sc.treaties; break;
            default: break;
        }
        if (a.kind != Ast::Name && a.kind != Ast::Str) {
            fail(a.pos, std::string("argument ") + std::to_string(argNo + 1) + " of " + sig.name + " must name " + article(what),
                 article(what) + " id, as in " + sig.usage);
        }
        const std::string& n = a.text;
        std::int32_t idx = cands->find(n);
        if (idx == kNone && kind == ArgKind::Domain) {
            // a tech asset's id stands for its domain: tech(A, missile_know_how)
            const AssetId as = m_sc.assetIndex(n);
            if (as != kNone && m_sc.assets[static_cast<std::size_t>(as)].kind == AssetKind::Tech) {
                idx = m_sc.assets[static_cast<std::size_t>(as)].domain;
            }
        }
        if (idx == kNone) {
            fail(a.pos, std::string("unknown ") + what + " '" + n + "'", article(what) + " id",
                 suggest(n, cands->list()));
        }
        if (kind == ArgKind::Asset && m_sc.assets[static_cast<std::size_t>(idx)].kind == AssetKind::Tech) {
            const auto& as = m_sc.assets[static_cast<std::size_t>(idx)];
            fail(a.pos, "asset '" + n + "' is a technology, not a stock", "a stock asset",
                 "use tech(actor, " + m_sc.domains[static_cast<std::size_t>(as.domain)] + ")");
        }
        return idx;
    }

    Typed genActorArg(int k, const FnSig& sig, std::size_t argNo) {
        const Ast& a = m_ast[static_cast<std::size_t>(k)];
        if (a.kind == Ast::Str) {
            const ActorId id = m_sc.actorIndex(a.text);
            if (id == kNone) {
                fail(a.pos, "unknown actor '" + a.text + "'", "an actor id", suggest(a.text, actorIds()));
            }
            return fixedActor(id, a.pos);
        }
        if (a.kind == Ast::Name && m_sc.actorIndex(a.text) == kNone && a.text != "self" && a.text != "target" &&
            !((a.text == "a" || a.text == "b") && m_scope.ab)) {
            std::string expected = "an actor id";
            if (m_scope.self) expected += m_scope.target ? ", self or target" : " or self";
            if (m_scope.ab) expected += ", a or b";
            fail(a.pos, "unknown actor '" + a.text + "'", expected, suggest(a.text, actorIds()));
        }
        const Typed t = gen(k);
        if (t.type != ValueType::Actor) {
            fail(t.pos, std::string("argument ") + std::to_string(argNo + 1) + " of " + sig.name + " is " +
                            typeName(t.type),
                 std::string("an actor, as in ") + sig.usage);
        }
        return t;
    }

    Typed genCall(const Ast& a) {
        const FnSig* sig = findSig(a.text);
        if (!sig) {
            std::vector<std::string> names = functionNames();
            fail(a.pos, "unknown function '" + a.text + "'", "one of the built-in functions", suggest(a.text, names));
        }
        const std::size_t argc = a.kids.size();
        auto arityFail = [&](const std::string& count) {
            fail(a.pos, std::string(sig->name) + " takes " + count + " but was given " + std::to_string(argc),
                 sig->usage);
        };
        const int depth0 = m_depth;
        const std::uint32_t start = here();
        Typed out;
        out.pos = a.pos;
        if (sig->op == Op::Jz) {  // if(c, x, y): only the chosen branch runs
            if (argc != 3) arityFail("3 arguments");
            need(a.kids[0], ValueType::Bool, "the condition of if");
            const std::uint32_t jz = here();
            emit(Op::Jz, 0, 0, 0, -1);
            const Typed x = gen(a.kids[1]);
            const std::uint32_t jmp = here();
            emit(Op::Jmp, 0, 0, 0, -1);
            m_sc.code[jz].arg = here();
            const Typed y = gen(a.kids[2]);
            m_sc.code[jmp].arg = here();
            if (x.type != y.type) {
                fail(y.pos, std::string("the two branches of if differ: ") + typeName(x.type) + " and " + typeName(y.type),
                     "branches of the same type");
            }
            out.type = x.type;
            out.domain = x.domain == y.domain ? x.domain : StrDomain::Any;
            return out;
        }
        const bool variadic = sig->op == Op::Min || sig->op == Op::Max;
        if (sig->op == Op::PeakRung && argc == 0) {
            emit(Op::PeakRungAll, 0, 0, 0, +1);
            return out;
        }
        if (variadic) {
            if (argc < 2) arityFail("at least 2 arguments");
            if (argc > 32) arityFail("at most 32 arguments");
        } else if (argc != sig->args.size()) {
            arityFail(std::to_string(sig->args.size()) + (sig->args.size() == 1 ? " argument" : " arguments"));
        }
        std::uint32_t staticArg = 0;
        int pushed = 0;
        bool allConst = true;
        double vals[3] = {0, 0, 0};
        for (std::size_t i = 0; i < argc; ++i) {
            const ArgKind kind = variadic ? ArgKind::Num : sig->args[i];
            const Ast& arg = m_ast[static_cast<std::size_t>(a.kids[i])];
            switch (kind) {
                case ArgKind::Num: {
                    const Typed t = need(a.kids[i], ValueType::Num, (std::string("argument ") + std::to_string(i + 1) + " of " + sig->name).c_str());
                    allConst = allConst && t.isConst;
                    if (i < 3) vals[i] = t.value;
                    ++pushed;
                    break;
                }
                case ArgKind::Bool:
                    need(a.kids[i], ValueType::Bool, "argument");
                    ++pushed;
                    break;
                case ArgKind::Actor:
                    genActorArg(a.kids[i], *sig, i);
                    allConst = false;
                    ++pushed;
                    break;
                default:
                    staticArg = static_cast<std::uint32_t>(staticName(arg, kind, *sig, i));
                    allConst = false;
                    break;
            }
        }
        out.type = sig->ret;
        out.domain = sig->domain;
        if (allConst && (sig->op == Op::Min || sig->op == Op::Max || sig->op == Op::Clamp || sig->op == Op::Abs)) {
            double v = 0;
            if (sig->op == Op::Abs) v = std::fabs(vals[0]);
            else if (sig->op == Op::Clamp) v = std::min(std::max(vals[0], vals[1]), vals[2]);
            else {
                // refold all arguments: re-read constants from the code we emitted
                std::vector<double> cs;
                for (std::uint32_t i = start; i < here(); ++i) cs.push_back(m_sc.code[i].k);
                v = cs[0];
                for (double c : cs) v = sig->op == Op::Min ? std::min(v, c) : std::max(v, c);
            }
            return fold(start, v, ValueType::Num, a.pos, depth0);
        }
        emit(sig->op, 0, staticArg, static_cast<std::uint8_t>(argc), 1 - pushed);
        return out;
    }

    void checkLiteral(const Typed& side, const Typed& lit) {
        if (!lit.isStrLiteral || side.type != ValueType::Str) return;
        std::vector<std::string> allowed;
        const char* what = "";
        switch (side.domain) {
            case StrDomain::Stance:
                what = "stance";
                for (const char* s : kStanceNames) allowed.emplace_back(s);
                break;
            case StrDomain::Posture:
                what = "posture";
                for (const auto& p : m_sc.postures) allowed.push_back(p.id);
                break;
            case StrDomain::Bloc:
                what = "bloc";
                allowed = m_sc.blocs;
                if (lit.literal.empty()) return;  // '' is the bloc of actors without one
                break;
            default: return;
        }
        if (m_sc.find(allowed, lit.literal) == kNone) {
            fail(lit.pos, std::string("unknown ") + what + " '" + lit.literal + "'", article(what) + " name",
                 suggest(lit.literal, allowed));
        }
    }

    Typed genBin(const Ast& a) {
        const std::string& op = a.text;
        const int depth0 = m_depth;
        const std::uint32_t start = here();
        if (op == "==" || op == "!=") {
            Typed l = gen(a.kids[0]);
            Typed r = gen(a.kids[1]);
            if (l.type != r.type) {
                fail(a.pos, std::string("cannot compare ") + typeName(l.type) + " with " + typeName(r.type),
                     "two values of the same kind",
                     l.type == ValueType::Actor || r.type == ValueType::Actor ? "actor ids are written without quotes" : "");
            }
            checkLiteral(l, r);
            checkLiteral(r, l);
            Typed t;
            t.type = ValueType::Bool;
            t.pos = a.pos;
            if (l.isConst && r.isConst) {
                const bool eq = l.value == r.value;
                return fold(start, (op == "==") == eq ? 1.0 : 0.0, ValueType::Bool, a.pos, depth0);
            }
            emit(op == "==" ? Op::Eq : Op::Ne, 0, 0, 0, -1);
            return t;
        }
        // A flat chain (a - b - c ...) is a left spine as deep as it is long: walk it with a
        // loop, not a call per term. Every node on it starts at the same code and depth.
        std::vector<const Ast*> spine{&a};
        for (;;) {
            const Ast& l = m_ast[static_cast<std::size_t>(spine.back()->kids[0])];
            if (l.kind != Ast::Bin || l.text == "==" || l.text == "!=") break;
            spine.push_back(&l);
        }
        Typed l = gen(spine.back()->kids[0]);
        for (auto it = spine.rbegin(); it != spine.rend(); ++it) l = arith(**it, l, start, depth0);
        return l;
    }

    /// One arithmetic or ordering operator of a chain, its left side `left` already compiled.
    Typed arith(const Ast& a, const Typed& left, std::uint32_t start, int depth0) {
        const std::string& op = a.text;
        const Typed l = expect(left, ValueType::Num, ("the left side of '" + op + "'").c_str());
        const Typed r = need(a.kids[1], ValueType::Num, ("the right side of '" + op + "'").c_str());
        Typed t;
        t.pos = a.pos;
        Op code = Op::Add;
        if (op == "+") code = Op::Add;
        else if (op == "-") code = Op::Sub;
        else if (op == "*") code = Op::Mul;
        else if (op == "/") code = Op::Div;
        else {
            t.type = ValueType::Bool;
            code = op == "<" ? Op::Lt : op == "<=" ? Op::Le : op == ">" ? Op::Gt : Op::Ge;
        }
        if (code == Op::Div && r.isConst && r.value == 0) fail(a.pos, "division by zero", "a non-zero divisor");
        if (l.isConst && r.isConst) {
            double v = 0;
            switch (code) {
                case Op::Add: v = l.value + r.value; break;
                case Op::Sub: v = l.value - r.value; break;
                case Op::Mul: v = l.value * r.value; break;
                case Op::Div:
                    if (r.value == 0) fail(a.pos, "division by zero", "a non-zero divisor");
                    v = l.value / r.value;
                    break;
                case Op::Lt: v = l.value < r.value; break;
                case Op::Le: v = l.value <= r.value; break;
                case Op::Gt: v = l.value > r.value; break;
                default: v = l.value >= r.value; break;
            }
            if (!std::isfinite(v)) fail(a.pos, "constant overflows", "a finite number");
            return fold(start, v, t.type, a.pos, depth0);
        }
        emit(code, 0, 0, 0, -1);
        return t;
    }

    Typed gen(int k) {
        const Ast& a = m_ast[static_cast<std::size_t>(k)];
        const int depth0 = m_depth;
        const std::uint32_t start = here();
        switch (a.kind) {
            case Ast::Num: return constant(a.num, ValueType::Num, a.pos);
            case Ast::Bool: return constant(a.num, ValueType::Bool, a.pos);
            case Ast::Str: {
                Typed t = constant(m_sc.intern(a.text), ValueType::Str, a.pos);
                t.isStrLiteral = true;
                t.literal = a.text;
                return t;
            }
            case Ast::Name: return genName(a);
            case Ast::Call: return genCall(a);
            case Ast::Neg: {
                const Typed t = need(a.kids[0], ValueType::Num, "the operand of '-'");
                if (t.isConst) return fold(start, -t.value, ValueType::Num, a.pos, depth0);
                emit(Op::Neg);
                Typed o;
                o.pos = a.pos;
                return o;
            }
            case Ast::Not: {
                const Typed t = need(a.kids[0], ValueType::Bool, "the operand of 'not'");
                if (t.isConst) return fold(start, t.value == 0 ? 1.0 : 0.0, ValueType::Bool, a.pos, depth0);
                emit(Op::Not);
                Typed o;
                o.type = ValueType::Bool;
                o.pos = a.pos;
                return o;
            }
            case Ast::And:
            case Ast::Or: {
                // a chain of 'and' and 'or' is a left spine too: compiled in a loop
                std::vector<const Ast*> spine{&a};
                for (;;) {
                    const Ast& l = m_ast[static_cast<std::size_t>(spine.back()->kids[0])];
                    if (l.kind != Ast::And && l.kind != Ast::Or) break;
                    spine.push_back(&l);
                }
                need(spine.back()->kids[0], ValueType::Bool,
                     spine.back()->kind == Ast::And ? "the left side of 'and'" : "the left side of 'or'");
                for (auto it = spine.rbegin(); it != spine.rend(); ++it) {
                    const bool isAnd = (*it)->kind == Ast::And;
                    const std::uint32_t j = here();
                    emit(isAnd ? Op::JzKeep : Op::JnzKeep, 0, 0, 0, -1);
                    need((*it)->kids[1], ValueType::Bool, isAnd ? "the right side of 'and'" : "the right side of 'or'");
                    m_sc.code[j].arg = here();
                }
                Typed o;
                o.type = ValueType::Bool;
                o.pos = a.pos;
                return o;
            }
            case Ast::Bin: return genBin(a);
        }
        return {};
    }

    Scenario& m_sc;
    const ExprLimits& m_lim;
    std::string_view m_text;
    ExprSite m_site;
    ExprScope m_scope;
    detail::ExprErrors m_err;
    std::vector<detail::Ast> m_ast;
    int m_depth = 0;
    int m_maxDepth = 0;
    std::size_t m_codeStart = m_sc.code.size();
};

}  // namespace

ProgramId ExprCompiler::compile(std::string_view text, ExprSite site, ExprScope scope, ValueType want,
                                bool boolAsNum) {
    Compiler c(m_sc, m_diag, m_limits, text, site, scope);
    return c.run(want, boolAsNum);
}

ProgramId ExprCompiler::constant(double v, SourceLoc loc, ValueType type) {
    Program p;
    p.begin = static_cast<std::uint32_t>(m_sc.code.size());
    m_sc.code.push_back({Op::Const, 0, 0, v});
    p.end = p.begin + 1;
    p.type = type;
    p.stack = 1;
    p.isConst = true;
    p.constValue = v;
    p.loc = loc;
    p.source = formatNumber(v);
    m_sc.programs.push_back(std::move(p));
    return static_cast<ProgramId>(m_sc.programs.size() - 1);
}

}  // namespace brink
