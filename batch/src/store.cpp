#include "brink/batch/store.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <sqlite3.h>
#include <sys/file.h>
#include <fcntl.h>
#include <unistd.h>

#include "brink/base/numfmt.hpp"

namespace fs = std::filesystem;

namespace brink {

namespace {
std::string quoteId(const std::string& s) {
    std::string q = "\"";
    for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}
}  // namespace

StoreError storeError(const SQLite::Exception& e, const std::string& path, const std::string& doing, int sysErrno) {
    const int code = e.getErrorCode() & 0xff;
    const std::string why = sysErrno != 0 ? std::string(std::strerror(sysErrno)) + ", " + e.what() : std::string(e.what());
    std::string what, hint;
    switch (code) {
        case SQLITE_FULL:
            what = "the disk is full";
            hint = "free some space, then continue with --resume: every chunk committed before is kept";
            break;
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            what = "the file is locked by another program (an sqlite3 session or a reader holding a transaction)";
            hint = "close that program, then continue with --resume";
            break;
        case SQLITE_READONLY:
        case SQLITE_PERM:
        case SQLITE_CANTOPEN:
            what = "it cannot be opened for writing (" + why + ")";
            hint = "check the folder's permissions, or choose another --out";
            break;
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB:
            what = "it is not a Brink results store, or it is damaged (" + why + ")";
            hint = "start the batch in a new folder";
            break;
        case SQLITE_IOERR:
            what = "the disk refused a write (" + why + "): it may be full, or the file past a size limit";
            hint = "free some space or fix the disk, then continue with --resume: every chunk committed before is kept";
            break;
        default:
            what = why;
            break;
    }
    return StoreError("cannot " + doing + " " + path + ": " + what + (hint.empty() ? "" : "; hint: " + hint));
}

namespace {
// Runs `fn`, turning an SQLite failure into a StoreError that says what was being done.
template <class F>
auto guarded(const SQLite::Database* db, const std::string& path, const char* doing, F&& fn) {
    try {
        return fn();
    } catch (const SQLite::Exception& e) {
        throw storeError(e, path, doing, db ? sqlite3_system_errno(db->getHandle()) : 0);
    }
}
}  // namespace

ResultsStore::FolderLock::~FolderLock() {
    if (fd >= 0) ::close(fd);  // closing the descriptor releases the flock
}

ResultsStore::ResultsStore(const std::string& dir, const BatchPlan& plan, const BatchIdentity& id, bool resume, bool trace)
    : m_dir(dir), m_path((fs::path(dir) / "results.sqlite").string()), m_plan(plan), m_trace(trace) {
    std::error_code ec;
    const bool exists = fs::exists(dir, ec);
    if (exists && !fs::is_directory(dir, ec)) throw StoreMismatch("--out " + dir + " exists and is not a folder");
    const bool empty = !exists || fs::is_empty(dir, ec);
    if (!resume && !empty) {
        throw StoreMismatch("the output folder " + dir + " is not empty; expected an empty or new folder; hint: add --resume to continue the batch stored there, or choose another folder");
    }
    if (resume && !fs::exists(m_path, ec)) {
        if (!empty) {
            throw StoreMismatch("--resume: " + dir + " holds no results.sqlite; expected the folder of an earlier batch");
        }
        resume = false;  // nothing to resume: start it
    }
    fs::create_directories(dir, ec);
    if (ec) throw StoreError("cannot create the output folder " + dir + ": " + ec.message());
    // One batch at a time in a folder: a second one (or a second --resume) is refused
    // rather than interleaving its chunks with the first one's.
    m_lock.fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (m_lock.fd < 0) throw StoreError("cannot open the output folder " + dir + ": " + std::strerror(errno));
    if (::flock(m_lock.fd, LOCK_EX | LOCK_NB) != 0) {
        throw StoreError("another brink batch is writing to " + dir + "; hint: wait for it to finish, or choose another folder");
    }
    try {
        m_db = std::make_unique<SQLite::Database>(m_path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        m_db->setBusyTimeout(2000);
        // WAL: a commit is atomic and survives the process being killed; NORMAL sync keeps
        // chunk commits cheap (a power cut may lose the last commits, never corrupt the file).
        m_db->exec("PRAGMA journal_mode=WAL");
        m_db->exec("PRAGMA synchronous=NORMAL");
        // a store whose creation never committed (the disk filled at once) is empty: start it
        if (resume && !m_db->tableExists("batch")) resume = false;
        if (resume) {
            SQLite::Statement q(*m_db, "SELECT key, value FROM batch");
            BatchIdentity stored;
            while (q.executeStep()) stored[q.getColumn(0).getString()] = q.getColumn(1).getString();
            std::string diff;
            for (const auto& [k, v] : id) {
                const auto it = stored.find(k);
                const std::string was = it == stored.end() ? "(none)" : it->second;
                if (was != v) diff += (diff.empty() ? "" : "; ") + k + " was " + was + ", now " + v;
            }
            if (!diff.empty()) {
                throw StoreMismatch("--resume: this is not the batch stored in " + dir + " (" + diff +
                                         "); hint: resume with the same scenario, seed, runs and design, or start a new folder");
            }
        } else {
            create(id);
        }
    } catch (const SQLite::Exception& e) {
        throw storeError(e, m_path, "open", m_db ? sqlite3_system_errno(m_db->getHandle()) : 0);
    }
    guarded(m_db.get(), m_path, "prepare the results store", [&] { prepare(); });
}

void ResultsStore::prepare() {
    const Scenario& sc = *m_plan.sc;
    std::string cols = "run, point, replication, seed, outcome, turns", marks = "?, ?, ?, ?, ?, ?";
    for (const auto& m : sc.metrics) {
        cols += ", " + quoteId(metricColumn(m.name));
        marks += ", ?";
    }
    for (const auto& p : sc.paramNames) {
        cols += ", " + quoteId(paramColumn(p));
        marks += ", ?";
    }
    m_insertRun = std::make_unique<SQLite::Statement>(*m_db, "INSERT INTO runs (" + cols + ") VALUES (" + marks + ")");
    m_insertChunk = std::make_unique<SQLite::Statement>(*m_db, "INSERT INTO chunks (chunk, runs) VALUES (?, ?)");
    if (m_trace) {
        std::string tc = "run, turn, day", tm = "?, ?, ?";
        for (const auto& m : sc.metrics) {
            tc += ", " + quoteId(metricColumn(m.name));
            tm += ", ?";
        }
        m_insertTrace = std::make_unique<SQLite::Statement>(*m_db, "INSERT INTO trace (" + tc + ") VALUES (" + tm + ")");
    }
}

void ResultsStore::create(const BatchIdentity& id) {
    const Scenario& sc = *m_plan.sc;
    SQLite::Transaction t(*m_db);
    m_db->exec("CREATE TABLE batch (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
    m_db->exec("CREATE TABLE chunks (chunk INTEGER PRIMARY KEY, runs INTEGER NOT NULL)");
    std::string runs = "CREATE TABLE runs (run INTEGER PRIMARY KEY, point INTEGER NOT NULL, replication INTEGER NOT NULL, "
                       "seed INTEGER NOT NULL, outcome TEXT NOT NULL, turns INTEGER NOT NULL";
    for (const auto& m : sc.metrics) runs += ", " + quoteId(metricColumn(m.name)) + " REAL";
    for (const auto& p : sc.paramNames) runs += ", " + quoteId(paramColumn(p)) + " REAL";
    m_db->exec(runs + ")");
    std::string points = "CREATE TABLE points (point INTEGER PRIMARY KEY";
    for (ParamId p : m_plan.design.params) points += ", " + quoteId(paramColumn(sc.paramNames[static_cast<std::size_t>(p)])) + " REAL";
    m_db->exec(points + ")");
    if (m_trace) {
        std::string trace = "CREATE TABLE trace (run INTEGER NOT NULL, turn INTEGER NOT NULL, day INTEGER NOT NULL";
        for (const auto& m : sc.metrics) trace += ", " + quoteId(metricColumn(m.name)) + " REAL";
        m_db->exec(trace + ", PRIMARY KEY (run, turn)) WITHOUT ROWID");
    }
    SQLite::Statement ins(*m_db, "INSERT INTO batch (key, value) VALUES (?, ?)");
    for (const auto& [k, v] : id) {
        ins.bind(1, k);
        ins.bind(2, v);
        ins.exec();
        ins.reset();
    }
    if (m_plan.design.present) {
        std::string cols = "point", marks = "?";
        for (ParamId p : m_plan.design.params) {
            cols += ", " + quoteId(paramColumn(sc.paramNames[static_cast<std::size_t>(p)]));
            marks += ", ?";
        }
        SQLite::Statement pi(*m_db, "INSERT INTO points (" + cols + ") VALUES (" + marks + ")");
        for (std::size_t i = 0; i < m_plan.design.points.size(); ++i) {
            pi.bind(1, static_cast<std::int64_t>(i));
            for (std::size_t j = 0; j < m_plan.design.params.size(); ++j) pi.bind(static_cast<int>(j + 2), m_plan.design.points[i][j]);
            pi.exec();
            pi.reset();
        }
    }
    t.commit();
}

std::vector<bool> ResultsStore::committedChunks() const {
    return guarded(m_db.get(), m_path, "read", [&] {
    std::vector<bool> done(m_plan.chunkCount(), false);
    SQLite::Statement q(*m_db, "SELECT chunk FROM chunks");
    while (q.executeStep()) {
        const auto c = static_cast<std::uint64_t>(q.getColumn(0).getInt64());
        if (c < done.size()) done[c] = true;
    }
    return done;
    });
}

std::string ResultsStore::finished() const {
    return guarded(m_db.get(), m_path, "read", [&] {
        SQLite::Statement q(*m_db, "SELECT value FROM batch WHERE key = 'finished'");
        return q.executeStep() ? q.getColumn(0).getString() : std::string();
    });
}

void ResultsStore::commit(const ChunkResult& r) {
    guarded(m_db.get(), m_path, "commit runs to", [&] {
        SQLite::Transaction t(*m_db);
        try {
            commitChunk(r);
            t.commit();
        } catch (const SQLite::Exception& e) {
            // the system's error, read before the rollback (in ~Transaction) replaces it
            throw storeError(e, m_path, "commit runs to", sqlite3_system_errno(m_db->getHandle()));
        }
    });
}

void ResultsStore::commitChunk(const ChunkResult& r) {
    const Scenario& sc = *m_plan.sc;
    const std::size_t nm = sc.metrics.size(), np = sc.params.size();
    for (std::uint32_t i = 0; i < r.count; ++i) {
        const std::uint64_t run = r.first + i;
        auto& s = *m_insertRun;
        s.bind(1, static_cast<std::int64_t>(run));
        s.bind(2, static_cast<std::int64_t>(m_plan.pointOf(run)));
        s.bind(3, static_cast<std::int64_t>(m_plan.replicationOf(run)));
        s.bind(4, static_cast<std::int64_t>(m_plan.runSeed(run)));
        s.bind(5, sc.outcomes[static_cast<std::size_t>(r.outcome[i])]);
        s.bind(6, r.turns[i]);
        int col = 7;
        for (std::size_t m = 0; m < nm; ++m) s.bind(col++, r.metrics[i * nm + m]);
        for (std::size_t p = 0; p < np; ++p) s.bind(col++, r.params[i * np + p]);
        s.exec();
        s.reset();
    }
    if (m_trace && m_insertTrace) {
        const std::size_t w = r.traceWidth(sc);
        for (std::size_t row = 0; row + w <= r.trace.size(); row += w) {
            auto& s = *m_insertTrace;
            s.bind(1, static_cast<std::int64_t>(r.trace[row]));
            s.bind(2, static_cast<std::int64_t>(r.trace[row + 1]));
            s.bind(3, static_cast<std::int64_t>(r.trace[row + 2]));
            for (std::size_t m = 0; m < nm; ++m) s.bind(static_cast<int>(4 + m), r.trace[row + 3 + m]);
            s.exec();
            s.reset();
        }
    }
    m_insertChunk->bind(1, static_cast<std::int64_t>(r.chunk));
    m_insertChunk->bind(2, static_cast<std::int64_t>(r.count));
    m_insertChunk->exec();
    m_insertChunk->reset();
}

void ResultsStore::markFinished(const std::string& how) {
    guarded(m_db.get(), m_path, "write to", [&] {
        SQLite::Statement s(*m_db, "INSERT OR REPLACE INTO batch (key, value) VALUES ('finished', ?)");
        s.bind(1, how);
        s.exec();
    });
}

std::uint64_t ResultsStore::runCount() const {
    return guarded(m_db.get(), m_path, "read", [&] { return static_cast<std::uint64_t>(m_db->execAndGet("SELECT COUNT(*) FROM runs").getInt64()); });
}

std::vector<std::int32_t> ResultsStore::outcomes() const {
    const Scenario& sc = *m_plan.sc;
    return guarded(m_db.get(), m_path, "read", [&] {
        std::vector<std::int32_t> out;
        SQLite::Statement q(*m_db, "SELECT outcome FROM runs ORDER BY run");
        while (q.executeStep()) out.push_back(sc.outcomes.find(q.getColumn(0).getString()));
        return out;
    });
}

std::vector<double> ResultsStore::column(const std::string& name) const {
    return guarded(m_db.get(), m_path, "read", [&] {
        std::vector<double> out;
        SQLite::Statement q(*m_db, "SELECT " + quoteId(name) + " FROM runs ORDER BY run");
        while (q.executeStep()) out.push_back(q.getColumn(0).getDouble());
        return out;
    });
}

std::vector<std::uint64_t> ResultsStore::outcomeCounts() const {
    const Scenario& sc = *m_plan.sc;
    return guarded(m_db.get(), m_path, "read", [&] {
        std::vector<std::uint64_t> out(sc.outcomes.size(), 0);
        SQLite::Statement q(*m_db, "SELECT outcome, COUNT(*) FROM runs GROUP BY outcome");
        while (q.executeStep()) {
            const std::int32_t o = sc.outcomes.find(q.getColumn(0).getString());
            if (o >= 0) out[static_cast<std::size_t>(o)] += static_cast<std::uint64_t>(q.getColumn(1).getInt64());
        }
        return out;
    });
}

std::string ResultsStore::outcomeIs(const std::string& outcome) {
    std::string lit = "'";
    for (char c : outcome) lit += c == '\'' ? std::string("''") : std::string(1, c);
    return "(CASE WHEN outcome = " + lit + "' THEN 1.0 ELSE 0.0 END)";
}

namespace {
/// A column's name quoted, or an expression as it is (outcomeIs).
std::string exprSql(const std::string& e) { return e.rfind("(CASE ", 0) == 0 ? e : quoteId(e); }
}  // namespace

void ResultsStore::eachRow(const std::vector<std::string>& exprs, const std::function<void(const double*)>& f) const {
    guarded(m_db.get(), m_path, "read", [&] {
        std::string cols;
        for (const auto& e : exprs) cols += (cols.empty() ? "" : ", ") + exprSql(e);
        SQLite::Statement q(*m_db, "SELECT " + cols + " FROM runs ORDER BY run");
        std::vector<double> row(exprs.size());
        while (q.executeStep()) {
            for (std::size_t i = 0; i < exprs.size(); ++i) row[i] = q.getColumn(static_cast<int>(i)).getDouble();
            f(row.data());
        }
    });
}

std::vector<double> ResultsStore::orderStatistics(const std::string& expr, const std::vector<std::uint64_t>& positions) const {
    return guarded(m_db.get(), m_path, "read", [&] {
        std::vector<double> out;
        out.reserve(positions.size());
        SQLite::Statement q(*m_db, "SELECT " + exprSql(expr) + " AS v FROM runs ORDER BY v");
        std::uint64_t at = 0;
        std::size_t next = 0;
        while (next < positions.size() && q.executeStep()) {
            while (next < positions.size() && positions[next] == at) {
                out.push_back(q.getColumn(0).getDouble());
                ++next;
            }
            ++at;
        }
        return out;
    });
}

namespace {
/// A value's average rank over all runs, as ranks() gives it: (first place + last place) / 2
/// + 1, places from 0, where the first is the number of smaller values (RANK() - 1) and the
/// last the number of values at most as large, less one (COUNT(*) over the window up to the
/// row and its ties). Exact in doubles for any count of runs. One sort for both.
std::string averageRank(const std::string& w) { return "((RANK() OVER " + w + " - 1) + (COUNT(*) OVER " + w + " - 1)) / 2.0 + 1"; }
}  // namespace

void ResultsStore::rankInputs(const std::vector<std::string>& inputs) const {
    guarded(m_db.get(), m_path, "rank", [&] {
        // sorted by each input to rank it, then by run, then written in run order (appending)
        m_db->exec("DROP TABLE IF EXISTS temp.brink_ranks");
        std::string cols = "run INTEGER PRIMARY KEY", ranks, windows, names;
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            const std::string k = std::to_string(i);
            cols += ", r" + k + " REAL";
            names += ", r" + k;
            ranks += ", " + averageRank("w" + k) + " AS r" + k;
            windows += (i ? ", w" : " WINDOW w") + k + " AS (ORDER BY " + exprSql(inputs[i]) + ")";
        }
        m_db->exec("CREATE TEMP TABLE brink_ranks (" + cols + ")");
        m_db->exec("INSERT INTO temp.brink_ranks SELECT run" + names + " FROM (SELECT run" + ranks + " FROM runs" + windows + ") ORDER BY run");
        m_rankedInputs = inputs.size();
    });
}

void ResultsStore::rankOutput(const std::string& output) const {
    guarded(m_db.get(), m_path, "rank", [&] {
        m_db->exec("DROP TABLE IF EXISTS temp.brink_rank_y");
        m_db->exec("CREATE TEMP TABLE brink_rank_y (run INTEGER PRIMARY KEY, y REAL)");
        m_db->exec("INSERT INTO temp.brink_rank_y SELECT run, y FROM (SELECT run, " + averageRank("w") + " AS y FROM runs WINDOW w AS (ORDER BY " +
                   exprSql(output) + ")) ORDER BY run");
    });
}

void ResultsStore::eachRanked(bool inputs, bool output, const std::function<void(const double*)>& f) const {
    guarded(m_db.get(), m_path, "read", [&] {
        std::string cols;
        if (inputs) {
            for (std::size_t i = 0; i < m_rankedInputs; ++i) cols += (cols.empty() ? "r" : ", r") + std::to_string(i);
        }
        if (output) cols += cols.empty() ? "y" : ", y";
        if (cols.empty()) return;
        const std::string from = !output ? "temp.brink_ranks" : !inputs ? "temp.brink_rank_y" : "temp.brink_ranks JOIN temp.brink_rank_y USING (run)";
        SQLite::Statement q(*m_db, "SELECT " + cols + " FROM " + from + " ORDER BY run");
        const int w = q.getColumnCount();
        std::vector<double> row(static_cast<std::size_t>(w));
        while (q.executeStep()) {
            for (int i = 0; i < w; ++i) row[static_cast<std::size_t>(i)] = q.getColumn(i).getDouble();
            f(row.data());
        }
    });
}

std::vector<std::uint64_t> ResultsStore::seeds() const {
    return guarded(m_db.get(), m_path, "read", [&] {
        std::vector<std::uint64_t> out;
        SQLite::Statement q(*m_db, "SELECT seed FROM runs ORDER BY run");
        while (q.executeStep()) out.push_back(static_cast<std::uint64_t>(q.getColumn(0).getInt64()));
        return out;
    });
}

void ResultsStore::writeRunsCsv(const std::string& path) const {
    const Scenario& sc = *m_plan.sc;
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "wb"), &std::fclose);
    if (!f) throw StoreError("cannot write " + path + ": " + std::strerror(errno));
    auto failed = [&] {
        const std::string why = std::strerror(errno);
        f.reset();
        std::error_code ec;
        fs::remove(path, ec);
        return StoreError("cannot write " + path + ": " + why + "; hint: free some space or fix the folder, then run the same command with --resume");
    };
    // Every header name once (docs/batch.md): a metric keeps its name unless it is one of
    // the four first columns' (then m_name, as in results.sqlite); a parameter keeps its
    // name unless a column before it has it (then p_name, again if need be).
    std::string line = "run,seed,outcome,turns";
    std::string cols = "run, seed, outcome, turns";
    std::vector<std::string> taken = {"run", "seed", "outcome", "turns"};
    auto isTaken = [&](const std::string& h) { return std::find(taken.begin(), taken.end(), h) != taken.end(); };
    for (const auto& m : sc.metrics) {
        std::string h = isTaken(m.name) ? metricColumn(m.name) : m.name;
        while (isTaken(h)) h = "m_" + h;
        taken.push_back(h);
        line += "," + h;
        cols += ", " + quoteId(metricColumn(m.name));
    }
    for (const auto& p : sc.paramNames) {
        std::string h = p;
        while (isTaken(h)) h = "p_" + h;
        taken.push_back(h);
        line += "," + h;
        cols += ", " + quoteId(paramColumn(p));
    }
    line += '\n';
    if (std::fwrite(line.data(), 1, line.size(), f.get()) != line.size()) throw failed();
    guarded(m_db.get(), m_path, "read", [&] {
        SQLite::Statement q(*m_db, "SELECT " + cols + " FROM runs ORDER BY run");
        const int n = q.getColumnCount();
        while (q.executeStep()) {
            line = std::to_string(q.getColumn(0).getInt64()) + "," + std::to_string(q.getColumn(1).getInt64()) + "," +
                   q.getColumn(2).getString() + "," + std::to_string(q.getColumn(3).getInt64());
            for (int c = 4; c < n; ++c) line += "," + formatNumber(q.getColumn(c).getDouble());
            line += '\n';
            if (std::fwrite(line.data(), 1, line.size(), f.get()) != line.size()) throw failed();
        }
    });
    if (std::fflush(f.get()) != 0) throw failed();
    if (std::fclose(f.release()) != 0) throw failed();
}

void ResultsStore::finalize() {
    const std::string tmp = (fs::path(m_dir) / ".results.sqlite.tmp").string();
    std::error_code ec;
    fs::remove(tmp, ec);
    m_insertRun.reset();
    m_insertTrace.reset();
    m_insertChunk.reset();
    try {
        // VACUUM INTO writes the source's schema cookie plus one: fixing the source's makes
        // the compact file's bytes the same whether this is the first compaction or a
        // --resume redoing it on a file compacted before
        m_db->exec("PRAGMA schema_version = 1000");
        SQLite::Statement v(*m_db, "VACUUM INTO ?");
        v.bind(1, tmp);
        v.exec();
    } catch (const SQLite::Exception& e) {
        fs::remove(tmp, ec);  // the working store is untouched: a --resume redoes this step
        throw storeError(e, tmp, "write the compacted results store", sqlite3_system_errno(m_db->getHandle()));
    }
    m_db.reset();
    // the compact copy replaces the working file; closing the store removed its write-ahead log
    fs::rename(tmp, m_path, ec);
    if (ec) throw StoreError("cannot move the results store into place: " + ec.message());
    fs::remove(m_path + "-wal", ec);
    fs::remove(m_path + "-shm", ec);
}

}  // namespace brink
