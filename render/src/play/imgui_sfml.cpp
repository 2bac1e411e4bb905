#include "imgui_sfml.hpp"

#include <imgui.h>
#include <imgui_impl_opengl2.h>

#include <SFML/OpenGL.hpp>

#include "brink/render/assets.hpp"

namespace brink::render::detail {

bool ImGuiSfml::init(sf::RenderWindow& window, float px, std::string& error) {
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // no imgui.ini beside the game: a class's laptop stays clean
    io.LogFilename = nullptr;
    // no ImGui keyboard navigation: the window gives Up, Down and Enter their own meaning
    // (choose and give an order), the same whatever has focus
    // SFML's key codes index KeysDown directly
    const std::pair<ImGuiKey_, sf::Keyboard::Key> keys[] = {
        {ImGuiKey_Tab, sf::Keyboard::Tab},         {ImGuiKey_LeftArrow, sf::Keyboard::Left}, {ImGuiKey_RightArrow, sf::Keyboard::Right},
        {ImGuiKey_UpArrow, sf::Keyboard::Up},      {ImGuiKey_DownArrow, sf::Keyboard::Down}, {ImGuiKey_PageUp, sf::Keyboard::PageUp},
        {ImGuiKey_PageDown, sf::Keyboard::PageDown}, {ImGuiKey_Home, sf::Keyboard::Home},  {ImGuiKey_End, sf::Keyboard::End},
        {ImGuiKey_Insert, sf::Keyboard::Insert},   {ImGuiKey_Delete, sf::Keyboard::Delete}, {ImGuiKey_Backspace, sf::Keyboard::Backspace},
        {ImGuiKey_Space, sf::Keyboard::Space},     {ImGuiKey_Enter, sf::Keyboard::Enter},    {ImGuiKey_Escape, sf::Keyboard::Escape},
        {ImGuiKey_KeyPadEnter, sf::Keyboard::Enter}, {ImGuiKey_A, sf::Keyboard::A},          {ImGuiKey_C, sf::Keyboard::C},
        {ImGuiKey_V, sf::Keyboard::V},             {ImGuiKey_X, sf::Keyboard::X},            {ImGuiKey_Y, sf::Keyboard::Y},
        {ImGuiKey_Z, sf::Keyboard::Z},
    };
    for (const auto& [imgui, sfml] : keys) io.KeyMap[imgui] = sfml;
    // the fonts: DejaVu, with the punctuation of Brink's text (dashes, middle dots, arrows)
    const std::string regular = findFont(false), boldPath = findFont(true);
    if (regular.empty() || boldPath.empty()) {
        error = "no DejaVu fonts; hint: install fonts-dejavu-core (tools/setup.sh does)";
        return false;
    }
    static ImVector<ImWchar> ranges;
    if (ranges.empty()) {
        ImFontGlyphRangesBuilder b;
        b.AddRanges(io.Fonts->GetGlyphRangesDefault());
        const ImWchar extra[] = {0x0100, 0x017F, 0x2010, 0x205E, 0x2190, 0x21FF, 0x2212, 0x2212, 0x25A0, 0x25FF, 0x2713, 0x2717, 0};
        b.AddRanges(extra);
        b.BuildRanges(&ranges);
    }
    if (!io.Fonts->AddFontFromFileTTF(regular.c_str(), px, nullptr, ranges.Data) ||
        !(bold = io.Fonts->AddFontFromFileTTF(boldPath.c_str(), px, nullptr, ranges.Data)) ||
        !(large = io.Fonts->AddFontFromFileTTF(boldPath.c_str(), px * 1.9f, nullptr, ranges.Data))) {
        error = "cannot load the fonts " + regular + " and " + boldPath;
        return false;
    }
    ImGui::StyleColorsLight();
    ImGuiStyle& st = ImGui::GetStyle();
    st.ScaleAllSizes(px / 13.0f);
    st.WindowRounding = 4;
    st.FrameRounding = 3;
    window.setActive(true);
    ImGui_ImplOpenGL2_Init();
    m_ready = true;
    return true;
}

ImGuiSfml::~ImGuiSfml() {
    if (!m_ready) return;
    ImGui_ImplOpenGL2_Shutdown();
    ImGui::DestroyContext();
}

void ImGuiSfml::event(const sf::Event& e) {
    ImGuiIO& io = ImGui::GetIO();
    switch (e.type) {
        case sf::Event::MouseMoved: io.MousePos = ImVec2(float(e.mouseMove.x), float(e.mouseMove.y)); break;
        case sf::Event::MouseButtonPressed:
        case sf::Event::MouseButtonReleased: {
            const int b = e.mouseButton.button;
            io.MousePos = ImVec2(float(e.mouseButton.x), float(e.mouseButton.y));
            if (b >= 0 && b < 3) io.MouseDown[b] = e.type == sf::Event::MouseButtonPressed;
            break;
        }
        case sf::Event::MouseWheelScrolled:
            if (e.mouseWheelScroll.wheel == sf::Mouse::VerticalWheel) io.MouseWheel += e.mouseWheelScroll.delta;
            else io.MouseWheelH += e.mouseWheelScroll.delta;
            break;
        case sf::Event::KeyPressed:
        case sf::Event::KeyReleased: {
            const bool down = e.type == sf::Event::KeyPressed;
            if (e.key.code >= 0 && e.key.code < 512) io.KeysDown[e.key.code] = down;
            io.KeyCtrl = e.key.control;
            io.KeyShift = e.key.shift;
            io.KeyAlt = e.key.alt;
            io.KeySuper = e.key.system;
            break;
        }
        case sf::Event::TextEntered:
            // control characters come as key presses; ImGui wants only text here
            if (e.text.unicode >= 32 && e.text.unicode != 127) io.AddInputCharacter(e.text.unicode);
            break;
        case sf::Event::LostFocus:
            for (bool& k : io.KeysDown) k = false;
            io.KeyCtrl = io.KeyShift = io.KeyAlt = io.KeySuper = false;
            break;
        default: break;
    }
}

void ImGuiSfml::newFrame(const sf::RenderWindow& window, float dt) {
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(float(window.getSize().x), float(window.getSize().y));
    io.DeltaTime = dt > 0 ? dt : 1.0f / 60.0f;
    ImGui_ImplOpenGL2_NewFrame();
    ImGui::NewFrame();
}

void ImGuiSfml::render(sf::RenderWindow& window) {
    ImGui::Render();
    window.pushGLStates();
    ImGui_ImplOpenGL2_RenderDrawData(ImGui::GetDrawData());
    window.popGLStates();
}

bool ImGuiSfml::wantsMouse() const { return ImGui::GetIO().WantCaptureMouse; }
bool ImGuiSfml::wantsKeyboard() const { return ImGui::GetIO().WantCaptureKeyboard; }
bool ImGuiSfml::wantsText() const { return ImGui::GetIO().WantTextInput; }

}  // namespace brink::render::detail
