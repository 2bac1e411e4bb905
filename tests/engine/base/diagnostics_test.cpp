#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "brink/base/diagnostics.hpp"

using namespace brink;

TEST_CASE("edit distance counts insertions, deletions, substitutions and swaps", "[diagnostics]") {
    CHECK(editDistance("turn", "turn") == 0);
    CHECK(editDistance("trun", "turn") == 1);  // adjacent swap
    CHECK(editDistance("turns", "turn") == 1);
    CHECK(editDistance("tern", "turn") == 1);
    CHECK(editDistance("", "abc") == 3);
    CHECK(editDistance("kitten", "sitting") == 3);
}

TEST_CASE("nearest suggests only close names", "[diagnostics]") {
    const std::vector<std::string> keys = {"turn_days", "turns", "start", "seed"};
    CHECK(nearest("turn_dayz", keys) == "turn_days");
    CHECK(nearest("sed", keys) == "seed");
    CHECK(nearest("population", keys).empty());
    CHECK(suggest("strat", keys) == "did you mean 'start'?");
    CHECK(suggest("xyz", {"a", "b"}) == "known: a, b");
}

namespace {
// The rule nearest() documents, written the plain way: the first candidate at the least
// distance, suggested when within 3 edits and half the longer word.
std::string nearestByRule(const std::string& word, const std::vector<std::string>& candidates) {
    std::string best;
    std::size_t bestD = SIZE_MAX;
    for (const auto& c : candidates) {
        const std::size_t d = editDistance(word, c);
        if (d < bestD) bestD = d, best = c;
    }
    const std::size_t len = std::max(word.size(), best.size());
    if (best.empty() || bestD > 3 || 2 * bestD > len || len < 2) return {};
    return best;
}

std::string randomWord(std::mt19937_64& rng, std::size_t maxLen) {
    // a four-letter alphabet, so that random words are often near one another
    std::string w(std::uniform_int_distribution<std::size_t>(0, maxLen)(rng), 'a');
    for (auto& ch : w) ch = static_cast<char>('a' + std::uniform_int_distribution<int>(0, 3)(rng));
    return w;
}
}  // namespace

TEST_CASE("edit distance is symmetric and bounded by the longer word", "[diagnostics]") {
    std::mt19937_64 rng(7);
    for (int i = 0; i < 2000; ++i) {
        const std::string a = randomWord(rng, 12), b = randomWord(rng, i % 10 == 0 ? 80 : 12);
        const std::size_t d = editDistance(a, b);
        CHECK(d == editDistance(b, a));
        CHECK(d <= std::max(a.size(), b.size()));
        CHECK(d >= (a.size() > b.size() ? a.size() - b.size() : b.size() - a.size()));
    }
}

TEST_CASE("nearest picks what the rule picks, however the search is cut short", "[diagnostics]") {
    std::mt19937_64 rng(11);
    int suggested = 0;
    for (int i = 0; i < 3000; ++i) {
        std::vector<std::string> keys;
        const int k = std::uniform_int_distribution<int>(0, 12)(rng);
        for (int j = 0; j < k; ++j) keys.push_back(randomWord(rng, 9));
        const std::string word = randomWord(rng, i % 7 == 0 ? 40 : 9);
        const std::string want = nearestByRule(word, keys);
        CHECK(nearest(word, keys) == want);
        suggested += !want.empty();
    }
    CHECK(suggested > 500);  // the draw exercises suggestions, not only refusals
    const std::string longKey(100000, 'x');
    CHECK(nearest(longKey, {"turns", "turn_days"}).empty());
}

TEST_CASE("diagnostics print as path:line:col: error: what; expected; hint", "[diagnostics]") {
    Diagnostics d("s.yaml");
    d.error({3, 5}, "unknown key 'x'", "one of a, b", "did you mean 'a'?");
    d.error({}, "cannot open scenario file");
    CHECK(d.str() ==
          "s.yaml:3:5: error: unknown key 'x'; expected one of a, b; hint: did you mean 'a'?\n"
          "s.yaml:1:1: error: cannot open scenario file\n");  // the whole file: its start
}

TEST_CASE("a flood of errors is cut off with a note", "[diagnostics]") {
    Diagnostics d("s.yaml");
    for (int i = 0; i < 1000; ++i) d.error({1, 1}, "bad");
    CHECK(d.items().size() == Diagnostics::kMaxErrors + 1);
    CHECK(d.items().back().what.find("too many errors") != std::string::npos);
}
