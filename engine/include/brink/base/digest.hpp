#pragma once
/// The digest that seals a saved state: SHA-1 of a file's text without the line that holds
/// the digest, so a final.yaml cut short or edited by hand is refused rather than loaded
/// half.
#include <cstdint>
#include <string>
#include <string_view>

namespace brink {

/// Hex SHA-1 of `text`.
std::string sha1Hex(std::string_view text);
/// Hex SHA-1 of `text` with line `line` (from 1) and its newline left out.
std::string digestWithoutLine(std::string_view text, std::uint32_t line);
/// `text` with the value of its first line that begins `seal: ` replaced by the digest of
/// everything else (digestWithoutLine); unchanged when it has no such line.
std::string sealed(std::string text);

}  // namespace brink
