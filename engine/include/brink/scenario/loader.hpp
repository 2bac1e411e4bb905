#pragma once
/// Loading a scenario file: every problem is collected (not only the first) and reported
/// as `path:line:col: error: what; expected ...; hint: ...`.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "brink/base/diagnostics.hpp"
#include "brink/expr/expr.hpp"
#include "brink/scenario/scenario.hpp"
#include "brink/scenario/yaml_doc.hpp"

namespace brink {

/// Sizes a scenario may have; defaults documented in docs/scenario-format.md.
struct ScenarioLimits {
    std::size_t maxActors = 1000;
    std::size_t maxAssets = 256;
    std::size_t maxItems = 10000;  ///< relations, transfers, rules, actions, events, metrics, policy rules each
    std::int64_t maxTurns = 1'000'000;
};

struct LoadOptions {
    YamlLimits yaml;
    ExprLimits expr;
    ScenarioLimits limits;
    /// Accept a `seal` that no longer matches the text (the file was edited on purpose:
    /// brink validate --reseal). The saved state is checked as strictly as ever.
    bool acceptEditedSeal = false;
};

/// Reads and checks a scenario file. Returns nullptr when `diag` holds errors.
std::shared_ptr<Scenario> loadScenarioFile(const std::string& path, Diagnostics& diag,
                                           const LoadOptions& opt = {});
/// Same, from text already in memory; `path` names it in messages.
std::shared_ptr<Scenario> loadScenarioText(std::string text, const std::string& path, Diagnostics& diag,
                                           const LoadOptions& opt = {});

/// Compiles a list of effects in the scenario's effect syntax (a game's inject) into a
/// loaded scenario: its expressions join `sc`'s code and each `transfer` effect gets its
/// record (named after `owner`), so worlds must be made after it. Actor slots take actor
/// ids only (no self or target). `list` is a node of a document whose whole text is
/// `text`; errors go to `diag` at their place in it. Returns nullopt when there were errors
/// (`sc` may then hold unused code: load it again).
std::optional<std::vector<Effect>> compileEffects(Scenario& sc, const YNode* list, const std::string& text,
                                                  const std::string& owner, Diagnostics& diag, const LoadOptions& opt = {});

/// Applies `--set name=value` overrides. Errors name the flag, not a file.
bool applySets(Scenario& sc, const std::vector<std::string>& sets, Diagnostics& diag);

}  // namespace brink
