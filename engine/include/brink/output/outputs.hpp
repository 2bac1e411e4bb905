#pragma once
/// The files a run writes (the contract): metrics.csv, events.jsonl, final.yaml and
/// summary.json; and writing a set of files so that none is ever left half-written.
#include <map>
#include <string>
#include <vector>

#include "brink/output/narrative.hpp"
#include "brink/sim/observer.hpp"
#include "brink/saved/final_yaml.hpp"
#include "brink/sim/sim.hpp"

namespace brink {

/// Collects metrics.csv rows and events.jsonl lines as a run goes.
class RunRecorder : public Observer {
public:
    explicit RunRecorder(const Scenario& sc);
    void happened(const World& w, const Happening& h) override;
    void recorded(const World& w) override;
    /// events.jsonl explains every chance that came true (`why`)
    [[nodiscard]] bool wantsWhy() const override { return true; }

    [[nodiscard]] const std::string& metricsCsv() const { return m_csv; }
    [[nodiscard]] const std::string& eventsJsonl() const { return m_jsonl; }

private:
    const Scenario& m_sc;
    std::string m_csv;
    std::string m_jsonl;
};

/// One events.jsonl line (without the newline).
std::string eventJson(const Scenario& sc, const Happening& h);

/// summary.json of a finished (or stopped) run.
std::string summaryJson(const Simulation& sim);

/// Makes sure files can be written into `dir` before a run starts: creates it when missing
/// and writes and removes a probe file. Throws std::runtime_error saying why not. Returns
/// whether the folder was created (so a run that fails can take it away again).
bool prepareOutputFolder(const std::string& dir);

/// Writes every (name, content) into `dir` through temporary files renamed into place at
/// the end; on failure nothing is left behind and the error says why.
void writeFilesAtomically(const std::string& dir, const std::vector<std::pair<std::string, std::string>>& files);

/// Writes one file the same way (a temporary file in its folder, flushed to disk, renamed
/// over `path`, the folder flushed): after a crash, `path` holds the old text or the new.
/// `ownerOnly`: readable and writable by its owner alone, from before its first byte.
void writeFileAtomically(const std::string& path, const std::string& text, bool ownerOnly = false);

}  // namespace brink
