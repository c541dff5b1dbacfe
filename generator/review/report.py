"""The report: every record added, removed, renamed or changed, and what follows."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path, PurePosixPath
from typing import Any

from generator.errors import ContentError, Problem
from generator.records.catalogue import Catalogue
from generator.records.kinds import CONTENT_KINDS
from generator.review.comment import COMMENT_LIMIT, KIND_ORDER, MARKER, Entry, render
from generator.review.derived import Derived, _derived_lines, _org_lines, derive
from generator.review.differ import Differ, _assessment_secret
from generator.review.git import _renames, resolve
from generator.review.git import merge_base as find_merge_base
from generator.review.invalid import render_invalid
from generator.review.sides import Side, load_side
from generator.review.values import code


def _records(cat: Catalogue, kind: str) -> dict[str, Any]:
    if kind == "strategy":
        return {"strategy": cat.strategy} if cat.strategy is not None else {}
    return dict(cat.by_kind(kind))


def _data(cat: Catalogue, kind: str, rid: str, record: Any) -> dict[str, Any]:
    data: dict[str, Any] = record.model_dump(mode="json")
    if kind == "modules":
        data["text"] = cat.module_bodies.get(rid, "")
    return data


def _name(record: Any) -> str | None:
    value = getattr(record, "name", None) or getattr(record, "title", None)
    return str(value) if value else None


def _canon(data: dict[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False)


def _path_id(path: str, content: str, playbooks: str) -> tuple[str, str] | None:
    parts = PurePosixPath(path).parts
    if (
        len(parts) == 3
        and parts[0] == content
        and parts[1] in {k.folder for k in CONTENT_KINDS}
        and parts[2].endswith(".yaml")
    ):
        return parts[1], parts[2][: -len(".yaml")]
    if len(parts) == 2 and parts[0] == playbooks and parts[1].endswith(".md"):
        return "modules", parts[1][: -len(".md")]
    return None


def _match_renames(
    kind: str, removed: list[str], added: list[str], old_data: dict[str, dict[str, Any]], new_data: dict[str, dict[str, Any]],
    git_pairs: set[tuple[str, str, str]], old_names: dict[str, str | None], new_names: dict[str, str | None],
) -> list[tuple[str, str]]:  # fmt: skip
    """(old id, new id) of records renamed: same content, else git's rename detection, else same name."""
    pairs: list[tuple[str, str]] = []
    left, right = list(removed), list(added)
    by_content: dict[str, list[str]] = {}
    for rid in right:
        by_content.setdefault(_canon(new_data[rid]), []).append(rid)
    for rid in list(left):
        candidates = by_content.get(_canon(old_data[rid]))
        if candidates:
            new_id = candidates.pop(0)
            pairs.append((rid, new_id))
            left.remove(rid)
            right.remove(new_id)
    for k, old_id, new_id in sorted(git_pairs):
        if k == kind and old_id in left and new_id in right:
            pairs.append((old_id, new_id))
            left.remove(old_id)
            right.remove(new_id)
    old_by_name = Counter(old_names[r] for r in left if old_names[r])
    new_by_name = Counter(new_names[r] for r in right if new_names[r])
    for rid in list(left):
        name = old_names[rid]
        if name and old_by_name[name] == 1 and new_by_name[name] == 1:
            new_id = next(r for r in right if new_names[r] == name)
            pairs.append((rid, new_id))
            left.remove(rid)
            right.remove(new_id)
    return sorted(pairs)


CONFIDENTIAL_NOTE = "details left out (confidential record)"


def _confidential(*datas: dict[str, Any] | None) -> bool:
    return any(d is not None and d.get("confidential") is True for d in datas)


def compare(
    before: Side,
    after: Side,
    *,
    audience: str,
    as_of: dt.date,
    git_pairs: set[tuple[str, str, str]] | None = None,
) -> list[Entry]:
    """Every record entry, by kind in report order, then by id; then the organisation's."""
    # What the staff edition shows after all: what both sides' configurations show (a value
    # hidden on either side is summarised).
    shows = sorted(
        set(before.options.get("staff_shows") or ()) & set(after.options.get("staff_shows") or ())
    )
    derived = (
        derive(before.catalogue, audience, as_of, before.options.get("scoring"), shows),
        derive(after.catalogue, audience, as_of, after.options.get("scoring"), shows),
    )
    entries: list[Entry] = []
    for kind, _heading in KIND_ORDER:
        entries += _compare_kind(
            kind,
            before.catalogue,
            after.catalogue,
            audience != "leadership",
            derived,
            git_pairs or set(),
            shows,
        )
    order = {kind: i for i, (kind, _) in enumerate(KIND_ORDER)}
    entries.sort(key=lambda e: (order[e.kind], e.id, e.old_id or ""))
    org = _org_lines(*derived)
    if org:
        entries.append(Entry("org", "org", "", lines=org))
    return entries


def _compare_kind(
    kind: str,
    old_cat: Catalogue,
    new_cat: Catalogue,
    staff: bool,
    derived: tuple[Derived, Derived],
    git_pairs: set[tuple[str, str, str]],
    shows: list[str] | None = None,
) -> list[Entry]:
    old_records, new_records = _records(old_cat, kind), _records(new_cat, kind)
    old_data = {rid: _data(old_cat, kind, rid, r) for rid, r in old_records.items()}
    new_data = {rid: _data(new_cat, kind, rid, r) for rid, r in new_records.items()}
    old_names = {rid: _name(r) for rid, r in old_records.items()}
    new_names = {rid: _name(r) for rid, r in new_records.items()}
    removed = sorted(set(old_records) - set(new_records))
    added = sorted(set(new_records) - set(old_records))
    renames = _match_renames(
        kind, removed, added, old_data, new_data, git_pairs, old_names, new_names
    )
    out: list[Entry] = []
    for old_id, new_id in [
        (rid, rid) for rid in sorted(set(old_records) & set(new_records))
    ] + renames:
        old, new = old_data[old_id], new_data[new_id]
        name: str | None = None
        if staff and _confidential(old, new):
            lines = [CONFIDENTIAL_NOTE] if old != new else []
        else:
            secret = (
                _assessment_secret(old_records[old_id], new_records[new_id], shows or ())
                if staff and kind == "leaders"
                else None
            )
            lines = Differ(secret).compare(old, new) + _derived_lines(
                kind, old_id, new_id, *derived
            )
            name = new_names[new_id]
        if old_id != new_id:
            out.append(Entry(kind, "renamed", new_id, old_id, name, lines))
        elif lines:
            out.append(
                Entry(kind, "changed" if old != new else "affected", new_id, None, name, lines)
            )
    renamed_old, renamed_new = {o for o, _ in renames}, {n for _, n in renames}
    for rid in added:
        if rid in renamed_new:
            continue
        if staff and _confidential(new_data[rid]):
            out.append(Entry(kind, "added", rid, None, None, [CONFIDENTIAL_NOTE]))
        else:
            secret = (
                _assessment_secret(None, new_records[rid], shows or ())
                if staff and kind == "leaders"
                else None
            )
            lines = Differ(secret).record(new_data[rid]) + _derived_lines(kind, None, rid, *derived)
            out.append(Entry(kind, "added", rid, None, new_names[rid], lines))
    for rid in removed:
        if rid not in renamed_old:
            name = None if staff and _confidential(old_data[rid]) else old_names[rid]
            out.append(Entry(kind, "removed", rid, None, name, []))
    return out


def diff_markdown(
    root: Path | str, base: str, head: str | None = None, *, audience: str = "staff",
    as_of: dt.date | None = None, merge_base: bool = False, limit: int | None = COMMENT_LIMIT,
) -> str:  # fmt: skip
    """Compare ``base`` with ``head`` (a revision; None for the work tree) as Markdown, within
    ``limit`` characters when leaving out what added items hold can make it fit (see
    :func:`~generator.review.comment.render`).

    Raises :class:`ContentError` listing the problems of both sides when either does not
    validate, and :class:`OpexError` when git cannot answer (not a checkout, unknown revision).
    """
    markdown, problems = diff_report(
        root, base, head, audience=audience, as_of=as_of, merge_base=merge_base, limit=limit
    )
    if problems:
        raise ContentError(problems)
    return markdown


def diff_report(
    root: Path | str, base: str, head: str | None = None, *, audience: str = "staff",
    as_of: dt.date | None = None, merge_base: bool = False, limit: int | None = COMMENT_LIMIT,
) -> tuple[str, list[Problem]]:  # fmt: skip
    """The Markdown comparing ``base`` with ``head``, and the errors that stopped it.

    When either side does not validate, the Markdown says so at its top and lists the
    problems briefly (:mod:`generator.review.invalid`), and the errors of both sides come
    back, located as ``REV:content/leaders/x.yaml:14:5``; else the list is empty.  Raises
    :class:`OpexError` when git cannot answer (not a checkout, unknown revision, a shallow
    clone without the merge base).
    """
    from generator import clock

    root = Path(root).resolve()
    base_commit = resolve(root, base)
    head_commit = resolve(root, head) if head is not None else None
    base_label = code(base)
    if merge_base:
        found = find_merge_base(root, base_commit, head_commit or "HEAD", (base, head or "HEAD"))
        base_commit = found
        base_label = f"{code(base)} (merge base {code(found[:12])})"
    specs = [
        (base_commit, base_label, f"{base_commit[:12] if merge_base else base}:"),
        (
            head_commit,
            code(head) if head is not None else "work tree",
            f"{head}:" if head is not None else "",
        ),
    ]
    failed: list[tuple[str, list[Problem]]] = []
    sides: list[Side] = []
    for commit, shown, prefix in specs:
        try:
            sides.append(load_side(root, commit, shown, prefix))
        except ContentError as exc:  # collect both sides' errors, then stop once
            errors = [p for p in exc.problems if p.severity == "error"]
            failed.append((shown, errors))
    if failed:
        labels = (specs[0][1], specs[1][1])
        markdown = render_invalid(MARKER, labels, failed, audience=audience)
        return markdown, sorted(p for _, errors in failed for p in errors)
    before, after = sides
    when = clock.as_of(as_of or after.options.get("as_of"))
    folders = {
        before.options.get("content_dir", "content"), before.options.get("playbooks_dir", "playbooks"),
        after.options.get("content_dir", "content"), after.options.get("playbooks_dir", "playbooks"),
    }  # fmt: skip
    git_pairs: set[tuple[str, str, str]] = set()
    content, playbooks = (
        after.options.get("content_dir", "content"),
        after.options.get("playbooks_dir", "playbooks"),
    )
    for old_path, new_path in _renames(root, base_commit, head_commit, folders):
        old, new = _path_id(old_path, content, playbooks), _path_id(new_path, content, playbooks)
        if old and new and old[0] == new[0]:
            git_pairs.add((old[0], old[1], new[1]))
    entries = compare(before, after, audience=audience, as_of=when, git_pairs=git_pairs)
    settings_lines = Differ().compare(
        before.options.get("scoring") or {},
        after.options.get("scoring") or {},
        (),
        [("field", "scoring")],
    )
    markdown = render(
        entries, before, after, audience=audience, as_of=when, settings_lines=settings_lines,
        limit=limit,
    )  # fmt: skip
    return markdown, []
