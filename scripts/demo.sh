#!/usr/bin/env bash
# Install (if needed) and build the demo site into site/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
.venv/bin/opex build "$@"
echo "open site/index.html, or serve it: .venv/bin/python -m http.server -d site 8000"
