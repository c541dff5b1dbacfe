"""Paper copies of an agreement: the code printed on every page, and reading it back.

A printed agreement carries a QR code in every page footer and a larger one on the signature
page.  Each says which agreement it is, its full version and the commit it was printed from, so
a signed copy, scanned or photographed, can be matched to its version by a machine
(``opex verify``, and the validation of a sign-off's ``signed_copy``) instead of by reading the
footer.

The code's text (format 1)
    ``OPEX:1 A:<AGREEMENT ID> V:<VERSION> C:<COMMIT>``, in capitals: the agreement's id, its
    full version (64 hex digits, :func:`~generator.records.versions.full_version`) and the
    repository's commit when it was printed (40 hex digits, 64 in a SHA-256 repository).
    ``C:`` is left out when the project is not in a git repository with a commit.  Capitals
    digits, space, ``:`` and ``-`` are QR's alphanumeric set, which packs the text into a code
    a third smaller than lowercase would (version 6 at 41 modules a side, for a typical id), so it
    stays readable from a 150 dpi scan at footer size.  The number after ``OPEX:`` is the
    version scheme (:data:`~generator.records.versions.VERSION_SCHEME`): a text of another
    scheme is read, but its version is not compared with this tool's.  Readers take small
    letters as well.

Reading
    :func:`read_codes` finds the QR codes of a PDF (each page rendered at :data:`READ_DPI` with
    PDFium, through pypdfium2) or an image (PNG, JPEG, anything Pillow opens), with zxing-cpp.
    Both libraries ship their own compiled code in their wheels, so nothing else is needed;
    they are imported only when a file is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from generator.errors import OpexError
from generator.records.versions import VERSION_SCHEME

if TYPE_CHECKING:
    from generator.records.models import Agreement

READ_DPI = 200
"""Resolution a PDF page is rendered at for reading its codes (a scan's own pixels are
resampled to it)."""

_TEXT = re.compile(
    r"OPEX:(?P<scheme>[0-9]{1,3}) A:(?P<agreement>[A-Z0-9]+(?:-[A-Z0-9]+)*)"
    r" V:(?P<version>[0-9A-F]{64})(?: C:(?P<commit>[0-9A-F]{40}|[0-9A-F]{64}))?",
    re.IGNORECASE,
)


SIGNED_FOLDER = "signed"
"""The folder of an agreement's signed copies, beside its record:
``content/agreements/<id>/signed/``."""


def signed_copy_path(agreement: Agreement, name: str | None) -> str | None:
    """Where a sign-off's ``signed_copy`` is, relative to the project root
    (``content/agreements/<id>/signed/<name>``); None when it names none."""
    if name is None:
        return None
    record = PurePosixPath(agreement.source or f"content/agreements/{agreement.id}.yaml")
    return str(record.with_suffix("") / SIGNED_FOLDER / name)


class UnreadableFile(OpexError):
    """A file that is neither a PDF nor an image the reader can open."""


@dataclass(frozen=True)
class Stamp:
    """What the code on a printed agreement says."""

    agreement: str
    """Id of the agreement."""
    version: str
    """Its full version (64 hex digits) when printed."""
    commit: str | None = None
    """The repository's commit when printed, if it was known."""
    scheme: int = VERSION_SCHEME
    """The version scheme the version was computed with."""

    def text(self) -> str:
        """The code's text (format 1: see the module's description)."""
        out = f"OPEX:{self.scheme} A:{self.agreement} V:{self.version}"
        if self.commit:
            out += f" C:{self.commit}"
        return out.upper()


def parse_stamp(text: str) -> Stamp | None:
    """The :class:`Stamp` a code's text holds; None for a code that is not ours."""
    found = _TEXT.fullmatch(text.strip())
    if found is None:
        return None
    commit = found["commit"]
    return Stamp(
        agreement=found["agreement"].lower(),
        version=found["version"].lower(),
        commit=commit.lower() if commit else None,
        scheme=int(found["scheme"]),
    )


@dataclass(frozen=True)
class PageCodes:
    """The codes found on one page of a file."""

    page: int
    """Page number, from 1 (an image is page 1)."""
    stamps: tuple[Stamp, ...]
    """Our codes, in reading order (duplicates kept: a page has two on the signature page)."""
    others: tuple[str, ...] = ()
    """The texts of QR codes that are not ours."""


def read_codes(path: Path | str, *, first_only: bool = False) -> list[PageCodes]:
    """The QR codes of every page of a PDF, or of an image.

    ``first_only`` stops at the first page that holds one of our codes (enough to tell which
    version a copy is).  Raises :class:`UnreadableFile` for a file that is neither.
    """
    path = Path(path)
    stat = path.stat()
    return list(_read_codes(str(path), stat.st_mtime_ns, stat.st_size, first_only))


@lru_cache(maxsize=64)
def _read_codes(path: str, mtime_ns: int, size: int, first_only: bool) -> tuple[PageCodes, ...]:
    """Kept per process until the file changes (``opex serve`` rebuilds read each scan once)."""
    with open(path, "rb") as fh:
        is_pdf = fh.read(5) == b"%PDF-"
    pages = _pdf_pages(path) if is_pdf else iter([_image(path)])
    out = []
    for number, image in enumerate(pages, start=1):
        found = _decode(number, image)
        out.append(found)
        if first_only and found.stamps:
            break
    return tuple(out)


def _pdf_pages(path: str):  # type: ignore[no-untyped-def]  # an iterator of PIL images
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        raise UnreadableFile(f"{path}: cannot read it as a PDF ({exc})") from None
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                bitmap = page.render(scale=READ_DPI / 72, grayscale=True)
                yield bitmap.to_pil()
            finally:
                page.close()
    finally:
        document.close()


def _image(path: str):  # type: ignore[no-untyped-def]  # a PIL image
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            return image.convert("L")
    except (UnidentifiedImageError, OSError) as exc:
        raise UnreadableFile(
            f"{path}: neither a PDF nor an image that can be read ({exc})"
        ) from None


def _decode(number: int, image: object) -> PageCodes:
    import zxingcpp

    stamps, others = [], []
    for code in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode):
        stamp = parse_stamp(code.text)
        if stamp is not None:
            stamps.append(stamp)
        else:
            others.append(code.text)
    return PageCodes(number, tuple(stamps), tuple(others))
