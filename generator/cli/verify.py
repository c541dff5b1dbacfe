"""``opex verify FILE ...``: which agreement and version a printed copy is, read from its code.

FILE is a PDF (the printed document, a scan) or an image (a scan, a photo).  Exit 0 when every
file was identified as a version of an agreement in the records (the current one or an older
one), 1 when a file has no readable code, names an agreement the records do not hold, has a
page of another version, or carries a digital signature that is broken.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.config.load import load_settings
from generator.pdf.signing import SignatureCheck
from generator.pipeline.verify import Verdict, verify
from generator.records.paper import UnreadableFile
from generator.records.versions import VERSION_SCHEME
from generator.records.versions import shown as label

NO_CODE = (
    "no agreement code found: the copy was printed before agreements carried codes, or the "
    "scan is too coarse or blurred (200 dpi or more reads every page's code)"
)


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "verify", help="tell which agreement and version a printed, scanned or photographed copy is"
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="a PDF or an image (PNG, JPEG, ...)")
    p.add_argument(
        "--trust",
        action="append",
        default=[],
        metavar="CERT",
        help="a certificate (PEM or DER) whose digital signatures are trusted (repeatable)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    settings = load_settings(args.root)
    trusted = [Path(t) for t in args.trust]
    code = 0
    for name in args.files:
        path, where = Path(name), name
        try:
            verdict = verify(settings, path, trusted)
        except UnreadableFile:
            print(
                f"opex: error: {where}: neither a PDF nor an image that can be read",
                file=sys.stderr,
            )
            code = 1
            continue
        except FileNotFoundError:
            print(f"opex: error: {where}: no such file", file=sys.stderr)
            code = 1
            continue
        if verdict.stamp is None:
            print(f"opex: error: {where}: {NO_CODE}", file=sys.stderr)
        for line in report(verdict, where):
            print(line)
        if not verdict.ok:
            code = 1
    return code


def report(verdict: Verdict, where: str) -> list[str]:
    """What ``opex verify`` says about one file, line by line."""
    stamp = verdict.stamp
    lines = []
    if stamp is None:
        return [_signature(check) for check in verdict.signatures]  # the error says the rest
    if not verdict.known:
        lines.append(
            f"{where}: a copy of agreement '{stamp.agreement}', version {label(stamp.version)}, "
            "which the records of this project do not hold"
        )
    else:
        lines.append(f"{where}: {verdict.title} ({stamp.agreement})")
    lines.append(f"  version {label(stamp.version)} (in full {stamp.version})")
    lines.append(
        f"  printed from commit {stamp.commit}"
        if stamp.commit
        else "  printed outside a git repository (no commit)"
    )
    if verdict.known:
        lines += _state(verdict)
    lines += _pages(verdict)
    lines += [_signature(check) for check in verdict.signatures]
    if verdict.signatures_unchecked:
        lines.append(f"  digital signature not checked: {verdict.signatures_unchecked}")
    return lines


def _state(verdict: Verdict) -> list[str]:
    assert verdict.stamp is not None and verdict.current_version is not None
    if not verdict.comparable:
        return [
            f"  printed with version scheme {verdict.stamp.scheme}; this tool computes scheme "
            f"{VERSION_SCHEME}, so it cannot tell whether this is the current version"
        ]
    if verdict.is_current:
        lines = ["  the current version"]
    else:
        lines = [
            f"  an older version: the current version is {label(verdict.current_version)}, "
            "so a signature on this copy is for the older text"
        ]
    if verdict.signed:
        lines.append("  recorded as signed for this version by:")
        for s in verdict.signed:
            copy = f" (signed copy: {s.signed_copy})" if s.signed_copy else ""
            lines.append(f"    {s.name} for {s.party_name} on {s.date.isoformat()}{copy}")
    else:
        lines.append("  no signature is recorded for this version")
    return lines


def _pages(verdict: Verdict) -> list[str]:
    if len(verdict.pages) <= 1:
        return []
    total = len(verdict.pages)
    lines = []
    without = verdict.pages_without_code
    if without:
        lines.append(
            f"  no code read on page{'s' if len(without) > 1 else ''} "
            f"{', '.join(map(str, without))} of {total}"
        )
    else:
        lines.append(f"  the same code on all {total} pages")
    for page, stamp in verdict.others:
        lines.append(
            f"  page {page} is of another document: agreement '{stamp.agreement}', "
            f"version {label(stamp.version)}"
        )
    return lines


def _signature(check: SignatureCheck) -> str:
    when = f" at {check.signed_at}" if check.signed_at else ""
    if not check.intact:
        state = "BROKEN: the signed bytes were changed, or the signature does not match them"
    elif not check.whole_file:
        state = "intact, but the file was changed after signing (a later revision was added)"
    else:
        state = "intact, covering the whole file"
    trust = (
        "certificate trusted"
        if check.trusted
        else "certificate not trusted (give --trust CERT for a certificate to trust)"
    )
    return f"  digital signature by {check.signer}{when}: {state}; {trust}"
