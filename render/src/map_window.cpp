#include "brink/render/map_window.hpp"

#include <SFML/Graphics.hpp>
#include <algorithm>
#include <cmath>
#include <iostream>

namespace brink::render {

int runMapWindow(const MapRenderer& renderer, Simulation& sim, const MapRecorder& recorder, std::uint64_t seed,
                 const std::string& pngPath, int width, int height) {
    sf::ContextSettings settings;
    settings.antialiasingLevel = 4;
    // Xvfb's GLX says it cannot set vertical sync while the window is made: harmless, and
    // the window redraws only on input anyway, so SFML's message is held back meanwhile
    std::streambuf* errBuf = sf::err().rdbuf(nullptr);
    sf::RenderWindow window(sf::VideoMode(unsigned(width), unsigned(height)), "Brink", sf::Style::Default, settings);
    sf::err().rdbuf(errBuf);
    auto input = [&] {
        return SceneInput{sim.world().sc.get(), &sim.world(), &recorder.history(), seed, sim.horizon()};
    };
    std::optional<MapView> view;  // none: fit the scenario
    MapScene scene;
    bool dirty = true, dragging = false;
    sf::Vector2i last;
    auto zoom = [&](double factor, Vec2 about) {
        const Vec2 p = scene.fromPixel(about);
        MapView v = scene.view;
        v.scale = std::clamp(v.scale * factor, 50.0, 40000.0);
        // keep the point under the cursor where it is
        v.center = {p.x - (about.x - scene.width / 2.0) / v.scale,
                    p.y + (about.y - (scene.mapArea.y0 + scene.mapArea.y1) / 2.0) / v.scale};
        view = v;
        dirty = true;
    };
    auto pan = [&](double dx, double dy) {
        MapView v = scene.view;
        v.center = {v.center.x - dx / v.scale, v.center.y + dy / v.scale};
        view = v;
        dirty = true;
    };
    while (window.isOpen()) {
        if (dirty) {
            const std::string title = std::string("Brink \u2014 ") + sim.world().sc->title + " \u2014 turn " +
                                      std::to_string(sim.world().turn) +
                                      "   (N: next turn \u00b7 drag, wheel: pan, zoom \u00b7 Home \u00b7 S: save \u00b7 Esc)";
            window.setTitle(sf::String::fromUtf8(title.begin(), title.end()));
            scene = renderer.layout(input(), width, height, view);
            renderer.painter().draw(scene, window);
            window.display();
            dirty = false;
        }
        sf::Event e;
        if (!window.waitEvent(e)) break;
        do {
            switch (e.type) {
                case sf::Event::Closed: window.close(); break;
                case sf::Event::Resized:
                    width = std::max(200, int(e.size.width));
                    height = std::max(200, int(e.size.height));
                    window.setView(sf::View(sf::FloatRect(0, 0, float(width), float(height))));
                    dirty = true;
                    break;
                case sf::Event::MouseWheelScrolled:
                    zoom(std::pow(1.2, e.mouseWheelScroll.delta), {double(e.mouseWheelScroll.x), double(e.mouseWheelScroll.y)});
                    break;
                case sf::Event::MouseButtonPressed:
                    if (e.mouseButton.button == sf::Mouse::Left) dragging = true, last = {e.mouseButton.x, e.mouseButton.y};
                    break;
                case sf::Event::MouseButtonReleased: dragging = false; break;
                case sf::Event::MouseMoved:
                    if (dragging) {
                        pan(e.mouseMove.x - last.x, e.mouseMove.y - last.y);
                        last = {e.mouseMove.x, e.mouseMove.y};
                    }
                    break;
                case sf::Event::KeyPressed: {
                    const double step = width * 0.1;
                    const Vec2 mid{width / 2.0, (scene.mapArea.y0 + scene.mapArea.y1) / 2.0};
                    switch (e.key.code) {
                        case sf::Keyboard::Escape:
                        case sf::Keyboard::Q: window.close(); break;
                        case sf::Keyboard::Left: pan(step, 0); break;
                        case sf::Keyboard::Right: pan(-step, 0); break;
                        case sf::Keyboard::Up: pan(0, step); break;
                        case sf::Keyboard::Down: pan(0, -step); break;
                        case sf::Keyboard::Add:
                        case sf::Keyboard::Equal: zoom(1.25, mid); break;
                        case sf::Keyboard::Subtract:
                        case sf::Keyboard::Hyphen: zoom(0.8, mid); break;
                        case sf::Keyboard::Home: view.reset(), dirty = true; break;
                        case sf::Keyboard::N:
                        case sf::Keyboard::Space:
                            try {
                                if (!sim.finished()) sim.step(), dirty = true;
                            } catch (const RunError& err) {
                                std::cerr << "brink render: error: the run stopped: " << err.what() << '\n';
                                return 2;
                            }
                            break;
                        case sf::Keyboard::S: {
                            std::string error;
                            auto img = renderer.image(input(), width, height, error, nullptr, view);
                            if (!img || !savePngAtomically(*img, pngPath, error)) std::cerr << "brink render: error: " << error << '\n';
                            else std::cout << "Wrote " << pngPath << '\n';
                            break;
                        }
                        default: break;
                    }
                    break;
                }
                default: break;
            }
        } while (window.pollEvent(e));
    }
    return 0;
}

}  // namespace brink::render
