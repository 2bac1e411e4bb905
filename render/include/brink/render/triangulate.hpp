#pragma once
/// Filling polygons: ear clipping with holes bridged into the outer ring (after Eberly,
/// "Triangulation by Ear Clipping"), for the concave shapes of coasts and borders.
#include <cstdint>
#include <vector>

#include "brink/render/geo.hpp"

namespace brink::render {

/// Triangles that cover a polygon with holes, as indices into its vertices taken in order:
/// the outer ring first, then each hole. Three indices a triangle, each counter-clockwise.
/// Rings may run either way. A ring that crosses itself still gets triangles (never a hang),
/// but they may overlap.
std::vector<std::uint32_t> triangulate(const Polygon& polygon);

}  // namespace brink::render
