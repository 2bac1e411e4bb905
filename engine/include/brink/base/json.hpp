#pragma once
/// A small JSON writer with deterministic number text (shortest round-trip), used for
/// summary.json and events.jsonl so output files are byte-identical across runs.
#include <string>
#include <string_view>
#include <vector>

namespace brink {

class JsonWriter {
public:
    explicit JsonWriter(bool pretty = false) : m_pretty(pretty) {}
    JsonWriter& beginObject();
    JsonWriter& endObject();
    JsonWriter& beginArray();
    JsonWriter& endArray();
    JsonWriter& key(std::string_view k);
    JsonWriter& value(std::string_view s);
    JsonWriter& value(const char* s) { return value(std::string_view(s)); }
    JsonWriter& value(double v);
    JsonWriter& value(std::int64_t v);
    JsonWriter& value(std::uint64_t v);
    JsonWriter& value(int v) { return value(static_cast<std::int64_t>(v)); }
    JsonWriter& value(bool b);
    JsonWriter& null();
    [[nodiscard]] const std::string& str() const { return m_out; }

    static std::string escape(std::string_view s);

private:
    void comma();
    void newline();
    std::string m_out;
    bool m_pretty;
    std::vector<bool> m_first;  // per open container: no element yet
    bool m_afterKey = false;
};

}  // namespace brink
