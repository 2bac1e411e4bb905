#pragma once
/// Turning happenings into sentences a teacher can read aloud: what happened, to whom, why.
#include <string>

#include "brink/sim/observer.hpp"
#include "brink/scenario/scenario.hpp"

namespace brink {

/// How much of a run the narrative tells.
enum class Detail { Headlines, Everything };

/// One sentence for a happening (no date prefix).
std::string describe(const Scenario& sc, const Happening& h);
/// Whether the narrative tells this happening at this level of detail.
bool tells(const Happening& h, Detail d);
/// The type name used in events.jsonl ("order", "rung", ...).
const char* kindName(HappeningKind k);
/// "Russia–Ukraine" (an en dash between names).
std::string pairName(const Scenario& sc, ActorId a, ActorId b);

}  // namespace brink
