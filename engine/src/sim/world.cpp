#include "brink/sim/world.hpp"

#include <algorithm>
#include <cstring>

namespace brink {

void World::derive() const {
    const std::size_t n = sc->actors.size();
    const auto& assets = sc->assets;
    m_power.assign(n, 0.0);
    m_credible.assign(n, 0.0);
    for (std::size_t a = 0; a < n; ++a) {
        double p = 0.0;
        for (std::size_t i = 0; i < assets.size(); ++i) {
            const AssetDef& as = assets[i];
            if (as.value == 0.0) continue;
            const double held = as.kind == AssetKind::Stock ? stockOf(static_cast<ActorId>(a), static_cast<AssetId>(i))
                                                             : techOf(static_cast<ActorId>(a), as.domain);
            p += as.value * held;
        }
        m_power[a] = p;
        m_credible[a] = sc->postures[static_cast<std::size_t>(posture[a])].credibility * resolve[a] * p;
    }
    if (m_allies.size() == n && m_alliesOf == stance) {
        m_derivedValid = true;  // the same alliances as last time
        return;
    }
    m_alliesOf.clear();  // until the allies below are whole
    m_allies.resize(n);
    for (std::size_t b = 0; b < n; ++b) {
        m_allies[b].clear();
        for (std::size_t k = 0; k < n; ++k) {
            if (k != b && stance[static_cast<std::size_t>(sc->dyad(static_cast<ActorId>(b), static_cast<ActorId>(k)))] ==
                              Stance::Alliance) {
                m_allies[b].push_back(static_cast<ActorId>(k));
            }
        }
    }
    m_alliesOf = stance;
    m_derivedValid = true;
}

double World::power(ActorId a) const {
    if (!m_derivedValid) derive();
    return m_power[static_cast<std::size_t>(a)];
}

double World::deterrence(ActorId a, ActorId b) const {
    // Contest-success form (Tullock 1980; Hirshleifer 1989): the share of credible
    // capability arrayed against `a`. B's capability counts at its credibility (posture
    // credibility x resolve); each ally of B (alliance stance) adds its own capability at
    // its own credibility; `a` itself never counts. docs/model.md gives the justification.
    if (!m_derivedValid) derive();
    const auto ua = static_cast<std::size_t>(a), ub = static_cast<std::size_t>(b);
    double e = m_credible[ub];
    for (ActorId k : m_allies[ub]) {
        if (k != a) e += m_credible[static_cast<std::size_t>(k)];
    }
    const double pa = m_power[ua];
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
