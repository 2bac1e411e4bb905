// brink: the command-line front of the Brink simulator.
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "brink/version.hpp"
#include "cli.hpp"
#include "commands.hpp"

namespace {

const char* kHelp = R"(brink )" BRINK_VERSION R"( - a discrete-event strategic-game simulator

Usage: brink <command> [options]

Commands:
  run [SCENARIO]       play one replication and tell its story (default: summit-2024)
  validate FILE...     check scenario files; print every error with file:line:col
  render [SCENARIO]    draw the map at a turn to a PNG (--window: a map to pan and zoom)
  batch SCENARIO       many replications (threads or MPI), with intervals and a results database

Options:
  -h, --help           this help; 'brink <command> --help' for a command's options
  --version            print the version

Exit status: 0 done, 2 bad input (usage or scenario), 1 anything else.
Docs: docs/cli.md, docs/scenario-format.md, docs/model.md
)";

}  // namespace

int main(int argc, char** argv) {
    using namespace brink::cli;
    std::vector<std::string> args(argv + 1, argv + argc);
    try {
        if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
            std::cout << kHelp;
            return args.empty() ? kBadInput : kOk;
        }
        if (args[0] == "--version") {
            std::cout << "brink " << BRINK_VERSION << '\n';
            return kOk;
        }
        const std::string cmd = args[0];
        std::vector<std::string> rest(args.begin() + 1, args.end());
        if (cmd == "run") return runCommand(rest);
        if (cmd == "validate") return validateCommand(rest);
        if (cmd == "render") return renderCommand(rest);
        if (cmd == "batch") return batchCommand(rest);
        if (cmd == "render" || cmd == "play") {
            return usageError("", "'brink " + cmd + "' is not available in this version", "run or validate",
                              "see docs/cli.md for what is planned");
        }
        if (!cmd.empty() && cmd[0] == '-') {
            return usageError("", "unknown option '" + cmd + "' before the command", "a command first: brink run ...",
                              "brink --help lists the commands");
        }
        return usageError("", "unknown command '" + cmd + "'", "run, validate or batch",
                          brink::suggest(cmd, {"run", "validate", "batch", "render", "play"}));
    } catch (const std::exception& e) {
        std::cerr << "brink: error: " << e.what() << '\n';
        return kFailure;
    }
}
