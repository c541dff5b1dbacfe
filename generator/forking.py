"""A second process for work that can run beside the first: parallel rendering and the leak
check.  Both fork (the child starts with everything already computed) and both fall back to
doing the work in this process where forking is not safe or not worth it."""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable
from typing import Any


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


def start(target: Callable[..., None], args: tuple[Any, ...], name: str) -> Any:
    """Fork and start a daemon process running ``target(*args)``; return it."""
    process = context().Process(target=target, args=args, name=name, daemon=True)
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
