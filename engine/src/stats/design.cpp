#include "brink/stats/design.hpp"

#include <algorithm>
#include <stdexcept>
#include <array>
#include <numeric>

#include "brink/base/rng.hpp"

namespace brink {

namespace {

// Joe and Kuo's primitive polynomials and initial direction numbers for dimensions 2..31
// (file new-joe-kuo-6.21201; S. Joe and F. Y. Kuo, SIAM J. Sci. Comput. 30, 2008).
struct DirInit {
    unsigned s, a;
    std::array<unsigned, 7> m;
};
constexpr DirInit kJoeKuo[] = {
    {1, 0, {1}},
    {2, 1, {1, 3}},
    {3, 1, {1, 3, 1}},
    {3, 2, {1, 1, 1}},
    {4, 1, {1, 1, 3, 3}},
    {4, 4, {1, 3, 5, 13}},
    {5, 2, {1, 1, 5, 5, 17}},
    {5, 4, {1, 1, 5, 5, 5}},
    {5, 7, {1, 1, 7, 11, 19}},
    {5, 11, {1, 1, 5, 1, 1}},
    {5, 13, {1, 1, 1, 3, 11}},
    {5, 14, {1, 3, 5, 5, 31}},
    {6, 1, {1, 3, 3, 9, 7, 49}},
    {6, 13, {1, 1, 1, 15, 21, 21}},
    {6, 16, {1, 3, 1, 13, 27, 49}},
    {6, 19, {1, 1, 1, 15, 7, 5}},
    {6, 22, {1, 3, 1, 15, 13, 25}},
    {6, 25, {1, 1, 5, 5, 19, 61}},
    {7, 1, {1, 3, 7, 11, 23, 15, 103}},
    {7, 4, {1, 3, 7, 13, 13, 15, 69}},
    {7, 7, {1, 1, 3, 13, 7, 35, 63}},
    {7, 8, {1, 3, 5, 9, 1, 25, 53}},
    {7, 14, {1, 3, 1, 13, 9, 35, 107}},
    {7, 19, {1, 3, 1, 5, 27, 61, 31}},
    {7, 21, {1, 1, 5, 11, 19, 41, 61}},
    {7, 28, {1, 3, 5, 3, 3, 13, 69}},
    {7, 31, {1, 1, 7, 13, 1, 19, 1}},
    {7, 32, {1, 3, 7, 5, 13, 19, 59}},
    {7, 37, {1, 1, 3, 9, 25, 29, 41}},
    {7, 41, {1, 3, 5, 13, 23, 1, 55}},
};
constexpr unsigned kBits = 32;

// Direction numbers V[1..32] of dimension d (0-based), scaled to 32 bits.
std::array<std::uint32_t, kBits + 1> directions(std::size_t d) {
    std::array<std::uint32_t, kBits + 1> v{};
    if (d == 0) {
        for (unsigned i = 1; i <= kBits; ++i) v[i] = 1u << (kBits - i);
        return v;
    }
    const DirInit& in = kJoeKuo[d - 1];
    const unsigned s = in.s;
    for (unsigned i = 1; i <= s && i <= kBits; ++i) v[i] = in.m[i - 1] << (kBits - i);
    for (unsigned i = s + 1; i <= kBits; ++i) {
        v[i] = v[i - s] ^ (v[i - s] >> s);
        for (unsigned k = 1; k < s; ++k) v[i] ^= ((in.a >> (s - 1 - k)) & 1u) * v[i - k];
    }
    return v;
}

std::vector<double> linspace(double lo, double hi, std::int64_t n) {
    if (n <= 1) return {(lo + hi) / 2};
    std::vector<double> out;
    for (std::int64_t i = 0; i < n; ++i) {
        // endpoints exact, no accumulated rounding
        out.push_back(i == n - 1 ? hi : lo + (hi - lo) * static_cast<double>(i) / static_cast<double>(n - 1));
    }
    return out;
}

}  // namespace

std::vector<double> sobolPoint(std::uint64_t index, std::size_t dims) {
    // Gray-code order: X_i = X_{i-1} ^ V[c], c = position of the lowest zero bit of i - 1;
    // equivalently X_i = XOR of V[b + 1] over the bits b set in gray(i) = i ^ (i >> 1).
    std::vector<double> out(dims, 0.0);
    const std::uint64_t gray = index ^ (index >> 1);
    for (std::size_t d = 0; d < dims; ++d) {
        const auto v = directions(d);
        std::uint32_t x = 0;
        for (unsigned b = 0; b < kBits; ++b) {
            if ((gray >> b) & 1u) x ^= v[b + 1];
        }
        out[d] = static_cast<double>(x) / 4294967296.0;
    }
    return out;
}

ExperimentProblem checkExperiment(const Scenario& sc, const ExperimentDef& e) {
    if (!e.present) return {};
    if (e.factors.empty()) return {"the experiment varies no parameter", "--vary name=lo:hi"};
    if (e.design == DesignKind::Grid) return {};
    const bool lhs = e.design == DesignKind::Lhs;
    if (e.points < (lhs ? 1 : 2)) {
        return {"a " + std::string(lhs ? "lhs" : "sobol") + " design needs --points", "--points N (design points for lhs, base rows for sobol)"};
    }
    for (const auto& f : e.factors) {
        if (!f.isRange) {
            return {"factor '" + sc.paramNames[static_cast<std::size_t>(f.param)] + "' lists levels", "ranges name=lo:hi for lhs and sobol designs"};
        }
    }
    if (e.design == DesignKind::Sobol && 2 * e.factors.size() > kSobolDims) {
        return {"a sobol design of " + std::to_string(e.factors.size()) + " factors", "at most " + std::to_string(kSobolDims / 2) + " factors"};
    }
    return {};
}

Design makeDesign(const ExperimentDef& e, std::uint64_t seed) {
    Design d;
    d.present = e.present && !e.factors.empty();
    d.kind = e.design;
    if (!d.present) return d;
    const std::size_t k = e.factors.size();
    // the Sobol table has kSobolDims dimensions and a design of k factors reads 2k of them
    if (e.design == DesignKind::Sobol && 2 * k > kSobolDims) {
        throw std::invalid_argument("a sobol design of " + std::to_string(k) + " factors (at most " + std::to_string(kSobolDims / 2) + ")");
    }
    for (const auto& f : e.factors) d.params.push_back(f.param);
    auto scale = [&](std::size_t j, double u) { return e.factors[j].lo + (e.factors[j].hi - e.factors[j].lo) * u; };
    switch (e.design) {
        case DesignKind::Grid: {
            std::vector<std::vector<double>> levels;
            for (const auto& f : e.factors) levels.push_back(f.isRange ? linspace(f.lo, f.hi, e.points) : f.levels);
            std::vector<std::size_t> at(k, 0);
            for (;;) {  // cartesian product, last factor fastest
                std::vector<double> p(k);
                for (std::size_t j = 0; j < k; ++j) p[j] = levels[j][at[j]];
                d.points.push_back(std::move(p));
                std::size_t j = k;
                while (j > 0) {
                    --j;
                    if (++at[j] < levels[j].size()) break;
                    at[j] = 0;
                    if (j == 0) return d;
                }
                if (k == 0) return d;
            }
        }
        case DesignKind::Lhs: {
            const auto n = static_cast<std::size_t>(e.points);
            Rng rng({seed, 0xD5E1, 0});  // the design's own stream, apart from the runs'
            d.points.assign(n, std::vector<double>(k));
            for (std::size_t j = 0; j < k; ++j) {
                std::vector<std::size_t> perm(n);
                std::iota(perm.begin(), perm.end(), std::size_t{0});
                for (std::size_t i = n; i > 1; --i) std::swap(perm[i - 1], perm[rng.below(i)]);  // Fisher-Yates
                for (std::size_t i = 0; i < n; ++i) {
                    d.points[i][j] = scale(j, (static_cast<double>(perm[i]) + rng.uniform()) / static_cast<double>(n));
                }
            }
            return d;
        }
        case DesignKind::Sobol: {
            d.sobolBase = static_cast<std::size_t>(e.points);
            for (std::size_t i = 1; i <= d.sobolBase; ++i) {  // skip the sequence's first point (all zeros)
                const std::vector<double> row = sobolPoint(i, 2 * k);
                std::vector<double> a(k), b(k);
                for (std::size_t j = 0; j < k; ++j) {
                    a[j] = scale(j, row[j]);
                    b[j] = scale(j, row[k + j]);
                }
                d.points.push_back(a);
                d.points.push_back(b);
                for (std::size_t j = 0; j < k; ++j) {
                    std::vector<double> ab = a;
                    ab[j] = b[j];
                    d.points.push_back(std::move(ab));
                }
            }
            return d;
        }
    }
    return d;
}

SobolIndices sobolIndices(const Design& d, const std::vector<double>& y, std::uint64_t seed) {
    SobolIndices out;
    const std::size_t k = d.params.size(), n = d.sobolBase, stride = k + 2;
    out.first.assign(k, 0.0);
    out.total.assign(k, 0.0);
    out.firstCi.assign(k, {});
    out.totalCi.assign(k, {});
    if (d.kind != DesignKind::Sobol || n < 2 || y.size() != n * stride) return out;
    auto estimate = [&](const std::vector<std::size_t>& rows, std::vector<double>& first, std::vector<double>& total) {
        Moments var;
        for (std::size_t r : rows) {
            var.add(y[r * stride]);
            var.add(y[r * stride + 1]);
        }
        const double v = var.sd() * var.sd();
        for (std::size_t j = 0; j < k; ++j) {
            double s = 0, t = 0;
            for (std::size_t r : rows) {
                const double fa = y[r * stride], fb = y[r * stride + 1], fab = y[r * stride + 2 + j];
                s += fb * (fab - fa);
                t += (fa - fab) * (fa - fab);
            }
            const double m = static_cast<double>(rows.size());
            first[j] = v > 0 ? s / m / v : 0.0;
            total[j] = v > 0 ? t / (2 * m) / v : 0.0;
        }
    };
    std::vector<std::size_t> all(n);
    std::iota(all.begin(), all.end(), std::size_t{0});
    estimate(all, out.first, out.total);
    // bootstrap over base rows, from a fixed stream: the same intervals every time
    constexpr int kBoot = 200;
    std::vector<std::vector<double>> bf(k), bt(k);
    Rng rng({seed, 0xB0075, 0});
    std::vector<std::size_t> rows(n);
    std::vector<double> f(k), t(k);
    for (int b = 0; b < kBoot; ++b) {
        for (auto& r : rows) r = rng.below(n);
        estimate(rows, f, t);
        for (std::size_t j = 0; j < k; ++j) {
            bf[j].push_back(f[j]);
            bt[j].push_back(t[j]);
        }
    }
    for (std::size_t j = 0; j < k; ++j) {
        out.firstCi[j] = {quantile(bf[j], 0.025), quantile(bf[j], 0.975)};
        out.totalCi[j] = {quantile(bt[j], 0.025), quantile(bt[j], 0.975)};
    }
    return out;
}

}  // namespace brink
