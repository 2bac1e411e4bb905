#pragma once
/// Draws a laid-out map (MapScene) with SFML: countries, lines, arrows, markers, text.
#include <SFML/Graphics/Font.hpp>
#include <SFML/Graphics/RenderTarget.hpp>
#include <string>

#include "brink/render/map_scene.hpp"

namespace brink::render {

class MapPainter {
public:
    /// Loads the DejaVu fonts (see findFont). False, with `error` in the house format, when
    /// they are missing.
    bool loadFonts(std::string& error);

    /// Text metrics for a scene that will be drawn `scale` times larger (supersampling):
    /// sizes are rounded as the drawing will round them.
    [[nodiscard]] TextMeasure measure(double scale = 1.0) const;

    /// Draws the scene onto `target`, every coordinate and size multiplied by `scale`.
    void draw(const MapScene& scene, sf::RenderTarget& target, double scale = 1.0) const;

private:
    sf::Font m_regular, m_bold;
};

}  // namespace brink::render
