#include "brink/render/projection.hpp"

#include <cmath>
#include <numbers>

namespace brink::render {

namespace {

// The polynomial coefficients published with the projection.
constexpr double kA1 = 1.340264, kA2 = -0.081106, kA3 = 0.000893, kA4 = 0.003796;
const double kM = std::sqrt(3.0) / 2.0;
constexpr double kDeg = std::numbers::pi / 180.0;

// dy/dtheta of the latitude polynomial, which also divides x.
double slope(double t) {
    const double t2 = t * t, t6 = t2 * t2 * t2;
    return kA1 + 3 * kA2 * t2 + t6 * (7 * kA3 + 9 * kA4 * t2);
}
double poly(double t) {
    const double t2 = t * t, t6 = t2 * t2 * t2;
    return t * (kA1 + kA2 * t2 + t6 * (kA3 + kA4 * t2));
}

}  // namespace

double EqualEarth::relative(double lonDeg) const {
    double r = std::fmod(lonDeg - m_lon0 + 180.0, 360.0);
    if (r < 0) r += 360.0;
    return r - 180.0;
}

Vec2 EqualEarth::forwardRelative(double relLonDeg, double latDeg) {
    const double lam = relLonDeg * kDeg;
    const double t = std::asin(kM * std::sin(latDeg * kDeg));
    return {lam * std::cos(t) / (kM * slope(t)), poly(t)};
}

Vec2 EqualEarth::inverse(Vec2 xy) const {
    // Newton's method on the latitude polynomial (monotonic on the map's range)
    double t = xy.y;
    for (int i = 0; i < 30; ++i) {
        const double step = (poly(t) - xy.y) / slope(t);
        t -= step;
        if (std::abs(step) < 1e-14) break;
    }
    const double lam = kM * xy.x * slope(t) / std::cos(t);
    const double lat = std::asin(std::clamp(std::sin(t) / kM, -1.0, 1.0));
    double lon = lam / kDeg + m_lon0;
    lon = std::fmod(lon + 180.0, 360.0);
    if (lon < 0) lon += 360.0;
    return {lon - 180.0, lat / kDeg};
}

double EqualEarth::halfWidth() { return forwardRelative(180.0, 0.0).x; }
double EqualEarth::halfHeight() { return forwardRelative(0.0, 90.0).y; }

}  // namespace brink::render
