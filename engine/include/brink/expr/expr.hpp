#pragma once
/// The expression language of scenarios: parsed once at load, type-checked, and compiled
/// to a compact stack program that evaluates without allocating.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "brink/base/diagnostics.hpp"
#include "brink/base/ids.hpp"

namespace brink {

struct Scenario;
class World;

/// Static type of an expression. Strings and actors are ids at run time.
enum class ValueType : std::uint8_t { Num, Bool, Str, Actor };

/// Which actor names an expression may use.
struct ExprScope {
    bool self = false;
    bool target = false;
    bool ab = false;  ///< the dyad names `a` and `b`
};

enum class Op : std::uint8_t {
    Const, Param, Turn, Day, Self, Target, A, B,
    Add, Sub, Mul, Div, Neg,
    Lt, Le, Gt, Ge, Eq, Ne, Not,
    Jz,        ///< pop; jump when zero
    JzKeep,    ///< jump keeping the value when zero, else pop (and)
    JnzKeep,   ///< jump keeping the value when non-zero, else pop (or)
    Jmp,
    Stock, Tech, Tension, Stance, Rung, PeakRung, PeakRungAll, Posture, PostureLevel,
    Resolve, Stability, Power, Deterrence, Bloc, Nuclear, Allied, Treaty,
    Sent, Delivered, Interdicted, InTransit, Detected, Shipments, Fired, EscScore, Metric,
    Min, Max, Clamp, Abs,
    // Fused forms made by the peephole pass (expr_fuse.cpp): the actor arguments come
    // from an encoded source instead of the stack (n: 0 constant in k, 1 self, 2 target,
    // 3 a, 4 b; two-actor ops hold a's source in bits 0-2 and b's in bits 3-5, and a
    // constant dyad index in k when both are constant), and binary operators with a
    // constant right operand carry it in k.
    StockX, TechX, PostureX, PostureLevelX, ResolveX, StabilityX, PowerX, BlocX, NuclearX, EscScoreX,
    TensionX, StanceX, RungX, PeakRungX, AlliedX, TreatyX, DeterrenceX,
    AddK, SubK, MulK, DivK, LtK, LeK, GtK, GeK, EqK, NeK,
};

/// One instruction: `arg` holds a static operand (asset, domain, jump target, ...).
struct Instr {
    Op op;
    std::uint8_t n = 0;   ///< argument count for variadic functions
    std::uint32_t arg = 0;
    double k = 0.0;       ///< constant operand
};

/// A compiled expression; its code lives in Scenario::code[begin, end).
struct Program {
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
    ValueType type = ValueType::Num;
    std::uint16_t stack = 0;  ///< deepest stack it needs
    bool isConst = false;
    bool condition = false;  ///< a condition read as a number, 1 or 0 (an objective that is met or not)
    double constValue = 0.0;
    SourceLoc loc;
    std::string source;
};

/// Limits on one expression.
struct ExprLimits {
    std::size_t maxLength = 4096;
    int maxDepth = 48;
};

/// Where an expression's text sits in its file, so errors point inside it.
struct ExprSite {
    SourceLoc loc;        ///< first character of the expression
    bool exact = false;   ///< columns inside the text map one-to-one onto the file
};

/// Compiles expression text against a scenario's names into scenario.code.
class ExprCompiler {
public:
    ExprCompiler(Scenario& sc, Diagnostics& diag, ExprLimits limits = {})
        : m_sc(sc), m_diag(diag), m_limits(limits) {}

    /// Compiles `text`; `want` is the type the slot needs (Num accepts Bool for metrics
    /// only when `boolAsNum`). Returns kNone after reporting errors.
    ProgramId compile(std::string_view text, ExprSite site, ExprScope scope, ValueType want,
                      bool boolAsNum = false);
    /// A constant program (for defaults and plain numbers).
    ProgramId constant(double v, SourceLoc loc, ValueType type = ValueType::Num);

private:
    Scenario& m_sc;
    Diagnostics& m_diag;
    ExprLimits m_limits;
};

/// A failure while a run evaluates an expression (division by zero, overflow).
class EvalError : public std::runtime_error {
public:
    EvalError(ProgramId prog, std::string what) : std::runtime_error(std::move(what)), program(prog) {}
    ProgramId program;
};

/// Evaluates a program in a world with the given actors bound.
double evaluate(const Scenario& sc, const World& w, ProgramId p, const Bindings& b);

/// Names of the built-in functions, for suggestions and docs.
const std::vector<std::string>& functionNames();

}  // namespace brink
