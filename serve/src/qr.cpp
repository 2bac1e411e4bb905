#include "brink/serve/qr.hpp"

#include <qrencode.h>

#include <memory>
#include <stdexcept>
#include <vector>

namespace brink::serve {

std::string terminalQr(const std::string& text, bool colour) {
    const std::unique_ptr<QRcode, void (*)(QRcode*)> code(QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), QRcode_free);
    if (!code) throw std::runtime_error("this address does not fit in a QR code");
    constexpr int kQuiet = 4;
    const int w = code->width, size = w + 2 * kQuiet;
    auto dark = [&](int row, int col) {
        const int r = row - kQuiet, c = col - kQuiet;
        if (r < 0 || c < 0 || r >= w || c >= w) return false;
        return (code->data[static_cast<std::size_t>(r) * static_cast<std::size_t>(w) + static_cast<std::size_t>(c)] & 1) != 0;
    };
    std::string out;
    for (int row = 0; row < size; row += 2) {
        if (colour) out += "\x1b[30;47m";
        for (int col = 0; col < size; ++col) {
            const bool top = dark(row, col), bottom = row + 1 < size && dark(row + 1, col);
            out += top ? (bottom ? "\u2588" : "\u2580") : (bottom ? "\u2584" : " ");
        }
        if (colour) out += "\x1b[0m";
        out += '\n';
    }
    return out;
}

}  // namespace brink::serve
