"""A sign-off's signed copy: the scan is where the record says, and it is of the version signed.

A sign-off may name the scan (or photo) of the paper it was given on, ``signed_copy: <file>``,
a file in ``content/agreements/<id>/signed/``.  The check reads the QR code printed on every
page (:mod:`~generator.records.paper`) and compares it with the sign-off:

* no such file, or one that is neither a PDF nor an image: an error;
* a code of another agreement, or of a version other than the one the sign-off records: an
  error (the scan does not show what the record claims was signed);
* no code found: a warning, since the paper may have been printed before codes were, or the scan
  may be too coarse (200 dpi or more reads the footer codes).

Reading a scan takes a fraction of a second; the libraries are loaded only when some sign-off
names a copy, and each file is read once per process while it is unchanged.
"""

from __future__ import annotations

from collections.abc import Callable

from generator.records.collection import Catalogue
from generator.records.paper import UnreadableFile, read_codes, signed_copy_path
from generator.records.versions import VERSION_SCHEME, shown, version_matches

Report = Callable[[str, str, tuple[str | int, ...], str], None]
"""``report(folder, record id, field location, message)``: an error or a warning."""


def check_signed_copies(cat: Catalogue, error: Report, warn: Report) -> None:
    """Every sign-off's ``signed_copy``, in the order of agreements and their sign-offs."""
    for aid, agreement in sorted(cat.agreements.items()):
        for i, signoff in enumerate(agreement.signoffs):
            rel = signed_copy_path(agreement, signoff.signed_copy)
            if rel is None:
                continue
            loc = ("signoffs", i, "signed_copy")
            path = cat.root / rel
            if not path.is_file():
                error(
                    "agreements", aid, loc, f"no file {rel}: put the scan of the signed copy there"
                )
                continue
            try:
                pages = read_codes(path, first_only=True)
            except UnreadableFile:
                error(
                    "agreements", aid, loc, f"{rel} is neither a PDF nor an image that can be read"
                )
                continue
            stamps = [stamp for page in pages for stamp in page.stamps]
            if not stamps:
                warn(
                    "agreements", aid, loc,
                    f"no agreement code found in {rel}, so its version cannot be checked "
                    "(printed before agreements carried codes, or scanned too coarsely: "
                    "200 dpi or more reads them)",
                )  # fmt: skip
                continue
            stamp = stamps[0]
            if stamp.agreement != aid:
                error(
                    "agreements", aid, loc,
                    f"{rel} is a copy of agreement '{stamp.agreement}', not of '{aid}'",
                )  # fmt: skip
            elif stamp.scheme != VERSION_SCHEME:
                warn(
                    "agreements", aid, loc,
                    f"{rel} was printed with version scheme {stamp.scheme}; this tool computes "
                    f"scheme {VERSION_SCHEME}, so its version cannot be compared",
                )  # fmt: skip
            elif not version_matches(signoff.version, stamp.version):
                error(
                    "agreements", aid, loc,
                    f"{rel} is a copy of version {shown(stamp.version)}; the sign-off records "
                    f"version {shown(signoff.version)}",
                )  # fmt: skip
