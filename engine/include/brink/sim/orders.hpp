#pragma once
/// The test of an order before it is executed: one side-effect-free check that the orders
/// panel, the game session and the decisions phase all call, so that what a player is
/// told can be given is exactly what resolution accepts.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "brink/scenario/scenario.hpp"

namespace brink {

class World;

/// Why an order is refused (Ok: it is not).
enum class OrderVerdict : std::uint8_t { Ok, ByFails, TargetFails, CannotPay };

struct OrderCheck {
    OrderVerdict verdict = OrderVerdict::Ok;
    std::size_t cost = 0;    ///< CannotPay: which of the action's costs
    double need = 0, have = 0;
    [[nodiscard]] bool ok() const { return verdict == OrderVerdict::Ok; }
};

/// Checks that `actor` may give `action` (against `target`, kNone for an action without
/// one) in world `w`, with `committed` (by asset) already promised to its earlier orders of
/// the turn. When it may and `costs` is not null, costs[i] receives the amount of the
/// action's i-th cost. Throws RunError when an expression fails (a division by zero).
OrderCheck checkOrder(const Scenario& sc, const World& w, ActorId actor, ActionId action, ActorId target,
                      std::span<const double> committed, double* costs = nullptr);

/// The reason of a refusal, in words: "it costs 3 resources and only 1 are left".
std::string refusalReason(const Scenario& sc, ActionId action, const OrderCheck& c);

}  // namespace brink
