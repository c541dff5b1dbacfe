"""Build hostile variants of the site fixture: every free-text field filled with a payload."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from tests.support.paths import SITE_FIXTURE as FIXTURE

FREE_TEXT = frozenset({
    "name", "title", "note", "evidence", "feelings", "point", "detail", "action", "description",
    "summary", "purpose", "vision", "mission", "statement", "test", "role", "measure", "matter",
    "within", "who", "celebration", "unit", "organisation", "existing_engagement", "responsibilities",
    "objectives", "success_factors", "communication", "problem_solving", "onboarding", "deliverables",
    "gained", "improve", "audience",
})  # fmt: skip
"""Fields that hold free text (names, titles, notes, Markdown)."""

CONFIDENTIAL = frozenset({"feelings", "point", "detail", "action"})
"""Assessment fields the staff edition hides by default (feelings, resistance points, root-cause
details, engagement-plan actions)."""

XSS_PAYLOADS = [
    "<script>alert('x1')</script>",
    "<img src=x onerror=alert('x2')>",
    "[click](javascript:alert('x3'))",
    "<a href=\"jav&#x61;script:alert('x4')\">x4</a>",
    "<a href=\" JaVaScRiPt:alert('x5')\">x5</a>",
    "<iframe src=\"javascript:alert('x6')\"></iframe>",
    "<style>body{display:none}</style>",
    "<svg onload=alert('x7')><circle r=5 /></svg>",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgneDgnKTwvc2NyaXB0Pg==)",
    "<a href=\"vbscript:msgbox('x9')\">x9</a>",
    '<div onmouseover="alert(\'x10\')" style="position:fixed;inset:0">cover</div>',
    "<img src=http://203.0.113.9/track.png>",
    "![remote](http://203.0.113.9/pixel.gif)",
    "<link rel=stylesheet href=http://203.0.113.9/x.css>",
    "<object data=\"javascript:alert('x11')\"></object>",
    "<details open ontoggle=alert('x12')>",
]


def _rewrite(value: Any, key: str | None, make: Any) -> Any:
    if isinstance(value, dict):
        return {k: _rewrite(v, k, make) for k, v in value.items()}
    if isinstance(value, list):
        return [_rewrite(v, key, make) for v in value]
    if isinstance(value, str) and key in FREE_TEXT and key != "audience":
        return make(key, value)
    return value


def write_variant(target: Path, make: Any) -> Path:
    """Copy the site fixture to ``target`` with ``make(field, old_text)`` in every free-text field."""
    shutil.copytree(FIXTURE, target)
    for path in sorted((target / "content").rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data = _rewrite(data, None, make)
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return target


CANARY = "zqxcanary"
"""Written into every confidential field of the canary project: it must not reach a staff site."""


def write_canary_project(root: Path) -> Path:
    """The site fixture with a canary in every confidential field and one confidential record."""
    import itertools

    import yaml

    counter = itertools.count(1)

    def make(key: str, old: str) -> str:
        return f"{CANARY}{next(counter)} {key} secret {old}" if key in CONFIDENTIAL else old

    write_variant(root, make)
    path = root / "content" / "initiatives" / "service-contracts.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(confidential=True, summary=f"{CANARY}0 a confidential strategic bet on uptime")
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return root
