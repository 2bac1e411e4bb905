#include "game_open.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace fs = std::filesystem;

namespace brink::cli {

bool readText(const std::string& path, std::string& text, Diagnostics& diag, std::size_t maxBytes) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
        diag.error({}, "is a folder, not a file", "a YAML file", "name the .yaml file inside it");
        return false;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        diag.error({}, "cannot open file", "a readable YAML file", "check the path");
        return false;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    text = ss.str();
    if (text.size() > maxBytes) {
        diag.error({1, 1}, "file is " + std::to_string(text.size()) + " bytes, larger than the limit of " + std::to_string(maxBytes),
                   "a file of at most " + std::to_string(maxBytes) + " bytes", "raise the limit with --max-bytes if the file is genuine");
        return false;
    }
    return true;
}

std::vector<std::string> splitList(const std::string& s) {
    std::vector<std::string> out;
    std::stringstream ss(s);
    for (std::string t; std::getline(ss, t, ',');) {
        // "a, b" as "a,b": a list typed with spaces after its commas
        const auto from = t.find_first_not_of(" \t"), to = t.find_last_not_of(" \t");
        if (from != std::string::npos) out.push_back(t.substr(from, to - from + 1));
    }
    return out;
}

int checkSaveFile(const std::string& cmd, const std::string& save) {
    std::error_code ec;
    if (fs::is_directory(save, ec)) return usageError(cmd, "--save " + save + " is a folder", "a file name such as game.yaml");
    const fs::path sp(save);
    if (!sp.parent_path().empty() && !fs::is_directory(sp.parent_path(), ec)) {
        return usageError(cmd, "--save " + save + ": no folder '" + sp.parent_path().string() + "'", "a file in an existing folder",
                          "make the folder first: mkdir -p '" + sp.parent_path().string() + "'");
    }
    return kOk;
}

int openGame(const std::string& cmd, const boost::program_options::variables_map& vm, const LoadOptions& opt, const Common& c,
             const std::string& seatsFlag, OpenedGame& out) {
    out.path = vm.count("scenario") ? vm["scenario"].as<std::string>() : defaultScenario();
    const std::string& path = out.path;
    std::optional<std::uint64_t> seed;
    if (vm.count("seed")) {
        std::uint64_t s = 0;
        if (!parseSeed(vm["seed"].as<std::string>(), s)) {
            return usageError(cmd, "--seed " + vm["seed"].as<std::string>() + " is not a seed", "a whole number from 0 to 18446744073709551615");
        }
        seed = s;
    }
    Diagnostics diag(path);
    std::string text;
    if (!readText(path, text, diag, opt.yaml.maxBytes)) return reportDiagnostics(diag);
    std::unique_ptr<Session>& session = out.session;
    try {
        out.loadedGame = looksLikeGame(text);
        if (out.loadedGame) {
            if (vm.count(seatsFlag)) {
                return usageError(cmd, "--" + seatsFlag + " with a saved game", "a game file alone: it keeps its seats", "start a new game from the scenario to choose other seats");
            }
            if (seed) return usageError(cmd, "--seed with a saved game", "a game file alone: it keeps its seed");
            session = Session::open(text, path, diag, opt);
        } else {
            if (vm.count("undo")) return usageError(cmd, "--undo with a scenario", "a saved game file to go back in", "brink " + cmd + " game.yaml --undo 1");
            const std::vector<std::string> seats = vm.count(seatsFlag) ? splitList(vm[seatsFlag].as<std::string>()) : std::vector<std::string>{};
            Diagnostics seatDiag(path);
            session = Session::start(text, path, seed, seats, seatDiag, opt);
            if (!session) {
                for (const auto& d : seatDiag.items()) {
                    // the session names its seats as play's --as; say the flag this command has
                    std::string what = d.what;
                    if (what.starts_with("--as ")) what = "--" + seatsFlag + what.substr(4);
                    if (d.loc.line == 0) usageError(cmd, what, d.expected, d.hint);
                    else std::cerr << format(d) << '\n';
                }
                return kBadInput;
            }
            printWarnings(session->scenario(), c);
        }
        if (!session) return reportDiagnostics(diag);
        if (vm.count("undo")) {
            const int k = vm["undo"].as<int>();
            const std::int64_t played = session->turn() - session->firstTurn();
            if (k < 1) return usageError(cmd, "--undo " + std::to_string(k) + " goes back no turn", "a number of turns from 1 to " + std::to_string(played), "brink " + cmd + " game.yaml --undo 1");
            if (const Result r = session->apply(UndoCmd{k, false}); !r) return usageError(cmd, "--undo " + std::to_string(k) + ": " + r.error, "a number of turns from 1 to " + std::to_string(played));
        }
    } catch (const RunError& e) {
        std::cerr << format(Diagnostic{path, e.loc, e.what(), {}, e.hint}) << '\n';
        return kBadInput;
    }
    return kOk;
}

}  // namespace brink::cli
