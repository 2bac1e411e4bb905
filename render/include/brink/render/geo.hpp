#pragma once
/// Plain planar geometry shared by the map's stages: points, boxes and polygons with holes,
/// in whatever plane a stage works in (degrees of longitude/latitude, projected units or
/// pixels). No SFML here, so the geometry is tested without a display.
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace brink::render {

/// A point or a vector in a plane.
struct Vec2 {
    double x = 0.0, y = 0.0;
    friend Vec2 operator+(Vec2 a, Vec2 b) { return {a.x + b.x, a.y + b.y}; }
    friend Vec2 operator-(Vec2 a, Vec2 b) { return {a.x - b.x, a.y - b.y}; }
    friend Vec2 operator*(Vec2 a, double s) { return {a.x * s, a.y * s}; }
    friend bool operator==(Vec2 a, Vec2 b) { return a.x == b.x && a.y == b.y; }
};

/// The z-component of the cross product (b - a) x (c - a): > 0 when a, b, c turn left.
inline double cross(Vec2 a, Vec2 b, Vec2 c) { return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x); }
inline double dot(Vec2 a, Vec2 b) { return a.x * b.x + a.y * b.y; }
inline double length(Vec2 a) { return std::hypot(a.x, a.y); }

/// An axis-aligned box; empty until a point is added.
struct Box {
    double x0 = std::numeric_limits<double>::infinity(), y0 = x0;
    double x1 = -std::numeric_limits<double>::infinity(), y1 = x1;
    void add(Vec2 p) {
        x0 = std::min(x0, p.x), y0 = std::min(y0, p.y);
        x1 = std::max(x1, p.x), y1 = std::max(y1, p.y);
    }
    void add(const Box& b) {
        if (b.empty()) return;
        add(Vec2{b.x0, b.y0});
        add(Vec2{b.x1, b.y1});
    }
    [[nodiscard]] bool empty() const { return x0 > x1; }
    [[nodiscard]] double width() const { return empty() ? 0.0 : x1 - x0; }
    [[nodiscard]] double height() const { return empty() ? 0.0 : y1 - y0; }
    [[nodiscard]] Vec2 center() const { return {(x0 + x1) / 2, (y0 + y1) / 2}; }
    [[nodiscard]] bool contains(Vec2 p) const { return p.x >= x0 && p.x <= x1 && p.y >= y0 && p.y <= y1; }
    [[nodiscard]] bool overlaps(const Box& b) const { return x0 < b.x1 && b.x0 < x1 && y0 < b.y1 && b.y0 < y1; }
    /// The same box grown by `m` on every side.
    [[nodiscard]] Box inflated(double m) const { return {x0 - m, y0 - m, x1 + m, y1 + m}; }
};

/// A closed ring: the last point joins the first (not repeated).
using Ring = std::vector<Vec2>;

/// A polygon: an outer ring and holes.
struct Polygon {
    Ring outer;
    std::vector<Ring> holes;
};

/// Twice the signed area of a ring: > 0 when counter-clockwise (y up).
inline double signedArea2(const Ring& r) {
    double a = 0.0;
    for (std::size_t i = 0, n = r.size(); i < n; ++i) {
        const Vec2& p = r[i];
        const Vec2& q = r[(i + 1) % n];
        a += p.x * q.y - q.x * p.y;
    }
    return a;
}

/// The area of a polygon: outer ring less its holes.
inline double polygonArea(const Polygon& p) {
    double a = std::abs(signedArea2(p.outer));
    for (const Ring& h : p.holes) a -= std::abs(signedArea2(h));
    return a / 2.0;
}

/// Whether `p` lies inside the ring (even-odd rule).
inline bool insideRing(const Ring& r, Vec2 p) {
    bool in = false;
    for (std::size_t i = 0, j = r.size() - 1; i < r.size(); j = i++) {
        if ((r[i].y > p.y) != (r[j].y > p.y) &&
            p.x < (r[j].x - r[i].x) * (p.y - r[i].y) / (r[j].y - r[i].y) + r[i].x) {
            in = !in;
        }
    }
    return in;
}

}  // namespace brink::render
