#pragma once
/// What `brink serve -v` logs: connections, requests and answers, turns. Through the
/// program's logger ("brink", at info; warnings are shown without -v). Never a token.
#include <spdlog/spdlog.h>

#include <string>

namespace brink::serve {

/// Control characters (a newline, an escape sequence) as \xNN: what a client sent cannot
/// forge a line of the log or drive the teacher's terminal.
inline std::string logSafe(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f) {
            static const char* hex = "0123456789abcdef";
            out += "\\x";
            out += hex[u >> 4];
            out += hex[u & 15];
        } else {
            out += c;
        }
    }
    return out;
}
inline bool logging(spdlog::level::level_enum level) {
    const auto l = spdlog::get("brink");
    return l && l->should_log(level);
}
inline void logAt(spdlog::level::level_enum level, const std::string& text) {
    if (const auto l = spdlog::get("brink"); l && l->should_log(level)) l->log(level, "{}", logSafe(text));
}
inline void logInfo(const std::string& text) { logAt(spdlog::level::info, text); }
inline void logWarn(const std::string& text) { logAt(spdlog::level::warn, text); }

}  // namespace brink::serve
