#include <catch2/catch.hpp>

#include "brink/diagnostics.hpp"

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
