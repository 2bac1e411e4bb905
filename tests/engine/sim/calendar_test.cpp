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

namespace {
/// Pushes a random entry (mostly near `now`, some far, a few before it) to the calendar and
/// to the reference, kept sorted.
void pushRandom(brink::Rng& r, Calendar& c, std::vector<CalEntry>& ref, std::uint64_t& seq, std::int64_t now, int tag) {
    CalEntry e;
    const double u = r.uniform();
    e.day = now + (u < 0.7 ? static_cast<std::int64_t>(r.below(20)) : u < 0.95 ? static_cast<std::int64_t>(r.below(2000))
                                                                                : -static_cast<std::int64_t>(r.below(5)));
    if (e.day < 0) e.day = 0;
    e.priority = static_cast<int>(r.below(4));
    e.i0 = tag;
    c.push(e);
    e.seq = seq++;
    ref.insert(std::upper_bound(ref.begin(), ref.end(), e, Calendar::before), e);
}
}  // namespace

TEST_CASE("the calendar queue fires exactly like a reference heap", "[calendar]") {
    // random pushes near and far, interleaved with pops, against std::priority_queue
    brink::Rng r({77, 0, 0});
    Calendar c;
    std::vector<CalEntry> ref;  // kept sorted
    std::uint64_t seq = 0;
    std::int64_t now = 0;
    for (int step = 0; step < 20000; ++step) {
        if (r.uniform() < 0.55 || ref.empty()) {
            pushRandom(r, c, ref, seq, now, step);
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

TEST_CASE("taking a whole day at once gives the day's entries in firing order", "[calendar]") {
    // popDay against the reference: random pushes near, far and before the window's start,
    // then the earliest day taken whole (or nothing, past the limit)
    brink::Rng r({78, 0, 0});
    Calendar c;
    std::vector<CalEntry> ref;  // kept sorted
    std::uint64_t seq = 0;
    std::int64_t now = 0;
    int days = 0, refused = 0;
    for (int step = 0; step < 20000; ++step) {
        if (r.uniform() < 0.6 || ref.empty()) {
            pushRandom(r, c, ref, seq, now, step);
        } else {
            const std::int64_t until = now + static_cast<std::int64_t>(r.below(30));
            std::vector<CalEntry> got;
            const bool took = c.popDay(until, got);
            if (ref.front().day > until) {
                REQUIRE_FALSE(took);
                REQUIRE(got.empty());
                ++refused;
            } else {
                REQUIRE(took);
                const std::int64_t day = ref.front().day;
                std::size_t n = 0;
                while (n < ref.size() && ref[n].day == day) ++n;
                REQUIRE(got.size() == n);
                for (std::size_t i = 0; i < n; ++i) REQUIRE(got[i].i0 == ref[i].i0);
                ref.erase(ref.begin(), ref.begin() + static_cast<std::ptrdiff_t>(n));
                now = std::max(now, day);
                ++days;
            }
        }
        REQUIRE(c.size() == ref.size());
    }
    CHECK(days > 1000);
    CHECK(refused > 100);
}
