// The map's labels: actors with their postures, rungs on tension lines, tags where lines
// leave the map, and what each flow has carried. Placed without collisions, in that order.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>

#include "scene_parts.hpp"

namespace brink::render::detail {

void addActorLabels(const LabelContext& ctx) {
    const Scenario& sc = ctx.sc;
    const World& w = ctx.w;
    const MapScene& s = ctx.s;
    const TextMeasure& measure = ctx.measure;
    LabelPlacer& placer = ctx.placer;
    DisplayList& labels = ctx.labels;
    const double u = ctx.u, capR = ctx.capR;
    const std::vector<Vec2>& capital = ctx.capital;
    const double namePx = 19 * u, pillPx = 12 * u;
    int lo = 0, hi = 0;
    for (const PostureDef& p : sc.postures) lo = std::min(lo, p.level), hi = std::max(hi, p.level);
    std::vector<ActorId> order;
    for (const auto& [a, p] : s.capitals) order.push_back(a);
    auto crowd = [&](ActorId a) {
        int n = 0;
        for (const auto& [b, q] : s.capitals) n += length(q - capital[static_cast<std::size_t>(a)]) < 120 * u ? 1 : 0;
        return n;
    };
    std::stable_sort(order.begin(), order.end(), [&](ActorId x, ActorId y) { return crowd(x) > crowd(y); });
    // each label's size: its name over its posture badge
    struct Size {
        Vec2 name, pill;
        double w = 0, h = 0, pillW = 0, pillH = 0;
        std::string posture;
    };
    std::vector<Size> size(sc.actors.size());
    for (ActorId a : order) {
        const auto au = static_cast<std::size_t>(a);
        Size& z = size[au];
        z.name = measure(sc.actors[au].name, namePx, true);
        const PostureId pid = w.posture[au];
        z.posture = pid == kNone ? std::string() : sc.postures[static_cast<std::size_t>(pid)].name;
        z.pill = z.posture.empty() ? Vec2{} : measure(z.posture, pillPx, true);
        z.pillW = z.pill.x + 12 * u;
        z.pillH = z.posture.empty() ? 0 : pillPx * 1.5;
        z.w = std::max(z.name.x, z.pillW);
        z.h = z.name.y + (z.posture.empty() ? 0 : z.pillH + 2 * u);
    }
    // Greedy placement depends on the order: try the crowded-first order, then each label
    // moved to the front, and keep the first order in which every label finds a free spot.
    auto trial = [&](const std::vector<ActorId>& ord, LabelPlacer& pl, std::vector<std::optional<LabelSpot>>* out) {
        bool clean = true;
        for (ActorId a : ord) {
            const auto au = static_cast<std::size_t>(a);
            auto spot = pl.place(pl.around(capital[au], capR, size[au].w, size[au].h, 10 * u), false);
            if (!spot) {
                clean = false;
                spot = pl.place(pl.around(capital[au], capR, size[au].w, size[au].h, 10 * u), true);
            }
            if (out) out->push_back(spot);
        }
        return clean;
    };
    std::vector<ActorId> chosen = order;
    for (std::size_t i = 0; i <= order.size(); ++i) {
        std::vector<ActorId> ord = order;
        if (i > 0) std::rotate(ord.begin(), ord.begin() + static_cast<std::ptrdiff_t>(i - 1), ord.begin() + static_cast<std::ptrdiff_t>(i));
        LabelPlacer copy = placer;
        if (trial(ord, copy, nullptr)) {
            chosen = ord;
            break;
        }
    }
    std::vector<std::optional<LabelSpot>> spots;
    trial(chosen, placer, &spots);
    for (std::size_t k = 0; k < chosen.size(); ++k) {
        const ActorId a = chosen[k];
        const auto au = static_cast<std::size_t>(a);
        const std::string name = sc.actors[au].name;
        const auto& spot = spots[k];
        if (!spot) continue;
        const Vec2 nm = size[au].name, pm = size[au].pill;
        const double pillW = size[au].pillW, pillH = size[au].pillH;
        const std::string& pname = size[au].posture;
        const PostureId pid = w.posture[au];
        const Box b = spot->box;
        ctx.placed.push_back({PlacedLabel::Kind::Actor, name, b});
        if (spot->leader) {
            const Vec2 q{std::clamp(capital[au].x, b.x0, b.x1), std::clamp(capital[au].y, b.y0, b.y1)};
            const Vec2 from = capital[au] + (q - capital[au]) * (capR / std::max(length(q - capital[au]), 1e-6));
            labels.push_back(StrokeItem{{from, q}, 3.4 * u, style::kHalo, 0});
            labels.push_back(StrokeItem{{from, q}, 1.3 * u, style::kInk, 0});
        }
        // centred in its box
        addText(labels, measure, name, {b.center().x - nm.x / 2, b.y0}, namePx, true, style::kInk, 2.6 * u);
        if (!pname.empty()) {
            const int level = sc.postures[static_cast<std::size_t>(pid)].level;
            const Box pill{b.center().x - pillW / 2, b.y0 + nm.y + 2 * u, b.center().x + pillW / 2, b.y0 + nm.y + 2 * u + pillH};
            labels.push_back(RectItem{pill, style::postureColour(level, lo, hi), pillH / 2, 1.2 * u, style::kHalo});
            addText(labels, measure, pname, {pill.center().x - pm.x / 2, pill.y0 + (pillH - pm.y) / 2}, pillPx, true,
                    style::kHalo);
        }
    }

}

void addRungBadges(const LabelContext& ctx, const std::vector<TensionLine>& tensions) {
    const Scenario& sc = ctx.sc;
    const World& w = ctx.w;
    const TextMeasure& measure = ctx.measure;
    LabelPlacer& placer = ctx.placer;
    DisplayList& labels = ctx.labels;
    const double u = ctx.u;
    if (sc.hasLadder) {
        for (std::size_t i = 0; i < tensions.size(); ++i) {
            const auto d = static_cast<std::size_t>(tensions[i].d);
            const int rung = w.rung[d];
            if (rung <= 0) continue;
            const auto& part = tensions[i].parts.front();
            if (tensions[i].parts.size() != 1 || pathLength(part) < 60 * u) continue;
            const std::string txt = std::to_string(rung);
            const double px = 13 * u;
            const Vec2 tm = measure(txt, px, true);
            const double r = std::max(tm.x, tm.y) / 2 + 4 * u;
            std::vector<LabelSpot> spots;
            for (double f : {0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74}) {
                const Vec2 c = pointAt(part, f);
                spots.push_back({{c.x - r, c.y - r, c.x + r, c.y + r}, std::abs(f - 0.5) * 4, false, {}, 0.0});
            }
            auto spot = placer.place(spots, false, 1000 + static_cast<int>(i));
            if (!spot) continue;
            ctx.placed.push_back({PlacedLabel::Kind::Rung, txt, spot->box});
            const Vec2 c = spot->box.center();
            labels.push_back(CircleItem{c, r, style::rungColour(rung, static_cast<int>(sc.ladder.size())), 2 * u, style::kHalo});
            addText(labels, measure, txt, {c.x - tm.x / 2, c.y - tm.y / 2}, px, true, style::kHalo);
        }
    }

}

void addEdgeTags(const LabelContext& ctx, const std::vector<TensionLine>& tensions) {
    const Scenario& sc = ctx.sc;
    const World& w = ctx.w;
    const MapScene& s = ctx.s;
    const TextMeasure& measure = ctx.measure;
    LabelPlacer& placer = ctx.placer;
    DisplayList& labels = ctx.labels;
    const double u = ctx.u;
    const Box inner = s.mapArea.inflated(-14 * u);
    for (const TensionLine& tl : tensions) {
        if (tl.parts.size() < 2) continue;
        const Rgba c = style::tensionColour(w.tension[static_cast<std::size_t>(tl.d)]);
        for (std::size_t k = 0; k < tl.parts.size(); k += tl.parts.size() - 1) {
            // walk from the capital to where the line leaves what is shown
            std::vector<Vec2> p = tl.parts[k];
            if (k > 0) std::reverse(p.begin(), p.end());
            Vec2 exit = p.front();
            for (const Vec2& q : p) {
                if (!inner.contains(q)) break;
                exit = q;
            }
            if (length(exit - p.front()) < 40 * u) continue;
            const std::string tag = "to " + sc.actors[static_cast<std::size_t>(k == 0 ? tl.b : tl.a)].name;
            const double px = 12.5 * u;
            const Vec2 tm = measure(tag, px, true);
            auto spot = placer.place(placer.around(exit, 2 * u, tm.x, tm.y, 6 * u), false);
            if (!spot) continue;
            ctx.placed.push_back({PlacedLabel::Kind::EdgeTag, tag, spot->box});
            addText(labels, measure, tag, {spot->box.x0, spot->box.y0}, px, true, c, 2.4 * u);
        }
    }

}

void addRouteLabels(const LabelContext& ctx, const std::map<RouteKey, RouteAgg>& routes) {
    const Scenario& sc = ctx.sc;
    const World& w = ctx.w;
    const MapScene& s = ctx.s;
    const TextMeasure& measure = ctx.measure;
    LabelPlacer& placer = ctx.placer;
    DisplayList& labels = ctx.labels;
    const double u = ctx.u;
    for (std::size_t i = 0; i < s.routes.size(); ++i) {
        const RouteInfo& r = s.routes[i];
        const RouteAgg& agg = routes.at({r.from, r.to, r.tech});
        std::string text;
        std::map<AssetId, double> byAsset, moving;
        std::vector<AssetId> assets;
        for (TransferId t : agg.transfers) {
            const AssetId as = sc.transfers[static_cast<std::size_t>(t)].asset;
            if (!byAsset.count(as)) assets.push_back(as);
            byAsset[as] += w.flows[static_cast<std::size_t>(t)].delivered;
            moving[as] += w.flows[static_cast<std::size_t>(t)].inTransit;
        }
        // "4.2M shells, 44 missiles"; technology by name, a shared last word said once
        // ("missile, space know-how")
        std::vector<std::string> items;
        for (AssetId as : assets) {
            const AssetDef& ad = sc.assets[static_cast<std::size_t>(as)];
            std::string words = ad.id;
            std::replace(words.begin(), words.end(), '_', ' ');
            if (ad.kind == AssetKind::Tech) items.push_back(ad.name.empty() ? words : ad.name);
            else if (agg.shipments == 0) items.push_back(words);
            else if (byAsset[as] <= 0 && moving[as] > 0) items.push_back(words + " on the way");  // sent, none arrived yet
            else if (byAsset[as] <= 0) items.push_back(words + ", all interdicted");              // sent, none will arrive
            else items.push_back(compact(byAsset[as]) + " " + words);
        }
        std::string suffix;
        if (r.tech && items.size() > 1) {
            const auto sp = items[0].rfind(' ');
            suffix = sp == std::string::npos ? std::string() : items[0].substr(sp);
            for (const auto& it : items) {
                if (suffix.empty() || it.size() <= suffix.size() || it.compare(it.size() - suffix.size(), suffix.size(), suffix) != 0) {
                    suffix.clear();
                }
            }
            if (!suffix.empty()) {
                for (auto& it : items) it.erase(it.size() - suffix.size());
            }
        }
        for (const auto& it : items) text += (text.empty() ? "" : ", ") + it;
        text += suffix;
        if (text.empty()) continue;
        const double px = 13 * u;
        Vec2 tm = measure(text, px, false);
        const double maxW = 330 * u;
        std::vector<std::string> rows{text};
        if (tm.x > maxW) {
            // two rows, split at the comma nearest the middle
            std::size_t best = std::string::npos;
            for (std::size_t k = text.find(", "); k != std::string::npos; k = text.find(", ", k + 1)) {
                if (best == std::string::npos || std::abs(double(k) - double(text.size()) / 2.0) < std::abs(double(best) - double(text.size()) / 2.0)) best = k;
            }
            if (best != std::string::npos) rows = {text.substr(0, best + 1), text.substr(best + 2)};
        }
        double bw = 0, rowH = 0;
        for (const auto& row : rows) {
            const Vec2 m = measure(row, px, false);
            bw = std::max(bw, m.x), rowH = m.y;
        }
        const double bh = rowH * double(rows.size());
        std::vector<LabelSpot> spots;
        for (double f : {0.5, 0.4, 0.6, 0.3, 0.7}) {
            Vec2 dir;
            const Vec2 c = pointAt(r.path, f, &dir);
            for (double side : {1.0, -1.0}) {
                const Vec2 nrm{-dir.y * side, dir.x * side};
                const double off = r.width / 2 + 5 * u;
                const Vec2 q = c + nrm * off;
                const Vec2 ctr{q.x + nrm.x * bw / 2, q.y + nrm.y * bh / 2};
                spots.push_back({{ctr.x - bw / 2, ctr.y - bh / 2, ctr.x + bw / 2, ctr.y + bh / 2}, std::abs(f - 0.5) * 3 + (side < 0 ? 0.5 : 0), false, {}, 0.0});
            }
        }
        auto spot = placer.place(spots, false);
        if (!spot) continue;
        ctx.placed.push_back({PlacedLabel::Kind::Route, text, spot->box});
        double y = spot->box.y0;
        for (const auto& row : rows) {
            addText(labels, measure, row, {spot->box.x0, y}, px, false, r.colour, 2.4 * u);
            y += rowH;
        }
    }

}

}  // namespace brink::render::detail
