#pragma once
/// Dense ids: small integers into flat arrays. Names live only in the catalogue
/// (Scenario) and at the edges (loading, output).
#include <cstdint>

namespace brink {

using ActorId = std::int32_t;
using AssetId = std::int32_t;
using DomainId = std::int32_t;
using DyadId = std::int32_t;
using PostureId = std::int32_t;
using RungId = std::int32_t;
using TransferId = std::int32_t;
using ActionId = std::int32_t;
using EventId = std::int32_t;
using MetricId = std::int32_t;
using ParamId = std::int32_t;
using OutcomeId = std::int32_t;
using TreatyId = std::int32_t;
using StrId = std::int32_t;
using ProgramId = std::int32_t;

inline constexpr std::int32_t kNone = -1;

/// The five stances of a relation, in the order the contract lists them.
enum class Stance : std::uint8_t { Alliance, Partnership, Neutral, Rivalry, Conflict };
inline constexpr const char* kStanceNames[] = {"alliance", "partnership", "neutral", "rivalry", "conflict"};
inline constexpr int kStanceCount = 5;

/// Actors bound while an expression or effect runs.
struct Bindings {
    ActorId self = kNone;
    ActorId target = kNone;
    ActorId a = kNone;
    ActorId b = kNone;
};

}  // namespace brink
