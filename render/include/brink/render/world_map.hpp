#pragma once
/// The world's countries, projected and triangulated once, ready to draw at any scale:
/// Natural Earth admin-0 shapes from a world-atlas TopoJSON file, keyed by ISO alpha-3.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "brink/render/geo.hpp"
#include "brink/render/projection.hpp"

namespace brink::render {

/// One country in projected units (see EqualEarth).
struct CountryShape {
    std::string iso3;  ///< ISO 3166-1 alpha-3; empty for areas without a code (N. Cyprus, Somaliland, ...)
    std::string name;  ///< the map data's name
    std::vector<Vec2> triangles;         ///< its fill, three points a triangle
    std::vector<std::vector<Vec2>> borders;  ///< coasts and borders as open polylines (no cut edges)
    std::vector<Ring> rings;   ///< its fill as outlines, outer rings and holes (even-odd), for vector output
    Box bounds;      ///< of every piece
    Box mainBounds;  ///< of its largest piece (mainland Russia, the contiguous United States)
    Vec2 mainCenter; ///< a point inside the largest piece, for labels
};

/// The countries of a map file, projected with one projection.
class WorldMap {
public:
    /// Reads a world-atlas TopoJSON file (its `countries` object). On failure, nullopt and
    /// `error` as `path:line:col: error: what; expected ...; hint: ...`.
    static std::optional<WorldMap> load(const std::string& path, const EqualEarth& projection, std::string& error);
    /// The same from text already in memory (`path` names it in messages).
    static std::optional<WorldMap> fromText(std::string_view text, const std::string& path, const EqualEarth& projection,
                                            std::string& error);

    [[nodiscard]] const std::vector<CountryShape>& countries() const { return m_countries; }
    /// The country with an ISO alpha-3 code, or nullptr.
    [[nodiscard]] const CountryShape* find(std::string_view iso3) const;
    [[nodiscard]] const EqualEarth& projection() const { return m_projection; }
    /// The edge of the whole map (the sphere), projected, counter-clockwise.
    [[nodiscard]] Ring outline() const;
    /// A meridian or a parallel (degrees), projected, as a polyline.
    [[nodiscard]] std::vector<Vec2> meridian(double lonDeg, double lat0 = -90, double lat1 = 90) const;
    [[nodiscard]] std::vector<Vec2> parallel(double latDeg) const;

private:
    EqualEarth m_projection;
    std::vector<CountryShape> m_countries;
    std::map<std::string, std::size_t, std::less<>> m_byIso;
};

}  // namespace brink::render
