#pragma once
/// Programmer mistakes are assertions (bad user input never is): checked in debug builds,
/// compiled out of release builds, where the hot loop must not pay for them.
#include <cstdio>
#include <cstdlib>

#ifndef NDEBUG
#define BRINK_ASSERT(cond, msg)                                                                         \
    do {                                                                                                \
        if (!(cond)) {                                                                                  \
            std::fprintf(stderr, "%s:%d: brink internal error: %s (%s)\n", __FILE__, __LINE__, msg, #cond); \
            std::abort();                                                                               \
        }                                                                                               \
    } while (0)
#else
#define BRINK_ASSERT(cond, msg) ((void)0)
#endif
