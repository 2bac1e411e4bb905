// Expression compiler, names and calls: a name (turn, day, self, params.x, an actor id) and
// a function call, checked against the table in expr_functions.cpp for arity, argument
// kinds and static names (assets, domains, transfers, events, metrics, treaties).
// Constant calls of min, max, clamp and abs are folded here.
#include <algorithm>
#include <cmath>

#include "expr_compiler.hpp"

namespace brink::detail {

std::vector<std::string> Compiler::nameCandidates() const {
    std::vector<std::string> v = {"turn", "day", "true", "false"};
    if (m_scope.self) v.push_back("self");
    if (m_scope.target) v.push_back("target");
    if (m_scope.ab) {
        v.push_back("a");
        v.push_back("b");
    }
    for (const auto& p : m_sc.paramNames) v.push_back("params." + p);
    for (const auto& a : m_sc.actors) v.push_back(a.id);
    return v;
}

Typed Compiler::genName(const Ast& a) {
    const std::string& n = a.text;
    Typed t;
    t.pos = a.pos;
    auto bound = [&](bool ok, const char* name, Op op, const char* where) -> Typed {
        if (!ok) {
            fail(a.pos, std::string("'") + name + "' is not defined here", "names this field can use",
                 where);
        }
        emit(op, 0, 0, 0, +1);
        t.type = ValueType::Actor;
        return t;
    };
    if (n == "turn") {
        emit(Op::Turn, 0, 0, 0, +1);
        return t;
    }
    if (n == "day") {
        emit(Op::Day, 0, 0, 0, +1);
        return t;
    }
    if (n == "self") return bound(m_scope.self, "self", Op::Self, "self is bound in actions, policies, objectives and production");
    if (n == "target") return bound(m_scope.target, "target", Op::Target, "target is bound in an action's target condition and effects, and in policies with a target");
    // a and b name the dyad's sides where bound; elsewhere they may be actor ids
    if (n == "a" && (m_scope.ab || m_sc.actorIndex(n) == kNone)) return bound(m_scope.ab, "a", Op::A, "a and b are bound in escalation.up and escalation.down");
    if (n == "b" && (m_scope.ab || m_sc.actorIndex(n) == kNone)) return bound(m_scope.ab, "b", Op::B, "a and b are bound in escalation.up and escalation.down");
    if (n.rfind("params.", 0) == 0) {
        const std::string p = n.substr(7);
        const ParamId id = m_sc.paramIndex(p);
        if (id == kNone) {
            fail(a.pos, "unknown parameter '" + p + "'", "a name declared under params or uncertain",
                 suggest(p, m_sc.paramNames));
        }
        emit(Op::Param, 0, static_cast<std::uint32_t>(id), 0, +1);
        return t;
    }
    if (const ActorId id = m_sc.actorIndex(n); id != kNone) {
        return fixedActor(id, a.pos);
    }
    if (findSig(n)) {
        fail(a.pos, "'" + n + "' is a function", "a call such as " + std::string(findSig(n)->usage));
    }
    if (n == "params") fail(a.pos, "'params' needs a name", "params.<name>");
    fail(a.pos, "unknown name '" + n + "'", "a number, turn, day, params.<name>, an actor id or a function call",
         suggest(n, nameCandidates()));
}

// A static name argument (asset, domain, transfer, ...): an identifier or a quoted string.
std::int32_t Compiler::staticName(const Ast& a, ArgKind kind, const FnSig& sig, std::size_t argNo) {
    const char* what = "";
    const NameIndex* cands = nullptr;
    switch (kind) {
        case ArgKind::Asset: what = "asset"; cands = &m_sc.assetIds; break;
        case ArgKind::Domain: what = "domain"; cands = &m_sc.domains; break;
        case ArgKind::Transfer: what = "transfer"; cands = &m_sc.transferIds; break;
        case ArgKind::Event: what = "event"; cands = &m_sc.eventIds; break;
        case ArgKind::Metric: what = "metric"; cands = &m_sc.metricIds; break;
        case ArgKind::Treaty: what = "treaty"; cands = &m_sc.treaties; break;
        default: break;
    }
    if (a.kind != Ast::Name && a.kind != Ast::Str) {
        fail(a.pos, std::string("argument ") + std::to_string(argNo + 1) + " of " + sig.name + " must name " + article(what),
             article(what) + " id, as in " + sig.usage);
    }
    const std::string& n = a.text;
    std::int32_t idx = cands->find(n);
    if (idx == kNone && kind == ArgKind::Domain) {
        // a tech asset's id stands for its domain: tech(A, missile_know_how)
        const AssetId as = m_sc.assetIndex(n);
        if (as != kNone && m_sc.assets[static_cast<std::size_t>(as)].kind == AssetKind::Tech) {
            idx = m_sc.assets[static_cast<std::size_t>(as)].domain;
        }
    }
    if (idx == kNone) {
        fail(a.pos, std::string("unknown ") + what + " '" + n + "'", article(what) + " id",
             suggest(n, cands->list()));
    }
    if (kind == ArgKind::Asset && m_sc.assets[static_cast<std::size_t>(idx)].kind == AssetKind::Tech) {
        const auto& as = m_sc.assets[static_cast<std::size_t>(idx)];
        fail(a.pos, "asset '" + n + "' is a technology, not a stock", "a stock asset",
             "use tech(actor, " + m_sc.domains[static_cast<std::size_t>(as.domain)] + ")");
    }
    return idx;
}

Typed Compiler::genActorArg(int k, const FnSig& sig, std::size_t argNo) {
    const Ast& a = m_ast[static_cast<std::size_t>(k)];
    if (a.kind == Ast::Str) {
        const ActorId id = m_sc.actorIndex(a.text);
        if (id == kNone) {
            fail(a.pos, "unknown actor '" + a.text + "'", "an actor id", suggest(a.text, actorIds()));
        }
        return fixedActor(id, a.pos);
    }
    if (a.kind == Ast::Name && m_sc.actorIndex(a.text) == kNone && a.text != "self" && a.text != "target" &&
        !((a.text == "a" || a.text == "b") && m_scope.ab)) {
        std::string expected = "an actor id";
        if (m_scope.self) expected += m_scope.target ? ", self or target" : " or self";
        if (m_scope.ab) expected += ", a or b";
        fail(a.pos, "unknown actor '" + a.text + "'", expected, suggest(a.text, actorIds()));
    }
    const Typed t = gen(k);
    if (t.type != ValueType::Actor) {
        fail(t.pos, std::string("argument ") + std::to_string(argNo + 1) + " of " + sig.name + " is " +
                        typeName(t.type),
             std::string("an actor, as in ") + sig.usage);
    }
    return t;
}

Typed Compiler::genCall(const Ast& a) {
    const FnSig* sig = findSig(a.text);
    if (!sig) {
        std::vector<std::string> names = functionNames();
        fail(a.pos, "unknown function '" + a.text + "'", "one of the built-in functions", suggest(a.text, names));
    }
    const std::size_t argc = a.kids.size();
    auto arityFail = [&](const std::string& count) {
        fail(a.pos, std::string(sig->name) + " takes " + count + " but was given " + std::to_string(argc),
             sig->usage);
    };
    const int depth0 = m_depth;
    const std::uint32_t start = here();
    Typed out;
    out.pos = a.pos;
    if (sig->op == Op::Jz) {  // if(c, x, y): only the chosen branch runs
        if (argc != 3) arityFail("3 arguments");
        need(a.kids[0], ValueType::Bool, "the condition of if");
        const std::uint32_t jz = here();
        emit(Op::Jz, 0, 0, 0, -1);
        const Typed x = gen(a.kids[1]);
        const std::uint32_t jmp = here();
        emit(Op::Jmp, 0, 0, 0, -1);
        m_sc.code[jz].arg = here();
        const Typed y = gen(a.kids[2]);
        m_sc.code[jmp].arg = here();
        if (x.type != y.type) {
            fail(y.pos, std::string("the two branches of if differ: ") + typeName(x.type) + " and " + typeName(y.type),
                 "branches of the same type");
        }
        out.type = x.type;
        out.domain = x.domain == y.domain ? x.domain : StrDomain::Any;
        return out;
    }
    const bool variadic = sig->op == Op::Min || sig->op == Op::Max;
    if (sig->op == Op::PeakRung && argc == 0) {
        emit(Op::PeakRungAll, 0, 0, 0, +1);
        return out;
    }
    if (variadic) {
        if (argc < 2) arityFail("at least 2 arguments");
        if (argc > 32) arityFail("at most 32 arguments");
    } else if (argc != sig->args.size()) {
        arityFail(std::to_string(sig->args.size()) + (sig->args.size() == 1 ? " argument" : " arguments"));
    }
    std::uint32_t staticArg = 0;
    int pushed = 0;
    bool allConst = true;
    double vals[3] = {0, 0, 0};
    for (std::size_t i = 0; i < argc; ++i) {
        const ArgKind kind = variadic ? ArgKind::Num : sig->args[i];
        const Ast& arg = m_ast[static_cast<std::size_t>(a.kids[i])];
        switch (kind) {
            case ArgKind::Num: {
                const Typed t = need(a.kids[i], ValueType::Num, (std::string("argument ") + std::to_string(i + 1) + " of " + sig->name).c_str());
                allConst = allConst && t.isConst;
                if (i < 3) vals[i] = t.value;
                ++pushed;
                break;
            }
            case ArgKind::Bool:
                need(a.kids[i], ValueType::Bool, "argument");
                ++pushed;
                break;
            case ArgKind::Actor:
                genActorArg(a.kids[i], *sig, i);
                allConst = false;
                ++pushed;
                break;
            default:
                staticArg = static_cast<std::uint32_t>(staticName(arg, kind, *sig, i));
                allConst = false;
                break;
        }
    }
    out.type = sig->ret;
    out.domain = sig->domain;
    if (allConst && (sig->op == Op::Min || sig->op == Op::Max || sig->op == Op::Clamp || sig->op == Op::Abs)) {
        double v = 0;
        if (sig->op == Op::Abs) v = std::fabs(vals[0]);
        else if (sig->op == Op::Clamp) v = std::min(std::max(vals[0], vals[1]), vals[2]);
        else {
            // refold all arguments: re-read constants from the code we emitted
            std::vector<double> cs;
            for (std::uint32_t i = start; i < here(); ++i) cs.push_back(m_sc.code[i].k);
            v = cs[0];
            for (double c : cs) v = sig->op == Op::Min ? std::min(v, c) : std::max(v, c);
        }
        return fold(start, v, ValueType::Num, a.pos, depth0);
    }
    emit(sig->op, 0, staticArg, static_cast<std::uint8_t>(argc), 1 - pushed);
    return out;
}

}  // namespace brink::detail
