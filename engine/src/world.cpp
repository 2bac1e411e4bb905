#include "brink/world.hpp"

#include <algorithm>
#include <cstring>

namespace brink {

double World::power(ActorId a) const {
    double p = 0.0;
    const auto& assets = sc->assets;
    for (std::size_t i = 0; i < assets.size(); ++i) {
        const AssetDef& as = assets[i];
        if (as.value == 0.0) continue;
        const double held = as.kind == AssetKind::Stock ? stockOf(a, static_cast<AssetId>(i)) : techOf(a, as.domain);
        p += as.value * held;
    }
    return p;
}

double World::deterrence(ActorId a, ActorId b) const {
    // Contest-success form (Tullock 1980; Hirshleifer 1989): the share of credible
    // capability arrayed against `a`. B's capability counts at its credibility (posture
    // credibility x resolve); each ally of B (alliance stance) adds its own capability at
    // its own credibility. docs/model.md gives the justification and an example.
    const std::size_t n = sc->actors.size();
    auto credible = [&](ActorId k) {
        return sc->postures[static_cast<std::size_t>(posture[static_cast<std::size_t>(k)])].credibility *
               resolve[static_cast<std::size_t>(k)] * power(k);
    };
    double e = credible(b);
    for (std::size_t k = 0; k < n; ++k) {
        const auto ak = static_cast<ActorId>(k);
        if (ak == a || ak == b) continue;
        const DyadId d = sc->dyad(b, ak);
        if (stance[static_cast<std::size_t>(d)] == Stance::Alliance) e += credible(ak);
    }
    const double pa = power(a);
    if (e + pa <= 0.0) return 0.0;
    // negative asset values are allowed (a liability); keep the share a share
    return std::clamp(e / (e + pa), 0.0, 1.0);
}

namespace {
struct Fnv {
    std::uint64_t h = 0xcbf29ce484222325ull;
    void bytes(const void* p, std::size_t n) {
        const auto* c = static_cast<const unsigned char*>(p);
        for (std::size_t i = 0; i < n; ++i) {
            h ^= c[i];
            h *= 0x100000001b3ull;
        }
    }
    template <class T>
    void pod(const T& v) {
        bytes(&v, sizeof v);
    }
    template <class T>
    void vec(const std::vector<T>& v) {
        pod(v.size());
        if (!v.empty()) bytes(v.data(), v.size() * sizeof(T));
    }
};
}  // namespace

std::uint64_t World::hash() const {
    Fnv f;
    f.pod(turn);
    f.pod(day);
    f.pod(rng.state());
    f.vec(params);
    f.vec(stock);
    f.vec(tech);
    f.vec(resolve);
    f.vec(stability);
    f.vec(escScore);
    f.vec(posture);
    f.vec(tension);
    f.vec(baseline);
    f.vec(stance);
    f.vec(rung);
    f.vec(peak);
    f.vec(treaties);
    for (const auto& fl : flows) {
        f.pod(fl.sent);
        f.pod(fl.delivered);
        f.pod(fl.interdicted);
        f.pod(fl.inTransit);
        f.pod(fl.detected);
        f.pod(fl.shipments);
    }
    f.vec(fired);
    f.vec(metrics);
    for (const auto& e : calendar.sorted()) {
        f.pod(e.day);
        f.pod(e.priority);
        f.pod(e.seq);
        f.pod(e.kind);
        f.pod(e.i0);
        f.pod(e.i1);
        f.pod(e.i2);
        f.pod(e.amount);
        f.pod(e.flags);
    }
    f.pod(calendar.nextSeq());
    f.pod(outcome);
    return f.h;
}

}  // namespace brink
