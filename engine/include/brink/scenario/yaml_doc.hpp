#pragma once
/// A YAML document as a plain tree that remembers where every node came from.
///
/// Brink reads scenarios into this tree rather than keeping yaml-cpp nodes because it
/// needs what those hide: whether a scalar was quoted (a quoted "10" is text, not a
/// number), duplicate keys, the true size of a document once aliases are expanded,
/// and a way to write a changed copy back out (final.yaml). yaml-cpp stays private.
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "brink/base/diagnostics.hpp"

namespace brink {

enum class YKind : std::uint8_t { Null, Scalar, Seq, Map };

/// One node; aliases point at the anchored node, so the tree is a DAG.
struct YNode {
    YKind kind = YKind::Null;
    bool quoted = false;  ///< scalar was quoted or a block scalar: always text
    SourceLoc loc;
    std::string value;                           ///< Scalar
    std::vector<YNode*> items;                   ///< Seq
    std::vector<std::pair<YNode*, YNode*>> entries;  ///< Map, in file order

    [[nodiscard]] bool isMap() const { return kind == YKind::Map; }
    [[nodiscard]] bool isSeq() const { return kind == YKind::Seq; }
    [[nodiscard]] bool isScalar() const { return kind == YKind::Scalar; }
    [[nodiscard]] bool isNull() const { return kind == YKind::Null; }
    /// Value for a scalar key, or nullptr.
    [[nodiscard]] YNode* get(std::string_view key) const;
    /// Entry whose key is `key`, or nullptr.
    [[nodiscard]] const std::pair<YNode*, YNode*>* entry(std::string_view key) const;
};

/// Limits that keep a hostile file from costing more than a fraction of a second and tens
/// of MB (bench/hostile_bench.cpp measures them). The node and expanded-text limits follow
/// the file-size limit, so raising --max-bytes for a genuinely large scenario raises them.
struct YamlLimits {
    std::size_t maxBytes = 4u << 20;  ///< file size
    int maxDepth = 64;                ///< nesting of maps and sequences
    /// Nodes once aliases are expanded: one per 16 bytes of the file-size limit.
    [[nodiscard]] std::size_t maxNodes() const { return maxBytes / 16; }
    /// Scalar text once aliases are expanded: four times the file-size limit.
    [[nodiscard]] std::size_t maxExpandedBytes() const { return maxBytes * 4; }
};

/// A parsed document owning its nodes.
class YamlDoc {
public:
    /// Parses `text`; problems go to `diag` and the result has no root.
    static YamlDoc parse(std::string text, Diagnostics& diag, const YamlLimits& limits = {});

    [[nodiscard]] YNode* root() const { return m_root; }
    /// A fresh node owned by this document (for building or patching).
    YNode* make(YKind kind);
    YNode* makeScalar(std::string value, bool quoted = false);
    [[nodiscard]] const std::string& text() const { return m_text; }

    YamlDoc() = default;
    YamlDoc(YamlDoc&&) = default;
    YamlDoc& operator=(YamlDoc&&) = default;
    YamlDoc(const YamlDoc&) = delete;
    YamlDoc& operator=(const YamlDoc&) = delete;

private:
    std::deque<YNode> m_nodes;
    YNode* m_root = nullptr;
    std::string m_text;
};

/// Writes a node as block-style YAML that Brink reads back to the same tree.
std::string emitYaml(const YNode& root);

/// True when `s` can be written as a plain (unquoted) YAML scalar and read back as-is.
bool isPlainSafe(std::string_view s);

}  // namespace brink
