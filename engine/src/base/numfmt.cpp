#include "brink/base/numfmt.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace brink {

NumberError parseNumber(std::string_view s, double& out) {
    std::string_view t = s;
    if (!t.empty() && t.front() == '+') t.remove_prefix(1);
    std::string_view body = t;
    if (!body.empty() && body.front() == '-') body.remove_prefix(1);
    if (body == ".nan" || body == ".NaN" || body == ".NAN" || body == "nan" || body == "NaN" ||
        body == ".inf" || body == ".Inf" || body == ".INF" || body == "inf" || body == "infinity" ||
        body == "Infinity") {
        return NumberError::NotFinite;
    }
    if (t.empty()) return NumberError::NotANumber;
    // Only plain decimal forms: digits, one optional point, optional exponent.
    std::size_t i = 0;
    if (t[i] == '-') ++i;
    std::size_t digits = 0;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i, ++digits;
    if (i < t.size() && t[i] == '.') {
        ++i;
        while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i, ++digits;
    }
    if (digits == 0) return NumberError::NotANumber;
    if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
        ++i;
        if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
        std::size_t ed = 0;
        while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i, ++ed;
        if (ed == 0) return NumberError::NotANumber;
    }
    if (i != t.size()) return NumberError::NotANumber;
    double v = 0;
    const auto res = std::from_chars(t.data(), t.data() + t.size(), v);
    if (res.ec == std::errc::result_out_of_range) {
        // from_chars reports both overflow and underflow; underflow to zero is harmless
        // only when the text really is tiny.
        const bool tiny = t.find("e-") != std::string_view::npos ||
                          t.find("E-") != std::string_view::npos;
        if (tiny) {
            out = 0.0;
            return NumberError::None;
        }
        return NumberError::OutOfRange;
    }
    if (res.ec != std::errc{} || res.ptr != t.data() + t.size()) return NumberError::NotANumber;
    if (!std::isfinite(v)) return NumberError::OutOfRange;
    out = v;
    return NumberError::None;
}

bool parseInteger(std::string_view s, std::int64_t& out) {
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    if (s.empty()) return false;
    std::int64_t v = 0;
    const auto res = std::from_chars(s.data(), s.data() + s.size(), v);
    if (res.ec != std::errc{} || res.ptr != s.data() + s.size()) return false;
    out = v;
    return true;
}

std::string formatNumber(double v) {
    if (v == 0.0) return "0";  // also folds -0 into 0
    // whole numbers that a double holds exactly print as such ("100000", not "1e+05")
    if (std::fabs(v) < 9007199254740992.0 && v == std::floor(v)) return std::to_string(static_cast<std::int64_t>(v));
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, res.ptr);
}

std::string formatHuman(double v, int decimals) {
    if (!std::isfinite(v)) return formatNumber(v);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, std::fabs(v));
    std::string s = buf;
    std::string frac;
    if (auto dot = s.find('.'); dot != std::string::npos) {
        frac = s.substr(dot);
        s.erase(dot);
        while (!frac.empty() && (frac.back() == '0' || frac.back() == '.')) frac.pop_back();
    }
    std::string grouped;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (i && (s.size() - i) % 3 == 0) grouped += ',';
        grouped += s[i];
    }
    const bool neg = v < 0 && (grouped != "0" || !frac.empty());
    return (neg ? "-" : "") + grouped + frac;
}

std::string possessive(std::string_view name) {
    std::string s(name);
    return s + (!s.empty() && s.back() == 's' ? "'" : "'s");
}

std::string formatPercent(double p) {
    const double v = p * 100.0;
    return formatHuman(v, v < 1 ? 2 : v < 10 ? 1 : 0) + "%";
}

std::string counted(std::int64_t n, std::string_view noun, std::string_view plural) {
    std::string s = formatHuman(static_cast<double>(n), 0) + " ";
    if (n == 1) return s.append(noun);
    return plural.empty() ? s.append(noun).append("s") : s.append(plural);
}

}  // namespace brink
