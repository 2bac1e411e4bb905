#pragma once
// Opening a game for brink play and brink serve: a scenario (a new game, with its seats and
// seed) or a saved game file, every check done before anything is written.
#include <boost/program_options.hpp>
#include <memory>
#include <string>

#include "brink/session/session.hpp"
#include "cli.hpp"

namespace brink::cli {

struct OpenedGame {
    std::string path;        ///< the scenario or game file
    bool loadedGame = false; ///< a game file (its seats and seed kept)
    std::unique_ptr<Session> session;
};

/// Opens SCENARIO|GAME (vm["scenario"], default: the shipped scenario) with `seatsFlag`'s
/// seats (A,B,...), --seed and --undo when given. kOk, or the exit status after the error
/// has been printed.
int openGame(const std::string& cmd, const boost::program_options::variables_map& vm, const LoadOptions& opt, const Common& c,
             const std::string& seatsFlag, OpenedGame& out);

/// --save FILE: a file (not a folder) in a folder that exists. kOk, or the exit status
/// after the error has been printed.
int checkSaveFile(const std::string& cmd, const std::string& save);

/// A file's text; false, with the reason in `diag`, when it cannot be read or is too large.
bool readText(const std::string& path, std::string& text, Diagnostics& diag, std::size_t maxBytes);

/// "a,b,,c" -> {a, b, c}
std::vector<std::string> splitList(const std::string& s);

}  // namespace brink::cli
