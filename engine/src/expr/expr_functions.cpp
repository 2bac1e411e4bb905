#include "expr_functions.hpp"

#include <string>

namespace brink {
namespace detail {

const std::vector<FnSig>& signatures() {
    using A = ArgKind;
    using V = ValueType;
    static const std::vector<FnSig> sigs = {
        {"stock", Op::Stock, {A::Actor, A::Asset}, V::Num, StrDomain::Any, "stock(actor, asset)"},
        {"tech", Op::Tech, {A::Actor, A::Domain}, V::Num, StrDomain::Any, "tech(actor, domain)"},
        {"tension", Op::Tension, {A::Actor, A::Actor}, V::Num, StrDomain::Any, "tension(a, b)"},
        {"stance", Op::Stance, {A::Actor, A::Actor}, V::Str, StrDomain::Stance, "stance(a, b)"},
        {"rung", Op::Rung, {A::Actor, A::Actor}, V::Num, StrDomain::Any, "rung(a, b)"},
        {"peak_rung", Op::PeakRung, {A::Actor, A::Actor}, V::Num, StrDomain::Any, "peak_rung(a, b) or peak_rung()"},
        {"posture", Op::Posture, {A::Actor}, V::Str, StrDomain::Posture, "posture(actor)"},
        {"posture_level", Op::PostureLevel, {A::Actor}, V::Num, StrDomain::Any, "posture_level(actor)"},
        {"resolve", Op::Resolve, {A::Actor}, V::Num, StrDomain::Any, "resolve(actor)"},
        {"stability", Op::Stability, {A::Actor}, V::Num, StrDomain::Any, "stability(actor)"},
        {"power", Op::Power, {A::Actor}, V::Num, StrDomain::Any, "power(actor)"},
        {"deterrence", Op::Deterrence, {A::Actor, A::Actor}, V::Num, StrDomain::Any, "deterrence(a, b)"},
        {"bloc", Op::Bloc, {A::Actor}, V::Str, StrDomain::Bloc, "bloc(actor)"},
        {"nuclear", Op::Nuclear, {A::Actor}, V::Bool, StrDomain::Any, "nuclear(actor)"},
        {"allied", Op::Allied, {A::Actor, A::Actor}, V::Bool, StrDomain::Any, "allied(a, b)"},
        {"treaty", Op::Treaty, {A::Actor, A::Actor, A::Treaty}, V::Bool, StrDomain::Any, "treaty(a, b, id)"},
        {"sent", Op::Sent, {A::Transfer}, V::Num, StrDomain::Any, "sent(transfer)"},
        {"delivered", Op::Delivered, {A::Transfer}, V::Num, StrDomain::Any, "delivered(transfer)"},
        {"interdicted", Op::Interdicted, {A::Transfer}, V::Num, StrDomain::Any, "interdicted(transfer)"},
        {"in_transit", Op::InTransit, {A::Transfer}, V::Num, StrDomain::Any, "in_transit(transfer)"},
        {"detected", Op::Detected, {A::Transfer}, V::Num, StrDomain::Any, "detected(transfer)"},
        {"shipments", Op::Shipments, {A::Transfer}, V::Num, StrDomain::Any, "shipments(transfer)"},
        {"fired", Op::Fired, {A::Event}, V::Num, StrDomain::Any, "fired(event)"},
        {"escalation_score", Op::EscScore, {A::Actor}, V::Num, StrDomain::Any, "escalation_score(actor)"},
        {"metric", Op::Metric, {A::Metric}, V::Num, StrDomain::Any, "metric(name)"},
        {"min", Op::Min, {A::Num, A::Num}, V::Num, StrDomain::Any, "min(x, y, ...)"},
        {"max", Op::Max, {A::Num, A::Num}, V::Num, StrDomain::Any, "max(x, y, ...)"},
        {"clamp", Op::Clamp, {A::Num, A::Num, A::Num}, V::Num, StrDomain::Any, "clamp(x, lo, hi)"},
        {"abs", Op::Abs, {A::Num}, V::Num, StrDomain::Any, "abs(x)"},
        {"if", Op::Jz, {A::Bool}, V::Num, StrDomain::Any, "if(condition, then, else)"},
    };
    return sigs;
}

const FnSig* findSig(std::string_view name) {
    for (const auto& s : signatures()) {
        if (name == s.name) return &s;
    }
    return nullptr;
}

}  // namespace detail

const std::vector<std::string>& functionNames() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> v;
        for (const auto& s : detail::signatures()) v.emplace_back(s.name);
        return v;
    }();
    return names;
}

}  // namespace brink
