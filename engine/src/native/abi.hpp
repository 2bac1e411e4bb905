#pragma once
// What the compiled backend's generated code and the engine share: a plain C view of a
// World (pointers into its arrays, callbacks for what is derived), the bindings, and the
// type of a compiled expression; and, for the phases written per scenario
// (codegen_phases.cpp), the World's arrays they write, its calendar entries, and what they
// call the engine back for. One macro holds the text, so the engine compiles the very
// declarations it writes into every generated source.
#include <cstdint>

#define BRINK_NATIVE_ABI                                                                                  \
    struct BrinkNativeFlow {                                                                              \
        double sent, delivered, interdicted, inTransit, detected;                                         \
        int64_t shipments;                                                                                \
    };                                                                                                    \
    struct BrinkNativeView {                                                                              \
        const double* params;                                                                             \
        const int64_t* turn;                                                                              \
        const int64_t* day;                                                                               \
        const double* stock;                                                                              \
        int64_t nAssets;                                                                                  \
        const double* tech;                                                                               \
        int64_t nDomains;                                                                                 \
        const double* resolve;                                                                            \
        const double* stability;                                                                          \
        const double* escScore;                                                                           \
        const int32_t* posture;                                                                           \
        const double* tension;                                                                            \
        const uint8_t* stance;                                                                            \
        const int16_t* rung;                                                                              \
        const int16_t* peak;                                                                              \
        const uint64_t* treaties;                                                                         \
        const struct BrinkNativeFlow* flows;                                                              \
        const uint32_t* fired;                                                                            \
        const double* metrics;                                                                            \
        double (*power)(const void* world, int32_t actor);                                                \
        double (*deterrence)(const void* world, int32_t a, int32_t b);                                    \
        const void* world;                                                                                \
    };                                                                                                    \
    struct BrinkNativeBindings {                                                                          \
        int32_t self, target, a, b;                                                                       \
    };                                                                                                    \
    typedef double (*BrinkNativeFn)(const void* view, const void* bindings, int* err);             \
    struct BrinkNativeCalEntry {                                                                          \
        int64_t day;                                                                                      \
        uint64_t seq;                                                                                     \
        double amount;                                                                                    \
        int32_t priority, i0, i1, i2;                                                                     \
        uint8_t kind, flags;                                                                              \
    };                                                                                                    \
    struct BrinkNativeTurn {                                                                              \
        const struct BrinkNativeView* view;                                                               \
        uint64_t* rng;                                                                                    \
        double* stock;                                                                                    \
        double* tech;                                                                                     \
        double* escScore;                                                                                 \
        int32_t* posture;                                                                                 \
        double* tension;                                                                                  \
        const double* baseline;                                                                           \
        int16_t* rung;                                                                                    \
        int16_t* peak;                                                                                    \
        uint32_t* fired;                                                                                  \
        int32_t* pendingOutcome;                                                                          \
        struct BrinkNativeFlow* flows;                                                                    \
        struct BrinkNativeCalEntry* pushed; /* a calendar day's new entries, in order (128 at most) */  \
        int32_t npushed;                                                                                  \
        void* sim;                                                                                        \
        void (*touch)(void* sim);                                                                         \
        void (*fail)(void* sim, int32_t program, int err);                                                \
        void (*overflow)(void* sim, int32_t what, int32_t actor, int32_t asset, int32_t effect);          \
        void (*effect)(void* sim, int32_t effect, const struct BrinkNativeBindings* b, double v, double v2, \
                       double v3);                                                                        \
        void (*schedule)(void* sim, int32_t action, int32_t actor, int32_t target);                       \
        void (*arrive)(void* sim, const struct BrinkNativeCalEntry* e, int wasInTransit);                 \
    };                                                                                                    \
    typedef void (*BrinkNativePhase)(struct BrinkNativeTurn* t);                                          \
    struct BrinkNativePhases {                                                                            \
        BrinkNativePhase rules, decisions, events, escalation;                                           \
        int (*calendarDay)(struct BrinkNativeTurn* t, const struct BrinkNativeCalEntry* due, int n,       \
                           int64_t day);                                                                  \
    };

#define BRINK_NATIVE_STR_(...) #__VA_ARGS__
#define BRINK_NATIVE_STR(x) BRINK_NATIVE_STR_(x)

extern "C" {
BRINK_NATIVE_ABI
}

namespace brink::detail {
/// The declarations above as text, for the generated source.
inline constexpr const char* kNativeAbi = BRINK_NATIVE_STR(BRINK_NATIVE_ABI);
/// A compiled expression's error codes (the interpreter's EvalError messages).
inline constexpr int kNativeDivByZero = 1;
inline constexpr int kNativeNotFinite = 2;
/// What overflowed, for BrinkNativeTurn::overflow.
inline constexpr int kNativeStock = 0, kNativeTech = 1, kNativeSent = 2;
}  // namespace brink::detail
