#include "brink/base/json.hpp"

#include <cmath>

#include "brink/base/numfmt.hpp"

namespace brink {

std::string JsonWriter::escape(std::string_view s) {
    std::string o;
    o.reserve(s.size() + 2);
    o += '"';
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (ch) {
            case '"': o += "\\\""; break;
            case '\\': o += "\\\\"; break;
            case '\n': o += "\\n"; break;
            case '\r': o += "\\r"; break;
            case '\t': o += "\\t"; break;
            default:
                if (c < 0x20) {
                    static const char* hex = "0123456789abcdef";
                    o += "\\u00";
                    o += hex[c >> 4];
                    o += hex[c & 15];
                } else {
                    o += ch;
                }
        }
    }
    o += '"';
    return o;
}

void JsonWriter::newline() {
    if (!m_pretty) return;
    m_out += '\n';
    m_out.append(m_first.size() * 2, ' ');
}

void JsonWriter::comma() {
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    if (!m_first.empty()) {
        if (!m_first.back()) m_out += ',';
        m_first.back() = false;
        newline();
    }
}

JsonWriter& JsonWriter::beginObject() {
    comma();
    m_out += '{';
    m_first.push_back(true);
    return *this;
}

JsonWriter& JsonWriter::endObject() {
    const bool empty = m_first.back();
    m_first.pop_back();
    if (!empty) newline();
    m_out += '}';
    return *this;
}

JsonWriter& JsonWriter::beginArray() {
    comma();
    m_out += '[';
    m_first.push_back(true);
    return *this;
}

JsonWriter& JsonWriter::endArray() {
    const bool empty = m_first.back();
    m_first.pop_back();
    if (!empty) newline();
    m_out += ']';
    return *this;
}

JsonWriter& JsonWriter::key(std::string_view k) {
    comma();
    m_out += escape(k);
    m_out += m_pretty ? ": " : ":";
    m_afterKey = true;
    return *this;
}

JsonWriter& JsonWriter::value(std::string_view s) {
    comma();
    m_out += escape(s);
    return *this;
}

JsonWriter& JsonWriter::value(double v) {
    comma();
    m_out += std::isfinite(v) ? formatNumber(v) : std::string("null");
    return *this;
}

JsonWriter& JsonWriter::value(std::int64_t v) {
    comma();
    m_out += std::to_string(v);
    return *this;
}

JsonWriter& JsonWriter::value(std::uint64_t v) {
    comma();
    m_out += std::to_string(v);
    return *this;
}

JsonWriter& JsonWriter::value(bool b) {
    comma();
    m_out += b ? "true" : "false";
    return *this;
}

JsonWriter& JsonWriter::null() {
    comma();
    m_out += "null";
    return *this;
}

}  // namespace brink
