#pragma once
/// The map's look: colours and sizes, chosen for a projector and for print (strong fills
/// for the states a scenario models, muted ones for the rest, dark text on white halos).
#include <cstdint>
#include <string>
#include <vector>

#include "brink/scenario/scenario.hpp"

namespace brink::render {

/// A colour with alpha, 0..255 each.
struct Rgba {
    std::uint8_t r = 0, g = 0, b = 0, a = 255;
    friend bool operator==(Rgba x, Rgba y) { return x.r == y.r && x.g == y.g && x.b == y.b && x.a == y.a; }
};

namespace style {

inline constexpr Rgba kOcean{214, 228, 238};
inline constexpr Rgba kGraticule{199, 216, 229};
inline constexpr Rgba kSphereEdge{160, 180, 196};
inline constexpr Rgba kLand{234, 231, 224};       ///< countries the scenario does not model
inline constexpr Rgba kLandBorder{255, 255, 255};
inline constexpr Rgba kNoBloc{150, 150, 150};     ///< a modelled actor without a bloc
inline constexpr Rgba kInk{28, 32, 38};           ///< text
inline constexpr Rgba kInkSoft{88, 96, 106};      ///< secondary text
inline constexpr Rgba kHalo{255, 255, 255};
inline constexpr Rgba kPanel{255, 255, 255, 236};
inline constexpr Rgba kPanelEdge{190, 198, 206};
inline constexpr Rgba kArms{40, 36, 34};          ///< arms and supplies arrows
inline constexpr Rgba kTech{112, 48, 160};        ///< technology arrows
inline constexpr Rgba kShipment{255, 206, 43};    ///< a shipment on its way
inline constexpr Rgba kInterdicted{226, 20, 20};

/// The i-th colour of the bloc palette (it repeats after 8); -1: no bloc.
Rgba blocColour(int index);
/// Every bloc's colour, by bloc index: its `colour` when the scenario sets one, else a
/// palette colour chosen from its id alone (the same whatever the order of the actors;
/// blocs taking a default in alphabetical order of id get different ones while any are free).
std::vector<Rgba> blocColours(const Scenario& sc);
/// A bloc's name for the legend: its `name`, else its id made readable.
std::string blocName(const Scenario& sc, std::size_t bloc);
/// Tension 0..1 from calm yellow to dark red.
Rgba tensionColour(double t);
/// The i-th of n rungs of a ladder (0 the lowest), on the same scale as tension.
Rgba rungColour(int index, int count);
/// A posture of `level` among levels lo..hi: green-grey (restrained) to deep red.
Rgba postureColour(int level, int lo, int hi);
/// A bloc id as a legend shows it: "coalition" -> "Coalition", "west_bloc" -> "West bloc".
std::string displayName(const std::string& id);

}  // namespace style

}  // namespace brink::render
