#include "brink/batch/mpi.hpp"

#include <boost/mpi/communicator.hpp>
#include <boost/mpi/environment.hpp>
#include <boost/serialization/string.hpp>

#include <cstdlib>
#include <cstring>
#include <exception>
#include <map>
#include <stdexcept>

namespace mpi = boost::mpi;

namespace brink {

namespace {
enum Tag : int { kWork = 1, kStop = 2, kResult = 3, kFailure = 4 };

bool launchedByMpirun() {
    for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "MPI_LOCALNRANKS"}) {
        if (std::getenv(v)) return true;
    }
    return false;
}

template <class T>
void put(std::string& out, const T& v) {
    out.append(reinterpret_cast<const char*>(&v), sizeof v);
}
template <class T>
void putVec(std::string& out, const std::vector<T>& v) {
    put(out, static_cast<std::uint64_t>(v.size()));
    if (!v.empty()) out.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
}
template <class T>
T get(const std::string& in, std::size_t& at) {
    if (at + sizeof(T) > in.size()) throw std::runtime_error("a malformed chunk message");
    T v;
    std::memcpy(&v, in.data() + at, sizeof v);
    at += sizeof v;
    return v;
}
template <class T>
std::vector<T> getVec(const std::string& in, std::size_t& at) {
    const auto n = get<std::uint64_t>(in, at);
    if (n > (in.size() - at) / sizeof(T)) throw std::runtime_error("a malformed chunk message");
    std::vector<T> v(n);
    if (n) std::memcpy(v.data(), in.data() + at, n * sizeof(T));
    at += n * sizeof(T);
    return v;
}
}  // namespace

std::string packChunk(const ChunkResult& r) {
    std::string s;
    put(s, r.chunk);
    put(s, r.first);
    put(s, r.count);
    putVec(s, r.outcome);
    putVec(s, r.turns);
    putVec(s, r.metrics);
    putVec(s, r.params);
    putVec(s, r.trace);
    return s;
}

ChunkResult unpackChunk(const std::string& bytes) {
    ChunkResult r;
    std::size_t at = 0;
    r.chunk = get<std::uint64_t>(bytes, at);
    r.first = get<std::uint64_t>(bytes, at);
    r.count = get<std::uint32_t>(bytes, at);
    r.outcome = getVec<std::int32_t>(bytes, at);
    r.turns = getVec<std::int64_t>(bytes, at);
    r.metrics = getVec<double>(bytes, at);
    r.params = getVec<double>(bytes, at);
    r.trace = getVec<double>(bytes, at);
    return r;
}

struct MpiSession::Impl {
    mpi::environment env;
    mpi::communicator world;
};

MpiSession::MpiSession() {
    if (!launchedByMpirun()) return;
    m_impl = std::make_unique<Impl>();
    m_rank = m_impl->world.rank();
    m_size = m_impl->world.size();
}

MpiSession::~MpiSession() {
    if (!m_impl || m_rank != 0 || m_released) return;
    try {
        for (int r = 1; r < m_size; ++r) m_impl->world.send(r, kStop);
    } catch (...) {
        // MPI itself failed: mpirun tears the job down
    }
}

void MpiSession::coordinate(const BatchPlan& plan, const std::vector<std::uint64_t>& todo, const ChunkSink& sink,
                            const std::atomic<bool>& interrupt) {
    (void)plan;
    mpi::communicator& w = m_impl->world;
    const int workers = m_size - 1;
    std::size_t handedOut = 0, delivered = 0;
    std::map<std::size_t, ChunkResult> ready;  // by position in todo
    std::map<std::uint64_t, std::size_t> positionOf;
    for (std::size_t i = 0; i < todo.size(); ++i) positionOf[todo[i]] = i;
    int busy = 0;
    bool stop = false;
    std::string failure;
    std::size_t failedAt = todo.size();
    std::exception_ptr sinkError;  // the store failed: stop handing out, drain, rethrow
    auto handOut = [&](int rank) {
        if (!stop && !interrupt && handedOut < todo.size()) {
            w.send(rank, kWork, todo[handedOut++]);
            ++busy;
        } else {
            w.send(rank, kStop);
        }
    };
    for (int r = 1; r <= workers; ++r) handOut(r);
    while (busy > 0) {
        std::string msg;
        const mpi::status st = w.recv(mpi::any_source, mpi::any_tag, msg);
        --busy;
        if (st.tag() == kFailure) {
            // "chunk\nmessage": keep the earliest failure; chunks before it are still delivered
            const std::uint64_t chunk = std::stoull(msg.substr(0, msg.find('\n')));
            if (positionOf[chunk] < failedAt) {
                failedAt = positionOf[chunk];
                failure = msg.substr(msg.find('\n') + 1);
            }
            stop = true;
        } else {
            ChunkResult r = unpackChunk(msg);
            ready.emplace(positionOf[r.chunk], std::move(r));
        }
        while (!stop && ready.count(delivered) && delivered < failedAt) {
            try {
                if (!sink(ready[delivered])) stop = true;
            } catch (...) {
                sinkError = std::current_exception();
                stop = true;
            }
            ready.erase(delivered++);
        }
        handOut(st.source());
    }
    m_released = true;  // each worker got kStop as it came back
    if (sinkError) std::rethrow_exception(sinkError);
    if (!failure.empty() && delivered >= failedAt) throw RunError({}, failure, "the run failed on a worker rank");
}

int MpiSession::serve(const BatchPlan& plan, bool trace) {
    mpi::communicator& w = m_impl->world;
    BatchWorker worker(plan, trace);
    for (;;) {
        std::uint64_t chunk = 0;
        const mpi::status st = w.recv(0, mpi::any_tag, chunk);
        if (st.tag() == kStop) return 0;
        try {
            w.send(0, kResult, packChunk(worker.run(chunk)));
        } catch (const std::exception& e) {
            w.send(0, kFailure, std::to_string(chunk) + "\n" + e.what());
        }
    }
}

}  // namespace brink
