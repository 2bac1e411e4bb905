#include "brink/output/outputs.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "brink/base/digest.hpp"
#include "brink/base/json.hpp"
#include "brink/base/numfmt.hpp"
#include "brink/base/version.hpp"
#include "brink/expr/explain.hpp"

namespace brink {

// ---- metrics.csv and events.jsonl --------------------------------------------------------

RunRecorder::RunRecorder(const Scenario& sc) : m_sc(sc) {
    m_csv = "turn,day";
    for (const auto& m : sc.metrics) m_csv += "," + m.name;
    m_csv += '\n';
}

void RunRecorder::happened(const World&, const Happening& h) {
    m_jsonl += eventJson(m_sc, h);
    m_jsonl += '\n';
}

void RunRecorder::recorded(const World& w) {
    m_csv += std::to_string(w.turn) + "," + std::to_string(w.day);
    for (double v : w.metrics) m_csv += "," + formatNumber(v);
    m_csv += '\n';
}

std::string eventJson(const Scenario& sc, const Happening& h) {
    JsonWriter j;
    auto actor = [&](const char* key, ActorId a) {
        if (a != kNone) j.key(key).value(sc.actors[static_cast<std::size_t>(a)].id);
    };
    j.beginObject();
    j.key("turn").value(h.turn);
    j.key("day").value(h.day);
    j.key("date").value(formatDate(sc.start + h.day));
    j.key("type").value(kindName(h.kind));
    switch (h.kind) {
        case HappeningKind::Order:
        case HappeningKind::Refused:
            actor("actor", h.actor);
            actor("target", h.target);
            j.key("action").value(sc.actions[static_cast<std::size_t>(h.ref)].id);
            if (h.kind == HappeningKind::Order) j.key("escalation").value(h.value);
            j.key("public").value(!h.secret);
            if (!h.why.empty()) j.key("why").value(h.why);
            if (h.kind == HappeningKind::Refused) j.key("reason").value(h.text);
            break;
        case HappeningKind::Event:
            j.key("event").value(sc.events[static_cast<std::size_t>(h.ref)].id);
            if (h.explain) writeExplained(j.key("why"), *h.explain);
            break;
        case HappeningKind::Headline:
            actor("actor", h.actor);
            actor("target", h.target);
            break;
        case HappeningKind::Shipment:
        case HappeningKind::Arrival:
        case HappeningKind::Interdicted:
        case HappeningKind::Detected: {
            const TransferDef& t = sc.transfers[static_cast<std::size_t>(h.ref)];
            j.key("transfer").value(t.id);
            actor("from", h.actor);
            actor("to", h.target);
            j.key("asset").value(sc.assets[static_cast<std::size_t>(t.asset)].id);
            j.key("amount").value(h.amount);
            break;
        }
        case HappeningKind::Rung:
            actor("a", h.actor);
            actor("b", h.target);
            j.key("from").value(sc.ladder[static_cast<std::size_t>(h.ref2)].id);
            j.key("to").value(sc.ladder[static_cast<std::size_t>(h.ref)].id);
            if (h.p >= 0) {
                j.key("p").value(h.p);
                j.key("tension").value(h.value);
            }
            if (h.explain) writeExplained(j.key("why"), *h.explain);
            break;
        case HappeningKind::Posture:
        case HappeningKind::PostureLapse:
            actor("actor", h.actor);
            j.key("from").value(sc.postures[static_cast<std::size_t>(h.ref2)].id);
            j.key("to").value(sc.postures[static_cast<std::size_t>(h.ref)].id);
            break;
        case HappeningKind::Stance:
            actor("a", h.actor);
            actor("b", h.target);
            j.key("from").value(kStanceNames[h.ref2]);
            j.key("to").value(kStanceNames[h.ref]);
            break;
        case HappeningKind::Treaty:
            actor("a", h.actor);
            actor("b", h.target);
            j.key("treaty").value(sc.treaties[static_cast<std::size_t>(h.ref)]);
            break;
        case HappeningKind::End: j.key("outcome").value(sc.outcomes[static_cast<std::size_t>(h.ref)]); break;
        case HappeningKind::Inject: break;  // the headline says what it did
    }
    j.key("headline").value(describe(sc, h));
    j.endObject();
    return j.str();
}

// ---- summary.json -----------------------------------------------------------------------

std::string summaryJson(const Simulation& sim) {
    const World& w = sim.world();
    const Scenario& sc = *w.sc;
    JsonWriter j(true);
    j.beginObject();
    j.key("scenario").value(sc.id);
    j.key("seed").value(sim.key().seed);
    j.key("turns").value(w.turn);
    const OutcomeId o = sim.outcome();
    if (o == kNone) j.key("outcome").null();
    else j.key("outcome").value(sc.outcomes[static_cast<std::size_t>(o)]);
    j.key("metrics").beginObject();
    for (std::size_t i = 0; i < sc.metrics.size(); ++i) j.key(sc.metrics[i].name).value(w.metrics[i]);
    j.endObject();
    j.key("objectives").beginObject();
    const std::vector<double> obj = sim.objectives();
    for (std::size_t a = 0; a < sc.actors.size(); ++a) {
        bool any = false;
        for (std::size_t i = 0; i < sc.objectives.size(); ++i) {
            if (sc.objectives[i].actor != static_cast<ActorId>(a)) continue;
            if (!any) j.key(sc.actors[a].id).beginObject();
            any = true;
            j.key(sc.objectives[i].name).value(obj[i]);
        }
        if (any) j.endObject();
    }
    j.endObject();
    j.key("title").value(sc.title);
    j.key("brink_version").value(BRINK_VERSION);
    j.key("day").value(w.day);
    j.key("date").value(formatDate(sc.start + w.day));
    j.key("params").beginObject();
    for (std::size_t i = 0; i < sc.paramNames.size(); ++i) j.key(sc.paramNames[i]).value(w.params[i]);
    j.endObject();
    j.endObject();
    return j.str() + "\n";
}

// ---- writing files ----------------------------------------------------------------------

bool prepareOutputFolder(const std::string& dir) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const bool existed = fs::exists(dir, ec);
    fs::create_directories(dir, ec);
    if (ec) throw std::runtime_error("cannot create output folder '" + dir + "': " + ec.message());
    const fs::path probe = fs::path(dir) / (".brink-probe-" + std::to_string(::getpid()));
    std::FILE* f = std::fopen(probe.c_str(), "wb");
    if (!f) {
        const std::string why = std::strerror(errno);
        if (!existed) fs::remove(dir, ec);
        throw std::runtime_error("cannot write into output folder '" + dir + "': " + why);
    }
    std::fclose(f);
    fs::remove(probe, ec);
    return !existed;
}

namespace {

void writeAtomically(const std::string& dir, const std::vector<std::pair<std::string, std::string>>& files, bool ownerOnly) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw std::runtime_error("cannot create output folder '" + dir + "': " + ec.message());
    const std::string tag = ".brink-tmp-" + std::to_string(::getpid()) + "-";
    std::vector<fs::path> temps;
    auto cleanup = [&] {
        for (const auto& t : temps) fs::remove(t, ec);
    };
    for (const auto& [name, content] : files) {
        const fs::path tmp = fs::path(dir) / (tag + name);
        temps.push_back(tmp);
        std::FILE* f = std::fopen(tmp.c_str(), "wb");
        bool ok = f != nullptr;
        if (ok && ownerOnly) ok = ::fchmod(::fileno(f), S_IRUSR | S_IWUSR) == 0;  // before a byte is in it
        if (ok) ok = std::fwrite(content.data(), 1, content.size(), f) == content.size();
        if (ok) ok = std::fflush(f) == 0 && ::fsync(::fileno(f)) == 0;
        if (f) ok = std::fclose(f) == 0 && ok;
        if (!ok) {
            const std::string why = std::strerror(errno);
            cleanup();
            throw std::runtime_error("cannot write '" + (fs::path(dir) / name).string() + "': " + why);
        }
    }
    for (std::size_t i = 0; i < files.size(); ++i) {
        fs::rename(temps[i], fs::path(dir) / files[i].first, ec);
        if (ec) {
            cleanup();
            throw std::runtime_error("cannot move '" + files[i].first + "' into place in '" + dir + "': " + ec.message());
        }
    }
    // the renames themselves reach the disk
    if (const int d = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY); d >= 0) {
        (void)::fsync(d);
        ::close(d);
    }
}

}  // namespace

void writeFilesAtomically(const std::string& dir, const std::vector<std::pair<std::string, std::string>>& files) { writeAtomically(dir, files, false); }

void writeFileAtomically(const std::string& path, const std::string& text, bool ownerOnly) {
    const std::filesystem::path p(path);
    writeAtomically(p.parent_path().empty() ? "." : p.parent_path().string(), {{p.filename().string(), text}}, ownerOnly);
}

}  // namespace brink
