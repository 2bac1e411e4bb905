#include "cli.hpp"

#include "brink/scenario/lint.hpp"
#if BRINK_HAVE_RENDER
#include "brink/render/iso3166.hpp"
#endif

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cerrno>
#include <tuple>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <iostream>
#include <unistd.h>

namespace po = boost::program_options;

namespace brink::cli {

namespace {
void printError(const std::string& cmd, const std::string& what, const std::string& expected, const std::string& hint) {
    std::string s = "brink";
    if (!cmd.empty()) s += " " + cmd;
    s += ": error: " + what;
    if (!expected.empty()) s += "; expected " + expected;
    if (!hint.empty()) s += "; hint: " + hint;
    std::cerr << s << '\n';
}
}  // namespace

int usageError(const std::string& cmd, const std::string& what, const std::string& expected, const std::string& hint) {
    printError(cmd, what, expected, hint);
    return kBadInput;
}

int failure(const std::string& cmd, const std::string& what) {
    printError(cmd, what, {}, {});
    return kFailure;
}

int reportDiagnostics(const Diagnostics& diag) {
    std::cerr << diag.str();
    return kBadInput;
}

void addCommon(po::options_description& desc, const char* verbose, const char* quiet) {
    desc.add_options()                                                     //
        ("help,h", "show this help")                                       //
        ("verbose,v", po::value<int>()->zero_tokens()->default_value(0)->implicit_value(1)->composing(), verbose)  //
        ("quiet,q", po::bool_switch(), quiet);
}

Common common(const po::variables_map& vm) {
    Common c;
    if (vm.count("verbose") && !vm["verbose"].defaulted()) c.verbosity = 1;
    if (vm["quiet"].as<bool>()) c.verbosity = -1;
    auto logger = spdlog::get("brink");
    if (!logger) {
        logger = spdlog::stderr_color_mt("brink");
        logger->set_pattern("brink: %l: %v");
    }
    logger->set_level(c.verbosity > 0 ? spdlog::level::info : c.verbosity < 0 ? spdlog::level::err : spdlog::level::warn);
    return c;
}

int parse(const std::string& cmd, const std::vector<std::string>& args, const po::options_description& desc,
          const po::positional_options_description& pos, po::variables_map& vm) {
    std::vector<std::string> known;
    for (const auto& o : desc.options()) known.push_back("--" + o->long_name());
    try {
        po::store(po::command_line_parser(args).options(desc).positional(pos).run(), vm);
        po::notify(vm);
    } catch (const po::unknown_option& e) {
        const std::string opt = e.get_option_name();
        return usageError(cmd, "unknown option '" + opt + "'", "one of " + joinList(known, 20), suggest(opt, known));
    } catch (const po::too_many_positional_options_error&) {
        // which words were one too many: those past what the command takes
        std::string extra;
        try {
            po::options_description loose;
            loose.add(desc);
            const auto parsed = po::command_line_parser(args).options(loose).allow_unregistered().run();
            const auto words = po::collect_unrecognized(parsed.options, po::include_positional);
            for (std::size_t i = pos.max_total_count(); i < words.size(); ++i) extra += (extra.empty() ? "'" : " '") + words[i] + "'";
        } catch (const po::error&) {
        }
        return usageError(cmd, extra.empty() ? "too many arguments" : "too many arguments: " + extra,
                          pos.max_total_count() == 1 ? "one file at most" : "at most " + std::to_string(pos.max_total_count()) + " files",
                          "a list such as --seats A,B,C is written without spaces (or in quotes); brink " + cmd + " --help for the usage");
    } catch (const po::invalid_option_value& e) {
        return usageError(cmd, e.what(), "a value of the right kind", "brink " + cmd + " --help");
    } catch (const po::error& e) {
        return usageError(cmd, e.what(), {}, "brink " + cmd + " --help");
    }
    return kOk;
}

/// A seed: digits only (Boost would read "-1" as 2^64 - 1).
bool parseSeed(const std::string& s, std::uint64_t& out) {
    if (s.empty() || s.size() > 20) return false;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
    }
    errno = 0;
    char* end = nullptr;
    const unsigned long long v = std::strtoull(s.c_str(), &end, 10);
    if (errno == ERANGE || *end != '\0') return false;
    out = v;
    return true;
}


/// WxH with each side from 200 to 8192.
bool parseSize(const std::string& s, int& w, int& h) {
    static const std::regex re("([0-9]{1,5})x([0-9]{1,5})");
    std::smatch m;
    if (!std::regex_match(s, m, re)) return false;
    w = std::stoi(m[1]);
    h = std::stoi(m[2]);
    return w >= 200 && h >= 200 && w <= 8192 && h <= 8192;
}

std::string commandLine(const std::string& cmd, const std::vector<std::string>& args) {
    std::string s = "brink " + cmd;
    for (const auto& a : args) {
        const bool plain = !a.empty() && a.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_=.,:/+@%") ==
                                             std::string::npos;
        if (plain) {
            s += " " + a;
            continue;
        }
        s += " '";
        for (char ch : a) s += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
        s += "'";
    }
    return s;
}

std::string defaultScenario() {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    std::vector<fs::path> candidates;
    if (const char* env = std::getenv("BRINK_SCENARIOS")) candidates.emplace_back(fs::path(env) / "summit-2024.yaml");
    if (!ec) candidates.push_back(exe.parent_path().parent_path() / "share/brink/scenarios/summit-2024.yaml");
    candidates.emplace_back(fs::path(BRINK_SCENARIO_DIR) / "summit-2024.yaml");
    for (const auto& c : candidates) {
        if (fs::exists(c, ec)) return c.string();
    }
    return candidates.back().string();
}

}  // namespace brink::cli

#include "brink/scenario/loader.hpp"

namespace brink::cli {

void addLimits(po::options_description& desc) {
    po::options_description lim("Limits (raise them for genuinely large scenarios)");
    lim.add_options()                                                                               //
        ("max-bytes", po::value<std::uint64_t>(), "largest scenario file, in bytes (default 4194304; also sets the node and expanded-text limits)")  //
        ("max-actors", po::value<std::uint64_t>(), "most actors (default 1000)")                     //
        ("max-assets", po::value<std::uint64_t>(), "most assets (default 256)")                      //
        ("max-items", po::value<std::uint64_t>(), "most relations, transfers, rules, actions, events, metrics... each (default 10000)")  //
        ("max-turns", po::value<std::uint64_t>(), "most turns (default 1000000)");
    desc.add(lim);
}

bool limits(const std::string& cmd, const po::variables_map& vm, LoadOptions& opt) {
    auto get = [&](const char* name, std::uint64_t lo, std::uint64_t hi, auto& out) {
        if (!vm.count(name)) return true;
        const std::uint64_t v = vm[name].as<std::uint64_t>();
        if (v < lo || v > hi) {
            usageError(cmd, std::string("--") + name + " " + std::to_string(v) + " is out of range",
                       "a number from " + std::to_string(lo) + " to " + std::to_string(hi));
            return false;
        }
        out = static_cast<std::remove_reference_t<decltype(out)>>(v);
        return true;
    };
    return get("max-bytes", 1, std::uint64_t{1} << 32, opt.yaml.maxBytes) && get("max-actors", 1, 30000, opt.limits.maxActors) &&
           get("max-assets", 1, 65536, opt.limits.maxAssets) &&
           get("max-items", 1, 10'000'000, opt.limits.maxItems) && get("max-turns", 1, 1'000'000'000, opt.limits.maxTurns);
}

}  // namespace brink::cli

namespace brink::cli {
std::vector<Diagnostic> warnings(const Scenario& sc) {
    std::vector<Diagnostic> out = lintScenario(sc);
#if BRINK_HAVE_RENDER
    for (const ActorDef& a : sc.actors) {
        if (a.map.empty() || render::isoByAlpha3(a.map)) continue;
        Diagnostic d;
        d.path = sc.path;
        d.loc = a.loc;
        d.severity = Severity::Warning;
        d.what = "actor '" + a.id + "': map " + a.map + " is not an ISO 3166-1 alpha-3 code, so brink render draws no country for it" +
                 (a.hasCapital ? " (only its capital)" : " and leaves it out of the map");
        d.hint = "an ISO 3166-1 alpha-3 code such as RUS or KOR";
        out.push_back(std::move(d));
    }
    std::stable_sort(out.begin(), out.end(), [](const Diagnostic& x, const Diagnostic& y) {
        return std::tie(x.loc.line, x.loc.col) < std::tie(y.loc.line, y.loc.col);
    });
#endif
    return out;
}

void printWarnings(const Scenario& sc, const Common& c) {
    if (c.verbosity < 0) return;
    for (const auto& w : warnings(sc)) std::cerr << format(w) << '\n';
}
}  // namespace brink::cli
