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

struct RouteKey {
    ActorId from, to;
    bool tech;
    auto operator<=>(const RouteKey&) const = default;
};

struct RouteAgg {
    std::vector<TransferId> transfers;
    std::int64_t shipments = 0;
    bool interdictedRecently = false;
};

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
    auto blocIndex = [&](ActorId a) {
        const StrId b = sc.actors[static_cast<std::size_t>(a)].bloc;
        return b == kNone ? -1 : sc.blocs.find(sc.strings[static_cast<std::size_t>(b)]);
    };
    for (const CountryShape& c : map.countries()) {
        CountryFill f{&c, style::kLand, false};
        if (auto it = byIso.find(c.iso3); !c.iso3.empty() && it != byIso.end()) {
            f.colour = style::blocColour(blocIndex(it->second));
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
    std::vector<Vec2> capital(sc.actors.size());
    std::vector<bool> hasCap(sc.actors.size(), false);
    for (std::size_t a = 0; a < sc.actors.size(); ++a) {
        if (!sc.actors[a].hasCapital) continue;
        hasCap[a] = true;
        capital[a] = s.pixelOf(sc.actors[a].lon, sc.actors[a].lat);
        s.capitals.emplace_back(static_cast<ActorId>(a), capital[a]);
    }
    auto ll = [&](ActorId a) { return Vec2{sc.actors[static_cast<std::size_t>(a)].lon, sc.actors[static_cast<std::size_t>(a)].lat}; };

    PanelContext pc{sc, w, in, measure, u, width, height};
    LabelPlacer placer({4 * u, s.mapArea.y0 + 4 * u, width - 4 * u, height - 4 * u});
    DisplayList lines, arrows, markers, labels, panels;

    // tension between rivals, coloured by tension
    struct TensionLine {
        ActorId a, b;
        DyadId d;
        std::vector<std::vector<Vec2>> parts;
    };
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
            lines.push_back(StrokeItem{p, 3.4 * u, style::tensionColour(t),
                                       w.stance[static_cast<std::size_t>(tensions[i].d)] == Stance::Conflict ? 0.0 : 0.0});
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
    std::map<std::pair<ActorId, ActorId>, int> slots;
    std::vector<std::pair<RouteKey, std::vector<Vec2>>> paths;
    for (auto& [key, agg] : routes) {
        const int slot = slots[{key.from, key.to}]++;
        auto parts = greatCircle(s, ll(key.from), ll(key.to));
        std::vector<Vec2> p = parts.size() == 1 ? parts[0] : parts[0];
        if (parts.size() == 1) {
            const double chord = length(p.back() - p.front());
            p = bent(p, std::min(0.16 * chord * (1.0 + 0.8 * slot), 90 * u));
        }
        paths.emplace_back(key, std::move(p));
    }
    const std::int64_t lastTurns = 4;
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
        std::vector<CalEntry> cal = w.calendar.sorted();
        int k = 0;
        for (const CalEntry& e : cal) {
            if (e.kind != CalKind::Arrival || e.i1 != key.from || e.i2 != key.to) continue;
            if (std::find(agg.transfers.begin(), agg.transfers.end(), e.i0) == agg.transfers.end()) continue;
            const TransferDef& td = sc.transfers[static_cast<std::size_t>(e.i0)];
            const double transit = std::max<double>(1.0, double(td.transit));
            const double frac = std::clamp(1.0 - double(e.day - w.day) / transit, 0.08, 0.92);
            Vec2 d2;
            Vec2 at = pointAt(full, frac, &d2);
            at = at + Vec2{-d2.y, d2.x} * (((k++ % 2) ? 1.0 : -1.0) * 0.0);
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
    bool anyTech = false, anyInterdicted = false;
    for (const auto& r : s.routes) anyTech = anyTech || r.tech;
    if (in.history) {
        for (const auto& x : in.history->interdictions) anyInterdicted = anyInterdicted || x.turn + lastTurns > w.turn;
    }
    const Box legend = addLegend(panels, pc, s.mapArea, anyTech, anyInterdicted);
    placer.block(legend.inflated(4 * u));
    const Box ladder = addLadder(panels, pc, s.mapArea);
    if (!ladder.empty()) placer.block(ladder.inflated(4 * u));
    addCredit(panels, pc, s.mapArea, placer);

    // actor labels: name, and the posture as a badge under it; the most crowded first
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
    for (ActorId a : order) {
        const auto au = static_cast<std::size_t>(a);
        const std::string name = sc.actors[au].name;
        const Vec2 nm = measure(name, namePx, true);
        const PostureId pid = w.posture[au];
        std::string pname = pid == kNone ? std::string() : sc.postures[static_cast<std::size_t>(pid)].name;
        const Vec2 pm = pname.empty() ? Vec2{} : measure(pname, pillPx, true);
        const double pillW = pm.x + 12 * u, pillH = pname.empty() ? 0 : pillPx * 1.5;
        const double bw = std::max(nm.x, pillW), bh = nm.y + (pname.empty() ? 0 : pillH + 2 * u);
        auto spot = placer.place(placer.around(capital[au], capR, bw, bh, 10 * u), true);
        if (!spot) continue;
        const Box b = spot->box;
        if (spot->leader) {
            const Vec2 c = b.center();
            const Vec2 q{std::clamp(capital[au].x, b.x0, b.x1), std::clamp(capital[au].y, b.y0, b.y1)};
            const Vec2 from = capital[au] + (q - capital[au]) * (capR / std::max(length(q - capital[au]), 1e-6));
            (void)c;
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

    // each hostile pair's rung, as a badge on its tension line where there is room
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
                spots.push_back({{c.x - r, c.y - r, c.x + r, c.y + r}, std::abs(f - 0.5) * 4, false});
            }
            auto spot = placer.place(spots, false, 1000 + static_cast<int>(i));
            if (!spot) continue;
            const Vec2 c = spot->box.center();
            labels.push_back(CircleItem{c, r, style::rungColour(rung, static_cast<int>(sc.ladder.size())), 2 * u, style::kHalo});
            addText(labels, measure, txt, {c.x - tm.x / 2, c.y - tm.y / 2}, px, true, style::kHalo);
        }
    }

    // a tension line that leaves the map (over the pole, across the Pacific) says where to
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
            if (spot) addText(labels, measure, tag, {spot->box.x0, spot->box.y0}, px, true, c, 2.4 * u);
        }
    }

    // what each flow has carried so far, beside its arrow
    for (std::size_t i = 0; i < s.routes.size(); ++i) {
        const RouteInfo& r = s.routes[i];
        const RouteAgg& agg = routes[{r.from, r.to, r.tech}];
        std::string text;
        std::map<AssetId, double> byAsset;
        std::vector<AssetId> assets;
        for (TransferId t : agg.transfers) {
            const AssetId as = sc.transfers[static_cast<std::size_t>(t)].asset;
            if (!byAsset.count(as)) assets.push_back(as);
            byAsset[as] += w.flows[static_cast<std::size_t>(t)].delivered;
        }
        // "4.2M shells, 44 missiles"; technology by name, a shared last word said once
        // ("missile, space know-how")
        std::vector<std::string> items;
        for (AssetId as : assets) {
            const AssetDef& ad = sc.assets[static_cast<std::size_t>(as)];
            std::string words = ad.id;
            std::replace(words.begin(), words.end(), '_', ' ');
            if (ad.kind == AssetKind::Tech) items.push_back(ad.name.empty() ? words : ad.name);
            else items.push_back(agg.shipments == 0 ? words : compact(byAsset[as]) + " " + words);
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
                spots.push_back({{ctr.x - bw / 2, ctr.y - bh / 2, ctr.x + bw / 2, ctr.y + bh / 2}, std::abs(f - 0.5) * 3 + (side < 0 ? 0.5 : 0), false});
            }
        }
        auto spot = placer.place(spots, false);
        if (!spot) continue;
        double y = spot->box.y0;
        for (const auto& row : rows) {
            addText(labels, measure, row, {spot->box.x0, y}, px, false, r.colour, 2.4 * u);
            y += rowH;
        }
    }

    for (auto* l : {&lines, &arrows, &markers, &labels, &panels}) s.overlay.insert(s.overlay.end(), l->begin(), l->end());
    return s;
}

}  // namespace brink::render
