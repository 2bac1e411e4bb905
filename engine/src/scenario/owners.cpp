// Whose action an action is (owners.hpp), read from its `by` text: `self == id` or
// `id == self`, anywhere in it (an `or` of several names several owners).
#include "brink/scenario/owners.hpp"

#include <algorithm>
#include <regex>

namespace brink {

std::vector<ActorId> actionOwners(const Scenario& sc, ActionId a) {
    const ActionDef& ad = sc.actions[static_cast<std::size_t>(a)];
    std::vector<ActorId> out;
    if (ad.by == kNone) return out;
    const std::string& by = sc.program(ad.by).source;
    static const std::regex left("\\bself\\s*==\\s*([A-Za-z_][A-Za-z0-9_]*)"), right("\\b([A-Za-z_][A-Za-z0-9_]*)\\s*==\\s*self\\b");
    for (const std::regex* re : {&left, &right}) {
        for (auto it = std::sregex_iterator(by.begin(), by.end(), *re); it != std::sregex_iterator(); ++it) {
            const ActorId x = sc.actorIndex((*it)[1].str());
            if (x != kNone && std::find(out.begin(), out.end(), x) == out.end()) out.push_back(x);
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

bool othersAction(const Scenario& sc, ActionId a, ActorId actor) {
    const auto own = actionOwners(sc, a);
    if (!own.empty() && std::find(own.begin(), own.end(), actor) == own.end()) return true;
    // `self != id`: every side's but that one's
    const ActionDef& ad = sc.actions[static_cast<std::size_t>(a)];
    if (ad.by == kNone || actor == kNone) return false;
    const std::string& by = sc.program(ad.by).source;
    const std::string& id = sc.actors[static_cast<std::size_t>(actor)].id;
    const std::regex not1("\\bself\\s*!=\\s*" + id + "\\b"), not2("\\b" + id + "\\s*!=\\s*self\\b");
    return std::regex_search(by, not1) || std::regex_search(by, not2);
}

}  // namespace brink
