#include "brink/base/rng.hpp"

#include <cmath>

#include "brink/base/detmath.hpp"

namespace brink {

Rng::Rng(const StreamKey& key) {
    // Fold the key so that nearby seeds, points and replications give unrelated streams.
    std::uint64_t fold = key.seed;
    std::uint64_t h = splitmix64(fold);
    fold = h ^ (key.point * 0xD1B54A32D192ED03ull);
    h = splitmix64(fold);
    fold = h ^ (key.replication * 0xABC98388FB8FAC03ull);
    h = splitmix64(fold);
    std::uint64_t sm = h;
    for (auto& w : m_s) w = splitmix64(sm);
    if ((m_s[0] | m_s[1] | m_s[2] | m_s[3]) == 0) m_s[0] = 1;  // the one forbidden state
}

Rng Rng::fromState(const std::array<std::uint64_t, 4>& s) {
    Rng r;
    r.m_s = s;
    if ((s[0] | s[1] | s[2] | s[3]) == 0) r.m_s[0] = 1;
    return r;
}

__extension__ typedef unsigned __int128 U128;

std::uint64_t Rng::below(std::uint64_t n) {
    // Lemire (2019): multiply-shift with rejection of the biased low range.
    U128 m = static_cast<U128>(next()) * n;
    auto low = static_cast<std::uint64_t>(m);
    if (low < n) {
        const std::uint64_t threshold = (0 - n) % n;
        while (low < threshold) {
            m = static_cast<U128>(next()) * n;
            low = static_cast<std::uint64_t>(m);
        }
    }
    return static_cast<std::uint64_t>(m >> 64);
}

double Rng::normal() {
    for (;;) {
        const double u = 2.0 * uniform() - 1.0;
        const double v = 2.0 * uniform() - 1.0;
        const double s = u * u + v * v;
        if (s > 0.0 && s < 1.0) return u * std::sqrt(-2.0 * detLog(s) / s);
    }
}

double Rng::triangular(double lo, double mode, double hi) {
    const double u = uniform();
    const double span = hi - lo;
    if (span <= 0.0) return lo;
    const double fc = (mode - lo) / span;
    if (u < fc) return lo + std::sqrt(u * span * (mode - lo));
    return hi - std::sqrt((1.0 - u) * span * (hi - mode));
}

}  // namespace brink
