// brink render from the command line: files written whole, bad input refused with exit 2.
#include <catch2/catch.hpp>

#include <filesystem>
#include <cstdlib>
#include <fstream>
#include <sys/wait.h>

#include "support.hpp"

using namespace brink::test;
namespace fs = std::filesystem;

namespace {

/// Width and height from a PNG's header, or (0, 0).
std::pair<unsigned, unsigned> pngSize(const std::string& bytes) {
    if (bytes.size() < 24 || bytes.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0) return {0, 0};
    auto be = [&](std::size_t i) {
        return (unsigned(static_cast<unsigned char>(bytes[i])) << 24) | (unsigned(static_cast<unsigned char>(bytes[i + 1])) << 16) |
               (unsigned(static_cast<unsigned char>(bytes[i + 2])) << 8) | unsigned(static_cast<unsigned char>(bytes[i + 3]));
    };
    return {be(16), be(20)};
}

}  // namespace

TEST_CASE("brink render writes a PNG of the asked size, and nothing else", "[rendercli]") {
    const std::string dir = tempDir("render");
    const Proc p = runBrink("render --turn 3 --size 800x450 --out " + dir + "/map.png");
    INFO(p.err);
    REQUIRE(p.status == 0);
    CHECK(p.out == "Wrote " + dir + "/map.png (800x450, turn 3, 2024-07-10)\n");
    const auto size = pngSize(readFile(dir + "/map.png"));
    CHECK(size.first == 800);
    CHECK(size.second == 450);
    // no temporary file is left beside it
    int files = 0;
    for (const auto& e : fs::directory_iterator(dir)) files += e.is_regular_file() ? 1 : 0;
    CHECK(files == 1);
    // the same command writes the same bytes
    const Proc q = runBrink("render --turn 3 --size 800x450 -q --out " + dir + "/again.png");
    INFO(q.err);
    REQUIRE(q.status == 0);
    CHECK(q.out.empty());
    CHECK(readFile(dir + "/again.png") == readFile(dir + "/map.png"));
    fs::remove_all(dir);
}

TEST_CASE("brink render with no display runs itself under xvfb-run", "[rendercli]") {
    const std::string dir = tempDir("nodisplay");
    const std::string cmd = "env -u DISPLAY -u BRINK_UNDER_XVFB " + std::string(BRINK_EXE) + " render --size 400x300 --out " + dir +
                            "/map.png >" + dir + "/out 2>" + dir + "/err";
    const int st = std::system(cmd.c_str());
    INFO(readFile(dir + "/err"));
    CHECK(WIFEXITED(st));
    CHECK(WEXITSTATUS(st) == 0);
    CHECK(readFile(dir + "/out") == "Wrote " + dir + "/map.png (400x300, turn 0, 2024-06-19)\n");
    const auto size = pngSize(readFile(dir + "/map.png"));
    CHECK(size.first == 400);
    CHECK(size.second == 300);
    fs::remove_all(dir);
}

TEST_CASE("brink render --window with no display says so at once", "[rendercli]") {
    const std::string dir = tempDir("nowindow");
    const std::string cmd = "env -u DISPLAY -u BRINK_UNDER_XVFB timeout 20 " + std::string(BRINK_EXE) + " render --window >" + dir +
                            "/out 2>" + dir + "/err";
    const int st = std::system(cmd.c_str());
    CHECK(WIFEXITED(st));
    CHECK(WEXITSTATUS(st) == 1);  // not 124: it did not wait on a display nobody sees
    CHECK(readFile(dir + "/err") == "brink render: error: --window needs a display to open on; hint: set DISPLAY (a desktop "
                                    "session, or ssh -X), or leave out --window to draw a PNG\n");
    fs::remove_all(dir);
}

TEST_CASE("brink render: help and bad input", "[rendercli]") {
    const Proc h = runBrink("render --help");
    CHECK(h.status == 0);
    CHECK(h.out.find("--turn") != std::string::npos);
    CHECK(h.out.find("--size") != std::string::npos);
    const std::string dir = tempDir("renderbad");
    struct Bad {
        std::string args, err;
    };
    for (const Bad& b : std::vector<Bad>{
             {"--size 10x10", "brink render: error: --size 10x10 is not an image size; expected WxH with each side from 200 to 8192; hint: for a projector, 1920x1080\n"},
             {"--size big", "brink render: error: --size big is not an image size; expected WxH with each side from 200 to 8192; hint: for a projector, 1920x1080\n"},
             {"--turn -1", "brink render: error: --turn -1 is out of range; expected a turn number from 0 to 1000000\n"},
             {"--seed x", "brink render: error: --seed x is not a seed; expected a whole number from 0 to 18446744073709551615\n"},
             {"--out " + dir + "/map.jpg", "brink render: error: --out " + dir + "/map.jpg does not name a PNG file; expected a file name ending in .png\n"},
             {"--out " + dir + "/no/such/map.png", "brink render: error: --out " + dir + "/no/such/map.png: no folder '" + dir + "/no/such'; expected a file in an existing folder\n"},
             {"does/not/exist.yaml", "does/not/exist.yaml:1:1: error: cannot open scenario file; expected a readable YAML file; hint: check the path\n"},
             {"--trun 3", ""},
         }) {
        INFO(b.args);
        const Proc p = runBrink("render " + b.args + " --out " + dir + "/x.png");
        CHECK(p.status == 2);
        if (!b.err.empty() && b.args.find("--out") == std::string::npos) CHECK(p.err == b.err);
        if (b.args.find("--out") != std::string::npos) {
            const Proc q = runBrink("render " + b.args);
            CHECK(q.status == 2);
            CHECK(q.err == b.err);
        }
        CHECK(p.out.empty());
    }
    const Proc t = runBrink("render --trun 3");
    CHECK(t.err.find("did you mean '--turn'?") != std::string::npos);
    // a map file that is not TopoJSON is bad input too, reported at its place
    std::ofstream(dir + "/bad.json") << "{\n  \"type\": \"Topology\",\n  oops\n}\n";
    const Proc m = runBrink("render --map " + dir + "/bad.json --out " + dir + "/x.png");
    CHECK(m.status == 2);
    CHECK(m.err.rfind(dir + "/bad.json:3:3: error: not valid JSON", 0) == 0);
    CHECK_FALSE(fs::exists(dir + "/x.png"));
    fs::remove_all(dir);
}
