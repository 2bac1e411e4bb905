// The map as SVG: the painter's drawing (map_painter.cpp) item for item, as vector paths
// and text, and text metrics from FreeType so that a server lays a map out with no display.
#include "brink/render/svg.hpp"

#include <ft2build.h>
#include FT_FREETYPE_H

#include <charconv>
#include <cmath>
#include <utility>

#include "brink/render/assets.hpp"
#include "brink/render/map_style.hpp"

namespace brink::render {

// ---- text metrics ------------------------------------------------------------------------

struct FontMetrics::Faces {
    FT_Library lib = nullptr;
    FT_Face face[2] = {nullptr, nullptr};  // regular, bold
    ~Faces() {
        for (FT_Face f : face) {
            if (f) FT_Done_Face(f);
        }
        if (lib) FT_Done_FreeType(lib);
    }
};

FontMetrics::~FontMetrics() = default;

std::unique_ptr<FontMetrics> FontMetrics::load(std::string& error) {
    std::unique_ptr<FontMetrics> m(new FontMetrics);
    m->m_faces = std::make_unique<Faces>();
    if (FT_Init_FreeType(&m->m_faces->lib) != 0) {
        error = "brink: error: cannot start FreeType to measure the map's text";
        return nullptr;
    }
    for (int bold = 0; bold < 2; ++bold) {
        const std::string path = findFont(bold != 0);
        if (FT_New_Face(m->m_faces->lib, path.c_str(), 0, &m->m_faces->face[bold]) != 0) {
            error = path + ":1:1: error: cannot load the DejaVu Sans font; expected a TrueType font file; hint: install "
                           "Debian's fonts-dejavu-core, or set BRINK_FONTS to a folder holding DejaVuSans.ttf and DejaVuSans-Bold.ttf";
            return nullptr;
        }
    }
    return m;
}

namespace {

// The next code point of UTF-8 text (U+FFFD for a broken sequence).
char32_t nextCodePoint(const std::string& s, std::size_t& i) {
    const auto c = static_cast<unsigned char>(s[i++]);
    if (c < 0x80) return c;
    int more = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : -1;
    if (more < 0) return 0xFFFD;
    char32_t cp = c & (0x3F >> more);
    for (; more > 0; --more) {
        if (i >= s.size() || (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) return 0xFFFD;
        cp = (cp << 6) | (static_cast<unsigned char>(s[i++]) & 0x3F);
    }
    return cp;
}

}  // namespace

Vec2 FontMetrics::measure(const std::string& utf8, double px, bool bold) const {
    const std::lock_guard<std::mutex> lock(m_mutex);
    FT_Face f = m_faces->face[bold ? 1 : 0];
    const auto size = static_cast<FT_UInt>(std::max(1L, std::lround(px)));
    if (FT_Set_Pixel_Sizes(f, 0, size) != 0) return {0, px * 1.2};
    double width = 0;
    FT_UInt prev = 0;
    for (std::size_t i = 0; i < utf8.size();) {
        const FT_UInt glyph = FT_Get_Char_Index(f, nextCodePoint(utf8, i));
        if (prev && glyph && FT_HAS_KERNING(f)) {
            FT_Vector k{};
            if (FT_Get_Kerning(f, prev, glyph, FT_KERNING_UNFITTED, &k) == 0) width += static_cast<double>(k.x) / 64.0;
        }
        if (FT_Load_Glyph(f, glyph, FT_LOAD_NO_HINTING | FT_LOAD_NO_BITMAP) == 0) width += static_cast<double>(f->glyph->advance.x) / 64.0;
        prev = glyph;
    }
    return {width, static_cast<double>(f->size->metrics.height) / 64.0};
}

TextMeasure FontMetrics::measurer() const {
    return [this](const std::string& s, double px, bool bold) { return measure(s, px, bold); };
}

// ---- SVG ---------------------------------------------------------------------------------

namespace {

class Svg {
public:
    void num(double v) {
        char buf[32];
        const double r = std::round(v * 10) / 10;
        const auto res = std::to_chars(buf, buf + sizeof buf, r == 0 ? 0.0 : r, std::chars_format::fixed, r == std::round(r) ? 0 : 1);
        out.append(buf, res.ptr);
    }
    void attr(const char* name, double v) {
        out += ' ';
        out += name;
        out += "=\"";
        num(v);
        out += '"';
    }
    void colour(const char* name, Rgba c) {
        static const char* hex = "0123456789abcdef";
        out += ' ';
        out += name;
        out += "=\"#";
        for (std::uint8_t v : {c.r, c.g, c.b}) {
            out += hex[v >> 4];
            out += hex[v & 15];
        }
        out += '"';
        if (c.a != 255) {
            out += ' ';
            out += name;
            out += "-opacity=\"";
            num(c.a / 255.0);
            out += '"';
        }
    }
    // fill, an edge of `edge` pixels if any, and the element's end
    void filled(Rgba fill, double edge, Rgba edgeColour) {
        colour("fill", fill);
        if (edge > 0) {
            colour("stroke", edgeColour);
            attr("stroke-width", edge);
        }
        out += "/>\n";
    }
    void text(const std::string& s) {
        for (char c : s) {
            switch (c) {
                case '<': out += "&lt;"; break;
                case '>': out += "&gt;"; break;
                case '&': out += "&amp;"; break;
                case '"': out += "&quot;"; break;
                default:
                    // control characters are not allowed in XML 1.0
                    if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n') out += c;
            }
        }
    }
    // A line in pixels as M x y L x y ..., with the points that do not show left out: first
    // those within half a pixel of the last one kept (outside the picture, `view`, farther
    // apart the farther out: a chord across dropped points strays less than their distance
    // out, so it never reaches into the picture), then Douglas-Peucker at a third of a pixel.
    template <class ToPx>
    void path(const std::vector<Vec2>& pts, ToPx toPx, bool close, const Box& view = {}) {
        std::vector<Vec2>& p = m_points;
        p.clear();
        for (std::size_t i = 0; i < pts.size(); ++i) {
            const Vec2 q = toPx(pts[i]);
            double step = 0.5;
            if (!view.empty()) step = std::max(step, std::max({view.x0 - q.x, q.x - view.x1, view.y0 - q.y, q.y - view.y1}) / 2);
            if (!p.empty() && i + 1 < pts.size() && std::hypot(q.x - p.back().x, q.y - p.back().y) < step) continue;
            p.push_back(q);
        }
        if (p.size() < (close ? 3u : 2u)) return;  // nothing that shows at this size
        std::vector<char>& keep = m_keep;
        keep.assign(p.size(), 0);
        keep.front() = keep.back() = 1;
        if (close && p.size() > 2) keep[p.size() / 2] = 1;  // a ring's two ends meet: split it in two
        std::vector<std::pair<std::size_t, std::size_t>>& todo = m_todo;
        todo.clear();
        for (std::size_t i = 0, last = 0; i < p.size(); ++i) {
            if (i > 0 && keep[i]) todo.emplace_back(std::exchange(last, i), i);
        }
        while (!todo.empty()) {
            const auto [i, j] = todo.back();
            todo.pop_back();
            const Vec2 a = p[i], d = p[j] - a;
            const double len = std::hypot(d.x, d.y);
            double worst = 0;
            std::size_t at = i;
            for (std::size_t k = i + 1; k < j; ++k) {
                const Vec2 e = p[k] - a;
                const double dist = len > 0 ? std::abs(d.x * e.y - d.y * e.x) / len : std::hypot(e.x, e.y);
                if (dist > worst) worst = dist, at = k;
            }
            if (worst > 1.0 / 3) {
                keep[at] = 1;
                todo.emplace_back(i, at);
                todo.emplace_back(at, j);
            }
        }
        std::size_t kept = 0;
        for (std::size_t i = 0; i < p.size(); ++i) kept += keep[i] ? 1 : 0;
        if (kept < (close ? 3u : 2u)) return;
        bool first = true;
        for (std::size_t i = 0; i < p.size(); ++i) {
            if (!keep[i]) continue;
            out += first ? 'M' : 'L';
            num(p[i].x);
            out += ' ';
            num(p[i].y);
            first = false;
        }
        if (close) out += 'Z';
    }
    std::string out;

private:
    std::vector<Vec2> m_points;
    std::vector<char> m_keep;
    std::vector<std::pair<std::size_t, std::size_t>> m_todo;
};

Vec2 same(Vec2 p) { return p; }

void item(Svg& s, const DrawItem& it) {
    std::visit(
        [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, StrokeItem>) {
                s.out += "<path d=\"";
                s.path(v.points, same, false);
                s.out += "\" fill=\"none\"";
                s.colour("stroke", v.colour);
                s.attr("stroke-width", v.width);
                if (v.width > 2) s.out += " stroke-linejoin=\"round\"";
                if (v.dash > 0) {
                    s.out += " stroke-dasharray=\"";
                    s.num(v.dash);
                    s.out += ' ';
                    s.num(v.dash * 0.7);
                    s.out += '"';
                }
                s.out += "/>\n";
            } else if constexpr (std::is_same_v<T, ArrowheadItem>) {
                const Vec2 base = v.tip - v.dir * v.length, n{-v.dir.y, v.dir.x};
                s.out += "<path d=\"";
                s.path({v.tip, base + n * (v.width / 2), base - n * (v.width / 2)}, same, true);
                s.out += '"';
                s.colour("fill", v.colour);
                s.out += "/>\n";
            } else if constexpr (std::is_same_v<T, CircleItem>) {
                s.out += "<circle";
                s.attr("cx", v.center.x);
                s.attr("cy", v.center.y);
                s.attr("r", v.radius);
                s.filled(v.fill, v.edge, v.edgeColour);
            } else if constexpr (std::is_same_v<T, CrossItem>) {
                const double h = v.size / 2;
                const std::vector<Vec2> lines = {v.center + Vec2{-h, -h}, v.center + Vec2{h, h}, v.center + Vec2{-h, h}, v.center + Vec2{h, -h}};
                auto cross = [&](double w, Rgba c) {
                    s.out += "<path d=\"";
                    s.path({lines[0], lines[1]}, same, false);
                    s.path({lines[2], lines[3]}, same, false);
                    s.out += "\" fill=\"none\"";
                    s.colour("stroke", c);
                    s.attr("stroke-width", w);
                    s.out += "/>\n";
                };
                if (v.edge > 0) cross(v.width + 2 * v.edge, v.edgeColour);
                cross(v.width, v.colour);
            } else if constexpr (std::is_same_v<T, RectItem>) {
                s.out += "<rect";
                s.attr("x", v.box.x0);
                s.attr("y", v.box.y0);
                s.attr("width", v.box.width());
                s.attr("height", v.box.height());
                if (v.radius > 0) s.attr("rx", std::min({v.radius, v.box.width() / 2, v.box.height() / 2}));
                s.filled(v.fill, v.edge, v.edgeColour);
            } else if constexpr (std::is_same_v<T, TextItem>) {
                // the painter puts the first line's baseline one character size below the top
                const double size = std::max(1.0, std::round(v.px));
                s.out += "<text";
                s.attr("x", v.pos.x);
                s.attr("y", v.pos.y + size);
                s.attr("font-size", size);
                if (v.bold) s.out += " font-weight=\"bold\"";
                s.colour("fill", v.colour);
                if (v.halo > 0) {
                    s.colour("stroke", style::kHalo);
                    s.attr("stroke-width", 2 * v.halo);
                    s.out += " stroke-linejoin=\"round\" paint-order=\"stroke\"";
                }
                s.out += '>';
                s.text(v.text);
                s.out += "</text>\n";
            }
        },
        it);
}

}  // namespace

std::string sceneSvg(const MapScene& scene) {
    Svg s;
    s.out.reserve(1 << 20);
    s.out += "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + std::to_string(scene.width) + " " +
             std::to_string(scene.height) + "\" width=\"" + std::to_string(scene.width) + "\" height=\"" + std::to_string(scene.height) +
             "\" font-family=\"DejaVu Sans, sans-serif\" role=\"img\">\n";
    s.out += "<rect width=\"100%\" height=\"100%\"";
    s.colour("fill", style::kOcean);
    s.out += "/>\n";
    for (const DrawItem& it : scene.underlay) item(s, it);
    const auto px = [&](Vec2 p) { return scene.toPixel(p); };
    const Box view{0, 0, static_cast<double>(scene.width), static_cast<double>(scene.height)};
    const auto shown = [&](const CountryShape& c) {
        Box b;
        b.add(px({c.bounds.x0, c.bounds.y0}));
        b.add(px({c.bounds.x1, c.bounds.y1}));
        return b.overlaps(view);
    };
    s.out += "<g fill-rule=\"evenodd\">\n";
    for (const CountryFill& f : scene.fills) {
        if (!shown(*f.shape)) continue;
        const std::size_t mark = s.out.size();
        s.out += "<path d=\"";
        const std::size_t start = s.out.size();
        for (const Ring& r : f.shape->rings) s.path(r, px, true, view);
        if (s.out.size() == start) {
            s.out.resize(mark);  // too small to show
            continue;
        }
        s.out += '"';
        s.colour("fill", f.colour);
        s.out += "><title>";
        s.text(f.shape->name);
        s.out += "</title></path>\n";
    }
    s.out += "</g>\n<path fill=\"none\"";
    s.colour("stroke", style::kLandBorder);
    s.attr("stroke-width", scene.borderWidth);
    s.out += " d=\"";
    for (const CountryFill& f : scene.fills) {
        if (!shown(*f.shape)) continue;
        for (const auto& line : f.shape->borders) s.path(line, px, false, view);
    }
    s.out += "\"/>\n";
    for (const DrawItem& it : scene.overlay) item(s, it);
    s.out += "</svg>\n";
    return s.out;
}

}  // namespace brink::render
