#pragma once
/// Numbers in and out: strict parsing of YAML scalars, and the shortest text that reads
/// back to the same double, so output files are byte-identical and round-trip exactly.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace brink {

/// Why a scalar is not a number.
enum class NumberError { None, NotANumber, NotFinite, OutOfRange };

/// Parses a decimal number (optional sign, digits, fraction, exponent; also "inf"/"nan"
/// forms so they can be refused by name). Returns the value or the reason.
NumberError parseNumber(std::string_view s, double& out);
/// Parses a whole number in [INT64_MIN, INT64_MAX] written without a fraction.
bool parseInteger(std::string_view s, std::int64_t& out);

/// Shortest round-trip text of a double; integers print without a fraction ("3", not "3.0").
std::string formatNumber(double v);
/// For people: thousands separated ("4,800,000"), up to `decimals` decimals, trailing zeros dropped.
std::string formatHuman(double v, int decimals = 2);
/// A probability as a percentage for people: "6.7%", "0.25%", "42%".
std::string formatPercent(double p);
/// "Russia's", "United States'": a name in the possessive.
std::string possessive(std::string_view name);
/// "1 actor", "3 actors", "1,000 runs": a count with its noun, plural unless it is 1
/// (`plural` when the plural is not the noun and an s).
std::string counted(std::int64_t n, std::string_view noun, std::string_view plural = {});

}  // namespace brink
