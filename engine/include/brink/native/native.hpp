#pragma once
/// The compiled backend: a scenario's expressions partially evaluated into C++ (every
/// program a function with its instructions as straight-line code, the scenario's constant
/// tables baked in), compiled by the system compiler into a shared object, cached, and
/// loaded. Each function performs the interpreter's operations in the interpreter's order
/// (same IEEE results, -ffp-contract=off, never -ffast-math) and fails where it fails, so a
/// run is the same to the bit whichever backend evaluates it.
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "brink/scenario/scenario.hpp"

extern "C" {
struct BrinkNativePhases;  // abi.hpp
}

namespace brink {

class World;

/// How to build a module.
struct NativeOptions {
    /// The C++ compiler (default: $CXX, else g++ found on PATH).
    std::string compiler;
    /// Where compiled modules are kept (default: $XDG_CACHE_HOME/brink, else ~/.cache/brink).
    std::string cacheDir;
};

/// A module could not be built or loaded; what() says why.
class NativeError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The C++ source of a scenario's module (deterministic: the same scenario gives the same text).
std::string nativeSource(const Scenario& sc);
/// One source for several scenarios' modules (NativeModule::buildMany).
std::string nativeSource(const std::vector<const Scenario*>& scs);

/// A loaded module: one compiled function per program of the scenario it was built from.
class NativeModule {
public:
    ~NativeModule();
    NativeModule(const NativeModule&) = delete;
    NativeModule& operator=(const NativeModule&) = delete;

    /// Builds (or finds in the cache) and loads the module of `sc`. Throws NativeError.
    static std::shared_ptr<const NativeModule> build(const Scenario& sc, const NativeOptions& opt = {});
    /// The modules of several scenarios in one shared object: one compile for all (the
    /// differential fuzzer builds its generated scenarios so). Throws NativeError.
    static std::vector<std::shared_ptr<const NativeModule>> buildMany(const std::vector<const Scenario*>& scs,
                                                                      const NativeOptions& opt = {});
    /// Whether the module of `sc` is in the cache already (building it would compile nothing).
    static bool cached(const Scenario& sc, const NativeOptions& opt = {});

    [[nodiscard]] double compileSeconds() const { return m_seconds; }  ///< 0 when cached
    [[nodiscard]] bool fromCache() const { return m_cached; }
    [[nodiscard]] const std::string& path() const { return m_path; }   ///< the shared object
    [[nodiscard]] const std::string& compilerVersion() const { return m_compiler; }

    /// The phases of a turn written for the scenario (codegen_phases.cpp).
    [[nodiscard]] const BrinkNativePhases* phases() const;

    struct Impl;
    [[nodiscard]] const Impl& impl() const { return *m_impl; }

private:
    NativeModule();
    static std::shared_ptr<const NativeModule> bind(const Scenario& sc, const std::shared_ptr<void>& handle, const std::string& tag,
                                                    const std::string& path);
    std::unique_ptr<Impl> m_impl;
    double m_seconds = 0;
    bool m_cached = false;
    std::string m_path, m_compiler;
};

namespace detail {
/// Every effect of the scenario's actions, then its events, then its rules: the numbers the
/// compiled phases give the engine an effect by.
std::vector<const Effect*> effectTable(const Scenario& sc);
}  // namespace detail

/// Whether a C++ compiler for the compiled backend is found (and which: `which`).
bool nativeCompilerFound(const NativeOptions& opt, std::string* which = nullptr);

/// Makes `w` evaluate its scenario's expressions with `m` (nullptr: the interpreter). The
/// binding holds pointers into `w`: attach again after anything that may move its arrays
/// (a new run, a copy). A copy of `w` evaluates with the interpreter until attached.
void attachNative(World& w, std::shared_ptr<const NativeModule> m);

}  // namespace brink
