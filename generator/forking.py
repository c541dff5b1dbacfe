"""A second process for work that can run beside the first: parallel rendering and the leak
check.  Both fork (the child starts with everything already computed) and both fall back to
doing the work in this process where forking is not safe or not worth it.

A child never outlives the build that started it: it asks the kernel to kill it when its parent
dies (Linux's ``PR_SET_PDEATHSIG``; elsewhere a watchdog thread notices the parent is gone), so a
build killed at any moment, ``SIGKILL`` included, leaves no process of ours behind.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

_PR_SET_PDEATHSIG = 1


def available() -> bool:
    """Can a second process be forked safely, and would it run beside this one?

    Not without ``fork``, not on one core, and not while other threads run (as under
    ``mkdocs serve``): a forked child gets copies of their locks in whatever state they were.
    """
    return (
        "fork" in multiprocessing.get_all_start_methods()
        and (os.cpu_count() or 1) >= 2
        and threading.active_count() == 1
    )


def context() -> Any:
    """The ``fork`` multiprocessing context (for the pipes and queues to the child)."""
    return multiprocessing.get_context("fork")


def die_with_parent(parent: int) -> None:
    """In a child process: end this process as soon as ``parent`` (its parent's pid) is gone."""
    armed = False
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            armed = libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
        except (OSError, AttributeError):
            armed = False
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)
    if not armed:
        threading.Thread(
            target=_watch, args=(parent,), name="opex-watch-parent", daemon=True
        ).start()


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _child(parent: int, target: Callable[..., None], args: tuple[Any, ...]) -> None:
    die_with_parent(parent)
    target(*args)


def start(target: Callable[..., None], args: tuple[Any, ...], name: str) -> Any:
    """Fork and start a daemon process running ``target(*args)``; return it.  The child dies
    with this process (see :func:`die_with_parent`)."""
    process = context().Process(
        target=_child, args=(os.getpid(), target, args), name=name, daemon=True
    )
    sys.stdout.flush()  # or the child would write out what is still buffered a second time
    sys.stderr.flush()
    # Objects alive now are frozen so the child's garbage collector never touches (and so never
    # copies) them; unfrozen right after the fork unless the caller had frozen them already
    # (``opex build`` does, for the whole MkDocs build).
    frozen = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        process.start()
    finally:
        if not frozen:
            gc.unfreeze()
    return process
