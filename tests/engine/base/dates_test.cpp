#include <catch2/catch.hpp>

#include "brink/base/dates.hpp"

using namespace brink;

TEST_CASE("dates parse and format as day counts", "[dates]") {
    REQUIRE(parseDate("1970-01-01") == 0);
    REQUIRE(parseDate("2024-06-19").has_value());
    CHECK(formatDate(*parseDate("2024-06-19")) == "2024-06-19");
    CHECK(*parseDate("2024-06-26") - *parseDate("2024-06-19") == 7);
    CHECK(*parseDate("2025-03-01") - *parseDate("2025-02-28") == 1);
    CHECK(*parseDate("2024-03-01") - *parseDate("2024-02-28") == 2);  // leap year
    CHECK(formatDate(*parseDate("2024-06-19") + 364) == "2025-06-18");
}

TEST_CASE("impossible or malformed dates are refused", "[dates]") {
    CHECK_FALSE(parseDate("2023-02-29"));
    CHECK_FALSE(parseDate("2024-13-01"));
    CHECK_FALSE(parseDate("2024-04-31"));
    CHECK_FALSE(parseDate("2024-6-19"));
    CHECK_FALSE(parseDate("19/06/2024"));
    CHECK_FALSE(parseDate("0000-01-01"));
    CHECK(parseDate("2000-02-29"));
    CHECK_FALSE(parseDate("1900-02-29"));
}
