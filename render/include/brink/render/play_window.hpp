#pragma once
/// The play window: the map as brink render draws it, beside the panels of a game (the
/// seat's situation and possible orders, the curtain between seats in hot-seat play, what
/// happened, a timeline of past turns, the facilitator's controls, "what next?"). It is a
/// view of a Session: every order, inject, undo and end of turn is a Command sent to it.
#include <string>

#include "brink/session/session.hpp"

namespace brink::render {

struct PlayWindowOptions {
    bool facilitator = false;  ///< open with the facilitator's controls (else F12, confirmed)
    std::string savePath;      ///< where Ctrl+S saves and Ctrl+O loads (default: game.yaml)
    /// Save the game there by itself after every turn and on closing (when the
    /// save path was chosen: --save, --out, or the game file the window opened).
    bool autosave = false;
    /// On closing, write brink run's four files and game.yaml into this folder (--out).
    std::string outDir;
    /// Scripted input (tests, demos): a file of events fed through the same path as real
    /// ones, one a frame, with screenshots (docs/play.md, "Scripted play").
    std::string scriptPath;
    int width = 1600, height = 900;
};

/// Opens the window on `session` and runs until it is closed. Returns an exit status: 0,
/// 1 when the window cannot open, 2 when a script is bad input.
int runPlayWindow(Session& session, const PlayWindowOptions& options);

}  // namespace brink::render
