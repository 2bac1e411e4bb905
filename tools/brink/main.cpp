// brink: the command-line front of the Brink simulator. Every list of commands it prints
// (the help, and what an unknown or misspelt command is told) comes from kCommands.
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "brink/base/diagnostics.hpp"
#include "brink/base/version.hpp"
#include "cli.hpp"
#include "commands.hpp"

namespace {

using namespace brink::cli;

struct Command {
    const char* name;
    const char* synopsis;  ///< its arguments, for the help
    const char* summary;
    int (*run)(const std::vector<std::string>&);
};

/// The one table of commands.
const Command kCommands[] = {
    {"run", "[SCENARIO]", "play one replication and tell its story (default: summit-2024)", runCommand},
    {"validate", "FILE...", "check scenario files; print every error with file:line:col", validateCommand},
    {"render", "[SCENARIO]", "draw the map at a turn to a PNG (--window: a map to pan and zoom)", renderCommand},
    {"batch", "[SCENARIO]", "many replications (threads or MPI), with intervals and a results database", batchCommand},
    {"play", "[SCENARIO|GAME]", "a game: seats played by people (--as), saved, undone, replayed; headless with --orders", playCommand},
    {"report", "PATH", "one HTML page: a debrief of a game or run, or an analysis of a batch", reportCommand},
    {"brief", "[SCENARIO]", "a team's printable briefing (--as ACTOR), or the facilitator's (--facilitator)", briefCommand},
#ifdef BRINK_HAVE_SERVE
    {"serve", "[SCENARIO|GAME]", "a game for a class over the network: each team in a browser (--seats), the facilitator's page", serveCommand},
#endif
};

/// Commands of the documented contract that this version does not have yet.
#ifdef BRINK_HAVE_SERVE
const std::vector<std::string> kNotYet;
#else
const std::vector<std::string> kNotYet = {"serve"};  // a build without the map library has no server
#endif

std::vector<std::string> commandNames() {
    std::vector<std::string> out;
    for (const auto& c : kCommands) out.emplace_back(c.name);
    return out;
}

/// "run, validate, render or batch".
std::string oneOf() {
    const auto names = commandNames();
    std::string s;
    for (std::size_t i = 0; i < names.size(); ++i) s += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
    return s;
}

std::string help() {
    std::string s = "brink " BRINK_VERSION " - a discrete-event strategic-game simulator\n\nUsage: brink <command> [options]\n\nCommands:\n";
    for (const auto& c : kCommands) {
        std::string head = std::string("  ") + c.name + " " + c.synopsis;
        head.resize(std::max<std::size_t>(head.size() + 1, 23), ' ');
        s += head + c.summary + "\n";
    }
    s += "\nOptions:\n"
         "  -h, --help           this help; 'brink <command> --help' for a command's options\n"
         "  --version            print the version\n\n"
         "Exit status: 0 done, 2 bad input (usage or scenario), 1 anything else.\n"
         "Docs: docs/cli.md, docs/scenario-format.md, docs/model.md\n";
    return s;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    try {
        if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
            std::cout << help();
            return args.empty() ? kBadInput : kOk;
        }
        if (args[0] == "--version") {
            std::cout << "brink " << BRINK_VERSION << '\n';
            return kOk;
        }
        const std::string cmd = args[0];
        const std::vector<std::string> rest(args.begin() + 1, args.end());
        for (const auto& c : kCommands) {
            if (cmd == c.name) return c.run(rest);
        }
        for (const std::string& n : kNotYet) {
            if (cmd == n) {
                return usageError("", "'brink " + cmd + "' is not available in this version", oneOf(),
                                  "brink --help lists the commands this version has");
            }
        }
        if (!cmd.empty() && cmd[0] == '-') {
            return usageError("", "unknown option '" + cmd + "' before the command", "a command first: brink run ...",
                              "brink --help lists the commands");
        }
        return usageError("", "unknown command '" + cmd + "'", oneOf(), brink::suggest(cmd, commandNames()));
    } catch (const std::exception& e) {
        std::cerr << "brink: error: " << e.what() << '\n';
        return kFailure;
    }
}
