#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "brink/base/numfmt.hpp"

using namespace brink;

TEST_CASE("numbers print in the shortest text that reads back exactly", "[numfmt]") {
    CHECK(formatNumber(3) == "3");
    CHECK(formatNumber(0.1) == "0.1");
    CHECK(formatNumber(-0.0) == "0");
    CHECK(formatNumber(1e-5) == "1e-05");
    for (double v : {0.1 + 0.2, 1.0 / 3, 12345.678901234567, 6.02214076e23, 5e-324}) {
        double back = 0;
        REQUIRE(parseNumber(formatNumber(v), back) == NumberError::None);
        CHECK(back == v);
    }
}

TEST_CASE("number parsing is strict and names what is wrong", "[numfmt]") {
    double v = 0;
    CHECK(parseNumber("42", v) == NumberError::None);
    CHECK(v == 42);
    CHECK(parseNumber("-1.5e3", v) == NumberError::None);
    CHECK(v == -1500);
    CHECK(parseNumber(".5", v) == NumberError::None);
    CHECK(parseNumber(".nan", v) == NumberError::NotFinite);
    CHECK(parseNumber("-.inf", v) == NumberError::NotFinite);
    CHECK(parseNumber("1e999", v) == NumberError::OutOfRange);
    CHECK(parseNumber("1e-999", v) == NumberError::None);
    CHECK(v == 0);
    CHECK(parseNumber("ten", v) == NumberError::NotANumber);
    CHECK(parseNumber("1,000", v) == NumberError::NotANumber);
    CHECK(parseNumber("0x10", v) == NumberError::NotANumber);
    CHECK(parseNumber("", v) == NumberError::NotANumber);
    std::int64_t i = 0;
    CHECK(parseInteger("52", i));
    CHECK(i == 52);
    CHECK_FALSE(parseInteger("5.2", i));
    CHECK_FALSE(parseInteger("99999999999999999999", i));
}

TEST_CASE("human numbers group thousands and drop trailing zeros", "[numfmt]") {
    CHECK(formatHuman(4800000) == "4,800,000");
    CHECK(formatHuman(0.5) == "0.5");
    CHECK(formatHuman(-1234.5) == "-1,234.5");
    CHECK(formatHuman(2.0 / 3, 2) == "0.67");
    CHECK(formatHuman(-0.001, 2) == "0");
}

TEST_CASE("counts read with their nouns", "[numfmt]") {
    CHECK(counted(1, "turn") == "1 turn");
    CHECK(counted(0, "turn") == "0 turns");
    CHECK(counted(52, "turn") == "52 turns");
    CHECK(counted(1000, "run") == "1,000 runs");
    CHECK(counted(2, "body", "bodies") == "2 bodies");
}
