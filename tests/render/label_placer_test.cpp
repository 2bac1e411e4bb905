#include <catch2/catch.hpp>

#include <algorithm>

#include "brink/render/label_placer.hpp"

using namespace brink::render;

TEST_CASE("label placer: nearest free spot first, never over what is blocked", "[labels]") {
    LabelPlacer p({0, 0, 400, 300});
    const Vec2 anchor{200, 150};
    auto spots = p.around(anchor, 5, 60, 20, 10);
    REQUIRE_FALSE(spots.empty());
    // the first choice is to the right of the anchor, close to it, with no leader
    auto first = p.place(spots, false);
    REQUIRE(first);
    CHECK(first->box.x0 > anchor.x);
    CHECK(first->box.x0 < anchor.x + 15);
    CHECK_FALSE(first->leader);
    // the same label again cannot take the same place
    auto second = p.place(p.around(anchor, 5, 60, 20, 10), false);
    REQUIRE(second);
    CHECK_FALSE(second->box.overlaps(first->box));
}

TEST_CASE("label placer: bounds, blocked regions, lines to avoid, leaders", "[labels]") {
    LabelPlacer p({0, 0, 400, 300});
    // near the right edge, a label goes left
    auto s = p.place(p.around({395, 150}, 4, 80, 20, 10), false);
    REQUIRE(s);
    CHECK(s->box.x1 <= 400);
    CHECK(s->box.x1 < 395);
    // a blocked region and a line push the label elsewhere
    LabelPlacer q({0, 0, 400, 300});
    q.block({206, 130, 300, 170});
    std::vector<Vec2> line;
    for (int x = 100; x < 200; x += 2) line.push_back({double(x), 150.0});
    q.avoid(line, 5.0);
    auto t = q.place(q.around({200, 150}, 5, 60, 20, 10), false);
    REQUIRE(t);
    CHECK_FALSE(t->box.overlaps({206, 130, 300, 170}));
    for (const Vec2& pt : line) CHECK_FALSE(t->box.contains(pt));
    // everything blocked: nothing without force, the least bad (still on the map) with it
    LabelPlacer full({0, 0, 100, 100});
    full.block({0, 0, 100, 100});
    CHECK_FALSE(full.place(full.around({50, 50}, 3, 20, 10, 5), false));
    auto forced = full.place(full.around({50, 50}, 3, 20, 10, 5), true);
    REQUIRE(forced);
    CHECK(forced->box.x0 >= 0);
    CHECK(forced->box.x1 <= 100);
    // a leader may not cross a placed label: with walls left and right of the anchor, the
    // label goes up or down the corridor between them
    LabelPlacer l({0, 0, 400, 300});
    const Box left{120, 110, 198, 190}, right{210, 110, 260, 190};
    l.block(left);
    l.block(right);
    const Vec2 a{204, 150};
    auto led = l.place(l.around(a, 3, 40, 12, 10), false);
    REQUIRE(led);
    CHECK(led->leader);
    CHECK((led->box.y1 <= 110 || led->box.y0 >= 190));
    const Box& b = led->box;
    const Vec2 qn{std::clamp(a.x, b.x0, b.x1), std::clamp(a.y, b.y0, b.y1)};
    for (double f = 0.1; f < 1.0; f += 0.05) {
        const Vec2 pt = a + (qn - a) * f;
        CHECK_FALSE(left.contains(pt));
        CHECK_FALSE(right.contains(pt));
    }
}
