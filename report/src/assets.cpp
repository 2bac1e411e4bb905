// The vendored chart libraries (report/vendor/), built into the executable so that a page
// can inline them with no file to find at run time. The assembler's .incbin reads each file
// whole at compile time; CMake makes this file depend on them.
#include "assets.hpp"

#define BRINK_INCBIN(name, file)                                                     \
    __asm__(".section .rodata\n"                                                     \
            ".global " #name "\n"                                                    \
            ".balign 16\n" #name ":\n"                                               \
            ".incbin \"" BRINK_REPORT_VENDOR_DIR "/" file "\"\n"                     \
            ".global " #name "_end\n" #name "_end:\n"                                \
            ".byte 0\n"                                                              \
            ".previous\n")

BRINK_INCBIN(brink_vega_js, "vega.min.js");
BRINK_INCBIN(brink_vega_lite_js, "vega-lite.min.js");

extern "C" {
extern const char brink_vega_js[];
extern const char brink_vega_js_end[];
extern const char brink_vega_lite_js[];
extern const char brink_vega_lite_js_end[];
}

namespace brink::report::detail {

std::string_view vegaJs() { return {brink_vega_js, static_cast<std::size_t>(brink_vega_js_end - brink_vega_js)}; }
std::string_view vegaLiteJs() { return {brink_vega_lite_js, static_cast<std::size_t>(brink_vega_lite_js_end - brink_vega_lite_js)}; }

}  // namespace brink::report::detail
