#pragma once
/// The future event set: entries fire in (day, priority, insertion) order, so no two
/// entries are ever equal and simultaneous ones always resolve the same way.
#include <cstdint>
#include <vector>

#include "brink/scenario.hpp"

namespace brink {

class Calendar {
public:
    /// Schedules an entry; its insertion number is assigned here.
    void push(CalEntry e);
    [[nodiscard]] bool empty() const { return m_heap.empty(); }
    [[nodiscard]] const CalEntry& top() const { return m_heap.front(); }
    CalEntry pop();
    [[nodiscard]] std::size_t size() const { return m_heap.size(); }
    void reserve(std::size_t n) { m_heap.reserve(n); }
    void clear() {
        m_heap.clear();
        m_nextSeq = 0;
    }

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
    std::vector<CalEntry> m_heap;  // binary min-heap under before()
    std::uint64_t m_nextSeq = 0;
};

}  // namespace brink
