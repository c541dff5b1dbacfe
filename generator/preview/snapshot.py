"""What the preview serves: one complete build, its pages in memory, its static files on disk."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.pipeline.build import Result


@dataclass
class Snapshot:
    """One complete build: generated outputs in memory, static files in ``static_dir``."""

    outputs: dict[str, bytes]
    """Site-relative path (``leaders/alex/index.html``) -> bytes, for every page and every
    generated file."""
    static_dir: Path
    """Where MkDocs copied the static files (theme assets, files of ``docs/``)."""
    result: Result | None = None
    """The records and pages it was made from (None before the first build)."""

    def get(self, path: str) -> bytes | None:
        """The bytes served at site-relative ``path``, or None."""
        data = self.outputs.get(path)
        if data is not None:
            return data
        candidate = (self.static_dir / path).resolve()
        if not candidate.is_relative_to(self.static_dir.resolve()) or not candidate.is_file():
            return None
        try:
            return candidate.read_bytes()
        except OSError:
            return None

    def paths(self) -> set[str]:
        """Every site-relative path this snapshot serves."""
        static = {
            p.relative_to(self.static_dir).as_posix()
            for p in self.static_dir.rglob("*")
            if p.is_file()
        }
        return static | set(self.outputs)

    def write(self, folder: Path) -> None:
        """The whole site as files under ``folder`` (what ``mkdocs build`` would write)."""
        for path in sorted(self.paths()):
            data = self.get(path)
            if data is None:
                continue
            target = folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
