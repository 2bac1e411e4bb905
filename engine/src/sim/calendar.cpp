#include "brink/sim/calendar.hpp"

#include <algorithm>

namespace brink {

namespace {
// std::*_heap build a max-heap under the comparator; "after" makes the earliest the top.
bool after(const CalEntry& a, const CalEntry& b) { return Calendar::before(b, a); }
}  // namespace

void Calendar::insert(const CalEntry& e) {
    ++m_size;
    if (e.day < m_base || e.day >= m_base + kWindow) {
        m_far.push_back(e);
        std::push_heap(m_far.begin(), m_far.end(), after);
        return;
    }
    Bucket& b = bucket(e.day);
    if (b.empty()) {
        b.entries.clear();
        b.head = 0;
    }
    // usually the last in its bucket; else walk back to its place (never before `head`:
    // an entry that sorts before ones already fired is simply the next to fire)
    std::size_t at = b.entries.size();
    while (at > b.head && before(e, b.entries[at - 1])) --at;
    if (at == b.entries.size()) b.entries.push_back(e);
    else b.entries.insert(b.entries.begin() + static_cast<std::ptrdiff_t>(at), e);
    ++m_inWindow;
}

void Calendar::settle() {
    for (;;) {
        if (m_inWindow > 0) {
            while (bucket(m_base).empty()) {
                ++m_base;
                // the day entering the window brings its far entries with it
                while (!m_far.empty() && m_far.front().day == m_base + kWindow - 1) {
                    std::pop_heap(m_far.begin(), m_far.end(), after);
                    const CalEntry e = m_far.back();
                    m_far.pop_back();
                    --m_size;
                    insert(e);
                }
            }
            return;
        }
        if (m_far.empty()) return;
        // nothing near: jump the window to the earliest far entry and bring in what fits
        if (m_far.front().day < m_base) return;  // an entry earlier than the window fires from the heap
        m_base = m_far.front().day;
        while (!m_far.empty() && m_far.front().day < m_base + kWindow) {
            std::pop_heap(m_far.begin(), m_far.end(), after);
            const CalEntry e = m_far.back();
            m_far.pop_back();
            --m_size;
            insert(e);
        }
    }
}

const CalEntry& Calendar::top() {
    settle();
    if (!m_far.empty() && (m_inWindow == 0 || before(m_far.front(), bucket(m_base).entries[bucket(m_base).head]))) {
        return m_far.front();
    }
    const Bucket& b = bucket(m_base);
    return b.entries[b.head];
}

CalEntry Calendar::pop() {
    settle();
    --m_size;
    if (!m_far.empty() && (m_inWindow == 0 || before(m_far.front(), bucket(m_base).entries[bucket(m_base).head]))) {
        std::pop_heap(m_far.begin(), m_far.end(), after);
        const CalEntry e = m_far.back();
        m_far.pop_back();
        return e;
    }
    Bucket& b = bucket(m_base);
    const CalEntry e = b.entries[b.head++];
    --m_inWindow;
    return e;
}

bool Calendar::popDay(std::int64_t until, std::vector<CalEntry>& out) {
    if (empty()) return false;
    const std::int64_t day = top().day;  // settles: the window starts at the earliest day held
    if (day > until) return false;
    if (m_inWindow > 0 && m_base == day && (m_far.empty() || m_far.front().day > day)) {
        // the whole day is its bucket: take it at once
        Bucket& b = bucket(day);
        const std::size_t n = b.entries.size() - b.head;
        out.insert(out.end(), b.entries.begin() + static_cast<std::ptrdiff_t>(b.head), b.entries.end());
        b.entries.clear();
        b.head = 0;
        m_inWindow -= n;
        m_size -= n;
        return true;
    }
    while (!empty() && top().day == day) out.push_back(pop());
    return true;
}

void Calendar::clear() {
    for (auto& b : m_buckets) {
        b.entries.clear();
        b.head = 0;
    }
    m_far.clear();
    m_base = 0;
    m_inWindow = 0;
    m_size = 0;
    m_nextSeq = 0;
}

std::vector<CalEntry> Calendar::sorted() const {
    std::vector<CalEntry> v = m_far;
    for (const auto& b : m_buckets) v.insert(v.end(), b.entries.begin() + static_cast<std::ptrdiff_t>(b.head), b.entries.end());
    std::sort(v.begin(), v.end(), before);
    return v;
}

void Calendar::restore(const std::vector<CalEntry>& entries, std::uint64_t nextSeq) {
    clear();
    for (const auto& e : entries) insert(e);
    m_nextSeq = nextSeq;
}

}  // namespace brink
