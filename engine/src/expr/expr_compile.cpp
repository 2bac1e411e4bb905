// Expression compiler: the parser's tree -> typed stack code (expr_parse.cpp: text -> tree).
//
// Everything a scenario author can get wrong in an expression is found here, at load,
// with the column of the mistake: unknown names, wrong argument kinds, arity, type
// mismatches, unknown stance/posture/bloc literals. The run never sees a bad program.
// This file drives one expression through the compiler and generates operators,
// conditions and literals; expr_compile_call.cpp generates names and function calls.
#include <cmath>

#include "expr_compiler.hpp"
#include "expr_fuse.hpp"
#include "brink/base/numfmt.hpp"

namespace brink {

namespace detail {

const char* typeName(ValueType t) {
    switch (t) {
        case ValueType::Num: return "a number";
        case ValueType::Bool: return "a condition (true or false)";
        case ValueType::Str: return "a name in quotes";
        case ValueType::Actor: return "an actor";
    }
    return "?";
}

ProgramId Compiler::run(ValueType want, bool boolAsNum) {
    try {
        ExprParser parser(m_text, m_lim, m_err);
        const int root = parser.parse();
        m_ast = std::move(parser.ast);
        Program prog;
        prog.begin = static_cast<std::uint32_t>(m_sc.code.size());
        const Typed t = gen(root);
        ValueType got = t.type;
        if (m_anyType) want = got;
        if (want == ValueType::Num && got == ValueType::Bool && boolAsNum) {
            got = ValueType::Num;
            prog.condition = true;
        }
        if (got != want) {
            std::string hint;
            if (want == ValueType::Bool && got == ValueType::Num) hint = "compare it, e.g. '... > 0'";
            else if (want == ValueType::Num && got == ValueType::Bool) hint = "use if(condition, 1, 0)";
            else if (got == ValueType::Str) hint = "compare it, e.g. stance(a, b) == 'conflict'";
            fail(m_ast[static_cast<std::size_t>(root)].pos,
                 std::string("expression gives ") + typeName(t.type), typeName(want), hint);
        }
        fuseActorReads(m_sc, prog.begin);
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
    } catch (const ExprBail&) {
        m_sc.code.resize(m_codeStart);
        return kNone;
    }
}

void Compiler::checkLiteral(const Typed& side, const Typed& lit) {
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

Typed Compiler::genBin(const Ast& a) {
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
Typed Compiler::arith(const Ast& a, const Typed& left, std::uint32_t start, int depth0) {
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

Typed Compiler::gen(int k) {
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

}  // namespace detail

ProgramId ExprCompiler::compile(std::string_view text, ExprSite site, ExprScope scope, ValueType want,
                                bool boolAsNum) {
    detail::Compiler c(m_sc, m_diag, m_limits, text, site, scope);
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
