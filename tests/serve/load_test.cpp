// A class at once: every actor of summit-2024 is a seat (10 seats), each with four laptops
// joined (40 clients), all giving and taking back orders at once over loopback, then every
// seat ready. Every request must get its answer and the turn must be played; the latency of
// the answers is printed (a figure, not asserted: docs/serve.md quotes it).
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <iostream>
#include <mutex>
#include <thread>

#include "net.hpp"
#include "support.hpp"

using namespace brink::test;
using namespace brink::test::net;
namespace json = boost::json;

TEST_CASE("load: 40 clients on 10 seats, every request answered", "[load]") {
    const std::vector<std::string> seats{"Russia", "North Korea", "United States", "China", "Iran", "Cuba", "Venezuela", "Ukraine", "South Korea", "Japan"};
    const std::string save = tempDir("load") + "/game.yaml";
    ServeProcess p("scenarios/summit-2024.yaml --seats russia,north_korea,united_states,china,iran,cuba,venezuela,ukraine,south_korea,japan --save " + save);
    constexpr int kPerSeat = 4, kRequests = 30;
    std::mutex mu;
    std::vector<double> latencies;
    std::atomic<int> unanswered{0}, refused{0};
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> clients;
    for (std::size_t s = 0; s < seats.size(); ++s) {
        for (int k = 0; k < kPerSeat; ++k) {
            clients.emplace_back([&, s, k] {
                std::unique_ptr<WsClient> c;
                try {
                    c = join(p.port(), p.token(seats[s]));
                } catch (const std::exception&) {
                    unanswered += kRequests;
                    return;
                }
                const auto st = c->until("state");
                if (!st) {
                    unanswered += kRequests;
                    return;
                }
                // this laptop's order: one of the seat's options, different for each laptop
                const json::array& opts = st->at("you").at("options").as_array();
                const json::object& o = opts[static_cast<std::size_t>(k) % opts.size()].as_object();
                for (int i = 0; i < kRequests; ++i) {
                    json::object req{{"type", i % 2 == 0 ? "order" : "withdraw"}, {"action", o.at("action")}, {"target", o.at("target")}};
                    const auto t0 = std::chrono::steady_clock::now();
                    const json::object r = c->ask(req, std::chrono::milliseconds(30000));
                    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
                    if (r.empty()) {
                        ++unanswered;
                        continue;
                    }
                    if (r.at("type") == "error") ++refused;  // e.g. a teammate gave it first: still an answer
                    {
                        std::lock_guard<std::mutex> lock(mu);
                        latencies.push_back(ms);
                    }
                    std::this_thread::sleep_for(std::chrono::milliseconds(80));  // a person clicks; under the 20 a second allowed
                }
            });
        }
    }
    for (auto& t : clients) t.join();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CHECK(unanswered == 0);
    CHECK(latencies.size() == seats.size() * kPerSeat * kRequests);

    // every seat ready: the turn is played for all
    std::vector<std::unique_ptr<WsClient>> teams;
    for (const auto& s : seats) teams.push_back(join(p.port(), p.token(s)));
    for (auto& t : teams) CHECK(t->ask({{"type", "ready"}, {"ready", true}}).at("type") == "ok");
    CHECK(teams.front()->until("told"));
    CHECK(readFile(save).find("\nturn: 1\n") != std::string::npos);
    CHECK(p.stop() == 0);

    std::sort(latencies.begin(), latencies.end());
    const auto pct = [&](double q) { return latencies.empty() ? 0.0 : latencies[std::min(latencies.size() - 1, static_cast<std::size_t>(q * static_cast<double>(latencies.size())))]; };
    std::cout << "serve load: " << seats.size() * kPerSeat << " clients on " << seats.size() << " seats, " << latencies.size() << " requests answered ("
              << refused << " refused) in " << seconds << " s; latency ms p50 " << pct(0.5) << ", p95 " << pct(0.95) << ", p99 " << pct(0.99) << ", max "
              << (latencies.empty() ? 0.0 : latencies.back()) << std::endl;
}
