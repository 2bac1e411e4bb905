#pragma once
/// "Why" traces: an expression's value taken apart into its sub-expressions as they
/// evaluated, so a story can say why a chance was what it was. Only runs that tell their
/// story pay for it; a batch never builds an Explainer.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "brink/base/ids.hpp"
#include "brink/expr/expr.hpp"

namespace brink {

struct Scenario;
class World;
class JsonWriter;

/// One sub-expression and what it evaluated to: `expr` is its source text, `terms` its
/// operands (a chain of the same `*` or `+` is one node with every operand; an `if` shows
/// its condition and the branch taken; `and`/`or` only what was evaluated).
struct Explained {
    std::string expr;
    double value = 0;          ///< numbers; conditions are 1 or 0; actors and names their ids
    ValueType type = ValueType::Num;
    std::string shown;         ///< actors and names: the id or text ("russia", "partnership")
    std::vector<Explained> terms;
    /// The node's form, for words: '*' a product of its terms, '+' a sum, '?' an if (terms:
    /// the condition, the branch taken), '#' a number written in the text; nodes the engine
    /// adds around a scenario's formula: 'x' a factor of the engine's own (its `expr` says
    /// what in words), 'c' the cap of a probability to 0..1; 'h' reasons withheld from a
    /// seat (readsHidden); 0 anything else.
    char form = 0;
    /// Its code reads what can be hidden from a seat (stocks, technology, power, deterrence,
    /// escalation scores, transfers' totals, metrics): decided from its compiled program.
    bool hidden = false;
};

/// Takes expressions of one scenario apart. It compiles each sub-expression once, into a
/// private copy of the scenario's catalogue, and evaluates it with the very VM a run uses,
/// so every value shown is the value the run computed.
class Explainer {
public:
    explicit Explainer(const Scenario& sc);
    ~Explainer();
    Explainer(const Explainer&) = delete;
    Explainer& operator=(const Explainer&) = delete;

    /// Program `p` of the scenario in world `w` with actors `b`, to `depth` levels of terms.
    [[nodiscard]] Explained explain(ProgramId p, const World& w, const Bindings& b, int depth = 8);

private:
    struct Plan;
    const Plan& plan(ProgramId p);
    std::unique_ptr<Scenario> m_scratch;
    std::map<ProgramId, std::unique_ptr<Plan>> m_plans;
};

/// Whether any sub-expression reads what a seat may not see: stocks, technology, power,
/// deterrence (made of power), escalation scores (secret orders add to them), transfers'
/// totals, metrics.
bool readsHidden(const Explained& e);
/// What a seat is shown instead of such an explanation: the chance alone, saying that its
/// reasons are the facilitator's to show (form 'h').
Explained withheld(double p);

/// The tree as JSON: {"expr", "value", "terms"} (terms left out when there are none);
/// conditions are true or false, actors and names their ids.
void writeExplained(JsonWriter& j, const Explained& e);

/// The chance `p` in words, its largest contributions first, e.g. "chance 6.7%: 4.3% from
/// escalation_score(Russia) 28 + ...; 2.4% from tension(Russia, Ukraine) 0.78 squared × ...".
/// Actor ids are shown by their names.
std::string explainInWords(const Scenario& sc, const Explained& e);

}  // namespace brink
