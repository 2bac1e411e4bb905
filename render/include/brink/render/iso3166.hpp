#pragma once
/// ISO 3166-1 country codes: the numeric codes the map data carries, the alpha-3 codes
/// scenarios use (`map: RUS`), and the standard's short names.
#include <span>
#include <string_view>

namespace brink::render {

/// One entry of ISO 3166-1.
struct IsoCountry {
    int numeric = 0;
    std::string_view alpha3;
    std::string_view name;
};

/// Every officially assigned entry (249), by increasing numeric code.
std::span<const IsoCountry> isoCountries();
/// The entry for a numeric code, or nullptr.
const IsoCountry* isoByNumeric(int numeric);
/// The entry for an alpha-3 code (upper case), or nullptr.
const IsoCountry* isoByAlpha3(std::string_view alpha3);

}  // namespace brink::render
