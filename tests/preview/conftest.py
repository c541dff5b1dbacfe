"""What the preview tests share: a session's first build freezes what it made (``gc.freeze``,
see :class:`~generator.preview.session.Preview`); each test's frozen objects are let go after
it, so that they are collected and the next test starts with nothing frozen."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _nothing_frozen_after() -> Iterator[None]:
    yield
    gc.unfreeze()
