#pragma once
/// What `brink serve -v` logs: connections, requests and answers, turns. Through the
/// program's logger ("brink", at info; warnings are shown without -v). Never a token.
#include <spdlog/spdlog.h>

#include <string>

namespace brink::serve {

inline void logAt(spdlog::level::level_enum level, const std::string& text) {
    if (const auto l = spdlog::get("brink"); l && l->should_log(level)) l->log(level, "{}", text);
}
inline void logInfo(const std::string& text) { logAt(spdlog::level::info, text); }
inline void logWarn(const std::string& text) { logAt(spdlog::level::warn, text); }

}  // namespace brink::serve
