#pragma once
/// The whole state of one simulation: a value that can be copied, hashed, saved and
/// reloaded. Flat arrays indexed by dense ids; no globals.
#include <cstdint>
#include <memory>
#include <vector>

#include "brink/sim/calendar.hpp"
#include "brink/base/rng.hpp"
#include "brink/scenario/scenario.hpp"

namespace brink {

namespace detail {
struct NativeBinding;  // the compiled backend's view of a World (native.hpp)
}

class World {
public:
    std::shared_ptr<const Scenario> sc;

    std::int64_t turn = 0;
    std::int64_t day = 0;
    Rng rng;

    std::vector<double> params;

    // actors (index a) and actor x asset / actor x domain tables (row-major by actor)
    std::vector<double> stock;      ///< a * assets + asset
    std::vector<double> tech;       ///< a * domains + domain
    std::vector<double> resolve, stability, escScore;
    std::vector<PostureId> posture;

    // dyads (dense upper triangle, see Scenario::dyad)
    std::vector<double> tension, baseline;
    std::vector<Stance> stance;
    std::vector<std::int16_t> rung, peak;
    std::vector<std::uint64_t> treaties;

    std::vector<FlowTotals> flows;  ///< by transfer record
    std::vector<std::uint32_t> fired;  ///< by event
    std::vector<double> metrics;    ///< last recorded value, by metric
    Calendar calendar;

    /// The compiled backend bound to this World (attachNative), or none: the interpreter.
    /// Not part of the state: a copy or a move of the World is not bound (its arrays are
    /// its own), and evaluates with the interpreter until bound again.
    struct NativeSlot {
        std::shared_ptr<const detail::NativeBinding> binding;
        double (*const* fns)(const void* view, const void* bindings, int* err) = nullptr;  ///< by program
        const void* view = nullptr;   ///< the view of this World the functions read
        const World* owner = nullptr; ///< the World it was made for
        NativeSlot() = default;
        NativeSlot(const NativeSlot&) noexcept {}
        NativeSlot(NativeSlot&&) noexcept {}
        NativeSlot& operator=(const NativeSlot&) noexcept { return clear(); }
        NativeSlot& operator=(NativeSlot&&) noexcept { return clear(); }
        ~NativeSlot() = default;
        NativeSlot& clear() noexcept {
            binding.reset();
            fns = nullptr;
            view = nullptr;
            owner = nullptr;
            return *this;
        }
    } native;

    OutcomeId outcome = kNone;  ///< set once the run has ended
    OutcomeId pendingOutcome = kNone;  ///< first outcome reached this turn

    [[nodiscard]] std::size_t nAssets() const { return sc->assets.size(); }
    [[nodiscard]] std::size_t nDomains() const { return sc->domains.size(); }
    double& stockOf(ActorId a, AssetId s) { return stock[static_cast<std::size_t>(a) * nAssets() + s]; }
    [[nodiscard]] double stockOf(ActorId a, AssetId s) const { return stock[static_cast<std::size_t>(a) * nAssets() + s]; }
    double& techOf(ActorId a, DomainId d) { return tech[static_cast<std::size_t>(a) * nDomains() + d]; }
    [[nodiscard]] double techOf(ActorId a, DomainId d) const { return tech[static_cast<std::size_t>(a) * nDomains() + d]; }

    /// Sum over assets of value x holding (stock, or tech level in the asset's domain).
    [[nodiscard]] double power(ActorId a) const;
    /// How strongly `b` and its allies deter `a`, in [0, 1] (see docs/model.md).
    [[nodiscard]] double deterrence(ActorId a, ActorId b) const;
    /// Forget derived values (power, credible capability): call after any change of state.
    void touch() const { m_derivedValid = false; }
    [[nodiscard]] bool ended() const { return outcome != kNone; }

    /// A 64-bit fingerprint of every state variable (FNV-1a over a fixed order).
    [[nodiscard]] std::uint64_t hash() const;

private:
    // Derived from the state, rebuilt on first use after a change: each actor's power, its
    // credible capability (credibility x resolve x power) and its allies. A phase
    // evaluates everything before it changes anything, so one build serves a whole phase.
    void derive() const;
    mutable bool m_derivedValid = false;
    mutable std::vector<double> m_power, m_credible;
    mutable std::vector<std::vector<ActorId>> m_allies;  // by actor, in actor order
    mutable std::vector<Stance> m_alliesOf;  // the stances m_allies was made from (stances seldom change)
};

}  // namespace brink
