#pragma once
// The scenario loader's internals, shared by loader*.cpp. Loading runs in two passes:
// first every id is declared (so references can point forward), then every field is
// read and every expression compiled against the complete catalogue.
#include <limits>
#include <map>
#include <tuple>
#include <string>
#include <vector>

#include "brink/scenario/loader.hpp"
#include "brink/scenario/scenario.hpp"
#include "yaml_read.hpp"

namespace brink::detail {

/// The largest magnitude a number in a scenario or a saved state may have: any finite double.
inline constexpr double kBig = std::numeric_limits<double>::max();

/// Which actor names an effect's actor slots may use.
struct SlotScope {
    bool self = false;
    bool target = false;
    bool ab = false;
};

class Loader {
public:
    Loader(Scenario& sc, YamlReader& rd, const LoadOptions& opt)
        : m_sc(sc), m_rd(rd), m_opt(opt), m_expr(sc, rd.diag(), opt.expr) {}

    void load(const YNode* root);
    /// An effects list compiled into an already loaded scenario (a game's inject).
    std::vector<Effect> extraEffects(const YNode* list, const std::string& owner);

private:
    // loader.cpp: the top level and the scenario section
    void version(const YNode* root);
    void scenarioSection(const YNode* n);
    // loader_world.cpp: the world's declarations and opening state
    void assetsSection(const YNode* n);
    void posturesSection(const YNode* n);
    void posturesUpkeep(const YNode* n);
    void ladderSection(const YNode* n);
    void escalationSection(const YNode* n);
    void blocsSection(const YNode* n);
    void actorsDeclare(const YNode* n);
    void actorsRead(const YNode* n);
    void relationsSection(const YNode* n);
    void transfersDeclare(const YNode* n);
    void transfersRead(const YNode* n);
    // loader_run.cpp: what shapes a run
    void paramsSection(const YNode* n);
    void uncertainSection(const YNode* n);
    void metricsSection(const YNode* n, bool declareOnly);
    void endSection(const YNode* n);
    void objectivesSection(const YNode* n);
    void experimentSection(const YNode* n);
    // loader.cpp: references, expressions and limits shared by every section
    void limit(const YNode* n, std::size_t count, std::size_t max, const std::string& what,
               const char* flag = "--max-items");

    // loader_rules.cpp: effects and everything that holds them
    void prescanEffects(const YNode* list, const std::string& owner);
    void rulesSection(const YNode* n);
    void actionsDeclare(const YNode* n);
    void actionsRead(const YNode* n);
    void eventsDeclare(const YNode* n);
    void eventsRead(const YNode* n);
    void policiesSection(const YNode* n);
    /// `owner` names the list in messages ("rules.supply"); `id` is its owner's bare id,
    /// which names the records of unnamed transfer effects ("supply_transfer1").
    std::vector<Effect> effects(const YNode* list, const std::string& owner, const std::string& id, SlotScope scope);
    /// `transferNo` counts the transfer effects of this list so far (names unnamed records).
    Effect effect(const YNode* item, const std::string& owner, const std::string& id, SlotScope scope, int index,
                  int transferNo);
    ActorRef actorSlot(const YNode* n, const std::string& what, SlotScope scope);
    bool between(const YNode* n, const std::string& what, SlotScope scope, ActorRef& x, ActorRef& y);
    Template templ(const YNode* n, const std::string& what, SlotScope scope);

    // saved_state.cpp
    void stateSection(const YNode* n);
    /// Checks the top-level `seal` final.yaml carries; false (reported) when it does not match.
    bool sealSection(const YNode* n);
    bool m_sealed = false;

    // shared helpers
    ProgramId expr(const YNode* n, const std::string& what, ExprScope scope, ValueType want, bool boolAsNum = false);
    ProgramId exprOr(const YNode* parent, const char* key, const std::string& what, ExprScope scope,
                     ValueType want, double fallback);
    /// A probability: an expression whose constant value, when it has one, is within [0, 1].
    ProgramId probability(const YNode* parent, const char* key, const std::string& what, ExprScope scope,
                          double fallback);
    std::int64_t dayOf(const YNode* n, const std::string& what);
    OutcomeId outcome(const std::string& name);
    TreatyId treaty(const YNode* n, const std::string& what);
    /// For short fixed lists (stances, calendar kinds).
    std::int32_t ref(const YNode* n, const std::vector<std::string>& ids, const std::string& kind,
                     const std::string& what) {
        NameIndex index;
        for (const auto& i : ids) index.add(i);
        return ref(n, index, kind, what);
    }
    std::int32_t ref(const YNode* n, const NameIndex& ids, const std::string& kind,
                     const std::string& what);
    const NameIndex& actorIds() const;
    const NameIndex& assetIds() const;
    const NameIndex& postureIds() const;
    const NameIndex& rungIds() const;
    /// A rung by id or, since ids cannot start with a digit, by its index from 0.
    RungId rungRef(const YNode* n, const std::string& what);
    /// A technology domain by name or by the id of a tech asset in it.
    DomainId domainRef(const YNode* n, const std::string& what);
    const NameIndex& transferIds() const;
    const NameIndex& eventIds() const;
    const NameIndex& actionIds() const;
    std::vector<AssetAmount> assetAmounts(const YNode* n, const std::string& what, ExprScope scope);

    Scenario& m_sc;
    YamlReader& m_rd;
    const LoadOptions& m_opt;
    ExprCompiler m_expr;
    // an expression reached through several aliases is compiled once per (node, scope, type)
    std::map<std::tuple<const YNode*, int, int, bool>, ProgramId> m_compiled;
    bool m_tooManyTreaties = false;  // said once
};

}  // namespace brink::detail
