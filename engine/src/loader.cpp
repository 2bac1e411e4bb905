#include "brink/loader.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "brink/numfmt.hpp"
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

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kBig = std::numeric_limits<double>::max();
}  // namespace

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
                       "production adds and consumption takes away; an effect can add or remove");
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
               "experiment", "state"});
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
    if (const YNode* a = root->get("actors")) actorsDeclare(a);
    else m_rd.missing(root, "actors", "the scenario", "at least one actor with a name");
    // without actors (missing, wrong, or over the limit, all reported) every reference would
    // fail again: stop here rather than bury the cause under a hundred echoes
    if (m_sc.actors.empty()) return;
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

void Loader::paramsSection(const YNode* n) {
    if (!n || !m_rd.isMap(n, "params", "name: number pairs")) return;
    for (const auto& [k, v] : n->entries) {
        const std::string name = m_rd.id(k, "parameter name", false);
        if (name.empty()) continue;
        m_sc.paramNames.push_back(name);
        m_sc.params.push_back(m_rd.number(v, "params." + name, -kBig, kBig));
    }
}

void Loader::uncertainSection(const YNode* n) {
    if (!n || !m_rd.isMap(n, "uncertain", "name: {distribution: [...]} pairs")) return;
    for (const auto& [k, v] : n->entries) {
        const std::string name = m_rd.id(k, "uncertain parameter name", false);
        if (name.empty()) continue;
        const std::string ctx = "uncertain." + name;
        if (!m_rd.keys(v, ctx, {"uniform", "normal", "triangular", "choice"})) continue;
        if (v->entries.size() != 1) {
            m_rd.error(v, ctx + " has " + std::to_string(v->entries.size()) + " distributions", "exactly one",
                       "write one of uniform, normal, triangular or choice");
            continue;
        }
        const auto& [dk, dv] = v->entries.front();
        UncertainDef u;
        const std::string& d = dk->value;
        std::size_t want = 0;
        if (d == "uniform") u.kind = DistKind::Uniform, want = 2;
        else if (d == "normal") u.kind = DistKind::Normal, want = 2;
        else if (d == "triangular") u.kind = DistKind::Triangular, want = 3;
        else if (d == "choice") u.kind = DistKind::Choice;
        else continue;  // reported by keys()
        if (!m_rd.isSeq(dv, ctx + "." + d, "a list of numbers")) continue;
        for (const YNode* x : dv->items) u.args.push_back(m_rd.number(x, ctx + "." + d + " value", -kBig, kBig));
        const char* form = d == "uniform" ? "[lo, hi]" : d == "normal" ? "[mean, sd]" : d == "triangular" ? "[lo, mode, hi]" : "[v1, v2, ...]";
        if ((want && u.args.size() != want) || (!want && u.args.empty())) {
            m_rd.error(dv, ctx + "." + d + " has " + std::to_string(u.args.size()) + " values", form);
            continue;
        }
        if (u.kind == DistKind::Uniform && u.args[0] > u.args[1]) {
            m_rd.error(dv, ctx + ".uniform has lo above hi", "[lo, hi] with lo <= hi");
            continue;
        }
        if (u.kind == DistKind::Normal && u.args[1] < 0) {
            m_rd.error(dv, ctx + ".normal has a negative sd", "[mean, sd] with sd >= 0");
            continue;
        }
        if (u.kind == DistKind::Triangular && !(u.args[0] <= u.args[1] && u.args[1] <= u.args[2])) {
            m_rd.error(dv, ctx + ".triangular is out of order", "[lo, mode, hi] with lo <= mode <= hi");
            continue;
        }
        ParamId p = m_sc.paramIndex(name);
        if (p == kNone) {
            m_sc.paramNames.push_back(name);
            const double centre = u.kind == DistKind::Uniform ? (u.args[0] + u.args[1]) / 2
                                  : u.kind == DistKind::Triangular ? u.args[1] : u.args[0];
            m_sc.params.push_back(centre);
            p = static_cast<ParamId>(m_sc.params.size() - 1);
        }
        u.param = p;
        m_sc.uncertain.push_back(std::move(u));
    }
}

void Loader::assetsSection(const YNode* n) {
    if (!n || !m_rd.isMap(n, "assets", "id: {name, unit, kind, domain, value} pairs")) return;
    limit(n, n->entries.size(), m_opt.limits.maxAssets, "assets", "--max-assets");
    for (const auto& [k, v] : n->entries) {
        AssetDef a;
        a.id = m_rd.id(k, "asset id");
        const std::string ctx = "assets." + a.id;
        a.name = a.id;
        std::string domain = a.id;
        if (v->isMap()) {
            m_rd.keys(v, ctx, {"name", "unit", "kind", "domain", "value"});
            if (const YNode* x = v->get("name")) a.name = m_rd.text(x, ctx + ".name");
            if (const YNode* x = v->get("unit")) a.unit = m_rd.text(x, ctx + ".unit");
            if (const YNode* x = v->get("kind")) {
                const std::string kind = m_rd.text(x, ctx + ".kind");
                if (kind == "tech") a.kind = AssetKind::Tech;
                else if (kind != "stock") m_rd.error(x, ctx + ".kind is " + q(kind), "stock or tech", suggest(kind, {"stock", "tech"}));
            }
            if (const YNode* x = v->get("domain")) domain = m_rd.id(x, ctx + ".domain");
            if (const YNode* x = v->get("value")) a.value = m_rd.number(x, ctx + ".value", -kBig, kBig);
        } else if (!v->isNull()) {
            m_rd.isMap(v, ctx, "{name, unit, kind, domain, value}");
        }
        if (a.id.empty()) continue;
        DomainId d = m_sc.find(m_sc.domains, domain);
        if (d == kNone) {
            m_sc.domains.push_back(domain);
            d = static_cast<DomainId>(m_sc.domains.size() - 1);
        }
        a.domain = d;
        if (m_sc.assetIds.find(a.id) != kNone) continue;  // a duplicate key, reported already
        m_sc.assetIds.add(a.id);
        m_sc.assets.push_back(std::move(a));
    }
}

void Loader::posturesSection(const YNode* n) {
    if (n && m_rd.isMap(n, "postures", "id: {name, level, credibility, escalation, upkeep, delay} pairs")) {
        limit(n, n->entries.size(), m_opt.limits.maxItems, "postures");
        for (const auto& [k, v] : n->entries) {
            PostureDef p;
            p.id = m_rd.id(k, "posture id");
            const std::string ctx = "postures." + p.id;
            p.name = p.id;
            if (v->isMap()) {
                m_rd.keys(v, ctx, {"name", "level", "credibility", "escalation", "upkeep", "delay"});
                if (const YNode* x = v->get("name")) p.name = m_rd.text(x, ctx + ".name");
                if (const YNode* x = v->get("level")) p.level = static_cast<int>(m_rd.integer(x, ctx + ".level", -1000, 1000));
                if (const YNode* x = v->get("credibility")) p.credibility = m_rd.number(x, ctx + ".credibility", 0, 1);
                if (const YNode* x = v->get("escalation")) p.escalation = m_rd.number(x, ctx + ".escalation", 0, 1000);
                if (const YNode* x = v->get("delay")) p.delay = m_rd.integer(x, ctx + ".delay", 0, 100000);
            } else if (!v->isNull()) {
                m_rd.isMap(v, ctx, "{name, level, credibility, escalation, upkeep, delay}");
            }
            if (p.id.empty()) continue;
            p.str = m_sc.intern(p.id);
            if (m_sc.postureIds.find(p.id) != kNone) continue;
            m_sc.postureIds.add(p.id);
            m_sc.postures.push_back(std::move(p));
        }
    }
    m_sc.neutralPosture = m_sc.find(postureIds(), "neutral");
    if (m_sc.neutralPosture == kNone) {
        PostureDef p;
        p.id = p.name = "neutral";
        p.str = m_sc.intern(p.id);
        m_sc.postureIds.add(p.id);
        m_sc.postures.push_back(std::move(p));
        m_sc.neutralPosture = static_cast<PostureId>(m_sc.postures.size() - 1);
    }
}

void Loader::posturesUpkeep(const YNode* n) {
    if (!n || !n->isMap()) return;
    for (const auto& [k, v] : n->entries) {
        const PostureId p = m_sc.find(postureIds(), k->value);
        if (p == kNone || !v->isMap()) continue;
        if (const YNode* u = v->get("upkeep")) {
            m_sc.postures[static_cast<std::size_t>(p)].upkeep =
                assetAmounts(u, "postures." + k->value + ".upkeep", ExprScope{true, false, false});
        }
    }
}

void Loader::ladderSection(const YNode* n) {
    if (!n) return;
    if (!m_rd.isSeq(n, "ladder", "a list of rungs, lowest first: - {id, name, ends}")) return;
    if (n->items.empty()) {
        m_rd.error(n, "ladder is empty", "at least one rung", "remove the key for no escalation phase");
        return;
    }
    m_sc.hasLadder = true;
    limit(n, n->items.size(), m_opt.limits.maxItems, "ladder");
    for (const YNode* item : n->items) {
        RungDef r;
        if (!m_rd.keys(item, "a ladder rung", {"id", "name", "ends"})) continue;
        if (const YNode* x = item->get("id")) r.id = m_rd.id(x, "ladder rung id");
        else m_rd.missing(item, "id", "a ladder rung", "a name such as crisis");
        if (r.id.empty()) r.id = "#" + std::to_string(m_sc.ladder.size());  // reported; keeps indices aligned
        if (m_sc.find(rungIds(), r.id) != kNone) {
            m_rd.error(item->get("id"), "duplicate rung " + q(r.id), "each rung id once");
            continue;
        }
        m_sc.rungIds.add(r.id);
        r.name = item->get("name") ? m_rd.text(item->get("name"), "ladder." + r.id + ".name") : r.id;
        if (const YNode* x = item->get("ends")) {
            const std::string o = m_rd.id(x, "ladder." + r.id + ".ends");
            if (o == "horizon") m_rd.error(x, "outcome 'horizon' is reserved", "another outcome name", "horizon means the turns ran out");
            else if (!o.empty()) r.ends = outcome(o);
        }
        m_sc.ladder.push_back(std::move(r));
    }

}

void Loader::escalationSection(const YNode* n) {
    const ExprScope ab{false, false, true};
    if (n) {
        if (!m_rd.keys(n, "escalation", {"up", "down", "relax"})) return;
        if (!m_sc.hasLadder) {
            m_rd.error(n, "escalation is set but there is no ladder", "a ladder for dyads to climb",
                       "add a ladder, or remove escalation");
            return;
        }
    }
    m_sc.up = n && n->get("up") ? probability(n, "up", "escalation.up", ab, 0)
                                : m_expr.compile("0.1 * tension(a, b)", {}, ab, ValueType::Num);
    m_sc.down = n && n->get("down") ? probability(n, "down", "escalation.down", ab, 0)
                                    : m_expr.compile("0.1 * (1 - tension(a, b))", {}, ab, ValueType::Num);
    if (n && n->get("relax")) m_sc.relax = m_rd.number(n->get("relax"), "escalation.relax", 0, 1);
}

void Loader::actorsDeclare(const YNode* n) {
    if (!m_rd.isMap(n, "actors", "id: {name, ...} pairs")) return;
    if (n->entries.empty()) {
        m_rd.error(n, "actors is empty", "at least one actor", "add an actor such as  russia: {name: Russia}");
        return;
    }
    limit(n, n->entries.size(), m_opt.limits.maxActors, "actors", "--max-actors");
    if (n->entries.size() > m_opt.limits.maxActors) return;
    for (const auto& [k, v] : n->entries) {
        ActorDef a;
        a.id = m_rd.id(k, "actor id");
        a.loc = k->loc;
        if (a.id.empty()) continue;
        if (a.id == "self" || a.id == "target" || a.id == "turn" || a.id == "day" || a.id == "true" ||
            a.id == "false" || a.id == "and" || a.id == "or" || a.id == "not" || a.id == "params") {
            m_rd.error(k, "actor id " + q(a.id) + " is a reserved name", "another id",
                       "self, target, turn, day, true, false, and, or, not and params have a meaning in expressions");
            continue;
        }
        // blocs are known before any expression compares with one ('west' in a production
        // expression of an actor listed before the first western one)
        if (const YNode* b = v->isMap() ? v->get("bloc") : nullptr; b && b->isScalar() && !b->value.empty() &&
                                                                     m_sc.find(m_sc.blocs, b->value) == kNone) {
            m_sc.blocs.push_back(b->value);
        }
        if (m_sc.actorIds.find(a.id) != kNone) continue;  // a duplicate key, reported already
        m_sc.actorIds.add(a.id);
        m_sc.actors.push_back(std::move(a));
    }
}

void Loader::actorsRead(const YNode* n) {
    if (!n->isMap()) return;
    const ExprScope selfScope{true, false, false};
    for (const auto& [k, v] : n->entries) {
        const ActorId id = m_sc.actorIndex(k->value);
        if (id == kNone) continue;
        ActorDef& a = m_sc.actors[static_cast<std::size_t>(id)];
        const std::string ctx = "actors." + a.id;
        a.stock.assign(m_sc.assets.size(), 0.0);
        a.tech.assign(m_sc.domains.size(), 0.0);
        a.posture = m_sc.neutralPosture;
        if (!m_rd.keys(v, ctx, {"name", "map", "capital", "bloc", "nuclear", "posture", "resolve", "stability", "stock",
                                "tech", "production", "consumption"})) {
            continue;
        }
        if (const YNode* x = v->get("name")) a.name = m_rd.text(x, ctx + ".name");
        else m_rd.missing(v, "name", ctx, "the name shown to players, such as Russia");
        if (const YNode* x = v->get("map")) {
            a.map = m_rd.text(x, ctx + ".map");
            const bool ok = a.map.size() == 3 && std::all_of(a.map.begin(), a.map.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
            if (!ok) m_rd.error(x, ctx + ".map " + q(a.map) + " is not a country code", "an ISO 3166-1 alpha-3 code such as RUS");
        }
        if (const YNode* x = v->get("capital")) {
            if (m_rd.isSeq(x, ctx + ".capital", "[latitude, longitude]")) {
                if (x->items.size() != 2) {
                    m_rd.error(x, ctx + ".capital has " + std::to_string(x->items.size()) + " values", "[latitude, longitude]");
                } else {
                    a.lat = m_rd.number(x->items[0], ctx + ".capital latitude", -90, 90);
                    a.lon = m_rd.number(x->items[1], ctx + ".capital longitude", -180, 180);
                    a.hasCapital = true;
                }
            }
        }
        if (const YNode* x = v->get("bloc")) {
            const std::string b = m_rd.id(x, ctx + ".bloc");
            if (!b.empty()) a.bloc = m_sc.intern(b);
        }
        if (a.bloc == kNone) a.bloc = m_sc.intern("");
        if (const YNode* x = v->get("nuclear")) a.nuclear = m_rd.boolean(x, ctx + ".nuclear");
        if (const YNode* x = v->get("posture")) {
            const PostureId p = ref(x, postureIds(), "posture", ctx + ".posture");
            if (p != kNone) a.posture = p;
        }
        if (const YNode* x = v->get("resolve")) a.resolve = m_rd.number(x, ctx + ".resolve", 0, 1);
        if (const YNode* x = v->get("stability")) a.stability = m_rd.number(x, ctx + ".stability", 0, 1);
        if (const YNode* x = v->get("stock"); x && m_rd.isMap(x, ctx + ".stock", "asset: amount pairs")) {
            for (const auto& [sk, sv] : x->entries) {
                const AssetId as = ref(sk, assetIds(), "asset", ctx + ".stock");
                if (as == kNone) continue;
                if (m_sc.assets[static_cast<std::size_t>(as)].kind == AssetKind::Tech) {
                    m_rd.error(sk, "asset " + q(sk->value) + " is a technology", "a stock asset in stock",
                               "give technology levels under tech, by domain");
                    continue;
                }
                a.stock[static_cast<std::size_t>(as)] = m_rd.number(sv, ctx + ".stock." + sk->value, 0, kBig);
            }
        }
        if (const YNode* x = v->get("tech"); x && m_rd.isMap(x, ctx + ".tech", "domain: level pairs")) {
            for (const auto& [tk, tv] : x->entries) {
                const DomainId d = domainRef(tk, ctx + ".tech");
                if (d != kNone) a.tech[static_cast<std::size_t>(d)] = m_rd.number(tv, ctx + ".tech." + tk->value, 0, kBig);
            }
        }
        if (const YNode* x = v->get("production")) a.production = assetAmounts(x, ctx + ".production", selfScope);
        if (const YNode* x = v->get("consumption")) a.consumption = assetAmounts(x, ctx + ".consumption", selfScope);
    }
    (void)kInf;
}

void Loader::relationsSection(const YNode* n) {
    if (!n || !m_rd.isSeq(n, "relations", "a list of - {between: [A, B], stance, tension, rung, treaties}")) return;
    limit(n, n->items.size(), m_opt.limits.maxItems, "relations");
    for (const YNode* item : n->items) {
        if (!m_rd.keys(item, "a relation", {"between", "stance", "tension", "baseline", "rung", "treaties"})) continue;
        RelationDef r;
        r.loc = item->loc;
        const YNode* bw = item->get("between");
        if (!bw) {
            m_rd.missing(item, "between", "a relation", "[A, B]");
            continue;
        }
        if (!m_rd.isSeq(bw, "relation between", "[A, B]")) continue;
        if (bw->items.size() != 2) {
            m_rd.error(bw, "between has " + std::to_string(bw->items.size()) + " actors", "exactly two: [A, B]");
            continue;
        }
        r.a = ref(bw->items[0], actorIds(), "actor", "relation between");
        r.b = ref(bw->items[1], actorIds(), "actor", "relation between");
        if (r.a == kNone || r.b == kNone) continue;
        if (r.a == r.b) {
            m_rd.error(bw, "a relation between " + q(bw->items[0]->value) + " and itself", "two different actors");
            continue;
        }
        bool dup = false;
        for (const auto& o : m_sc.relations) dup = dup || (std::min(o.a, o.b) == std::min(r.a, r.b) && std::max(o.a, o.b) == std::max(r.a, r.b));
        if (dup) {
            m_rd.error(bw, "a second relation between " + bw->items[0]->value + " and " + bw->items[1]->value,
                       "one relation per pair", "merge the two entries");
            continue;
        }
        const std::string ctx = "relation " + bw->items[0]->value + "-" + bw->items[1]->value;
        if (const YNode* x = item->get("stance")) {
            const std::string s = m_rd.text(x, ctx + " stance");
            std::vector<std::string> names(std::begin(kStanceNames), std::end(kStanceNames));
            const std::int32_t i = m_sc.find(names, s);
            if (i == kNone) m_rd.error(x, "unknown stance " + q(s) + " in " + ctx, "one of " + joinList(names), suggest(s, names));
            else r.stance = static_cast<Stance>(i);
        }
        if (const YNode* x = item->get("tension")) r.tension = m_rd.number(x, ctx + " tension", 0, 1);
        r.baseline = r.tension;
        if (const YNode* x = item->get("baseline")) r.baseline = m_rd.number(x, ctx + " baseline", 0, 1);
        if (const YNode* x = item->get("rung")) {
            if (!m_sc.hasLadder) m_rd.error(x, ctx + " sets a rung but there is no ladder", "a ladder", "add a ladder or remove the rung");
            else {
                const RungId rg = rungRef(x, ctx);
                if (rg != kNone) r.rung = rg;
            }
        }
        if (const YNode* x = item->get("treaties"); x && m_rd.isSeq(x, ctx + " treaties", "a list of treaty ids")) {
            for (const YNode* t : x->items) {
                const TreatyId ti = treaty(t, ctx + " treaty");
                if (ti != kNone) r.treaties |= std::uint64_t{1} << ti;
            }
        }
        m_sc.relations.push_back(r);
    }
}

void Loader::transfersDeclare(const YNode* n) {
    if (!n || !m_rd.isSeq(n, "transfers", "a list of - {id, from, to, asset, amount, every, ...}")) return;
    limit(n, n->items.size(), m_opt.limits.maxItems, "transfers");
    for (const YNode* item : n->items) {
        if (!item->isMap()) continue;
        TransferDef t;
        if (const YNode* x = item->get("id")) t.id = m_rd.id(x, "transfer id");
        else m_rd.missing(item, "id", "a transfer", "a name such as dprk_shells");
        if (t.id.empty()) continue;
        if (m_sc.find(transferIds(), t.id) != kNone) {
            m_rd.error(item->get("id"), "duplicate transfer " + q(t.id), "each transfer id once");
            continue;
        }
        m_sc.transferIds.add(t.id);
        m_sc.transfers.push_back(std::move(t));
    }
}

void Loader::transfersRead(const YNode* n) {
    if (!n || !n->isSeq()) return;
    for (const YNode* item : n->items) {
        if (!m_rd.keys(item, "a transfer", {"id", "from", "to", "asset", "amount", "every", "transit", "start", "until", "detect", "interdict"})) {
            continue;
        }
        const YNode* idn = item->get("id");
        const TransferId ti = idn ? m_sc.find(transferIds(), idn->value) : kNone;
        if (ti == kNone) continue;
        TransferDef& t = m_sc.transfers[static_cast<std::size_t>(ti)];
        const std::string ctx = "transfers." + t.id;
        auto need = [&](const char* key, const char* what) -> const YNode* {
            const YNode* x = item->get(key);
            if (!x) m_rd.missing(item, key, ctx, what);
            return x;
        };
        if (const YNode* x = need("from", "the sending actor")) t.from = ref(x, actorIds(), "actor", ctx + ".from");
        if (const YNode* x = need("to", "the receiving actor")) t.to = ref(x, actorIds(), "actor", ctx + ".to");
        if (t.from != kNone && t.from == t.to) m_rd.error(item->get("to"), ctx + " sends to its own sender", "two different actors");
        t.fromRef.id = t.from;
        t.toRef.id = t.to;
        if (const YNode* x = need("asset", "an asset id")) t.asset = ref(x, assetIds(), "asset", ctx + ".asset");
        const ExprScope st{true, true, false};
        if (const YNode* x = need("amount", "an amount a shipment (expression; self = from, target = to)")) {
            t.amount = expr(x, ctx + ".amount", st, ValueType::Num);
        }
        if (const YNode* x = item->get("every")) t.every = m_rd.integer(x, ctx + ".every", 0, 100000);
        if (const YNode* x = item->get("transit")) t.transit = m_rd.integer(x, ctx + ".transit", 0, 100000);
        t.start = item->get("start") ? dayOf(item->get("start"), ctx + ".start") : m_sc.turnDays;
        if (const YNode* x = item->get("until")) {
            t.until = dayOf(x, ctx + ".until");
            if (t.until < t.start) m_rd.error(x, ctx + ".until is before its start", "a day on or after start");
        }
        t.detect = probability(item, "detect", ctx + ".detect", st, 0.0);
        t.interdict = probability(item, "interdict", ctx + ".interdict", st, 0.0);
    }
}

void Loader::metricsSection(const YNode* n, bool declareOnly) {
    if (!n) return;
    if (declareOnly) {
        if (!m_rd.isMap(n, "metrics", "name: expression pairs")) return;
        limit(n, n->entries.size(), m_opt.limits.maxItems, "metrics");
        for (const auto& [k, v] : n->entries) {
            MetricDef m;
            m.name = m_rd.id(k, "metric name");
            if (m.name == "turn" || m.name == "day") {
                m_rd.error(k, "metric name " + q(m.name) + " clashes with a column of metrics.csv", "another name");
                continue;
            }
            if (m.name.empty() || m_sc.metricIds.find(m.name) != kNone) continue;
            m_sc.metricIds.add(m.name);
            m_sc.metrics.push_back(std::move(m));
        }
        return;
    }
    if (!n->isMap()) return;
    for (const auto& [k, v] : n->entries) {
        std::int32_t i = kNone;
        for (std::size_t j = 0; j < m_sc.metrics.size(); ++j) {
            if (m_sc.metrics[j].name == k->value) i = static_cast<std::int32_t>(j);
        }
        if (i == kNone) continue;
        m_sc.metrics[static_cast<std::size_t>(i)].expr = expr(v, "metrics." + k->value, {}, ValueType::Num, true);
    }
}

void Loader::endSection(const YNode* n) {
    if (!n || !m_rd.isSeq(n, "end", "a list of - {when, outcome}")) return;
    limit(n, n->items.size(), m_opt.limits.maxItems, "end");
    for (const YNode* item : n->items) {
        if (!m_rd.keys(item, "an end condition", {"when", "outcome"})) continue;
        EndDef e;
        if (const YNode* x = item->get("when")) e.when = expr(x, "end.when", {}, ValueType::Bool);
        else m_rd.missing(item, "when", "an end condition", "a condition");
        if (const YNode* x = item->get("outcome")) {
            const std::string o = m_rd.id(x, "end outcome");
            if (o == "horizon") m_rd.error(x, "outcome 'horizon' is reserved", "another outcome name", "horizon means the turns ran out");
            else if (!o.empty()) e.outcome = outcome(o);
        } else {
            m_rd.missing(item, "outcome", "an end condition", "an outcome name such as ceasefire");
        }
        m_sc.ends.push_back(e);
    }
}

void Loader::objectivesSection(const YNode* n) {
    if (!n || !m_rd.isMap(n, "objectives", "actor: {name: expression} pairs")) return;
    for (const auto& [k, v] : n->entries) {
        if (v->isMap()) limit(v, v->entries.size(), m_opt.limits.maxItems, "objectives." + k->value);
        const ActorId a = ref(k, actorIds(), "actor", "objectives");
        if (a == kNone || !m_rd.isMap(v, "objectives." + k->value, "name: expression pairs")) continue;
        for (const auto& [ok, ov] : v->entries) {
            ObjectiveDef o;
            o.actor = a;
            o.name = m_rd.id(ok, "objective name");
            o.expr = expr(ov, "objectives." + k->value + "." + o.name, ExprScope{true, false, false}, ValueType::Num, true);
            m_sc.objectives.push_back(std::move(o));
        }
    }
}

void Loader::experimentSection(const YNode* n) {
    if (!n || !m_rd.keys(n, "experiment", {"design", "points", "runs", "params"})) return;
    ExperimentDef& e = m_sc.experiment;
    e.present = true;
    if (const YNode* x = n->get("design")) {
        const std::string d = m_rd.text(x, "experiment.design");
        if (d == "grid") e.design = DesignKind::Grid;
        else if (d == "lhs") e.design = DesignKind::Lhs;
        else if (d == "sobol") e.design = DesignKind::Sobol;
        else m_rd.error(x, "unknown design " + q(d), "grid, lhs or sobol", suggest(d, {"grid", "lhs", "sobol"}));
    }
    if (const YNode* x = n->get("points")) e.points = m_rd.integer(x, "experiment.points", 1, 100'000'000);
    if (const YNode* x = n->get("runs")) e.runs = m_rd.integer(x, "experiment.runs", 1, 1'000'000'000);
    if (e.design != DesignKind::Grid && !n->get("points")) {
        m_rd.missing(n, "points", "experiment", "the number of design points");
    }
    const YNode* ps = n->get("params");
    if (!ps) {
        m_rd.missing(n, "params", "experiment", "name: [lo, hi] or a list of levels");
        return;
    }
    if (!m_rd.isMap(ps, "experiment.params", "name: [lo, hi] or name: [level, level, ...]")) return;
    for (const auto& [k, v] : ps->entries) {
        ExperimentDef::Factor f;
        f.param = ref(k, m_sc.paramNames, "parameter", "experiment.params");
        if (f.param == kNone || !m_rd.isSeq(v, "experiment.params." + k->value, "[lo, hi] or a list of levels")) continue;
        std::vector<double> vals;
        for (const YNode* x : v->items) vals.push_back(m_rd.number(x, "experiment.params." + k->value + " value", -kBig, kBig));
        if (vals.empty()) {
            m_rd.error(v, "experiment.params." + k->value + " is empty", "[lo, hi] or a list of levels");
            continue;
        }
        const bool range = e.design != DesignKind::Grid || (n->get("points") && vals.size() == 2);
        f.isRange = range;
        if (range) {
            if (vals.size() != 2 || vals[0] > vals[1]) {
                m_rd.error(v, "experiment.params." + k->value + " is not a range", "[lo, hi] with lo <= hi");
                continue;
            }
            f.lo = vals[0];
            f.hi = vals[1];
        } else {
            f.levels = vals;
        }
        e.factors.push_back(std::move(f));
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
    sc->doc = std::move(doc);
    return sc;
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
        // a pinned parameter is no longer drawn
        std::erase_if(sc.uncertain, [&](const UncertainDef& u) { return u.param == p; });
    }
    return ok;
}

}  // namespace brink
