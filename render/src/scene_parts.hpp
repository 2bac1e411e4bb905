#pragma once
// Pieces of the scene builder shared by its files: polyline helpers, the size of a
// "point", and the panels (header, legend, ladder).
#include <map>
#include <string>
#include <vector>

#include "brink/render/label_placer.hpp"
#include "brink/render/map_scene.hpp"

namespace brink::render::detail {

/// One point at 1920x1080; scales with the smaller of height/1080 and width/1600.
double unitFor(int width, int height);
/// The header band's height in pixels.
double headerHeight(double unit);

double pathLength(const std::vector<Vec2>& p);
/// The point at a fraction (0..1) of a polyline's length, and the direction there.
Vec2 pointAt(const std::vector<Vec2>& p, double fraction, Vec2* dir = nullptr);
/// The polyline with `a` pixels cut from its start and `b` from its end.
std::vector<Vec2> trimmed(const std::vector<Vec2>& p, double a, double b);
/// Points every `step` pixels along a polyline (for labels to avoid).
std::vector<Vec2> samples(const std::vector<Vec2>& p, double step);

/// "18 December 2024" from a day count.
std::string longDate(Days d);
/// 4,209,000 -> "4.2M"; 183000 -> "183k"; 44 -> "44".
std::string compact(double v);

/// Appends text to a list; returns its measured size.
Vec2 addText(DisplayList& out, const TextMeasure& m, const std::string& s, Vec2 pos, double px, bool bold, Rgba c,
             double halo = 0.0);

/// A tension line between two rivals, in pixels (parts split at the map's edge).
struct TensionLine {
    ActorId a, b;
    DyadId d;
    std::vector<std::vector<Vec2>> parts;
};

/// A flow arrow's identity: sender, receiver, and whether it carries technology.
struct RouteKey {
    ActorId from, to;
    bool tech;
    auto operator<=>(const RouteKey&) const = default;
};

/// The transfers an arrow carries and how many shipments they have sent.
struct RouteAgg {
    std::vector<TransferId> transfers;
    std::int64_t shipments = 0;
};

/// What the label passes share.
struct LabelContext {
    const Scenario& sc;
    const World& w;
    const MapScene& s;
    const TextMeasure& measure;
    LabelPlacer& placer;
    DisplayList& labels;
    std::vector<PlacedLabel>& placed;
    double u, capR;
    const std::vector<Vec2>& capital;
};
/// Each actor's name with its posture as a badge under it, the most crowded first.
void addActorLabels(const LabelContext& c);
/// Each hostile pair's rung, as a badge on its tension line where there is room.
void addRungBadges(const LabelContext& c, const std::vector<TensionLine>& tensions);
/// "to China" where a tension line leaves the map.
void addEdgeTags(const LabelContext& c, const std::vector<TensionLine>& tensions);
/// What each flow has carried so far, beside its arrow.
void addRouteLabels(const LabelContext& c, const std::map<RouteKey, RouteAgg>& routes);

/// Panels: each returns its box, after adding its items to `out`.
struct PanelContext {
    const Scenario& sc;
    const World& w;
    const SceneInput& in;
    const TextMeasure& measure;
    double u;
    int width, height;
};
Box addHeader(DisplayList& out, const PanelContext& c);
/// What the legend needs to explain.
struct LegendNeeds {
    bool arms = false, tech = false, planned = false, interdicted = false, tension = false, capitals = false;
};
/// The legend at the bottom-left corner of `area`.
Box addLegend(DisplayList& out, const PanelContext& c, const Box& area, const LegendNeeds& needs);
/// The ladder gauge at the bottom-right corner of `area` (empty box when there is no ladder).
Box addLadder(DisplayList& out, const PanelContext& c, const Box& area);
/// The credit line (data, projection) at the bottom centre.
void addCredit(DisplayList& out, const PanelContext& c, const Box& area, LabelPlacer& placer);

}  // namespace brink::render::detail
