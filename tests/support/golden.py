"""The one golden-file helper: output compared byte for byte with a file under tests/golden/.

    OPEX_UPDATE_GOLDEN=1 pytest tests/pages

writes the files anew instead of comparing; review the diff before committing.
"""

from __future__ import annotations

import os
from pathlib import Path

from tests.support.paths import GOLDEN

UPDATE = os.environ.get("OPEX_UPDATE_GOLDEN") == "1"


def check_golden(name: str, text: str) -> None:
    """``text`` must be ``tests/golden/<name>`` exactly (written there under OPEX_UPDATE_GOLDEN=1)."""
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    assert path.is_file(), (
        f"no golden file tests/golden/{name}: run with OPEX_UPDATE_GOLDEN=1 to create it"
    )
    assert text == path.read_text(encoding="utf-8"), (
        f"{name} differs from tests/golden/{name} (OPEX_UPDATE_GOLDEN=1 to accept the change)"
    )


def golden_names(folder: str) -> list[str]:
    """The golden files under ``tests/golden/<folder>``, relative to it, sorted."""
    root = GOLDEN / folder
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def golden_root() -> Path:
    return GOLDEN
