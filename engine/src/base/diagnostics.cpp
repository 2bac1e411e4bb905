#include "brink/base/diagnostics.hpp"

#include <algorithm>
#include <numeric>
#include <utility>

namespace brink {

std::string format(const Diagnostic& d) {
    // Always path:line:col, so tools can parse every line; a problem with the file as a
    // whole (it cannot be opened, it is a folder) points at its start.
    std::string s = d.path.empty() ? std::string("<input>") : d.path;
    const SourceLoc at = d.loc.line > 0 ? d.loc : SourceLoc{1, 1};
    s += ':' + std::to_string(at.line) + ':' + std::to_string(std::max<std::uint32_t>(1, at.col));
    s += (d.severity == Severity::Warning ? ": warning: " : ": error: ") + d.what;
    if (!d.expected.empty()) s += "; expected " + d.expected;
    if (!d.hint.empty()) s += "; hint: " + d.hint;
    return s;
}

void Diagnostics::error(SourceLoc loc, std::string what, std::string expected, std::string hint) {
    if (m_items.size() >= kMaxErrors) return;
    m_items.push_back({m_path, loc, std::move(what), std::move(expected), std::move(hint)});
    if (m_items.size() == kMaxErrors) {
        m_items.push_back({m_path, loc, "too many errors; stopped after " + std::to_string(kMaxErrors), {},
                           "fix these first, then run again"});
    }
}

void Diagnostics::sortByPlace() {
    // the "too many errors" note, when there is one, stays last
    const auto end = m_items.size() > kMaxErrors ? m_items.begin() + static_cast<std::ptrdiff_t>(kMaxErrors) : m_items.end();
    std::stable_sort(m_items.begin(), end, [](const Diagnostic& a, const Diagnostic& b) {
        if (a.loc.line != b.loc.line) return a.loc.line < b.loc.line;
        return a.loc.col < b.loc.col;
    });
}

std::string Diagnostics::str() const {
    std::string out;
    for (const auto& d : m_items) out += format(d) + '\n';
    return out;
}

static std::string joinFormatted(const std::vector<Diagnostic>& items) {
    std::string out;
    for (const auto& d : items) {
        if (!out.empty()) out += '\n';
        out += format(d);
    }
    return out;
}

InputError::InputError(std::vector<Diagnostic> items)
    : std::runtime_error(joinFormatted(items)), m_items(std::move(items)) {}

std::size_t editDistance(std::string_view a, std::string_view b) {
    // Optimal string alignment distance: Levenshtein plus adjacent transpositions,
    // which is the commonest typo ("trun" for "turn"). It is symmetric, so the rows run
    // over the longer word and the three rows kept are as long as the shorter one.
    if (a.size() < b.size()) std::swap(a, b);
    const std::size_t n = a.size(), m = b.size();
    std::vector<std::size_t> rows(3 * (m + 1));
    std::size_t* prev2 = rows.data();
    std::size_t* prev = prev2 + (m + 1);
    std::size_t* cur = prev + (m + 1);
    std::iota(prev, prev + m + 1, std::size_t{0});
    for (std::size_t i = 1; i <= n; ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= m; ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                cur[j] = std::min(cur[j], prev2[j - 2] + 1);
            }
        }
        std::swap(prev2, prev);
        std::swap(prev, cur);
    }
    return prev[m];
}

std::string nearest(std::string_view word, const std::vector<std::string>& candidates) {
    // Near enough: at most half the longer word, and never more than 3 edits
    // ("pkr" suggests "prk", "kk" suggests "k"; "c" does not suggest "a").
    constexpr std::size_t kMaxEdits = 3;
    const std::string* best = nullptr;
    std::size_t bestD = static_cast<std::size_t>(-1);
    for (const auto& c : candidates) {
        // The distance is at least the difference in length: a candidate that cannot come
        // within reach, or cannot beat the best so far, is not measured. So a misspelt key
        // of a megabyte costs nothing, and a file of many misspellings stays cheap.
        const std::size_t gap = word.size() > c.size() ? word.size() - c.size() : c.size() - word.size();
        if (gap > kMaxEdits || gap >= bestD) continue;
        const std::size_t d = editDistance(word, c);
        if (d < bestD) {
            bestD = d;
            best = &c;
        }
    }
    if (!best) return {};
    const std::size_t len = std::max(word.size(), best->size());
    if (bestD > kMaxEdits || 2 * bestD > len || len < 2) return {};
    return *best;
}

std::string joinList(const std::vector<std::string>& items, std::size_t max) {
    std::string out;
    for (std::size_t i = 0; i < items.size() && i < max; ++i) {
        if (i) out += ", ";
        out += items[i];
    }
    if (items.size() > max) out += ", ...";
    return out;
}

std::string suggest(std::string_view word, const std::vector<std::string>& candidates) {
    const std::string n = nearest(word, candidates);
    if (!n.empty()) return "did you mean '" + n + "'?";
    if (candidates.empty()) return {};
    return "known: " + joinList(candidates);
}

}  // namespace brink
