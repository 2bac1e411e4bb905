#pragma once
// The vendored Vega and Vega-Lite, as built into the executable (assets.cpp).
#include <string_view>

namespace brink::report::detail {

std::string_view vegaJs();
std::string_view vegaLiteJs();

}  // namespace brink::report::detail
