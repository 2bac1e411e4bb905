#pragma once
/// A saved run (final.yaml): written here, read back by the scenario loader (its `state`
/// and `seal` sections), so that a run continues exactly where another stopped.
#include <string>

#include "brink/sim/sim.hpp"

namespace brink {

/// final.yaml: the scenario as written by its author, with every changing value
/// replaced by its value now and a `state` section, so it loads and continues exactly.
std::string finalYaml(const Simulation& sim);

}  // namespace brink
