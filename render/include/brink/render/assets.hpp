#pragma once
/// Finding the files the map needs at run time: the country shapes and the fonts.
#include <string>
#include <vector>

namespace brink::render {

/// Where a map file may be, in order: `$BRINK_SCENARIOS/maps/`, `../share/brink/scenarios/maps/`
/// next to the program, and `scenarios/maps/` of the source tree Brink was built from.
std::vector<std::string> mapFileCandidates(const std::string& name);
/// The first candidate that exists, else the last one (so an error can name it).
std::string findMapFile(const std::string& name);

/// The DejaVu Sans font files (regular, bold): `$BRINK_FONTS/`, then Debian's
/// /usr/share/fonts/truetype/dejavu/ (package fonts-dejavu-core).
std::string findFont(bool bold);

}  // namespace brink::render
