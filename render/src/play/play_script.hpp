#pragma once
// Scripted input for the play window: a text file of steps, each turned into the SFML
// events a person would cause, so tests and demos drive the window through the very event
// path real input takes. Steps (one a line, # starts a comment):
//   key [ctrl+][shift+][alt+]NAME   a key pressed and released (Return, Escape, Up, F12, a, 1, ...)
//   text WORDS                      characters typed
//   click X Y                       the mouse moved there, pressed and released (left button)
//   move X Y                        the mouse moved there
//   wheel X Y DELTA                 the wheel turned at X Y
//   frames N                        N frames with no input
//   shot FILE.png                   the window's pixels saved to FILE.png
//   title                           prints "title: <the window's title>" on stdout
//   status                          prints "status: <the panel's status line>" (what the person at the screen reads)
//   quit                            closes the window
#include <SFML/Window/Event.hpp>
#include <string>
#include <vector>

#include "brink/base/diagnostics.hpp"

namespace brink::render::detail {

struct ScriptStep {
    enum class Kind { Events, Frames, Shot, Title, Status, Quit } kind = Kind::Events;
    std::vector<std::vector<sf::Event>> frames;  ///< Events: the events of each frame, in order
    int count = 0;                               ///< Frames
    std::string path;                            ///< Shot
    std::uint32_t line = 0;
};

/// Reads a script; problems go to `diag` at their line. Empty on errors.
std::vector<ScriptStep> readScript(const std::string& text, Diagnostics& diag);

}  // namespace brink::render::detail
