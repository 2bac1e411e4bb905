#pragma once
/// What a person is shown of a game, in words: a seat's situation, an order's name and
/// cost, what happened in a turn grouped for reading aloud, an inject. The play window and
/// the server's pages show the same words, so they come from here, once.
#include <cstdint>
#include <string>
#include <vector>

#include "brink/session/session.hpp"

namespace brink::view {

/// One thing an actor holds (stocks only; technology levels are not "held").
struct Holding {
    AssetId asset = kNone;
    std::string name;  ///< the asset's name (its id when it has none)
    double amount = 0;
};

/// A relation of an actor, seen from it.
struct Tie {
    ActorId other = kNone;
    std::string name;
    double tension = 0;
    std::string rung;  ///< the ladder's rung the pair is on (empty without a ladder)
};

/// An actor's situation at a turn: what its panel says.
struct Situation {
    ActorId actor = kNone;
    std::string name;
    std::string posture;
    std::vector<Holding> holds;  ///< what it holds above zero, in the scenario's order
    std::vector<Tie> allies;     ///< alliances and partnerships
    std::vector<Tie> rivals;     ///< rivalries and conflicts
};
[[nodiscard]] Situation situation(const Scenario& sc, const World& w, ActorId a);

/// "open talks → Ukraine": an action's name and its target.
[[nodiscard]] std::string orderText(const Scenario& sc, ActionId action, ActorId target);
/// "resources: 1, oil: 2": what an order costs, short and plural-proof (empty: nothing).
[[nodiscard]] std::string costText(const Scenario& sc, const OrderOption& o);

/// One line of "what happened", and why when a chance came true.
struct Line {
    std::string text;
    std::string why;  ///< "Why: ..." in words, or empty
    HappeningKind kind = HappeningKind::Event;
};
/// A titled group of lines: Orders, Events, Shipments, Escalation, The end.
struct Group {
    std::string title;
    std::vector<Line> lines;
};
/// What `who` may see of turn `turn` (Session::visibleTo), grouped, each happening once (a
/// consequence is told by the order or event it follows from), and a computer's refused
/// orders left out. Empty groups are left out.
[[nodiscard]] std::vector<Group> happened(const Session& s, std::int64_t turn, ActorId who);
/// What only `seat` saw in turn `turn`: its secret happenings, as sentences.
[[nodiscard]] std::vector<std::string> secrets(const Session& s, std::int64_t turn, ActorId seat);

/// "event: summit", "set: calm = 0.2", "computer plays: Russia", "effects: headline".
[[nodiscard]] std::string injectText(const Scenario& sc, const GameInject& g);

}  // namespace brink::view
