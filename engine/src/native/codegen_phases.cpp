// The compiled backend's phases: the rules, decisions, events and escalation phases of a
// turn (sim.cpp) partially evaluated on one scenario. Its actors, policy rules, targets,
// actions, costs, events, effects and relations are known when the module is written, so
// each becomes straight-line code: its bindings, its actors' rows and its dyads are
// constants, constant amounts are literals, and its expressions are calls of the module's
// own functions, which the compiler may inline.
//
// The semantics are the engine's, kept step for step:
// - every item of a phase is evaluated from the state at the phase's start, in the engine's
//   order, drawing the same random numbers in the same order (one per policy rule and
//   target, per event, per relation, whether or not it acts);
// - what an item will change is kept in a slot of its own (a policy rule's order, an
//   event, a rule) instead of a change record, and the slots are applied afterwards in
//   declaration order, which is the order the engine applies its records in;
// - each value is computed by the same operations in the same order (std::clamp,
//   std::max, the same additions), with -ffp-contract=off, so it rounds the same;
// - effects written here are the common ones (add to a stock or a technology level, move a
//   tension); any other effect, a shipment or an action's delayed effects, is applied by
//   calling back into the engine with the amounts evaluated here.
// The engine runs these phases only when no one watches the run (no observer: batches),
// no person gives orders and nothing is injected; otherwise it runs its own. The tests and
// the differential fuzzer compare the two, world fingerprint by fingerprint.
#include <algorithm>
#include <map>
#include <sstream>

#include "abi.hpp"
#include "codegen.hpp"
#include "brink/native/native.hpp"

namespace brink {

std::vector<const Effect*> detail::effectTable(const Scenario& sc) {
    std::vector<const Effect*> out;
    for (const auto& a : sc.actions) {
        for (const auto& e : a.effects) out.push_back(&e);
    }
    for (const auto& ev : sc.events) {
        for (const auto& e : ev.effects) out.push_back(&e);
    }
    for (const auto& r : sc.rules) {
        for (const auto& e : r.effects) out.push_back(&e);
    }
    return out;
}

namespace {

std::string lit(double v) { return detail::nativeLiteral(v); }
std::string str(std::int64_t v) { return std::to_string(v); }
/// A phase inlines every call it makes that can be (the programs, the draws), so that its
/// constant bindings and dyads fold into the programs' code.
const char* const kFlat = "__attribute__((flatten)) ";

/// Writes the phases of one scenario.
class PhaseGen {
public:
    explicit PhaseGen(const Scenario& sc) : m_sc(sc) {
        const auto table = detail::effectTable(sc);
        for (std::size_t i = 0; i < table.size(); ++i) m_effectIndex[table[i]] = static_cast<std::int32_t>(i);
    }

    std::string all() {
        std::ostringstream o;
        o << "// ---- the phases of a turn, written for this scenario (codegen_phases.cpp) ----\n";
        o << "inline uint64_t rotl_(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }\n"
             "// the engine's Rng::uniform: xoshiro256**, 53 bits\n"
             "inline double uni(uint64_t* s) {\n"
             "  const uint64_t r = rotl_(s[1] * 5, 7) * 9;\n"
             "  const uint64_t u = s[1] << 17;\n"
             "  s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= u; s[3] = rotl_(s[3], 45);\n"
             "  return (double)(r >> 11) * 0x1.0p-53;\n}\n"
             "// a program's value, as evalRun gives it (a failure is the engine's RunError)\n"
             "inline double ev_(struct BrinkNativeTurn* t, BrinkNativeFn f, int32_t n, const struct BrinkNativeBindings* b) {\n"
             "  int err = 0;\n  const double r = f(t->view, b, &err);\n  if (err != 0) t->fail(t->sim, n, err);\n  return r;\n}\n";
        // the programs by number, for the phases that run from tables (a constant's is never called)
        o << "[[maybe_unused]] const BrinkNativeFn kFns[] = {";
        for (std::size_t p = 0; p < m_sc.programs.size(); ++p) o << (p ? ", " : "") << (m_sc.programs[p].isConst ? "0" : "p" + str(static_cast<std::int64_t>(p)));
        o << (m_sc.programs.empty() ? "0" : "") << "};\n";
        rules(o);
        decisions(o);
        events(o);
        escalation(o);
        calendar(o);
        return o.str();
    }

private:
    /// A constant table of the generated code.
    static void table(std::ostringstream& o, const char* type, const std::string& name, const std::vector<std::string>& values) {
        o << "const " << type << " " << name << "[] = {";
        for (std::size_t i = 0; i < values.size(); ++i) o << (i ? ", " : "") << values[i];
        o << (values.empty() ? "0" : "") << "};\n";
    }

    /// A program's value under bindings `b` (a variable of the generated code): a constant
    /// as its literal, as evalRun returns it without evaluating.
    std::string ev(ProgramId p, const std::string& b) const {
        const Program& prog = m_sc.program(p);
        if (prog.isConst) return lit(prog.constValue);
        return "ev_(t, p" + str(p) + ", " + str(p) + ", &" + b + ")";
    }
    /// Simulation::prob: the value clamped to 0..1.
    std::string prob(ProgramId p, const std::string& b) const {
        const Program& prog = m_sc.program(p);
        if (prog.isConst) return lit(std::clamp(prog.constValue, 0.0, 1.0));
        return "std::clamp(" + ev(p, b) + ", 0.0, 1.0)";
    }
    static std::string bindings(const std::string& name, const Bindings& b) {
        return "const struct BrinkNativeBindings " + name + " = {" + str(b.self) + ", " + str(b.target) + ", " + str(b.a) + ", " +
               str(b.b) + "};";
    }
    std::string stockAt(ActorId a, AssetId s) const {
        return str(static_cast<std::int64_t>(a) * static_cast<std::int64_t>(m_sc.assets.size()) + s);
    }

    /// collectEffects: the amounts of `effects` under `b` into new slots of sv[]; returns the
    /// first slot (each effect has three: amount, detection, interdiction).
    int collect(std::ostringstream& o, const std::vector<Effect>& effects, const std::string& b, const std::string& indent) {
        const int first = m_slots;
        for (const Effect& e : effects) {
            const int k = m_slots;
            m_slots += 3;
            if (e.amount != kNone) o << indent << "sv[" << k << "] = " << ev(e.amount, b) << ";\n";
            if (e.kind == EffectKind::Transfer) {
                const TransferDef& tr = m_sc.transfers[static_cast<std::size_t>(e.ref)];
                o << indent << "sv[" << k + 1 << "] = " << prob(tr.detect, b) << ";\n";
                o << indent << "sv[" << k + 2 << "] = " << prob(tr.interdict, b) << ";\n";
            }
        }
        return first;
    }

    /// applyEffect for each of `effects` with its slots from `first`, under the bindings `b`
    /// (known here) held by the generated variable `bname`.
    void apply(std::ostringstream& o, const std::vector<Effect>& effects, int first, const Bindings& b, const std::string& bname,
               const std::string& indent) const {
        int k = first;
        for (const Effect& e : effects) {
            const std::string v = e.amount != kNone ? "sv[" + str(k) + "]" : "0.0";
            const std::string v2 = e.kind == EffectKind::Transfer ? "sv[" + str(k + 1) + "]" : "0.0";
            const std::string v3 = e.kind == EffectKind::Transfer ? "sv[" + str(k + 2) + "]" : "0.0";
            k += 3;
            const ActorId x = e.x.resolve(b), y = e.y.resolve(b);
            const std::int32_t idx = m_effectIndex.at(&e);
            switch (e.kind) {
                case EffectKind::Add: {
                    if (x == kNone) break;
                    const AssetDef& as = m_sc.assets[static_cast<std::size_t>(e.ref)];
                    const bool stock = as.kind == AssetKind::Stock;
                    const std::string at = stock ? "t->stock[" + stockAt(x, e.ref) + "]"
                                                 : "t->tech[" + str(static_cast<std::int64_t>(x) * static_cast<std::int64_t>(m_sc.domains.size()) + as.domain) + "]";
                    o << indent << "{ double& s = " << at << "; s = std::max(0.0, s + " << v << "); if (!std::isfinite(s)) t->overflow(t->sim, "
                      << (stock ? detail::kNativeStock : detail::kNativeTech) << ", " << x << ", " << e.ref << ", " << idx << "); }\n";
                    break;
                }
                case EffectKind::Tension: {
                    if (x == kNone || y == kNone) break;
                    const DyadId d = m_sc.dyad(x, y);
                    if (d == kNone) break;
                    const std::string at = "t->tension[" + str(d) + "]";
                    o << indent << at << " = std::clamp(" << (e.isTo ? v : at + " + " + v) << ", 0.0, 1.0);\n";
                    break;
                }
                case EffectKind::Headline: break;  // told only to an observer, and these phases run without one
                default:
                    o << indent << "t->effect(t->sim, " << idx << ", &" << bname << ", " << v << ", " << v2 << ", " << v3 << ");\n";
            }
        }
    }

    /// The start of a phase's function, with the empty bindings of its events and rules.
    static void open(std::ostringstream& o, const char* name) {
        o << kFlat << "void " << name << "(struct BrinkNativeTurn* t) {\n  " << bindings("none", Bindings{}) << "\n  (void)none;\n";
    }
    /// The end: the slot arrays sized now that the body is known, the body, the touch.
    void close(std::ostringstream& o, const std::ostringstream& eval, const std::ostringstream& applied, int flags) {
        o << "  double sv[" << std::max(1, m_slots) << "];\n  unsigned char sf[" << std::max(1, flags) << "] = {0};\n"
          << "  (void)sv; (void)sf;\n";
        // the stream in locals while the phase draws (a store through a char pointer would
        // otherwise make the compiler reload it for every draw), written back before applying
        o << "  uint64_t rs[4] = {t->rng[0], t->rng[1], t->rng[2], t->rng[3]};\n"
          << eval.str() << "  t->rng[0] = rs[0]; t->rng[1] = rs[1]; t->rng[2] = rs[2]; t->rng[3] = rs[3];\n"
          << "  // applied in declaration order\n" << applied.str() << "  t->touch(t->sim);\n}\n";
        m_slots = 0;
    }

    void rules(std::ostringstream& o) {
        std::ostringstream ev_, ap;
        const auto& actors = m_sc.actors;
        // production and consumption, from tables (computed amounts below 0 count as 0)
        std::vector<std::string> pa, ps, pn, pc, pp;
        for (std::size_t i = 0; i < actors.size(); ++i) {
            for (int sign = 0; sign < 2; ++sign) {
                for (const auto& p : sign == 0 ? actors[i].production : actors[i].consumption) {
                    const Program& prog = m_sc.program(p.amount);
                    pa.push_back(str(static_cast<std::int64_t>(i)));
                    ps.push_back(str(p.asset));
                    pn.push_back(str(sign));
                    pc.push_back(lit(prog.isConst ? prog.constValue : 0.0));
                    pp.push_back(str(prog.isConst ? -1 : p.amount));
                }
            }
        }
        if (!pa.empty()) {
            table(o, "int32_t", "kProdActor", pa);
            table(o, "int32_t", "kProdAsset", ps);
            table(o, "unsigned char", "kProdNeg", pn);
            table(o, "double", "kProdConst", pc);
            table(o, "int32_t", "kProdProg", pp);
            const int base = m_slots;
            m_slots += static_cast<int>(pa.size());
            if (pa.size() <= 64) {
                // a few: written out, their actors, assets and constant amounts in the code
                std::size_t k = 0;
                for (std::size_t i = 0; i < actors.size(); ++i) {
                    Bindings b;
                    b.self = static_cast<ActorId>(i);
                    for (int sign = 0; sign < 2; ++sign) {
                        for (const auto& p : sign == 0 ? actors[i].production : actors[i].consumption) {
                            const std::string slot = "sv[" + str(base + static_cast<std::int64_t>(k++)) + "]";
                            ev_ << "  { " << bindings("b", b) << " " << slot << " = " << (sign ? "-" : "") << "std::max(0.0, " << ev(p.amount, "b")
                                << "); }\n";
                            ap << "  { double& s = t->stock[" << stockAt(b.self, p.asset) << "]; s = std::max(0.0, s + " << slot
                               << "); if (!std::isfinite(s)) t->overflow(t->sim, " << detail::kNativeStock << ", " << b.self << ", " << p.asset
                               << ", -1); }\n";
                        }
                    }
                }
            } else {
            ev_ << "  for (int k = 0; k < " << pa.size() << "; ++k) {\n"
                << "    double a = kProdConst[k];\n"
                << "    if (kProdProg[k] >= 0) { const struct BrinkNativeBindings b = {kProdActor[k], -1, -1, -1}; a = ev_(t, kFns[kProdProg[k]], kProdProg[k], &b); }\n"
                << "    sv[" << base << " + k] = kProdNeg[k] ? -std::max(0.0, a) : std::max(0.0, a);\n  }\n";
            ap << "  for (int k = 0; k < " << pa.size() << "; ++k) {\n"
               << "    double& s = t->stock[(int64_t)kProdActor[k] * " << m_sc.assets.size() << " + kProdAsset[k]];\n"
               << "    s = std::max(0.0, s + sv[" << base << " + k]);\n"
               << "    if (!std::isfinite(s)) t->overflow(t->sim, " << detail::kNativeStock << ", kProdActor[k], kProdAsset[k], -1);\n  }\n";
            }
        }
        // upkeep of each actor's posture, as it stands at the phase's start
        bool upkeep = false;
        for (const auto& pd : m_sc.postures) upkeep = upkeep || !pd.upkeep.empty();
        if (upkeep) {
            ev_ << "  int32_t up[" << actors.size() << "];\n";
            for (std::size_t i = 0; i < actors.size(); ++i) {
                Bindings b;
                b.self = static_cast<ActorId>(i);
                ev_ << "  up[" << i << "] = t->posture[" << i << "];\n  {\n    " << bindings("b", b) << "\n    switch (up[" << i << "]) {\n";
                ap << "  switch (up[" << i << "]) {\n";
                for (std::size_t p = 0; p < m_sc.postures.size(); ++p) {
                    const PostureDef& pd = m_sc.postures[p];
                    if (pd.upkeep.empty()) continue;
                    ev_ << "      case " << p << ":\n";
                    ap << "    case " << p << ":\n";
                    for (const auto& u : pd.upkeep) {
                        const int k = m_slots++;
                        ev_ << "        sv[" << k << "] = std::max(0.0, " << ev(u.amount, "b") << ");\n";
                        // a posture that lapsed this phase charges no more of its upkeep
                        ap << "      if (t->posture[" << i << "] == " << p << ") { double& s = t->stock[" << stockAt(b.self, u.asset)
                           << "]; if (s + 1e-12 >= sv[" << k << "]) s = std::max(0.0, s - sv[" << k << "]); else { s = 0.0; if (t->posture["
                           << i << "] != " << m_sc.neutralPosture << ") t->posture[" << i << "] = " << m_sc.neutralPosture << "; } }\n";
                    }
                    ev_ << "        break;\n";
                    ap << "      break;\n";
                }
                ev_ << "      default: break;\n    }\n  }\n";
                ap << "    default: break;\n  }\n";
            }
        }
        // the scenario's rules
        int flag = 0;
        for (const auto& r : m_sc.rules) {
            const int f = flag++;
            ev_ << "  if (" << ev(r.when, "none") << " != 0.0) {\n    sf[" << f << "] = 1;\n";
            const int first = collect(ev_, r.effects, "none", "    ");
            ev_ << "  }\n";
            ap << "  if (sf[" << f << "]) {\n";
            apply(ap, r.effects, first, Bindings{}, "none", "    ");
            ap << "  }\n";
        }
        open(o, "phaseRules");
        close(o, ev_, ap, flag);
    }

    void decisions(std::ostringstream& o) {
        std::ostringstream ev_, ap, fns;
        int site = 0;
        const std::size_t nA = m_sc.assets.size();
        // a large scenario's actors stay functions of their own: a compiler's time grows faster
        // than the length of a function; a small one's are inlined, saving the calls
        std::size_t sites = 0;
        for (const auto& rules : m_sc.policies) {
            for (const auto& rule : rules) sites += std::max<std::size_t>(1, rule.targets.size());
        }
        const char* keep = sites > 64 ? "__attribute__((noinline)) " : "";
        for (std::size_t i = 0; i < m_sc.actors.size(); ++i) {
            const auto& rules = m_sc.policies[i];
            if (rules.empty()) continue;
            const auto actor = static_cast<ActorId>(i);
            ev_ << "  decide" << i << "(t, sv, sf, rs);\n";
            ap << "  applyDecide" << i << "(t, sv, sf);\n";
            std::ostringstream aa;
            fns << keep << kFlat << "void decide" << i << "(struct BrinkNativeTurn* t, double* sv, unsigned char* sf, uint64_t* rs) {\n  { // " << m_sc.actors[i].id << "\n    double cm[" << std::max<std::size_t>(1, nA) << "] = {0};  // costs committed, by asset\n";
            // once a turn per (action, target): a flag for each pair the actor's rules can give
            std::map<std::pair<ActionId, ActorId>, int> given;
            for (const auto& rule : rules) {
                const std::size_t nt = std::max<std::size_t>(1, rule.targets.size());
                for (std::size_t k = 0; k < nt; ++k) {
                    const ActorId tg = rule.targets.empty() ? kNone : rule.targets[k];
                    given.emplace(std::make_pair(rule.action, tg), static_cast<int>(given.size()));
                }
            }
            fns << "    bool g[" << given.size() << "] = {false};\n";
            for (const auto& rule : rules) {
                const ActionDef& a = m_sc.actions[static_cast<std::size_t>(rule.action)];
                const std::size_t nt = std::max<std::size_t>(1, rule.targets.size());
                for (std::size_t k = 0; k < nt; ++k) {
                    const int s = site++;
                    const ActorId tg = rule.targets.empty() ? kNone : rule.targets[k];
                    const int gi = given.at({rule.action, tg});
                    Bindings b;
                    b.self = actor;
                    b.target = tg;
                    Bindings ob = b;  // the order's bindings: a target only for an action that takes one
                    ob.target = a.hasTarget ? tg : kNone;
                    fns << "    {\n      const double u = uni(rs);\n      " << bindings("b", b) << "\n";
                    fns << "      if (" << ev(rule.when, "b") << " != 0.0 && u < " << prob(rule.chance, "b") << " && !g[" << gi << "]) {\n";
                    fns << "        g[" << gi << "] = true;\n        " << bindings("ob", ob) << "\n";
                    // checkOrder: by, target, then each cost against what is left
                    fns << "        if (" << ev(a.by, "ob") << " != 0.0";
                    if (a.hasTarget) fns << " && " << ev(a.target, "ob") << " != 0.0";
                    fns << ") {\n";
                    const int costs = m_slots;
                    m_slots += static_cast<int>(a.cost.size());
                    for (std::size_t c = 0; c < a.cost.size(); ++c) {
                        const AssetAmount& ca = a.cost[c];
                        fns << "          sv[" << costs + static_cast<int>(c) << "] = std::max(0.0, " << ev(ca.amount, "ob") << ");\n";
                        fns << "          if (sv[" << costs + static_cast<int>(c) << "] > t->stock[" << stockAt(actor, ca.asset) << "] - cm["
                            << ca.asset << "]) goto r" << s << ";\n";
                    }
                    for (std::size_t c = 0; c < a.cost.size(); ++c) {
                        fns << "          cm[" << a.cost[c].asset << "] += sv[" << costs + static_cast<int>(c) << "];\n";
                    }
                    fns << "          sf[" << s << "] = 1;\n";
                    int first = m_slots;
                    if (a.duration == 0) first = collect(fns, a.effects, "ob", "          ");
                    fns << "        }\n      }\n    r" << s << ":;\n    }\n";
                    // applied: the costs, the escalation score, then the effects (or their date)
                    aa << "  if (sf[" << s << "]) {\n";
                    for (std::size_t c = 0; c < a.cost.size(); ++c) {
                        aa << "    { double& s = t->stock[" << stockAt(actor, a.cost[c].asset) << "]; s = std::max(0.0, s + -sv["
                           << costs + static_cast<int>(c) << "]); if (!std::isfinite(s)) t->overflow(t->sim, " << detail::kNativeStock << ", "
                           << actor << ", " << a.cost[c].asset << ", -1); }\n";
                    }
                    aa << "    t->escScore[" << actor << "] += " << lit(a.escalation) << ";\n";
                    if (a.duration > 0) {
                        aa << "    t->schedule(t->sim, " << rule.action << ", " << actor << ", " << ob.target << ");\n";
                    } else {
                        aa << "    " << bindings("ob", ob) << "\n    (void)ob;\n";
                        apply(aa, a.effects, first, ob, "ob", "    ");
                    }
                    aa << "  }\n";
                }
            }
            fns << "  }\n}\n";
            fns << "" << keep << "void applyDecide" << i << "(struct BrinkNativeTurn* t, double* sv, unsigned char* sf) {\n"
                << aa.str() << "}\n";
        }
        o << fns.str();
        open(o, "phaseDecisions");
        close(o, ev_, ap, site);
    }

    void events(std::ostringstream& o) {
        std::ostringstream ev_, ap;
        for (std::size_t i = 0; i < m_sc.events.size(); ++i) {
            const EventDef& e = m_sc.events[i];
            ev_ << "  { // " << e.id << "\n    const double u = uni(rs);\n    if (";
            if (e.once) ev_ << "t->fired[" << i << "] == 0 && ";
            ev_ << ev(e.when, "none") << " != 0.0 && u < " << prob(e.chance, "none") << ") {\n      sf[" << i << "] = 1;\n";
            const int first = collect(ev_, e.effects, "none", "      ");
            ev_ << "    }\n  }\n";
            ap << "  if (sf[" << i << "]) {\n    ++t->fired[" << i << "];\n";
            apply(ap, e.effects, first, Bindings{}, "none", "    ");
            ap << "  }\n";
        }
        open(o, "phaseEvents");
        close(o, ev_, ap, static_cast<int>(m_sc.events.size()));
    }

    void escalation(std::ostringstream& o) {
        const auto& rels = m_sc.relations;
        if (!m_sc.hasLadder || rels.empty()) {
            // the engine runs no escalation phase without a ladder; without relations it only touches
            o << "void phaseEscalation(struct BrinkNativeTurn* t) { t->touch(t->sim); }\n";
            return;
        }
        const int top = static_cast<int>(m_sc.ladder.size()) - 1;
        auto table = [&](const char* type, const char* name, auto value, std::size_t n) {
            o << "const " << type << " " << name << "[] = {";
            for (std::size_t i = 0; i < n; ++i) o << (i ? ", " : "") << value(i);
            o << "};\n";
        };
        table("int32_t", "kRelA", [&](std::size_t i) { return str(rels[i].a); }, rels.size());
        table("int32_t", "kRelB", [&](std::size_t i) { return str(rels[i].b); }, rels.size());
        table("int32_t", "kRelD", [&](std::size_t i) { return str(m_sc.dyad(rels[i].a, rels[i].b)); }, rels.size());
        table("double", "kPostureEsc", [&](std::size_t i) { return lit(m_sc.postures[i].escalation); }, std::max<std::size_t>(1, m_sc.postures.size()));
        table("int32_t", "kRungEnds", [&](std::size_t i) { return str(m_sc.ladder[i].ends); }, m_sc.ladder.size());
        // a few relations are written out one by one, their actors and dyads constants; many
        // are read from the tables in a loop
        const bool unroll = rels.size() <= 64;
        // postures that all leave the climb as it is: x * 1.0 is x, so the product is not written
        bool neutral = true;
        for (const auto& pd : m_sc.postures) neutral = neutral && pd.escalation == 1.0;
        o << kFlat << "void phaseEscalation(struct BrinkNativeTurn* t) {\n"
          << "  signed char mv[" << rels.size() << "];\n"
          << "  uint64_t rs[4] = {t->rng[0], t->rng[1], t->rng[2], t->rng[3]};\n";
        auto draw = [&](const std::string& i, const std::string& a, const std::string& b, const std::string& d, const std::string& in) {
            o << in << "{\n"
              << in << "  const double u = uni(rs);  // one draw per dyad per turn, always\n"
              << in << "  const struct BrinkNativeBindings b = {-1, -1, " << a << ", " << b << "};\n"
              << in << "  const int d = " << d << ";\n"
              << in << "  const double mult = " << (neutral ? "1.0;  // every posture's multiplier is 1\n" : "kPostureEsc[t->posture[" + a + "]] * kPostureEsc[t->posture[" + b + "]];\n")
              << in << "  const double up = std::clamp(" << ev(m_sc.up, "b") << (neutral ? "" : " * mult") << ", 0.0, 1.0);\n"
              << in << "  const double down = std::min(" << prob(m_sc.down, "b") << ", 1.0 - up);\n"
              << in << "  int m = 0;\n"
              << in << "  if (u < up) { if (t->rung[d] < " << top << ") m = 1; }\n"
              << in << "  else if (u < up + down) { if (t->rung[d] > 0) m = -1; }\n"
              << in << "  mv[" << i << "] = (signed char)m;\n"
              << in << "}\n";
        };
        if (unroll) {
            for (std::size_t i = 0; i < rels.size(); ++i) {
                draw(str(static_cast<std::int64_t>(i)), str(rels[i].a), str(rels[i].b), str(m_sc.dyad(rels[i].a, rels[i].b)), "  ");
            }
        } else {
            o << "  for (int i = 0; i < " << rels.size() << "; ++i) ";
            draw("i", "kRelA[i]", "kRelB[i]", "kRelD[i]", "  ");
        }
        o << "  t->rng[0] = rs[0]; t->rng[1] = rs[1]; t->rng[2] = rs[2]; t->rng[3] = rs[3];\n"
          << "  t->touch(t->sim);\n"
          << "  for (int i = 0; i < " << rels.size() << "; ++i) {\n"
          << "    const int d = kRelD[i];\n"
          << "    double& x = t->tension[d];\n"
          << "    x += " << lit(m_sc.relax) << " * (t->baseline[d] - x);\n"
          << "    if (mv[i] != 0) {\n"
          << "      const int from = t->rung[d];\n"
          << "      const int to = std::clamp(from + mv[i], 0, " << std::max(0, top) << ");\n"
          << "      if (to != from) {\n"
          << "        t->rung[d] = (int16_t)to;\n"
          << "        t->peak[d] = std::max<int16_t>(t->peak[d], (int16_t)to);\n"
          << "        if (kRungEnds[to] != -1 && *t->pendingOutcome == -1) *t->pendingOutcome = kRungEnds[to];\n"
          << "      }\n    }\n  }\n"
          << "  t->touch(t->sim);\n}\n";
    }

    /// One day of the calendar phase: the day's entries evaluated from the state at the day's
    /// start, then applied in their order. Departures and arrivals of stock assets are
    /// written here; a day with any other entry (a posture taking effect, an action's
    /// delayed effects) or more entries than the slots hold is left to the engine (returns 0).
    void calendar(std::ostringstream& o) const {
        constexpr int kMax = 64;
        const auto& trs = m_sc.transfers;
        const std::size_t n = trs.size();
        std::vector<std::string> from, to, asset, stock, transit, every, until, amount, detect, interdict;
        for (const auto& tr : trs) {
            from.push_back(str(tr.from));
            to.push_back(str(tr.to));
            asset.push_back(str(tr.asset));
            stock.push_back(m_sc.assets[static_cast<std::size_t>(tr.asset)].kind == AssetKind::Stock ? "1" : "0");
            transit.push_back(str(tr.transit));
            every.push_back(str(tr.every));
            until.push_back(str(tr.until));
            auto constant = [&](ProgramId p, bool isProb) {
                if (p == kNone || !m_sc.program(p).isConst) return lit(0.0);
                const double v = m_sc.program(p).constValue;
                return lit(isProb ? std::clamp(v, 0.0, 1.0) : v);
            };
            amount.push_back(constant(tr.amount, false));
            detect.push_back(constant(tr.detect, true));
            interdict.push_back(constant(tr.interdict, true));
        }
        table(o, "int32_t", "kTrFrom", from);
        table(o, "int32_t", "kTrTo", to);
        table(o, "int32_t", "kTrAsset", asset);
        table(o, "unsigned char", "kTrStock", stock);
        table(o, "int64_t", "kTrTransit", transit);
        table(o, "int64_t", "kTrEvery", every);
        table(o, "int64_t", "kTrUntil", until);
        table(o, "double", "kTrAmount", amount);
        table(o, "double", "kTrDetect", detect);
        table(o, "double", "kTrInterdict", interdict);
        const int dep = static_cast<int>(CalKind::Departure), arr = static_cast<int>(CalKind::Arrival);
        o << kFlat << "int calendarDay(struct BrinkNativeTurn* t, const struct BrinkNativeCalEntry* due, int n, int64_t day) {\n"
          << "  if (n > " << kMax << ") return 0;\n"
          << "  t->npushed = 0;  // what the day schedules, in order: the engine puts it in its calendar after the day\n"
          << "  for (int k = 0; k < n; ++k) {\n"
          << "    if (due[k].kind != " << dep << " && due[k].kind != " << arr << ") return 0;\n  }\n"
          << "  double sv[" << 3 * kMax << "];\n"
          << "  // each departure's amount and chances, from the state at the day's start\n"
          << "  for (int k = 0; k < n; ++k) {\n"
          << "    if (due[k].kind != " << dep << ") continue;\n"
          << "    const int i = due[k].i0;\n"
          << "    sv[3 * k] = kTrAmount[i];\n    sv[3 * k + 1] = kTrDetect[i];\n    sv[3 * k + 2] = kTrInterdict[i];\n";
        // the transfers whose amount or chances are expressions evaluate them, in that order
        bool any = false;
        for (std::size_t i = 0; i < n; ++i) {
            const TransferDef& tr = trs[i];
            if (!tr.scheduled) continue;
            const bool a = !m_sc.program(tr.amount).isConst, d = !m_sc.program(tr.detect).isConst, x = !m_sc.program(tr.interdict).isConst;
            if (!a && !d && !x) continue;
            if (!any) o << "    switch (i) {\n";
            any = true;
            Bindings b;
            b.self = tr.from;
            b.target = tr.to;
            o << "      case " << i << ": {  // " << tr.id << "\n        " << bindings("b", b) << "\n";
            if (a) o << "        sv[3 * k] = " << ev(tr.amount, "b") << ";\n";
            if (d) o << "        sv[3 * k + 1] = " << prob(tr.detect, "b") << ";\n";
            if (x) o << "        sv[3 * k + 2] = " << prob(tr.interdict, "b") << ";\n";
            o << "        break;\n      }\n";
        }
        if (any) o << "      default: break;\n    }\n";
        o << "  }\n";
        // applied in their order: Simulation::arrive and Simulation::ship with the transfer's
        // constants; a technology's arrival (diminishing returns, the engine's deterministic
        // exp) is the engine's
        o << "  t->touch(t->sim);\n"
          << "  // the stream in locals: what the engine is called for here draws nothing\n"
          << "  uint64_t rs[4] = {t->rng[0], t->rng[1], t->rng[2], t->rng[3]};\n"
          << "  for (int k = 0; k < n; ++k) {\n"
          << "    const struct BrinkNativeCalEntry& e = due[k];\n"
          << "    const int i = e.i0;\n"
          << "    if (e.kind == " << arr << ") {\n"
          << "      if (!kTrStock[i]) { t->arrive(t->sim, &e, 1); continue; }\n"
          << "      struct BrinkNativeFlow& f = t->flows[i];\n"
          << "      f.inTransit = std::max(0.0, f.inTransit - e.amount);\n"
          << "      if (e.flags & 2) { f.interdicted += e.amount; continue; }\n"
          << "      f.delivered += e.amount;\n"
          << "      double& s = t->stock[(int64_t)e.i2 * " << m_sc.assets.size() << " + kTrAsset[i]];\n"
          << "      s += e.amount;\n"
          << "      if (!std::isfinite(s)) t->overflow(t->sim, " << detail::kNativeStock << ", e.i2, kTrAsset[i], -1);\n"
          << "      continue;\n    }\n"
          << "    // two draws per shipment, always, in this order\n"
          << "    const bool interdicted = uni(rs) < sv[3 * k + 2];\n"
          << "    const bool detected = uni(rs) < sv[3 * k + 1] || interdicted;\n"
          << "    double sent = std::max(0.0, sv[3 * k]);\n"
          << "    if (kTrStock[i]) { double& s = t->stock[(int64_t)kTrFrom[i] * " << m_sc.assets.size()
          << " + kTrAsset[i]]; sent = std::min(sent, s); s -= sent; }\n"
          << "    if (sent > 0.0) {\n"
          << "      struct BrinkNativeFlow& f = t->flows[i];\n"
          << "      f.sent += sent;\n"
          << "      if (!std::isfinite(f.sent)) t->overflow(t->sim, " << detail::kNativeSent << ", kTrFrom[i], kTrAsset[i], -1);\n"
          << "      ++f.shipments;\n"
          << "      if (detected) f.detected += sent;\n"
          << "      const uint8_t flags = (uint8_t)((detected ? 1 : 0) | (interdicted ? 2 : 0));\n"
          << "      if (kTrTransit[i] == 0) {\n"
          << "        const struct BrinkNativeCalEntry a = {day, 0, sent, " << arr << ", i, kTrFrom[i], kTrTo[i], " << arr << ", flags};\n"
          << "        t->arrive(t->sim, &a, 0);\n"
          << "      } else {\n        f.inTransit += sent;\n"
          << "        struct BrinkNativeCalEntry& p = t->pushed[t->npushed++];\n"
          << "        p.day = day + kTrTransit[i]; p.amount = sent; p.priority = " << arr << "; p.i0 = i; p.i1 = kTrFrom[i]; p.i2 = kTrTo[i]; p.kind = "
          << arr << "; p.flags = flags;\n      }\n    }\n"
          << "    // the next departure: this entry again, on its next day\n"
          << "    const int64_t next = e.day + kTrEvery[i];\n"
          << "    if (kTrEvery[i] > 0 && (kTrUntil[i] < 0 || next <= kTrUntil[i])) { struct BrinkNativeCalEntry& p = t->pushed[t->npushed++]; p = e; p.day = next; }\n"
          << "  }\n  t->rng[0] = rs[0]; t->rng[1] = rs[1]; t->rng[2] = rs[2]; t->rng[3] = rs[3];\n"
          << "  t->touch(t->sim);\n  return 1;\n}\n";
    }

    const Scenario& m_sc;
    std::map<const Effect*, std::int32_t> m_effectIndex;
    int m_slots = 0;
};

}  // namespace

std::string detail::nativePhases(const Scenario& sc) { return PhaseGen(sc).all(); }

}  // namespace brink
