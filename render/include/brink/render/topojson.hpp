#pragma once
/// Reading TopoJSON (the format of the world-atlas package): shared, delta-encoded and
/// quantized arcs, stitched back into rings of longitude and latitude.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "brink/render/geo.hpp"

namespace brink::render {

/// One feature of a TopoJSON geometry collection: its `id`, its `properties.name`, and
/// its polygons in degrees (x: longitude, y: latitude).
struct TopoFeature {
    std::string id;  ///< empty when the feature has none
    std::string name;
    std::vector<Polygon> polygons;
};

/// Reads the geometry collection `object` of a TopoJSON text. On failure, nullopt and
/// `error` as `line:col: what` (1:1 for a problem of the whole document).
std::optional<std::vector<TopoFeature>> readTopoJson(std::string_view text, std::string_view object, std::string& error);

}  // namespace brink::render
