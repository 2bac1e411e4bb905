#pragma once
/// Cutting polygons given in longitude and latitude where they cross the map's edge (the
/// meridian opposite the central one), so that no edge of a projected polygon runs across
/// the whole map. Russia, Fiji and the Aleutians cross it; Antarctica goes round a pole.
#include <vector>

#include "brink/render/geo.hpp"

namespace brink::render {

/// Cuts a polygon (x: longitude, y: latitude, degrees; rings in any orientation, the
/// first ring outer) along the meridian opposite `centralMeridian`. The pieces come back
/// with x relative to the central meridian, in [-180, 180], outer rings counter-clockwise
/// and holes clockwise. A ring that goes round a pole is closed along that pole.
std::vector<Polygon> cutAtAntimeridian(const Polygon& lonLat, double centralMeridian);

/// Whether the edge a-b of a cut piece (relative degrees) lies along the map's edge or a
/// pole: an edge the cut made, not a coast or a border.
bool isCutEdge(Vec2 a, Vec2 b);

/// Adds points along every edge longer than `maxStep` degrees, so that the edge follows the
/// projection's curves (the map's edge is curved in Equal Earth).
Ring densify(const Ring& r, double maxStep);

}  // namespace brink::render
