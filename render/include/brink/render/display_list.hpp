#pragma once
/// What the painter draws, in pixels: a list of simple items in drawing order. The scene
/// builder decides everything (positions, colours, sizes); the painter only draws.
#include <string>
#include <variant>
#include <vector>

#include "brink/render/geo.hpp"
#include "brink/render/map_style.hpp"

namespace brink::render {

/// A polyline of a given width; `dash` > 0 draws dashes of that length (gaps as long).
struct StrokeItem {
    std::vector<Vec2> points;
    double width = 1.0;
    Rgba colour;
    double dash = 0.0;
};

/// A filled triangle pointing along `dir` with its tip at `tip`.
struct ArrowheadItem {
    Vec2 tip, dir;
    double length = 10.0, width = 10.0;
    Rgba colour;
    double edge = 0.0;  ///< a halo of this width around it
    Rgba edgeColour;
};

struct CircleItem {
    Vec2 center;
    double radius = 3.0;
    Rgba fill;
    double edge = 0.0;
    Rgba edgeColour;
};

/// A rectangle with rounded corners (`radius` 0: square).
struct RectItem {
    Box box;
    Rgba fill;
    double radius = 0.0;
    double edge = 0.0;
    Rgba edgeColour;
};

/// A line of text whose line box starts at `pos` (top-left), in UTF-8.
struct TextItem {
    std::string text;
    Vec2 pos;
    double px = 16.0;
    bool bold = false;
    Rgba colour;
    double halo = 0.0;  ///< white outline width, for text over the map
};

/// An X mark.
struct CrossItem {
    Vec2 center;
    double size = 8.0, width = 2.5;
    Rgba colour;
    double edge = 0.0;
    Rgba edgeColour;
};

using DrawItem = std::variant<StrokeItem, ArrowheadItem, CircleItem, RectItem, TextItem, CrossItem>;

/// Items in drawing order.
using DisplayList = std::vector<DrawItem>;

}  // namespace brink::render
