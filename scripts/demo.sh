#!/usr/bin/env bash
# Install (if needed) and build the demo site into site/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
.venv/bin/opex build "$@"
# The site uses directory URLs, so it is read through a web server, not from file://.
echo "serve it: .venv/bin/python -m http.server -d site 8000, then open http://localhost:8000/"
echo "or preview while editing: .venv/bin/opex serve"
echo "or build a site that opens from a folder: .venv/bin/opex build --portable, then open site/index.html"
