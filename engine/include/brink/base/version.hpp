#pragma once
/// Brink's version, from CMake's project() version.
#ifndef BRINK_VERSION
#define BRINK_VERSION "0.0.0"
#endif
