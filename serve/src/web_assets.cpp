// The page's files (serve/web/), built into the executable: the server needs no file at
// run time besides the fonts. The assembler's .incbin reads each file whole at compile
// time; CMake makes this file depend on them.
#include <string_view>

#include "brink/serve/server.hpp"

#define BRINK_SERVE_INCBIN(name, file)                                               \
    __asm__(".section .rodata\n"                                                     \
            ".global " #name "\n"                                                    \
            ".balign 16\n" #name ":\n"                                               \
            ".incbin \"" BRINK_SERVE_WEB_DIR "/" file "\"\n"                         \
            ".global " #name "_end\n" #name "_end:\n"                                \
            ".byte 0\n"                                                              \
            ".previous\n")

BRINK_SERVE_INCBIN(brink_serve_index_html, "index.html");
BRINK_SERVE_INCBIN(brink_serve_app_js, "app.js");
BRINK_SERVE_INCBIN(brink_serve_app_css, "app.css");

extern "C" {
extern const char brink_serve_index_html[];
extern const char brink_serve_index_html_end[];
extern const char brink_serve_app_js[];
extern const char brink_serve_app_js_end[];
extern const char brink_serve_app_css[];
extern const char brink_serve_app_css_end[];
}

namespace brink::serve {

std::string_view indexHtml() { return {brink_serve_index_html, static_cast<std::size_t>(brink_serve_index_html_end - brink_serve_index_html)}; }
std::string_view appJs() { return {brink_serve_app_js, static_cast<std::size_t>(brink_serve_app_js_end - brink_serve_app_js)}; }
std::string_view appCss() { return {brink_serve_app_css, static_cast<std::size_t>(brink_serve_app_css_end - brink_serve_app_css)}; }

}  // namespace brink::serve
