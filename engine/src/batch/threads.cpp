#include "brink/batch/threads.hpp"

#include <chrono>
#include <condition_variable>
#include <exception>
#include <map>
#include <mutex>
#include <thread>

namespace brink {

void runOnThreads(const BatchPlan& plan, bool trace, unsigned threads, const std::vector<std::uint64_t>& todo,
                  const ChunkSink& sink, const std::atomic<bool>& interrupt) {
    std::mutex mu;
    std::condition_variable cv;
    std::map<std::size_t, ChunkResult> ready;  // by position in todo
    std::size_t handedOut = 0, delivered = 0;
    std::size_t failedAt = todo.size();  // position of the first chunk that threw
    std::exception_ptr error;
    bool halt = false;
    // at most this many chunks finished but not yet delivered: memory stays flat
    const std::size_t window = 4 * static_cast<std::size_t>(threads) + 4;

    auto work = [&] {
        BatchWorker worker(plan, trace);
        for (;;) {
            std::size_t pos;
            {
                std::unique_lock lock(mu);
                cv.wait(lock, [&] { return halt || interrupt || handedOut >= todo.size() || handedOut - delivered < window; });
                if (halt || interrupt || handedOut >= todo.size()) return;
                pos = handedOut++;
            }
            try {
                ChunkResult r = worker.run(todo[pos]);
                std::lock_guard lock(mu);
                ready.emplace(pos, std::move(r));
            } catch (...) {
                std::lock_guard lock(mu);
                if (pos < failedAt) {
                    failedAt = pos;
                    error = std::current_exception();
                }
                halt = true;
            }
            cv.notify_all();
        }
    };
    std::vector<std::thread> pool;
    for (unsigned i = 0; i < threads; ++i) pool.emplace_back(work);

    bool stopped = false;
    for (;;) {
        ChunkResult next;
        {
            std::unique_lock lock(mu);
            // wakes at least every 100 ms: a Ctrl-C sets `interrupt` without notifying
            while (!(ready.count(delivered) || delivered >= todo.size() || delivered >= failedAt ||
                     ((halt || interrupt) && delivered >= handedOut))) {
                cv.wait_for(lock, std::chrono::milliseconds(100));
            }
            if (!ready.count(delivered)) break;  // done, failed here, or interrupted with nothing pending
            next = std::move(ready[delivered]);
            ready.erase(delivered);
        }
        bool more = false;
        std::exception_ptr sinkError;
        try {
            more = sink(next);  // outside the lock: the store's commit takes time
        } catch (...) {
            sinkError = std::current_exception();  // the store failed: stop, join, pass it on
        }
        {
            std::lock_guard lock(mu);
            ++delivered;
            if (!more) {
                halt = true;
                stopped = true;
            }
        }
        cv.notify_all();
        if (sinkError) {
            for (auto& t : pool) t.join();
            std::rethrow_exception(sinkError);
        }
        if (stopped) break;
    }
    {
        std::lock_guard lock(mu);
        halt = true;
    }
    cv.notify_all();
    for (auto& t : pool) t.join();
    if (!stopped && error && delivered >= failedAt) std::rethrow_exception(error);
}

}  // namespace brink
