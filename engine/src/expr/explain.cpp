// "Why" traces (explain.hpp). An explanation re-reads a program's source text, compiles
// each sub-expression on its own into a private copy of the scenario's catalogue, and
// evaluates each with the run's own VM. So the explanation needs no second evaluator that
// could disagree with the first: every value it shows is one the VM computed, from the
// same world, with the same operations in the same order.
#include "brink/expr/explain.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "brink/base/json.hpp"
#include "brink/base/numfmt.hpp"
#include "brink/scenario/scenario.hpp"
#include "brink/sim/world.hpp"
#include "expr_compiler.hpp"
#include "expr_parse.hpp"

namespace brink {

namespace {
/// Whether an instruction reads what a seat may not see.
bool readsHiddenOp(Op op) {
    switch (op) {
        case Op::Stock: case Op::Tech: case Op::Power: case Op::Deterrence: case Op::EscScore: case Op::Sent: case Op::Delivered:
        case Op::Interdicted: case Op::InTransit: case Op::Detected: case Op::Shipments: case Op::Metric: case Op::StockX:
        case Op::TechX: case Op::PowerX: case Op::EscScoreX: case Op::DeterrenceX:
            return true;
        default: return false;
    }
}
}  // namespace

struct Explainer::Plan {
    enum class Role : std::uint8_t { Plain, If, And, Or };
    struct Node {
        std::string text;
        ProgramId prog = kNone;  // kNone: not a value of its own (an asset's name, ...)
        ValueType type = ValueType::Num;
        Role role = Role::Plain;
        char form = 0;  // Explained::form
        bool hidden = false;  // Explained::hidden
        std::vector<int> kids;
    };
    std::vector<Node> nodes;
    int root = -1;
};

Explainer::Explainer(const Scenario& sc) : m_scratch(std::make_unique<Scenario>(sc)) {}
Explainer::~Explainer() = default;

const Explainer::Plan& Explainer::plan(ProgramId p) {
    if (const auto it = m_plans.find(p); it != m_plans.end()) return *it->second;
    auto pl = std::make_unique<Plan>();
    const std::string src = m_scratch->programs[static_cast<std::size_t>(p)].source;
    Diagnostics quiet;
    const ExprLimits lim;
    const detail::ExprErrors errs(quiet, ExprSite{});
    try {
        detail::ExprParser parser(src, lim, errs);
        const int root = parser.parse();
        const auto& ast = parser.ast;
        pl->nodes.resize(ast.size());
        // a chain of one associative operator, a * b * c, is one node with every operand,
        // unless the author grouped part of it in parentheses
        auto chain = [&](auto& self, int k, const std::string& op, std::vector<int>& out) -> void {
            const detail::Ast& n = ast[static_cast<std::size_t>(k)];
            const bool grouped = n.from < src.size() && src[n.from] == '(';
            if (n.kind == detail::Ast::Bin && n.text == op && !grouped) {
                for (int kid : n.kids) self(self, kid, op, out);
            } else {
                out.push_back(k);
            }
        };
        for (std::size_t i = 0; i < ast.size(); ++i) {
            const detail::Ast& a = ast[i];
            Plan::Node& n = pl->nodes[i];
            n.text = src.substr(a.from, a.to - a.from);
            Diagnostics d;
            detail::Compiler c(*m_scratch, d, lim, n.text, ExprSite{}, ExprScope{true, true, true});
            n.prog = c.runAnyType();
            if (n.prog != kNone) {
                const Program& pr = m_scratch->programs[static_cast<std::size_t>(n.prog)];
                n.type = pr.type;
                for (std::uint32_t k = pr.begin; k < pr.end && !n.hidden; ++k) n.hidden = readsHiddenOp(m_scratch->code[k].op);
            }
            if (a.kind == detail::Ast::Call && a.text == "if" && a.kids.size() == 3) n.role = Plan::Role::If, n.form = '?';
            if (a.kind == detail::Ast::Num) n.form = '#';
            if (a.kind == detail::Ast::And) n.role = Plan::Role::And;
            if (a.kind == detail::Ast::Or) n.role = Plan::Role::Or;
            if (a.kind == detail::Ast::Bin && (a.text == "*" || a.text == "+")) {
                n.form = a.text[0];
                for (int kid : a.kids) chain(chain, kid, a.text, n.kids);
            } else {
                n.kids = a.kids;
            }
        }
        pl->root = root;
    } catch (const detail::ExprBail&) {
        pl->nodes.clear();  // cannot happen for a program that compiled; explain() then shows the value alone
        pl->root = -1;
    }
    return *m_plans.emplace(p, std::move(pl)).first->second;
}

namespace {

void show(const Scenario& sc, Explained& e) {
    // an id is a small whole number; anything else (a bloc of no one is -1) shows as empty
    if (!(e.value >= 0) || e.value >= 1e9) return;
    const auto i = static_cast<std::size_t>(e.value);
    if (e.type == ValueType::Actor && i < sc.actors.size()) e.shown = sc.actors[i].id;
    if (e.type == ValueType::Str && i < sc.strings.size()) e.shown = sc.strings[i];
}

}  // namespace

Explained Explainer::explain(ProgramId p, const World& w, const Bindings& b, int depth) {
    const Plan& pl = plan(p);
    const Program& prog = m_scratch->programs[static_cast<std::size_t>(p)];
    Explained top;
    top.expr = prog.source;
    top.type = prog.type;
    top.value = evaluate(*m_scratch, w, p, b);
    for (std::uint32_t k = prog.begin; k < prog.end && !top.hidden; ++k) top.hidden = readsHiddenOp(m_scratch->code[k].op);
    if (pl.root < 0) return top;
    auto build = [&](auto& self, int k, int level) -> Explained {
        const Plan::Node& n = pl.nodes[static_cast<std::size_t>(k)];
        Explained e;
        e.expr = n.text;
        e.type = n.type;
        e.form = n.form;
        e.hidden = n.hidden;
        try {
            e.value = evaluate(*m_scratch, w, n.prog, b);
        } catch (const EvalError& err) {
            // alone, a part can fail where the whole did not (an overflow a min() later
            // tamed): say so, and go no deeper
            e.type = ValueType::Str;
            e.shown = err.what();
            return e;
        }
        show(*m_scratch, e);
        if (level >= depth) return e;
        auto add = [&](int kid) {
            if (pl.nodes[static_cast<std::size_t>(kid)].prog != kNone) e.terms.push_back(self(self, kid, level + 1));
        };
        switch (n.role) {
            case Plan::Role::If:  // the condition, then only the branch it chose
                add(n.kids[0]);
                if (!e.terms.empty()) add(e.terms[0].value != 0.0 ? n.kids[1] : n.kids[2]);
                break;
            case Plan::Role::And:
            case Plan::Role::Or:  // the right side only when it was evaluated
                add(n.kids[0]);
                if (!e.terms.empty() && (e.terms[0].value != 0.0) == (n.role == Plan::Role::And)) add(n.kids[1]);
                break;
            case Plan::Role::Plain:
                for (int kid : n.kids) add(kid);
                break;
        }
        return e;
    };
    Explained e = build(build, pl.root, 0);
    e.expr = top.expr;  // the whole text, even where the author wrapped it in parentheses
    e.value = top.value;
    e.type = top.type;
    e.hidden = e.hidden || top.hidden;
    return e;
}

bool readsHidden(const Explained& e) {
    return e.hidden || std::any_of(e.terms.begin(), e.terms.end(), [](const Explained& t) { return readsHidden(t); });
}

Explained withheld(double p) {
    Explained e;
    e.expr = "(withheld: it reads what only some teams can see)";
    e.value = p;
    e.form = 'h';
    return e;
}

// ---- JSON ------------------------------------------------------------------------------------

void writeExplained(JsonWriter& j, const Explained& e) {
    j.beginObject();
    j.key("expr").value(e.expr);
    j.key("value");
    switch (e.type) {
        case ValueType::Bool: j.value(e.value != 0.0); break;
        case ValueType::Actor:
        case ValueType::Str: j.value(e.shown); break;
        case ValueType::Num: j.value(e.value); break;
    }
    if (!e.terms.empty()) {
        j.key("terms").beginArray();
        for (const auto& t : e.terms) writeExplained(j, t);
        j.endArray();
    }
    j.endObject();
}

// ---- words -----------------------------------------------------------------------------------

namespace {

class Words {
public:
    Words(const Scenario& sc, const Explained& root) : m_sc(sc) { learn(root); }

    /// The chance and what made it.
    std::string chance(const Explained& e) const {
        std::string s = "chance " + formatPercent(e.value);
        if (e.form == 'h') return s + " (what made it reads what only some teams can see; the facilitator's view shows it)";
        const Explained* c = &e;
        if (e.form == 'c' && e.terms.size() == 1) {  // the engine's cap to 0..1
            c = &e.terms[0];
            s += " (the formula gives " + formatPercent(c->value) + ", capped)";
        }
        const Explained& k = core(*c);
        if (isLeafConst(k)) return s + " (a fixed chance)";
        const std::string d = detail(k);
        return d.empty() ? s : s + ": " + d;
    }

private:
    // the actors the names a, b, self and target stood for, from the tree itself
    void learn(const Explained& e) {
        if (e.type == ValueType::Actor && !e.shown.empty() &&
            (e.expr == "a" || e.expr == "b" || e.expr == "self" || e.expr == "target")) {
            const ActorId a = m_sc.actorIndex(e.shown);
            if (a != kNone) m_names[e.expr] = m_sc.actors[static_cast<std::size_t>(a)].name;
        }
        for (const auto& t : e.terms) learn(t);
    }
    static bool isLeafConst(const Explained& e) { return e.form == '#'; }
    static bool isIf(const Explained& e) { return e.form == '?' && e.terms.size() == 2; }
    static bool isProduct(const Explained& e) { return e.form == '*'; }
    static bool isSum(const Explained& e) { return e.form == '+'; }
    static bool numeric(const Explained& e) { return e.type == ValueType::Num; }
    /// What decides the value: through an if to the branch it chose, through a product of
    /// one factor that is not 1.
    static const Explained& core(const Explained& e) {
        // an if that chose a plain number stays: its condition is the reason
        if (isIf(e) && !isLeafConst(e.terms[1])) return core(e.terms[1]);
        // (not through the engine's own product: the scenario's formula is told even when it is 1)
        if (isProduct(e) && std::none_of(e.terms.begin(), e.terms.end(), [](const Explained& t) { return t.form == 'x'; })) {
            const Explained* only = nullptr;
            int n = 0;
            for (const auto& t : e.terms) {
                if (numeric(t) && t.value != 1.0) only = &t, ++n;
            }
            if (n == 1) return core(*only);
        }
        return e;
    }

    /// The text with a, b, self, target and actor ids replaced by the actors' names.
    std::string label(const std::string& text) const {
        std::string out;
        for (std::size_t i = 0; i < text.size();) {
            const char c = text[i];
            if (c == '\'' || c == '"') {
                const std::size_t close = std::min(text.find(c, i + 1), text.size() - 1);
                out += text.substr(i, close - i + 1);
                i = close + 1;
            } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
                std::size_t j = i;
                while (j < text.size() && (std::isalnum(static_cast<unsigned char>(text[j])) || text[j] == '_' || text[j] == '.')) ++j;
                const std::string word = text.substr(i, j - i);
                const auto it = m_names.find(word);
                const ActorId id = it == m_names.end() ? m_sc.actorIndex(word) : kNone;  // an actor's id: its name
                out += it != m_names.end() ? it->second : id != kNone ? m_sc.actors[static_cast<std::size_t>(id)].name : word;
                i = j;
            } else if (c == '\n' || c == ' ') {
                if (!out.empty() && out.back() != ' ') out += ' ';
                ++i;
            } else {
                out += c == '*' ? std::string("\u00d7") : std::string(1, c);
                ++i;
            }
        }
        return out;
    }
    static std::string num(double v) {
        const double a = std::fabs(v);
        return formatHuman(v, a == 0 ? 0 : a < 0.01 ? 4 : a < 1 ? 3 : 2);
    }
    std::string valued(const Explained& e) const {
        // an if by the branch it took; one that chose a plain number, by that number and why
        if (isIf(e)) {
            const Explained* n = &e;
            const Explained* cond = nullptr;
            while (isIf(*n)) cond = &n->terms[0], n = &n->terms[1];
            if (!isLeafConst(*n)) return valued(*n);
            return n->expr + " (as " + label(cond->expr) + (cond->value != 0 ? " holds)" : " does not hold)");
        }
        if (e.form == 'x') return e.expr + " " + num(e.value);
        if (e.type == ValueType::Bool) return label(e.expr) + (e.value != 0.0 ? " (true)" : " (false)");
        if (isLeafConst(e)) return e.expr;
        return label(e.expr) + " " + num(e.value);
    }
    /// A product's factors in the author's order, a repeated one as "squared", factors of 1
    /// left out, and what a compound factor below 1 does to the rest.
    std::string factors(const Explained& e, const Explained* skip = nullptr) const {
        std::vector<const Explained*> all;
        collect(e, skip, all);
        // a factor of 1 changes nothing and is left out, unless it is the scenario's whole
        // formula (beside the engine's own factors): then it is the reason
        const auto mine = std::count_if(all.begin(), all.end(), [](const Explained* t) { return t->form != 'x'; });
        std::vector<std::pair<const Explained*, int>> fs;
        for (const Explained* t : all) {
            if (numeric(*t) && t->value == 1.0 && !isLeafConst(*t) && (t->form == 'x' || mine > 1)) continue;
            if (!fs.empty() && fs.back().first->expr == t->expr) {
                ++fs.back().second;
                continue;
            }
            fs.emplace_back(t, 1);
        }
        std::string s;
        for (const auto& [f, n] : fs) {
            if (!s.empty()) s += " \u00d7 ";
            s += valued(*f);
            if (n == 2) s += " squared";
            else if (n > 2) s += " to the power " + std::to_string(n);
            if (modifier(*f) && f->value >= 0 && f->value < 1) s += effect(f->value);
        }
        return s;
    }
    /// A factor that tempers the rest (a compound one, such as (1 - deterrence(a, b)) or an
    /// if), rather than a reading of the state or a coefficient: its effect is worth saying.
    static bool modifier(const Explained& f) {
        if (f.form == 'x' || f.form == '#') return false;
        return std::any_of(f.terms.begin(), f.terms.end(), [](const Explained& t) { return t.type != ValueType::Actor && t.type != ValueType::Str; });
    }
    /// A product's factors, those of a product among them spliced in.
    static void collect(const Explained& e, const Explained* skip, std::vector<const Explained*>& out) {
        for (const auto& t : e.terms) {
            if (&t == skip) continue;
            const Explained& tc = isIf(t) ? core(t) : t;
            if (isProduct(tc)) collect(tc, skip, out);
            else out.push_back(&t);
        }
    }
    static std::string effect(double v) {
        if (v == 0) return " (rules it out)";
        if (std::fabs(v - 0.5) < 1e-9) return " (halves it)";
        return " (cuts it by " + formatHuman((1 - v) * 100, 0) + "%)";
    }
    /// A sum's parts, the largest first, each with what made it.
    std::string parts(const Explained& c) const {
        std::vector<const Explained*> ps;
        for (const auto& t : c.terms) {
            if (numeric(t) && t.value != 0.0) ps.push_back(&t);
        }
        std::stable_sort(ps.begin(), ps.end(),
                         [](const Explained* x, const Explained* y) { return std::fabs(x->value) > std::fabs(y->value); });
        std::string s;
        for (const Explained* t : ps) {
            if (!s.empty()) s += "; ";
            s += (t->value < 0 ? "-" : "") + formatPercent(std::fabs(t->value)) + " from ";
            const Explained& tc = core(*t);
            s += isProduct(tc) ? factors(tc) : valued(tc);
        }
        return s;
    }
    std::string detail(const Explained& c) const {
        if (isSum(c)) return parts(c);
        if (isProduct(c)) {
            // a product with a sum among its factors (those of inner products too): the
            // sum's parts, then what multiplies them
            std::vector<const Explained*> all;
            collect(c, nullptr, all);
            for (const Explained* t : all) {
                const Explained& tc = core(*t);
                if (!isSum(tc) || tc.value == 0) continue;
                std::string s = parts(tc);
                const std::string rest = factors(c, t);
                return rest.empty() ? s : s + "; all \u00d7 " + rest;
            }
            return factors(c);
        }
        return valued(c);
    }

    const Scenario& m_sc;
    std::map<std::string, std::string> m_names;
};

}  // namespace

std::string explainInWords(const Scenario& sc, const Explained& e) { return Words(sc, e).chance(e); }

}  // namespace brink
