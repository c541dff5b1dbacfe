"""``opex verify``: which agreement and version a printed, scanned or photographed copy is.

The code printed on every page (:mod:`~generator.records.paper`) names the agreement, its full
version and the commit it was printed from.  :func:`verify` reads the codes of a PDF (every
page) or an image, looks the agreement up in the project's records and answers: is that version
the current one, and who is recorded as having signed it.  For a PDF it also checks any
digital signature (:mod:`~generator.pdf.signing`).  Every page of a copy should carry the same
code; a page with another one (a page swapped in from another version) is reported.

The records read are the whole project's (someone running this has the repository), not an
edition's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.config.settings import Settings
from generator.domain.agreements import Signed, signed_for
from generator.pdf.signing import SignatureCheck, SigningUnavailable, check_signatures
from generator.pipeline.build import load
from generator.records.paper import PageCodes, Stamp, read_codes
from generator.records.versions import VERSION_SCHEME, full_version


@dataclass(frozen=True)
class Verdict:
    """What a copy is, as far as its codes and the records tell."""

    path: Path
    pages: list[PageCodes]
    """The codes found on each page read."""
    stamp: Stamp | None = None
    """The code of the copy (its first page with one); None when no page has one."""
    title: str | None = None
    """The agreement's title, when the records know it."""
    current_version: str | None = None
    """The agreement's version now (64 hex digits), when the records know it."""
    signed: list[Signed] = field(default_factory=list)
    """The sign-offs recorded for the copy's version."""
    signatures: list[SignatureCheck] = field(default_factory=list)
    """The PDF's digital signatures."""
    signatures_unchecked: str | None = None
    """Why a PDF's digital signature could not be checked (pyHanko missing)."""

    @property
    def others(self) -> list[tuple[int, Stamp]]:
        """(page, code) of every code that is not the copy's (another agreement or version)."""
        return [
            (page.page, stamp)
            for page in self.pages
            for stamp in page.stamps
            if self.stamp is not None
            and (stamp.agreement, stamp.version) != (self.stamp.agreement, self.stamp.version)
        ]

    @property
    def pages_without_code(self) -> list[int]:
        return [page.page for page in self.pages if not page.stamps]

    @property
    def known(self) -> bool:
        """The records hold the copy's agreement."""
        return self.current_version is not None

    @property
    def comparable(self) -> bool:
        """The copy's version was computed the way this tool computes versions."""
        return self.stamp is not None and self.stamp.scheme == VERSION_SCHEME

    @property
    def is_current(self) -> bool:
        return (
            self.comparable
            and self.stamp is not None
            and self.stamp.version == self.current_version
        )

    @property
    def ok(self) -> bool:
        """The copy was identified: a code of a known agreement on it, no page of another, no
        digital signature broken."""
        return (
            self.stamp is not None
            and self.known
            and not self.others
            and all(check.ok for check in self.signatures)
        )


def verify(settings: Settings, path: Path, trusted: list[Path] | None = None) -> Verdict:
    """Read the codes of ``path`` (a PDF or an image) and compare them with the records."""
    pages = read_codes(path)
    is_pdf = path.read_bytes()[:5] == b"%PDF-"
    signatures: list[SignatureCheck] = []
    unchecked = None
    if is_pdf:
        try:
            signatures = check_signatures(path, trusted)
        except SigningUnavailable as exc:
            unchecked = str(exc) if b"/ByteRange" in path.read_bytes() else None
    stamp = next((s for page in pages for s in page.stamps), None)
    if stamp is None:
        return Verdict(path, pages, signatures=signatures, signatures_unchecked=unchecked)
    cat = load(settings)
    agreement = cat.agreements.get(stamp.agreement)
    if agreement is None:
        return Verdict(path, pages, stamp, signatures=signatures, signatures_unchecked=unchecked)
    return Verdict(
        path,
        pages,
        stamp,
        title=agreement.title,
        current_version=full_version(agreement),
        signed=signed_for(agreement, cat, stamp.version) if stamp.scheme == VERSION_SCHEME else [],
        signatures=signatures,
        signatures_unchecked=unchecked,
    )
