"""Where a build is made before it becomes the site, and how it becomes the site.

A build writes into a staging folder beside the site folder (``.site.building-XXXX``) that
names its owner (process id and start time).  Only when everything succeeded does the staging
site take the site's place:

* where the system offers it (Linux's ``renameat2`` with ``RENAME_EXCHANGE``), old and new site
  trade places in one atomic step, so ``site/`` exists at every instant, old or new;
* elsewhere (another system, or a file system without the exchange), the old site is first
  moved into the staging folder and the new one then renamed into place: for the moment
  between the two renames there is no ``site/``.  A build killed in that moment leaves the old
  site inside its staging folder, and the next build puts it back before anything else.

Every build starts by clearing what killed builds left behind: staging folders whose owner is
no longer running (their old site restored first, where one is there and the site is missing).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import os
import shutil
import sys
import tempfile
from pathlib import Path

OWNER = "owner"
"""File in a staging folder naming the build that owns it: ``<pid> <start time>``."""
PREVIOUS = "previous"
"""Where the old site waits during a swap without the atomic exchange."""

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def prefix(site_dir: Path) -> str:
    return f".{site_dir.name}.building-"


def _start_time(pid: int) -> str:
    """When process ``pid`` started (Linux: field 22 of /proc/PID/stat), to tell it from a
    later process that got the same id; "" where not known."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    except OSError:
        return ""
    return stat.rsplit(")", 1)[-1].split()[19]


def _running(owner: str) -> bool:
    try:
        pid_text, _, started = owner.strip().partition(" ")
        pid = int(pid_text)
    except ValueError:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return not started or _start_time(pid) in ("", started)


def clear_leftovers(site_dir: Path) -> None:
    """Remove the staging folders of builds that are no longer running, putting back an old
    site that a build killed in the middle of a swap left in one."""
    parent = site_dir.parent
    if not parent.is_dir():
        return
    for folder in sorted(parent.glob(prefix(site_dir) + "*")):
        if not folder.is_dir():
            continue
        try:
            owner = (folder / OWNER).read_text(encoding="ascii")
        except OSError:
            owner = ""
        if _running(owner):
            continue
        previous = folder / PREVIOUS
        if previous.is_dir() and not site_dir.exists():
            os.replace(previous, site_dir)
        shutil.rmtree(folder, ignore_errors=True)


def make(site_dir: Path) -> Path:
    """A new staging folder beside ``site_dir``, marked with this process as its owner."""
    folder = Path(tempfile.mkdtemp(prefix=prefix(site_dir), dir=site_dir.parent))
    pid = os.getpid()
    (folder / OWNER).write_text(f"{pid} {_start_time(pid)}".strip() + "\n", encoding="ascii")
    return folder


def _exchange(a: Path, b: Path) -> bool:
    """Swap ``a`` and ``b`` atomically; False where the system or file system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def swap(new: Path, target: Path, staging: Path, *, atomic: bool = True) -> None:
    """Make ``new`` the site at ``target``: a reader sees the old or the new site, never a mix
    (and with the atomic exchange, always one of them).  The old site ends up in ``staging``,
    removed with it."""
    if not target.exists():
        os.replace(new, target)
        return
    if atomic and _exchange(new, target):
        return
    old = staging / PREVIOUS
    os.replace(target, old)
    try:
        os.replace(new, target)
    except OSError:
        with contextlib.suppress(OSError):
            os.replace(old, target)
        raise
