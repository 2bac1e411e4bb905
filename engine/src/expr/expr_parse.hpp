#pragma once
// The expression parser: text -> tokens -> a tree, with the first mistake reported at its
// column. Type checking and code generation are in expr_compile.cpp and
// expr_compile_call.cpp (expr_compiler.hpp).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "brink/base/diagnostics.hpp"
#include "brink/expr/expr.hpp"

namespace brink::detail {

enum class Tok : std::uint8_t { Num, Str, Ident, LParen, RParen, Comma, Oper, End };

struct Token {
    Tok kind;
    std::uint32_t pos;
    std::string text;
    double num = 0;
    std::uint32_t end = 0;  // one past its last character
};

struct Ast {
    enum Kind : std::uint8_t { Num, Bool, Str, Name, Call, Neg, Not, Bin, And, Or } kind;
    std::uint32_t pos = 0;
    double num = 0;
    std::string text;  // name, string, function or operator
    std::vector<int> kids;
    // the node's whole text, [from, to): what an explanation shows (parentheses the author
    // wrote around it included)
    std::uint32_t from = 0, to = 0;
};

/// Thrown after the first error in one expression has been reported.
struct ExprBail {};

/// Reports an expression's mistakes at their place in the file.
class ExprErrors {
public:
    ExprErrors(Diagnostics& diag, ExprSite site) : m_diag(diag), m_site(site) {}
    [[nodiscard]] SourceLoc locAt(std::uint32_t pos) const {
        SourceLoc l = m_site.loc;
        if (m_site.exact) l.col += pos;
        return l;
    }
    [[noreturn]] void fail(std::uint32_t pos, std::string what, std::string expected = {}, std::string hint = {}) const {
        m_diag.error(locAt(pos), std::move(what), std::move(expected), std::move(hint));
        throw ExprBail{};
    }

private:
    Diagnostics& m_diag;
    ExprSite m_site;
};

/// Lexes and parses one expression (precedence climbing). Throws ExprBail on a mistake.
class ExprParser {
public:
    ExprParser(std::string_view text, const ExprLimits& lim, const ExprErrors& err)
        : m_text(text), m_lim(lim), m_err(err) {}
    /// Parses the whole text; returns the root's index in `ast`.
    int parse();
    std::vector<Ast> ast;

private:
    [[noreturn]] void fail(std::uint32_t pos, std::string what, std::string expected = {}, std::string hint = {}) const {
        m_err.fail(pos, std::move(what), std::move(expected), std::move(hint));
    }
    [[nodiscard]] SourceLoc locAt(std::uint32_t pos) const { return m_err.locAt(pos); }
    static std::string describe(const Token& t);
    void lex();
    const Token& peek() const { return m_toks[m_at]; }
    const Token& next() {
        m_lastEnd = m_toks[m_at].end;
        return m_toks[m_at++];
    }
    bool isWord(const char* w) const { return peek().kind == Tok::Ident && peek().text == w; }
    bool isOper(const char* o) const { return peek().kind == Tok::Oper && peek().text == o; }
    int node(Ast a);
    void guardDepth(int depth, std::uint32_t pos);
    int parseOr(int d);
    int parseAnd(int d);
    int parseNot(int d);
    static bool isCmp(const std::string& o);
    int parseCmp(int d);
    int parseAdd(int d);
    int parseMul(int d);
    int parseUnary(int d);
    int parsePrimary(int d);

    std::string_view m_text;
    const ExprLimits& m_lim;
    const ExprErrors& m_err;
    std::vector<Token> m_toks;
    std::size_t m_at = 0;
    std::uint32_t m_lastEnd = 0;  // end of the last token taken
};

}  // namespace brink::detail
