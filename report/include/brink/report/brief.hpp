#pragma once
/// brink brief: a printable team briefing built from a scenario, or the control team's
/// (the facilitator's) with everything in it.
///
/// A team's briefing holds what its side knows: its own situation (stocks, technology,
/// posture, allies and rivals with tension, treaties, what it sends and receives), its
/// possible actions in plain words (what each does, its cost, its conditions, whom it may
/// target now), its objectives, the public picture of the others (bloc, nuclear weapons,
/// posture, stances), how a turn goes, and the scenario's sources, teaching assumptions
/// marked. It holds nothing of another side's stocks, technology, objectives or policy.
#include <memory>
#include <optional>
#include <string>

#include "brink/base/diagnostics.hpp"
#include "brink/report/report.hpp"
#include "brink/scenario/scenario.hpp"

namespace brink::report {

/// A team's briefing for actor `actor` (an actor id of `sc`), or the facilitator's when
/// `actor` is kNone.
Built briefing(std::shared_ptr<const Scenario> sc, ActorId actor);

/// Effects in words, for people: "raises tension between Russia and the target by 0.08".
/// `self` names the actor whose action it is (kNone: "the actor").
std::string effectInWords(const Scenario& sc, const Effect& e, ActorId self);

}  // namespace brink::report
