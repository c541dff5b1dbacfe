#!/usr/bin/env bash
# Install everything OpEx Playbooks needs on a fresh Debian machine (run as root):
# Debian packages for PDF rendering and browser tests, libyaml's headers for the loader's C fast
# path, then the project in .venv/, and axe-core (npm) for the accessibility test.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(chromium poppler-utils fonts-dejavu-core libyaml-dev gcc)
missing=()
for pkg in "${packages[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
# npm for axe-core: Debian's, unless the machine has Node.js and npm already (from elsewhere).
command -v npm >/dev/null 2>&1 || missing+=(npm)
if ((${#missing[@]})); then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test]"

# axe-core, the version tests/browser/axe/package-lock.json pins (npm checks its integrity hash),
# into tests/browser/axe/node_modules/ (not tracked) for tests/browser/test_accessibility.py.
npm ci --prefix tests/browser/axe --no-audit --no-fund --loglevel=error
