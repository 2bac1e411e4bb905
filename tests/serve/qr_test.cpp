// brink serve --qr: the join addresses as QR codes drawn with text. Each code is turned back
// into an image and read by a real QR reader (zbarimg, Debian's zbar-tools), which must give
// back the address exactly.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "brink/serve/qr.hpp"
#include "net.hpp"
#include "support.hpp"

using namespace brink::test;

namespace {

/// The lines of a code drawn by terminalQr back into rows of modules (true: dark), the
/// ANSI colours dropped.
std::vector<std::vector<bool>> modules(const std::string& drawn) {
    std::vector<std::vector<bool>> rows;
    std::size_t at = 0;
    while (at < drawn.size()) {
        const std::size_t end = drawn.find('\n', at);
        std::string line = drawn.substr(at, end - at);
        at = end == std::string::npos ? drawn.size() : end + 1;
        std::string plain;
        for (std::size_t i = 0; i < line.size(); ++i) {
            if (line[i] == '\x1b') {
                i = line.find('m', i);
                continue;
            }
            plain += line[i];
        }
        std::vector<bool> top, bottom;
        for (std::size_t i = 0; i < plain.size();) {
            if (plain[i] == ' ') {
                top.push_back(false), bottom.push_back(false), ++i;
                continue;
            }
            const std::string ch = plain.substr(i, 3);
            if (ch != "\u2588" && ch != "\u2580" && ch != "\u2584") FAIL("not a QR code's line: '" << line << "'");
            top.push_back(ch != "\u2584");
            bottom.push_back(ch != "\u2580");
            i += 3;
        }
        rows.push_back(top);
        rows.push_back(bottom);
    }
    return rows;
}

/// What a QR reader reads in the drawn code (an image of it, 6 pixels a module).
std::string read(const std::string& drawn) {
    const auto m = modules(drawn);
    REQUIRE(!m.empty());
    const std::string dir = tempDir("qr");
    const std::string image = dir + "/code.pgm";
    {
        constexpr int kScale = 6;
        std::ofstream f(image, std::ios::binary);
        f << "P5\n" << m[0].size() * kScale << ' ' << m.size() * kScale << "\n255\n";
        for (const auto& row : m) {
            for (int y = 0; y < kScale; ++y) {
                for (const bool dark : row) {
                    for (int x = 0; x < kScale; ++x) f.put(static_cast<char>(dark ? 0 : 255));
                }
            }
        }
    }
    REQUIRE(std::system("command -v zbarimg >/dev/null") == 0);  // tools/setup.sh installs zbar-tools
    const std::string said = dir + "/read.txt";
    REQUIRE(std::system(("zbarimg --quiet --raw '" + image + "' >'" + said + "' 2>/dev/null").c_str()) == 0);
    std::string text = readFile(said);
    while (!text.empty() && text.back() == '\n') text.pop_back();
    return text;
}

}  // namespace

TEST_CASE("qr: a join address drawn as a QR code reads back exactly", "[qr]") {
    for (const std::string address : {"http://127.0.0.1:8080/#t=0f1e2d3c4b5a69788796a5b4c3d2e1f0",
                                      "http://192.168.100.200:65535/#t=ffffffffffffffffffffffffffffffffffffffff",
                                      "http://[fd00::2]:8080/#t=00000000000000000000000000000000"}) {
        INFO(address);
        const std::string plain = brink::serve::terminalQr(address, false);
        const std::string colour = brink::serve::terminalQr(address, true);
        CHECK(read(plain) == address);
        CHECK(modules(colour) == modules(plain));
        CHECK(colour.find("\x1b[30;47m") != std::string::npos);
        CHECK(plain.find('\x1b') == std::string::npos);
    }
    CHECK_THROWS(brink::serve::terminalQr(std::string(8000, 'x'), false));
}

TEST_CASE("qr: brink serve --qr prints each team's address as a code, and not the facilitator's", "[qr]") {
    const std::string dir = tempDir("qr-serve");
    brink::test::net::ServeProcess p("scenarios/summit-2024.yaml --seats russia,north_korea --qr --save " + dir + "/g.yaml");
    const std::string& out = p.banner();
    CHECK(out.find("\nFacilitator:\n") == std::string::npos);
    for (const std::string who : {"Russia", "North Korea"}) {
        INFO(who);
        const auto at = out.find("\n" + who + ":\n");
        REQUIRE(at != std::string::npos);
        const auto from = at + who.size() + 3;
        const auto end = out.find("\n\n", from);
        CHECK(read(out.substr(from, end - from + 1)) == p.address(who));
    }
}
