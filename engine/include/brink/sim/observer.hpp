#pragma once
/// What happens during a run, as plain values for whoever listens (narrative, events.jsonl,
/// the map). The kernel reaches its users only through this interface; batches pass none.
#include <cstdint>
#include <memory>
#include <string>

#include "brink/base/ids.hpp"

namespace brink {

class World;
struct Explained;

enum class HappeningKind : std::uint8_t {
    Order,        ///< an actor gives an order (ref: action; text: the policy's why)
    Refused,      ///< an order is refused (text: the reason)
    Event,        ///< a scenario event fires (ref: event; text: its headline)
    Headline,     ///< a headline effect (text)
    Shipment,     ///< a shipment leaves unseen (ref: transfer; amount)
    Arrival,      ///< a shipment arrives
    Interdicted,  ///< a shipment is destroyed on arrival day
    Detected,     ///< a shipment leaves and is seen on its way
    Rung,         ///< a dyad moves on the ladder (ref: new rung, ref2: old; p: chance; value: tension)
    Posture,      ///< a posture takes effect (ref: new, ref2: old)
    PostureLapse, ///< upkeep unpaid: posture falls back to neutral (ref2: old)
    Stance,       ///< a relation's stance changes (ref: new, ref2: old)
    Treaty,       ///< a treaty is concluded (ref: treaty)
    End,          ///< the run ends (ref: outcome)
    Inject,       ///< a game's facilitator put something in this turn (text: what)
};

struct Happening {
    HappeningKind kind = HappeningKind::Headline;
    std::int64_t turn = 0;
    std::int64_t day = 0;
    ActorId actor = kNone;   ///< who acts, sends, or side a of a dyad
    ActorId target = kNone;  ///< target, receiver, or side b of a dyad
    std::int32_t ref = kNone;
    std::int32_t ref2 = kNone;
    double amount = 0.0;
    double p = 0.0;
    double value = 0.0;
    bool secret = false;     ///< from a non-public action
    bool consequence = false; ///< follows from an order or event whose own headline already told it
    std::string text;        ///< headline, reason for a refusal
    std::string why;         ///< the policy rule's reason for an order
    /// Rung moves drawn in the escalation phase and events fired by chance: the chance `p`
    /// taken apart into its sub-expressions as they evaluated at the draw (only for an
    /// observer that wantsWhy()).
    std::shared_ptr<const Explained> explain;
};

/// Receives a run's happenings in the order they occur.
class Observer {
public:
    virtual ~Observer() = default;
    virtual void happened(const World& w, const Happening& h) = 0;
    /// Called after the record phase of every turn (and once for the initial state).
    virtual void recorded(const World& w) { (void)w; }
    /// Whether headline text should be built (costs string work).
    [[nodiscard]] virtual bool wantsText() const { return true; }
    /// Whether chances should be explained (Happening::explain; costs an evaluation of
    /// every sub-expression of each chance that comes true).
    [[nodiscard]] virtual bool wantsWhy() const { return false; }
};

}  // namespace brink
