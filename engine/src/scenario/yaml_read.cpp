#include "yaml_read.hpp"

#include <charconv>
#include <cmath>
#include <set>
#include <unordered_set>

#include "brink/base/numfmt.hpp"

namespace brink::detail {

namespace {
const char* kindName(const YNode* n) {
    switch (n->kind) {
        case YKind::Null: return "empty";
        case YKind::Scalar: return "a single value";
        case YKind::Seq: return "a list";
        case YKind::Map: return "a mapping";
    }
    return "?";
}
}  // namespace

bool YamlReader::isMap(const YNode* n, const std::string& context, const std::string& expected) {
    if (n && n->isMap()) return true;
    error(n, context + " is " + (n ? kindName(n) : "missing"), expected);
    return false;
}

bool YamlReader::isSeq(const YNode* n, const std::string& context, const std::string& expected) {
    if (n && n->isSeq()) return true;
    error(n, context + " is " + (n ? kindName(n) : "missing"), expected);
    return false;
}

bool YamlReader::keys(const YNode* n, const std::string& context, std::initializer_list<const char*> allowed) {
    if (!isMap(n, context)) return false;
    m_context = n;
    std::vector<std::string> known(allowed.begin(), allowed.end());
    for (const auto& [k, v] : n->entries) {
        if (m_diag.full()) break;  // a file of a million misspelt keys costs no more than a hundred
        if (!k->isScalar()) {
            error(k, "a key in " + context + " is " + kindName(k), "a plain name");
            continue;
        }
        bool ok = false;
        for (const auto& a : known) ok = ok || a == k->value;
        if (!ok) {
            const std::string near = nearest(k->value, known);
            if (!near.empty()) m_nearMisses.emplace_back(n, near);
            error(k, "unknown key " + q(k->value) + " in " + context, "one of " + joinList(known, 30),
                  near.empty() ? std::string("remove it or check the spelling in docs/scenario-format.md")
                               : "did you mean " + q(near) + "?");
        }
    }
    return true;
}

void YamlReader::missing(const YNode* parent, const std::string& key, const std::string& context,
                         const std::string& expected) {
    // a misspelt key was already reported with this one as its suggestion: say it once
    for (const auto& [map, near] : m_nearMisses) {
        if (map == parent && near == key) return;
    }
    error(parent, context + " has no " + q(key), key + ": " + expected, "it is required");
}

double YamlReader::number(const YNode* n, const std::string& what, double lo, double hi, double fallback) {
    if (!n || !n->isScalar()) {
        error(n, what + " is " + (n ? kindName(n) : "missing"), "a number");
        return fallback;
    }
    if (n->quoted) {
        error(n, what + " is text in quotes", "a number", "write it without quotes");
        return fallback;
    }
    double v = 0;
    switch (parseNumber(n->value, v)) {
        case NumberError::None: break;
        case NumberError::NotFinite:
            error(n, what + " is " + q(n->value) + ", not a finite number", "a number");
            return fallback;
        case NumberError::OutOfRange:
            error(n, what + " " + n->value + " is too large", "a number below about 1.8e308");
            return fallback;
        default:
            error(n, what + " is " + q(n->value), "a number",
                  n->value == "true" || n->value == "false" ? "this is a boolean" : "");
            return fallback;
    }
    if (v < lo || v > hi) {
        error(n, what + " " + n->value + " is out of range",
              "a number from " + formatNumber(lo) + " to " + formatNumber(hi));
        return fallback;
    }
    return v;
}

std::int64_t YamlReader::integer(const YNode* n, const std::string& what, std::int64_t lo, std::int64_t hi,
                                 std::int64_t fallback) {
    if (!n || !n->isScalar()) {
        error(n, what + " is " + (n ? kindName(n) : "missing"), "a whole number");
        return fallback;
    }
    if (n->quoted) {
        error(n, what + " is text in quotes", "a whole number", "write it without quotes");
        return fallback;
    }
    std::int64_t v = 0;
    if (!parseInteger(n->value, v)) {
        double d = 0;
        if (parseNumber(n->value, d) == NumberError::None) {
            if (std::fabs(d) < 9.2e18 && d == std::floor(d)) {
                error(n, what + " " + n->value + " is written as a decimal", "a whole number",
                      "write it without a decimal point or exponent");
            } else if (std::fabs(d) >= 9.2e18) {
                error(n, what + " " + n->value + " is too large",
                      "a whole number from " + std::to_string(lo) + " to " + std::to_string(hi));
            } else {
                error(n, what + " " + n->value + " is not a whole number", "a whole number");
            }
        } else {
            error(n, what + " is " + q(n->value), "a whole number");
        }
        return fallback;
    }
    if (v < lo || v > hi) {
        error(n, what + " " + n->value + " is out of range",
              "a whole number from " + std::to_string(lo) + " to " + std::to_string(hi));
        return fallback;
    }
    return v;
}

std::uint64_t YamlReader::unsignedInteger(const YNode* n, const std::string& what) {
    if (n && n->isScalar() && !n->quoted && !n->value.empty() && n->value[0] >= '0' && n->value[0] <= '9') {
        std::uint64_t v = 0;
        const auto r = std::from_chars(n->value.data(), n->value.data() + n->value.size(), v);
        if (r.ec == std::errc{} && r.ptr == n->value.data() + n->value.size()) return v;
    }
    error(n, what + " is " + (n && n->isScalar() ? q(n->value) : std::string("not a number")),
          "a whole number from 0 to 18446744073709551615");
    return 0;
}

bool YamlReader::boolean(const YNode* n, const std::string& what, bool fallback) {
    if (n && n->isScalar() && !n->quoted && (n->value == "true" || n->value == "false")) return n->value == "true";
    error(n, what + " is " + (n ? (n->isScalar() ? q(n->value) : kindName(n)) : "missing"), "true or false");
    return fallback;
}

std::string YamlReader::text(const YNode* n, const std::string& what) {
    if (n && n->isScalar()) return n->value;
    error(n, what + " is " + (n ? kindName(n) : "missing"), "text");
    return {};
}

std::string YamlReader::id(const YNode* n, const std::string& what, bool dash) {
    if (!n || !n->isScalar()) {
        error(n, what + " is " + (n ? kindName(n) : "missing"), "a name of letters, digits, '_' or '-'");
        return {};
    }
    const std::string& s = n->value;
    bool ok = !s.empty() && s.size() <= 64 && (std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_');
    for (char c : s) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || (dash && c == '-'));
    if (!ok) {
        error(n, what + " " + q(s) + " is not a valid name",
              dash ? "letters, digits, '_' or '-', starting with a letter (at most 64)"
                   : "letters, digits and '_', starting with a letter (at most 64)",
              dash || s.find('-') == std::string::npos ? "" : "expressions read '-' as minus: write '_' instead");
        return {};
    }
    return s;
}

ExprSite YamlReader::site(const YNode* n) const {
    ExprSite s{n->loc, false};
    // Find the node's text on its line: after an opening quote for quoted scalars.
    if (n->loc.line == 0 || n->loc.line > m_lineStarts.size()) return s;
    const std::size_t lineStart = m_lineStarts[n->loc.line - 1];
    std::size_t at = lineStart + (n->loc.col ? n->loc.col - 1 : 0);
    if (at < m_text.size() && (m_text[at] == '"' || m_text[at] == '\'')) {
        ++at;
        ++s.loc.col;
    }
    if (at + n->value.size() <= m_text.size() && m_text.compare(at, n->value.size(), n->value) == 0 &&
        n->value.find('\n') == std::string::npos) {
        s.exact = true;
    }
    return s;
}

std::optional<std::string> YamlReader::exprText(const YNode* n, const std::string& what) {
    if (n && n->isScalar()) {
        if (n->value.empty()) {
            error(n, what + " is empty", "an expression");
            return std::nullopt;
        }
        return n->value;
    }
    error(n, what + " is " + (n ? kindName(n) : "missing"), "an expression (a number or text)");
    return std::nullopt;
}

void YamlReader::duplicates(const YNode* root) {
    std::unordered_set<const YNode*> seen;
    std::vector<const YNode*> todo{root};
    while (!todo.empty()) {
        const YNode* n = todo.back();
        todo.pop_back();
        if (!n || !seen.insert(n).second) continue;
        if (n->isSeq()) {
            for (auto it = n->items.rbegin(); it != n->items.rend(); ++it) todo.push_back(*it);
        } else if (n->isMap()) {
            std::set<std::string> keys;
            std::vector<std::pair<std::string, const YNode*>> firsts;
            for (const auto& [k, v] : n->entries) {
                if (k->isScalar()) {
                    if (!keys.insert(k->value).second) {
                        std::uint32_t firstLine = 0;
                        for (const auto& [fk, fn] : firsts) {
                            if (fk == k->value) {
                                firstLine = fn->loc.line;
                                break;
                            }
                        }
                        error(k, "duplicate key " + q(k->value), "each key once in a mapping",
                              "it is first set on line " + std::to_string(firstLine));
                    } else {
                        firsts.emplace_back(k->value, k);
                    }
                }
            }
            for (auto it = n->entries.rbegin(); it != n->entries.rend(); ++it) todo.push_back(it->second);
        }
    }
}

}  // namespace brink::detail
