#pragma once
/// The map as SVG, for browsers: the same scene brink render and the play window draw,
/// written as vector paths and text. Needs no display: text is measured with FreeType
/// from the same DejaVu fonts the page is given.
#include <memory>
#include <mutex>
#include <string>

#include "brink/render/map_scene.hpp"

namespace brink::render {

/// Text metrics of the DejaVu Sans fonts (findFont) read with FreeType: no OpenGL, no
/// display. Unhinted advances and kerning, as a browser lays the text out.
class FontMetrics {
public:
    /// nullptr, with `error` in the house format, when a font is missing or unreadable.
    static std::unique_ptr<FontMetrics> load(std::string& error);
    ~FontMetrics();
    FontMetrics(const FontMetrics&) = delete;
    FontMetrics& operator=(const FontMetrics&) = delete;

    /// (advance width, line height) of UTF-8 text at a pixel size. Safe from any thread.
    [[nodiscard]] Vec2 measure(const std::string& utf8, double px, bool bold) const;
    /// measure() as a scene builder takes it (the FontMetrics must outlive it).
    [[nodiscard]] TextMeasure measurer() const;

private:
    FontMetrics() = default;
    struct Faces;
    std::unique_ptr<Faces> m_faces;
    mutable std::mutex m_mutex;  // a FreeType face is not safe to use from two threads at once
};

/// A laid-out map as a standalone SVG document of scene.width x scene.height, with
/// presentation in attributes (no script, no style element) and text in "DejaVu Sans".
/// Outlines are thinned to what shows at that size (points closer than half a pixel).
[[nodiscard]] std::string sceneSvg(const MapScene& scene);

}  // namespace brink::render
