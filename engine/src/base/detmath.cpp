#include "brink/base/detmath.hpp"

#include <cmath>
#include <limits>

namespace brink {

double detExp(double x) {
    if (x != x) return x;
    if (x > 709.782712893384) return std::numeric_limits<double>::infinity();
    if (x < -745.1332191019412) return 0.0;
    // x = k ln2 + r with |r| <= ln2 / 2, ln2 split in two parts so k ln2 is exact enough
    constexpr double ln2hi = 6.93147180369123816490e-01;
    constexpr double ln2lo = 1.90821492927058770002e-10;
    constexpr double invln2 = 1.44269504088896338700e+00;
    const double k = std::nearbyint(x * invln2);  // exact: rounding mode is round-to-nearest
    const double r = (x - k * ln2hi) - k * ln2lo;
    // Taylor series to r^14 / 14! (remainder below 2^-60 for |r| <= 0.347), by Horner's
    // rule from the smallest term: 1 + r (1 + r/2 (1 + r/3 (...)))
    double sum = 1.0;
    for (int i = 14; i >= 1; --i) sum = 1.0 + sum * r / i;
    return std::ldexp(sum, static_cast<int>(k));  // exact scaling by 2^k
}

double detLog(double x) {
    if (!(x > 0)) return x == 0 ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::quiet_NaN();
    if (x == std::numeric_limits<double>::infinity()) return x;
    int e = 0;
    double m = std::frexp(x, &e);  // exact: x = m 2^e, m in [0.5, 1)
    if (m < 0.70710678118654752440) {
        m *= 2;
        --e;
    }
    // log m = 2 atanh(s), s = (m - 1) / (m + 1), |s| <= 0.1716; the odd series to s^29
    const double s = (m - 1) / (m + 1);
    const double s2 = s * s;
    double sum = 0.0;
    for (int i = 29; i >= 1; i -= 2) sum = sum * s2 + 1.0 / i;
    constexpr double ln2hi = 6.93147180369123816490e-01;
    constexpr double ln2lo = 1.90821492927058770002e-10;
    return (e * ln2hi + 2 * s * sum) + e * ln2lo;
}

}  // namespace brink
