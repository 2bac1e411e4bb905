#include "play_script.hpp"

#include <map>
#include <sstream>

namespace brink::render::detail {

namespace {

const std::map<std::string, sf::Keyboard::Key>& keyNames() {
    static const std::map<std::string, sf::Keyboard::Key> names = [] {
        std::map<std::string, sf::Keyboard::Key> m{
            {"Return", sf::Keyboard::Enter},   {"Enter", sf::Keyboard::Enter},       {"Escape", sf::Keyboard::Escape},
            {"Up", sf::Keyboard::Up},          {"Down", sf::Keyboard::Down},         {"Left", sf::Keyboard::Left},
            {"Right", sf::Keyboard::Right},    {"Tab", sf::Keyboard::Tab},           {"space", sf::Keyboard::Space},
            {"Space", sf::Keyboard::Space},    {"Home", sf::Keyboard::Home},         {"End", sf::Keyboard::End},
            {"Delete", sf::Keyboard::Delete},  {"BackSpace", sf::Keyboard::Backspace}, {"Backspace", sf::Keyboard::Backspace},
            {"Page_Up", sf::Keyboard::PageUp}, {"Page_Down", sf::Keyboard::PageDown}, {"plus", sf::Keyboard::Add},
            {"minus", sf::Keyboard::Subtract},
        };
        for (int i = 0; i < 26; ++i) m[std::string(1, char('a' + i))] = static_cast<sf::Keyboard::Key>(sf::Keyboard::A + i);
        for (int i = 0; i < 10; ++i) m[std::string(1, char('0' + i))] = static_cast<sf::Keyboard::Key>(sf::Keyboard::Num0 + i);
        for (int i = 1; i <= 12; ++i) m["F" + std::to_string(i)] = static_cast<sf::Keyboard::Key>(sf::Keyboard::F1 + i - 1);
        return m;
    }();
    return names;
}

sf::Event keyEvent(sf::Event::EventType type, sf::Keyboard::Key k, bool ctrl, bool shift, bool alt) {
    sf::Event e;
    e.type = type;
    e.key.code = k;
    e.key.control = ctrl;
    e.key.shift = shift;
    e.key.alt = alt;
    e.key.system = false;
    return e;
}

sf::Event mouseMove(int x, int y) {
    sf::Event e;
    e.type = sf::Event::MouseMoved;
    e.mouseMove.x = x;
    e.mouseMove.y = y;
    return e;
}

sf::Event mouseButton(sf::Event::EventType type, int x, int y) {
    sf::Event e;
    e.type = type;
    e.mouseButton.button = sf::Mouse::Left;
    e.mouseButton.x = x;
    e.mouseButton.y = y;
    return e;
}

}  // namespace

std::vector<ScriptStep> readScript(const std::string& text, Diagnostics& diag) {
    std::vector<ScriptStep> out;
    std::istringstream in(text);
    std::uint32_t lineNo = 0;
    for (std::string line; std::getline(in, line);) {
        ++lineNo;
        if (const auto hash = line.find('#'); hash != std::string::npos && line.rfind("text ", 0) != 0) line.resize(hash);
        std::istringstream words(line);
        std::string verb;
        if (!(words >> verb)) continue;
        ScriptStep st;
        st.line = lineNo;
        auto bad = [&](const std::string& what, const std::string& expected) { diag.error({lineNo, 1}, what, expected); };
        if (verb == "key") {
            std::string spec;
            words >> spec;
            bool ctrl = false, shift = false, alt = false;
            for (;;) {
                if (spec.rfind("ctrl+", 0) == 0) ctrl = true, spec.erase(0, 5);
                else if (spec.rfind("shift+", 0) == 0) shift = true, spec.erase(0, 6);
                else if (spec.rfind("alt+", 0) == 0) alt = true, spec.erase(0, 4);
                else break;
            }
            const auto it = keyNames().find(spec);
            if (it == keyNames().end()) {
                bad("unknown key '" + spec + "'", "a key name such as Return, Escape, Up, F12, a or 1, with ctrl+, shift+ or alt+");
                continue;
            }
            st.frames.push_back({keyEvent(sf::Event::KeyPressed, it->second, ctrl, shift, alt)});
            st.frames.push_back({keyEvent(sf::Event::KeyReleased, it->second, ctrl, shift, alt)});
        } else if (verb == "text") {
            std::string rest;
            std::getline(words, rest);
            if (!rest.empty() && rest[0] == ' ') rest.erase(0, 1);
            std::vector<sf::Event> evs;
            for (unsigned char ch : rest) {
                sf::Event e;
                e.type = sf::Event::TextEntered;
                e.text.unicode = ch;
                evs.push_back(e);
            }
            st.frames.push_back(evs);
        } else if (verb == "click" || verb == "move") {
            int x = 0, y = 0;
            if (!(words >> x >> y)) {
                bad(verb + " needs X Y", verb + " 120 340");
                continue;
            }
            st.frames.push_back({mouseMove(x, y)});
            if (verb == "click") {
                st.frames.push_back({mouseButton(sf::Event::MouseButtonPressed, x, y)});
                st.frames.push_back({mouseButton(sf::Event::MouseButtonReleased, x, y)});
            }
        } else if (verb == "wheel") {
            int x = 0, y = 0;
            float d = 0;
            if (!(words >> x >> y >> d)) {
                bad("wheel needs X Y DELTA", "wheel 800 400 1");
                continue;
            }
            sf::Event e;
            e.type = sf::Event::MouseWheelScrolled;
            e.mouseWheelScroll.wheel = sf::Mouse::VerticalWheel;
            e.mouseWheelScroll.delta = d;
            e.mouseWheelScroll.x = x;
            e.mouseWheelScroll.y = y;
            st.frames.push_back({mouseMove(x, y), e});
        } else if (verb == "frames") {
            st.kind = ScriptStep::Kind::Frames;
            if (!(words >> st.count) || st.count < 0) {
                bad("frames needs a count", "frames 5");
                continue;
            }
        } else if (verb == "shot") {
            st.kind = ScriptStep::Kind::Shot;
            if (!(words >> st.path) || st.path.size() < 5 || st.path.substr(st.path.size() - 4) != ".png") {
                bad("shot needs a file name ending in .png", "shot docs/play-orders.png");
                continue;
            }
        } else if (verb == "title") {
            st.kind = ScriptStep::Kind::Title;
        } else if (verb == "status") {
            st.kind = ScriptStep::Kind::Status;
        } else if (verb == "quit") {
            st.kind = ScriptStep::Kind::Quit;
        } else {
            bad("unknown step '" + verb + "'", "key, text, click, move, wheel, frames, shot, title, status or quit");
            continue;
        }
        out.push_back(std::move(st));
    }
    if (!diag.ok()) out.clear();
    return out;
}

}  // namespace brink::render::detail
