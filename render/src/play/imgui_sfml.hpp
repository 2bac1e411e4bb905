#pragma once
// Dear ImGui on SFML 2.5, Brink's own small glue (Debian ships no imgui-sfml): SFML events
// become ImGui input through ImGui 1.86's io.KeysDown / io.MousePos API, and ImGui draws
// with its OpenGL2 backend between the window's pushGLStates() and popGLStates().
#include <SFML/Graphics/RenderWindow.hpp>
#include <SFML/Window/Event.hpp>
#include <string>

struct ImFont;

namespace brink::render::detail {

class ImGuiSfml {
public:
    /// Creates the ImGui context for `window`, with DejaVu Sans at `px` (and a bold face
    /// at the same size, and a large one for headings). False, with `error`, when the fonts
    /// cannot be loaded.
    bool init(sf::RenderWindow& window, float px, std::string& error);
    ~ImGuiSfml();

    /// Passes an event to ImGui (always: ImGui needs to see every event).
    void event(const sf::Event& e);
    /// Starts a frame of `dt` seconds.
    void newFrame(const sf::RenderWindow& window, float dt);
    /// Draws the frame onto `window`.
    void render(sf::RenderWindow& window);

    [[nodiscard]] bool wantsMouse() const;
    [[nodiscard]] bool wantsKeyboard() const;
    [[nodiscard]] bool wantsText() const;
    ImFont* bold = nullptr;
    ImFont* large = nullptr;

private:
    bool m_ready = false;
};

}  // namespace brink::render::detail
