// The HTML page of brink report and brink brief (page.hpp). Everything the page needs is
// in it: the styles, the chart specifications as JSON, the vendored Vega and Vega-Lite, and
// a few lines of script that draw each chart as SVG and say on the page (and to tests) how
// many were drawn and what went wrong, if anything.
#include "brink/report/page.hpp"

#include "assets.hpp"

namespace brink::report {

std::string esc(std::string_view text) {
    std::string s;
    s.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&': s += "&amp;"; break;
            case '<': s += "&lt;"; break;
            case '>': s += "&gt;"; break;
            case '"': s += "&quot;"; break;
            case '\'': s += "&#39;"; break;
            default: s += c;
        }
    }
    return s;
}

namespace {

// Readable from the back of a classroom, and on paper: large type, strong contrast, the
// blocs' blue and red for accents, nothing that needs colour alone to be understood.
const char* kStyle = R"CSS(
:root { --ink: #1d232b; --muted: #5b6572; --line: #d5dbe1; --soft: #f3f5f7; --accent: #2f5f9e; --warn: #b23b32; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff; font: 18px/1.5 "DejaVu Sans", "Segoe UI", system-ui, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 28px 36px 72px; }
h1 { font-size: 2.2em; line-height: 1.15; margin: 0 0 .15em; }
.subtitle { font-size: 1.15em; color: var(--muted); margin: 0 0 1em; }
h2 { font-size: 1.5em; margin: 1.7em 0 .5em; padding-bottom: .2em; border-bottom: 3px solid var(--line); }
h3 { font-size: 1.15em; margin: 1.2em 0 .3em; }
nav.toc { background: var(--soft); border-radius: 6px; padding: 10px 16px; margin: 14px 0 6px; font-size: .95em; }
nav.toc a { color: var(--accent); text-decoration: none; margin-right: 1.1em; white-space: nowrap; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 20px; margin: .6em 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin: .5em 0 1em; font-size: .95em; }
th, td { text-align: left; vertical-align: top; padding: 6px 10px; border-bottom: 1px solid var(--line); }
th { background: var(--soft); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.seat td { background: #eef4fb; }
.muted, .caption { color: var(--muted); }
.caption { font-size: .9em; margin: 2px 0 18px; }
.why { color: var(--muted); font-size: .92em; }
.tag { display: inline-block; font-size: .8em; padding: 0 .45em; border-radius: 4px; background: var(--soft); color: var(--muted); }
.tag.secret { background: #f6e7e5; color: var(--warn); }
.tag.assumption { background: #fff3d6; color: #7a5600; }
.note { border-left: 4px solid var(--accent); background: var(--soft); padding: 8px 14px; margin: 10px 0; }
.chart { margin: 10px 0 0; overflow-x: auto; }
.chart svg { max-width: 100%; height: auto; }
details { margin: 2px 0 8px; }
details summary { cursor: pointer; color: var(--accent); }
ul.tree { margin: 4px 0; padding-left: 1.3em; font-size: .9em; }
ul.tree code { font-size: .95em; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: .92em; }
#report-errors:empty { display: none; }
#report-errors { color: var(--warn); border: 2px solid var(--warn); padding: 8px 14px; }
footer { margin-top: 3em; color: var(--muted); font-size: .85em; }
@media (max-width: 800px) { main { padding: 16px; } body { font-size: 16px; } }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  nav.toc, details summary { display: none; }
  details { display: block; }
  details > * { display: block; }
  h2 { break-after: avoid; margin-top: 1.2em; }
  .chart, figure, dl.facts, tr { break-inside: avoid; }  /* a long table breaks between rows, its head repeated */
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
  tr.seat td { background: none; font-weight: 600; }
}
)CSS";

// Draws every chart; a test reads data-charts-drawn and #report-errors from the page.
const char* kScript = R"JS(
(function () {
  var box = document.getElementById('report-errors');
  function fail(what) { var p = document.createElement('p'); p.textContent = what; box.appendChild(p); document.body.setAttribute('data-report-errors', String(box.childNodes.length)); }
  window.addEventListener('error', function (e) { fail('script error: ' + e.message); });
  var specs = JSON.parse(document.getElementById('brink-specs').textContent);
  var ids = Object.keys(specs), drawn = 0;
  if (!window.vega || !window.vegaLite) { fail('the chart libraries did not load'); return; }
  Promise.all(ids.map(function (id) {
    try {
      var compiled = vegaLite.compile(specs[id]).spec;
      var view = new vega.View(vega.parse(compiled), { renderer: 'svg', container: '#' + id, hover: true });
      return view.runAsync().then(function () {
        if (document.querySelector('#' + id + ' svg')) drawn++;
        else fail('chart ' + id + ' drew nothing');
      }, function (e) { fail('chart ' + id + ': ' + e); });
    } catch (e) { fail('chart ' + id + ': ' + e); return Promise.resolve(); }
  })).then(function () { document.body.setAttribute('data-charts-drawn', String(drawn)); });
})();
)JS";

/// JSON that can sit inside a <script> element: no "</script>" can end it early.
std::string scriptSafe(const std::string& json) {
    std::string s;
    s.reserve(json.size());
    for (const char c : json) {
        if (c == '<') s += "\\u003c";
        else s += c;
    }
    return s;
}

}  // namespace

Page::Page(std::string title, std::string kind) : m_title(std::move(title)), m_kind(std::move(kind)) {}

Page& Page::raw(std::string_view html) {
    m_body += html;
    return *this;
}

Page& Page::heading(std::string_view title, std::string_view subtitle) {
    m_body += "<h1>" + esc(title) + "</h1>\n";
    if (!subtitle.empty()) m_body += "<p class=\"subtitle\">" + esc(subtitle) + "</p>\n";
    m_body += "<!--toc-->\n";
    return *this;
}

Page& Page::section(std::string_view id, std::string_view title) {
    m_toc.emplace_back(std::string(id), std::string(title));
    m_body += "<h2 id=\"" + esc(id) + "\">" + esc(title) + "</h2>\n";
    return *this;
}

Page& Page::para(std::string_view text, std::string_view cssClass) {
    m_body += cssClass.empty() ? "<p>" : "<p class=\"" + esc(cssClass) + "\">";
    m_body += esc(text) + "</p>\n";
    return *this;
}

Page& Page::facts(const std::vector<std::pair<std::string, std::string>>& rows) {
    m_body += "<dl class=\"facts\">\n";
    for (const auto& [k, v] : rows) m_body += "<dt>" + esc(k) + "</dt><dd>" + esc(v) + "</dd>\n";
    m_body += "</dl>\n";
    return *this;
}

Page& Page::table(const std::vector<std::string>& head, const std::vector<std::vector<std::string>>& rows, std::string_view cssClass) {
    m_body += cssClass.empty() ? "<table>\n" : "<table class=\"" + esc(cssClass) + "\">\n";
    if (!head.empty()) {
        m_body += "<thead><tr>";
        for (const auto& h : head) m_body += "<th>" + h + "</th>";
        m_body += "</tr></thead>\n";
    }
    m_body += "<tbody>\n";
    for (const auto& r : rows) {
        m_body += "<tr>";
        for (const auto& c : r) m_body += c.rfind("<td", 0) == 0 ? c : "<td>" + c + "</td>";
        m_body += "</tr>\n";
    }
    m_body += "</tbody></table>\n";
    return *this;
}

Page& Page::chart(const boost::json::object& spec, std::string_view caption) {
    const std::string id = "chart-" + std::to_string(m_specs.size() + 1);
    m_specs.emplace_back(id, spec);
    m_body += "<figure class=\"chart-figure\"><div class=\"chart\" id=\"" + id + "\" role=\"img\" aria-label=\"" + esc(caption) +
              "\"></div>\n<figcaption class=\"caption\">" + esc(caption) + "</figcaption></figure>\n";
    return *this;
}

std::string Page::html() const {
    std::string toc;
    if (m_toc.size() > 1) {
        toc = "<nav class=\"toc\">";
        for (const auto& [id, title] : m_toc) toc += "<a href=\"#" + esc(id) + "\">" + esc(title) + "</a> ";
        toc += "</nav>";
    }
    std::string body = m_body;
    if (const auto at = body.find("<!--toc-->"); at != std::string::npos) body.replace(at, 10, toc);
    std::string s = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                    "<meta name=\"generator\" content=\"brink " BRINK_VERSION "\">\n"
                    "<title>" + esc(m_title) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body data-kind=\"" + esc(m_kind) +
                    "\" data-charts=\"" + std::to_string(m_specs.size()) + "\">\n<main>\n<div id=\"report-errors\" role=\"alert\"></div>\n" +
                    body + "<footer>Made by Brink " BRINK_VERSION ". This page needs no network: its charts are drawn in the page by "
                           "Vega " "and Vega-Lite (BSD-3-Clause licences).</footer>\n</main>\n";
    if (!m_specs.empty()) {
        boost::json::object all;
        for (const auto& [id, spec] : m_specs) all[id] = spec;
        s += "<script type=\"application/json\" id=\"brink-specs\">" + scriptSafe(boost::json::serialize(all)) + "</script>\n";
        s += "<script>";
        s += detail::vegaJs();
        s += "</script>\n<script>";
        s += detail::vegaLiteJs();
        s += "</script>\n<script>";
        s += kScript;
        s += "</script>\n";
    } else {
        s += "<script>document.body.setAttribute('data-charts-drawn', '0');</script>\n";
    }
    s += "</body>\n</html>\n";
    return s;
}

boost::json::object vlBase(int width, int height) {
    boost::json::object o;
    o["$schema"] = "https://vega.github.io/schema/vega-lite/v6.json";
    o["width"] = width;
    o["height"] = height;
    boost::json::object config;
    config["font"] = "DejaVu Sans, Segoe UI, sans-serif";
    config["axis"] = {{"labelFontSize", 13}, {"titleFontSize", 14}, {"gridColor", "#e3e7eb"}};
    config["legend"] = {{"labelFontSize", 13}, {"titleFontSize", 14}, {"labelLimit", 320}};
    config["title"] = {{"fontSize", 16}};
    config["view"] = {{"stroke", "transparent"}};
    o["config"] = config;
    return o;
}

boost::json::object vlFacet(boost::json::array data, boost::json::object facet, int columns, int width, int height,
                            boost::json::object inner, std::initializer_list<const char*> independent) {
    boost::json::object spec = vlBase();
    spec.erase("width");
    spec.erase("height");
    spec["data"] = {{"values", std::move(data)}};
    if (columns > 0) spec["columns"] = columns;
    inner["width"] = width;
    inner["height"] = height;
    spec["facet"] = std::move(facet);
    spec["spec"] = std::move(inner);
    if (independent.size() > 0) {
        boost::json::object scales;
        for (const char* s : independent) scales[s] = "independent";
        spec["resolve"] = {{"scale", scales}};
    }
    return spec;
}

}  // namespace brink::report
