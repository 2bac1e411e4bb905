#pragma once
/// Whose action an action is: the actors its `by` names as `self == id` (or `id == self`).
/// Most scenarios give each side its own actions this way; a panel or a briefing that lists
/// one side's choices leaves out the others' instead of showing them all as refused.
#include <vector>

#include "brink/scenario/scenario.hpp"

namespace brink {

/// The actors `by` of action `a` names as `self == id`; empty when it names none (an
/// action any actor may give, its `by` permitting).
std::vector<ActorId> actionOwners(const Scenario& sc, ActionId a);
/// Whether action `a` belongs to other actors than `actor`: it names owners, not `actor`,
/// or its `by` says `self != ` that actor.
bool othersAction(const Scenario& sc, ActionId a, ActorId actor);

}  // namespace brink
