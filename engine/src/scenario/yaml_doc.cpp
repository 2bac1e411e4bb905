#include "brink/scenario/yaml_doc.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <map>
#include <sstream>

namespace brink {

YNode* YNode::get(std::string_view key) const {
    const auto* e = entry(key);
    return e ? e->second : nullptr;
}

const std::pair<YNode*, YNode*>* YNode::entry(std::string_view key) const {
    if (kind != YKind::Map) return nullptr;
    for (const auto& e : entries) {
        if (e.first->kind == YKind::Scalar && e.first->value == key) return &e;
    }
    return nullptr;
}

YNode* YamlDoc::make(YKind kind) {
    m_nodes.emplace_back();
    m_nodes.back().kind = kind;
    return &m_nodes.back();
}

YNode* YamlDoc::makeScalar(std::string value, bool quoted) {
    YNode* n = make(YKind::Scalar);
    n->value = std::move(value);
    n->quoted = quoted;
    return n;
}

namespace {

SourceLoc toLoc(const YAML::Mark& m) {
    if (m.is_null()) return {};
    return {static_cast<std::uint32_t>(m.line + 1), static_cast<std::uint32_t>(m.column + 1)};
}

struct Stop {};  // thrown out of the parser once a limit is crossed

// Builds the tree from parser events, counting depth and expanded size as it goes.
class Builder : public YAML::EventHandler {
public:
    Builder(YamlDoc& doc, Diagnostics& diag, const YamlLimits& limits)
        : m_doc(doc), m_diag(diag), m_limits(limits) {}

    YNode* root = nullptr;

    void OnDocumentStart(const YAML::Mark&) override {}
    void OnDocumentEnd() override {}

    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        YNode* n = m_doc.make(YKind::Null);
        n->loc = toLoc(mark);
        count(n->loc, {1, 0});
        add(n, anchor, {1, 0});
    }

    void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        auto it = m_anchors.find(anchor);
        if (it == m_anchors.end()) {
            m_diag.error(toLoc(mark), "alias to an unknown anchor", "an anchor (&name) defined earlier");
            throw Stop{};
        }
        count(toLoc(mark), it->second.size);  // an alias costs what it stands for
        add(it->second.node, 0, it->second.size);
    }

    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  const std::string& value) override {
        YNode* n = m_doc.make(YKind::Scalar);
        n->loc = toLoc(mark);
        n->value = value;
        n->quoted = tag != "?";
        if (!tag.empty() && tag != "?" && tag != "!") {
            m_diag.error(n->loc, "YAML tag '" + tag + "' is not supported", "a plain or quoted value",
                         "remove the tag");
        }
        count(n->loc, {1, value.size()});
        add(n, anchor, {1, value.size()});
    }

    void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override {
        open(YKind::Seq, mark, anchor);
    }
    void OnSequenceEnd() override { close(); }

    void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override {
        open(YKind::Map, mark, anchor);
    }
    void OnMapEnd() override { close(); }

private:
    struct Size {
        std::size_t nodes = 0;  // expanded nodes, including itself
        std::size_t bytes = 0;  // expanded scalar text
    };
    struct Frame {
        YNode* node;
        YAML::anchor_t anchor;
        Size size;
        YNode* pendingKey;      // maps: key waiting for its value
    };
    struct Anchored {
        YNode* node;
        Size size;
    };

    void open(YKind kind, const YAML::Mark& mark, YAML::anchor_t anchor) {
        if (static_cast<int>(m_stack.size()) >= m_limits.maxDepth) {
            m_diag.error(toLoc(mark), "nesting deeper than " + std::to_string(m_limits.maxDepth) + " levels",
                         "a scenario nested a few levels deep", "flatten the structure");
            throw Stop{};
        }
        YNode* n = m_doc.make(kind);
        n->loc = toLoc(mark);
        count(n->loc, {1, 0});
        m_stack.push_back({n, anchor, {1, 0}, nullptr});
    }

    void close() {
        Frame f = m_stack.back();
        m_stack.pop_back();
        if (f.node->kind == YKind::Map && f.pendingKey) {
            // cannot happen with a well-formed event stream; keep the tree sound anyway
            f.pendingKey = nullptr;
        }
        add(f.node, f.anchor, f.size);
    }

    // Sizes saturate rather than overflow: an alias bomb multiplies them.
    static std::size_t sat(std::size_t a, std::size_t b) { return a > SIZE_MAX - b ? SIZE_MAX : a + b; }

    // Adds what a node costs to the document's total, once: a scalar, an empty container, or
    // everything an alias stands for (a container's contents are counted as they arrive).
    void count(SourceLoc loc, Size n) {
        if (loc.line) m_lastLoc = loc;
        m_total.nodes = sat(m_total.nodes, n.nodes);
        m_total.bytes = sat(m_total.bytes, n.bytes);
        if (m_total.nodes > m_limits.maxNodes()) {
            m_diag.error(m_lastLoc, "document expands to more than " + std::to_string(m_limits.maxNodes()) +
                                        " nodes (aliases included), one per 16 bytes of the file-size limit",
                         "a scenario of ordinary size",
                         "check for aliases (*name) that repeat large parts; a genuine scenario this large needs a higher --max-bytes");
            throw Stop{};
        }
        if (m_total.bytes > m_limits.maxExpandedBytes()) {
            m_diag.error(m_lastLoc, "document expands to more than " + std::to_string(m_limits.maxExpandedBytes()) +
                                        " bytes of text (aliases included), four times the file-size limit",
                         "a scenario of ordinary size",
                         "check for aliases (*name) that repeat long texts; a genuine scenario this large needs a higher --max-bytes");
            throw Stop{};
        }
    }

    // Attaches a finished node to its parent; `size` is its expanded size, remembered for
    // aliases to its anchor and summed into the parent's.
    void add(YNode* n, YAML::anchor_t anchor, Size size) {
        if (anchor) m_anchors[anchor] = {n, size};
        if (m_stack.empty()) {
            root = n;
            return;
        }
        Frame& f = m_stack.back();
        f.size.nodes = sat(f.size.nodes, size.nodes);
        f.size.bytes = sat(f.size.bytes, size.bytes);
        if (f.node->kind == YKind::Seq) {
            f.node->items.push_back(n);
        } else if (!f.pendingKey) {
            f.pendingKey = n;
        } else {
            f.node->entries.emplace_back(f.pendingKey, n);
            f.pendingKey = nullptr;
        }
    }

    YamlDoc& m_doc;
    Diagnostics& m_diag;
    const YamlLimits& m_limits;
    std::vector<Frame> m_stack;
    std::map<YAML::anchor_t, Anchored> m_anchors;
    Size m_total;
    SourceLoc m_lastLoc{1, 1};
};

// Line and column (from 1) of byte offset `pos`.
SourceLoc locOf(std::string_view text, std::size_t pos) {
    SourceLoc loc{1, 1};
    for (std::size_t i = 0; i < pos && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++loc.line;
            loc.col = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++loc.col;
        }
    }
    return loc;
}

// Offset of the first byte that is not valid UTF-8 text (NUL and most control bytes
// included), or npos.
std::size_t firstBinaryByte(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            if (c == 0 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7F) return i;
            ++i;
            continue;
        }
        int len = 0;
        if ((c & 0xE0) == 0xC0 && c >= 0xC2) len = 2;
        else if ((c & 0xF0) == 0xE0) len = 3;
        else if ((c & 0xF8) == 0xF0 && c <= 0xF4) len = 4;
        else return i;
        if (i + len > s.size()) return i;
        for (int k = 1; k < len; ++k) {
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return i;
        }
        i += len;
    }
    return std::string_view::npos;
}

// Offset where flow brackets ([ and {) first nest deeper than `limit`, or npos. yaml-cpp's
// scanner queues every token of an unclosed flow collection before it emits an event, so a
// file of a million '[' would cost a gigabyte before the builder's own depth check saw
// it; this pass finds such a file in one sweep. Quoted scalars and comments are skipped
// (a quote opens a scalar only where a scalar can begin); brackets inside plain or block
// scalars are counted too, which can only overcount, so the limit given is generous.
std::size_t deepFlowAt(std::string_view s, int limit) {
    int depth = 0;
    char prev = '\n';  // last character that is not a space or tab
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == ' ' || c == '\t') continue;
        const bool scalarMayStart = prev == '\n' || prev == ':' || prev == ',' || prev == '[' || prev == '{' ||
                                    prev == '-' || prev == '?';
        if (c == '#' && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t' || s[i - 1] == '\n')) {
            while (i < s.size() && s[i] != '\n') ++i;
            prev = '\n';
            continue;
        }
        if ((c == '"' || c == '\'') && scalarMayStart) {
            for (++i; i < s.size(); ++i) {
                if (c == '"' && s[i] == '\\') ++i;
                else if (s[i] == c) break;
            }
            prev = c;
            continue;
        }
        if (c == '[' || c == '{') {
            if (++depth > limit) return i;
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
        prev = c;
    }
    return std::string_view::npos;
}

// yaml-cpp messages start lower-case without the mark; keep them but make them ours.
std::string tidyYamlMessage(std::string msg) {
    if (!msg.empty()) msg[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(msg[0])));
    return msg;
}

}  // namespace

YamlDoc YamlDoc::parse(std::string text, Diagnostics& diag, const YamlLimits& limits) {
    YamlDoc doc;
    doc.m_text = std::move(text);
    const std::string& t = doc.m_text;
    if (t.size() > limits.maxBytes) {
        diag.error({1, 1}, "file is " + std::to_string(t.size()) + " bytes, larger than the limit of " +
                               std::to_string(limits.maxBytes),
                   "a scenario of at most " + std::to_string(limits.maxBytes) + " bytes",
                   "raise the limit with --max-bytes if the file is genuine");
        return doc;
    }
    if (const std::size_t bad = firstBinaryByte(t); bad != std::string_view::npos) {
        diag.error(locOf(t, bad), "file is not UTF-8 text (byte 0x" + [&] {
            static const char* hex = "0123456789ABCDEF";
            const auto c = static_cast<unsigned char>(t[bad]);
            return std::string{hex[c >> 4], hex[c & 15]};
        }() + " at offset " + std::to_string(bad) + ")",
                   "a YAML scenario", "is this the right file?");
        return doc;
    }
    bool blank = true;
    for (char c : t) {
        if (!std::isspace(static_cast<unsigned char>(c))) {
            blank = false;
            break;
        }
    }
    if (blank) {
        diag.error({1, 1}, "file is empty", "a YAML mapping that starts with 'brink: 1'",
                   "copy scenarios/models/richardson.yaml as a starting point");
        return doc;
    }
    if (const std::size_t at = deepFlowAt(t, 4 * limits.maxDepth); at != std::string_view::npos) {
        diag.error(locOf(t, at), "brackets nested deeper than " + std::to_string(4 * limits.maxDepth) + " levels",
                   "a scenario nested a few levels deep (at most " + std::to_string(limits.maxDepth) + ")",
                   "flatten the structure");
        return doc;
    }
    std::istringstream in(t);
    Builder b(doc, diag, limits);
    try {
        YAML::Parser parser(in);
        if (!parser.HandleNextDocument(b)) {
            diag.error({1, 1}, "file holds no YAML document", "a YAML mapping that starts with 'brink: 1'");
            return doc;
        }
        Builder second(doc, diag, limits);
        if (parser.HandleNextDocument(second) && second.root) {
            diag.error(second.root->loc, "file holds more than one YAML document",
                       "one scenario per file", "remove the '---' separator and what follows");
        }
    } catch (const YAML::DeepRecursion& e) {
        diag.error(toLoc(e.mark), "nesting too deep for the YAML reader", "a scenario nested a few levels deep",
                   "flatten the structure");
        return doc;
    } catch (const YAML::ParserException& e) {
        diag.error(toLoc(e.mark), "YAML syntax: " + tidyYamlMessage(e.msg), "well-formed YAML",
                   "check indentation, colons and quotes on this line and the one before");
        return doc;
    } catch (const Stop&) {
        return doc;
    }
    doc.m_root = b.root;
    return doc;
}

// ---------------------------------------------------------------------------------------
// Emitting

bool isPlainSafe(std::string_view s) {
    if (s.empty()) return false;
    // These would read back as a null node, not as text. (true/false and other words
    // read back as the same plain scalar; quoting is carried by YNode::quoted.)
    static constexpr std::string_view reserved[] = {"null", "Null", "NULL", "~"};
    for (auto r : reserved) {
        if (s == r) return false;
    }
    const unsigned char first = static_cast<unsigned char>(s.front());
    if (!(std::isalnum(first) || first == '_' || first == '.' || first == '(' ||
          ((first == '-' || first == '+') && s.size() > 1 && s[1] != ' '))) {
        return false;
    }
    if (s.back() == ' ' || s.back() == ':') return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 || c == '#' || c == '"' || c == '\'' || c == '[' || c == ']' || c == '{' || c == '}' ||
            c == ',' || c == '&' || c == '*' || c == '!' || c == '|' || c == '>' || c == '%' || c == '@' ||
            c == '`' || c == '\\') {
            return false;
        }
        if (c == ':' && (i + 1 == s.size() || s[i + 1] == ' ')) return false;
    }
    return true;
}

namespace {

std::string quote(std::string_view s) {
    std::string out = "\"";
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (ch) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            case '\r': out += "\\r"; break;
            default:
                if (c < 0x20) {
                    static const char* hex = "0123456789abcdef";
                    out += "\\x";
                    out += hex[c >> 4];
                    out += hex[c & 15];
                } else {
                    out += ch;
                }
        }
    }
    return out + "\"";
}

std::string scalarText(const YNode& n) {
    if (n.kind == YKind::Null) return "null";
    if (!n.quoted && isPlainSafe(n.value)) return n.value;
    return quote(n.value);
}

bool isFlowable(const YNode& n) {
    if (n.kind != YKind::Seq) return false;
    std::size_t len = 0;
    for (const YNode* i : n.items) {
        if (i->kind != YKind::Scalar && i->kind != YKind::Null) return false;
        len += scalarText(*i).size() + 2;
    }
    return len <= 72;
}

void emitNode(const YNode& n, int indent, std::string& out);

void emitFlow(const YNode& n, std::string& out) {
    out += '[';
    for (std::size_t i = 0; i < n.items.size(); ++i) {
        if (i) out += ", ";
        out += scalarText(*n.items[i]);
    }
    out += ']';
}

// Writes the value after "key:" or "- ", choosing inline or nested form.
void emitValue(const YNode& v, int indent, std::string& out, bool afterDash) {
    if (v.kind == YKind::Scalar || v.kind == YKind::Null) {
        out += ' ';
        out += scalarText(v);
        out += '\n';
    } else if (v.kind == YKind::Seq && (v.items.empty() || isFlowable(v))) {
        out += ' ';
        emitFlow(v, out);
        out += '\n';
    } else if (v.kind == YKind::Map && v.entries.empty()) {
        out += " {}\n";
    } else if (afterDash && v.kind == YKind::Map) {
        // "- key: value" with the rest of the map aligned under the first key
        out += ' ';
        std::string inner;
        emitNode(v, indent, inner);
        out += inner.substr(static_cast<std::size_t>(indent));
    } else {
        out += '\n';
        emitNode(v, indent, out);
    }
}

void emitNode(const YNode& n, int indent, std::string& out) {
    const std::string pad(static_cast<std::size_t>(indent), ' ');
    if (n.kind == YKind::Map) {
        for (const auto& [k, v] : n.entries) {
            out += pad + scalarText(*k) + ':';
            emitValue(*v, indent + 2, out, false);
        }
    } else if (n.kind == YKind::Seq) {
        for (const YNode* item : n.items) {
            out += pad + '-';
            emitValue(*item, indent + 2, out, true);
        }
    } else {
        out += pad + scalarText(n) + '\n';
    }
}

}  // namespace

std::string emitYaml(const YNode& root) {
    std::string out;
    emitNode(root, 0, out);
    return out;
}

}  // namespace brink
