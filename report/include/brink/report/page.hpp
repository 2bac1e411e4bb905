#pragma once
/// One self-contained HTML page (brink report, brink brief): styles for the screen, a
/// projector and print inlined, charts as Vega-Lite specifications drawn in the page by the
/// vendored Vega and Vega-Lite (report/vendor/), no network fetch of any kind.
#include <boost/json.hpp>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace brink::report {

/// Text made safe inside HTML (& < > " ').
std::string esc(std::string_view text);

class Page {
public:
    /// `kind` names the page for tests and styles ("debrief", "analysis", "brief").
    Page(std::string title, std::string kind);

    /// Raw HTML appended as it is (the caller escapes what it took from input).
    Page& raw(std::string_view html);
    /// <h1>, with a line under it.
    Page& heading(std::string_view title, std::string_view subtitle = {});
    /// A titled section; sections are listed in the page's contents.
    Page& section(std::string_view id, std::string_view title);
    /// A paragraph of plain text.
    Page& para(std::string_view text, std::string_view cssClass = {});
    /// Label: value pairs (plain text).
    Page& facts(const std::vector<std::pair<std::string, std::string>>& rows);
    /// A table; cells are HTML (escape plain text with esc()).
    Page& table(const std::vector<std::string>& head, const std::vector<std::vector<std::string>>& rows, std::string_view cssClass = {});
    /// A chart: a Vega-Lite specification, drawn as SVG, with a caption under it.
    Page& chart(const boost::json::object& spec, std::string_view caption);
    /// How many charts the page holds.
    [[nodiscard]] std::size_t charts() const { return m_specs.size(); }
    /// The whole document.
    [[nodiscard]] std::string html() const;

private:
    std::string m_title, m_kind, m_body;
    std::vector<std::pair<std::string, std::string>> m_toc;
    std::vector<std::pair<std::string, boost::json::object>> m_specs;
};

/// A Vega-Lite specification's common part: schema, size, the page's font and colours.
boost::json::object vlBase(int width = 960, int height = 260);

/// Small multiples: `inner` (marks and encodings, no data) drawn once for each value of
/// `facet` (a facet field definition, or {"column": ...}), `columns` panels a row (0: as
/// the facet says), each `width` x `height`; `independent` lists the scales each panel keeps
/// to itself ("x", "y").
boost::json::object vlFacet(boost::json::array data, boost::json::object facet, int columns, int width, int height,
                            boost::json::object inner, std::initializer_list<const char*> independent = {});

}  // namespace brink::report
