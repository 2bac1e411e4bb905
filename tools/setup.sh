#!/usr/bin/env bash
# Brink set-up for Debian 12: installs every package the build and tests need (skipping
# those already installed), then configures and builds with a CMake preset.
#
#   tools/setup.sh              install what is missing, configure and build (preset: release)
#   BRINK_PRESET=debug tools/setup.sh
#   BRINK_PRESET=sanitize tools/setup.sh   (clang with AddressSanitizer and UBSan; fuzz targets)
#
# Safe to run again: it installs nothing that is there and rebuilds only what changed.
set -euo pipefail
cd "$(dirname "$0")/.."

preset="${BRINK_PRESET:-release}"

# Build tools and libraries (see README, "Dependencies").
packages=(
  g++ cmake ninja-build pkg-config
  libboost1.81-dev libboost-program-options1.81-dev libboost-json1.81-dev
  libyaml-cpp-dev libspdlog-dev catch2
  libsfml-dev fonts-dejavu-core libgl1-mesa-dri xvfb xauth   # the map (brink render) and its tests
  libfreetype-dev   # the map as SVG for brink serve's pages: text measured with no display
  libqrencode-dev zbar-tools   # brink serve --qr: join addresses as QR codes, read back by its test
  libimgui-dev libstb-dev xdotool   # the play window's panels (Dear ImGui 1.86), and its test from outside
  libsqlitecpp-dev sqlite3
  libboost-mpi1.81-dev libboost-serialization1.81-dev libopenmpi-dev openmpi-bin
  libsqlite3-dev
  clang libclang-rt-14-dev   # the sanitize preset: AddressSanitizer, UBSan, libFuzzer
  python3-pandas   # the docs' Python examples and their test
  chromium   # brink report's and brief's pages, opened headless by their tests
  firefox-esr   # brink serve's pages are tested in Firefox as well as in Chromium
  iproute2   # brink serve's network test puts the server on a machine of its own (a network namespace)
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup: need root or sudo to install packages" >&2; exit 1; }
    sudo="sudo"
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: all ${#packages[@]} packages present"
fi

cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
