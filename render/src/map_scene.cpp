#include "brink/render/map_scene.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>

#include "scene_parts.hpp"

namespace brink::render {

using namespace detail;

void MapRecorder::happened(const World& w, const Happening& h) {
    if (h.kind == HappeningKind::Interdicted) m_history.interdictions.push_back({h.ref, h.actor, h.target, h.amount, w.turn});
    if (h.kind == HappeningKind::Shipment || h.kind == HappeningKind::Detected) {
        const SentRoute r{h.ref, h.actor, h.target};
        if (std::find(m_history.sent.begin(), m_history.sent.end(), r) == m_history.sent.end()) m_history.sent.push_back(r);
    }
}

Vec2 MapScene::toPixel(Vec2 p) const {
    return {width / 2.0 + (p.x - view.center.x) * view.scale,
            (mapArea.y0 + mapArea.y1) / 2.0 - (p.y - view.center.y) * view.scale};
}

Vec2 MapScene::fromPixel(Vec2 px) const {
    return {view.center.x + (px.x - width / 2.0) / view.scale,
            view.center.y - (px.y - (mapArea.y0 + mapArea.y1) / 2.0) / view.scale};
}

MapView fitView(const WorldMap& map, const Scenario& sc, int width, int height) {
    const double u = unitFor(width, height);
    const double mapW = width, mapH = height - headerHeight(u);
    Box box;
    for (const ActorDef& a : sc.actors) {
        if (const CountryShape* s = a.map.empty() ? nullptr : map.find(a.map)) box.add(s->mainBounds);
        if (a.hasCapital) box.add(map.projection().forward(a.lon, a.lat));
    }
    const double hw = EqualEarth::halfWidth(), hh = EqualEarth::halfHeight();
    if (box.empty()) box = {-hw, -hh, hw, hh};
    // the bottom corners hold the legend and the ladder: frame the actors above them
    const double usableH = mapH * 0.80;
    const double margin = 30 * u;
    MapView v;
    v.scale = std::min((mapW - 2 * margin) / std::max(box.width(), 1e-6), (usableH - 2 * margin) / std::max(box.height(), 1e-6));
    v.scale = std::min(v.scale, 12.0 * mapW / (2 * hw));  // never closer than a twelfth of the world's width
    v.center = {box.center().x, box.center().y - (mapH - usableH) / 2.0 / v.scale};
    const double vx = mapW / 2 / v.scale, vy = mapH / 2 / v.scale;
    v.center.x = vx >= hw ? 0.0 : std::clamp(v.center.x, -hw + vx, hw - vx);
    v.center.y = vy >= hh ? 0.0 : std::clamp(v.center.y, -hh + vy, hh - vy);
    return v;
}

namespace {

constexpr double kDeg = std::numbers::pi / 180.0;

struct Vec3 {
    double x, y, z;
};
Vec3 toVec(double lon, double lat) {
    return {std::cos(lat * kDeg) * std::cos(lon * kDeg), std::cos(lat * kDeg) * std::sin(lon * kDeg), std::sin(lat * kDeg)};
}

// The great circle from a to b (lon, lat), as parts in pixels, split where it crosses the
// map's edge.
std::vector<std::vector<Vec2>> greatCircle(const MapScene& s, Vec2 a, Vec2 b) {
    const Vec3 va = toVec(a.x, a.y), vb = toVec(b.x, b.y);
    const double d = std::clamp(va.x * vb.x + va.y * vb.y + va.z * vb.z, -1.0, 1.0);
    const double w = std::acos(d);
    const int n = std::max(2, static_cast<int>(std::ceil(w / kDeg / 1.0)));
    std::vector<Vec2> ll;  // relative lon, lat
    for (int i = 0; i <= n; ++i) {
        const double t = double(i) / n;
        Vec3 p;
        if (w < 1e-9) p = va;
        else {
            const double k0 = std::sin((1 - t) * w) / std::sin(w), k1 = std::sin(t * w) / std::sin(w);
            p = {k0 * va.x + k1 * vb.x, k0 * va.y + k1 * vb.y, k0 * va.z + k1 * vb.z};
        }
        const double lat = std::asin(std::clamp(p.z, -1.0, 1.0)) / kDeg, lon = std::atan2(p.y, p.x) / kDeg;
        ll.push_back({s.projection.relative(lon), lat});
    }
    std::vector<std::vector<Vec2>> parts(1);
    auto px = [&](Vec2 q) { return s.toPixel(EqualEarth::forwardRelative(q.x, q.y)); };
    parts.back().push_back(px(ll[0]));
    for (std::size_t i = 1; i < ll.size(); ++i) {
        const Vec2 p = ll[i - 1], q = ll[i];
        if (std::abs(q.x - p.x) > 180.0) {
            const double edge = p.x > 0 ? 180.0 : -180.0;
            const double qx = q.x + (p.x > 0 ? 360.0 : -360.0);
            const double t = (edge - p.x) / (qx - p.x);
            const double lat = p.y + t * (q.y - p.y);
            parts.back().push_back(px({edge, lat}));
            parts.push_back({px({-edge, lat})});
        }
        parts.back().push_back(px(q));
    }
    return parts;
}

// Bends a path sideways (to the right of travel) by up to `bulge` pixels in its middle.
std::vector<Vec2> bent(const std::vector<Vec2>& p, double bulge) {
    if (p.size() < 2) return p;
    const Vec2 d = p.back() - p.front();
    const double len = length(d);
    if (len < 1e-9) return p;
    const Vec2 nrm{-d.y / len, d.x / len};
    const double total = pathLength(p);
    std::vector<Vec2> out;
    double run = 0;
    for (std::size_t i = 0; i < p.size(); ++i) {
        if (i > 0) run += length(p[i] - p[i - 1]);
        const double t = total > 0 ? run / total : 0;
        out.push_back(p[i] + nrm * (bulge * 4 * t * (1 - t)));
    }
    return out;
}

}  // namespace

MapScene buildScene(const WorldMap& map, const SceneInput& in, int width, int height, const TextMeasure& measure,
                    std::optional<MapView> view) {
    const Scenario& sc = *in.sc;
    const World& w = *in.world;
    MapScene s;
    s.width = width;
    s.height = height;
    s.unit = unitFor(width, height);
    const double u = s.unit;
    s.mapArea = {0, headerHeight(u), double(width), double(height)};
    s.projection = map.projection();
    s.view = view ? *view : fitView(map, sc, width, height);
    s.borderWidth = std::max(0.6, 0.9 * u);

    // countries: modelled ones by bloc, the rest muted
    std::map<std::string, ActorId, std::less<>> byIso;
    for (std::size_t a = 0; a < sc.actors.size(); ++a) {
        if (!sc.actors[a].map.empty()) byIso.emplace(sc.actors[a].map, static_cast<ActorId>(a));
    }
    const std::vector<Rgba> blocColours = style::blocColours(sc);
    auto blocIndex = [&](ActorId a) {
        const StrId b = sc.actors[static_cast<std::size_t>(a)].bloc;
        return b == kNone ? -1 : sc.blocs.find(sc.strings[static_cast<std::size_t>(b)]);
    };
    for (const CountryShape& c : map.countries()) {
        CountryFill f{&c, style::kLand, false};
        if (auto it = byIso.find(c.iso3); !c.iso3.empty() && it != byIso.end()) {
            const int b = blocIndex(it->second);
            f.colour = b < 0 ? style::kNoBloc : blocColours[static_cast<std::size_t>(b)];
            f.modelled = true;
        }
        s.fills.push_back(f);
    }

    // graticule and the sphere's edge
    for (int lon = -180; lon < 180; lon += 30) {
        StrokeItem g{{}, std::max(0.5, 0.8 * u), style::kGraticule, 0};
        for (const Vec2& p : map.meridian(lon + map.projection().centralMeridian())) g.points.push_back(s.toPixel(p));
        s.underlay.push_back(g);
    }
    for (int lat = -60; lat <= 60; lat += 30) {
        StrokeItem g{{}, std::max(0.5, 0.8 * u), style::kGraticule, 0};
        for (int i = 0; i <= 72; ++i) g.points.push_back(s.toPixel(EqualEarth::forwardRelative(-180.0 + 5.0 * i, lat)));
        s.underlay.push_back(g);
    }
    {
        StrokeItem edge{{}, 1.2 * u, style::kSphereEdge, 0};
        for (const Vec2& p : map.outline()) edge.points.push_back(s.toPixel(p));
        edge.points.push_back(edge.points.front());
        s.underlay.push_back(edge);
    }

    const double capR = 5.5 * u;
    // Each actor's place: its capital, else a point inside the largest piece of its country
    // (so an actor given only `map` is still drawn, its flows and tensions with it).
    std::vector<Vec2> capital(sc.actors.size());
    std::vector<bool> hasCap(sc.actors.size(), false);
    std::vector<Vec2> place(sc.actors.size());  // lon, lat
    for (std::size_t a = 0; a < sc.actors.size(); ++a) {
        const ActorDef& ad = sc.actors[a];
        if (ad.hasCapital) {
            place[a] = {ad.lon, ad.lat};
        } else if (const CountryShape* c = ad.map.empty() ? nullptr : map.find(ad.map)) {
            place[a] = map.projection().inverse(c->mainCenter);
        } else {
            continue;  // neither: not drawn (brink validate says so)
        }
        hasCap[a] = true;
        capital[a] = s.pixelOf(place[a].x, place[a].y);
        s.capitals.emplace_back(static_cast<ActorId>(a), capital[a]);
    }
    auto ll = [&](ActorId a) { return place[static_cast<std::size_t>(a)]; };

    PanelContext pc{sc, w, in, measure, u, width, height};
    LabelPlacer placer({4 * u, s.mapArea.y0 + 4 * u, width - 4 * u, height - 4 * u});
    DisplayList lines, arrows, markers, labels, panels;

    // tension between rivals, coloured by tension
    std::vector<TensionLine> tensions;
    for (const RelationDef& r : sc.relations) {
        const DyadId d = sc.dyad(r.a, r.b);
        const Stance st = w.stance[static_cast<std::size_t>(d)];
        if (st != Stance::Rivalry && st != Stance::Conflict) continue;
        if (!hasCap[static_cast<std::size_t>(r.a)] || !hasCap[static_cast<std::size_t>(r.b)]) continue;
        tensions.push_back({r.a, r.b, d, greatCircle(s, ll(r.a), ll(r.b))});
    }
    // calmest first, so the tensest lines lie on top
    std::stable_sort(tensions.begin(), tensions.end(), [&](const TensionLine& x, const TensionLine& y) {
        return w.tension[static_cast<std::size_t>(x.d)] < w.tension[static_cast<std::size_t>(y.d)];
    });
    for (std::size_t i = 0; i < tensions.size(); ++i) {
        const double t = w.tension[static_cast<std::size_t>(tensions[i].d)];
        for (auto& part : tensions[i].parts) {
            auto p = trimmed(part, capR, capR);
            if (p.size() < 2) continue;
            lines.push_back(StrokeItem{p, 3.4 * u + 2.4 * u, style::kHalo, 0});
            lines.push_back(StrokeItem{p, 3.4 * u, style::tensionColour(t), 0.0});
            placer.avoid(samples(p, 6 * u), 0.4, 1000 + static_cast<int>(i));
        }
    }

    // flows: one arrow per sender, receiver and kind (arms and supplies, or technology)
    std::map<RouteKey, RouteAgg> routes;
    // scheduled transfers name their ends; effect-born ones are drawn once seen sending
    std::vector<SentRoute> pairs;
    for (std::size_t t = 0; t < sc.transfers.size(); ++t) {
        const TransferDef& td = sc.transfers[t];
        if (td.scheduled && td.from != kNone && td.to != kNone) pairs.push_back({static_cast<TransferId>(t), td.from, td.to});
    }
    if (in.history) {
        for (const SentRoute& r : in.history->sent) {
            if (!sc.transfers[static_cast<std::size_t>(r.transfer)].scheduled) pairs.push_back(r);
        }
    }
    for (const SentRoute& pr : pairs) {
        const TransferDef& td = sc.transfers[static_cast<std::size_t>(pr.transfer)];
        if (!hasCap[static_cast<std::size_t>(pr.from)] || !hasCap[static_cast<std::size_t>(pr.to)]) continue;
        const bool tech = sc.assets[static_cast<std::size_t>(td.asset)].kind == AssetKind::Tech;
        RouteAgg& r = routes[{pr.from, pr.to, tech}];
        r.transfers.push_back(pr.transfer);
        r.shipments += w.flows[static_cast<std::size_t>(pr.transfer)].shipments;
    }
    // Arrows between the same two capitals fan out: each bends to the right of its travel
    // (so the two directions part), the busiest nearest the great circle. Each takes the
    // bend, of a few tried, that keeps it clearest of the other capitals.
    std::vector<RouteKey> keys;
    for (const auto& [key, agg] : routes) keys.push_back(key);
    std::stable_sort(keys.begin(), keys.end(), [&](const RouteKey& x, const RouteKey& y) {
        return routes.at(x).shipments > routes.at(y).shipments;
    });
    std::map<std::pair<ActorId, ActorId>, int> slots;
    std::map<std::pair<ActorId, ActorId>, double> lastBend;  // the bend of the previous arrow of the pair
    std::vector<std::pair<RouteKey, std::vector<Vec2>>> paths;
    for (const RouteKey& key : keys) {
        const int slot = slots[{key.from, key.to}]++;
        auto parts = greatCircle(s, ll(key.from), ll(key.to));
        std::vector<Vec2> base = parts[0];
        if (parts.size() > 1) {
            // across the map's edge: a direct arc over the map rather than two stubs
            const Vec2 a = capital[static_cast<std::size_t>(key.from)], b = capital[static_cast<std::size_t>(key.to)];
            base.clear();
            for (int i = 0; i <= 64; ++i) base.push_back(a + (b - a) * (i / 64.0));
        }
        const double chord = length(base.back() - base.front());
        const double bend = std::min(0.16 * chord * (1.0 + 0.8 * slot), 90 * u);
        std::vector<Vec2> best;
        double bestClear = -1, chosen = bend;
        // a later arrow of the pair bends further than the one before, never onto it
        const auto prev = lastBend.find({key.from, key.to});
        const double minBend = prev == lastBend.end() ? -INFINITY : prev->second + std::max(0.08 * chord, 26 * u);
        for (double f : {1.0, 0.6, 1.5, 0.3, 2.0, 2.6}) {
            if (bend * f < minBend) continue;
            auto p = bent(base, bend * f);
            double clear = INFINITY;
            for (const auto& [a, c] : s.capitals) {
                if (a == key.from || a == key.to) continue;
                for (const Vec2& q : p) clear = std::min(clear, length(q - c));
            }
            if (clear > bestClear + 1e-9) bestClear = clear, best = std::move(p), chosen = bend * f;
            if (clear >= 18 * u) break;
        }
        if (best.empty()) best = bent(base, std::max(bend, minBend)), chosen = std::max(bend, minBend);
        lastBend[{key.from, key.to}] = chosen;
        paths.emplace_back(key, std::move(best));
    }
    const std::int64_t lastTurns = 4;
    const std::vector<CalEntry> calendar = w.calendar.sorted();
    for (auto& [key, path] : paths) {
        const RouteAgg& agg = routes[key];
        const bool planned = agg.shipments == 0;
        const double lineW = planned ? 3.0 * u : std::min(2.6 * u + 1.15 * u * std::sqrt(double(agg.shipments)), 12 * u);
        const Rgba col = key.tech ? style::kTech : style::kArms;
        const double head = std::max(3.0 * lineW, 13 * u), headW = std::max(2.6 * lineW, 12 * u);
        auto body = trimmed(path, capR + 2 * u, capR + 3 * u + head * 0.85);
        auto full = trimmed(path, capR + 2 * u, capR + 3 * u);
        if (body.size() < 2 || full.size() < 2) continue;
        Vec2 dir;
        pointAt(full, 1.0, &dir);
        arrows.push_back(StrokeItem{body, lineW + 2.4 * u, style::kHalo, 0});
        arrows.push_back(ArrowheadItem{full.back(), dir, head, headW, style::kHalo, 0, {}});
        arrows.push_back(StrokeItem{body, lineW, col, planned ? 7 * u : 0.0});
        arrows.push_back(ArrowheadItem{full.back(), dir, head - 1.2 * u, headW - 2.4 * u, col, 0, {}});
        s.routes.push_back({key.from, key.to, key.tech, full, lineW, col});
        placer.avoid(samples(full, 5 * u), 1.0);

        // shipments on their way: where each is now, by the days it has travelled
        for (const CalEntry& e : calendar) {
            if (e.kind != CalKind::Arrival || e.i1 != key.from || e.i2 != key.to) continue;
            if (std::find(agg.transfers.begin(), agg.transfers.end(), e.i0) == agg.transfers.end()) continue;
            const TransferDef& td = sc.transfers[static_cast<std::size_t>(e.i0)];
            const double transit = std::max<double>(1.0, double(td.transit));
            const double frac = std::clamp(1.0 - double(e.day - w.day) / transit, 0.08, 0.92);
            const Vec2 at = pointAt(full, frac);
            const double sz = 4.6 * u;
            markers.push_back(RectItem{{at.x - sz, at.y - sz, at.x + sz, at.y + sz}, style::kShipment, 1.5 * u, 1.6 * u, style::kInk});
        }
        // interdictions of the last few turns, near the end of the route
        if (in.history) {
            int m = 0;
            for (const Interdiction& x : in.history->interdictions) {
                if (x.turn + lastTurns <= w.turn || x.from != key.from || x.to != key.to) continue;
                if (std::find(agg.transfers.begin(), agg.transfers.end(), x.transfer) == agg.transfers.end()) continue;
                const Vec2 at = pointAt(full, std::max(0.5, 0.78 - 0.07 * m++));
                markers.push_back(CrossItem{at, 10 * u, 3.6 * u, style::kInterdicted, 2.0 * u, style::kHalo});
            }
        }
    }

    // capitals
    for (const auto& [a, p] : s.capitals) {
        markers.push_back(CircleItem{p, capR, style::kHalo, 2.2 * u, style::kInk});
        placer.block({p.x - capR - u, p.y - capR - u, p.x + capR + u, p.y + capR + u});
    }

    // header and panels first: labels keep clear of them
    const Box header = addHeader(panels, pc);
    placer.block(header);
    s.panels.push_back(header);
    LegendNeeds needs;
    for (const auto& r : s.routes) (r.tech ? needs.tech : needs.arms) = true;
    for (const auto& [key, agg] : routes) needs.planned = needs.planned || agg.shipments == 0;
    if (in.history) {
        for (const auto& x : in.history->interdictions) needs.interdicted = needs.interdicted || x.turn + lastTurns > w.turn;
    }
    needs.tension = !tensions.empty();
    needs.capitals = !s.capitals.empty();
    const Box legend = addLegend(panels, pc, s.mapArea, needs);
    placer.block(legend.inflated(4 * u));
    s.panels.push_back(legend);
    const Box ladder = addLadder(panels, pc, s.mapArea);
    if (!ladder.empty()) placer.block(ladder.inflated(4 * u)), s.panels.push_back(ladder);
    addCredit(panels, pc, s.mapArea, placer);

    s.capitalRadius = capR;
    const LabelContext lc{sc, w, s, measure, placer, labels, s.labels, u, capR, capital};
    addActorLabels(lc);
    addRungBadges(lc, tensions);
    addEdgeTags(lc, tensions);
    addRouteLabels(lc, routes);

    for (auto* l : {&lines, &arrows, &markers, &labels, &panels}) s.overlay.insert(s.overlay.end(), l->begin(), l->end());
    return s;
}

}  // namespace brink::render
