#include "brink/stats/stats.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "brink/base/detmath.hpp"

namespace brink {

Interval wilson(std::uint64_t k, std::uint64_t n, double z) {
    if (n == 0) return {0, 1};
    const double nn = static_cast<double>(n);
    const double p = static_cast<double>(k) / nn;
    const double z2 = z * z;
    const double denom = 1 + z2 / nn;
    const double centre = (p + z2 / (2 * nn)) / denom;
    const double half = z * std::sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn)) / denom;
    // no successes: the interval starts at 0 exactly; all successes: it ends at 1 (rounding
    // would leave 1e-17 either side, and a share of 0 outside its own interval)
    return {k == 0 ? 0.0 : std::max(0.0, centre - half), k == n ? 1.0 : std::min(1.0, centre + half)};
}

double studentT(double level, double df) {
    // Only +, -, *, /, sqrt and detLog: the same bits on every machine, so summary.json is
    // byte-identical everywhere. 95% for df <= 10 from the exact values; otherwise the
    // normal quantile (Acklam's rational approximation, relative error < 1.2e-9) corrected
    // by the Cornish-Fisher expansion of Student's t (Abramowitz and Stegun 26.7.5), whose
    // error is below 1e-5 for df > 10.
    static const double t95[] = {12.706204736174698, 4.302652729749464, 3.182446305283709, 2.776445105197793,
                                 2.570581835636314,  2.446911851144969, 2.364624251592785, 2.306004135204166,
                                 2.262157162798205,  2.228138851986274};
    if (level == 0.95 && df >= 1 && df <= 10 && df == static_cast<int>(df)) return t95[static_cast<int>(df) - 1];
    const double p = 0.5 + level / 2;
    static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                               1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
    static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                               6.680131188771972e+01, -1.328068155288572e+01};
    static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                               -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
    static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                               3.754408661907416e+00};
    double zq;
    if (p > 1 - 0.02425) {
        const double q = std::sqrt(-2 * detLog(1 - p));
        zq = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
             ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    } else {
        const double q = p - 0.5, r = q * q;
        zq = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
             (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
    if (!(df > 0)) return zq;
    const double z2 = zq * zq;
    const double g1 = (z2 + 1) * zq / 4;
    const double g2 = ((5 * z2 + 16) * z2 + 3) * zq / 96;
    const double g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * zq / 384;
    const double g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) * zq / 92160;
    return zq + g1 / df + g2 / (df * df) + g3 / (df * df * df) + g4 / (df * df * df * df);
}

double Moments::sd() const { return m_n < 2 ? 0.0 : std::sqrt(m_m2 / static_cast<double>(m_n - 1)); }

Interval Moments::meanCi95() const {
    if (m_n < 2) return {m_mean, m_mean};
    const double half = studentT(0.95, static_cast<double>(m_n - 1)) * sd() / std::sqrt(static_cast<double>(m_n));
    return {m_mean - half, m_mean + half};
}

double quantile(std::vector<double>& v, double p) {
    if (v.empty()) return 0.0;
    const double h = (static_cast<double>(v.size()) - 1) * p;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(lo), v.end());
    const double a = v[lo];
    if (lo + 1 >= v.size()) return a;
    // the next order statistic is the smallest of the upper part
    const double b = *std::min_element(v.begin() + static_cast<std::ptrdiff_t>(lo + 1), v.end());
    return a + (h - static_cast<double>(lo)) * (b - a);
}

std::vector<double> ranks(const std::vector<double>& values) {
    const std::size_t n = values.size();
    std::vector<std::size_t> idx(n);
    std::iota(idx.begin(), idx.end(), std::size_t{0});
    std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
    std::vector<double> r(n);
    for (std::size_t i = 0; i < n;) {
        std::size_t j = i;
        while (j + 1 < n && values[idx[j + 1]] == values[idx[i]]) ++j;
        const double avg = (static_cast<double>(i) + static_cast<double>(j)) / 2 + 1;
        for (std::size_t k = i; k <= j; ++k) r[idx[k]] = avg;
        i = j + 1;
    }
    return r;
}

namespace {
// Standardises in place; returns false when the column has no spread.
bool standardise(std::vector<double>& v) {
    Moments m;
    for (double x : v) m.add(x);
    const double sd = m.sd();
    if (!(sd > 0)) return false;
    for (double& x : v) x = (x - m.mean()) / sd;
    return true;
}

// Solves A x = b (A symmetric positive semi-definite, small) by Gaussian elimination with
// partial pivoting; singular directions get 0.
std::vector<double> solve(std::vector<std::vector<double>> A, std::vector<double> b) {
    const std::size_t k = b.size();
    std::vector<std::size_t> pivotCol(k, k);
    std::vector<bool> used(k, false);
    for (std::size_t col = 0; col < k; ++col) {
        std::size_t best = k;
        double bestAbs = 1e-12;
        for (std::size_t r = 0; r < k; ++r) {
            if (!used[r] && std::fabs(A[r][col]) > bestAbs) {
                bestAbs = std::fabs(A[r][col]);
                best = r;
            }
        }
        if (best == k) continue;
        used[best] = true;
        pivotCol[col] = best;
        for (std::size_t r = 0; r < k; ++r) {
            if (r == best) continue;
            const double f = A[r][col] / A[best][col];
            if (f == 0) continue;
            for (std::size_t c = 0; c < k; ++c) A[r][c] -= f * A[best][c];
            b[r] -= f * b[best];
        }
    }
    std::vector<double> x(k, 0.0);
    for (std::size_t col = 0; col < k; ++col) {
        if (pivotCol[col] != k) x[col] = b[pivotCol[col]] / A[pivotCol[col]][col];
    }
    return x;
}
}  // namespace

SrrcModel::SrrcModel(const std::vector<std::vector<double>>& x) : m_k(x.size()), m_n(x.empty() ? 0 : x[0].size()) {
    for (std::size_t j = 0; j < m_k; ++j) {
        std::vector<double> r = ranks(x[j]);
        if (standardise(r)) {
            m_rx.push_back(std::move(r));
            m_cols.push_back(j);
        }
    }
    const std::size_t m = m_rx.size();
    m_xtx.assign(m, std::vector<double>(m, 0.0));
    for (std::size_t i = 0; i < m; ++i) {
        for (std::size_t j = i; j < m; ++j) {
            double s = 0;
            for (std::size_t r = 0; r < m_n; ++r) s += m_rx[i][r] * m_rx[j][r];
            m_xtx[i][j] = m_xtx[j][i] = s;
        }
    }
}

Srrc SrrcModel::fit(const std::vector<double>& y) const {
    Srrc out;
    out.coef.assign(m_k, 0.0);
    const std::size_t m = m_rx.size(), n = y.size();
    if (n != m_n || n < m_k + 2 || m == 0) return out;
    std::vector<double> ry = ranks(y);
    if (!standardise(ry)) return out;
    std::vector<double> b(m, 0.0);
    for (std::size_t i = 0; i < m; ++i) {
        double s = 0;
        for (std::size_t r = 0; r < n; ++r) s += m_rx[i][r] * ry[r];
        b[i] = s;
    }
    const std::vector<double> beta = solve(m_xtx, b);
    double ssRes = 0, ssTot = 0;
    for (std::size_t r = 0; r < n; ++r) {
        double fit = 0;
        for (std::size_t i = 0; i < m; ++i) fit += beta[i] * m_rx[i][r];
        ssRes += (ry[r] - fit) * (ry[r] - fit);
        ssTot += ry[r] * ry[r];
    }
    for (std::size_t i = 0; i < m; ++i) out.coef[m_cols[i]] = beta[i];
    out.r2 = ssTot > 0 ? 1 - ssRes / ssTot : 0;
    return out;
}

Srrc srrc(const std::vector<std::vector<double>>& x, const std::vector<double>& y) { return SrrcModel(x).fit(y); }

StreamedSrrc::StreamedSrrc(std::size_t k, std::uint64_t n, const Pass& inputs) : m_k(k), m_n(n) {
    // the ranks' moments, as standardise() takes them
    std::vector<Moments> mo(k);
    inputs([&](const double* r) {
        for (std::size_t j = 0; j < k; ++j) mo[j].add(r[j]);
    });
    for (std::size_t j = 0; j < k; ++j) {
        const double sd = mo[j].sd();
        if (!(sd > 0)) continue;
        m_cols.push_back(j);
        m_mean.push_back(mo[j].mean());
        m_sd.push_back(sd);
    }
    const std::size_t m = m_cols.size();
    m_xtx.assign(m, std::vector<double>(m, 0.0));
    std::vector<double> z(m);
    inputs([&](const double* r) {
        for (std::size_t i = 0; i < m; ++i) z[i] = (r[m_cols[i]] - m_mean[i]) / m_sd[i];
        for (std::size_t i = 0; i < m; ++i) {
            for (std::size_t j = i; j < m; ++j) m_xtx[i][j] += z[i] * z[j];
        }
    });
    for (std::size_t i = 0; i < m; ++i) {
        for (std::size_t j = i + 1; j < m; ++j) m_xtx[j][i] = m_xtx[i][j];
    }
}

Srrc StreamedSrrc::fit(const Pass& y, const Pass& both) const {
    Srrc out;
    out.coef.assign(m_k, 0.0);
    const std::size_t m = m_cols.size();
    if (m_n < m_k + 2 || m == 0) return out;
    Moments my;
    y([&](const double* r) { my.add(r[0]); });
    const double sdy = my.sd();
    if (!(sdy > 0)) return out;
    const double meany = my.mean();
    std::vector<double> z(m), b(m, 0.0);
    auto standardised = [&](const double* r) {
        for (std::size_t i = 0; i < m; ++i) z[i] = (r[m_cols[i]] - m_mean[i]) / m_sd[i];
        return (r[m_k] - meany) / sdy;
    };
    both([&](const double* r) {
        const double zy = standardised(r);
        for (std::size_t i = 0; i < m; ++i) b[i] += z[i] * zy;
    });
    const std::vector<double> beta = solve(m_xtx, b);
    double ssRes = 0, ssTot = 0;
    both([&](const double* r) {
        const double zy = standardised(r);
        double fit = 0;
        for (std::size_t i = 0; i < m; ++i) fit += beta[i] * z[i];
        ssRes += (zy - fit) * (zy - fit);
        ssTot += zy * zy;
    });
    for (std::size_t i = 0; i < m; ++i) out.coef[m_cols[i]] = beta[i];
    out.r2 = ssTot > 0 ? 1 - ssRes / ssTot : 0;
    return out;
}

}  // namespace brink
