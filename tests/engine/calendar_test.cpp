#include <catch2/catch.hpp>

#include "brink/calendar.hpp"

using namespace brink;

TEST_CASE("entries fire by day, then priority, then insertion", "[calendar]") {
    Calendar c;
    auto entry = [](std::int64_t day, int prio, int tag) {
        CalEntry e;
        e.day = day;
        e.priority = prio;
        e.i0 = tag;
        return e;
    };
    c.push(entry(5, 3, 1));
    c.push(entry(5, 0, 2));
    c.push(entry(2, 3, 3));
    c.push(entry(5, 0, 4));
    c.push(entry(9, 0, 5));
    std::vector<int> order;
    while (!c.empty()) order.push_back(c.pop().i0);
    CHECK(order == std::vector<int>{3, 2, 4, 1, 5});
}

TEST_CASE("a calendar saved and restored fires the same way", "[calendar]") {
    Calendar a;
    for (int i = 0; i < 50; ++i) {
        CalEntry e;
        e.day = (i * 37) % 11;
        e.priority = i % 3;
        e.i0 = i;
        a.push(e);
    }
    Calendar b;
    b.restore(a.sorted(), a.nextSeq());
    CalEntry extra;
    extra.day = 4;
    a.push(extra);
    b.push(extra);
    while (!a.empty()) {
        REQUIRE_FALSE(b.empty());
        const CalEntry x = a.pop(), y = b.pop();
        CHECK(x.i0 == y.i0);
        CHECK(x.seq == y.seq);
    }
    CHECK(b.empty());
}
