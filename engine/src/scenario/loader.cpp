#include "brink/scenario/loader.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "brink/base/numfmt.hpp"
#include "loader_impl.hpp"

namespace brink {

std::int32_t Scenario::find(const std::vector<std::string>& names, std::string_view name) const {
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (names[i] == name) return static_cast<std::int32_t>(i);
    }
    return kNone;
}

ActorId Scenario::actorIndex(std::string_view name) const { return actorIds.find(name); }
AssetId Scenario::assetIndex(std::string_view name) const { return assetIds.find(name); }
ParamId Scenario::paramIndex(std::string_view name) const { return paramNames.find(name); }
StrId Scenario::intern(std::string_view s) { return strings.add(std::string(s)); }
StrId Scenario::findString(std::string_view s) const { return strings.find(s); }

namespace detail {

// ---- shared helpers -------------------------------------------------------------------

const NameIndex& Loader::actorIds() const { return m_sc.actorIds; }
const NameIndex& Loader::assetIds() const { return m_sc.assetIds; }
const NameIndex& Loader::postureIds() const { return m_sc.postureIds; }
const NameIndex& Loader::rungIds() const { return m_sc.rungIds; }
RungId Loader::rungRef(const YNode* n, const std::string& what) {
    if (m_sc.ladder.empty()) {
        m_rd.error(n, what + " names a rung but there is no ladder", "a ladder", "add a ladder, or remove the rung");
        return kNone;
    }
    std::int64_t idx = 0;
    if (n && n->isScalar() && !n->quoted && parseInteger(n->value, idx)) {
        if (idx < 0 || idx >= static_cast<std::int64_t>(m_sc.ladder.size())) {
            m_rd.error(n, "rung " + n->value + " in " + what + " is out of range",
                       "a rung id or an index from 0 to " + std::to_string(m_sc.ladder.size() - 1));
            return kNone;
        }
        return static_cast<RungId>(idx);
    }
    return ref(n, rungIds(), "rung", what);
}

DomainId Loader::domainRef(const YNode* n, const std::string& what) {
    if (n && n->isScalar() && m_sc.find(m_sc.domains, n->value) == kNone) {
        const AssetId a = m_sc.assetIndex(n->value);
        if (a != kNone && m_sc.assets[static_cast<std::size_t>(a)].kind == AssetKind::Tech) {
            return m_sc.assets[static_cast<std::size_t>(a)].domain;
        }
    }
    return ref(n, m_sc.domains, "domain", what);
}

const NameIndex& Loader::transferIds() const { return m_sc.transferIds; }
const NameIndex& Loader::eventIds() const { return m_sc.eventIds; }
const NameIndex& Loader::actionIds() const { return m_sc.actionIds; }

std::int32_t Loader::ref(const YNode* n, const NameIndex& ids, const std::string& kind,
                         const std::string& what) {
    if (!n || !n->isScalar()) {
        m_rd.error(n, what + " is " + (n ? "not a name" : "missing"), article(kind) + " id");
        return kNone;
    }
    const std::int32_t i = m_sc.find(ids, n->value);
    if (i == kNone) {
        m_rd.error(n, "unknown " + kind + " " + q(n->value) + " in " + what, article(kind) + " id",
                   ids.empty() ? "no " + kind + " is declared" : suggest(n->value, ids));
    }
    return i;
}

ProgramId Loader::expr(const YNode* n, const std::string& what, ExprScope scope, ValueType want, bool boolAsNum) {
    const auto key = std::make_tuple(n, (scope.self ? 1 : 0) | (scope.target ? 2 : 0) | (scope.ab ? 4 : 0),
                                     static_cast<int>(want), boolAsNum);
    if (const auto it = m_compiled.find(key); it != m_compiled.end()) return it->second;
    const auto text = m_rd.exprText(n, what);
    if (!text) return kNone;
    const ProgramId p = m_expr.compile(*text, m_rd.site(n), scope, want, boolAsNum);
    m_compiled.emplace(key, p);
    return p;
}

ProgramId Loader::exprOr(const YNode* parent, const char* key, const std::string& what, ExprScope scope,
                         ValueType want, double fallback) {
    const YNode* n = parent ? parent->get(key) : nullptr;
    if (!n) return m_expr.constant(fallback, parent ? parent->loc : SourceLoc{}, want);
    return expr(n, what, scope, want);
}

ProgramId Loader::probability(const YNode* parent, const char* key, const std::string& what, ExprScope scope,
                              double fallback) {
    const ProgramId p = exprOr(parent, key, what, scope, ValueType::Num, fallback);
    const YNode* x = parent ? parent->get(key) : nullptr;
    if (x && p != kNone && m_sc.program(p).isConst) {
        const double v = m_sc.program(p).constValue;
        if (v < 0 || v > 1) m_rd.error(x, what + " " + formatNumber(v) + " is out of range", "a probability from 0 to 1");
    }
    return p;
}

std::int64_t Loader::dayOf(const YNode* n, const std::string& what) {
    if (n && n->isScalar() && n->value.size() == 10 && n->value[4] == '-') {
        const auto d = parseDate(n->value);
        if (!d) {
            m_rd.error(n, what + " " + q(n->value) + " is not a real date", "a date YYYY-MM-DD or a day number");
            return 0;
        }
        if (*d < m_sc.start) {
            m_rd.error(n, what + " " + n->value + " is before the scenario starts (" + formatDate(m_sc.start) + ")",
                       "a date on or after the start");
            return 0;
        }
        return *d - m_sc.start;
    }
    return m_rd.integer(n, what, 0, 100'000'000, 0);
}

OutcomeId Loader::outcome(const std::string& name) {
    const OutcomeId i = m_sc.find(m_sc.outcomes, name);
    if (i != kNone) return i;
    m_sc.outcomes.push_back(name);
    return static_cast<OutcomeId>(m_sc.outcomes.size() - 1);
}

TreatyId Loader::treaty(const YNode* n, const std::string& what) {
    const std::string t = m_rd.id(n, what);
    if (t.empty()) return kNone;
    TreatyId i = m_sc.find(m_sc.treaties, t);
    if (i != kNone) return i;
    if (m_sc.treaties.size() >= 64) {
        if (!m_tooManyTreaties) {
            m_rd.error(n, "more than 64 different treaties", "at most 64 treaty ids", "reuse treaty ids across dyads");
        }
        m_tooManyTreaties = true;
        return kNone;
    }
    m_sc.treaties.push_back(t);
    return static_cast<TreatyId>(m_sc.treaties.size() - 1);
}

std::vector<AssetAmount> Loader::assetAmounts(const YNode* n, const std::string& what, ExprScope scope) {
    std::vector<AssetAmount> out;
    if (!n || !m_rd.isMap(n, what, "asset: amount pairs")) return out;
    for (const auto& [k, v] : n->entries) {
        const AssetId a = ref(k, assetIds(), "asset", what);
        if (a == kNone) continue;
        if (m_sc.assets[static_cast<std::size_t>(a)].kind == AssetKind::Tech) {
            m_rd.error(k, "asset " + q(k->value) + " in " + what + " is a technology", "a stock asset",
                       "technology levels change through transfers and add effects");
            continue;
        }
        const ProgramId p = expr(v, what + "." + k->value, scope, ValueType::Num);
        if (p != kNone && m_sc.program(p).isConst && m_sc.program(p).constValue < 0) {
            m_rd.error(v, what + "." + k->value + " is negative", "an amount of 0 or more",
                       "amounts here only take or only add; an add effect can do either");
        }
        out.push_back({a, p});
    }
    return out;
}

void Loader::limit(const YNode* n, std::size_t count, std::size_t max, const std::string& what, const char* flag) {
    if (count > max) {
        m_rd.error(n, what + " has " + std::to_string(count) + " entries, over the limit of " + std::to_string(max),
                   "at most " + std::to_string(max), std::string("raise the limit with ") + flag + " if the file is genuine");
    }
}

// ---- top level ----------------------------------------------------------------------------

void Loader::load(const YNode* root) {
    if (!root) return;
    if (!root->isMap()) {
        m_rd.error(root, "a scenario must be a mapping at the top level", "keys such as 'brink: 1', 'scenario:', 'actors:'");
        return;
    }
    m_rd.duplicates(root);
    m_rd.keys(root, "the top level",
              {"brink", "scenario", "params", "uncertain", "assets", "postures", "ladder", "escalation", "actors",
               "relations", "transfers", "rules", "actions", "events", "policies", "metrics", "end", "objectives",
               "experiment", "blocs", "state", "seal"});
    // a sealed file that no longer matches its seal is refused before anything else is read
    if (const YNode* seal = root->get("seal"); seal && !sealSection(seal)) return;
    for (const char* s : kStanceNames) (void)m_sc.intern(s);  // stance string ids == Stance values
    m_sc.outcomes.emplace_back("horizon");

    version(root);
    if (const YNode* s = root->get("scenario")) scenarioSection(s);
    else m_rd.missing(root, "scenario", "the scenario", "id, start, turn_days and turns");

    paramsSection(root->get("params"));
    uncertainSection(root->get("uncertain"));
    assetsSection(root->get("assets"));
    posturesSection(root->get("postures"));
    ladderSection(root->get("ladder"));
    blocsSection(root->get("blocs"));
    if (const YNode* a = root->get("actors")) actorsDeclare(a);
    else m_rd.missing(root, "actors", "the scenario", "at least one actor with a name");
    // without actors (missing, wrong, or over the limit, all reported) every reference would
    // fail again: stop here rather than bury the cause under a hundred echoes
    if (m_sc.actors.empty()) return;
    m_sc.blocInfo.resize(m_sc.blocs.size());  // blocs only actors name: no settings
    transfersDeclare(root->get("transfers"));
    eventsDeclare(root->get("events"));
    actionsDeclare(root->get("actions"));
    metricsSection(root->get("metrics"), true);
    if (const YNode* r = root->get("relations"); r && r->isSeq()) {
        for (const YNode* rel : r->items) {
            if (const YNode* t = rel->isMap() ? rel->get("treaties") : nullptr; t && t->isSeq()) {
                for (const YNode* x : t->items) (void)treaty(x, "a treaty id");
            }
        }
    }
    for (const char* sec : {"rules", "actions", "events"}) {
        const YNode* s = root->get(sec);
        if (!s) continue;
        if (s->isSeq()) {
            for (const YNode* r : s->items) {
                const YNode* id = r->isMap() ? r->get("id") : nullptr;
                if (r->isMap()) prescanEffects(r->get("effects"), id && id->isScalar() ? id->value : "rule");
            }
        } else if (s->isMap()) {
            for (const auto& [k, v] : s->entries) {
                if (v->isMap()) prescanEffects(v->get("effects"), k->value);
            }
        }
    }
    if (const YNode* e = root->get("end"); e && e->isSeq()) {
        for (const YNode* item : e->items) {
            if (const YNode* o = item->isMap() ? item->get("outcome") : nullptr; o && o->isScalar()) {
                if (!m_rd.id(o, "end outcome").empty()) (void)outcome(o->value);
            }
        }
    }

    if (const YNode* a = root->get("actors")) actorsRead(a);
    posturesUpkeep(root->get("postures"));
    escalationSection(root->get("escalation"));
    relationsSection(root->get("relations"));
    transfersRead(root->get("transfers"));
    rulesSection(root->get("rules"));
    actionsRead(root->get("actions"));
    eventsRead(root->get("events"));
    policiesSection(root->get("policies"));
    metricsSection(root->get("metrics"), false);
    endSection(root->get("end"));
    objectivesSection(root->get("objectives"));
    experimentSection(root->get("experiment"));
    stateSection(root->get("state"));
    // A run cannot start on a rung that ends it, except when it is a saved run that ended there.
    if (!(m_sc.saved.present && m_sc.saved.outcome != kNone)) {
        if (const YNode* rels = root->get("relations"); rels && rels->isSeq()) {
            for (std::size_t i = 0; i < m_sc.relations.size(); ++i) {
                const RungDef& rung = m_sc.ladder.empty() ? RungDef{} : m_sc.ladder[static_cast<std::size_t>(m_sc.relations[i].rung)];
                if (rung.ends == kNone) continue;
                m_rd.diag().error(m_sc.relations[i].loc,
                                  "relation " + m_sc.actors[static_cast<std::size_t>(m_sc.relations[i].a)].id + "-" +
                                      m_sc.actors[static_cast<std::size_t>(m_sc.relations[i].b)].id + " starts on rung " +
                                      q(rung.id) + ", which ends the run",
                                  "a starting rung below the ones that end the run");
            }
        }
    }
}

void Loader::version(const YNode* root) {
    const YNode* v = root->get("brink");
    if (!v) {
        m_rd.error(root, "missing 'brink' version key", "'brink: 1' at the top of the file",
                   "every scenario starts with brink: 1");
        return;
    }
    if (v->isScalar() && !v->quoted && v->value != "1") {
        std::int64_t n = 0;
        if (parseInteger(v->value, n)) {
            m_rd.error(v, "unsupported format version " + v->value, "brink: 1",
                       "this Brink " BRINK_VERSION " reads version 1 scenarios");
            return;
        }
    }
    (void)m_rd.integer(v, "brink (format version)", 1, 1);
}

void Loader::scenarioSection(const YNode* n) {
    if (!m_rd.keys(n, "scenario", {"id", "title", "description", "start", "turn_days", "turns", "seed", "sources"})) {
        return;
    }
    if (const YNode* v = n->get("id")) m_sc.id = m_rd.id(v, "scenario.id");
    else m_rd.missing(n, "id", "scenario", "a short name such as summit-2024");
    m_sc.title = n->get("title") ? m_rd.text(n->get("title"), "scenario.title") : m_sc.id;
    if (const YNode* v = n->get("description")) m_sc.description = m_rd.text(v, "scenario.description");
    if (const YNode* v = n->get("start")) {
        const std::string s = m_rd.text(v, "scenario.start");
        if (const auto d = parseDate(s)) {
            m_sc.start = *d;
        } else if (!s.empty()) {
            m_rd.error(v, "scenario.start " + q(s) + " is not a date", "a real date written YYYY-MM-DD",
                       "for example 2024-06-19");
        }
    } else {
        m_rd.missing(n, "start", "scenario", "a date YYYY-MM-DD");
    }
    if (const YNode* v = n->get("turn_days")) m_sc.turnDays = m_rd.integer(v, "scenario.turn_days", 1, 3660, 7);
    else m_rd.missing(n, "turn_days", "scenario", "days per turn, such as 7");
    if (const YNode* v = n->get("turns")) {
        std::int64_t t = 0;
        if (v->isScalar() && !v->quoted && parseInteger(v->value, t) && t > m_opt.limits.maxTurns) {
            m_rd.error(v, "scenario.turns " + v->value + " is over the limit of " + std::to_string(m_opt.limits.maxTurns),
                       "at most " + std::to_string(m_opt.limits.maxTurns) + " turns",
                       "raise the limit with --max-turns if the run is genuine");
        } else {
            m_sc.turns = m_rd.integer(v, "scenario.turns", 0, m_opt.limits.maxTurns, 1);
        }
    } else {
        m_rd.missing(n, "turns", "scenario", "the number of turns, such as 52");
    }
    m_sc.turnsInFile = m_sc.turns;
    if (const YNode* v = n->get("seed")) {
        m_sc.seed = m_rd.unsignedInteger(v, "scenario.seed");
        m_sc.hasSeed = true;
    }
    if (const YNode* v = n->get("sources"); v && m_rd.isSeq(v, "scenario.sources", "a list of texts")) {
        for (const YNode* s : v->items) m_sc.sources.push_back(m_rd.text(s, "a source"));
    }
}

}  // namespace detail

// ---- public entry points ----------------------------------------------------------------

std::shared_ptr<Scenario> loadScenarioText(std::string text, const std::string& path, Diagnostics& diag,
                                           const LoadOptions& opt) {
    auto doc = std::make_shared<YamlDoc>(YamlDoc::parse(std::move(text), diag, opt.yaml));
    if (!diag.ok()) return nullptr;
    auto sc = std::make_shared<Scenario>();
    sc->path = path;
    detail::YamlReader rd(diag, doc->text());
    detail::Loader loader(*sc, rd, opt);
    loader.load(doc->root());
    if (!diag.ok()) {
        diag.sortByPlace();
        return nullptr;
    }
    for (const Instr& in : sc->code) sc->readsMetrics = sc->readsMetrics || in.op == Op::Metric;
    sc->doc = std::move(doc);
    return sc;
}

std::optional<std::vector<Effect>> compileEffects(Scenario& sc, const YNode* list, const std::string& text,
                                                  const std::string& owner, Diagnostics& diag, const LoadOptions& opt) {
    const std::size_t before = diag.items().size();
    detail::YamlReader rd(diag, text);
    detail::Loader loader(sc, rd, opt);
    std::vector<Effect> out = loader.extraEffects(list, owner);
    if (diag.items().size() != before) return std::nullopt;
    for (const Instr& in : sc.code) sc.readsMetrics = sc.readsMetrics || in.op == Op::Metric;
    return out;
}

std::shared_ptr<Scenario> loadScenarioFile(const std::string& path, Diagnostics& diag, const LoadOptions& opt) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        diag.error({}, "is a folder, not a scenario file", "a YAML file", "name the .yaml file inside it");
        return nullptr;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        diag.error({}, "cannot open scenario file", "a readable YAML file", "check the path");
        return nullptr;
    }
    in.seekg(0, std::ios::end);
    const auto size = static_cast<std::size_t>(std::max<std::streamoff>(0, in.tellg()));
    if (size > opt.yaml.maxBytes) {
        diag.error({1, 1}, "file is " + std::to_string(size) + " bytes, larger than the limit of " + std::to_string(opt.yaml.maxBytes),
                   "a scenario of at most " + std::to_string(opt.yaml.maxBytes) + " bytes",
                   "raise the limit with --max-bytes if the file is genuine");
        return nullptr;
    }
    in.seekg(0);
    std::string text(size, '\0');
    in.read(text.data(), static_cast<std::streamsize>(size));
    if (!in && size > 0) {
        diag.error({}, "cannot read scenario file", "a readable file", "is it a directory?");
        return nullptr;
    }
    return loadScenarioText(std::move(text), path, diag, opt);
}

bool applySets(Scenario& sc, const std::vector<std::string>& sets, Diagnostics& diag) {
    bool ok = true;
    for (const auto& s : sets) {
        const auto eq = s.find('=');
        if (eq == std::string::npos || eq == 0) {
            diag.error({}, "--set " + s + " has no '='", "--set name=value", "for example --set interdict_rate=0.2");
            ok = false;
            continue;
        }
        const std::string name = s.substr(0, eq);
        const std::string val = s.substr(eq + 1);
        const ParamId p = sc.paramIndex(name);
        if (p == kNone) {
            diag.error({}, "--set names unknown parameter '" + name + "'", "a name declared under params or uncertain",
                       sc.paramNames.empty() ? "this scenario declares no params" : suggest(name, sc.paramNames));
            ok = false;
            continue;
        }
        double v = 0;
        if (parseNumber(val, v) != NumberError::None) {
            diag.error({}, "--set " + name + "=" + val + ": value is not a finite number", "a number such as 0.25");
            ok = false;
            continue;
        }
        sc.params[static_cast<std::size_t>(p)] = v;
        // a pinned parameter is still drawn, then replaced (see UncertainDef::pinned), as a
        // batch does with a design factor: the stream is the same whichever is pinned
        for (auto& u : sc.uncertain) {
            if (u.param == p) u.pinned = true;
        }
    }
    return ok;
}

}  // namespace brink
