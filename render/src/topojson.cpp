#include "brink/render/topojson.hpp"

#include <boost/json.hpp>

namespace brink::render {

namespace json = boost::json;

namespace {

std::string at(std::string_view text, std::size_t offset, const std::string& what) {
    std::size_t line = 1, col = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') ++line, col = 1;
        else ++col;
    }
    return std::to_string(line) + ":" + std::to_string(col) + ": " + what;
}

struct Decoder {
    std::vector<Ring> arcs;

    // An arc index: i, or ~i for arc i walked backwards. Rings share their end points.
    bool ring(const json::value& v, Ring& out) const {
        if (!v.is_array()) return false;
        out.clear();
        for (const auto& a : v.as_array()) {
            if (!a.is_int64()) return false;
            const std::int64_t i = a.as_int64();
            const std::size_t k = static_cast<std::size_t>(i >= 0 ? i : ~i);
            if (k >= arcs.size()) return false;
            const Ring& arc = arcs[k];
            const std::size_t skip = out.empty() ? 0 : 1;
            if (i >= 0) out.insert(out.end(), arc.begin() + std::min(skip, arc.size()), arc.end());
            else out.insert(out.end(), arc.rbegin() + std::min(skip, arc.size()), arc.rend());
        }
        if (out.size() > 1 && out.front() == out.back()) out.pop_back();
        return true;
    }

    bool polygon(const json::value& v, Polygon& out) const {
        if (!v.is_array() || v.as_array().empty()) return false;
        const auto& rings = v.as_array();
        if (!ring(rings[0], out.outer)) return false;
        for (std::size_t i = 1; i < rings.size(); ++i) {
            Ring h;
            if (!ring(rings[i], h)) return false;
            out.holes.push_back(std::move(h));
        }
        return true;
    }
};

double num(const json::value& v) { return v.is_double() ? v.as_double() : v.is_int64() ? double(v.as_int64()) : 0.0; }

}  // namespace

std::optional<std::vector<TopoFeature>> readTopoJson(std::string_view text, std::string_view object, std::string& error) {
    json::stream_parser p;
    boost::system::error_code ec;
    const std::size_t used = p.write(text.data(), text.size(), ec);
    if (!ec) p.finish(ec);
    if (ec) {
        error = at(text, used, "not valid JSON (" + ec.message() + ")");
        return std::nullopt;
    }
    const json::value doc = p.release();
    const auto* top = doc.if_object();
    if (!top || !top->contains("type") || top->at("type") != "Topology") {
        error = "1:1: not a TopoJSON topology (no \"type\": \"Topology\")";
        return std::nullopt;
    }
    Decoder d;
    double sx = 1, sy = 1, tx = 0, ty = 0;
    bool quantized = false;
    if (const auto* tr = top->if_contains("transform"); tr && tr->is_object()) {
        const auto& s = tr->as_object().at("scale").as_array();
        const auto& t = tr->as_object().at("translate").as_array();
        sx = num(s[0]), sy = num(s[1]), tx = num(t[0]), ty = num(t[1]);
        quantized = true;
    }
    const auto* arcs = top->if_contains("arcs");
    if (!arcs || !arcs->is_array()) {
        error = "1:1: the topology has no \"arcs\" array";
        return std::nullopt;
    }
    d.arcs.reserve(arcs->as_array().size());
    for (const auto& a : arcs->as_array()) {
        Ring r;
        double x = 0, y = 0;
        if (!a.is_array()) {
            error = "1:1: an arc is not an array of positions";
            return std::nullopt;
        }
        for (const auto& pos : a.as_array()) {
            if (!pos.is_array() || pos.as_array().size() < 2) {
                error = "1:1: an arc position is not [x, y]";
                return std::nullopt;
            }
            // quantized arcs are delta-encoded integers
            if (quantized) {
                x += num(pos.as_array()[0]), y += num(pos.as_array()[1]);
                r.push_back({x * sx + tx, y * sy + ty});
            } else {
                r.push_back({num(pos.as_array()[0]), num(pos.as_array()[1])});
            }
        }
        d.arcs.push_back(std::move(r));
    }
    const auto* objects = top->if_contains("objects");
    const auto* obj = objects && objects->is_object() ? objects->as_object().if_contains(object) : nullptr;
    if (!obj || !obj->is_object() || !obj->as_object().contains("geometries")) {
        error = "1:1: the topology has no geometry collection \"" + std::string(object) + "\"";
        return std::nullopt;
    }
    std::vector<TopoFeature> out;
    for (const auto& g : obj->as_object().at("geometries").as_array()) {
        if (!g.is_object()) continue;
        const auto& go = g.as_object();
        TopoFeature f;
        if (const auto* id = go.if_contains("id")) {
            if (id->is_string()) f.id = std::string(id->as_string());
            else if (id->is_int64()) f.id = std::to_string(id->as_int64());
        }
        if (const auto* pr = go.if_contains("properties"); pr && pr->is_object()) {
            if (const auto* n = pr->as_object().if_contains("name"); n && n->is_string()) f.name = std::string(n->as_string());
        }
        const auto* type = go.if_contains("type");
        const auto* garcs = go.if_contains("arcs");
        bool ok = true;
        if (!type || !type->is_string() || !garcs) {
            // a null geometry: a feature with no shape
        } else if (*type == "Polygon") {
            Polygon poly;
            ok = d.polygon(*garcs, poly);
            if (ok) f.polygons.push_back(std::move(poly));
        } else if (*type == "MultiPolygon" && garcs->is_array()) {
            for (const auto& pv : garcs->as_array()) {
                Polygon poly;
                if (!(ok = d.polygon(pv, poly))) break;
                f.polygons.push_back(std::move(poly));
            }
        }
        if (!ok) {
            error = "1:1: feature '" + f.name + "' refers to arcs that do not exist";
            return std::nullopt;
        }
        out.push_back(std::move(f));
    }
    return out;
}

}  // namespace brink::render
