#pragma once
/// Names in declaration order with hashed lookup: the catalogue's way from a name in a
/// file to a dense id, in constant time (a scenario may declare thousands of items).
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace brink {

class NameIndex {
public:
    NameIndex() = default;
    NameIndex(std::initializer_list<std::string> names) {
        for (const auto& n : names) add(n);
    }

    /// Index of `name`, or -1.
    [[nodiscard]] std::int32_t find(std::string_view name) const {
        const auto it = m_map.find(std::string(name));
        return it == m_map.end() ? -1 : it->second;
    }
    /// Adds `name` if new; returns its index either way.
    std::int32_t add(const std::string& name) {
        const auto [it, fresh] = m_map.emplace(name, static_cast<std::int32_t>(m_list.size()));
        if (fresh) m_list.push_back(name);
        return it->second;
    }
    void push_back(const std::string& name) { add(name); }
    void emplace_back(const std::string& name) { add(name); }

    [[nodiscard]] std::size_t size() const { return m_list.size(); }
    [[nodiscard]] bool empty() const { return m_list.empty(); }
    [[nodiscard]] const std::string& operator[](std::size_t i) const { return m_list[i]; }
    [[nodiscard]] auto begin() const { return m_list.begin(); }
    [[nodiscard]] auto end() const { return m_list.end(); }
    [[nodiscard]] const std::vector<std::string>& list() const { return m_list; }
    operator const std::vector<std::string>&() const { return m_list; }  // NOLINT: for suggest()
    bool operator==(const std::vector<std::string>& v) const { return m_list == v; }

private:
    std::vector<std::string> m_list;
    std::unordered_map<std::string, std::int32_t> m_map;
};

}  // namespace brink
