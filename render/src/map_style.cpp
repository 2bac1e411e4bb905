#include "brink/render/map_style.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace brink::render::style {

namespace {

Rgba mix(Rgba a, Rgba b, double t) {
    auto m = [t](std::uint8_t x, std::uint8_t y) {
        return static_cast<std::uint8_t>(std::lround(x + (y - x) * std::clamp(t, 0.0, 1.0)));
    };
    return {m(a.r, b.r), m(a.g, b.g), m(a.b, b.b), m(a.a, b.a)};
}

Rgba ramp(const Rgba* stops, int n, double t) {
    t = std::clamp(t, 0.0, 1.0) * (n - 1);
    const int i = std::min(static_cast<int>(t), n - 2);
    return mix(stops[i], stops[i + 1], t - i);
}

}  // namespace

Rgba blocColour(int index) {
    // a qualitative palette; the first three read as the usual red, blue and amber camps
    static constexpr Rgba kBlocs[] = {{205, 82, 74},  {66, 122, 189}, {236, 170, 70}, {92, 160, 110},
                                      {140, 98, 180}, {56, 160, 166}, {190, 110, 150}, {130, 130, 70}};
    if (index < 0) return kNoBloc;
    return kBlocs[index % 8];
}

std::vector<Rgba> blocColours(const Scenario& sc) {
    const std::size_t n = sc.blocs.size();
    std::vector<Rgba> out(n, kNoBloc);
    std::vector<std::size_t> byId;
    for (std::size_t b = 0; b < n; ++b) {
        const bool set = b < sc.blocInfo.size() && sc.blocInfo[b].hasColour;
        if (set) out[b] = {sc.blocInfo[b].r, sc.blocInfo[b].g, sc.blocInfo[b].b};
        else byId.push_back(b);
    }
    std::sort(byId.begin(), byId.end(), [&](std::size_t x, std::size_t y) { return sc.blocs[x] < sc.blocs[y]; });
    bool used[8] = {};
    for (std::size_t b : byId) {
        // FNV-1a of the id picks the first choice; a taken one passes to the next free
        std::uint64_t h = 14695981039346656037ull;
        for (unsigned char ch : sc.blocs[b]) h = (h ^ ch) * 1099511628211ull;
        std::size_t slot = static_cast<std::size_t>(h % 8);
        for (int tries = 0; tries < 8 && used[slot]; ++tries) slot = (slot + 1) % 8;
        used[slot] = true;
        out[b] = blocColour(static_cast<int>(slot));
    }
    return out;
}

std::string blocName(const Scenario& sc, std::size_t bloc) {
    if (bloc < sc.blocInfo.size() && !sc.blocInfo[bloc].name.empty()) return sc.blocInfo[bloc].name;
    return displayName(sc.blocs[bloc]);
}

Rgba tensionColour(double t) {
    static constexpr Rgba kStops[] = {{250, 214, 90}, {245, 150, 45}, {222, 60, 35}, {130, 8, 20}};
    return ramp(kStops, 4, t);
}

Rgba rungColour(int index, int count) {
    if (count <= 1) return tensionColour(0.0);
    return tensionColour(static_cast<double>(index) / (count - 1));
}

Rgba postureColour(int level, int lo, int hi) {
    static constexpr Rgba kStops[] = {{96, 132, 104}, {214, 150, 30}, {222, 90, 30}, {170, 20, 40}};
    const double t = hi > lo ? static_cast<double>(level - lo) / (hi - lo) : 0.0;
    return ramp(kStops, 4, t);
}

std::string displayName(const std::string& id) {
    std::string s = id;
    std::replace(s.begin(), s.end(), '_', ' ');
    if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
    return s;
}

}  // namespace brink::render::style
