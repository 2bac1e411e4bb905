#pragma once
/// The map of a game as one viewer may see it: the play window and the server's pages
/// draw the same thing.
#include <cstdint>

#include "brink/render/map_scene.hpp"
#include "brink/session/session.hpp"

namespace brink::render {

/// A game's world at a turn as `who` knows it (Session::seenBy: a seat, Session::kPublic
/// for the room, kNone for everything), with the history of the happenings it may see.
struct SeenMap {
    World world;
    MapHistory history;
    /// What buildScene takes (this SeenMap must outlive it).
    [[nodiscard]] SceneInput input(const Session& s) const { return {&s.scenario(), &world, &history, s.seed(), s.horizon()}; }
};
[[nodiscard]] SeenMap seenMap(const Session& s, std::int64_t turn, ActorId who);

}  // namespace brink::render
