// The map's panels (header, legend, ladder gauge, credit) and the scene's small helpers.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "brink/base/dates.hpp"
#include "brink/base/version.hpp"
#include "scene_parts.hpp"

namespace brink::render::detail {

double unitFor(int width, int height) { return std::max(0.25, std::min(height / 1080.0, width / 1600.0)); }
double headerHeight(double unit) { return 84.0 * unit; }

double pathLength(const std::vector<Vec2>& p) {
    double l = 0;
    for (std::size_t i = 1; i < p.size(); ++i) l += length(p[i] - p[i - 1]);
    return l;
}

Vec2 pointAt(const std::vector<Vec2>& p, double fraction, Vec2* dir) {
    if (p.empty()) return {};
    if (p.size() == 1) {
        if (dir) *dir = {1, 0};
        return p[0];
    }
    const double target = std::clamp(fraction, 0.0, 1.0) * pathLength(p);
    double run = 0;
    for (std::size_t i = 1; i < p.size(); ++i) {
        const double seg = length(p[i] - p[i - 1]);
        if (run + seg >= target || i + 1 == p.size()) {
            const double t = seg > 0 ? std::clamp((target - run) / seg, 0.0, 1.0) : 0.0;
            if (dir) *dir = seg > 0 ? (p[i] - p[i - 1]) * (1.0 / seg) : Vec2{1, 0};
            return p[i - 1] + (p[i] - p[i - 1]) * t;
        }
        run += seg;
    }
    return p.back();
}

std::vector<Vec2> trimmed(const std::vector<Vec2>& p, double a, double b) {
    const double total = pathLength(p);
    if (p.size() < 2 || a + b >= total) return {};
    std::vector<Vec2> out{pointAt(p, a / total)};
    double run = 0;
    for (std::size_t i = 1; i < p.size(); ++i) {
        run += length(p[i] - p[i - 1]);
        if (run > a && run < total - b) out.push_back(p[i]);
    }
    out.push_back(pointAt(p, (total - b) / total));
    return out;
}

std::vector<Vec2> samples(const std::vector<Vec2>& p, double step) {
    std::vector<Vec2> out;
    const double total = pathLength(p);
    if (total <= 0) return p;
    for (double d = 0; d <= total; d += step) out.push_back(pointAt(p, d / total));
    return out;
}

std::string longDate(Days d) {
    static const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                    "July",    "August",   "September", "October", "November", "December"};
    const std::string s = formatDate(d);  // YYYY-MM-DD
    const int month = std::stoi(s.substr(5, 2)), day = std::stoi(s.substr(8, 2));
    return std::to_string(day) + " " + kMonths[month - 1] + " " + s.substr(0, 4);
}

std::string compact(double v) {
    char buf[32];
    const double a = std::abs(v);
    if (a >= 1e9) std::snprintf(buf, sizeof buf, "%.1fbn", v / 1e9);
    else if (a >= 1e6) std::snprintf(buf, sizeof buf, "%.1fM", v / 1e6);
    else if (a >= 1e4) std::snprintf(buf, sizeof buf, "%.0fk", v / 1e3);
    else if (a >= 100 || a == std::floor(a)) std::snprintf(buf, sizeof buf, "%.0f", v);
    else std::snprintf(buf, sizeof buf, "%.2g", v);
    std::string s = buf;
    if (const auto k = s.find(".0"); k != std::string::npos && k + 2 < s.size() && !std::isdigit(static_cast<unsigned char>(s[k + 2]))) s.erase(k, 2);
    return s;
}

Vec2 addText(DisplayList& out, const TextMeasure& m, const std::string& s, Vec2 pos, double px, bool bold, Rgba c, double halo) {
    out.push_back(TextItem{s, pos, px, bold, c, halo});
    return m(s, px, bold);
}

namespace {

// Words of `text` in rows no wider than `maxW`.
std::vector<std::string> wrap(const TextMeasure& m, const std::string& text, double px, double maxW) {
    std::vector<std::string> rows;
    std::string row;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t j = text.find(", ", i);
        const std::string word = j == std::string::npos ? text.substr(i) : text.substr(i, j + 1 - i);
        i = j == std::string::npos ? text.size() : j + 2;
        const std::string tryRow = row.empty() ? word : row + " " + word;
        if (!row.empty() && m(tryRow, px, false).x > maxW) {
            rows.push_back(row);
            row = word;
        } else {
            row = tryRow;
        }
    }
    if (!row.empty()) rows.push_back(row);
    return rows;
}

std::string pairName(const Scenario& sc, ActorId a, ActorId b) {
    return sc.actors[static_cast<std::size_t>(a)].name + "\u2013" + sc.actors[static_cast<std::size_t>(b)].name;
}

int peakRung(const World& w) {
    int p = 0;
    for (auto v : w.peak) p = std::max<int>(p, v);
    return p;
}

}  // namespace

Box addHeader(DisplayList& out, const PanelContext& c) {
    const double u = c.u;
    const Box band{0, 0, double(c.width), headerHeight(u)};
    out.push_back(RectItem{band, style::kHalo, 0, 0, {}});
    out.push_back(RectItem{{0, band.y1 - 1.5 * u, double(c.width), band.y1}, style::kPanelEdge, 0, 0, {}});
    const std::string title = c.sc.title.empty() ? c.sc.id : c.sc.title;
    addText(out, c.measure, title, {24 * u, 11 * u}, 30 * u, true, style::kInk);
    std::string sub = "Turn " + std::to_string(c.w.turn) + " of " + std::to_string(std::max(c.in.horizon, c.w.turn)) + "  \u00b7  " +
                      longDate(c.sc.start + c.w.day) + "  \u00b7  seed " + std::to_string(c.in.seed);
    if (c.w.ended()) sub += "  \u00b7  run ended: " + style::displayName(c.sc.outcomes[static_cast<std::size_t>(c.w.outcome)]);
    addText(out, c.measure, sub, {24 * u, 50 * u}, 18 * u, false, style::kInkSoft);
    if (c.sc.hasLadder && !c.sc.ladder.empty()) {
        const int peak = std::clamp(peakRung(c.w), 0, static_cast<int>(c.sc.ladder.size()) - 1);
        const std::string caption = "HIGHEST RUNG REACHED";
        const std::string rung = std::to_string(peak) + "  " + c.sc.ladder[static_cast<std::size_t>(peak)].name;
        const Vec2 cm = c.measure(caption, 12.5 * u, true), rm = c.measure(rung, 20 * u, true);
        const double right = c.width - 24 * u;
        const double pillW = rm.x + 28 * u, pillH = 34 * u;
        addText(out, c.measure, caption, {right - cm.x, 8 * u}, 12.5 * u, true, style::kInkSoft);
        const Box pill{right - pillW, 28 * u, right, 28 * u + pillH};
        out.push_back(RectItem{pill, style::rungColour(peak, static_cast<int>(c.sc.ladder.size())), pillH / 2, 0, {}});
        addText(out, c.measure, rung, {pill.x0 + 14 * u, pill.y0 + (pillH - rm.y) / 2}, 20 * u, true,
                peak == 0 && c.sc.ladder.size() > 2 ? style::kInk : style::kHalo);
    }
    return band;
}

Box addLegend(DisplayList& out, const PanelContext& c, const Box& area, const LegendNeeds& needs) {
    const double u = c.u, pad = 14 * u, px = 14 * u, head = 12.5 * u, row = 22 * u, w = 292 * u;
    DisplayList items;
    double y = pad;
    const double x = pad;
    auto section = [&](const std::string& t) {
        addText(items, c.measure, t, {x, y}, head, true, style::kInkSoft);
        y += 20 * u;
    };
    auto swatchRow = [&](Rgba col, const std::string& t) {
        items.push_back(RectItem{{x, y + 3 * u, x + 26 * u, y + 17 * u}, col, 2 * u, 1 * u, style::kPanelEdge});
        addText(items, c.measure, t, {x + 36 * u, y}, px, false, style::kInk);
        y += row;
    };
    section("BLOCS");
    const std::vector<Rgba> blocs = style::blocColours(c.sc);
    for (std::size_t b = 0; b < c.sc.blocs.size(); ++b) swatchRow(blocs[b], style::blocName(c.sc, b));
    bool noBloc = false;
    for (const ActorDef& a : c.sc.actors) noBloc = noBloc || (a.bloc == kNone && !a.map.empty());
    if (noBloc) swatchRow(style::kNoBloc, "No bloc");
    swatchRow(style::kLand, "Not in the scenario");
    y += 6 * u;
    if (needs.arms || needs.tech) section("FLOWS  (width: shipments so far)");
    auto arrowRow = [&](Rgba col, double dash, const std::string& t) {
        const double my = y + 10 * u;
        items.push_back(StrokeItem{{{x, my}, {x + 18 * u, my}}, 4 * u, col, dash});
        items.push_back(ArrowheadItem{{x + 28 * u, my}, {1, 0}, 12 * u, 12 * u, col, 0, {}});
        addText(items, c.measure, t, {x + 36 * u, y}, px, false, style::kInk);
        y += row;
    };
    if (needs.arms) arrowRow(style::kArms, 0, "arms and supplies");
    if (needs.tech) arrowRow(style::kTech, 0, "technology");
    if (needs.planned) arrowRow(style::kArms, 4 * u, "scheduled, none sent yet");
    if (needs.arms || needs.tech) {
        const double sz = 4.6 * u, cx = x + 13 * u, cy = y + 10 * u;
        items.push_back(RectItem{{cx - sz, cy - sz, cx + sz, cy + sz}, style::kShipment, 1.5 * u, 1.6 * u, style::kInk});
        addText(items, c.measure, "a shipment on its way", {x + 36 * u, y}, px, false, style::kInk);
        y += row;
    }
    if (needs.interdicted) {
        items.push_back(CrossItem{{x + 13 * u, y + 10 * u}, 7.5 * u, 3.2 * u, style::kInterdicted, 0, {}});
        addText(items, c.measure, "interdicted (last 4 turns)", {x + 36 * u, y}, px, false, style::kInk);
        y += row;
    }
    if (needs.arms || needs.tech) y += 6 * u;
    if (needs.tension) {
        section("TENSION BETWEEN RIVALS");
        const int n = 48;
        const double bw = 150 * u;
        for (int i = 0; i < n; ++i) {
            items.push_back(RectItem{{x + bw * i / n, y + 4 * u, x + bw * (i + 1) / n + 0.5, y + 12 * u},
                                     style::tensionColour((i + 0.5) / n), 0, 0, {}});
        }
        addText(items, c.measure, "low", {x, y + 14 * u}, 12 * u, false, style::kInkSoft);
        const Vec2 hm = c.measure("high", 12 * u, false);
        addText(items, c.measure, "high", {x + bw - hm.x, y + 14 * u}, 12 * u, false, style::kInkSoft);
        if (c.sc.hasLadder) {
            items.push_back(CircleItem{{x + bw + 26 * u, y + 8 * u}, 9 * u, style::rungColour(1, 3), 1.5 * u, style::kHalo});
            addText(items, c.measure, "1", {x + bw + 22 * u, y + 0.5 * u}, 12 * u, true, style::kHalo);
            addText(items, c.measure, "rung", {x + bw + 40 * u, y}, px, false, style::kInk);
        }
        y += 36 * u;
    }
    if (needs.capitals) {
        items.push_back(CircleItem{{x + 13 * u, y + 10 * u}, 5.5 * u, style::kHalo, 2.2 * u, style::kInk});
        addText(items, c.measure, "capital", {x + 36 * u, y}, px, false, style::kInk);
        const double px2 = x + 130 * u;
        const Vec2 pm = c.measure("Posture", 12 * u, true);
        items.push_back(RectItem{{px2, y + 2 * u, px2 + pm.x + 12 * u, y + 20 * u}, style::postureColour(1, 0, 3), 9 * u, 0, {}});
        addText(items, c.measure, "Posture", {px2 + 6 * u, y + 3.5 * u}, 12 * u, true, style::kHalo);
        addText(items, c.measure, "badge", {px2 + pm.x + 18 * u, y}, px, false, style::kInk);
        y += row;
    }
    const double h = y + pad - 6 * u;
    const Box box{area.x0 + 16 * u, area.y1 - 16 * u - h, area.x0 + 16 * u + w, area.y1 - 16 * u};
    out.push_back(RectItem{box, style::kPanel, 6 * u, 1.2 * u, style::kPanelEdge});
    const Vec2 off{box.x0, box.y0};
    for (DrawItem& it : items) {
        std::visit(
            [&](auto& v) {
                using T = std::decay_t<decltype(v)>;
                if constexpr (std::is_same_v<T, StrokeItem>) {
                    for (Vec2& p : v.points) p = p + off;
                } else if constexpr (std::is_same_v<T, ArrowheadItem>) {
                    v.tip = v.tip + off;
                } else if constexpr (std::is_same_v<T, CircleItem> || std::is_same_v<T, CrossItem>) {
                    v.center = v.center + off;
                } else if constexpr (std::is_same_v<T, RectItem>) {
                    v.box = {v.box.x0 + off.x, v.box.y0 + off.y, v.box.x1 + off.x, v.box.y1 + off.y};
                } else {
                    v.pos = v.pos + off;
                }
            },
            it);
        out.push_back(std::move(it));
    }
    return box;
}

Box addLadder(DisplayList& out, const PanelContext& c, const Box& area) {
    if (!c.sc.hasLadder || c.sc.ladder.empty()) return {};
    const double u = c.u, pad = 14 * u, w = 390 * u, px = 14.5 * u, small = 12.5 * u;
    const int n = static_cast<int>(c.sc.ladder.size());
    const int peak = std::clamp(peakRung(c.w), 0, n - 1);
    // the pairs on each rung: declared pairs that are hostile or above the lowest rung
    std::vector<std::string> pairs(static_cast<std::size_t>(n));
    for (const RelationDef& r : c.sc.relations) {
        const auto d = static_cast<std::size_t>(c.sc.dyad(r.a, r.b));
        const int rung = c.w.rung[d];
        const Stance st = c.w.stance[d];
        if (rung == 0 && st != Stance::Rivalry && st != Stance::Conflict) continue;
        std::string& s = pairs[static_cast<std::size_t>(std::clamp(rung, 0, n - 1))];
        s += (s.empty() ? "" : ", ") + pairName(c.sc, r.a, r.b);
    }
    struct Row {
        int rung;
        std::vector<std::string> lines;
    };
    std::vector<Row> rows;
    const double textX = pad + 34 * u, textW = w - textX - pad;
    double h = pad + 22 * u;
    for (int r = n - 1; r >= 0; --r) {
        Row row{r, pairs[static_cast<std::size_t>(r)].empty() ? std::vector<std::string>{"none"}
                                                              : wrap(c.measure, pairs[static_cast<std::size_t>(r)], small, textW)};
        h += 22 * u + 17 * u * double(row.lines.size()) + 6 * u;
        rows.push_back(std::move(row));
    }
    h += pad - 6 * u;
    const Box box{area.x1 - 16 * u - w, area.y1 - 16 * u - h, area.x1 - 16 * u, area.y1 - 16 * u};
    out.push_back(RectItem{box, style::kPanel, 6 * u, 1.2 * u, style::kPanelEdge});
    double y = box.y0 + pad;
    addText(out, c.measure, "ESCALATION LADDER  (pairs on each rung now)", {box.x0 + pad, y}, 12.5 * u, true, style::kInkSoft);
    y += 22 * u;
    for (const Row& row : rows) {
        const double sq = 24 * u;
        const Rgba col = style::rungColour(row.rung, n);
        out.push_back(RectItem{{box.x0 + pad, y, box.x0 + pad + sq, y + sq}, col, 4 * u, 0, {}});
        const std::string num = std::to_string(row.rung);
        const Vec2 nm = c.measure(num, 14 * u, true);
        addText(out, c.measure, num, {box.x0 + pad + (sq - nm.x) / 2, y + (sq - nm.y) / 2}, 14 * u, true,
                row.rung == 0 && n > 2 ? style::kInk : style::kHalo);
        const std::string& name = c.sc.ladder[static_cast<std::size_t>(row.rung)].name;
        const Vec2 m = addText(out, c.measure, name, {box.x0 + textX, y}, px, true, style::kInk);
        if (row.rung == peak) {
            addText(out, c.measure, "\u25b2 highest reached", {box.x0 + textX + m.x + 10 * u, y + 1.5 * u}, small, true,
                    style::rungColour(std::max(row.rung, 1), n));
        }
        y += 21 * u;
        for (const std::string& line : row.lines) {
            addText(out, c.measure, line, {box.x0 + textX, y}, small, false,
                    pairs[static_cast<std::size_t>(row.rung)].empty() ? style::kInkSoft : style::kInk);
            y += 17 * u;
        }
        y += 7 * u;
    }
    return box;
}

void addCredit(DisplayList& out, const PanelContext& c, const Box& area, LabelPlacer& placer) {
    const double u = c.u, px = 11.5 * u;
    const std::string t = "Country shapes: Natural Earth (public domain), via world-atlas  \u00b7  Equal Earth projection  \u00b7  Brink " BRINK_VERSION;
    const Vec2 m = c.measure(t, px, false);
    std::vector<LabelSpot> spots;
    for (double f : {0.5, 0.4, 0.6}) {
        const double cx = area.x0 + (area.x1 - area.x0) * f;
        spots.push_back({{cx - m.x / 2, area.y1 - 8 * u - m.y, cx + m.x / 2, area.y1 - 8 * u}, std::abs(f - 0.5), false, {}, 0.0});
    }
    if (auto s = placer.place(spots, true)) addText(out, c.measure, t, {s->box.x0, s->box.y0}, px, false, style::kInkSoft, 2 * u);
}

}  // namespace brink::render::detail
