#include <catch2/catch.hpp>

#include "brink/scenario/yaml_doc.hpp"

using namespace brink;

namespace {
YamlDoc parse(const std::string& text, Diagnostics& d, YamlLimits lim = {}) { return YamlDoc::parse(text, d, lim); }
}  // namespace

TEST_CASE("the tree keeps order, positions and quoting", "[yaml]") {
    Diagnostics d("t.yaml");
    auto doc = parse("b: 1\na: \"2\"\nc: [x, 'y']\n", d);
    REQUIRE(d.ok());
    const YNode* r = doc.root();
    REQUIRE(r->isMap());
    REQUIRE(r->entries.size() == 3);
    CHECK(r->entries[0].first->value == "b");
    CHECK_FALSE(r->get("b")->quoted);
    CHECK(r->get("a")->quoted);
    CHECK(r->get("a")->loc.line == 2);
    CHECK(r->get("a")->loc.col == 4);
    CHECK(r->get("c")->items.size() == 2);
    CHECK(r->get("c")->items[1]->quoted);
}

TEST_CASE("syntax errors carry line and column", "[yaml]") {
    Diagnostics d("t.yaml");
    parse("a: [1, 2\nb: 3\n", d);
    REQUIRE_FALSE(d.ok());
    CHECK(d.items()[0].loc.line >= 1);
    CHECK(d.items()[0].what.rfind("YAML syntax", 0) == 0);
}

TEST_CASE("deep nesting and alias bombs are stopped early", "[yaml]") {
    Diagnostics d1("t.yaml");
    std::string deep(100, '[');  // deeper than 64: the builder refuses it
    parse("a: " + deep, d1);
    REQUIRE_FALSE(d1.ok());
    CHECK(d1.items()[0].what.find("nesting deeper than 64") != std::string::npos);

    // a million '[' is refused before the YAML reader queues a token for each
    Diagnostics d3("t.yaml");
    parse("a: " + std::string(1'000'000, '['), d3);
    REQUIRE_FALSE(d3.ok());
    CHECK(d3.items()[0].what == "brackets nested deeper than 256 levels");
    CHECK(d3.items()[0].loc.line == 1);
    CHECK(d3.items()[0].loc.col == 4 + 256);
    // brackets inside quoted text and comments do not count
    Diagnostics d4("t.yaml");
    parse("a: \"" + std::string(1000, '[') + "\"\nb: '" + std::string(1000, '{') + "'\n# " + std::string(1000, '[') +
              "\nc: [[1], {d: 'it''s'}]\n",
          d4);
    CHECK(d4.ok());

    Diagnostics d2("t.yaml");
    std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    char prev = 'a';
    for (char c = 'b'; c <= 'k'; ++c) {
        bomb += std::string(1, c) + ": &" + c + " [";
        for (int i = 0; i < 10; ++i) bomb += std::string(i ? ", *" : "*") + prev;
        bomb += "]\n";
        prev = c;
    }
    parse(bomb, d2);
    REQUIRE_FALSE(d2.ok());
    CHECK(d2.items()[0].what.find("expands to more than") != std::string::npos);
}

TEST_CASE("the node and expanded-text limits follow the file-size limit", "[yaml]") {
    YamlLimits small;
    small.maxBytes = 1600;  // 100 nodes, 6,400 bytes of expanded text
    CHECK(small.maxNodes() == 100);
    CHECK(small.maxExpandedBytes() == 6400);
    auto list = [](int n) {
        std::string s = "a:\n";
        for (int i = 0; i < n; ++i) s += "- x\n";
        return s;
    };
    Diagnostics fits("t.yaml");
    CHECK(YamlDoc::parse(list(90), fits, small).root() != nullptr);
    CHECK(fits.ok());
    Diagnostics over("t.yaml");
    YamlDoc::parse(list(120), over, small);
    REQUIRE_FALSE(over.ok());
    CHECK(over.items()[0].what.find("more than 100 nodes") != std::string::npos);
    CHECK(over.items()[0].hint.find("--max-bytes") != std::string::npos);
    // text repeated through an alias counts each time it is used
    Diagnostics text("t.yaml");
    YamlDoc::parse("a: &t " + std::string(1000, 'y') + "\nb: [*t, *t, *t, *t, *t, *t, *t]\n", text, small);
    REQUIRE_FALSE(text.ok());
    CHECK(text.items()[0].what.find("more than 6400 bytes of text") != std::string::npos);
    // the default limits
    CHECK(YamlLimits{}.maxBytes == 4u << 20);
    CHECK(YamlLimits{}.maxNodes() == 262144);
}

TEST_CASE("binary and empty files are refused", "[yaml]") {
    Diagnostics d1("t.yaml");
    parse(std::string("a: 1\n\0\x01\x02", 8), d1);
    REQUIRE_FALSE(d1.ok());
    CHECK(d1.items()[0].what.find("not UTF-8 text") != std::string::npos);
    CHECK(d1.items()[0].loc.line == 2);
    Diagnostics d2("t.yaml");
    parse("  \n\n", d2);
    REQUIRE_FALSE(d2.ok());
    CHECK(d2.items()[0].what == "file is empty");
}

TEST_CASE("emitted YAML reads back to the same tree", "[yaml]") {
    Diagnostics d("t.yaml");
    const std::string src =
        "a: 1\nb: \"text: with colon\"\nc:\n  - x\n  - {k: v, n: [1, 2]}\nd: 'yes'\ne: \"stock(self, shells) > 0\"\n"
        "f: \"multi\\nline\"\ng: []\nh: {}\n";
    auto doc = parse(src, d);
    REQUIRE(d.ok());
    const std::string out = emitYaml(*doc.root());
    Diagnostics d2("t2.yaml");
    auto doc2 = parse(out, d2);
    INFO(out);
    REQUIRE(d2.ok());
    CHECK(emitYaml(*doc2.root()) == out);
    CHECK(doc2.root()->get("d")->value == "yes");
    CHECK(doc2.root()->get("d")->quoted);  // stays text, not a boolean
    CHECK(doc2.root()->get("f")->value == "multi\nline");
    CHECK(doc2.root()->get("c")->items[1]->get("n")->items[1]->value == "2");
}
