// The play window under a display (Xvfb), driven by scripted input through the same event
// path as real input: start, give an order, hand over behind the curtain, end the turn, see
// the title and the state advance, open the facilitator's controls, undo, save, load; and
// by xdotool from outside, as a person's keyboard would.
#include <catch2/catch.hpp>

#include <SFML/Graphics/Image.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <signal.h>
#include <sys/wait.h>
#include <thread>

#include "support.hpp"

using namespace brink::test;
namespace fs = std::filesystem;

namespace {
std::string lines(const std::string& out, const std::string& prefix) {
    std::string s;
    std::size_t at = 0;
    while ((at = out.find(prefix, at)) != std::string::npos) {
        const std::size_t end = out.find('\n', at);
        s += out.substr(at, end - at) + "\n";
        at = end;
    }
    return s;
}
}  // namespace

TEST_CASE("the play window plays a turn, undoes it, saves and loads, from scripted input", "[playwin]") {
    const std::string dir = tempDir("playwin");
    std::ofstream(dir + "/script.txt") << "frames 2\n"
                                          "title\n"
                                          "shot " + dir + "/curtain.png\n"
                                          "key Return\n"          // Russia's team behind the curtain
                                          "key Down\n"
                                          "key Return\n"          // gives the selected order
                                          "frames 1\n"
                                          "shot " + dir + "/orders.png\n"
                                          "key ctrl+Return\n"     // done: next team
                                          "key Return\n"          // North Korea's team
                                          "key ctrl+Return\n"     // the last team: the turn resolves
                                          "frames 1\n"
                                          "title\n"
                                          "shot " + dir + "/happened.png\n"
                                          "key ctrl+s\n"          // saved after turn 1
                                          "key F12\nkey y\n"      // the facilitator, confirmed
                                          "key ctrl+z\n"          // back to turn 0
                                          "frames 1\n"
                                          "title\n"
                                          "key ctrl+o\n"          // the save: turn 1 again
                                          "frames 1\n"
                                          "title\n"
                                          "quit\n";
    const Proc p = runBrink("play --as russia,north_korea --size 1280x720 --save " + dir + "/game.yaml --script " + dir + "/script.txt");
    INFO(p.err);
    REQUIRE(p.status == 0);
    CHECK(lines(p.out, "title: ") == "title: Brink \u2014 Summit in Pyongyang \u2014 Turn 0 \u00b7 2024-06-19\n"
                                     "title: Brink \u2014 Summit in Pyongyang \u2014 Turn 1 \u00b7 2024-06-26\n"
                                     "title: Brink \u2014 Summit in Pyongyang \u2014 Turn 0 \u00b7 2024-06-19\n"
                                     "title: Brink \u2014 Summit in Pyongyang \u2014 Turn 1 \u00b7 2024-06-26\n");
    const std::string game = readFile(dir + "/game.yaml");
    CHECK(game.find("\nturn: 1\n") != std::string::npos);
    CHECK(game.find("      - actor: russia\n        action: nuclear_signal\n") != std::string::npos);
    // the screenshots were made, at the window's size
    for (const char* shot : {"curtain.png", "orders.png", "happened.png"}) {
        INFO(shot);
        const std::string png = readFile(dir + "/" + shot);
        REQUIRE(png.size() > 24);
        CHECK(png.compare(1, 3, "PNG") == 0);
    }
    // the saved game plays on headless to the same state as the window's turn
    const Proc on = runBrink("play " + dir + "/game.yaml --headless -q --turns 1 --out " + dir + "/out");
    CHECK(on.status == 0);
    fs::remove_all(dir);
}

TEST_CASE("the facilitator injects an event from the keyboard alone (Tab gives the keys to the panel)", "[playwin]") {
    const std::string dir = tempDir("playwin-tab");
    std::ofstream(dir + "/script.txt") << "frames 2\n"
                                          "key F12\nkey y\nframes 1\n"  // the facilitator, confirmed
                                          "key Tab\nframes 2\n"          // the keys work the panel
                                          "key Down\nframes 1\nkey Down\nframes 1\n"  // to the event's list
                                          "key Right\nframes 1\n"        // to Fire
                                          "key space\nframes 2\n"        // pressed
                                          "key Tab\nframes 1\n"          // the keys come back: Ctrl+S saves
                                          "key ctrl+s\n"
                                          "quit\n";
    const Proc p = runBrink("play --as russia --size 1280x720 --save " + dir + "/game.yaml --script " + dir + "/script.txt");
    INFO(p.err);
    REQUIRE(p.status == 0);
    const std::string game = readFile(dir + "/game.yaml");
    CHECK(game.find("  - turn: 1\n    injects:\n      - event: summit\n") != std::string::npos);
    fs::remove_all(dir);
}

TEST_CASE("behind the curtain, the next team reads nothing of the last team's orders", "[playwin]") {
    const std::string dir = tempDir("playwin-leak");
    std::ofstream(dir + "/script.txt") << "frames 2\n"
                                          "key Return\n"                           // Russia's team
                                          "key Down\nkey Return\n"  // gives an order
                                          "frames 1\nstatus\n"                    // Russia reads "Given: ..."
                                          "key ctrl+Return\nframes 1\nstatus\n"   // the curtain
                                          "key Return\nframes 1\nstatus\n"        // North Korea's team
                                          "quit\n";
    const Proc p = runBrink("play --as russia,north_korea --size 1280x720 --script " + dir + "/script.txt");
    INFO(p.err);
    REQUIRE(p.status == 0);
    CHECK(lines(p.out, "status: ") == "status: Given: signal nuclear resolve.\nstatus: \nstatus: \n");
    fs::remove_all(dir);
}

TEST_CASE("what next? closes when the game moves past the turn it was run from", "[playwin]") {
    const std::string dir = tempDir("playwin-next");
    std::ofstream(dir + "/script.txt") << "frames 2\n"
                                          "key w\nframes 2\n"                     // what next? from turn 0
                                          "shot " + dir + "/open.png\n"
                                          "key ctrl+Return\nframes 2\n"           // the turn resolves
                                          "shot " + dir + "/after.png\n"
                                          "key w\nframes 2\n"                     // again: from turn 1
                                          "shot " + dir + "/again.png\n"
                                          "quit\n";
    const Proc p = runBrink("play --as russia --size 1280x720 --script " + dir + "/script.txt");
    INFO(p.err);
    REQUIRE(p.status == 0);
    // the map's area right of the panel: the what next? window (white) is there, then gone, then back
    auto whiteShare = [&](const std::string& png) {
        sf::Image img;
        REQUIRE(img.loadFromFile(png));
        int white = 0, all = 0;
        for (unsigned y = 120; y < 400; y += 4) {
            for (unsigned x = 460; x < 1200; x += 4) {
                const sf::Color c = img.getPixel(x, y);
                white += (c.r > 235 && c.g > 235 && c.b > 235) ? 1 : 0;
                ++all;
            }
        }
        return static_cast<double>(white) / all;
    };
    const double open = whiteShare(dir + "/open.png"), after = whiteShare(dir + "/after.png"), again = whiteShare(dir + "/again.png");
    CHECK(open > 0.3);
    CHECK(after < open / 2);
    CHECK(again > 0.3);
    fs::remove_all(dir);
}

TEST_CASE("closing the window keeps the game: --out's files, the game saved, its last turn kept", "[playwin]") {
    // a teacher's report: Ctrl+Q quit and the class's game was gone
    const std::string dir = tempDir("playwin-close");
    std::ofstream(dir + "/s1.txt") << "frames 2\nkey ctrl+Return\nframes 1\nkey ctrl+q\n";
    const Proc p = runBrink("play --as russia --turns 12 --size 1280x720 --out " + dir + "/o --script " + dir + "/s1.txt");
    INFO(p.err);
    REQUIRE(p.status == 0);
    for (const char* f : {"metrics.csv", "events.jsonl", "final.yaml", "summary.json", "game.yaml"}) {
        INFO(f);
        CHECK(fs::exists(dir + "/o/" + f));
    }
    const std::string game = readFile(dir + "/o/game.yaml");
    CHECK(game.find("\nturn: 1\nlast_turn: 12\n") != std::string::npos);
    // opened again, the game saves back to its own file
    std::ofstream(dir + "/s2.txt") << "frames 2\nkey ctrl+Return\nframes 1\nquit\n";
    const Proc q = runBrink("play " + dir + "/o/game.yaml --size 1280x720 --script " + dir + "/s2.txt");
    CHECK(q.status == 0);
    CHECK(q.out.find("Saved the game to " + dir + "/o/game.yaml") != std::string::npos);
    CHECK(readFile(dir + "/o/game.yaml").find("\nturn: 2\nlast_turn: 12\n") != std::string::npos);
    fs::remove_all(dir);
}

TEST_CASE("a bad script is refused with its line", "[playwin]") {
    const std::string dir = tempDir("playwin-bad");
    std::ofstream(dir + "/s.txt") << "key Return\nkey Hyperspace\nclick 10\n";
    const Proc p = runBrink("play --script " + dir + "/s.txt");
    CHECK(p.status == 2);
    CHECK(p.err == dir + "/s.txt:2:1: error: unknown key 'Hyperspace'; expected a key name such as Return, Escape, Up, F12, a or 1, "
                         "with ctrl+, shift+ or alt+\n" +
                       dir + "/s.txt:3:1: error: click needs X Y; expected click 120 340\n");
    fs::remove_all(dir);
}

TEST_CASE("xdotool's ctrl+Return, from outside, ends the turn", "[playwin]") {
    const std::string dir = tempDir("playwin-xdo");
    const int pid = spawnBrink("play --as russia --size 800x600", dir + "/out.txt", dir + "/err.txt");
    REQUIRE(pid > 0);
    auto sh = [](const std::string& cmd) {
        const Proc r = runShell(cmd);
        return r.out;
    };
    std::string win;
    for (int i = 0; i < 100 && win.empty(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        win = sh("xdotool search --name '^Brink' 2>/dev/null | head -n1");
    }
    REQUIRE_FALSE(win.empty());
    win.erase(win.find_last_not_of("\n") + 1);
    // the first frame gives the window its full title
    std::string first;
    for (int i = 0; i < 100 && first.find("Turn 0") == std::string::npos; ++i) {
        first = sh("xdotool getwindowname " + win);
        if (first.find("Turn 0") == std::string::npos) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    CHECK(first.find("Brink \u2014 Summit in Pyongyang \u2014 Turn 0") != std::string::npos);
    sh("xdotool windowfocus --sync " + win + " 2>/dev/null; xdotool key --clearmodifiers ctrl+Return");
    std::string name;
    for (int i = 0; i < 50; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        name = sh("xdotool getwindowname " + win);
        if (name.find("Turn 1") != std::string::npos) break;
    }
    CHECK(name.find("Brink \u2014 Summit in Pyongyang \u2014 Turn 1 \u00b7 2024-06-26") != std::string::npos);
    sh("xdotool key --clearmodifiers ctrl+q");
    int st = 0;
    bool gone = false;
    for (int i = 0; i < 50 && !gone; ++i) {
        gone = waitpid(pid, &st, WNOHANG) == pid;
        if (!gone) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    CHECK(gone);  // Ctrl+Q closed it
    if (!gone) {
        kill(pid, SIGKILL);
        waitpid(pid, &st, 0);
    }
    fs::remove_all(dir);
}
