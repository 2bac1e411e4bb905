#pragma once
/// The map as a whole: country shapes and fonts loaded once, then any state of a run laid
/// out and drawn offscreen to an image, or onto a window.
#include <SFML/Graphics/Image.hpp>
#include <memory>
#include <optional>
#include <string>

#include "brink/render/map_painter.hpp"
#include "brink/render/map_scene.hpp"
#include "brink/render/world_map.hpp"

namespace brink::render {

/// The meridian the map is centred on: 11 degrees east puts the map's edge in the Bering
/// Strait, so that neither Russia nor mainland Alaska is cut in two.
inline constexpr double kCentralMeridian = 11.0;

/// The map file used by default (Natural Earth 1:50m).
inline constexpr const char* kDefaultMapFile = "countries-50m.json";

class MapRenderer {
public:
    /// Loads a world-atlas file and the fonts. nullptr, with `error` in the house format
    /// (`path:line:col: error: ...`), when either is missing or broken.
    static std::unique_ptr<MapRenderer> create(const std::string& mapFile, std::string& error,
                                               double centralMeridian = kCentralMeridian);

    [[nodiscard]] const WorldMap& map() const { return m_map; }
    [[nodiscard]] const MapPainter& painter() const { return m_painter; }

    /// Lays out a state at width x height pixels (for a target that is drawn `scale` times larger).
    [[nodiscard]] MapScene layout(const SceneInput& in, int width, int height, std::optional<MapView> view = std::nullopt,
                                  double scale = 1.0) const;

    /// Draws a state offscreen into an image of width x height pixels, supersampled two
    /// times for smooth edges. Needs an OpenGL context (an X display; Xvfb will do).
    /// nullopt, with `error`, when no offscreen target can be made. `scene`, if given,
    /// receives the layout that was drawn.
    [[nodiscard]] std::optional<sf::Image> image(const SceneInput& in, int width, int height, std::string& error,
                                                 MapScene* scene = nullptr, std::optional<MapView> view = std::nullopt) const;

private:
    MapRenderer(WorldMap m) : m_map(std::move(m)) {}
    WorldMap m_map;
    MapPainter m_painter;
};

/// Writes an image as PNG without ever leaving a half-written file: to a temporary name in
/// the same folder, then renamed over `path`. False, with `error`, on failure.
bool savePngAtomically(const sf::Image& image, const std::string& path, std::string& error);

}  // namespace brink::render
