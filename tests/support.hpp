#pragma once
// Helpers shared by the tests: loading scenarios from text or the repository, running
// the brink executable, reading files.
#include <memory>
#include <string>

#include "brink/base/diagnostics.hpp"
#include "brink/scenario/scenario.hpp"

namespace brink::test {

/// Path of a file in the source tree.
std::string source(const std::string& rel);
/// Loads scenario text; fails the test with the diagnostics when it does not load.
std::shared_ptr<Scenario> load(const std::string& yaml);
/// Loads a scenario file from the source tree; fails the test when it does not load.
std::shared_ptr<Scenario> loadFile(const std::string& rel);
/// The diagnostics of text that must not load (empty string when it loads).
std::string errors(const std::string& yaml, const std::string& path = "t.yaml");

/// Result of running the brink executable.
struct Proc {
    int status = -1;
    std::string out, err;
};
/// Runs `brink <args>` (args are passed to /bin/sh, so quote as needed).
Proc runBrink(const std::string& args);
/// Runs a /bin/sh script; `$BRINK` in it names the brink executable.
Proc runShell(const std::string& script);
/// Starts `brink <args>` in the background (stdout and stderr to the files given); returns
/// its process id, for tests that signal it.
int spawnBrink(const std::string& args, const std::string& outFile = "/dev/null", const std::string& errFile = "/dev/null");

std::string readFile(const std::string& path);
/// A fresh empty folder under the system temp dir.
std::string tempDir(const std::string& tag);

/// The files a finished brink batch leaves in its folder.
inline constexpr const char* kBatchFiles[] = {"results.sqlite", "runs.csv", "summary.json"};
/// Checks that two batch folders hold the same bytes in each of kBatchFiles (and not none).
void sameBatchFiles(const std::string& a, const std::string& b);

/// A minimal valid scenario head (brink, scenario) for building test scenarios.
std::string head(int turns = 10, const std::string& id = "t");

}  // namespace brink::test
