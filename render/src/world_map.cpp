#include "brink/render/world_map.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "brink/render/antimeridian.hpp"
#include "brink/render/iso3166.hpp"
#include "brink/render/topojson.hpp"
#include "brink/render/triangulate.hpp"

namespace brink::render {

namespace {

// Natural Earth areas without an ISO 3166-1 numeric code; Kosovo has the code the EU and
// the IMF use (user-assigned, not official).
std::string codeFor(const TopoFeature& f) {
    if (!f.id.empty()) {
        char* end = nullptr;
        const long n = std::strtol(f.id.c_str(), &end, 10);
        if (end && *end == '\0') {
            if (const IsoCountry* c = isoByNumeric(static_cast<int>(n))) return std::string(c->alpha3);
        }
        return {};
    }
    if (f.name == "Kosovo") return "XKX";
    return {};
}

// Longitudes are already relative to the central meridian (see cutAtAntimeridian).
Ring project(const Ring& rel) {
    Ring out;
    out.reserve(rel.size());
    for (const Vec2& q : rel) out.push_back(EqualEarth::forwardRelative(q.x, q.y));
    return out;
}

// Coasts and borders of a cut ring: the ring split wherever an edge runs along the map's
// edge or a pole.
void addBorders(const Ring& rel, const Ring& projected, std::vector<std::vector<Vec2>>& out) {
    const std::size_t n = rel.size();
    std::size_t start = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (isCutEdge(rel[i], rel[(i + 1) % n])) {
            start = (i + 1) % n;
            break;
        }
    }
    std::vector<Vec2> line{projected[start]};
    for (std::size_t k = 0; k < n; ++k) {
        const std::size_t i = (start + k) % n, j = (i + 1) % n;
        if (isCutEdge(rel[i], rel[j])) {
            if (line.size() > 1) out.push_back(std::move(line));
            line = {projected[j]};
        } else {
            line.push_back(projected[j]);
        }
    }
    if (line.size() > 1) out.push_back(std::move(line));
}

}  // namespace

std::optional<WorldMap> WorldMap::load(const std::string& path, const EqualEarth& projection, std::string& error) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = path + ":1:1: error: cannot open map file; expected a world-atlas TopoJSON file; hint: the maps live in scenarios/maps/";
        return std::nullopt;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    return fromText(ss.str(), path, projection, error);
}

std::optional<WorldMap> WorldMap::fromText(std::string_view text, const std::string& path, const EqualEarth& projection,
                                           std::string& error) {
    std::string why;
    std::optional<std::vector<TopoFeature>> features;
    try {
        features = readTopoJson(text, "countries", why);
    } catch (const std::exception& e) {
        why = std::string("1:1: malformed topology (") + e.what() + ")";
    }
    if (!features) {
        // why is "line:col: what"
        const auto at = why.find(": ");
        error = path + ":" + why.substr(0, at) + ": error: " + why.substr(at + 2) +
                "; expected a world-atlas TopoJSON file with a \"countries\" object; hint: use scenarios/maps/countries-50m.json";
        return std::nullopt;
    }
    WorldMap m;
    m.m_projection = projection;
    for (const TopoFeature& f : *features) {
        CountryShape c;
        c.iso3 = codeFor(f);
        c.name = f.name;
        double mainArea = -1;
        for (const Polygon& lonLat : f.polygons) {
            for (Polygon& piece : cutAtAntimeridian(lonLat, projection.centralMeridian())) {
                Polygon rel{densify(piece.outer, 1.0), {}};
                for (const Ring& h : piece.holes) rel.holes.push_back(densify(h, 1.0));
                Polygon proj{project(rel.outer), {}};
                for (const Ring& h : rel.holes) proj.holes.push_back(project(h));
                std::vector<Vec2> all(proj.outer);
                for (const Ring& h : proj.holes) all.insert(all.end(), h.begin(), h.end());
                for (std::uint32_t i : triangulate(proj)) c.triangles.push_back(all[i]);
                c.rings.push_back(proj.outer);
                c.rings.insert(c.rings.end(), proj.holes.begin(), proj.holes.end());
                addBorders(rel.outer, proj.outer, c.borders);
                for (std::size_t h = 0; h < rel.holes.size(); ++h) addBorders(rel.holes[h], proj.holes[h], c.borders);
                Box b;
                for (const Vec2& p : proj.outer) b.add(p);
                c.bounds.add(b);
                const double area = polygonArea(proj);
                if (area > mainArea) {
                    mainArea = area;
                    c.mainBounds = b;
                    // the centroid, if it falls inside; else the box's centre row's midpoint
                    double cx = 0, cy = 0, a2 = 0;
                    const Ring& r = proj.outer;
                    for (std::size_t i = 0; i < r.size(); ++i) {
                        const Vec2 p = r[i], q = r[(i + 1) % r.size()];
                        const double k = p.x * q.y - q.x * p.y;
                        cx += (p.x + q.x) * k, cy += (p.y + q.y) * k, a2 += k;
                    }
                    c.mainCenter = a2 != 0 ? Vec2{cx / (3 * a2), cy / (3 * a2)} : b.center();
                    if (!insideRing(r, c.mainCenter)) c.mainCenter = b.center();
                }
            }
        }
        if (!c.iso3.empty()) m.m_byIso.emplace(c.iso3, m.m_countries.size());
        m.m_countries.push_back(std::move(c));
    }
    return m;
}

const CountryShape* WorldMap::find(std::string_view iso3) const {
    const auto it = m_byIso.find(iso3);
    return it == m_byIso.end() ? nullptr : &m_countries[it->second];
}

std::vector<Vec2> WorldMap::meridian(double lonDeg, double lat0, double lat1) const {
    std::vector<Vec2> out;
    const double rel = m_projection.relative(lonDeg);
    for (int i = 0; i <= 90; ++i) out.push_back(EqualEarth::forwardRelative(rel, lat0 + (lat1 - lat0) * i / 90.0));
    return out;
}

std::vector<Vec2> WorldMap::parallel(double latDeg) const {
    return {EqualEarth::forwardRelative(-180.0, latDeg), EqualEarth::forwardRelative(180.0, latDeg)};
}

Ring WorldMap::outline() const {
    Ring r;
    for (int i = 0; i <= 180; ++i) r.push_back(EqualEarth::forwardRelative(180.0, -90.0 + i));
    for (int i = 0; i <= 180; ++i) r.push_back(EqualEarth::forwardRelative(-180.0, 90.0 - i));
    return r;
}

}  // namespace brink::render
