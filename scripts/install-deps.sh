#!/usr/bin/env bash
# Installs what building, running and testing Gatehouse needs on Debian/Ubuntu, and only
# what is missing. Usage: scripts/install-deps.sh run|test
set -euo pipefail
what="${1:-test}"

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# Tauri's WebKitGTK stack (needed to build and run the desktop app).
run_pkgs=(build-essential pkg-config curl file libssl-dev libwebkit2gtk-4.1-dev libxdo-dev
  libayatana-appindicator3-dev librsvg2-dev)
# External tools the tests use as independent verifiers, and the headless display.
test_pkgs=(xvfb xauth x11-utils webkit2gtk-driver age sqlite3 dbus-x11
  qpdf poppler-utils minisign fonts-dejavu-core libreoffice-calc-nogui python3-venv jq openssl
  xdotool)

pkgs=("${run_pkgs[@]}")
if [ "$what" = "test" ]; then pkgs+=("${test_pkgs[@]}"); fi

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
  $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "install-deps: installing nodejs and npm"
  $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq nodejs npm >/dev/null
fi

if [ "$what" = "test" ]; then
  if ! command -v cargo-nextest >/dev/null 2>&1; then
    echo "install-deps: installing cargo-nextest"
    cargo install cargo-nextest --locked
  fi
  if ! command -v cargo-machete >/dev/null 2>&1; then
    echo "install-deps: installing cargo-machete"
    cargo install cargo-machete --version '^0.9' --locked
  fi
  if ! command -v tauri-driver >/dev/null 2>&1; then
    echo "install-deps: installing tauri-driver 2"
    cargo install tauri-driver --version '^2' --locked
  fi
fi

if [ "$what" = "test" ]; then
  # An independent BagIt validator for the audit package's tests: the Library of Congress's
  # `bagit` from PyPI (not packaged in Debian 12), in a virtual environment of its own.
  venv="$(dirname "$0")/../target/tools/py"
  if [ ! -x "$venv/bin/bagit.py" ]; then
    echo "install-deps: installing the bagit validator (PyPI) in target/tools/py"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check 'bagit==1.9.*'
  fi
fi
