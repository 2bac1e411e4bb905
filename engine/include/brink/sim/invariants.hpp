#pragma once
/// What must hold of every world, whatever the scenario: transfers conserve what they move,
/// stocks and technology never go negative or non-finite, shares stay within [0, 1], rungs
/// within the ladder, postures known, the calendar in the future. Debug builds check it
/// after every turn; property tests check it over many seeds and generated scenarios.
#include <string>
#include <vector>

#include "brink/sim/world.hpp"

namespace brink {

/// Every violated invariant, described; empty when the world is sound.
std::vector<std::string> invariantViolations(const World& w);

/// The rules a transfer's totals keep, shared by the checks above and by the loader of a
/// saved state. sent = delivered + interdicted + in transit, to rounding:
bool conserves(const FlowTotals& f);
/// No total negative and no more detected than sent:
bool possibleTotals(const FlowTotals& f);
/// What the calendar will deliver (`scheduled`) is what the totals hold in transit:
bool transitMatches(const FlowTotals& f, double scheduled);

}  // namespace brink
