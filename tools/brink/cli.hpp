#pragma once
// Shared pieces of the brink subcommands: exit codes, usage errors in the house format,
// logging set-up and finding the default scenario.
#include <boost/program_options.hpp>
#include <string>
#include <vector>

#include "brink/base/diagnostics.hpp"

namespace brink::cli {

enum Exit : int { kOk = 0, kFailure = 1, kBadInput = 2 };

/// Options every command takes.
struct Common {
    int verbosity = 0;  ///< -q: -1, default 0, -v: 1, -vv: 2
};

/// Prints `brink <cmd>: error: what; expected ...; hint: ...` to stderr; returns kBadInput.
int usageError(const std::string& cmd, const std::string& what, const std::string& expected = {},
               const std::string& hint = {});
/// Prints `brink <cmd>: error: what` to stderr; returns kFailure (the input was fine, the
/// machine failed: a folder that cannot be written, a full disk, a locked file).
int failure(const std::string& cmd, const std::string& what);
/// Prints every diagnostic to stderr; returns kBadInput.
int reportDiagnostics(const Diagnostics& diag);

/// Parses a command line against `desc` (+ positional), turning Boost's errors into usage
/// errors with the nearest option named. Returns kOk or kBadInput.
int parse(const std::string& cmd, const std::vector<std::string>& args,
          const boost::program_options::options_description& desc,
          const boost::program_options::positional_options_description& pos,
          boost::program_options::variables_map& vm);

/// Adds -v/-q/--help to a command's options, -v and -q described in that command's terms.
void addCommon(boost::program_options::options_description& desc, const char* verbose, const char* quiet);
/// Reads -v/-q and configures spdlog's "brink" logger on stderr.
Common common(const boost::program_options::variables_map& vm);

/// A seed: digits only, 0 to 2^64 - 1 (Boost would read "-1" as 2^64 - 1; no sign, no
/// spaces). Every command reads --seed with it.
bool parseSeed(const std::string& s, std::uint64_t& out);

/// An image or window size, WxH with each side from 200 to 8192.
bool parseSize(const std::string& s, int& w, int& h);

/// `brink <cmd> <args...>` as a line to paste into a shell (arguments quoted as needed).
std::string commandLine(const std::string& cmd, const std::vector<std::string>& args);

/// The shipped default scenario (summit-2024.yaml).
std::string defaultScenario();

}  // namespace brink::cli

namespace brink {
struct LoadOptions;
struct Scenario;
}

namespace brink::cli {
/// Adds --max-bytes, --max-actors, --max-items, --max-turns (the loader's limits).
void addLimits(boost::program_options::options_description& desc);
/// Reads them into load options; false after a usage error was printed.
bool limits(const std::string& cmd, const boost::program_options::variables_map& vm, LoadOptions& opt);
/// What brink validate warns about (lintScenario), on stderr, unless -q: every command that
/// loads a scenario says it, with the values --set gave.
void printWarnings(const Scenario& sc, const Common& c);
/// Those warnings: lintScenario's, and (in a build with the map) a `map` code the map does
/// not know. In file order.
std::vector<Diagnostic> warnings(const Scenario& sc);
}  // namespace brink::cli
