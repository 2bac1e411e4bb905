#pragma once
/// An interactive window on a run's map, for the classroom: pan, zoom, play the next turn.
#include <cstdint>
#include <string>

#include "brink/render/map_renderer.hpp"
#include "brink/sim/sim.hpp"

namespace brink::render {

/// Opens a window of width x height on `sim`'s current state and runs until it is closed.
/// Drag or the arrow keys pan; the wheel or +/- zoom (about the cursor); N or space plays
/// the next turn (through `recorder`, already the simulation's observer); Home resets the
/// view; S saves what is shown to `pngPath`. Returns a process exit status.
int runMapWindow(const MapRenderer& renderer, Simulation& sim, const MapRecorder& recorder, std::uint64_t seed,
                 const std::string& pngPath, int width, int height);

}  // namespace brink::render
