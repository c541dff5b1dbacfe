"""Which of the preview's kept pages read each token (see :mod:`generator.pages.tracking`), so
that a save checks only the pages that read a token whose print changed, not every read of
every page (some 200,000 at 10,000 records, most of a save's check of the kept pages)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from generator.pages.noting import Token


class Readers:
    """The pages of the last render by each token they read.

    Trusted only after a render that went to its end (:attr:`complete`): a render that stopped
    part way (a template's error) left the pages of the render before it, which the next
    render checks read by read, and then indexes afresh."""

    def __init__(self) -> None:
        self.by_token: dict[Token, set[str]] = {}
        self.complete = False

    def dirty(self, changed: Iterable[Token]) -> set[str] | None:
        """The pages that read a token of ``changed``; None when the index is not to be
        trusted (each page is then checked by its reads)."""
        if not self.complete:
            return None
        found: set[str] = set()
        for token in changed:
            found.update(self.by_token.get(token, ()))
        return found

    def add(self, path: str, tokens: Iterable[Token]) -> None:
        by_token = self.by_token
        for token in tokens:
            readers = by_token.get(token)
            if readers is None:
                by_token[token] = {path}
            else:
                readers.add(path)

    def forget(self, path: str, tokens: Iterable[Token]) -> None:
        by_token = self.by_token
        for token in tokens:
            readers = by_token.get(token)
            if readers is not None:
                readers.discard(path)
                if not readers:
                    del by_token[token]

    def rebuild(self, pages: dict[str, Any]) -> None:
        """Index ``pages`` (path to kept page, with its ``tokens``) afresh."""
        self.by_token = {}
        for path, kept in pages.items():
            self.add(path, kept.tokens)
