#pragma once
// Pieces of the scene builder shared by its files: polyline helpers, the size of a
// "point", and the panels (header, legend, ladder).
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
/// The legend at the bottom-left corner of `area`.
Box addLegend(DisplayList& out, const PanelContext& c, const Box& area, bool anyTech, bool anyInterdicted);
/// The ladder gauge at the bottom-right corner of `area` (empty box when there is no ladder).
Box addLadder(DisplayList& out, const PanelContext& c, const Box& area);
/// The credit line (data, projection) at the bottom centre.
void addCredit(DisplayList& out, const PanelContext& c, const Box& area, LabelPlacer& placer);

}  // namespace brink::render::detail
