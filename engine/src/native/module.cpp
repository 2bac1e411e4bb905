// The compiled backend's modules (native.hpp): compiled once per scenario and compiler,
// kept in the cache by a hash of their source and the compiler's version, loaded with
// dlopen, and attached to a World so that the run's evaluations call them.
#include <dlfcn.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstddef>
#include <fcntl.h>
#include <sys/stat.h>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "abi.hpp"
#include "brink/base/digest.hpp"
#include "brink/native/native.hpp"
#include "brink/sim/sim.hpp"
#include "brink/sim/world.hpp"

extern char** environ;

namespace brink {

namespace fs = std::filesystem;

// the engine's types must be laid out as the generated code reads them
static_assert(sizeof(BrinkNativeFlow) == sizeof(FlowTotals));
static_assert(offsetof(BrinkNativeFlow, detected) == offsetof(FlowTotals, detected));
static_assert(offsetof(BrinkNativeFlow, shipments) == offsetof(FlowTotals, shipments));
static_assert(sizeof(BrinkNativeBindings) == sizeof(Bindings));
static_assert(offsetof(BrinkNativeBindings, b) == offsetof(Bindings, b));
static_assert(sizeof(Stance) == 1 && sizeof(PostureId) == 4);

struct NativeModule::Impl {
    std::shared_ptr<void> handle;
    const BrinkNativeFn* fns = nullptr;
    std::uint32_t count = 0;
    const BrinkNativePhases* phases = nullptr;
};

namespace detail {
/// A World's binding to a module: the view of that very World.
struct NativeBinding {
    std::shared_ptr<const NativeModule> module;
    BrinkNativeView view{};
    const World* world = nullptr;
};
}  // namespace detail

NativeModule::NativeModule() : m_impl(std::make_unique<Impl>()) {}
NativeModule::~NativeModule() = default;
const BrinkNativePhases* NativeModule::phases() const { return m_impl->phases; }

namespace {

/// Runs a program, its standard output and error captured in `output`. Returns its exit
/// status; -1 when it could not be started (`output` then says why). Never throws.
int runProgram(const std::vector<std::string>& argv, std::string& output) {
    std::error_code ec;
    fs::path dir = fs::temp_directory_path(ec);
    if (ec) dir = "/tmp";
    const fs::path tmp = dir / ("brink-cc-" + std::to_string(::getpid()) + "-" +
                                std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
    posix_spawn_file_actions_t fa;
    if (posix_spawn_file_actions_init(&fa) != 0) {
        output = "cannot prepare to start " + argv.front();
        return -1;
    }
    if (posix_spawn_file_actions_addopen(&fa, 1, tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600) != 0 ||
        posix_spawn_file_actions_adddup2(&fa, 1, 2) != 0) {
        posix_spawn_file_actions_destroy(&fa);
        output = "cannot prepare to start " + argv.front();
        return -1;
    }
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, args[0], &fa, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    int status = -1;
    if (rc == 0) {
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
    }
    std::ifstream in(tmp);
    std::stringstream ss;
    ss << in.rdbuf();
    output = ss.str();
    fs::remove(tmp, ec);
    if (rc != 0) {
        output = "cannot start " + argv.front() + ": " + std::strerror(rc);
        return -1;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/// The compiler's command as words ("ccache g++" is two).
std::vector<std::string> words(const std::string& s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    for (std::string w; in >> w;) out.push_back(w);
    return out;
}

std::string compilerOf(const NativeOptions& opt) {
    if (!opt.compiler.empty()) return opt.compiler;
    if (const char* cxx = std::getenv("CXX"); cxx && *cxx) return cxx;
    return "g++";
}

std::string cacheDirOf(const NativeOptions& opt) {
    if (!opt.cacheDir.empty()) return opt.cacheDir;
    if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return (fs::path(x) / "brink").string();
    if (const char* h = std::getenv("HOME"); h && *h) return (fs::path(h) / ".cache" / "brink").string();
    std::error_code ec;
    const fs::path tmp = fs::temp_directory_path(ec);
    return ((ec ? fs::path("/tmp") : tmp) / ("brink-cache-" + std::to_string(::geteuid()))).string();
}

/// The flags every module is built with: optimised, position-independent, and no
/// contraction or fast math, so every operation rounds as the interpreter's does.
const std::vector<std::string> kFlags = {"-std=c++17", "-O2", "-fPIC", "-shared", "-ffp-contract=off", "-fno-fast-math", "-w"};

double powerOf(const void* w, std::int32_t a) { return static_cast<const World*>(w)->power(a); }
double deterrenceOf(const void* w, std::int32_t a, std::int32_t b) { return static_cast<const World*>(w)->deterrence(a, b); }

}  // namespace

bool nativeCompilerFound(const NativeOptions& opt, std::string* which) {
    std::string out;
    std::vector<std::string> argv = words(compilerOf(opt));
    if (argv.empty()) return false;
    argv.push_back("--version");
    const int rc = runProgram(argv, out);
    if (which) *which = out.substr(0, out.find('\n'));
    return rc == 0;
}

namespace {
/// Where the module of `source` built by `version` is kept.
fs::path modulePath(const NativeOptions& opt, const std::string& source, const std::string& version) {
    std::string key = source + "\n// " + version;
    for (const auto& f : kFlags) key += " " + f;
    return fs::path(cacheDirOf(opt)) / ("scenario-" + sha1Hex(key) + ".so");
}
}  // namespace

bool NativeModule::cached(const Scenario& sc, const NativeOptions& opt) {
    std::string version;
    if (!nativeCompilerFound(opt, &version)) return false;
    std::error_code ec;
    return fs::exists(modulePath(opt, nativeSource(sc), version), ec);
}

namespace {

/// A shared object compiled from `source` (or found in the cache) and loaded.
struct Loaded {
    std::shared_ptr<void> handle;  // dlclose'd when the last module using it goes
    std::string path, version;
    double seconds = 0;
    bool cached = false;
};

Loaded compileAndLoad(const std::string& source, const NativeOptions& opt, const char* what) {
    const std::string cc = compilerOf(opt);
    Loaded l;
    if (!nativeCompilerFound(opt, &l.version)) throw NativeError("no C++ compiler '" + cc + "' found (set CXX, or install g++)");
    const fs::path so = modulePath(opt, source, l.version);
    const fs::path dir = so.parent_path();
    const std::string hash = so.stem().string().substr(9);  // after "scenario-"
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw NativeError("cannot create the cache folder " + dir.string() + ": " + ec.message());
    // the cache holds code this process will load: only a folder of its own user, that no one
    // else can write to, will do
    struct stat st {};
    if (::stat(dir.c_str(), &st) == 0 && st.st_uid == ::geteuid() && (st.st_mode & 0022) != 0) {
        fs::permissions(dir, fs::perms::owner_all, ec);  // ours, but open to others (a umask of 002): close it
        ::stat(dir.c_str(), &st);
    }
    if (::stat(dir.c_str(), &st) != 0 || st.st_uid != ::geteuid() || (st.st_mode & 0022) != 0) {
        throw NativeError("the cache folder " + dir.string() + " is not this user's alone (set XDG_CACHE_HOME to a folder of yours)");
    }
    l.path = so.string();
    if (fs::exists(so, ec)) {
        l.cached = true;
    } else {
        // compile into temporary names, then rename: a cache entry is whole or absent, and two
        // batches compiling the same scenario at once both end with a good module
        const std::string tag = std::to_string(::getpid()) + "-" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
        const fs::path src = dir / ("scenario-" + hash + "." + tag + ".cpp");
        const fs::path tmp = dir / ("scenario-" + hash + "." + tag + ".so");
        {
            std::ofstream out(src, std::ios::binary);
            out << source;
            if (!out) throw NativeError("cannot write " + src.string());
        }
        std::vector<std::string> argv = words(cc);
        argv.insert(argv.end(), kFlags.begin(), kFlags.end());
        argv.insert(argv.end(), {"-o", tmp.string(), src.string()});
        const auto t0 = std::chrono::steady_clock::now();
        std::string out;
        const int rc = runProgram(argv, out);
        l.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        fs::remove(src, ec);
        if (rc != 0) {
            fs::remove(tmp, ec);
            std::string first = out.substr(0, out.find('\n'));
            throw NativeError(cc + " failed to compile " + what + " (status " + std::to_string(rc) + ")" +
                              (first.empty() ? std::string() : ": " + first));
        }
        fs::rename(tmp, so, ec);
        if (ec) {
            fs::remove(tmp, ec);
            throw NativeError("cannot keep the module in " + so.string() + ": " + ec.message());
        }
    }
    void* h = dlopen(so.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!h) throw NativeError(std::string("cannot load ") + so.string() + ": " + dlerror());
    l.handle = std::shared_ptr<void>(h, [](void* p) { dlclose(p); });
    return l;
}

}  // namespace

std::shared_ptr<const NativeModule> NativeModule::bind(const Scenario& sc, const std::shared_ptr<void>& handle, const std::string& tag,
                                                       const std::string& path) {
    std::shared_ptr<NativeModule> m(new NativeModule());
    m->m_impl->handle = handle;
    const auto* count = static_cast<const std::uint32_t*>(dlsym(handle.get(), ("brink_native_count" + tag).c_str()));
    const auto* fns = static_cast<const BrinkNativeFn*>(dlsym(handle.get(), ("brink_native_fns" + tag).c_str()));
    const auto* phases = static_cast<const BrinkNativePhases*>(dlsym(handle.get(), ("brink_native_phases" + tag).c_str()));
    if (!count || !fns || !phases || *count != sc.programs.size()) {
        throw NativeError(path + " is not this scenario's module (delete it to build it again)");
    }
    m->m_impl->count = *count;
    m->m_impl->fns = fns;
    m->m_impl->phases = phases;
    m->m_path = path;
    return m;
}

std::shared_ptr<const NativeModule> NativeModule::build(const Scenario& sc, const NativeOptions& opt) {
    const Loaded l = compileAndLoad(nativeSource(sc), opt, "the scenario's module");
    auto m = std::const_pointer_cast<NativeModule>(bind(sc, l.handle, "", l.path));
    m->m_compiler = l.version;
    m->m_seconds = l.seconds;
    m->m_cached = l.cached;
    return m;
}

std::vector<std::shared_ptr<const NativeModule>> NativeModule::buildMany(const std::vector<const Scenario*>& scs, const NativeOptions& opt) {
    const Loaded l = compileAndLoad(nativeSource(scs), opt, "the scenarios' modules");
    std::vector<std::shared_ptr<const NativeModule>> out;
    for (std::size_t i = 0; i < scs.size(); ++i) {
        auto m = std::const_pointer_cast<NativeModule>(bind(*scs[i], l.handle, "_" + std::to_string(i), l.path));
        m->m_compiler = l.version;
        m->m_seconds = l.seconds;
        m->m_cached = l.cached;
        out.push_back(std::move(m));
    }
    return out;
}

void attachNative(World& w, std::shared_ptr<const NativeModule> m) {
    if (!m) {
        w.native.clear();
        return;
    }
    auto b = std::make_shared<detail::NativeBinding>();
    b->module = std::move(m);
    b->world = &w;
    BrinkNativeView& v = b->view;
    v.params = w.params.data();
    v.turn = &w.turn;
    v.day = &w.day;
    v.stock = w.stock.data();
    v.nAssets = static_cast<std::int64_t>(w.nAssets());
    v.tech = w.tech.data();
    v.nDomains = static_cast<std::int64_t>(w.nDomains());
    v.resolve = w.resolve.data();
    v.stability = w.stability.data();
    v.escScore = w.escScore.data();
    v.posture = w.posture.data();
    v.tension = w.tension.data();
    v.stance = reinterpret_cast<const std::uint8_t*>(w.stance.data());
    v.rung = w.rung.data();
    v.peak = w.peak.data();
    v.treaties = w.treaties.data();
    v.flows = reinterpret_cast<const BrinkNativeFlow*>(w.flows.data());
    v.fired = w.fired.data();
    v.metrics = w.metrics.data();
    v.power = &powerOf;
    v.deterrence = &deterrenceOf;
    v.world = &w;
    w.native.fns = b->module->impl().fns;
    w.native.view = &b->view;
    w.native.owner = &w;
    w.native.binding = std::move(b);
}


}  // namespace brink
