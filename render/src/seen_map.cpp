#include "brink/render/seen_map.hpp"

namespace brink::render {

SeenMap seenMap(const Session& s, std::int64_t turn, ActorId who) {
    SeenMap m{s.seenBy(turn, who), {}};
    MapRecorder rec;
    for (std::int64_t t = s.firstTurn() + 1; t <= turn; ++t) {
        const World& at = s.worldAt(t);
        for (const Happening& h : s.visibleTo(t, who)) rec.happened(at, h);
    }
    m.history = rec.history();
    return m;
}

}  // namespace brink::render
