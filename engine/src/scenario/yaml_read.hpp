#pragma once
// Typed reading of YAML nodes with diagnostics: every getter reports what was wrong,
// what was expected and a hint, at the node's line and column, and returns a fallback
// so loading can go on and find the next error too.
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "brink/base/diagnostics.hpp"
#include "brink/expr/expr.hpp"
#include "brink/scenario/yaml_doc.hpp"

namespace brink::detail {

class YamlReader {
public:
    YamlReader(Diagnostics& diag, const std::string& text) : m_diag(diag), m_text(text) {
        m_lineStarts.push_back(0);
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (text[i] == '\n') m_lineStarts.push_back(i + 1);
        }
    }

    Diagnostics& diag() { return m_diag; }
    /// The document's text as read.
    [[nodiscard]] const std::string& text() const { return m_text; }

    /// Reports at `n`; when `n` is missing (a key that is not there), at the mapping
    /// checked last, which is the one that lacks it.
    void error(const YNode* n, std::string what, std::string expected = {}, std::string hint = {}) {
        const YNode* at = n ? n : m_context;
        m_diag.error(at ? at->loc : SourceLoc{}, std::move(what), std::move(expected), std::move(hint));
    }

    /// Checks that `n` is a mapping whose keys are all in `allowed`; reports unknown ones
    /// with the nearest known key. Returns false when `n` is not a mapping.
    bool keys(const YNode* n, const std::string& context, std::initializer_list<const char*> allowed);
    /// `n` must be a mapping (keys unchecked: ids). Reports and returns false otherwise.
    bool isMap(const YNode* n, const std::string& context, const std::string& expected = "key: value pairs");
    bool isSeq(const YNode* n, const std::string& context, const std::string& expected = "a list (- item)");
    /// Reports a missing required key of `parent`.
    void missing(const YNode* parent, const std::string& key, const std::string& context, const std::string& expected);

    double number(const YNode* n, const std::string& what, double lo, double hi, double fallback = 0.0);
    std::int64_t integer(const YNode* n, const std::string& what, std::int64_t lo, std::int64_t hi,
                         std::int64_t fallback = 0);
    /// A whole number from 0 to 2^64 - 1 (seeds).
    std::uint64_t unsignedInteger(const YNode* n, const std::string& what);
    bool boolean(const YNode* n, const std::string& what, bool fallback = false);
    std::string text(const YNode* n, const std::string& what);
    /// An identifier: letters, digits, '_' (and '-' when `dash`), starting with a letter or '_'.
    std::string id(const YNode* n, const std::string& what, bool dash = true);
    /// Where an expression scalar's text starts, and whether columns map exactly.
    ExprSite site(const YNode* n) const;
    /// The text of an expression scalar (numbers and booleans are expressions too).
    std::optional<std::string> exprText(const YNode* n, const std::string& what);

    /// Duplicate keys anywhere in the tree (each map checked once).
    void duplicates(const YNode* root);

private:
    Diagnostics& m_diag;
    const std::string& m_text;
    std::vector<std::pair<const YNode*, std::string>> m_nearMisses;  // (map, key a typo probably meant)
    const YNode* m_context = nullptr;  // the mapping checked last by keys()
    std::vector<std::size_t> m_lineStarts;  // byte offset of each line, for site()
};

/// Quoted for messages: 'x'.
inline std::string q(const std::string& s) { return "'" + s + "'"; }

}  // namespace brink::detail
