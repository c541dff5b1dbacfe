"""Where the test data, golden files and the repository are."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
REPO = TESTS.parent
"""The repository: the demo organisation and the tool."""
DATA = TESTS / "data"
"""Test data: ``valid/`` is a small, valid organisation; ``invalid/`` holds one case per rule;
``site/``, ``deployment/`` and ``hostile/`` are whole projects."""
GOLDEN = TESTS / "golden"
"""Golden files: expected pages and drawings, byte for byte."""
OUTPUT = TESTS / "output"
"""Screenshots and renderings a person looks at (not checked in)."""
SITE_FIXTURE = DATA / "site"
DEPLOYMENT_FIXTURE = DATA / "deployment"
HOSTILE_FIXTURE = DATA / "hostile"
