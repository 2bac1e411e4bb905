// Loading what acts on the world: effects, rules, actions, events and policies.
#include <cmath>

#include "loader_impl.hpp"

namespace brink::detail {

namespace {
const std::vector<std::string>& effectNames() {
    static const std::vector<std::string> v = {"add",      "tension", "stance", "rung",     "posture", "resolve",
                                               "stability", "transfer", "treaty", "headline", "end"};
    return v;
}

ExprScope exprScope(SlotScope s) { return ExprScope{s.self, s.target, s.ab}; }

// Name given to the k-th transfer effect of `owner` when it has no id of its own
// (usable bare in expressions: delivered(arm_ally_transfer1)).
std::string transferRecordId(const std::string& owner, int k) { return owner + "_transfer" + std::to_string(k); }
}  // namespace

void Loader::prescanEffects(const YNode* list, const std::string& owner) {
    if (!list || !list->isSeq()) return;
    int transfers = 0;
    for (const YNode* item : list->items) {
        if (!item->isMap() || item->entries.size() != 1) continue;
        const auto& [k, v] = item->entries.front();
        if (k->value == "treaty" && v->isMap()) {
            if (const YNode* id = v->get("id")) (void)treaty(id, "treaty id");
        } else if (k->value == "end" && v->isScalar()) {
            if (v->value != "horizon" && !m_rd.id(v, "end outcome").empty()) (void)outcome(v->value);
        } else if (k->value == "transfer" && v->isMap()) {
            ++transfers;
            TransferDef t;
            t.scheduled = false;
            t.loc = v->loc;
            if (const YNode* id = v->get("id")) t.id = m_rd.id(id, "transfer id");
            else t.id = transferRecordId(owner, transfers);
            if (t.id.empty()) continue;
            if (m_sc.find(transferIds(), t.id) != kNone) {
                m_rd.error(v->get("id") ? v->get("id") : v, "duplicate transfer " + q(t.id), "each transfer id once",
                           "give this transfer effect its own id");
                continue;
            }
            m_sc.transferIds.add(t.id);
            m_sc.transfers.push_back(std::move(t));
        }
    }
}

ActorRef Loader::actorSlot(const YNode* n, const std::string& what, SlotScope scope) {
    ActorRef r;
    if (!n || !n->isScalar()) {
        std::string expected = "an actor id";
        if (scope.self) expected += scope.target ? ", self or target" : " or self";
        if (scope.ab) expected += ", a or b";
        m_rd.error(n, what + " is " + (n ? "not a name" : "missing"), expected);
        return r;
    }
    const std::string& s = n->value;
    auto bound = [&](bool ok, ActorRef::Kind k, const char* where) {
        if (!ok) m_rd.error(n, q(s) + " is not defined in " + what, "an actor id", where);
        else r.kind = k;
        return r;
    };
    if (s == "self") return bound(scope.self, ActorRef::Kind::Self, "self is bound in actions");
    if (s == "target") return bound(scope.target, ActorRef::Kind::Target, "target is bound in actions that have a target condition");
    if ((s == "a" || s == "b") && (scope.ab || m_sc.actorIndex(s) == kNone)) {
        return bound(scope.ab, s == "a" ? ActorRef::Kind::A : ActorRef::Kind::B, "a and b are bound only in escalation");
    }
    r.id = ref(n, actorIds(), "actor", what);
    return r;
}

bool Loader::between(const YNode* n, const std::string& what, SlotScope scope, ActorRef& x, ActorRef& y) {
    if (!n) {
        m_rd.error(n, what + " has no 'between'", "between: [A, B]");
        return false;
    }
    if (!m_rd.isSeq(n, what + ".between", "[A, B]")) return false;
    if (n->items.size() != 2) {
        m_rd.error(n, what + ".between has " + std::to_string(n->items.size()) + " actors", "exactly two: [A, B]");
        return false;
    }
    x = actorSlot(n->items[0], what + ".between", scope);
    y = actorSlot(n->items[1], what + ".between", scope);
    return true;
}

Template Loader::templ(const YNode* n, const std::string& what, SlotScope scope) {
    Template t;
    const std::string s = m_rd.text(n, what);
    const ExprSite base = n ? m_rd.site(n) : ExprSite{};
    std::string lit;
    auto flush = [&] {
        if (!lit.empty()) {
            Template::Part p;
            p.text = lit;
            t.parts.push_back(std::move(p));
            lit.clear();
        }
    };
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '{' && i + 1 < s.size() && s[i + 1] == '{') {
            lit += '{';
            ++i;
        } else if (s[i] == '}' && i + 1 < s.size() && s[i + 1] == '}') {
            lit += '}';
            ++i;
        } else if (s[i] == '{') {
            const std::size_t close = s.find('}', i);
            if (close == std::string::npos) {
                SourceLoc l = base.loc;
                if (base.exact) l.col += static_cast<std::uint32_t>(i);
                m_rd.diag().error(l, "unclosed '{' in " + what, "{name} or {expression}", "write {{ for a literal brace");
                return t;
            }
            flush();
            std::string inner = s.substr(i + 1, close - i - 1);
            Template::Part p;
            const bool isSlot = (inner == "self" && scope.self) || (inner == "target" && scope.target) ||
                                ((inner == "a" || inner == "b") && scope.ab) || m_sc.actorIndex(inner) != kNone;
            if (isSlot) {
                p.isActor = true;
                if (inner == "self") p.actor.kind = ActorRef::Kind::Self;
                else if (inner == "target") p.actor.kind = ActorRef::Kind::Target;
                else if (inner == "a" && scope.ab) p.actor.kind = ActorRef::Kind::A;
                else if (inner == "b" && scope.ab) p.actor.kind = ActorRef::Kind::B;
                else p.actor.id = m_sc.actorIndex(inner);
            } else {
                ExprSite site = base;
                if (base.exact) site.loc.col += static_cast<std::uint32_t>(i + 1);
                p.expr = m_expr.compile(inner, site, exprScope(scope), ValueType::Num, true);
            }
            t.parts.push_back(std::move(p));
            i = close;
        } else {
            lit += s[i];
        }
    }
    flush();
    return t;
}

Effect Loader::effect(const YNode* item, const std::string& owner, const std::string& ownerId, SlotScope scope,
                      int index, int transferNo) {
    Effect e;
    e.loc = item->loc;
    const std::string where = owner + " effect " + std::to_string(index + 1);
    if (!item->isMap() || item->entries.size() != 1) {
        m_rd.error(item, where + " is not a single effect", "one key per effect, such as - add: {actor, asset, amount}",
                   item->isMap() ? "start each effect with its own '-'" : "");
        e.kind = EffectKind::Headline;
        return e;
    }
    const YNode* k = item->entries.front().first;
    const YNode* v = item->entries.front().second;  // named, not a structured binding: lambdas below capture it
    const std::string& kind = k->value;
    const std::int32_t ki = m_sc.find(effectNames(), kind);
    if (ki == kNone) {
        m_rd.error(k, "unknown effect " + q(kind) + " in " + owner, "one of " + joinList(effectNames()),
                   suggest(kind, effectNames()));
        e.kind = EffectKind::Headline;
        return e;
    }
    e.kind = static_cast<EffectKind>(ki);
    const std::string ctx = owner + "." + kind;
    const ExprScope es = exprScope(scope);
    auto amountOf = [&](const char* key, const char* expected) -> ProgramId {
        const YNode* x = v->get(key);
        if (!x) {
            m_rd.missing(v, key, ctx, expected);
            return kNone;
        }
        return expr(x, ctx + "." + key, es, ValueType::Num);
    };
    auto deltaOrTo = [&]() {
        const YNode* d = v->get("delta");
        const YNode* t = v->get("to");
        if ((d == nullptr) == (t == nullptr)) {
            m_rd.error(v, ctx + " needs exactly one of delta or to", "delta: change or to: new value");
            return;
        }
        e.isTo = t != nullptr;
    };
    switch (e.kind) {
        case EffectKind::Add:
            if (!m_rd.keys(v, ctx, {"actor", "asset", "amount"})) break;
            e.x = actorSlot(v->get("actor"), ctx + ".actor", scope);
            e.ref = ref(v->get("asset"), assetIds(), "asset", ctx + ".asset");
            e.amount = amountOf("amount", "an amount (may be negative)");
            break;
        case EffectKind::Tension:
            if (!m_rd.keys(v, ctx, {"between", "delta", "to"})) break;
            between(v->get("between"), ctx, scope, e.x, e.y);
            deltaOrTo();
            if (v->get("delta") || v->get("to")) e.amount = expr(v->get(e.isTo ? "to" : "delta"), ctx, es, ValueType::Num);
            break;
        case EffectKind::Stance: {
            if (!m_rd.keys(v, ctx, {"between", "to"})) break;
            between(v->get("between"), ctx, scope, e.x, e.y);
            std::vector<std::string> names(std::begin(kStanceNames), std::end(kStanceNames));
            if (const YNode* t = v->get("to")) e.ref = ref(t, names, "stance", ctx + ".to");
            else m_rd.missing(v, "to", ctx, "a stance");
            break;
        }
        case EffectKind::Rung:
            if (!m_rd.keys(v, ctx, {"between", "delta", "to"})) break;
            if (!m_sc.hasLadder) {
                m_rd.error(k, ctx + " changes a rung but there is no ladder", "a ladder", "add a ladder");
                break;
            }
            between(v->get("between"), ctx, scope, e.x, e.y);
            deltaOrTo();
            if (e.isTo) e.ref = rungRef(v->get("to"), ctx + ".to");
            else if (v->get("delta")) e.amount = expr(v->get("delta"), ctx + ".delta", es, ValueType::Num);
            break;
        case EffectKind::Posture:
            if (!m_rd.keys(v, ctx, {"actor", "to"})) break;
            e.x = actorSlot(v->get("actor"), ctx + ".actor", scope);
            if (const YNode* t = v->get("to")) e.ref = ref(t, postureIds(), "posture", ctx + ".to");
            else m_rd.missing(v, "to", ctx, "a posture id");
            break;
        case EffectKind::Resolve:
        case EffectKind::Stability:
            if (!m_rd.keys(v, ctx, {"actor", "delta"})) break;
            e.x = actorSlot(v->get("actor"), ctx + ".actor", scope);
            e.amount = amountOf("delta", "a change between -1 and 1");
            break;
        case EffectKind::Transfer: {
            if (!m_rd.keys(v, ctx, {"id", "from", "to", "asset", "amount", "transit", "detect", "interdict"})) break;
            // the record was declared by prescanEffects; find it by the same naming rule
            // the record prescanEffects declared for this (owner, k), by the same naming rule
            const std::string id = v->get("id") && v->get("id")->isScalar() ? v->get("id")->value
                                                                            : transferRecordId(ownerId, transferNo);
            e.ref = m_sc.find(transferIds(), id);
            if (e.ref == kNone) {
                // prescanEffects declared every record or reported why not; anything else is
                // a Brink bug, and must not pass silently as an effect that does nothing
                if (m_rd.diag().ok()) m_rd.error(v, "internal error: no record for this transfer effect", {}, "please report it");
                break;
            }
            TransferDef& t = m_sc.transfers[static_cast<std::size_t>(e.ref)];
            t.fromRef = actorSlot(v->get("from"), ctx + ".from", scope);
            t.toRef = actorSlot(v->get("to"), ctx + ".to", scope);
            t.from = t.fromRef.kind == ActorRef::Kind::Fixed ? t.fromRef.id : kNone;
            t.to = t.toRef.kind == ActorRef::Kind::Fixed ? t.toRef.id : kNone;
            t.asset = ref(v->get("asset"), assetIds(), "asset", ctx + ".asset");
            t.amount = amountOf("amount", "an amount to send");
            if (const YNode* x = v->get("transit")) t.transit = m_rd.integer(x, ctx + ".transit", 0, 100000);
            t.detect = probability(v, "detect", ctx + ".detect", es, 0.0);
            t.interdict = probability(v, "interdict", ctx + ".interdict", es, 0.0);
            if (t.fromRef.kind == t.toRef.kind && (t.fromRef.kind != ActorRef::Kind::Fixed || t.fromRef.id == t.toRef.id) &&
                v->get("from") && v->get("to")) {
                m_rd.error(v->get("to"), ctx + " sends to its own sender", "two different actors");
            }
            e.x = t.fromRef;
            e.y = t.toRef;
            e.amount = t.amount;
            break;
        }
        case EffectKind::Treaty:
            if (!m_rd.keys(v, ctx, {"between", "id"})) break;
            between(v->get("between"), ctx, scope, e.x, e.y);
            if (const YNode* t = v->get("id")) e.ref = treaty(t, ctx + ".id");
            else m_rd.missing(v, "id", ctx, "a treaty id");
            break;
        case EffectKind::Headline:
            if (!v->isScalar()) {
                m_rd.error(v, ctx + " is not text", "headline: \"text with {self} and {target}\"");
                break;
            }
            e.text = templ(v, ctx, scope);
            break;
        case EffectKind::End: {
            const std::string o = m_rd.id(v, ctx);
            if (o == "horizon") m_rd.error(v, "outcome 'horizon' is reserved", "another outcome name");
            else if (!o.empty()) e.ref = outcome(o);
            break;
        }
    }
    return e;
}

std::vector<Effect> Loader::effects(const YNode* list, const std::string& owner, const std::string& id, SlotScope scope) {
    std::vector<Effect> out;
    if (!list) return out;
    if (!m_rd.isSeq(list, owner + ".effects", "a list of effects (- add: {...})")) return out;
    int i = 0, transfers = 0;
    for (const YNode* item : list->items) {
        const bool isTransfer = item->isMap() && item->entries.size() == 1 && item->entries.front().first->value == "transfer";
        if (isTransfer) ++transfers;
        out.push_back(effect(item, owner, id, scope, i++, transfers));
    }
    return out;
}

std::vector<Effect> Loader::extraEffects(const YNode* list, const std::string& owner) {
    m_rd.duplicates(list);
    prescanEffects(list, owner);
    return effects(list, owner, owner, {});
}

void Loader::rulesSection(const YNode* n) {
    if (!n || !m_rd.isSeq(n, "rules", "a list of - {id, when, effects}")) return;
    limit(n, n->items.size(), m_opt.limits.maxItems, "rules");
    for (const YNode* item : n->items) {
        if (!m_rd.keys(item, "a rule", {"id", "when", "effects"})) continue;
        RuleDef r;
        if (const YNode* x = item->get("id")) r.id = m_rd.id(x, "rule id");
        else m_rd.missing(item, "id", "a rule", "a name");
        const std::string ctx = "rules." + r.id;
        r.when = exprOr(item, "when", ctx + ".when", {}, ValueType::Bool, 1.0);
        if (const YNode* x = item->get("effects")) r.effects = effects(x, ctx, r.id.empty() ? "rule" : r.id, {});
        else m_rd.missing(item, "effects", ctx, "a list of effects");
        m_sc.rules.push_back(std::move(r));
    }
}

void Loader::actionsDeclare(const YNode* n) {
    if (!n || !m_rd.isMap(n, "actions", "id: {name, by, target, cost, ...} pairs")) return;
    limit(n, n->entries.size(), m_opt.limits.maxItems, "actions");
    for (const auto& [k, v] : n->entries) {
        ActionDef a;
        a.id = m_rd.id(k, "action id");
        if (a.id.empty() || m_sc.actionIds.find(a.id) != kNone) continue;
        m_sc.actionIds.add(a.id);
        m_sc.actions.push_back(std::move(a));
    }
}

void Loader::actionsRead(const YNode* n) {
    if (!n || !n->isMap()) return;
    for (const auto& [k, v] : n->entries) {
        const ActionId id = m_sc.find(actionIds(), k->value);
        if (id == kNone) continue;
        ActionDef& a = m_sc.actions[static_cast<std::size_t>(id)];
        const std::string ctx = "actions." + a.id;
        a.name = a.id;
        if (!m_rd.keys(v, ctx, {"name", "by", "target", "cost", "escalation", "duration", "public", "effects", "headline"})) continue;
        if (const YNode* x = v->get("name")) a.name = m_rd.text(x, ctx + ".name");
        a.hasTarget = v->get("target") != nullptr;
        const SlotScope scope{true, a.hasTarget, false};
        a.by = exprOr(v, "by", ctx + ".by", ExprScope{true, false, false}, ValueType::Bool, 1.0);
        if (a.hasTarget) a.target = expr(v->get("target"), ctx + ".target", ExprScope{true, true, false}, ValueType::Bool);
        if (const YNode* x = v->get("cost")) a.cost = assetAmounts(x, ctx + ".cost", exprScope(scope));
        if (const YNode* x = v->get("escalation")) a.escalation = m_rd.number(x, ctx + ".escalation", -1e6, 1e6);
        if (const YNode* x = v->get("duration")) a.duration = m_rd.integer(x, ctx + ".duration", 0, 100000);
        if (const YNode* x = v->get("public")) a.isPublic = m_rd.boolean(x, ctx + ".public", true);
        if (const YNode* x = v->get("effects")) a.effects = effects(x, ctx, a.id, scope);
        if (const YNode* x = v->get("headline")) a.headline = templ(x, ctx + ".headline", scope);
    }
}

void Loader::eventsDeclare(const YNode* n) {
    if (!n || !m_rd.isMap(n, "events", "id: {name, when, chance, once, effects, headline} pairs")) return;
    limit(n, n->entries.size(), m_opt.limits.maxItems, "events");
    for (const auto& [k, v] : n->entries) {
        EventDef e;
        e.id = m_rd.id(k, "event id");
        if (e.id.empty() || m_sc.eventIds.find(e.id) != kNone) continue;
        m_sc.eventIds.add(e.id);
        m_sc.events.push_back(std::move(e));
    }
}

void Loader::eventsRead(const YNode* n) {
    if (!n || !n->isMap()) return;
    for (const auto& [k, v] : n->entries) {
        const EventId id = m_sc.find(eventIds(), k->value);
        if (id == kNone) continue;
        EventDef& e = m_sc.events[static_cast<std::size_t>(id)];
        const std::string ctx = "events." + e.id;
        e.name = e.id;
        if (!m_rd.keys(v, ctx, {"name", "when", "chance", "once", "effects", "headline"})) continue;
        if (const YNode* x = v->get("name")) e.name = m_rd.text(x, ctx + ".name");
        e.when = exprOr(v, "when", ctx + ".when", {}, ValueType::Bool, 1.0);
        e.chance = probability(v, "chance", ctx + ".chance", {}, 1.0);
        if (const YNode* x = v->get("once")) e.once = m_rd.boolean(x, ctx + ".once");
        if (const YNode* x = v->get("effects")) e.effects = effects(x, ctx, e.id, {});
        if (const YNode* x = v->get("headline")) e.headline = templ(x, ctx + ".headline", {});
    }
}

void Loader::policiesSection(const YNode* n) {
    m_sc.policies.assign(m_sc.actors.size(), {});
    if (!n || !m_rd.isMap(n, "policies", "actor: [list of {when, do, target, chance}] pairs")) return;
    for (const auto& [k, v] : n->entries) {
        const ActorId actor = ref(k, actorIds(), "actor", "policies");
        if (actor == kNone) continue;
        const std::string ctx = "policies." + k->value;
        if (!m_rd.isSeq(v, ctx, "a list of - {when, do, target, chance, why}")) continue;
        limit(v, v->items.size(), m_opt.limits.maxItems, ctx);
        for (const YNode* item : v->items) {
            if (!m_rd.keys(item, "a policy rule of " + k->value, {"when", "do", "target", "chance", "why"})) continue;
            PolicyRule r;
            const YNode* doN = item->get("do");
            if (!doN) {
                m_rd.missing(item, "do", "a policy rule of " + k->value, "an action id");
                continue;
            }
            r.action = ref(doN, actionIds(), "action", ctx + " do");
            const YNode* tn = item->get("target");
            if (tn) {
                auto one = [&](const YNode* x) {
                    const ActorId t = ref(x, actorIds(), "actor", ctx + " target");
                    if (t != kNone) r.targets.push_back(t);
                };
                if (tn->isSeq()) {
                    if (tn->items.empty()) {
                        m_rd.error(tn, "the target list of a policy rule of " + k->value + " is empty",
                                   "at least one actor id", "remove the rule, or name its targets");
                    }
                    for (const YNode* x : tn->items) one(x);
                } else {
                    one(tn);
                }
            }
            if (r.action != kNone) {
                const ActionDef& a = m_sc.actions[static_cast<std::size_t>(r.action)];
                if (a.hasTarget && tn && r.targets.empty()) continue;  // reported above
                if (a.hasTarget && !tn) {
                    m_rd.error(item, "action " + q(a.id) + " needs a target in " + ctx, "target: an actor id (or a list)",
                               "the action has a target condition");
                } else if (!a.hasTarget && tn) {
                    m_rd.error(tn, "action " + q(a.id) + " takes no target", "no target key",
                               "add a target condition to the action to give it one");
                }
            }
            const ExprScope scope{true, tn != nullptr, false};
            r.when = exprOr(item, "when", ctx + " when", scope, ValueType::Bool, 1.0);
            r.chance = probability(item, "chance", ctx + " chance", scope, 1.0);
            if (const YNode* x = item->get("why")) r.why = m_rd.text(x, ctx + " why");
            m_sc.policies[static_cast<std::size_t>(actor)].push_back(std::move(r));
        }
    }
}

}  // namespace brink::detail
