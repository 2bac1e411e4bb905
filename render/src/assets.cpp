#include "brink/render/assets.hpp"

#include <cstdlib>
#include <filesystem>

namespace brink::render {

namespace fs = std::filesystem;

std::vector<std::string> mapFileCandidates(const std::string& name) {
    std::vector<std::string> out;
    if (const char* env = std::getenv("BRINK_SCENARIOS")) out.push_back((fs::path(env) / "maps" / name).string());
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) out.push_back((exe.parent_path().parent_path() / "share/brink/scenarios/maps" / name).string());
    out.push_back((fs::path(BRINK_MAP_DIR) / name).string());
    return out;
}

std::string findMapFile(const std::string& name) {
    const auto c = mapFileCandidates(name);
    std::error_code ec;
    for (const auto& p : c) {
        if (fs::exists(p, ec)) return p;
    }
    return c.back();
}

std::string findFont(bool bold) {
    const char* file = bold ? "DejaVuSans-Bold.ttf" : "DejaVuSans.ttf";
    std::vector<fs::path> dirs;
    if (const char* env = std::getenv("BRINK_FONTS")) dirs.emplace_back(env);
    dirs.emplace_back("/usr/share/fonts/truetype/dejavu");
    std::error_code ec;
    for (const auto& d : dirs) {
        if (fs::exists(d / file, ec)) return (d / file).string();
    }
    return (dirs.back() / file).string();
}

}  // namespace brink::render
