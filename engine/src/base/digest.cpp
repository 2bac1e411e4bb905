#include "brink/base/digest.hpp"

#include <boost/uuid/detail/sha1.hpp>

#include <cstdio>

namespace brink {

std::string sha1Hex(std::string_view text) {
    boost::uuids::detail::sha1 h;
    h.process_bytes(text.data(), text.size());
    boost::uuids::detail::sha1::digest_type d;
    h.get_digest(d);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%08x%08x%08x%08x%08x", d[0], d[1], d[2], d[3], d[4]);
    return buf;
}

std::string digestWithoutLine(std::string_view text, std::uint32_t line) {
    std::size_t start = 0;
    for (std::uint32_t l = 1; l < line && start != std::string_view::npos; ++l) {
        start = text.find('\n', start);
        if (start != std::string_view::npos) ++start;
    }
    if (start == std::string_view::npos || start > text.size()) return sha1Hex(text);
    std::size_t end = text.find('\n', start);
    end = end == std::string_view::npos ? text.size() : end + 1;
    std::string rest(text.substr(0, start));
    rest.append(text.substr(end));
    return sha1Hex(rest);
}

std::string sealed(std::string text) {
    constexpr std::string_view kKey = "seal: ";
    std::uint32_t line = 1;
    for (std::size_t pos = 0; pos < text.size(); ++line) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string::npos) end = text.size();
        if (text.compare(pos, kKey.size(), kKey) == 0) {
            const std::string digest = digestWithoutLine(text, line);  // leaves the line itself out
            text.replace(pos + kKey.size(), end - pos - kKey.size(), digest);
            return text;
        }
        pos = end + 1;
    }
    return text;
}

}  // namespace brink
