#include <catch2/catch.hpp>

#include "brink/yaml_doc.hpp"

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
    std::string deep(5000, '[');
    parse("a: " + deep, d1);
    REQUIRE_FALSE(d1.ok());
    CHECK(d1.items()[0].what.find("nesting deeper than 64") != std::string::npos);

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
