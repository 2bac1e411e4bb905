#pragma once
/// The future event set: entries fire in (day, priority, insertion) order, so no two
/// entries are ever equal and simultaneous ones always resolve the same way.
///
/// A calendar queue (Brown 1988): entries within a window of days sit in a bucket per day,
/// each bucket kept in (priority, insertion) order, so pushing and popping cost O(1) for
/// the near future that a turn-based run schedules into; entries beyond the window wait in
/// a binary heap and move into their bucket when the window reaches them.
#include <array>
#include <cstdint>
#include <vector>

#include "brink/scenario/scenario.hpp"

namespace brink {

class Calendar {
public:
    /// Schedules an entry; its insertion number is assigned here.
    void push(CalEntry e) {
        e.seq = m_nextSeq++;
        // the common case inline: a day inside the window, after everything in its bucket
        if (e.day >= m_base && e.day < m_base + kWindow) {
            Bucket& b = bucket(e.day);
            if (b.head != b.entries.size() && !before(e, b.entries.back())) {
                b.entries.push_back(e);
                ++m_inWindow;
                ++m_size;
                return;
            }
        }
        insert(e);
    }
    [[nodiscard]] bool empty() const { return m_size == 0; }
    /// The entry that fires next. Not empty().
    [[nodiscard]] const CalEntry& top();
    CalEntry pop();
    /// Moves every entry of the earliest day to `out` (in firing order), when that day is at
    /// most `until`; returns false, taking nothing, otherwise.
    bool popDay(std::int64_t until, std::vector<CalEntry>& out);
    [[nodiscard]] std::size_t size() const { return m_size; }
    void reserve(std::size_t n) { m_far.reserve(n); }
    void clear();

    /// Entries in firing order (for saving and hashing).
    [[nodiscard]] std::vector<CalEntry> sorted() const;
    [[nodiscard]] std::uint64_t nextSeq() const { return m_nextSeq; }
    /// Restores saved entries exactly (their insertion numbers kept).
    void restore(const std::vector<CalEntry>& entries, std::uint64_t nextSeq);

    /// Strict order: true when `a` fires before `b`.
    static bool before(const CalEntry& a, const CalEntry& b) {
        if (a.day != b.day) return a.day < b.day;
        if (a.priority != b.priority) return a.priority < b.priority;
        return a.seq < b.seq;
    }

private:
    static constexpr std::int64_t kWindow = 256;  // days held in buckets
    struct Bucket {
        std::vector<CalEntry> entries;  // in (priority, seq) order from `head` on
        std::size_t head = 0;           // entries before it have fired
        [[nodiscard]] bool empty() const { return head == entries.size(); }
    };
    void insert(const CalEntry& e);  // keeps e.seq
    void settle();                   // moves m_base to the next day holding entries
    // days are never negative: the modulo of an unsigned, a mask
    Bucket& bucket(std::int64_t day) { return m_buckets[static_cast<std::uint64_t>(day) % kWindow]; }

    std::array<Bucket, kWindow> m_buckets;
    std::int64_t m_base = 0;              // first day the buckets stand for
    std::size_t m_inWindow = 0;           // entries in buckets
    std::vector<CalEntry> m_far;          // min-heap (under before) of the others
    std::size_t m_size = 0;
    std::uint64_t m_nextSeq = 0;
};

}  // namespace brink
