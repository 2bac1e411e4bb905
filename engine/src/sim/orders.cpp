#include "brink/sim/orders.hpp"

#include <algorithm>

#include "brink/base/numfmt.hpp"
#include "brink/sim/sim.hpp"

namespace brink {

OrderCheck checkOrder(const Scenario& sc, const World& w, ActorId actor, ActionId action, ActorId target,
                      std::span<const double> committed, double* costs) {
    const ActionDef& a = sc.actions[static_cast<std::size_t>(action)];
    Bindings b;
    b.self = actor;
    b.target = a.hasTarget ? target : kNone;
    OrderCheck out;
    if (evalRun(sc, w, a.by, b) == 0.0) {
        out.verdict = OrderVerdict::ByFails;
        return out;
    }
    if (a.hasTarget && evalRun(sc, w, a.target, b) == 0.0) {
        out.verdict = OrderVerdict::TargetFails;
        return out;
    }
    for (std::size_t i = 0; i < a.cost.size(); ++i) {
        const AssetAmount& c = a.cost[i];
        const double need = std::max(0.0, evalRun(sc, w, c.amount, b));  // a cost is never a gain
        const double have = w.stockOf(actor, c.asset) - committed[static_cast<std::size_t>(c.asset)];
        if (need > have) {
            out.verdict = OrderVerdict::CannotPay;
            out.cost = i;
            out.need = need;
            out.have = have;
            return out;
        }
        if (costs) costs[i] = need;
    }
    return out;
}

std::string refusalReason(const Scenario& sc, ActionId action, const OrderCheck& c) {
    const ActionDef& a = sc.actions[static_cast<std::size_t>(action)];
    switch (c.verdict) {
        case OrderVerdict::Ok: return {};
        case OrderVerdict::ByFails: return "its 'by' condition does not hold (" + sc.program(a.by).source + ")";
        case OrderVerdict::TargetFails: return "its target condition does not hold (" + sc.program(a.target).source + ")";
        case OrderVerdict::CannotPay: {
            const AssetDef& as = sc.assets[static_cast<std::size_t>(a.cost[c.cost].asset)];
            return "it costs " + formatHuman(c.need) + " " + as.name + " and only " + formatHuman(std::max(0.0, c.have)) +
                   " are left";
        }
    }
    return {};
}

}  // namespace brink
