#pragma once
/// Placing labels on a map without collisions: each label tries positions around its
/// anchor, nearest first, and takes the cheapest that overlaps no label, marker or panel
/// already placed; lines it would cover add to the cost.
#include <functional>
#include <optional>
#include <vector>

#include "brink/render/geo.hpp"

namespace brink::render {

/// A position tried for a label.
struct LabelSpot {
    Box box;
    double cost = 0.0;  ///< preference: lower is better
    bool leader = false;  ///< joined to its anchor by a line, which must cross no other label
    Vec2 anchor;
    double anchorRadius = 0.0;
};

class LabelPlacer {
public:
    /// Labels must stay inside `bounds`.
    explicit LabelPlacer(Box bounds) : m_bounds(bounds) {}

    /// A region nothing may cover (a marker, a panel, a placed label).
    void block(const Box& b) { m_blocked.push_back(b); }
    /// Points of lines that labels should rather not cover (`weight` of each covered point).
    void avoid(const std::vector<Vec2>& points, double weight, int group = -1);

    /// Spots all around `anchor` (a marker of radius `r`) for a box of size w x h: close
    /// first, then further out with a leader line.
    [[nodiscard]] std::vector<LabelSpot> around(Vec2 anchor, double r, double w, double h, double step) const;

    /// The best free spot (then blocks it), or nullopt when every spot collides and
    /// `force` is false; with `force`, the least bad spot.
    std::optional<LabelSpot> place(const std::vector<LabelSpot>& spots, bool force, int ignoreGroup = -1);

private:
    [[nodiscard]] bool free(const LabelSpot& s) const;
    [[nodiscard]] bool inBounds(const Box& b) const;
    [[nodiscard]] double covered(const Box& b, int ignoreGroup) const;

    Box m_bounds;
    std::vector<Box> m_blocked;
    struct Soft {
        Vec2 p;
        double weight;
        int group;
    };
    std::vector<Soft> m_soft;
};

}  // namespace brink::render
