// Loading the world's catalogue: assets, postures, the ladder and escalation, actors,
// relations and transfers.
#include <algorithm>
#include <limits>

#include "brink/base/numfmt.hpp"
#include "loader_impl.hpp"

namespace brink::detail {

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

void Loader::blocsSection(const YNode* n) {
    if (!n || !m_rd.isMap(n, "blocs", "bloc: {name, colour} pairs")) return;
    limit(n, n->entries.size(), m_opt.limits.maxItems, "blocs");
    for (const auto& [k, v] : n->entries) {
        const std::string id = m_rd.id(k, "bloc id");
        if (id.empty() || m_sc.blocs.find(id) != kNone) continue;  // a duplicate key is reported already
        const std::string ctx = "blocs." + id;
        BlocDef b;
        b.loc = k->loc;
        if (v->isMap()) {
            m_rd.keys(v, ctx, {"name", "colour"});
            if (const YNode* x = v->get("name")) b.name = m_rd.text(x, ctx + ".name");
            if (const YNode* x = v->get("colour")) {
                const std::string& c = x->value;
                const bool hex = x->isScalar() && c.size() == 7 && c[0] == '#' &&
                                 c.find_first_not_of("0123456789abcdefABCDEF", 1) == std::string::npos;
                if (!hex) {
                    m_rd.error(x, ctx + ".colour " + q(c) + " is not a colour", "a quoted \"#RRGGBB\" such as \"#427ABD\"",
                               "quote it: a bare # starts a YAML comment");
                } else {
                    const auto byte = [&](std::size_t at) { return static_cast<std::uint8_t>(std::stoi(c.substr(at, 2), nullptr, 16)); };
                    b.hasColour = true;
                    b.r = byte(1);
                    b.g = byte(3);
                    b.b = byte(5);
                }
            }
        } else if (!v->isNull()) {
            m_rd.isMap(v, ctx, "{name, colour}");
        }
        m_sc.blocs.push_back(id);
        m_sc.blocInfo.push_back(std::move(b));
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
        t.loc = item->loc;
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

}  // namespace brink::detail
