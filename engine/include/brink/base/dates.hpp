#pragma once
/// Calendar dates as day counts (proleptic Gregorian), for `scenario.start` and headlines.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace brink {

/// A day count since 1970-01-01.
using Days = std::int64_t;

/// Parses exactly YYYY-MM-DD (a real date, years 1..9999); nullopt otherwise.
std::optional<Days> parseDate(std::string_view s);
/// Formats a day count as YYYY-MM-DD.
std::string formatDate(Days d);

}  // namespace brink
