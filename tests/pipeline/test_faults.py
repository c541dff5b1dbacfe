"""Nothing lost, nothing left behind: builds killed at any point (SIGKILL included), full disks,
read-only or impossible output folders, unreadable files, closed pipes, Ctrl-C and SIGTERM.

Real builds are stopped at chosen points: a small script patches the function where the build
should stop so that it writes a marker (and the ids of the second processes it started) and
waits; the test then sends the signal.  Everything else is the real ``opex build``.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.builds import EPOCH, Built, tree_digest

pytestmark = pytest.mark.slow

STOPPER = r"""
import os, sys, time
marker, point = sys.argv[1], sys.argv[2]
argv = sys.argv[3:]

def mark(what):
    with open(marker, "a") as fh:
        fh.write(f"{what} {os.getpid()}\n")

def stop_here(name):
    mark(name)
    time.sleep(600)

from generator import forking
real_start = forking.start
def start(target, args, name):
    process = real_start(target, args, name)
    mark(f"child:{name}:{process.pid}")
    return process
forking.start = start

if point == "validation":
    from generator.pipeline import build
    real_load = build.load
    def load(settings, memo=None):
        stop_here("validation")
    build.load = load
elif point == "rendering":
    from generator.pages import render
    render.PARALLEL_PAGES = 1  # two processes render, as for a large site
    def half(work, specs, sender):
        stop_here("child-rendering")
    render._work_half = half
    real_page = render.render_page
    count = [0]
    def page(env, site, spec):
        count[0] += 1
        if count[0] == 3:
            stop_here("rendering")
        return real_page(env, site, spec)
    render.render_page = page
elif point == "mkdocs":
    from mkdocs.commands import build as mkbuild
    real_build_page = mkbuild._build_page
    count = [0]
    def build_page(*args, **kwargs):
        count[0] += 1
        if count[0] == 5:
            stop_here("mkdocs")
        return real_build_page(*args, **kwargs)
    mkbuild._build_page = build_page
elif point in ("swap", "between-renames"):
    from generator.pipeline import staging
    real_swap = staging.swap
    if point == "swap":
        def swap(new, target, folder, atomic=True):
            stop_here("swap")
        staging.swap = swap
    else:
        import os as real_os, types
        calls = [0]
        def replace(a, b):
            calls[0] += 1
            if calls[0] == 2:
                stop_here("between-renames")
            return real_os.replace(a, b)
        staging.os = types.SimpleNamespace(**{k: getattr(real_os, k) for k in dir(real_os) if not k.startswith("__")})
        staging.os.replace = replace
        def swap(new, target, folder, atomic=True):
            return real_swap(new, target, folder, atomic=False)
        staging.swap = swap

from generator.cli.app import main
sys.exit(main(argv))
"""


def start_build(project: Path, point: str, marker: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", STOPPER, str(marker), point, "--root", str(project), "build",
         "--quiet", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH},
    )  # fmt: skip


def wait_for(marker: Path, word: str, process: subprocess.Popen[str], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if marker.exists() and any(
            line.split()[0] == word for line in marker.read_text().splitlines()
        ):
            return
        if process.poll() is not None:
            raise AssertionError(f"the build ended before {word}: {process.stderr.read()}")  # type: ignore[union-attr]
        time.sleep(0.05)
    raise AssertionError(f"the build never reached {word}")


def children(marker: Path) -> list[int]:
    return [
        int(line.split()[0].split(":")[-1])
        for line in marker.read_text().splitlines()
        if line.startswith("child:")
    ]


def gone(pid: int, timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/stat") as fh:
                if fh.read().rsplit(")", 1)[-1].split()[0] == "Z":
                    return True  # a zombie waiting for its new parent: no longer running
        except FileNotFoundError:
            return True
        time.sleep(0.05)
    return False


def leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith(".site.building-"))


@pytest.fixture
def project(site_build: Built, tmp_path: Path) -> Path:
    """A copy of the built site fixture: its previous site is the session's build."""
    return site_build.copy(tmp_path / "project")


@pytest.mark.parametrize(
    ("point", "args", "second"),
    [
        ("validation", (), None),
        ("rendering", ("--no-cache",), "opex-render"),  # a cold build renders every page
        ("mkdocs", ("--audience", "staff"), "opex-leak-check"),
        ("swap", (), None),
    ],
)
def test_a_killed_build_leaves_no_process_and_the_next_one_cleans_up(
    project: Path,
    tmp_path: Path,
    opex,
    point: str,
    args: tuple[str, ...],
    second: str | None,  # type: ignore[no-untyped-def]
) -> None:
    before = tree_digest(project / "site")
    marker = tmp_path / "marker"
    build = start_build(project, point, marker, *args)
    try:
        wait_for(marker, point, build)
        if second is not None:
            assert any(f"child:{second}:" in line for line in marker.read_text().splitlines())
        build.send_signal(signal.SIGKILL)
        build.wait(timeout=30)
    finally:
        if build.poll() is None:
            build.kill()
        build.communicate()
    for pid in children(marker):
        assert gone(pid), f"process {pid} outlived the killed build"
    assert tree_digest(project / "site") == before  # the old site, whole
    run = opex("--root", str(project), "build", "--quiet", *args)
    assert run.code == 0, run.err
    assert leftovers(project) == []


def test_killed_between_the_two_renames_the_next_build_puts_the_old_site_back(
    project: Path,
    tmp_path: Path,
    opex,  # type: ignore[no-untyped-def]
) -> None:
    """Without the atomic exchange there is a moment without site/: a build killed in it leaves
    the old site in its staging folder, and the next build restores it before anything else,
    even when its own content is broken."""
    before = tree_digest(project / "site")
    marker = tmp_path / "marker"
    build = start_build(project, "between-renames", marker)
    try:
        wait_for(marker, "between-renames", build)
        build.send_signal(signal.SIGKILL)
        build.wait(timeout=30)
    finally:
        if build.poll() is None:
            build.kill()
        build.communicate()
    assert not (project / "site").exists()
    broken = project / "content" / "leaders" / "cole-baker.yaml"
    broken.write_text(broken.read_text(encoding="utf-8") + "levle: senior\n", encoding="utf-8")
    run = opex("--root", str(project), "build", "--quiet")
    assert run.code == 1
    assert tree_digest(project / "site") == before
    assert leftovers(project) == []


def test_the_swap_is_atomic_where_the_system_allows(tmp_path: Path) -> None:
    from generator.pipeline import staging

    old, new = tmp_path / "site", tmp_path / "folder" / "site"
    old.mkdir()
    (old / "index.html").write_text("old")
    new.mkdir(parents=True)
    (new / "index.html").write_text("new")
    if not staging._exchange(tmp_path / "folder" / "site", tmp_path / "site"):
        pytest.skip("no atomic exchange on this system or file system")
    assert (old / "index.html").read_text() == "new"
    assert (new / "index.html").read_text() == "old"


@pytest.mark.parametrize(
    ("signum", "code", "words"),
    [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")],
)
def test_ctrl_c_and_sigterm_end_quietly(
    project: Path, tmp_path: Path, signum: int, code: int, words: str
) -> None:
    before = tree_digest(project / "site")
    marker = tmp_path / "marker"
    build = start_build(project, "mkdocs", marker, "--audience", "staff")
    try:
        wait_for(marker, "mkdocs", build)
        build.send_signal(signum)
        out, err = build.communicate(timeout=60)
    finally:
        if build.poll() is None:
            build.kill()
    assert (build.returncode, out) == (code, "")
    assert err.splitlines()[-1] == f"opex: {words}"  # after the content warning, nothing more
    assert "Traceback" not in err
    for pid in children(marker):
        assert gone(pid)
    assert tree_digest(project / "site") == before
    assert leftovers(project) == []


def test_a_closed_pipe_ends_quietly(project: Path) -> None:
    """``opex validate --format json | head``: the reader went away, the command stops at once."""
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "generator.cli", "--root", str(project), "validate", "--format", "json"],
            stdout=write, stderr=subprocess.PIPE, text=True, timeout=120,
        )  # fmt: skip
    finally:
        os.close(write)
    assert (done.returncode, done.stderr) == (141, "")


def test_a_full_disk_is_one_line_and_keeps_the_previous_site(
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    opex,  # type: ignore[no-untyped-def]
) -> None:
    from mkdocs import utils
    from mkdocs.commands import build

    before = tree_digest(project / "site")
    written: list[str] = []
    real = utils.write_file

    def write_file(content: bytes, output_path: str) -> None:
        written.append(output_path)
        if len(written) == 4:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), output_path)
        real(content, output_path)

    monkeypatch.setattr(utils, "write_file", write_file)
    monkeypatch.setattr(build.utils, "write_file", write_file)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    run = opex("--root", str(project), "build", "--quiet")
    assert run.code == 1
    assert run.err.splitlines()[-1] == f"opex: error: {written[3]}: No space left on device"
    assert "Traceback" not in run.err
    assert tree_digest(project / "site") == before
    assert leftovers(project) == []


def test_a_folder_that_cannot_be_written_is_one_line(
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    opex,  # type: ignore[no-untyped-def]
) -> None:
    """A read-only output folder (made to refuse here: the tests run as root, whom permissions
    do not stop) and one that cannot exist (inside a file)."""
    import tempfile

    before = tree_digest(project / "site")

    def refuse(*args: object, dir: str = "", **kwargs: object) -> str:  # noqa: A002
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), dir)

    monkeypatch.setattr(tempfile, "mkdtemp", refuse)
    run = opex("--root", str(project), "build", "--quiet")
    assert (run.code, run.err.splitlines()[-1]) == (1, f"opex: error: {project}: Permission denied")
    assert tree_digest(project / "site") == before
    monkeypatch.undo()
    (project.parent / "a-file").write_text("not a folder")
    run = opex(
        "--root",
        str(project),
        "build",
        "--quiet",
        "--site-dir",
        str(project.parent / "a-file" / "site"),
    )
    assert (run.code, run.err.splitlines()[-1]) == (
        1,
        f"opex: error: {project.parent / 'a-file'}: Not a directory",
    )


def test_an_unreadable_record_file_is_named_with_its_cause(
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    opex,  # type: ignore[no-untyped-def]
) -> None:
    from generator.records import catalogue

    real_open = open

    def guarded(path: object, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if str(path).endswith("cole-baker.yaml"):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(catalogue, "open", guarded, raising=False)
    run = opex("--root", str(project), "validate")
    assert run.code == 1
    assert "content/leaders/cole-baker.yaml: leader: cannot read file: Permission denied" in run.err
