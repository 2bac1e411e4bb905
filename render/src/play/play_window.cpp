// The play window: a view of a Session. It draws the map brink render draws (as the seat
// whose turn it is may see it), and the panels of a game; everything a person does becomes
// a Command to the session. Hot-seat play puts a curtain between seats, so that no seat
// ever sees another's pending orders.
#include "brink/render/play_window.hpp"

#include <imgui.h>

#include <SFML/Graphics.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>

#include "brink/base/dates.hpp"
#include "brink/base/numfmt.hpp"
#include "brink/output/narrative.hpp"
#include "brink/expr/explain.hpp"
#include "brink/output/outputs.hpp"
#include "brink/render/assets.hpp"
#include "brink/render/map_renderer.hpp"
#include "brink/render/map_style.hpp"
#include "brink/render/seen_map.hpp"
#include "brink/session/view.hpp"
#include "imgui_sfml.hpp"
#include "play_script.hpp"

namespace brink::render {

namespace {

using detail::ImGuiSfml;
using detail::ScriptStep;


/// What a person sees at one moment.
enum class Screen { Curtain, Orders, Happened };

class PlayApp {
public:
    PlayApp(Session& s, const PlayWindowOptions& o) : m_s(s), m_opt(o), m_facilitator(o.facilitator) {
        if (m_opt.savePath.empty()) m_opt.savePath = "game.yaml";
        m_viewTurn = m_s.turn();
        startTurn();
    }
    ~PlayApp() { stopWhatNext(); }

    int run();

private:
    // ---- the game's flow ------------------------------------------------------------------
    [[nodiscard]] bool hotSeat() const { return m_s.seats().size() >= 2; }
    [[nodiscard]] ActorId seat() const {
        return m_s.seats().empty() ? kNone : m_s.seats()[std::min(m_seatIdx, m_s.seats().size() - 1)];
    }
    [[nodiscard]] bool live() const { return m_viewTurn == m_s.turn(); }
    /// Who the map and the lists are for: a seat sees its side, the room the public picture.
    [[nodiscard]] ActorId viewer() const {
        if (m_reveal && m_facilitator) return kNone;
        if (m_s.seats().empty()) return kNone;
        if (m_screen == Screen::Orders) return seat();
        return m_s.seats().size() == 1 ? m_s.seats()[0] : Session::kPublic;
    }
    void startTurn() {
        m_seatIdx = 0;
        m_screen = hotSeat() ? Screen::Curtain : Screen::Orders;
        m_selected = 0;
        if (hotSeat()) m_status.clear();  // nothing of the last team's carries behind the curtain
        changed();
    }
    void changed() {
        m_optionsDirty = true;
        m_mapDirty = true;
    }
    void status(std::string s) { m_status = std::move(s); }
    void apply(const Command& c, const std::string& done = {}) {
        if (const Result r = m_s.apply(c); !r) status(r.error);
        else if (!done.empty()) status(done);
        changed();
    }
    void endOrders();
    void continueAfterHappened() {
        m_viewTurn = m_s.turn();
        if (m_s.finished()) {
            m_screen = Screen::Happened;
            return;
        }
        startTurn();
    }
    void save();
    void load();
    /// Saves without a word on success (autosave on): after every turn and on closing.
    /// Returns the reason when it could not save (empty: saved, or nothing to do).
    std::string autosave() {
        if (!m_opt.autosave) return {};
        try {
            writeFileAtomically(m_opt.savePath, m_s.gameFileText());
            return {};
        } catch (const std::runtime_error& e) {
            status(std::string("Not saved: ") + e.what());
            return e.what();
        }
    }
    /// Gives the keyboard to the facilitator's panel (ImGui's navigation) or takes it back.
    void panelKeys(bool on) {
        m_panelKeys = on;
        m_focusPanel = on;
        ImGuiIO& io = ImGui::GetIO();
        if (on) io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
        else io.ConfigFlags &= ~ImGuiConfigFlags_NavEnableKeyboard;
        if (on) status("The keys work the facilitator's panel: arrows move, Space presses, Tab or Esc gives them back.");
    }
    void undo();

    // ---- input -----------------------------------------------------------------------------
    void handle(const sf::Event& e);
    void key(const sf::Event::KeyEvent& k);

    // ---- drawing ---------------------------------------------------------------------------
    void frame();
    void drawMap();
    void panelLeft();
    void situation(ActorId a);
    void orders(ActorId a);
    void happened(std::int64_t turn, ActorId who, bool asList);
    void curtain();
    void timeline();
    void facilitatorPanel();
    void whatNextWindow();
    void highlights();
    void title();
    [[nodiscard]] std::string actorName(ActorId a) const {
        return a < 0 ? std::string("the room") : m_s.scenario().actors[static_cast<std::size_t>(a)].name;
    }
    [[nodiscard]] std::string optionText(const OrderOption& o) const;
    [[nodiscard]] float facilitatorWidth() const { return std::max(380.f, ImGui::GetIO().DisplaySize.x * 0.25f); }

    // ---- what next? ------------------------------------------------------------------------
    void startWhatNext();
    void stopWhatNext() {
        m_cancel = true;
        if (m_worker.joinable()) m_worker.join();
    }

    Session& m_s;
    PlayWindowOptions m_opt;
    std::unique_ptr<MapRenderer> m_renderer;
    sf::RenderWindow m_window;
    ImGuiSfml m_gui;
    Screen m_screen = Screen::Orders;
    std::size_t m_seatIdx = 0;
    std::int64_t m_viewTurn = 0;
    bool m_facilitator = false, m_confirmFacilitator = false, m_reveal = false, m_help = false;
    bool m_panelKeys = false, m_focusPanel = false;  // the facilitator's panel has the keyboard
    int m_selected = 0;
    std::vector<OrderOption> m_options;
    bool m_optionsDirty = true;
    std::string m_status;
    // the map, drawn when what it shows changes
    sf::RenderTexture m_mapTex;
    MapScene m_scene;
    bool m_mapDirty = true;
    float m_panelW = 0;
    // what next?
    std::thread m_worker;
    std::atomic<bool> m_cancel{false}, m_running{false};
    std::atomic<std::uint64_t> m_progress{0};
    std::mutex m_nextMu;
    std::optional<Continuations> m_next;
    bool m_showNext = false;
    std::uint64_t m_nextRuns = 1000;
    // the facilitator's inputs
    char m_effects[2048] = "- tension: {between: [a, b], delta: 0.1}";
    char m_headline[256] = "";
    int m_event = 0, m_param = 0, m_aiSeat = 0;
    float m_value = 0;
    // scripted input
    std::vector<ScriptStep> m_script;
    std::size_t m_step = 0, m_stepFrame = 0;
    int m_wait = 0;
    std::string m_title;
    int m_exit = 0;
};

// ---- the game's flow ------------------------------------------------------------------------

void PlayApp::endOrders() {
    if (!live()) return;
    if (m_s.finished()) return;
    if (hotSeat() && m_seatIdx + 1 < m_s.seats().size()) {
        ++m_seatIdx;
        m_screen = Screen::Curtain;
        m_selected = 0;
        m_status.clear();  // "Given: ..." was this team's: the next must not read it
        changed();
        return;
    }
    const std::int64_t t = m_s.turn() + 1;
    if (const Result r = m_s.apply(EndTurnCmd{}); !r) {
        status(r.error);
        return;
    }
    m_viewTurn = m_s.turn();
    m_screen = Screen::Happened;
    status("Turn " + std::to_string(t) + " resolved.");
    (void)autosave();  // a failure is on the status line
    changed();
}

void PlayApp::save() {
    try {
        writeFileAtomically(m_opt.savePath, m_s.gameFileText());
        status("Saved the game to " + m_opt.savePath + ".");
        std::cout << "Saved the game to " << m_opt.savePath << '\n';
    } catch (const std::runtime_error& e) {
        status(std::string("Not saved: ") + e.what());
    }
}

void PlayApp::load() {
    std::ifstream in(m_opt.savePath, std::ios::binary);
    if (!in) {
        status("No game to load at " + m_opt.savePath + ".");
        return;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    Diagnostics d(m_opt.savePath);
    stopWhatNext();
    if (!m_s.load(ss.str(), m_opt.savePath, d)) {
        status("Not loaded: " + (d.items().empty() ? std::string("the file is not a game") : format(d.items().front())));
        return;
    }
    m_viewTurn = m_s.turn();
    startTurn();
    status("Loaded " + m_opt.savePath + " (turn " + std::to_string(m_s.turn()) + ").");
}

void PlayApp::undo() {
    if (!m_facilitator) {
        status("Undo is the facilitator's (F12).");
        return;
    }
    if (const Result r = m_s.apply(UndoCmd{1, true}); !r) {
        status(r.error);
        return;
    }
    m_viewTurn = m_s.turn();
    startTurn();
    status("Went back to turn " + std::to_string(m_s.turn()) + "; that turn's orders are pending again.");
    // no autosave here: until the next turn or closing, Ctrl+O still brings the undone turn back
}

// ---- input -----------------------------------------------------------------------------------

void PlayApp::handle(const sf::Event& e) {
    m_gui.event(e);
    switch (e.type) {
        case sf::Event::Closed: m_window.close(); break;
        case sf::Event::Resized:
            m_window.setView(sf::View(sf::FloatRect(0, 0, float(e.size.width), float(e.size.height))));
            m_mapDirty = true;
            break;
        case sf::Event::KeyPressed:
            // with the facilitator's panel in keyboard focus (Tab), ImGui's own navigation
            // has the keys: arrows move, Space or Enter press, typing fills a field
            if (m_panelKeys && e.key.code != sf::Keyboard::Tab && e.key.code != sf::Keyboard::Escape) break;
            if (!m_gui.wantsText() || e.key.code == sf::Keyboard::Escape) key(e.key);
            break;
        default: break;
    }
}

void PlayApp::key(const sf::Event::KeyEvent& k) {
    using K = sf::Keyboard;
    if (m_confirmFacilitator) {
        if (k.code == K::Y || k.code == K::Enter) m_facilitator = true, status("The facilitator's controls are open.");
        m_confirmFacilitator = false;
        return;
    }
    if (k.control) {
        switch (k.code) {
            case K::Enter:
                if (m_screen == Screen::Orders) endOrders();
                else if (m_screen == Screen::Happened) continueAfterHappened();
                return;
            case K::S: save(); return;
            case K::O: load(); return;
            case K::Z: undo(); return;
            case K::Q: m_window.close(); return;
            default: return;
        }
    }
    switch (k.code) {
        case K::F12:
            if (m_facilitator) m_facilitator = false, m_reveal = false, panelKeys(false), status("The facilitator's controls are closed.");
            else m_confirmFacilitator = true;
            changed();
            return;
        case K::F1: m_help = !m_help; return;
        case K::Tab:
            if (m_facilitator || m_panelKeys) panelKeys(!m_panelKeys);
            return;
        case K::Escape:
            if (m_panelKeys) panelKeys(false);
            else if (m_showNext) m_showNext = false, m_cancel = true;
            m_help = false;
            return;
        case K::W:
            if (m_running) m_cancel = true;
            else startWhatNext();
            return;
        default: break;
    }
    if (m_screen == Screen::Curtain) {
        if (k.code == K::Enter) m_screen = Screen::Orders, changed();
        return;
    }
    switch (k.code) {
        case K::Left:
            if (m_viewTurn > m_s.firstTurn()) --m_viewTurn, m_mapDirty = true;
            return;
        case K::Right:
            if (m_viewTurn < m_s.turn()) ++m_viewTurn, m_mapDirty = true;
            return;
        case K::End: m_viewTurn = m_s.turn(), m_mapDirty = true; return;
        default: break;
    }
    if (m_facilitator) {
        if (k.code == K::R) m_reveal = !m_reveal, changed();
        if (k.code == K::P) apply(PauseCmd{!m_s.paused()}, m_s.paused() ? "Resumed." : "Paused: no turn ends until it resumes.");
        if (k.code == K::A && m_screen == Screen::Orders && seat() != kNone) {
            GameInject g;
            g.kind = GameInject::Kind::Ai;
            g.id = m_s.scenario().actors[static_cast<std::size_t>(seat())].id;
            apply(InjectCmd{g}, "The computer plays " + actorName(seat()) + " this turn.");
        }
    }
    if (m_screen == Screen::Happened) {
        if (k.code == K::Enter && live()) continueAfterHappened();
        return;
    }
    // the orders panel: Up/Down choose, Enter gives or withdraws
    if (!live() || seat() == kNone) return;
    const int n = static_cast<int>(m_options.size());
    if (k.code == K::Down && n) m_selected = (m_selected + 1) % n;
    if (k.code == K::Up && n) m_selected = (m_selected + n - 1) % n;
    if (k.code == K::Enter && m_selected < n) {
        const OrderOption& o = m_options[static_cast<std::size_t>(m_selected)];
        const bool hasTarget = m_s.scenario().actions[static_cast<std::size_t>(o.action)].hasTarget;
        if (hasTarget && o.target == kNone) status(o.reason);
        else if (o.pending) apply(WithdrawCmd{seat(), o.action, o.target}, "Withdrawn: " + optionText(o) + ".");
        else apply(OrderCmd{seat(), o.action, o.target}, "Given: " + optionText(o) + ".");
    }
}

// ---- drawing -----------------------------------------------------------------------------------

std::string PlayApp::optionText(const OrderOption& o) const { return view::orderText(m_s.scenario(), o.action, o.target); }

void PlayApp::drawMap() {
    // on a wide screen (a projector), the map keeps clear of the facilitator's panel, so
    // nothing on it is hidden underneath; on a narrow one that would make it too small to
    // read, and the panel lies over its corner
    const float full = static_cast<float>(m_window.getSize().x) - m_panelW;
    const float right = m_facilitator && full - facilitatorWidth() - 16 >= 0.6f * full ? facilitatorWidth() + 16 : 0;
    const auto w = static_cast<int>(full - right), h = static_cast<int>(m_window.getSize().y);
    if (w < 200 || h < 200) return;
    if (m_mapDirty || m_mapTex.getSize().x != unsigned(w) || m_mapTex.getSize().y != unsigned(h)) {
        if (m_mapTex.getSize().x != unsigned(w) || m_mapTex.getSize().y != unsigned(h)) {
            sf::ContextSettings cs;
            cs.antialiasingLevel = 4;
            (void)m_mapTex.create(unsigned(w), unsigned(h), cs);
        }
        // the map as the viewer knows it: its world, and the happenings it may see
        const ActorId who = m_screen == Screen::Curtain ? Session::kPublic : viewer();
        const SeenMap seen = seenMap(m_s, m_viewTurn, who);
        m_scene = m_renderer->layout(seen.input(m_s), w, h);
        m_mapTex.clear(sf::Color(214, 228, 238));
        m_renderer->painter().draw(m_scene, m_mapTex);
        m_mapTex.display();
        m_mapDirty = false;
    }
    sf::Sprite sprite(m_mapTex.getTexture());
    sprite.setPosition(m_panelW, 0);
    m_window.draw(sprite);
}

void PlayApp::highlights() {
    // what changed this turn: pairs that climbed or stepped down, shipments that left
    if (m_viewTurn <= m_s.firstTurn()) return;
    ImDrawList* dl = ImGui::GetBackgroundDrawList();
    const float u = static_cast<float>(m_scene.unit);
    auto at = [&](ActorId a) -> std::optional<ImVec2> {
        for (const auto& [who, p] : m_scene.capitals) {
            if (who == a) return ImVec2(float(p.x) + m_panelW, float(p.y));
        }
        return std::nullopt;
    };
    const ActorId who = viewer();
    for (const Happening& h : m_s.visibleTo(m_viewTurn, who)) {
        if (h.kind == HappeningKind::Rung) {
            const auto a = at(h.actor), b = at(h.target);
            if (!a || !b) continue;
            const bool up = h.ref > h.ref2;
            const ImU32 col = up ? IM_COL32(222, 40, 30, 150) : IM_COL32(40, 150, 90, 160);
            dl->AddLine(*a, *b, IM_COL32(255, 255, 255, 200), 16 * u);
            dl->AddLine(*a, *b, col, 10 * u);
            const ImVec2 mid((a->x + b->x) / 2, (a->y + b->y) / 2);
            const std::string label = std::string(up ? "\u25B2 " : "\u25BC ") + m_s.scenario().ladder[static_cast<std::size_t>(h.ref)].name;
            const ImVec2 sz = ImGui::CalcTextSize(label.c_str());
            dl->AddRectFilled(ImVec2(mid.x - sz.x / 2 - 6, mid.y - sz.y / 2 - 3), ImVec2(mid.x + sz.x / 2 + 6, mid.y + sz.y / 2 + 3),
                              up ? IM_COL32(200, 30, 25, 235) : IM_COL32(30, 130, 75, 235), 4);
            dl->AddText(ImVec2(mid.x - sz.x / 2, mid.y - sz.y / 2), IM_COL32(255, 255, 255, 255), label.c_str());
        } else if (h.kind == HappeningKind::Shipment || h.kind == HappeningKind::Detected) {
            for (const RouteInfo& r : m_scene.routes) {
                if (r.from != h.actor || r.to != h.target || r.path.size() < 2) continue;
                std::vector<ImVec2> pts;
                for (const Vec2& p : r.path) pts.emplace_back(float(p.x) + m_panelW, float(p.y));
                dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), IM_COL32(255, 206, 43, 140), 0, float(r.width) + 10 * u);
            }
        }
    }
}

void PlayApp::situation(ActorId a) {
    const view::Situation sit = view::situation(m_s.scenario(), m_s.worldAt(m_viewTurn), a);
    ImGui::PushFont(m_gui.bold);
    ImGui::TextUnformatted(sit.name.c_str());
    ImGui::PopFont();
    ImGui::SameLine();
    ImGui::TextDisabled("posture: %s", sit.posture.c_str());
    std::string stocks;
    for (const view::Holding& h : sit.holds) {
        if (!stocks.empty()) stocks += " \u00b7 ";
        // thousands apart by a narrow no-break space: ImGui wraps after a comma, and a number
        // cut in two ("2,000, / 000") misleads
        std::string n = formatHuman(h.amount, h.amount < 10 ? 2 : 0);
        for (std::size_t i = n.find(','); i != std::string::npos; i = n.find(',', i)) n.replace(i, 1, "\u202f");
        stocks += n + " " + h.name;
    }
    ImGui::TextWrapped("Holds: %s", stocks.empty() ? "nothing" : stocks.c_str());
    std::string allies, rivals;
    for (const view::Tie& t : sit.allies) allies += (allies.empty() ? "" : ", ") + t.name;
    for (const view::Tie& t : sit.rivals) {
        if (!rivals.empty()) rivals += ", ";
        rivals += t.name + " (tension " + formatHuman(t.tension, 2) + (t.rung.empty() ? "" : ", " + t.rung) + ")";
    }
    ImGui::TextWrapped("Allies and partners: %s", allies.empty() ? "none" : allies.c_str());
    ImGui::TextWrapped("Rivals: %s", rivals.empty() ? "none" : rivals.c_str());
}

void PlayApp::orders(ActorId a) {
    if (m_optionsDirty) {
        m_options = m_s.options(a);
        m_optionsDirty = false;
        m_selected = std::clamp(m_selected, 0, std::max(0, static_cast<int>(m_options.size()) - 1));
    }
    const Scenario& sc = m_s.scenario();
    const std::vector<OrderCmd> mine = m_s.pending(a);
    ImGui::Separator();
    ImGui::PushFont(m_gui.bold);
    ImGui::Text("Orders for turn %lld", static_cast<long long>(m_s.turn() + 1));
    ImGui::PopFont();
    if (mine.empty()) ImGui::TextDisabled("None yet: choose below (Up/Down, Enter), or hold.");
    for (std::size_t i = 0; i < mine.size(); ++i) {
        const OrderOption chk = m_s.checkPending(a, i);
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::SmallButton("Withdraw")) apply(WithdrawCmd{a, mine[i].action, mine[i].target}, "Withdrawn.");
        ImGui::SameLine();
        ImGui::TextColored(chk.allowed ? ImVec4(0.1f, 0.45f, 0.2f, 1) : ImVec4(0.7f, 0.15f, 0.1f, 1), "%s %s",
                           chk.allowed ? "\u2713" : "\u2717", optionText(chk).c_str());
        if (!chk.allowed && ImGui::IsItemHovered()) ImGui::SetTooltip("Would be refused: %s", chk.reason.c_str());
        ImGui::PopID();
    }
    ImGui::Separator();
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("Possible orders (greyed: cannot be given now; hover for why)");
    ImGui::PopStyleColor();
    ImGui::BeginChild("##options", ImVec2(0, -(ImGui::GetFrameHeightWithSpacing() * 2.2f + ImGui::GetTextLineHeightWithSpacing() * 2.4f)), false);
    for (std::size_t i = 0; i < m_options.size(); ++i) {
        const OrderOption& o = m_options[i];
        const std::string cost = view::costText(sc, o);
        const std::string label = (o.pending ? "\u2713 " : "   ") + optionText(o) + (cost.empty() ? "" : "   (" + cost + ")");
        ImGui::PushID(static_cast<int>(i));
        const bool selected = static_cast<int>(i) == m_selected;
        if (!o.allowed) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        if (ImGui::Selectable(label.c_str(), selected)) {
            m_selected = static_cast<int>(i);
            const bool hasTarget = sc.actions[static_cast<std::size_t>(o.action)].hasTarget;
            if (!(hasTarget && o.target == kNone)) {
                if (o.pending) apply(WithdrawCmd{a, o.action, o.target}, "Withdrawn: " + optionText(o) + ".");
                else apply(OrderCmd{a, o.action, o.target}, "Given: " + optionText(o) + ".");
            }
        }
        if (!o.allowed) ImGui::PopStyleColor();
        if (selected) ImGui::SetScrollHereY(0.5f);
        if (ImGui::IsItemHovered()) {
            const ActionDef& ad = sc.actions[static_cast<std::size_t>(o.action)];
            ImGui::SetTooltip("%s%s%s", o.allowed ? "Can be given now." : ("Cannot be given: " + o.reason + ".").c_str(),
                              ad.isPublic ? "\nPublic: every team will see it." : "\nSecret: only your team will see it.",
                              ad.escalation != 0 ? ("\nEscalation score " + formatHuman(ad.escalation)).c_str() : "");
        }
        ImGui::PopID();
    }
    ImGui::EndChild();
}

void PlayApp::happened(std::int64_t turn, ActorId who, bool asList) {
    const std::vector<view::Group> groups = view::happened(m_s, turn, who);
    for (const view::Group& g : groups) {
        ImGui::PushFont(m_gui.bold);
        ImGui::TextUnformatted(g.title.c_str());
        ImGui::PopFont();
        for (const view::Line& l : g.lines) {
            if (asList) ImGui::Bullet();
            ImGui::TextWrapped("%s", l.text.c_str());
            if (l.why.empty()) continue;
            ImGui::Indent();
            ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
            ImGui::TextWrapped("%s", l.why.c_str());
            ImGui::PopStyleColor();
            ImGui::Unindent();
        }
    }
    if (groups.empty()) ImGui::TextDisabled("Nothing of note happened.");
}

void PlayApp::curtain() {
    ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(io.DisplaySize);
    ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(24, 30, 40, 255));
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(240, 240, 240, 255));
    ImGui::Begin("##curtain", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
    const std::string line1 = "Pass to " + possessive(actorName(seat())) + " team,";
    const std::string line2 = "then press Enter.";
    ImGui::PushFont(m_gui.large);
    const ImVec2 s1 = ImGui::CalcTextSize(line1.c_str()), s2 = ImGui::CalcTextSize(line2.c_str());
    ImGui::SetCursorPos(ImVec2((io.DisplaySize.x - s1.x) / 2, io.DisplaySize.y * 0.38f));
    ImGui::TextUnformatted(line1.c_str());
    ImGui::SetCursorPosX((io.DisplaySize.x - s2.x) / 2);
    ImGui::TextUnformatted(line2.c_str());
    ImGui::PopFont();
    const std::string sub = "Turn " + std::to_string(m_s.turn() + 1) + " \u00b7 team " + std::to_string(m_seatIdx + 1) + " of " +
                            std::to_string(m_s.seats().size()) + " \u00b7 the other teams look away";
    const ImVec2 s3 = ImGui::CalcTextSize(sub.c_str());
    ImGui::SetCursorPosX((io.DisplaySize.x - s3.x) / 2);
    ImGui::Dummy(ImVec2(0, 20));
    ImGui::SetCursorPosX((io.DisplaySize.x - s3.x) / 2);
    ImGui::TextUnformatted(sub.c_str());
    ImGui::SetCursorPosX((io.DisplaySize.x - 220) / 2);
    if (ImGui::Button("I am ready (Enter)", ImVec2(220, 0))) m_screen = Screen::Orders, changed();
    ImGui::End();
    ImGui::PopStyleColor(2);
}

void PlayApp::timeline() {
    const std::int64_t first = m_s.firstTurn(), now = m_s.turn();
    if (now <= first) return;
    int t = static_cast<int>(m_viewTurn);
    ImGui::SetNextItemWidth(-1);
    if (ImGui::SliderInt("##timeline", &t, static_cast<int>(first), static_cast<int>(now), "turn %d")) {
        m_viewTurn = t;
        m_mapDirty = true;
    }
}

void PlayApp::panelLeft() {
    const ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(m_panelW, io.DisplaySize.y));
    ImGui::Begin("##left", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
    const Scenario& sc = m_s.scenario();
    const World& w = m_s.worldAt(m_viewTurn);
    ImGui::PushFont(m_gui.large);
    ImGui::TextUnformatted(sc.title.c_str());
    ImGui::PopFont();
    ImGui::Text("Turn %lld of %lld \u00b7 %s", static_cast<long long>(m_viewTurn), static_cast<long long>(m_s.horizon()),
                formatDate(sc.start + w.day).c_str());
    if (!live()) {
        ImGui::TextColored(ImVec4(0.6f, 0.3f, 0.0f, 1), "A past turn, read only (Right or End: back to turn %lld)",
                           static_cast<long long>(m_s.turn()));
    }
    if (m_s.paused()) ImGui::TextColored(ImVec4(0.7f, 0.1f, 0.1f, 1), "PAUSED by the facilitator");
    if (m_facilitator) ImGui::TextColored(ImVec4(0.1f, 0.3f, 0.6f, 1), "Facilitator%s", m_reveal ? " \u00b7 all orders revealed" : "");
    timeline();
    ImGui::Separator();
    const bool over = m_s.finished() && live();
    if (over) {
        const OutcomeId o = m_s.outcome();
        ImGui::PushFont(m_gui.bold);
        ImGui::TextWrapped("The game is over: %s.", o == kNone ? "stopped" : sc.outcomes[static_cast<std::size_t>(o)].c_str());
        ImGui::PopFont();
    }
    if (m_screen == Screen::Orders && live() && !over && seat() != kNone) {
        situation(seat());
        // what only this team saw last turn
        if (m_s.turn() > m_s.firstTurn()) {
            const std::vector<std::string> secrets = view::secrets(m_s, m_s.turn(), seat());
            if (!secrets.empty()) {
                ImGui::Separator();
                ImGui::TextDisabled("Last turn, only your team saw (%zu):", secrets.size());
                // at most four lines high, scrolled beyond: the orders below stay in view
                const float lineH = ImGui::GetTextLineHeightWithSpacing();
                ImGui::BeginChild("##secrets", ImVec2(0, lineH * std::min<float>(4.f, static_cast<float>(secrets.size()) * 1.6f)), false);
                for (const auto& s : secrets) ImGui::TextWrapped("%s", s.c_str());
                ImGui::EndChild();
            }
        }
        orders(seat());
        ImGui::Separator();
        const bool last = !hotSeat() || m_seatIdx + 1 == m_s.seats().size();
        if (ImGui::Button(last ? "End the turn (Ctrl+Enter)" : "Done: next team (Ctrl+Enter)")) endOrders();
    } else if (m_screen == Screen::Orders && live() && !over) {
        ImGui::TextWrapped("No seat is played by people: every actor follows its policy.");
        if (ImGui::Button("Play the turn (Ctrl+Enter)")) endOrders();
    } else {
        // what happened: the turn shown, as the room (or this seat) may see it
        ImGui::PushFont(m_gui.bold);
        ImGui::Text("What happened in turn %lld", static_cast<long long>(m_viewTurn));
        ImGui::PopFont();
        ImGui::BeginChild("##happened", ImVec2(0, -(ImGui::GetFrameHeightWithSpacing() * 2.2f + ImGui::GetTextLineHeightWithSpacing() * 2.4f)), false);
        if (m_viewTurn > m_s.firstTurn()) happened(m_viewTurn, viewer(), true);
        else ImGui::TextDisabled("The game starts here.");
        ImGui::EndChild();
        if (live() && !over && ImGui::Button("Next turn (Enter)")) continueAfterHappened();
    }
    ImGui::Separator();
    if (!m_status.empty()) ImGui::TextWrapped("%s", m_status.c_str());
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("F1 keys \u00b7 Left/Right past turns \u00b7 W what next? \u00b7 Ctrl+S save \u00b7 F12 facilitator");
    ImGui::PopStyleColor();
    ImGui::End();
}

void PlayApp::facilitatorPanel() {
    const ImGuiIO& io = ImGui::GetIO();
    const Scenario& sc = m_s.scenario();
    const float w = facilitatorWidth();
    ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x - w - 8, 8), ImGuiCond_Always);
    ImGui::SetNextWindowSize(ImVec2(w, 0), ImGuiCond_Always);
    ImGui::SetNextWindowBgAlpha(0.94f);
    if (m_focusPanel) ImGui::SetNextWindowFocus(), m_focusPanel = false;
    ImGui::Begin(m_panelKeys ? "Facilitator (keyboard: Tab or Esc to leave)###fac" : "Facilitator (Tab: keyboard)###fac", nullptr, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoSavedSettings |
                                             ImGuiWindowFlags_NoCollapse);
    ImGui::Text("Injects for turn %lld", static_cast<long long>(m_s.turn() + 1));
    const std::vector<GameInject> pend = m_s.pendingInjects();
    for (std::size_t i = 0; i < pend.size(); ++i) {
        const GameInject& g = pend[i];
        const std::string t = view::injectText(sc, g);
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::SmallButton("x")) apply(WithdrawInjectCmd{i}, "Inject withdrawn.");
        ImGui::SameLine();
        ImGui::TextWrapped("%s", t.c_str());
        ImGui::PopID();
    }
    if (ImGui::CollapsingHeader("Make an event happen", ImGuiTreeNodeFlags_DefaultOpen) && !sc.events.empty()) {
        m_event = std::clamp(m_event, 0, static_cast<int>(sc.events.size()) - 1);
        ImGui::SetNextItemWidth(-80);
        if (ImGui::BeginCombo("##event", sc.events[static_cast<std::size_t>(m_event)].id.c_str())) {
            for (std::size_t e = 0; e < sc.events.size(); ++e) {
                if (ImGui::Selectable(sc.events[e].id.c_str(), static_cast<int>(e) == m_event)) m_event = static_cast<int>(e);
            }
            ImGui::EndCombo();
        }
        ImGui::SameLine();
        if (ImGui::Button("Fire")) {
            GameInject g;
            g.kind = GameInject::Kind::Event;
            g.id = sc.events[static_cast<std::size_t>(m_event)].id;
            apply(InjectCmd{g}, "'" + g.id + "' will happen this turn.");
        }
    }
    if (ImGui::CollapsingHeader("Apply effects")) {
        ImGui::InputTextMultiline("##effects", m_effects, sizeof m_effects, ImVec2(-1, ImGui::GetTextLineHeight() * 4));
        ImGui::SetNextItemWidth(-1);
        ImGui::InputTextWithHint("##headline", "headline the class hears", m_headline, sizeof m_headline);
        if (ImGui::Button("Apply at the start of the turn")) {
            GameInject g;
            g.kind = GameInject::Kind::Effects;
            g.effects = m_effects;
            g.headline = m_headline;
            apply(InjectCmd{g}, "Effects will apply at the start of the turn.");
        }
    }
    if (ImGui::CollapsingHeader("Set a parameter") && !sc.paramNames.empty()) {
        m_param = std::clamp(m_param, 0, static_cast<int>(sc.paramNames.size()) - 1);
        if (ImGui::BeginCombo("##param", sc.paramNames[static_cast<std::size_t>(m_param)].c_str())) {
            for (std::size_t p = 0; p < sc.paramNames.size(); ++p) {
                if (ImGui::Selectable(sc.paramNames[p].c_str(), static_cast<int>(p) == m_param)) {
                    m_param = static_cast<int>(p);
                    m_value = static_cast<float>(m_s.world().params[p]);
                }
            }
            ImGui::EndCombo();
        }
        ImGui::InputFloat("value", &m_value, 0, 0, "%.6g");
        if (ImGui::Button("Set from this turn on")) {
            GameInject g;
            g.kind = GameInject::Kind::Set;
            g.id = sc.paramNames[static_cast<std::size_t>(m_param)];
            g.value = m_value;
            apply(InjectCmd{g}, "params." + g.id + " will be " + formatHuman(m_value, 6) + ".");
        }
    }
    if (ImGui::CollapsingHeader("Let the computer play a seat") && !m_s.seats().empty()) {
        m_aiSeat = std::clamp(m_aiSeat, 0, static_cast<int>(m_s.seats().size()) - 1);
        if (ImGui::BeginCombo("##ai", actorName(m_s.seats()[static_cast<std::size_t>(m_aiSeat)]).c_str())) {
            for (std::size_t i = 0; i < m_s.seats().size(); ++i) {
                if (ImGui::Selectable(actorName(m_s.seats()[i]).c_str(), static_cast<int>(i) == m_aiSeat)) m_aiSeat = static_cast<int>(i);
            }
            ImGui::EndCombo();
        }
        ImGui::SameLine();
        if (ImGui::Button("This turn")) {
            GameInject g;
            g.kind = GameInject::Kind::Ai;
            g.id = sc.actors[static_cast<std::size_t>(m_s.seats()[static_cast<std::size_t>(m_aiSeat)])].id;
            apply(InjectCmd{g}, "The computer plays " + actorName(m_s.seats()[static_cast<std::size_t>(m_aiSeat)]) + " this turn.");
        }
    }
    ImGui::Separator();
    // two buttons a row, each half the panel: readable on a projector, never cut
    const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
    if (ImGui::Button("Undo a turn (Ctrl+Z)", ImVec2(half, 0))) undo();
    ImGui::SameLine();
    if (ImGui::Button(m_s.paused() ? "Resume (P)" : "Pause (P)", ImVec2(half, 0))) apply(PauseCmd{!m_s.paused()});
    if (ImGui::Button(m_reveal ? "Hide orders (R)" : "Reveal all (R)", ImVec2(half, 0))) m_reveal = !m_reveal, changed();
    ImGui::SameLine();
    if (ImGui::Button("What next? (W)", ImVec2(half, 0))) startWhatNext();
    if (ImGui::Button("Save (Ctrl+S)", ImVec2(half, 0))) save();
    ImGui::SameLine();
    if (ImGui::Button("Load (Ctrl+O)", ImVec2(half, 0))) load();
    if (m_reveal && !m_s.seats().empty()) {
        ImGui::Separator();
        ImGui::TextDisabled("Pending orders of every seat:");
        for (ActorId a : m_s.seats()) {
            for (const OrderCmd& o : m_s.pending(a)) {
                OrderOption oo;
                oo.action = o.action;
                oo.target = o.target;
                ImGui::BulletText("%s: %s", actorName(a).c_str(), optionText(oo).c_str());
            }
        }
    }
    ImGui::End();
}

void PlayApp::startWhatNext() {
    if (m_running) return;
    stopWhatNext();
    m_cancel = false;
    m_running = true;
    m_progress = 0;
    m_showNext = true;
    {
        std::lock_guard lock(m_nextMu);
        m_next.reset();
    }
    // the world is copied here, on the window's thread: the workers read only their copy
    auto sc = m_s.scenarioPtr();
    auto from = m_s.snapshot();
    const std::uint64_t seed = m_s.seed();
    const std::int64_t horizon = m_s.horizon();
    const std::uint64_t runs = m_nextRuns;
    const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    m_worker = std::thread([this, sc, from, seed, horizon, runs, threads] {
        try {
            Continuations c = continuations(sc, from, seed, horizon, runs, threads, [this](std::uint64_t n) { m_progress = n; }, m_cancel);
            std::lock_guard lock(m_nextMu);
            m_next = std::move(c);
        } catch (const std::exception& e) {
            std::lock_guard lock(m_nextMu);
            m_next.reset();
            std::cerr << "brink play: what next? stopped: " << e.what() << '\n';
        }
        m_running = false;
    });
}

void PlayApp::whatNextWindow() {
    if (!m_showNext) return;
    {
        // the game moved on (a turn, an undo, a load): the result was of another turn
        std::lock_guard lock(m_nextMu);
        if (!m_running && m_next && m_next->fromTurn != m_s.turn()) {
            m_showNext = false;
            return;
        }
    }
    const ImGuiIO& io = ImGui::GetIO();
    // in the map's area, clear of the facilitator's panel
    const float right = m_facilitator ? facilitatorWidth() + 16 : 0;
    const float w = std::min(io.DisplaySize.x - m_panelW - right - 32, 820.f);
    ImGui::SetNextWindowPos(ImVec2(m_panelW + 16, io.DisplaySize.y * 0.14f), ImGuiCond_Always);
    ImGui::SetNextWindowSize(ImVec2(w, 0), ImGuiCond_Always);
    bool open = true;
    ImGui::Begin("What next?", &open, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoSavedSettings |
                                          ImGuiWindowFlags_NoCollapse);
    if (!open) m_showNext = false, m_cancel = true;
    const Scenario& sc = m_s.scenario();
    if (m_running) {
        ImGui::Text("%llu continuations from turn %lld, every actor played by its policy...",
                    static_cast<unsigned long long>(m_nextRuns), static_cast<long long>(m_s.turn()));
        ImGui::ProgressBar(static_cast<float>(m_progress.load()) / static_cast<float>(m_nextRuns), ImVec2(-1, 0));
        if (ImGui::Button("Cancel (W)")) m_cancel = true;
    } else {
        std::lock_guard lock(m_nextMu);
        if (!m_next) {
            ImGui::TextDisabled("No result.");
        } else {
            const Continuations& c = *m_next;
            ImGui::TextWrapped("From turn %lld: %llu continuations%s, each with its own luck, every actor played by its policy. "
                               "Bars: the share of runs; lines: the 95%% interval (Wilson).",
                               static_cast<long long>(c.fromTurn), static_cast<unsigned long long>(c.runs),
                               c.cancelled ? " (cancelled early)" : "");
            ImDrawList* dl = ImGui::GetWindowDrawList();
            const float labelW = w * 0.26f;
            const float textW = ImGui::CalcTextSize("100.0% [100.0, 100.0]").x + ImGui::GetStyle().ItemSpacing.x * 2;
            const float barW = std::max(60.f, ImGui::GetContentRegionAvail().x - labelW - textW);
            for (const auto& o : c.outcomes) {
                ImGui::TextUnformatted(o.outcome.c_str());
                ImGui::SameLine(labelW);
                const ImVec2 p = ImGui::GetCursorScreenPos();
                const float h = ImGui::GetTextLineHeight();
                dl->AddRectFilled(p, ImVec2(p.x + barW, p.y + h), IM_COL32(225, 230, 236, 255));
                dl->AddRectFilled(p, ImVec2(p.x + barW * static_cast<float>(o.p), p.y + h), IM_COL32(66, 122, 189, 255));
                const float lo = p.x + barW * static_cast<float>(o.ci.lo), hi = p.x + barW * static_cast<float>(o.ci.hi);
                dl->AddLine(ImVec2(lo, p.y + h / 2), ImVec2(hi, p.y + h / 2), IM_COL32(20, 24, 30, 255), 2.5f);
                dl->AddLine(ImVec2(lo, p.y + 2), ImVec2(lo, p.y + h - 2), IM_COL32(20, 24, 30, 255), 2.5f);
                dl->AddLine(ImVec2(hi, p.y + 2), ImVec2(hi, p.y + h - 2), IM_COL32(20, 24, 30, 255), 2.5f);
                ImGui::Dummy(ImVec2(barW, h));
                ImGui::SameLine();
                ImGui::Text("%5.1f%% [%.1f, %.1f]", 100 * o.p, 100 * o.ci.lo, 100 * o.ci.hi);
            }
            if (!c.metrics.empty() && ImGui::CollapsingHeader("Metrics at the end (mean, 95% interval)")) {
                for (const auto& m : c.metrics) {
                    ImGui::Text("%s: %s [%s, %s]", m.name.c_str(), formatHuman(m.mean, 3).c_str(), formatHuman(m.ci.lo, 3).c_str(),
                                formatHuman(m.ci.hi, 3).c_str());
                }
            }
            (void)sc;
        }
        if (ImGui::Button("Run again (W)")) {
            ImGui::End();
            startWhatNext();
            return;
        }
        ImGui::SameLine();
        if (ImGui::Button("Close (Esc)")) m_showNext = false;
    }
    ImGui::End();
}

void PlayApp::title() {
    const Scenario& sc = m_s.scenario();
    const std::string t = "Brink \u2014 " + sc.title + " \u2014 Turn " + std::to_string(m_s.turn()) + " \u00b7 " +
                          formatDate(sc.start + m_s.world().day);
    if (t != m_title) {
        m_title = t;
        m_window.setTitle(sf::String::fromUtf8(t.begin(), t.end()));
    }
}

void PlayApp::frame() {
    const ImGuiIO& io0 = ImGui::GetIO();
    (void)io0;
    m_panelW = std::max(420.f, static_cast<float>(m_window.getSize().x) * 0.33f);
    title();
    m_gui.newFrame(m_window, 1.0f / 60.0f);
    m_window.clear(sf::Color(214, 228, 238));
    if (m_screen == Screen::Curtain && live()) {
        curtain();
    } else {
        drawMap();
        panelLeft();
        if (m_screen == Screen::Happened || !live()) highlights();
        if (m_facilitator) facilitatorPanel();
        whatNextWindow();
    }
    if (m_confirmFacilitator) {
        ImGui::OpenPopup("Facilitator?");
    }
    if (ImGui::BeginPopupModal("Facilitator?", nullptr, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings)) {
        ImGui::TextUnformatted("Open the facilitator's controls (injects, undo, reveal all orders)?");
        ImGui::TextDisabled("Y or Enter: open \u00b7 any other key: cancel");
        if (ImGui::Button("Open")) m_facilitator = true, m_confirmFacilitator = false, ImGui::CloseCurrentPopup();
        ImGui::SameLine();
        if (ImGui::Button("Cancel")) m_confirmFacilitator = false, ImGui::CloseCurrentPopup();
        if (!m_confirmFacilitator) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
    if (m_help) {
        ImGui::SetNextWindowPos(ImVec2(m_panelW + 20, 60), ImGuiCond_Always);
        ImGui::Begin("Keys", &m_help, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings);
        for (const char* line : {"Up / Down, Enter    choose an order, give or withdraw it", "Ctrl+Enter          end this team's orders (the last team: end the turn)",
                                 "Enter               curtain: start this team's orders; after a turn: next turn",
                                 "Left / Right, End   step through past turns, back to now", "W                   what next? (1,000 continuations)",
                                 "Ctrl+S / Ctrl+O     save / load the game", "F12                 the facilitator's controls",
                                 "Ctrl+Z, P, R, A     facilitator: undo a turn, pause, reveal all orders, the computer plays this seat",
                                 "Tab                 facilitator: the keys work its panel (arrows, Space, typing); Tab or Esc: back",
                                 "Ctrl+Q              quit"}) {
            ImGui::TextUnformatted(line);
        }
        ImGui::End();
    }
    m_gui.render(m_window);
    m_window.display();
}

int PlayApp::run() {
    std::string error;
    m_renderer = MapRenderer::create(findMapFile(kDefaultMapFile), error);
    if (!m_renderer) {
        std::cerr << error << '\n';
        return 1;
    }
    if (!m_opt.scriptPath.empty()) {
        std::ifstream in(m_opt.scriptPath);
        std::stringstream ss;
        ss << in.rdbuf();
        Diagnostics d(m_opt.scriptPath);
        if (!in) d.error({}, "cannot open the script", "a readable file");
        m_script = detail::readScript(ss.str(), d);
        if (!d.ok()) {
            std::cerr << d.str();
            return 2;
        }
    }
    sf::ContextSettings settings;
    settings.antialiasingLevel = 4;
    std::streambuf* errBuf = sf::err().rdbuf(nullptr);  // Xvfb's GLX cannot set vsync: harmless
    m_window.create(sf::VideoMode(unsigned(m_opt.width), unsigned(m_opt.height)), "Brink", sf::Style::Default, settings);
    sf::err().rdbuf(errBuf);
    m_window.setFramerateLimit(60);
    const float px = std::clamp(static_cast<float>(m_opt.height) / 46.0f, 15.0f, 26.0f);
    if (!m_gui.init(m_window, px, error)) {
        std::cerr << "brink play: error: " << error << '\n';
        return 1;
    }
    while (m_window.isOpen()) {
        // a command replaces the session's scenario (Session::apply): the one this loop
        // began with stays alive to its end, so no reference into it dangles
        const std::shared_ptr<const Scenario> holdScenario = m_s.scenarioPtr();
        sf::Event e;
        while (m_window.pollEvent(e)) handle(e);
        // one scripted step's frame of events, through the same path
        if (m_step < m_script.size() && m_wait == 0) {
            const ScriptStep& st = m_script[m_step];
            switch (st.kind) {
                case ScriptStep::Kind::Events:
                    for (const sf::Event& ev : st.frames[m_stepFrame]) handle(ev);
                    if (++m_stepFrame >= st.frames.size()) m_stepFrame = 0, ++m_step;
                    break;
                case ScriptStep::Kind::Frames:
                    m_wait = st.count;
                    ++m_step;
                    break;
                case ScriptStep::Kind::Shot: {
                    sf::Texture tex;
                    (void)tex.create(m_window.getSize().x, m_window.getSize().y);
                    tex.update(m_window);
                    std::string err;
                    if (!savePngAtomically(tex.copyToImage(), st.path, err)) std::cerr << "brink play: error: " << err << '\n';
                    ++m_step;
                    break;
                }
                case ScriptStep::Kind::Title:
                    std::cout << "title: " << m_title << std::endl;
                    ++m_step;
                    break;
                case ScriptStep::Kind::Status:
                    std::cout << "status: " << m_status << std::endl;
                    ++m_step;
                    break;
                case ScriptStep::Kind::Quit:
                    m_window.close();
                    ++m_step;
                    break;
            }
            // what next? runs on its thread: a script waits for it before going on
            while (m_running && m_step < m_script.size()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
        } else if (m_wait > 0) {
            --m_wait;
        }
        if (!m_window.isOpen()) break;
        frame();
    }
    stopWhatNext();
    // closing keeps the game: saved where it was chosen, and --out's files written
    if (m_opt.autosave) {
        if (const std::string why = autosave(); !why.empty()) {
            std::cerr << "brink play: error: the game could not be saved to " << m_opt.savePath << ": " << why << '\n';
            return 1;
        }
        std::cout << "Saved the game to " << m_opt.savePath << " (brink play " << m_opt.savePath << " goes on with it)\n";
    }
    if (!m_opt.outDir.empty()) {
        try {
            auto files = m_s.runFiles();
            files.emplace_back("game.yaml", m_s.gameFileText());
            prepareOutputFolder(m_opt.outDir);
            writeFilesAtomically(m_opt.outDir, files);
            std::cout << "Wrote metrics.csv, events.jsonl, final.yaml, summary.json and game.yaml to " << m_opt.outDir << "\n";
        } catch (const std::runtime_error& e) {
            std::cerr << "brink play: error: " << e.what() << "; the game is in " << m_opt.savePath << '\n';
            return 1;
        }
    }
    return m_exit;
}

}  // namespace

int runPlayWindow(Session& session, const PlayWindowOptions& options) {
    PlayApp app(session, options);
    return app.run();
}

}  // namespace brink::render
