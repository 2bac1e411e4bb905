#pragma once
/// The map of one state of a run, laid out in pixels: which colour each country takes,
/// where capitals, flows, tension lines, labels and panels go. Built from the engine's
/// state (Scenario, World) without drawing anything, so it is tested without a display.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "brink/sim/observer.hpp"
#include "brink/render/display_list.hpp"
#include "brink/render/world_map.hpp"
#include "brink/scenario/scenario.hpp"
#include "brink/sim/world.hpp"

namespace brink::render {

/// A shipment destroyed on its way, as the map remembers it.
struct Interdiction {
    TransferId transfer = kNone;
    ActorId from = kNone, to = kNone;
    double amount = 0.0;
    std::int64_t turn = 0;
};

/// A sender and receiver seen using a transfer record (effect-born records name theirs
/// only when they fire).
struct SentRoute {
    TransferId transfer = kNone;
    ActorId from = kNone, to = kNone;
    friend bool operator==(const SentRoute&, const SentRoute&) = default;
};

/// What the map needs from a run beyond its state: the interdictions that have happened
/// (a shipment's fate is never shown before it happens) and who sent what.
struct MapHistory {
    std::vector<Interdiction> interdictions;
    std::vector<SentRoute> sent;
};

/// Listens to a run and keeps its MapHistory.
class MapRecorder : public Observer {
public:
    void happened(const World& w, const Happening& h) override;
    [[nodiscard]] bool wantsText() const override { return false; }
    [[nodiscard]] const MapHistory& history() const { return m_history; }

private:
    MapHistory m_history;
};

/// Where the map looks: the projected point at the centre of the map area, and pixels per
/// projected unit.
struct MapView {
    Vec2 center;
    double scale = 0.0;
};

/// Measures a line of UTF-8 text at a pixel size: (advance width, line height).
using TextMeasure = std::function<Vec2(const std::string& utf8, double px, bool bold)>;

/// What a scene is built from.
struct SceneInput {
    const Scenario* sc = nullptr;
    const World* world = nullptr;
    const MapHistory* history = nullptr;  ///< may be null: no interdiction marks
    std::uint64_t seed = 0;
    std::int64_t horizon = 0;  ///< the last turn the run will play
};

/// A country and the colour it is filled with.
struct CountryFill {
    const CountryShape* shape = nullptr;
    Rgba colour;
    bool modelled = false;
};

/// A flow arrow, in pixels (for tests and hit-testing).
struct RouteInfo {
    ActorId from = kNone, to = kNone;
    bool tech = false;
    std::vector<Vec2> path;
    double width = 0.0;
    Rgba colour;
};

/// A label placed on the map (for tests: nothing may collide).
struct PlacedLabel {
    enum class Kind { Actor, Rung, EdgeTag, Route } kind = Kind::Actor;
    std::string text;
    Box box;
};

/// A laid-out map.
struct MapScene {
    int width = 0, height = 0;
    double unit = 1.0;  ///< one "point" in pixels: the height over 1080
    Box mapArea;        ///< below the header
    MapView view;
    EqualEarth projection;

    std::vector<CountryFill> fills;
    double borderWidth = 1.0;
    DisplayList underlay;  ///< graticule and the sphere's edge, under the countries
    DisplayList overlay;   ///< everything over the countries, in order

    std::vector<std::pair<ActorId, Vec2>> capitals;  ///< marker centres
    double capitalRadius = 0.0;
    std::vector<RouteInfo> routes;
    std::vector<PlacedLabel> labels;
    std::vector<Box> panels;  ///< header, legend, ladder

    /// Projected units to pixels and back.
    [[nodiscard]] Vec2 toPixel(Vec2 p) const;
    [[nodiscard]] Vec2 fromPixel(Vec2 px) const;
    /// A place (degrees) in pixels.
    [[nodiscard]] Vec2 pixelOf(double lon, double lat) const { return toPixel(projection.forward(lon, lat)); }
};

/// The view that frames every modelled actor (its mainland and capital) in a map of
/// width x height pixels, leaving the bottom corners to the legend and the ladder.
MapView fitView(const WorldMap& map, const Scenario& sc, int width, int height);

/// Lays out the map of `in` at width x height pixels, from `view` (default: fitView).
MapScene buildScene(const WorldMap& map, const SceneInput& in, int width, int height, const TextMeasure& measure,
                    std::optional<MapView> view = std::nullopt);

}  // namespace brink::render
