#pragma once
// The expression compiler's working state: one Compiler per expression turns the parser's
// tree into typed stack code. Its code generators are split over two files:
// expr_compile.cpp (the driver, operators, conditions and literals) and
// expr_compile_call.cpp (names and function calls, checked against expr_functions.cpp).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "brink/expr/expr.hpp"
#include "brink/scenario/scenario.hpp"
#include "expr_functions.hpp"
#include "expr_parse.hpp"

namespace brink::detail {

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

/// A value type as a message names it: "a number", "an actor", ...
const char* typeName(ValueType t);

class Compiler {
public:
    Compiler(Scenario& sc, Diagnostics& diag, const ExprLimits& lim, std::string_view text, ExprSite site,
             ExprScope scope)
        : m_sc(sc), m_lim(lim), m_text(text), m_site(site), m_scope(scope), m_err(diag, site) {}

    /// Compiles the text into a program of type `want` in the scenario's code, or reports
    /// the first mistake and returns kNone with the code as it was.
    ProgramId run(ValueType want, bool boolAsNum);
    /// The same, of whatever type the text has (explanations compile sub-expressions so).
    ProgramId runAnyType() {
        m_anyType = true;
        return run(ValueType::Num, false);
    }

private:
    [[noreturn]] void fail(std::uint32_t pos, std::string what, std::string expected = {}, std::string hint = {}) {
        m_err.fail(pos, std::move(what), std::move(expected), std::move(hint));
    }

    // ---- emitting code, folding constants, checking types -----------------------------
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
    /// Replaces the code from `from` on by a single constant.
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
    Typed fixedActor(ActorId id, std::uint32_t pos) { return constant(id, ValueType::Actor, pos); }

    // ---- expr_compile.cpp: any node, operators, string literals ------------------------
    /// The code for node `k` of the tree.
    Typed gen(int k);
    Typed genBin(const Ast& a);
    /// One arithmetic or ordering operator of a chain, its left side `left` already compiled.
    Typed arith(const Ast& a, const Typed& left, std::uint32_t start, int depth0);
    /// A stance, posture or bloc literal compared with a string of that kind must name one.
    void checkLiteral(const Typed& side, const Typed& lit);

    // ---- expr_compile_call.cpp: names and function calls --------------------------------
    Typed genName(const Ast& a);
    /// Every name this expression could use, for did-you-mean.
    std::vector<std::string> nameCandidates() const;
    Typed genCall(const Ast& a);
    Typed genActorArg(int k, const FnSig& sig, std::size_t argNo);
    /// A static name argument (asset, domain, transfer, ...): an identifier or a quoted string.
    std::int32_t staticName(const Ast& a, ArgKind kind, const FnSig& sig, std::size_t argNo);

    Scenario& m_sc;
    const ExprLimits& m_lim;
    std::string_view m_text;
    ExprSite m_site;
    ExprScope m_scope;
    ExprErrors m_err;
    std::vector<Ast> m_ast;
    int m_depth = 0;
    int m_maxDepth = 0;
    std::size_t m_codeStart = m_sc.code.size();
    bool m_anyType = false;
};

}  // namespace brink::detail
