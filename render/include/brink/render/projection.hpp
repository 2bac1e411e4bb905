#pragma once
/// The Equal Earth projection (Šavrič, Patterson and Jenny, 2018): equal-area, with the
/// look of the Robinson projection, and closed-form in the forward direction.
#include "brink/render/geo.hpp"

namespace brink::render {

/// Equal Earth on the unit sphere, centred on a chosen meridian. Output units: x east,
/// y north; the whole world spans about x in [-2.7066, 2.7066], y in [-1.3173, 1.3173].
class EqualEarth {
public:
    /// `centralMeridian` in degrees east.
    explicit EqualEarth(double centralMeridian = 0.0) : m_lon0(centralMeridian) {}

    [[nodiscard]] double centralMeridian() const { return m_lon0; }
    /// A longitude relative to the central meridian, wrapped into [-180, 180).
    [[nodiscard]] double relative(double lonDeg) const;
    /// Projects a longitude already relative to the central meridian (degrees, may be
    /// exactly +180 at the map's right edge) and a latitude.
    [[nodiscard]] static Vec2 forwardRelative(double relLonDeg, double latDeg);
    /// Projects (longitude, latitude) in degrees.
    [[nodiscard]] Vec2 forward(double lonDeg, double latDeg) const { return forwardRelative(relative(lonDeg), latDeg); }
    /// Back to (longitude, latitude) in degrees; exact to about 1e-9 degrees inside the map.
    [[nodiscard]] Vec2 inverse(Vec2 xy) const;

    /// Half the map's width (at the equator) and half its height (at a pole).
    static double halfWidth();
    static double halfHeight();

private:
    double m_lon0 = 0.0;
};

}  // namespace brink::render
