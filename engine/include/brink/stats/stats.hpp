#pragma once
/// Estimates with their intervals: Wilson intervals for shares, Student intervals for
/// means, quantiles, and rank-based sensitivity (standardised rank regression).
#include <cstdint>
#include <functional>
#include <vector>

namespace brink {

struct Interval {
    double lo = 0, hi = 0;
};

/// Wilson score interval for k successes in n trials (Wilson 1927), 95% by default.
Interval wilson(std::uint64_t k, std::uint64_t n, double z = 1.959963984540054);

/// Two-sided Student t quantile for `level` (e.g. 0.95) with `df` degrees of freedom.
double studentT(double level, double df);

/// Running mean and variance (Welford), exact for any order of additions.
class Moments {
public:
    void add(double x) {
        ++m_n;
        const double d = x - m_mean;
        m_mean += d / static_cast<double>(m_n);
        m_m2 += d * (x - m_mean);
    }
    [[nodiscard]] std::uint64_t n() const { return m_n; }
    [[nodiscard]] double mean() const { return m_mean; }
    /// Sample standard deviation (n - 1); 0 for fewer than two values.
    [[nodiscard]] double sd() const;
    /// 95% interval for the mean: mean +- t(n-1) sd / sqrt(n).
    [[nodiscard]] Interval meanCi95() const;

private:
    std::uint64_t m_n = 0;
    double m_mean = 0, m_m2 = 0;
};

/// Quantile p of `values` by linear interpolation between order statistics (Hyndman and
/// Fan type 7: R's and NumPy's default). Reorders `values`. Empty: 0.
double quantile(std::vector<double>& values, double p);

/// Ranks from 1 (ties get their average rank).
std::vector<double> ranks(const std::vector<double>& values);

/// Standardised rank regression coefficients of y on the columns of x (each a vector of
/// the same length as y), with the regression's R^2 on ranks (Saltelli et al. 2004).
/// Columns without spread get 0. Fewer rows than columns + 2: all 0.
struct Srrc {
    std::vector<double> coef;
    double r2 = 0;
};
Srrc srrc(const std::vector<std::vector<double>>& x, const std::vector<double>& y);

/// The same, for many outputs over the same inputs: the inputs are ranked and their
/// normal equations formed once; each output then costs one ranking and a small solve.
class SrrcModel {
public:
    explicit SrrcModel(const std::vector<std::vector<double>>& x);
    [[nodiscard]] Srrc fit(const std::vector<double>& y) const;

private:
    std::size_t m_k = 0, m_n = 0;
    std::vector<std::size_t> m_cols;              // inputs with spread
    std::vector<std::vector<double>> m_rx;        // their standardised ranks
    std::vector<std::vector<double>> m_xtx;       // their normal equations
};

/// SrrcModel for runs too many to hold: the ranks are streamed (computed on disk by the
/// caller), read in passes, and never held. Each pass calls its callback with one run's
/// average ranks at a time, in run order; every sum is taken in that order, so the numbers
/// are SrrcModel's to the bit. Memory: the inputs' normal equations, nothing per run.
class StreamedSrrc {
public:
    /// Calls its argument once per run, in run order, with that run's ranks.
    using Pass = std::function<void(const std::function<void(const double*)>&)>;
    /// `inputs`: the ranks of the k inputs, run by run (read twice).
    StreamedSrrc(std::size_t k, std::uint64_t n, const Pass& inputs);
    /// `y`: the output's rank alone; `both`: the k inputs' ranks then the output's.
    [[nodiscard]] Srrc fit(const Pass& y, const Pass& both) const;

private:
    std::size_t m_k = 0;
    std::uint64_t m_n = 0;
    std::vector<std::size_t> m_cols;              // inputs with spread
    std::vector<double> m_mean, m_sd;             // by input: their ranks' moments
    std::vector<std::vector<double>> m_xtx;       // normal equations of the standardised ranks
};

}  // namespace brink
