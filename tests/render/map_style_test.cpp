#include <catch2/catch.hpp>

#include "brink/render/map_style.hpp"

using namespace brink::render;

TEST_CASE("map style: bloc colours are distinct, ramps run from calm to hot", "[style]") {
    for (int i = 0; i < 8; ++i) {
        for (int j = i + 1; j < 8; ++j) CHECK_FALSE(style::blocColour(i) == style::blocColour(j));
        CHECK_FALSE(style::blocColour(i) == style::kLand);
    }
    CHECK(style::blocColour(8) == style::blocColour(0));  // the palette repeats
    CHECK(style::blocColour(-1) == style::kNoBloc);
    // tension: yellow at 0, dark red at 1, redder and darker as it rises
    const Rgba calm = style::tensionColour(0), hot = style::tensionColour(1);
    CHECK(calm.g > 200);
    CHECK(hot.r < 150);
    CHECK(hot.g < 20);
    int lastGreen = 256;
    for (double t = 0; t <= 1.0; t += 0.05) {
        const Rgba c = style::tensionColour(t);
        CHECK(c.g <= lastGreen);
        lastGreen = c.g;
    }
    CHECK(style::tensionColour(-3) == calm);
    CHECK(style::tensionColour(7) == hot);
    CHECK(style::rungColour(0, 4) == calm);
    CHECK(style::rungColour(3, 4) == hot);
    CHECK(style::postureColour(0, 0, 3) == style::postureColour(-1, 0, 3));
    CHECK_FALSE(style::postureColour(0, 0, 3) == style::postureColour(3, 0, 3));
}

TEST_CASE("map style: ids become legend names", "[style]") {
    CHECK(style::displayName("coalition") == "Coalition");
    CHECK(style::displayName("west_bloc") == "West bloc");
    CHECK(style::displayName("") == "");
}
