#pragma once
// The code generator's parts (codegen.cpp: expressions; codegen_phases.cpp: the phases).
#include <string>

#include "brink/scenario/scenario.hpp"

namespace brink::detail {
/// A double as C++ source that reads back to the same value.
std::string nativeLiteral(double v);
/// The phases of a turn (rules, decisions, events, escalation) written for one scenario,
/// inside its namespace, after its expression functions: see codegen_phases.cpp.
std::string nativePhases(const Scenario& sc);
}  // namespace brink::detail
