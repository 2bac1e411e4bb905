#include "brink/calendar.hpp"

#include <algorithm>

namespace brink {

namespace {
// std::*_heap build a max-heap under the comparator; "after" makes the earliest the top.
bool after(const CalEntry& a, const CalEntry& b) { return Calendar::before(b, a); }
}  // namespace

void Calendar::push(CalEntry e) {
    e.seq = m_nextSeq++;
    m_heap.push_back(e);
    std::push_heap(m_heap.begin(), m_heap.end(), after);
}

CalEntry Calendar::pop() {
    std::pop_heap(m_heap.begin(), m_heap.end(), after);
    CalEntry e = m_heap.back();
    m_heap.pop_back();
    return e;
}

std::vector<CalEntry> Calendar::sorted() const {
    std::vector<CalEntry> v = m_heap;
    std::sort(v.begin(), v.end(), before);
    return v;
}

void Calendar::restore(const std::vector<CalEntry>& entries, std::uint64_t nextSeq) {
    m_heap = entries;
    std::make_heap(m_heap.begin(), m_heap.end(), after);
    m_nextSeq = nextSeq;
}

}  // namespace brink
