#pragma once
// The expression functions: each one's name, opcode, argument kinds, result and usage line.
// The compiler checks calls against this table; functionNames() lists it for did-you-mean.
#include <cstdint>
#include <string_view>
#include <vector>

#include "brink/expr/expr.hpp"

namespace brink::detail {

/// Which names a string value may hold, for checking literals compared with it.
enum class StrDomain : std::uint8_t { Any, Stance, Posture, Bloc };

enum class ArgKind : std::uint8_t { Num, Bool, Actor, Asset, Domain, Transfer, Event, Metric, Treaty };

struct FnSig {
    const char* name;
    Op op;
    std::vector<ArgKind> args;
    ValueType ret;
    StrDomain domain;
    const char* usage;
};

/// Every function a scenario may call.
const std::vector<FnSig>& signatures();
/// The function called `name`, or nullptr.
const FnSig* findSig(std::string_view name);

}  // namespace brink::detail
