#include "brink/render/label_placer.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace brink::render {

void LabelPlacer::avoid(const std::vector<Vec2>& points, double weight, int group) {
    for (const Vec2& p : points) m_soft.push_back({p, weight, group});
}

std::vector<LabelSpot> LabelPlacer::around(Vec2 anchor, double r, double w, double h, double step) const {
    std::vector<LabelSpot> out;
    // directions, best first: right, upper right, lower right, left, above, below, ...
    static constexpr double kAngles[] = {0, -30, 30, 180, -150, 150, -90, 90, -60, 60, -120, 120, -15, 15, -165, 165, -75, 75, -105, 105};
    static constexpr double kPenalty[] = {0, 0.5, 0.7, 1.0, 1.4, 1.6, 1.2, 1.3, 1.0, 1.2, 1.5, 1.7, 0.3, 0.4, 1.2, 1.3, 1.1, 1.2, 1.3, 1.4};
    const double rings[] = {r + 0.35 * step, r + 1.6 * step, r + 3.2 * step, r + 5.0 * step, r + 7.0 * step, r + 9.5 * step};
    for (std::size_t k = 0; k < std::size(rings); ++k) {
        for (std::size_t i = 0; i < std::size(kAngles); ++i) {
            const double a = kAngles[i] * std::numbers::pi / 180.0;
            const Vec2 d{std::cos(a), std::sin(a)};
            // the box's side or corner nearest the anchor sits on the ring
            const Vec2 c{anchor.x + d.x * rings[k] + d.x * w / 2, anchor.y + d.y * rings[k] + d.y * h / 2};
            LabelSpot s;
            s.box = {c.x - w / 2, c.y - h / 2, c.x + w / 2, c.y + h / 2};
            s.cost = kPenalty[i] + 3.0 * static_cast<double>(k);
            s.leader = k > 0;
            s.anchor = anchor;
            s.anchorRadius = r;
            out.push_back(s);
        }
    }
    return out;
}

bool LabelPlacer::inBounds(const Box& b) const {
    return b.x0 >= m_bounds.x0 && b.y0 >= m_bounds.y0 && b.x1 <= m_bounds.x1 && b.y1 <= m_bounds.y1;
}

bool LabelPlacer::free(const LabelSpot& s) const {
    const Box& b = s.box;
    if (!inBounds(b)) return false;
    for (const Box& o : m_blocked) {
        if (o.overlaps(b)) return false;
    }
    if (s.leader) {
        // the leader runs from the marker's edge to the box's nearest point
        const Vec2 q{std::clamp(s.anchor.x, b.x0, b.x1), std::clamp(s.anchor.y, b.y0, b.y1)};
        const double len = length(q - s.anchor);
        for (double d = s.anchorRadius + 3.0; d < len; d += 2.0) {
            const Vec2 p = s.anchor + (q - s.anchor) * (d / len);
            for (const Box& o : m_blocked) {
                if (o.contains(p)) return false;
            }
        }
    }
    return true;
}

double LabelPlacer::covered(const Box& b, int ignoreGroup) const {
    double c = 0.0;
    for (const Soft& s : m_soft) {
        if (s.group >= 0 && s.group == ignoreGroup) continue;
        if (b.contains(s.p)) c += s.weight;
    }
    return c;
}

std::optional<LabelSpot> LabelPlacer::place(const std::vector<LabelSpot>& spots, bool force, int ignoreGroup) {
    std::optional<LabelSpot> best;
    double bestCost = INFINITY;
    for (const LabelSpot& s : spots) {
        if (!inBounds(s.box)) continue;  // never off the map, even when forced
        double cost = s.cost + covered(s.box, ignoreGroup);
        if (!free(s)) {
            if (!force) continue;
            cost += 1000.0;
        }
        if (cost < bestCost) {
            bestCost = cost;
            best = s;
        }
    }
    if (best) m_blocked.push_back(best->box);
    return best;
}

}  // namespace brink::render
