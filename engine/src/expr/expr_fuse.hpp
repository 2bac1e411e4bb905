#pragma once
// The expression compiler's peephole pass (expr_fuse.cpp).
#include <cstdint>

#include "brink/scenario/scenario.hpp"

namespace brink::detail {

/// Fuses, in `sc.code` from `begin` to the end, an actor push with the function that reads
/// it, and a constant with the operator that takes it. Only runs of instructions that no
/// jump lands inside are fused; jump targets are renumbered afterwards.
void fuseActorReads(Scenario& sc, std::uint32_t begin);

}  // namespace brink::detail
