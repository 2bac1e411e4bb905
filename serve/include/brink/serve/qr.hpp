#pragma once
/// A join address as a QR code drawn with text, for `brink serve --qr`: a team points a
/// tablet's camera at the teacher's screen instead of typing a long address.
#include <string>

namespace brink::serve {

/// `text` as a QR code (error correction level M, a quiet zone of 4 modules), two rows of
/// modules to a line with the half blocks ▀ ▄ █. With `colour`, each line is drawn black on
/// white (ANSI colours), so that it reads on a dark terminal as on a light one; without,
/// dark modules are the blocks, for a terminal with dark text on a light background.
/// Throws std::runtime_error when the text does not fit in a QR code.
std::string terminalQr(const std::string& text, bool colour);

}  // namespace brink::serve
