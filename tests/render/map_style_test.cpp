#include <catch2/catch.hpp>

#include "brink/render/map_style.hpp"
#include "support.hpp"

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

TEST_CASE("map style: a bloc's colour is its own, whatever the order of the actors", "[style]") {
    const std::string head = brink::test::head();
    auto colourOf = [](const brink::Scenario& sc, const std::string& bloc) {
        return style::blocColours(sc)[static_cast<std::size_t>(sc.blocs.find(bloc))];
    };
    // the same blocs first used in another order keep their colours
    auto ab = brink::test::load(head + "actors:\n  a: {name: A, bloc: west}\n  b: {name: B, bloc: east}\n  c: {name: C, bloc: south}\n");
    auto ba = brink::test::load(head + "actors:\n  c: {name: C, bloc: south}\n  b: {name: B, bloc: east}\n  a: {name: A, bloc: west}\n");
    for (const char* bloc : {"west", "east", "south"}) CHECK(colourOf(*ab, bloc) == colourOf(*ba, bloc));
    // and differ from one another
    CHECK_FALSE(colourOf(*ab, "west") == colourOf(*ab, "east"));
    CHECK_FALSE(colourOf(*ab, "west") == colourOf(*ab, "south"));
    CHECK_FALSE(colourOf(*ab, "east") == colourOf(*ab, "south"));
    // a colour the scenario sets wins; its name goes in the legend
    auto set = brink::test::load(head + "blocs:\n  west: {name: The West, colour: \"#0a14FF\"}\n"
                                        "actors:\n  a: {name: A, bloc: west}\n  b: {name: B, bloc: east}\n");
    CHECK(colourOf(*set, "west") == Rgba{10, 20, 255});
    CHECK(style::blocName(*set, static_cast<std::size_t>(set->blocs.find("west"))) == "The West");
    CHECK(style::blocName(*set, static_cast<std::size_t>(set->blocs.find("east"))) == "East");
}
