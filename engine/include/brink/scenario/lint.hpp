#pragma once
/// Warnings: what a scenario may say that is valid but almost certainly not what its author
/// meant (a transfer that can never ship anything, a probability that is always clamped).
/// `brink validate` prints them; they never stop a run.
#include <vector>

#include "brink/base/diagnostics.hpp"
#include "brink/scenario/scenario.hpp"

namespace brink {

/// Every warning about `sc`, in file order (Severity::Warning, path = sc.path). A parameter's
/// values are those its experiment sweeps too (brink batch passes its --vary factors there).
std::vector<Diagnostic> lintScenario(const Scenario& sc);

}  // namespace brink
