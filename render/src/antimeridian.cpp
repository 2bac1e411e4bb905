#include "brink/render/antimeridian.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace brink::render {

namespace {

constexpr double kEps = 1e-9;

// A longitude step folded into [-180, 180): the short way round.
double wrapStep(double d) {
    d = std::fmod(d + 180.0, 360.0);
    if (d < 0) d += 360.0;
    return d - 180.0;
}

double wrapLon(double lon) { return wrapStep(lon); }

void dropRepeats(Ring& r) {
    Ring out;
    out.reserve(r.size());
    for (const Vec2& p : r) {
        if (out.empty() || !(out.back() == p)) out.push_back(p);
    }
    while (out.size() > 1 && out.front() == out.back()) out.pop_back();
    r = std::move(out);
}

// A ring with continuous longitudes (each step the short way round), relative to lon0.
// `wrapped` is the longitude gained going once round it: 0, or +-360 round a pole.
Ring unwrap(const Ring& r, double lon0, double& wrapped) {
    Ring u;
    u.reserve(r.size() + 3);
    if (r.empty()) return u;
    u.push_back({wrapLon(r[0].x - lon0), r[0].y});
    for (std::size_t i = 1; i < r.size(); ++i) u.push_back({u.back().x + wrapStep(r[i].x - r[i - 1].x), r[i].y});
    wrapped = u.back().x + wrapStep(r[0].x - r.back().x) - u[0].x;
    return u;
}

// Closes a ring that goes round a pole: back to the start along the pole it encloses.
void closeRoundPole(Ring& u, double wrapped) {
    const double meanLat = std::accumulate(u.begin(), u.end(), 0.0, [](double s, Vec2 p) { return s + p.y; }) / double(u.size());
    const double pole = meanLat < 0 ? -90.0 : 90.0;
    const Vec2 first = u.front();
    u.push_back({first.x + wrapped, first.y});
    u.push_back({first.x + wrapped, pole});
    u.push_back({first.x, pole});
}

// Cuts a counter-clockwise ring along x = cut; pieces come back counter-clockwise.
// Along the cut line the polygon's inside is a set of intervals between crossings sorted
// by y; a piece leaving its side at one end of an interval comes back at the other end.
std::vector<Ring> cutRing(const Ring& r, double cut) {
    const std::size_t n = r.size();
    auto right = [&](std::size_t i) { return r[i % n].x > cut; };
    std::vector<std::size_t> crossings;  // edge i -> i+1 crosses
    for (std::size_t i = 0; i < n; ++i) {
        if (right(i) != right(i + 1)) crossings.push_back(i);
    }
    if (crossings.empty()) return {r};
    const std::size_t m = crossings.size();
    struct Chain {
        Ring pts;
        std::size_t end = 0;  // index of the crossing that ends it (chain j starts at crossing j)
    };
    std::vector<Vec2> xpt(m);
    for (std::size_t k = 0; k < m; ++k) {
        const Vec2 a = r[crossings[k]], b = r[(crossings[k] + 1) % n];
        const double t = (cut - a.x) / (b.x - a.x);
        xpt[k] = {cut, a.y + t * (b.y - a.y)};
    }
    std::vector<Chain> chains(m);
    for (std::size_t k = 0; k < m; ++k) {
        Chain& c = chains[k];
        c.end = (k + 1) % m;
        c.pts.push_back(xpt[k]);
        std::size_t i = crossings[k] + 1;
        const std::size_t stop = crossings[c.end] + (c.end == 0 ? n : 0);
        for (; i <= stop; ++i) c.pts.push_back(r[i % n]);
        c.pts.push_back(xpt[c.end]);
    }
    std::vector<std::size_t> byY(m), rank(m);
    std::iota(byY.begin(), byY.end(), 0);
    std::stable_sort(byY.begin(), byY.end(), [&](std::size_t a, std::size_t b) { return xpt[a].y < xpt[b].y; });
    for (std::size_t k = 0; k < m; ++k) rank[byY[k]] = k;
    std::vector<bool> used(m, false);
    std::vector<Ring> out;
    for (std::size_t s = 0; s < m; ++s) {
        if (used[s]) continue;
        Ring piece;
        std::size_t c = s;
        for (std::size_t guard = 0; guard <= m && !used[c]; ++guard) {
            used[c] = true;
            piece.insert(piece.end(), chains[c].pts.begin(), chains[c].pts.end());
            const std::size_t r2 = rank[chains[c].end] ^ 1u;
            if (r2 >= m) break;
            c = byY[r2];
        }
        dropRepeats(piece);
        if (piece.size() >= 3 && std::abs(signedArea2(piece)) > 1e-12) out.push_back(std::move(piece));
    }
    return out;
}

double minX(const Ring& r) {
    double v = r[0].x;
    for (const Vec2& p : r) v = std::min(v, p.x);
    return v;
}
double maxX(const Ring& r) {
    double v = r[0].x;
    for (const Vec2& p : r) v = std::max(v, p.x);
    return v;
}

// Cuts a ring at every line x = 180 + 360k it spans.
std::vector<Ring> cutAll(const Ring& r) {
    std::vector<Ring> pieces{r};
    const double lo = minX(r), hi = maxX(r);
    for (double k = std::ceil((lo - 180.0) / 360.0); 180.0 + 360.0 * k < hi; k += 1.0) {
        const double line = 180.0 + 360.0 * k;
        if (line <= lo) continue;
        std::vector<Ring> next;
        for (const Ring& p : pieces) {
            for (Ring& q : cutRing(p, line)) next.push_back(std::move(q));
        }
        pieces = std::move(next);
    }
    return pieces;
}

// Moves a piece by whole turns into [-180, 180] and pins points that numerical noise put
// just outside.
void shiftIntoRange(Ring& r) {
    const double mid = (minX(r) + maxX(r)) / 2.0;
    const double k = std::floor((mid + 180.0) / 360.0);
    for (Vec2& p : r) p.x = std::clamp(p.x - 360.0 * k, -180.0, 180.0);
}

Ring ccw(Ring r) {
    if (signedArea2(r) < 0) std::reverse(r.begin(), r.end());
    return r;
}

}  // namespace

std::vector<Polygon> cutAtAntimeridian(const Polygon& lonLat, double centralMeridian) {
    // Unwrap every ring. A ring that goes round a pole bounds a polar cap; when a polygon
    // has several (Natural Earth's 50m Antarctica is a sliver at -89.999 less its coast),
    // the cap that reaches furthest from the pole is the shape and the others are dropped:
    // they differ from it only in a sliver at the pole.
    struct Unwrapped {
        Ring ring;
        double wrapped = 0.0;
        double meanLat = 0.0;
    };
    std::vector<Unwrapped> rings;
    auto add = [&](const Ring& r0) {
        Ring r = r0;
        dropRepeats(r);
        Unwrapped u;
        if (r.size() < 3) {
            rings.push_back(u);
            return;
        }
        u.ring = unwrap(r, centralMeridian, u.wrapped);
        for (const Vec2& p : u.ring) u.meanLat += p.y;
        u.meanLat /= double(u.ring.size());
        rings.push_back(std::move(u));
    };
    add(lonLat.outer);
    for (const Ring& h : lonLat.holes) add(h);
    auto polar = [](const Unwrapped& u) { return std::abs(u.wrapped) > 180.0; };
    std::size_t outerIdx = 0;
    bool anyPolar = false;
    for (std::size_t i = 0; i < rings.size(); ++i) {
        if (rings[i].ring.size() < 3 || !polar(rings[i])) continue;
        if (!anyPolar || std::abs(rings[i].meanLat) < std::abs(rings[outerIdx].meanLat)) outerIdx = i;
        anyPolar = true;
    }
    if (rings[outerIdx].ring.size() < 3) return {};
    Ring u = std::move(rings[outerIdx].ring);
    if (polar(rings[outerIdx])) closeRoundPole(u, rings[outerIdx].wrapped);
    std::vector<Polygon> out;
    for (Ring& piece : cutAll(ccw(std::move(u)))) {
        shiftIntoRange(piece);
        out.push_back({std::move(piece), {}});
    }
    for (std::size_t i = 0; i < rings.size(); ++i) {
        if (i == outerIdx || rings[i].ring.size() < 3 || polar(rings[i])) continue;
        // a hole in the frame of the outer ring: shifted by whole turns next to it
        Ring hu = std::move(rings[i].ring);
        for (Ring& piece : cutAll(ccw(std::move(hu)))) {
            shiftIntoRange(piece);
            std::reverse(piece.begin(), piece.end());  // holes run clockwise
            Box b;
            for (const Vec2& p : piece) b.add(p);
            for (Polygon& o : out) {
                if (insideRing(o.outer, piece[0]) || insideRing(o.outer, b.center())) {
                    o.holes.push_back(piece);
                    break;
                }
            }
        }
    }
    return out;
}

bool isCutEdge(Vec2 a, Vec2 b) {
    const bool edgeX = std::abs(a.x) >= 180.0 - kEps && std::abs(b.x) >= 180.0 - kEps && (a.x > 0) == (b.x > 0);
    const bool pole = std::abs(a.y) >= 90.0 - kEps && std::abs(b.y) >= 90.0 - kEps;
    return edgeX || pole;
}

Ring densify(const Ring& r, double maxStep) {
    Ring out;
    out.reserve(r.size());
    for (std::size_t i = 0; i < r.size(); ++i) {
        const Vec2 a = r[i], b = r[(i + 1) % r.size()];
        out.push_back(a);
        const double d = std::max(std::abs(b.x - a.x), std::abs(b.y - a.y));
        const int steps = static_cast<int>(std::ceil(d / maxStep));
        for (int s = 1; s < steps; ++s) {
            const double t = double(s) / steps;
            out.push_back({a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t});
        }
    }
    return out;
}

}  // namespace brink::render
