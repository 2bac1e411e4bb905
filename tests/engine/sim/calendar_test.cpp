#include <catch2/catch.hpp>

#include "brink/sim/calendar.hpp"
#include "brink/base/rng.hpp"

#include <algorithm>

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

TEST_CASE("the calendar queue fires exactly like a reference heap", "[calendar]") {
    // random pushes near and far, interleaved with pops, against std::priority_queue
    brink::Rng r({77, 0, 0});
    Calendar c;
    std::vector<CalEntry> ref;  // kept sorted
    std::uint64_t seq = 0;
    std::int64_t now = 0;
    for (int step = 0; step < 20000; ++step) {
        if (r.uniform() < 0.55 || ref.empty()) {
            CalEntry e;
            const double u = r.uniform();
            e.day = now + (u < 0.7 ? static_cast<std::int64_t>(r.below(20)) : u < 0.95 ? static_cast<std::int64_t>(r.below(2000))
                                                                                        : -static_cast<std::int64_t>(r.below(5)));
            if (e.day < 0) e.day = 0;
            e.priority = static_cast<int>(r.below(4));
            e.i0 = step;
            c.push(e);
            e.seq = seq++;
            ref.insert(std::upper_bound(ref.begin(), ref.end(), e, Calendar::before), e);
        } else {
            REQUIRE_FALSE(c.empty());
            const CalEntry got = c.pop();
            REQUIRE(got.i0 == ref.front().i0);
            now = std::max(now, got.day);
            ref.erase(ref.begin());
        }
        REQUIRE(c.size() == ref.size());
    }
    const auto rest = c.sorted();
    REQUIRE(rest.size() == ref.size());
    for (std::size_t i = 0; i < rest.size(); ++i) CHECK(rest[i].i0 == ref[i].i0);
}
