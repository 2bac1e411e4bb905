#pragma once
/// Bad user input is collected and reported, never asserted: every problem becomes a
/// Diagnostic printed as `path:line:col: error: what; expected ...; hint: ...`.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace brink {

/// A place in a source file; line and column count from 1 (0 = unknown).
struct SourceLoc {
    std::uint32_t line = 0;
    std::uint32_t col = 0;
};

/// An error stops the input from being used; a warning points at input that is valid
/// but almost certainly not what its author meant (see lint.hpp).
enum class Severity : std::uint8_t { Error, Warning };

/// One problem with user input.
struct Diagnostic {
    std::string path;
    SourceLoc loc;
    std::string what;
    std::string expected;  ///< may be empty
    std::string hint;      ///< may be empty
    Severity severity = Severity::Error;
};

/// Formats a diagnostic the way every Brink command prints it.
std::string format(const Diagnostic& d);

/// Collects diagnostics for one file; keeps going after the first.
class Diagnostics {
public:
    explicit Diagnostics(std::string path = {}) : m_path(std::move(path)) {}

    /// Records an error at `loc`.
    void error(SourceLoc loc, std::string what, std::string expected = {}, std::string hint = {});

    [[nodiscard]] bool ok() const { return m_items.empty(); }
    /// The cap is reached: further errors are dropped, so looking for them is wasted work.
    [[nodiscard]] bool full() const { return m_items.size() > kMaxErrors; }
    /// Orders diagnostics by line and column (stable), so they read in file order.
    void sortByPlace();
    [[nodiscard]] const std::vector<Diagnostic>& items() const { return m_items; }
    [[nodiscard]] const std::string& path() const { return m_path; }
    /// All diagnostics, one formatted line each.
    [[nodiscard]] std::string str() const;
    /// Stops collecting after this many (a hostile file could produce millions).
    static constexpr std::size_t kMaxErrors = 100;

private:
    std::string m_path;
    std::vector<Diagnostic> m_items;
};

/// Thrown by APIs that cannot return a partial result: carries every diagnostic.
class InputError : public std::runtime_error {
public:
    explicit InputError(std::vector<Diagnostic> items);
    [[nodiscard]] const std::vector<Diagnostic>& items() const { return m_items; }

private:
    std::vector<Diagnostic> m_items;
};

/// Edit distance (insertions, deletions, substitutions, adjacent swaps).
std::size_t editDistance(std::string_view a, std::string_view b);

/// The candidate nearest to `word`, or empty when none is near enough to suggest.
std::string nearest(std::string_view word, const std::vector<std::string>& candidates);

/// "did you mean 'x'?" when a candidate is near, else "known: a, b, c" (shortened).
std::string suggest(std::string_view word, const std::vector<std::string>& candidates);

/// Joins with ", ", quoting nothing; long lists end with ", ...".
std::string joinList(const std::vector<std::string>& items, std::size_t max = 12);

/// The noun with its indefinite article, for messages: "an actor", "a rung".
inline std::string article(const std::string& noun) {
    const bool vowel = !noun.empty() && std::string("aeiou").find(noun[0]) != std::string::npos;
    return (vowel ? "an " : "a ") + noun;
}

}  // namespace brink
