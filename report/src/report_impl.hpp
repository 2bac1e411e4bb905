#pragma once
// brink report's two kinds of page (report.hpp): analysis.cpp (a batch folder) and
// debrief.cpp (a game or a run), and what they share.
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "brink/base/diagnostics.hpp"
#include "brink/report/report.hpp"
#include "brink/scenario/scenario.hpp"

namespace brink::report::detail {

std::optional<Built> analysis(const std::string& dir, const Options& opt, Diagnostics& diag);
std::optional<Built> debrief(const std::string& path, const Options& opt, Diagnostics& diag);

/// A whole file, or nullopt with an error in `diag`.
std::optional<std::string> slurp(const std::string& path, Diagnostics& diag);

/// A share as people read it: "12.3%", "0.41%", "100%".
std::string pct(double p);
/// A number for a table: thousands separated, up to `decimals` decimals.
std::string num(double v, int decimals = 3);
/// A table cell aligned right.
std::string numCell(const std::string& text);

/// An objective as a class reads it: its text, else its name with spaces for '_'.
std::string objectiveText(const ObjectiveDef& o);
/// Its score as a class reads it: "met" or "not met" for a condition, else the number.
std::string objectiveScore(const Scenario& sc, const ObjectiveDef& o, double v);

/// Vega-Lite pieces.
boost::json::object field(const char* name, const char* type, const char* title = nullptr);

}  // namespace brink::report::detail
