"""Printable agreements: one PDF per agreement, made with WeasyPrint from the same records.

:func:`agreement_html` renders ``site_templates/pdf/agreement.html.j2`` (Jinja with autoescape
and ``StrictUndefined``; only the Markdown ``purpose`` goes in as HTML, after
:func:`~generator.pages.text.markdown_html` has sanitised it).  :func:`agreement_pdf_bytes` lays it
out with WeasyPrint; :func:`write_agreement_pdf` and :func:`write_pdfs` write files atomically.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import tempfile
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from generator import forking
from generator.domain.agreements import (
    ledger_counts,
    ledger_summary,
    person_name,
    record_name,
    signature_ledger,
)
from generator.errors import OpexError, RenderError
from generator.pdf.fetcher import SafeFetcher, fetcher_for
from generator.pdf.render import (
    creation_time,
    printed_pdf,
    stylesheet,
    template_dirs_or_builtin,
    template_environment,
)
from generator.pdf.signing import Key, sign_pdf
from generator.pdf.stamp import qr_svg
from generator.records.catalogue import agreement_version
from generator.records.history import head_commit
from generator.records.paper import Stamp
from generator.records.versions import full_version
from generator.records.vocabulary import (
    AGREEMENT_TYPE_LABELS,
    SIGN_OFF_LABELS,
    SIGNATURE_STATE_LABELS,
)

if TYPE_CHECKING:
    from generator.records.catalogue import Catalogue
    from generator.records.models import Agreement


TEMPLATE = "agreement.html.j2"


STYLESHEET = "agreement.css"


LOOK_UP = "look up"
"""``commit=LOOK_UP``: the commit is the one checked out in the project's repository."""


class UnknownAgreementError(OpexError):
    """Agreement ids asked for that are not in the catalogue."""


def _agreement(catalogue: Catalogue, agreement_id: str) -> Agreement:
    try:
        return catalogue.agreements[agreement_id]
    except KeyError:
        raise UnknownAgreementError(_unknown_message([agreement_id], catalogue)) from None


def _unknown_message(ids: Iterable[str], catalogue: Catalogue) -> str:
    parts = []
    for aid in ids:
        close = difflib.get_close_matches(aid, sorted(catalogue.agreements), n=1, cutoff=0.6)
        parts.append(
            f"unknown agreement '{aid}'" + (f" (did you mean '{close[0]}'?)" if close else "")
        )
    return "; ".join(parts)


def _party_context(catalogue: Catalogue, agreement: Agreement) -> list[dict[str, Any]]:
    parties = []
    for party in agreement.parties:
        if party.partner is not None:
            partner = catalogue.partners.get(party.partner)
            represents = (
                partner.name if partner else record_name(catalogue, "partners", party.partner)
            )
            kind = (
                "partner"
                if partner is None
                else ("internal" if partner.internal else "external") + " partner"
            )
        else:
            leader = catalogue.leaders.get(party.leader or "")
            represents = (
                f"{leader.name}, {leader.title}"
                if leader
                else record_name(catalogue, "leaders", party.leader or "")
            )
            kind = "accountable leader"
        parties.append(
            {
                "party": party,
                "represents": represents,
                "kind": kind,
                "shepherd": person_name(catalogue, agreement, party.shepherd, party.id),
            }
        )
    return parties


def agreement_html(
    catalogue: Catalogue,
    agreement_id: str,
    as_of: dt.date,
    printed_on: dt.date | None = None,
    *,
    created: dt.datetime | None = None,
    commit: str | None = LOOK_UP,
    template_dirs: tuple[Path, ...] | list[Path] | None = None,
) -> str:
    """The printable document of an agreement as HTML (the stylesheet is applied by :func:`html_to_pdf`).

    ``printed_on`` (default: ``as_of``) is the print date in the footers; ``created`` (default:
    :func:`creation_time`) goes into the PDF metadata; ``commit`` into the printed code
    (default: the repository's, None for none); ``template_dirs`` are searched in order
    (default: the built-in ``site_templates/pdf/``).
    """
    agreement = _agreement(catalogue, agreement_id)
    ledger = signature_ledger(agreement, catalogue)
    created = created or creation_time(as_of)
    commit = head_commit(catalogue.root) if commit == LOOK_UP else commit
    stamp = Stamp(agreement.id or agreement_id, full_version(agreement), commit)
    context = {
        "agreement": agreement,
        "version": agreement_version(agreement),
        "full_version": stamp.version,
        "commit": commit,
        "footer_code": qr_svg(stamp, "qr-footer"),
        "signature_code": qr_svg(stamp, "qr-signature"),
        "type_name": AGREEMENT_TYPE_LABELS[agreement.type],
        "parties": _party_context(catalogue, agreement),
        "ledger": ledger,
        "counts": ledger_counts(ledger),
        "summary": SIGN_OFF_LABELS[ledger_summary(ledger)],
        "state_labels": SIGNATURE_STATE_LABELS,
        "as_of": as_of,
        "printed_on": printed_on or as_of,
        "created": created.isoformat(),
        "source": agreement.source or f"content/agreements/{agreement_id}.yaml",
    }
    try:
        env = template_environment(*(str(d) for d in template_dirs_or_builtin(template_dirs)))
        return env.get_template(TEMPLATE).render(**context)
    except jinja2.TemplateError as exc:
        where = f"{TEMPLATE} (record {context['source']})"
        line = f":{exc.lineno}" if isinstance(exc, jinja2.TemplateSyntaxError) else ""
        raise RenderError(f"{where}{line}: {exc.message}") from None


def agreement_pdf_bytes(
    catalogue: Catalogue,
    agreement_id: str,
    as_of: dt.date,
    printed_on: dt.date | None = None,
    *,
    created: dt.datetime | None = None,
    commit: str | None = LOOK_UP,
    fetcher: SafeFetcher | None = None,
    template_dirs: tuple[Path, ...] | list[Path] | None = None,
) -> bytes:
    """The printable PDF of one agreement.

    Pass a :class:`SafeFetcher` to inspect afterwards what was fetched and refused.  The file
    identifier is derived from the agreement id, its full version and the creation time, so the
    same commit, records and as-of date give the same bytes.
    """
    agreement = _agreement(catalogue, agreement_id)
    created = created or creation_time(as_of)
    dirs = template_dirs_or_builtin(template_dirs)
    html = agreement_html(
        catalogue, agreement_id, as_of, printed_on, created=created, commit=commit,
        template_dirs=dirs,
    )  # fmt: skip
    fetcher = fetcher or fetcher_for(dirs, context=agreement.source or agreement_id)
    return printed_pdf(
        html,
        fetcher,
        seed=f"{agreement_id}\0{full_version(agreement)}\0{created.isoformat()}",
        failure=f"{agreement.source or agreement_id}: printable document failed",
        stylesheets=[stylesheet(STYLESHEET, *dirs)],
    )


_WORKER_CATALOGUE: Catalogue | None = None


def _init_worker(catalogue: Catalogue, parent: int) -> None:
    global _WORKER_CATALOGUE
    forking.die_with_parent(parent)  # a killed build leaves no worker behind
    _WORKER_CATALOGUE = catalogue


def _worker_render(
    agreement_id: str,
    as_of: dt.date,
    created: dt.datetime,
    commit: str | None,
    template_dirs: tuple[Path, ...],
) -> bytes:
    assert _WORKER_CATALOGUE is not None
    return agreement_pdf_bytes(
        _WORKER_CATALOGUE, agreement_id, as_of, created=created, commit=commit,
        template_dirs=template_dirs,
    )  # fmt: skip


def render_pdfs(
    catalogue: Catalogue,
    ids: list[str] | None,
    as_of: dt.date,
    jobs: int = 1,
    *,
    template_dirs: tuple[Path, ...] | list[Path] | None = None,
) -> dict[str, bytes]:
    """The PDF of each agreement asked for (all when ``ids`` is None), by id in id order.

    Every id is checked before anything is rendered; unknown ones raise
    :class:`UnknownAgreementError` naming each with a suggestion.  With ``jobs`` > 1 the
    documents are rendered in that many processes; the bytes are the same either way (one
    creation time and one commit are taken here for the whole run).
    """
    wanted = sorted(set(ids)) if ids else sorted(catalogue.agreements)
    unknown = [aid for aid in wanted if aid not in catalogue.agreements]
    if unknown:
        raise UnknownAgreementError(_unknown_message(unknown, catalogue))
    created = creation_time(as_of)
    commit = head_commit(catalogue.root)
    dirs = template_dirs_or_builtin(template_dirs)
    if jobs <= 1 or len(wanted) <= 1:
        return {
            aid: agreement_pdf_bytes(
                catalogue, aid, as_of, created=created, commit=commit, template_dirs=dirs
            )
            for aid in wanted
        }
    # "spawn": a fresh interpreter per worker, safe even when the caller runs threads.
    with ProcessPoolExecutor(
        max_workers=min(jobs, len(wanted)),
        mp_context=get_context("spawn"),
        initializer=_init_worker,
        initargs=(catalogue, os.getpid()),
    ) as pool:
        futures = {
            aid: pool.submit(_worker_render, aid, as_of, created, commit, dirs) for aid in wanted
        }
        return {aid: future.result() for aid, future in futures.items()}


def _write_atomic(data: bytes, out_path: Path) -> Path:
    out_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out_path.name}.", suffix=".tmp", dir=out_path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, out_path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out_path


def write_agreement_pdf(
    catalogue: Catalogue, agreement_id: str, out_path: Path | str, as_of: dt.date
) -> Path:
    """Render one agreement and write it to ``out_path`` (via a temporary file and a rename)."""
    data = agreement_pdf_bytes(catalogue, agreement_id, as_of)
    return _write_atomic(data, Path(out_path))


def write_pdfs(
    catalogue: Catalogue,
    ids: list[str] | None,
    out_dir: Path | str,
    as_of: dt.date,
    jobs: int = 1,
    *,
    template_dirs: tuple[Path, ...] | list[Path] | None = None,
    key: Key | None = None,
) -> list[Path]:
    """Write ``<out_dir>/<id>.pdf`` for the agreements asked for (all when ``ids`` is None).

    Two phases: every document is rendered first (:func:`render_pdfs`, ``jobs`` processes;
    with a ``key``, each is then signed, :func:`~generator.pdf.signing.sign_pdf`), then each is
    written through a temporary file and a rename -- so a failed render writes nothing and a
    failed write leaves no partial file.  Returns the paths written, by id.
    """
    rendered = render_pdfs(catalogue, ids, as_of, jobs, template_dirs=template_dirs)
    if key is not None:
        rendered = {aid: sign_pdf(data, key) for aid, data in rendered.items()}
    out = Path(out_dir)
    return [_write_atomic(data, out / f"{aid}.pdf") for aid, data in rendered.items()]
