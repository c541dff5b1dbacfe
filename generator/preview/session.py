"""One preview session: the last good site, the problems of the last save, and the rebuilds.

Every save of a watched file (records, playbooks, ``docs/``, templates, ``mkdocs.yml``) asks for
a rebuild; rebuilds run one at a time on their own thread while pages are served from the last
good :class:`~generator.preview.engine.Snapshot`.  A save that breaks the records (YAML,
validation, a template, a MkDocs warning) changes nothing that is served but the banner listing
the problems (:attr:`Preview.problems`); the next good save clears it.  Printable documents are
made when first asked for and kept while the HTML they are made from is unchanged.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.config.settings import Settings
from generator.errors import ContentError, OpexError
from generator.pages.tracking import PageMemo
from generator.pipeline.build import Result, build_pages
from generator.pipeline.printed import printed_document, printed_source
from generator.preview.engine import Engine, Outcome, PreviewWarnings
from generator.preview.snapshot import Snapshot

log = logging.getLogger("opex.preview")

SETTLE = 0.03
"""Seconds a save waits for the saves that come with it (an editor writes, renames, touches)."""
COLLECT_WHEN_IDLE = 2.0
"""Seconds without a save after which the garbage of the last builds is collected (after the
browser has reloaded the page: a collection holds every thread for a moment)."""
COLLECT_EVERY = 3
"""Builds after which the garbage is collected before the next one even without a pause."""
SWEEP_WHEN_IDLE = 60.0
"""Seconds without a save after which everything is collected, the frozen objects too."""
IGNORED_PARTS = (".git", ".cache", "__pycache__", "node_modules")
IGNORED_SUFFIXES = ("~", ".swp", ".swx", ".tmp", ".part")


class Preview:
    """The state the server reads and the rebuild thread writes."""

    def __init__(self, load: Callable[[], Settings]) -> None:
        """``load()`` reads the settings (again at every rebuild: ``mkdocs.yml`` may change)."""
        self.load = load
        self.settings = load()
        self.memo = PageMemo()
        """Each page's Markdown with what it read, reused while that is unchanged."""
        self.engine = Engine(self.settings, self._prepare)
        self.snapshot: Snapshot | None = None
        self.problems: list[str] = []
        self.epoch = 0
        """Bumped whenever what a page shows changes (a new snapshot, new problems)."""
        self.changed = threading.Condition()
        self._wanted: list[str] = []
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._prints: dict[str, tuple[str, bytes]] = {}
        self._print_lock = threading.Lock()
        self.last: Outcome | None = None
        self._uncollected = 0
        """Builds since the garbage was last collected (see :meth:`rebuild`)."""
        self._unswept = False
        """Objects were frozen since everything was last collected (see :meth:`collect`)."""

    def _prepare(self) -> tuple[Settings, Result]:
        settings = self.load()
        result = build_pages(settings, with_pdfs=False, memo=self.memo)
        self.settings = settings
        return settings, result

    # -- rebuilding ---------------------------------------------------------------------------

    def rebuild(self, because: str = "start") -> bool:
        """Build once; True when a new snapshot is served, False when the save had problems.

        Python's cyclic garbage collector is off while it builds: with every record and page
        in memory, each of its full passes walks millions of objects (a fifth of a save at
        10,000 records).  The garbage a build leaves is collected once the preview is idle
        (:meth:`run`)."""
        enabled = gc.isenabled()
        gc.disable()
        try:
            return self._rebuild(because)
        finally:
            self._uncollected += 1
            if enabled:
                gc.enable()

    def _rebuild(self, because: str) -> bool:
        started = time.perf_counter()
        try:
            snapshot, outcome = self.engine.build()
        except ContentError as exc:
            errors = [p.format() for p in exc.problems if p.severity == "error"]
            return self._failed(errors or [p.format() for p in exc.problems], because, started)
        except PreviewWarnings as exc:
            return self._failed(exc.messages, because, started)
        except OpexError as exc:
            return self._failed(str(exc).splitlines(), because, started)
        except Exception as exc:  # MkDocs' and the theme's own errors: shown, never fatal
            return self._failed([f"{type(exc).__name__}: {exc}"], because, started)
        if self.snapshot is None:
            # The first build made nearly everything the session keeps: collected and frozen
            # now, before its pages are served, so that no collection after a save walks it
            # (two seconds at 10,000 records).
            gc.collect()
            gc.freeze()
            self._unswept = True
        with self.changed:
            self.snapshot, self.problems, self.last = snapshot, [], outcome
            self.epoch += 1
            self.changed.notify_all()
        log.info(
            "%s: rebuilt in %d ms, %d of %d pages rendered again (%d from their templates)",
            because,
            round(outcome.seconds * 1000),
            outcome.rendered,
            outcome.pages,
            self.memo.rendered,
        )
        return True

    def _failed(self, problems: list[str], because: str, started: float) -> bool:
        with self.changed:
            self.problems = problems
            self.epoch += 1
            self.changed.notify_all()
        elapsed = round((time.perf_counter() - started) * 1000)
        serving = "still serving the last good pages" if self.snapshot else "nothing to serve yet"
        log.warning(
            "%s: %d problem%s (%d ms), %s:\n  %s",
            because,
            len(problems),
            "" if len(problems) == 1 else "s",
            elapsed,
            serving,
            "\n  ".join(problems),
        )
        return False

    def saved(self, path: str) -> None:
        """A watched file changed (called from the watcher's thread)."""
        if _ignored(path):
            return
        self._wanted.append(path)
        self._wake.set()

    def run(self) -> None:
        """The rebuild loop (its own thread): one rebuild per burst of saves."""
        while not self._stop.is_set():
            if self._uncollected:
                idle: float | None = COLLECT_WHEN_IDLE
            else:
                idle = SWEEP_WHEN_IDLE if self._unswept else None
            woken = self._wake.wait(idle)
            if self._stop.is_set():
                return
            if not woken:  # idle: the builds' garbage now, or after a long pause everything
                self.collect(everything=not self._uncollected)
                continue
            if self._uncollected >= COLLECT_EVERY:
                self.collect()  # saving without a pause
            time.sleep(SETTLE)
            self._wake.clear()
            wanted, self._wanted = self._wanted, []
            self.rebuild(_because(wanted, self.settings.root))

    def collect(self, everything: bool = False) -> None:
        """Collect the garbage of the builds since the last collection.

        What is alive after a collection is frozen (``gc.freeze``): the next collections walk
        only what later builds made, a tenth of a second at 10,000 records rather than two or
        more.  A build leaves little cyclic garbage (a few hundred objects), so what is frozen
        and then dropped waits for ``everything``: the collection after a long pause, which
        walks the frozen objects too."""
        if everything:
            gc.unfreeze()
        gc.collect()
        gc.freeze()
        self._uncollected = 0
        self._unswept = not everything

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self.engine.close()

    def wait_for_change(self, epoch: int, timeout: float) -> int:
        """The epoch once it differs from ``epoch`` (or after ``timeout`` seconds)."""
        with self.changed:
            self.changed.wait_for(lambda: self.epoch != epoch, timeout=timeout)
            return self.epoch

    # -- printable documents ------------------------------------------------------------------

    def printed(self, path: str) -> bytes | None:
        """The PDF at site path ``path`` of the current snapshot, made now if it has changed."""
        snapshot = self.snapshot
        if snapshot is None or snapshot.result is None:
            return None
        result = snapshot.result
        cat = result.visible if result.visible is not None else result.catalogue
        with self._print_lock:
            source = printed_source(cat, self.settings, path)
            if source is None:
                return None
            key = hashlib.sha256(source.encode("utf-8")).hexdigest()
            kept = self._prints.get(path)
            if kept is not None and kept[0] == key:
                return kept[1]
            data = printed_document(cat, self.settings, path)
            if data is not None:
                self._prints[path] = (key, data)
            return data


def _ignored(path: str) -> bool:
    parts = Path(path).parts
    name = parts[-1] if parts else ""
    return (
        any(p in IGNORED_PARTS for p in parts)
        or name.endswith(IGNORED_SUFFIXES)
        or name.startswith((".#", "#"))
    )


def _because(paths: list[str], root: Path) -> str:
    """The log line's start: which files changed."""
    names = []
    for path in dict.fromkeys(paths):
        try:
            names.append(Path(path).resolve().relative_to(root.resolve()).as_posix())
        except ValueError:
            names.append(path)
    if not names:
        return "rebuild"
    more = f" and {len(names) - 3} more" if len(names) > 3 else ""
    return ", ".join(names[:3]) + more + " changed"


def watch(preview: Preview, folders: list[Path], files: list[Path]) -> Callable[[], None]:
    """Watch ``folders`` (recursively) and ``files`` with watchdog (MkDocs' own watcher); returns
    what stops it."""
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    class Handler(FileSystemEventHandler):
        def __init__(self, only: set[str] | None = None) -> None:
            self.only = only

        def on_any_event(self, event: Any) -> None:
            if event.is_directory or event.event_type in ("opened", "closed_no_write"):
                return
            for path in (event.src_path, getattr(event, "dest_path", "")):
                if path and (self.only is None or str(Path(path).resolve()) in self.only):
                    preview.saved(str(path))

    observer = Observer()
    for folder in folders:
        if folder.is_dir():
            observer.schedule(Handler(), str(folder), recursive=True)
    by_parent: dict[Path, set[str]] = {}
    for file in files:
        by_parent.setdefault(file.parent.resolve(), set()).add(str(file.resolve()))
    for parent, names in by_parent.items():
        observer.schedule(Handler(names), str(parent), recursive=False)
    observer.daemon = True
    observer.start()

    def stop() -> None:
        observer.stop()
        observer.join(timeout=2)

    return stop
