#include "brink/render/map_painter.hpp"

#include <SFML/Graphics.hpp>
#include <cmath>
#include <numbers>

#include "brink/render/assets.hpp"

namespace brink::render {

namespace {

sf::Color col(Rgba c) { return {c.r, c.g, c.b, c.a}; }
sf::Vector2f pt(Vec2 p, double k) { return {static_cast<float>(p.x * k), static_cast<float>(p.y * k)}; }

void tri(sf::VertexArray& va, sf::Vector2f a, sf::Vector2f b, sf::Vector2f c, sf::Color cl) {
    va.append({a, cl});
    va.append({b, cl});
    va.append({c, cl});
}

// A disc as a fan of triangles.
void disc(sf::VertexArray& va, sf::Vector2f c, float r, sf::Color cl, int n = 12) {
    for (int i = 0; i < n; ++i) {
        const double a0 = 2 * std::numbers::pi * i / n, a1 = 2 * std::numbers::pi * (i + 1) / n;
        tri(va, c, {c.x + r * float(std::cos(a0)), c.y + r * float(std::sin(a0))},
            {c.x + r * float(std::cos(a1)), c.y + r * float(std::sin(a1))}, cl);
    }
}

// A thick polyline: a quad per segment and round joins.
void stroke(sf::VertexArray& va, const std::vector<sf::Vector2f>& p, float w, sf::Color cl, bool joins) {
    const float h = w / 2;
    for (std::size_t i = 1; i < p.size(); ++i) {
        const sf::Vector2f a = p[i - 1], b = p[i];
        const float dx = b.x - a.x, dy = b.y - a.y, len = std::hypot(dx, dy);
        if (len <= 0) continue;
        const sf::Vector2f n{-dy / len * h, dx / len * h};
        tri(va, a + n, b + n, b - n, cl);
        tri(va, a + n, b - n, a - n, cl);
        if (joins && i + 1 < p.size()) disc(va, b, h, cl, 10);
    }
}

std::vector<std::vector<sf::Vector2f>> dashes(const std::vector<sf::Vector2f>& p, float on, float off) {
    std::vector<std::vector<sf::Vector2f>> out;
    bool drawing = true;
    float left = on;
    std::vector<sf::Vector2f> cur{p.empty() ? sf::Vector2f{} : p[0]};
    for (std::size_t i = 1; i < p.size(); ++i) {
        sf::Vector2f a = p[i - 1];
        const sf::Vector2f b = p[i];
        float seg = std::hypot(b.x - a.x, b.y - a.y);
        while (seg > left) {
            const float t = left / seg;
            a = a + (b - a) * t;
            seg -= left;
            if (drawing) {
                cur.push_back(a);
                out.push_back(cur);
            }
            cur = {a};
            drawing = !drawing;
            left = drawing ? on : off;
        }
        left -= seg;
        if (drawing) cur.push_back(b);
    }
    if (drawing && cur.size() > 1) out.push_back(cur);
    return out;
}

// A convex outline of a rounded rectangle.
std::vector<sf::Vector2f> roundedRect(const Box& b, double r, double k) {
    std::vector<sf::Vector2f> out;
    r = std::min({r, b.width() / 2, b.height() / 2});
    const int n = r > 0 ? 6 : 0;
    const Vec2 c[4] = {{b.x1 - r, b.y0 + r}, {b.x1 - r, b.y1 - r}, {b.x0 + r, b.y1 - r}, {b.x0 + r, b.y0 + r}};
    for (int q = 0; q < 4; ++q) {
        for (int i = 0; i <= n; ++i) {
            const double a = std::numbers::pi / 2 * (q - 1) + (n ? std::numbers::pi / 2 * i / n : 0);
            out.push_back(pt({c[q].x + r * std::cos(a), c[q].y + r * std::sin(a)}, k));
        }
    }
    return out;
}

}  // namespace

bool MapPainter::loadFonts(std::string& error) {
    for (bool bold : {false, true}) {
        const std::string path = findFont(bold);
        if (!(bold ? m_bold : m_regular).loadFromFile(path)) {
            error = path + ":1:1: error: cannot load the DejaVu Sans font; expected a TrueType font file; hint: install "
                           "Debian's fonts-dejavu-core, or set BRINK_FONTS to a folder holding DejaVuSans.ttf and DejaVuSans-Bold.ttf";
            return false;
        }
    }
    return true;
}

TextMeasure MapPainter::measure(double scale) const {
    return [this, scale](const std::string& s, double px, bool bold) {
        const auto size = static_cast<unsigned>(std::lround(px * scale));
        sf::Text t(sf::String::fromUtf8(s.begin(), s.end()), bold ? m_bold : m_regular, size);
        const float w = t.findCharacterPos(t.getString().getSize()).x - t.findCharacterPos(0).x;
        const float h = (bold ? m_bold : m_regular).getLineSpacing(size);
        return Vec2{w / scale, h / scale};
    };
}

void MapPainter::draw(const MapScene& s, sf::RenderTarget& target, double k) const {
    target.clear(col(style::kOcean));
    sf::VertexArray va(sf::Triangles);
    auto flush = [&] {
        target.draw(va);
        va.clear();
    };
    auto drawItem = [&](const DrawItem& item) {
        std::visit(
            [&](const auto& v) {
                using T = std::decay_t<decltype(v)>;
                if constexpr (std::is_same_v<T, StrokeItem>) {
                    std::vector<sf::Vector2f> p;
                    for (const Vec2& q : v.points) p.push_back(pt(q, k));
                    const auto w = static_cast<float>(v.width * k);
                    if (v.dash > 0) {
                        for (const auto& d : dashes(p, float(v.dash * k), float(v.dash * k * 0.7))) stroke(va, d, w, col(v.colour), w > 2);
                    } else {
                        stroke(va, p, w, col(v.colour), w > 2);
                    }
                } else if constexpr (std::is_same_v<T, ArrowheadItem>) {
                    const Vec2 base = v.tip - v.dir * v.length, n{-v.dir.y, v.dir.x};
                    tri(va, pt(v.tip, k), pt(base + n * (v.width / 2), k), pt(base - n * (v.width / 2), k), col(v.colour));
                } else if constexpr (std::is_same_v<T, CircleItem>) {
                    if (v.edge > 0) disc(va, pt(v.center, k), float((v.radius + v.edge / 2) * k), col(v.edgeColour), 24);
                    disc(va, pt(v.center, k), float((v.radius - v.edge / 2) * k), col(v.fill), 24);
                } else if constexpr (std::is_same_v<T, CrossItem>) {
                    const double h = v.size / 2;
                    const std::vector<sf::Vector2f> a{pt(v.center + Vec2{-h, -h}, k), pt(v.center + Vec2{h, h}, k)};
                    const std::vector<sf::Vector2f> b{pt(v.center + Vec2{-h, h}, k), pt(v.center + Vec2{h, -h}, k)};
                    if (v.edge > 0) {
                        stroke(va, a, float((v.width + 2 * v.edge) * k), col(v.edgeColour), false);
                        stroke(va, b, float((v.width + 2 * v.edge) * k), col(v.edgeColour), false);
                    }
                    stroke(va, a, float(v.width * k), col(v.colour), false);
                    stroke(va, b, float(v.width * k), col(v.colour), false);
                } else if constexpr (std::is_same_v<T, RectItem>) {
                    flush();
                    const auto outline = roundedRect(v.box, v.radius, k);
                    sf::ConvexShape shape(outline.size());
                    for (std::size_t i = 0; i < outline.size(); ++i) shape.setPoint(i, outline[i]);
                    shape.setFillColor(col(v.fill));
                    if (v.edge > 0) {
                        shape.setOutlineThickness(float(v.edge * k));
                        shape.setOutlineColor(col(v.edgeColour));
                    }
                    target.draw(shape);
                } else if constexpr (std::is_same_v<T, TextItem>) {
                    flush();
                    sf::Text t(sf::String::fromUtf8(v.text.begin(), v.text.end()), v.bold ? m_bold : m_regular,
                               static_cast<unsigned>(std::lround(v.px * k)));
                    t.setFillColor(col(v.colour));
                    if (v.halo > 0) {
                        t.setOutlineThickness(float(v.halo * k));
                        t.setOutlineColor(col(style::kHalo));
                    }
                    t.setPosition(std::round(float(v.pos.x * k)), std::round(float(v.pos.y * k)));
                    target.draw(t);
                }
            },
            item);
    };
    for (const DrawItem& it : s.underlay) drawItem(it);
    // countries: fills, then coasts and borders in white
    for (const CountryFill& f : s.fills) {
        const sf::Color c = col(f.colour);
        for (const Vec2& p : f.shape->triangles) va.append({pt(s.toPixel(p), k), c});
    }
    flush();
    const sf::Color border = col(style::kLandBorder);
    for (const CountryFill& f : s.fills) {
        for (const auto& line : f.shape->borders) {
            std::vector<sf::Vector2f> p;
            p.reserve(line.size());
            for (const Vec2& q : line) p.push_back(pt(s.toPixel(q), k));
            stroke(va, p, float(s.borderWidth * k), border, false);
        }
    }
    flush();
    for (const DrawItem& it : s.overlay) drawItem(it);
    flush();
}

}  // namespace brink::render
