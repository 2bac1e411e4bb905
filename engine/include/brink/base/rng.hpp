#pragma once
/// The run's random stream: xoshiro256** seeded by splitmix64 from a stream key, and
/// samplers of our own, so a run is a pure function of (scenario, params, seed) on
/// every standard library. No std:: distribution is used anywhere in Brink.
#include <array>
#include <cstdint>

namespace brink {

/// splitmix64 step: advances `state` and returns the next output.
constexpr std::uint64_t splitmix64(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/// Identifies one replication's stream: (seed, design point, replication).
struct StreamKey {
    std::uint64_t seed = 0;
    std::uint64_t point = 0;
    std::uint64_t replication = 0;
};

/// xoshiro256** (Blackman and Vigna, 2018).
class Rng {
public:
    Rng() : Rng(StreamKey{}) {}
    /// Seeds from a stream key: the three parts are folded through splitmix64, and the
    /// four state words are the next four outputs of splitmix64 from that fold.
    explicit Rng(const StreamKey& key);
    /// Restores a saved state (from final.yaml).
    static Rng fromState(const std::array<std::uint64_t, 4>& s);

    /// Next 64 random bits.
    std::uint64_t next() {
        const std::uint64_t result = rotl(m_s[1] * 5, 7) * 9;
        const std::uint64_t t = m_s[1] << 17;
        m_s[2] ^= m_s[0];
        m_s[3] ^= m_s[1];
        m_s[1] ^= m_s[2];
        m_s[0] ^= m_s[3];
        m_s[2] ^= t;
        m_s[3] = rotl(m_s[3], 45);
        return result;
    }

    /// Uniform on [0, 1) with 53 random bits.
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    /// Uniform on [lo, hi); written so that hi - lo may exceed the largest double.
    double uniform(double lo, double hi) {
        const double u = uniform();
        return lo * (1.0 - u) + hi * u;
    }
    /// True with probability p (p outside [0, 1] is clamped). Always draws once.
    bool bernoulli(double p) { return uniform() < p; }
    /// Uniform integer in [0, n), unbiased (Lemire's method with rejection). n > 0.
    std::uint64_t below(std::uint64_t n);
    /// Standard normal by the Marsaglia polar method (draws pairs; keeps no spare, so a
    /// draw's cost in stream positions depends only on the rejections).
    double normal();
    double normal(double mean, double sd) { return mean + sd * normal(); }
    /// Triangular on [lo, hi] with mode `mode`, by inversion.
    double triangular(double lo, double mode, double hi);

    [[nodiscard]] const std::array<std::uint64_t, 4>& state() const { return m_s; }
    /// The four state words, for the compiled backend's phases, which draw from this very
    /// stream with the same steps as next() and uniform().
    std::uint64_t* words() { return m_s.data(); }
    bool operator==(const Rng& o) const { return m_s == o.m_s; }

private:
    static constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    std::array<std::uint64_t, 4> m_s{};
};

}  // namespace brink
