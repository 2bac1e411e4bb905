#include "brink/render/map_renderer.hpp"

#include <SFML/Graphics/RenderTexture.hpp>
#include <SFML/Graphics/Texture.hpp>
#include <atomic>
#include <cstring>
#include <filesystem>
#include <unistd.h>

namespace brink::render {

std::unique_ptr<MapRenderer> MapRenderer::create(const std::string& mapFile, std::string& error, double centralMeridian) {
    auto m = WorldMap::load(mapFile, EqualEarth(centralMeridian), error);
    if (!m) return nullptr;
    std::unique_ptr<MapRenderer> r(new MapRenderer(std::move(*m)));
    if (!r->m_painter.loadFonts(error)) return nullptr;
    return r;
}

MapScene MapRenderer::layout(const SceneInput& in, int width, int height, std::optional<MapView> view, double scale) const {
    return buildScene(m_map, in, width, height, m_painter.measure(scale), view);
}

std::optional<sf::Image> MapRenderer::image(const SceneInput& in, int width, int height, std::string& error, MapScene* sceneOut,
                                            std::optional<MapView> view) const {
    // draw at twice the size and average each 2 x 2 block: smooth edges on any OpenGL,
    // with no reliance on multisampling (which Xvfb's software renderer may lack)
    const unsigned maxSize = sf::Texture::getMaximumSize();
    const int k = (2u * unsigned(width) <= maxSize && 2u * unsigned(height) <= maxSize) ? 2 : 1;
    if (unsigned(width) > maxSize || unsigned(height) > maxSize) {
        error = "the image is larger than this OpenGL can draw (" + std::to_string(maxSize) + " pixels a side)";
        return std::nullopt;
    }
    sf::RenderTexture rt;
    if (!rt.create(unsigned(width * k), unsigned(height * k))) {
        error = "cannot create an offscreen OpenGL target; run under a display, or under xvfb-run where there is none";
        return std::nullopt;
    }
    const MapScene scene = layout(in, width, height, view, k);
    m_painter.draw(scene, rt, k);
    rt.display();
    const sf::Image big = rt.getTexture().copyToImage();
    if (sceneOut) *sceneOut = scene;
    if (k == 1) return big;
    sf::Image out;
    out.create(unsigned(width), unsigned(height));
    const sf::Uint8* src = big.getPixelsPtr();
    const std::size_t stride = std::size_t(width) * k * 4;
    std::vector<sf::Uint8> px(std::size_t(width) * height * 4);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            for (int c = 0; c < 4; ++c) {
                const std::size_t i = std::size_t(y) * k * stride + std::size_t(x) * k * 4 + c;
                const unsigned sum = src[i] + src[i + 4] + src[i + stride] + src[i + stride + 4];
                px[(std::size_t(y) * width + x) * 4 + c] = static_cast<sf::Uint8>((sum + 2) / 4);
            }
        }
    }
    out.create(unsigned(width), unsigned(height), px.data());
    return out;
}

bool savePngAtomically(const sf::Image& image, const std::string& path, std::string& error) {
    namespace fs = std::filesystem;
    static std::atomic<unsigned> counter{0};
    const fs::path target(path);
    // SFML picks the format from the extension: the temporary name ends in .png too
    const fs::path tmp = target.parent_path() /
                         ("." + target.filename().string() + ".tmp" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".png");
    if (!image.saveToFile(tmp.string())) {
        std::error_code ec;
        fs::remove(tmp, ec);
        error = "cannot write '" + path + "'";
        return false;
    }
    std::error_code ec;
    fs::rename(tmp, target, ec);
    if (ec) {
        fs::remove(tmp, ec);
        error = "cannot write '" + path + "': " + ec.message();
        return false;
    }
    return true;
}

}  // namespace brink::render
