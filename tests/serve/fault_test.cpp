// A killed server loses nothing: two teams play six turns of summit-2024 through a real
// `brink serve`, which is killed (SIGKILL) at points drawn from a seeded generator, some of
// them while it is still working on a request; each time it is restarted from its save and
// the teams reconnect with the same addresses. The game file at the end must be the very
// file of the same game played without a fault: no order lost, none doubled.
//
// The teams act as people at a page do: from what the server shows them. Each turn, a team
// that has no pending order gives one (chosen from its possible orders by the turn and the
// seat), then says it is ready; after a restart it looks again and does what is missing.
// Like the page, a team says which turn it looked at, so a request that crosses the end of
// a turn is refused rather than landing in the next one.
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <algorithm>
#include <random>
#include <thread>

#include "net.hpp"
#include "support.hpp"

using namespace brink::test;
using namespace brink::test::net;
namespace json = boost::json;

namespace {

constexpr std::int64_t kTurns = 6;

struct Team {
    std::string name;                 // as brink serve prints it
    std::unique_ptr<WsClient> ws;
    std::optional<json::object> state;  // the latest
    std::optional<json::object> before;  // the one a refused request leaves standing
    std::int64_t askedFor = -1;       // the turn whose state we acted on
};

/// The order a team gives at a turn: the first allowed option from a place that depends
/// only on the turn and the seat.
std::optional<json::object> choose(const json::object& state, std::size_t seat) {
    const json::array& options = state.at("you").at("options").as_array();
    if (options.empty()) return std::nullopt;
    const auto turn = static_cast<std::size_t>(state.at("game").at("turn").as_int64());
    for (std::size_t k = 0; k < options.size(); ++k) {
        const json::object& o = options[(turn * 7 + seat * 3 + k) % options.size()].as_object();
        if (o.at("allowed").as_bool() && !o.at("target").is_null()) return json::object{{"type", "order"}, {"action", o.at("action")}, {"target", o.at("target")}};
    }
    return std::nullopt;
}

std::vector<Team> twoTeams() {
    std::vector<Team> t(2);
    t[0].name = "Russia";
    t[1].name = "North Korea";
    return t;
}

std::int64_t turnOf(const json::object& state) { return state.at("game").at("turn").as_int64(); }

/// Plays until the game reaches kTurns. `afterSend` is called after every request sent
/// (the fault test kills the server there); it returns true when the server was restarted,
/// and the teams reconnect.
void play(std::vector<Team>& teams, unsigned short& port, const std::function<unsigned short(bool&)>& afterSend,
          const std::map<std::string, std::string>& tokens) {
    const auto connect = [&] {
        for (auto& t : teams) {
            t.ws = join(port, tokens.at(t.name));
            t.state.reset();
            t.before.reset();
            t.askedFor = -1;
        }
    };
    connect();
    for (int rounds = 0; rounds < 20000; ++rounds) {
        bool restarted = false;
        for (std::size_t i = 0; i < teams.size() && !restarted; ++i) {
            Team& t = teams[i];
            while (const auto m = t.ws->receive(std::chrono::milliseconds(t.state ? 20 : 3000))) {
                json::object o = json::parse(*m).as_object();
                if (o.at("type") == "error" && !t.state) t.state = t.before;
                if (o.at("type") == "state") t.state = std::move(o);
            }
            if (!t.state) continue;
            if (turnOf(*t.state) >= kTurns) continue;
            const json::object& you = t.state->at("you").as_object();
            if (you.at("ready").as_bool()) continue;
            // one request per look: the next look sees its effect
            json::object req;
            if (you.at("pending").as_array().empty() && t.askedFor != turnOf(*t.state)) {
                t.askedFor = turnOf(*t.state);
                if (auto o = choose(*t.state, i)) req = *o;
                else req = {{"type", "ready"}, {"ready", true}};
            } else {
                req = {{"type", "ready"}, {"ready", true}};
            }
            req["turn"] = turnOf(*t.state);  // as the page does: a request for this turn only
            t.ws->send(req);
            t.before = std::move(t.state);
            t.state.reset();  // wait for the state this request brings
            if (afterSend) {
                port = afterSend(restarted);
                if (restarted) connect();
            }
        }
        if (std::all_of(teams.begin(), teams.end(), [](const Team& t) { return t.state && turnOf(*t.state) >= kTurns; })) return;
    }
    FAIL("the game did not reach turn " << kTurns);
}

}  // namespace

TEST_CASE("fault: a server killed at random points resumes the game exactly", "[fault]") {
    const std::string args = "scenarios/summit-2024.yaml --seats russia,north_korea --seed 9 --turns 20 --save ";
    // the game without a fault
    const std::string calm = tempDir("fault-calm") + "/game.yaml";
    {
        ServeProcess p(args + calm);
        std::vector<Team> teams = twoTeams();
        unsigned short port = p.port();
        play(teams, port, {}, p.tokens());
        CHECK(p.stop() == 0);
    }
    const std::string expected = readFile(calm);
    REQUIRE(expected.find("\nturn: 6\n") != std::string::npos);

    // the same game, killed again and again
    for (const std::uint64_t seed : {1u, 2u, 3u}) {
        INFO("kill points from seed " << seed);
        const std::string save = tempDir("fault-killed") + "/game.yaml";
        auto p = std::make_unique<ServeProcess>(args + save);
        const auto tokens = p->tokens();
        std::mt19937_64 rng(seed);
        int kills = 0, sinceStart = 0;
        int nextKill = std::uniform_int_distribution<int>(1, 6)(rng);
        std::vector<Team> teams = twoTeams();
        unsigned short port = p->port();
        play(teams, port,
             [&](bool& restarted) -> unsigned short {
                 if (++sinceStart < nextKill) return p->port();
                 // now, or once the server has had a moment with the request
                 if (rng() % 2) std::this_thread::sleep_for(std::chrono::milliseconds(rng() % 40));
                 p->kill();
                 ++kills;
                 p = std::make_unique<ServeProcess>(save);
                 CHECK(p->tokens() == tokens);  // the same join addresses
                 sinceStart = 0;
                 nextKill = std::uniform_int_distribution<int>(1, 6)(rng);
                 restarted = true;
                 return p->port();
             },
             tokens);
        CHECK(kills >= 3);
        CHECK(p->stop() == 0);
        CHECK(readFile(save) == expected);
        WARN("seed " << seed << ": " << kills << " kills, the same game file");
    }
}
