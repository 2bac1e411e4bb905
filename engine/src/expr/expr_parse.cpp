#include "expr_parse.hpp"

#include <cctype>

#include "brink/base/numfmt.hpp"

namespace brink::detail {

int ExprParser::parse() {
    if (m_text.size() > m_lim.maxLength) {
        fail(0, "expression is " + std::to_string(m_text.size()) + " characters long, over the limit of " +
                    std::to_string(m_lim.maxLength),
             "a shorter expression", "split it across metrics or params");
    }
    lex();
    const int root = parseOr(0);
    if (peek().kind != Tok::End) {
        const Token& t = peek();
        if (t.kind == Tok::RParen) fail(t.pos, "unmatched ')'", "an operator or the end of the expression");
        fail(t.pos, "unexpected " + describe(t), "an operator (+ - * / < <= > >= == != and or) or the end");
    }
    return root;
}

std::string ExprParser::describe(const Token& t) {
    switch (t.kind) {
        case Tok::End: return "end of expression";
        case Tok::Num: return "number " + t.text;
        case Tok::Str: return "'" + t.text + "'";
        case Tok::Comma: return "','";
        case Tok::LParen: return "'('";
        case Tok::RParen: return "')'";
        default: return "'" + t.text + "'";
    }
}

void ExprParser::lex() {
    const std::string_view s = m_text;
    std::size_t i = 0;
    auto isIdStart = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; };
    auto isId = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
    while (i < s.size()) {
        if (!m_toks.empty() && m_toks.back().end == 0) m_toks.back().end = static_cast<std::uint32_t>(i);
        const char c = s[i];
        const auto pos = static_cast<std::uint32_t>(i);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            ++i;
        } else if (std::isdigit(static_cast<unsigned char>(c)) ||
                   (c == '.' && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1])))) {
            std::size_t j = i;
            while (j < s.size() && (std::isdigit(static_cast<unsigned char>(s[j])) || s[j] == '.')) ++j;
            if (j < s.size() && (s[j] == 'e' || s[j] == 'E')) {
                std::size_t k = j + 1;
                if (k < s.size() && (s[k] == '+' || s[k] == '-')) ++k;
                if (k < s.size() && std::isdigit(static_cast<unsigned char>(s[k]))) {
                    j = k;
                    while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
                }
            }
            if (j < s.size() && isIdStart(s[j])) {
                fail(static_cast<std::uint32_t>(j), "unexpected '" + std::string(1, s[j]) + "' after a number",
                     "an operator between a number and a name", "write 2 * x, not 2x");
            }
            Token t{Tok::Num, pos, std::string(s.substr(i, j - i))};
            switch (parseNumber(t.text, t.num)) {
                case NumberError::None: break;
                case NumberError::OutOfRange:
                    fail(pos, "number " + t.text + " is out of range", "a finite number (about ±1.8e308 at most)");
                default: fail(pos, "malformed number '" + t.text + "'", "digits with at most one decimal point");
            }
            m_toks.push_back(std::move(t));
            i = j;
        } else if (isIdStart(c)) {
            std::size_t j = i;
            while (j < s.size() && isId(s[j])) ++j;
            // params.name is one token
            if (s.substr(i, j - i) == "params" && j < s.size() && s[j] == '.') {
                std::size_t k = j + 1;
                while (k < s.size() && isId(s[k])) ++k;
                if (k == j + 1) fail(static_cast<std::uint32_t>(j + 1), "missing parameter name after 'params.'",
                                     "params.<name>");
                j = k;
            }
            m_toks.push_back({Tok::Ident, pos, std::string(s.substr(i, j - i))});
            i = j;
        } else if (c == '\'' || c == '"') {
            const std::size_t close = s.find(c, i + 1);
            if (close == std::string_view::npos) {
                fail(pos, "unterminated string", std::string("a closing ") + c,
                     "strings in expressions are written 'like this'");
            }
            m_toks.push_back({Tok::Str, pos, std::string(s.substr(i + 1, close - i - 1))});
            i = close + 1;
        } else if (c == '(') {
            m_toks.push_back({Tok::LParen, pos, "("});
            ++i;
        } else if (c == ')') {
            m_toks.push_back({Tok::RParen, pos, ")"});
            ++i;
        } else if (c == ',') {
            m_toks.push_back({Tok::Comma, pos, ","});
            ++i;
        } else if (c == '+' || c == '-' || c == '*' || c == '/') {
            m_toks.push_back({Tok::Oper, pos, std::string(1, c)});
            ++i;
        } else if (c == '<' || c == '>') {
            const bool eq = i + 1 < s.size() && s[i + 1] == '=';
            m_toks.push_back({Tok::Oper, pos, std::string(1, c) + (eq ? "=" : "")});
            i += eq ? 2 : 1;
        } else if (c == '=' || c == '!') {
            if (i + 1 < s.size() && s[i + 1] == '=') {
                m_toks.push_back({Tok::Oper, pos, std::string(1, c) + "="});
                i += 2;
            } else if (c == '=') {
                fail(pos, "'=' is not an operator", "'==' to compare", "write a == b");
            } else {
                fail(pos, "'!' is not an operator", "'not' or '!='", "write not x");
            }
        } else if (c == '&' || c == '|') {
            fail(pos, std::string("'") + c + "' is not an operator", "'and' or 'or'",
                 c == '&' ? "write x and y" : "write x or y");
        } else {
            fail(pos, "unexpected character '" + std::string(1, c) + "'",
                 "numbers, names, 'strings', operators and parentheses");
        }
    }
    if (!m_toks.empty() && m_toks.back().end == 0) m_toks.back().end = static_cast<std::uint32_t>(i);
    m_toks.push_back({Tok::End, static_cast<std::uint32_t>(s.size()), "", 0, static_cast<std::uint32_t>(s.size())});
}


int ExprParser::node(Ast a) {
    // a node ends where its last token does; an operator's node starts with its left side
    a.to = m_lastEnd;
    const bool infix = a.kind == Ast::Bin || a.kind == Ast::And || a.kind == Ast::Or;
    a.from = infix ? ast[static_cast<std::size_t>(a.kids[0])].from : a.pos;
    ast.push_back(std::move(a));
    return static_cast<int>(ast.size() - 1);
}
void ExprParser::guardDepth(int depth, std::uint32_t pos) {
    if (depth > m_lim.maxDepth) {
        fail(pos, "expression nested deeper than " + std::to_string(m_lim.maxDepth) + " levels",
             "a flatter expression", "name parts of it as metrics or params");
    }
}

// `d` is the nesting the author wrote: parentheses, call arguments and unary operators.
int ExprParser::parseOr(int d) {
    guardDepth(d, peek().pos);
    int l = parseAnd(d);
    while (isWord("or")) {
        const auto pos = next().pos;
        const int r = parseAnd(d);
        l = node({Ast::Or, pos, 0, "or", {l, r}});
    }
    return l;
}
int ExprParser::parseAnd(int d) {
    int l = parseNot(d);
    while (isWord("and")) {
        const auto pos = next().pos;
        const int r = parseNot(d);
        l = node({Ast::And, pos, 0, "and", {l, r}});
    }
    return l;
}
int ExprParser::parseNot(int d) {
    guardDepth(d, peek().pos);
    if (isWord("not")) {
        const auto pos = next().pos;
        const int k = parseNot(d + 1);
        return node({Ast::Not, pos, 0, "not", {k}});
    }
    return parseCmp(d);
}
bool ExprParser::isCmp(const std::string& o) {
    return o == "<" || o == "<=" || o == ">" || o == ">=" || o == "==" || o == "!=";
}
int ExprParser::parseCmp(int d) {
    int l = parseAdd(d);
    if (peek().kind == Tok::Oper && isCmp(peek().text)) {
        const Token op = next();
        const int r = parseAdd(d);
        l = node({Ast::Bin, op.pos, 0, op.text, {l, r}});
        if (peek().kind == Tok::Oper && isCmp(peek().text)) {
            fail(peek().pos, "comparisons cannot be chained", "one comparison",
                 "write 'lo < x and x < hi'");
        }
    }
    return l;
}
int ExprParser::parseAdd(int d) {
    int l = parseMul(d);
    while (isOper("+") || isOper("-")) {
        const Token op = next();
        const int r = parseMul(d);
        l = node({Ast::Bin, op.pos, 0, op.text, {l, r}});
    }
    return l;
}
int ExprParser::parseMul(int d) {
    int l = parseUnary(d);
    while (isOper("*") || isOper("/")) {
        const Token op = next();
        const int r = parseUnary(d);
        l = node({Ast::Bin, op.pos, 0, op.text, {l, r}});
    }
    return l;
}
int ExprParser::parseUnary(int d) {
    guardDepth(d, peek().pos);
    if (isOper("-")) {
        const auto pos = next().pos;
        const int k = parseUnary(d + 1);
        return node({Ast::Neg, pos, 0, "-", {k}});
    }
    if (isOper("+")) {
        next();
        return parseUnary(d + 1);
    }
    return parsePrimary(d);
}
int ExprParser::parsePrimary(int d) {
    guardDepth(d, peek().pos);
    const Token t = next();
    switch (t.kind) {
        case Tok::Num: return node({Ast::Num, t.pos, t.num, t.text, {}});
        case Tok::Str: return node({Ast::Str, t.pos, 0, t.text, {}});
        case Tok::LParen: {
            const int k = parseOr(d + 1);
            if (peek().kind != Tok::RParen) {
                fail(peek().pos, "missing ')'", "')' to close the '(' at column " +
                                                    std::to_string(locAt(t.pos).col));
            }
            next();
            ast[static_cast<std::size_t>(k)].from = t.pos;  // the parentheses belong to it
            ast[static_cast<std::size_t>(k)].to = m_lastEnd;
            return k;
        }
        case Tok::Ident: {
            if (t.text == "true" || t.text == "false") return node({Ast::Bool, t.pos, t.text == "true" ? 1.0 : 0.0, t.text, {}});
            if (t.text == "and" || t.text == "or" || t.text == "not") {
                fail(t.pos, "'" + t.text + "' needs a value before it", "a value");
            }
            if (peek().kind == Tok::LParen) {
                next();
                Ast call{Ast::Call, t.pos, 0, t.text, {}};
                if (peek().kind != Tok::RParen) {
                    for (;;) {
                        call.kids.push_back(parseOr(d + 1));
                        if (peek().kind == Tok::Comma) {
                            next();
                            continue;
                        }
                        break;
                    }
                }
                if (peek().kind != Tok::RParen) {
                    fail(peek().pos, "unexpected " + describe(peek()) + " in the arguments of " + t.text,
                         "',' or ')'");
                }
                next();
                return node(std::move(call));
            }
            return node({Ast::Name, t.pos, 0, t.text, {}});
        }
        case Tok::End: fail(t.pos, "expression ends too early", "a value (number, name or '(')");
        default: fail(t.pos, "unexpected " + describe(t), "a value (number, name, function call or '(')");
    }
}

}  // namespace brink::detail
