"""``opex diff``: what a change to the records means, as Markdown for a pull-request comment.

A reviewer of a pull request sees changed YAML lines; this module says what they amount to.
Both sides -- two git revisions, or a revision and the work tree -- are loaded into a
validated :class:`~generator.records.catalogue.Catalogue` each, then compared record by record:

* records added, removed and renamed (same content, git's rename detection, or same name);
* per record, every field that changed, old -> new (an assessment is matched by its date:
  ``assessment 2026-10-02 walk 3 -> 4``);
* what follows from the change: alignment scores and tune-ups, the agreement's version and
  the signatures it makes stale, sign-off and partnership health -- computed with the same
  functions, and from the same edition of the records, as the site of that audience.

The staff edition (the default, because a pull-request comment is read by everyone with access
to the repository) never shows a confidential value: confidential parts of an assessment are
summarised ("feelings changed", "2 resistance points added") and confidential records are
named by id only.  ``--audience leadership`` shows everything.

Nothing is written into the project; each revision is read with ``git ls-tree`` and
``git cat-file --batch`` (one process each, whatever the number of records) into a temporary
folder.  Content that does not validate on either side stops the diff with every problem,
located as ``REV:content/leaders/x.yaml:14:5``.  The output is sorted, so the same two trees
always give the same bytes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import subprocess
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from generator.config.load import CONFIG_FILE, load_config
from generator.config.options import OPTIONS, default
from generator.errors import ConfigError, ContentError, OpexError, Problem
from generator.records.catalogue import Catalogue, agreement_version, load_catalogue
from generator.records.history import git_env
from generator.records.kinds import CONTENT_KINDS
from generator.records.models import DEFAULT_CONFIDENTIAL

MARKER = "<!-- opex-diff -->"
"""First line of the output: lets CI find its own earlier comment and update it."""

KIND_ORDER: tuple[tuple[str, str], ...] = (
    ("leaders", "Leaders"),
    ("partners", "Partners"),
    ("agreements", "Agreements"),
    ("initiatives", "Initiatives"),
    ("objectives", "Objectives"),
    ("strategy", "Strategy"),
    ("modules", "Training modules"),
)
"""Record kinds (catalogue attribute) and their section headings, in output order."""

# How the items of a list field are told apart (so that an edit is an edit, not remove + add),
# and what one item is called.
LIST_KEYS: dict[str, tuple[str, ...]] = {
    "assessments": ("date",), "completed": ("module",), "contacts": ("id",), "parties": ("id",),
    "scope": ("name",), "response_times": ("matter",), "escalation": ("level",),
    "milestones": ("name",), "reflections": ("date",), "reviews": ("kind", "date"),
    "signatories": ("person", "party"), "signoffs": ("person", "party", "date"), "kpis": ("id",),
    "plan": ("period",), "actuals": ("period",), "assumptions": ("statement",),
    "schedule": ("name",), "resistance": ("point",), "root_causes": ("cause",),
    "sales_plan": ("action",),
}  # fmt: skip
NOUNS: dict[str, str] = {
    "assessments": "assessment", "completed": "completed module", "contacts": "contact",
    "parties": "party", "scope": "phase", "response_times": "response time",
    "escalation": "escalation level", "milestones": "milestone", "reflections": "reflection",
    "reviews": "", "signatories": "signatory", "signoffs": "sign-off", "kpis": "KPI",
    "plan": "plan", "actuals": "actual", "assumptions": "assumption", "schedule": "schedule item",
    "resistance": "resistance point", "root_causes": "root cause",
    "sales_plan": "engagement-plan action", "existing_engagement": "engagement evidence item",
}  # fmt: skip
CONFIDENTIAL_PATHS: dict[str, tuple[str, ...]] = {
    "feelings": ("feelings",),
    "existing_engagement": ("existing_engagement",),
    "resistance": ("resistance",),
    "root_causes": ("root_causes",),
    "sales_plan": ("sales_plan",),
    "talk_note": ("talk", "note"),
    "walk_note": ("walk", "note"),
    "artifact_evidence": ("artifacts", "*", "evidence"),
}
"""Where each confidential part of an assessment lives in the assessment's data."""

_SHORT = 60
_LONG = 80
_DATE_LIKE = re.compile(r"\d{4}-\d{2}(-\d{2})?\Z")
_PLAIN_KEY = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*\Z")


# --------------------------------------------------------------------------- git


def _git(root: Path, *args: str, stdin: bytes | None = None, check: bool = True) -> bytes:
    command = ["git", "--no-pager", "--literal-pathspecs", *args]
    try:
        done = subprocess.run(command, cwd=root, input=stdin, capture_output=True, env=git_env())
    except OSError as exc:
        raise OpexError(f"opex diff needs git: {exc.strerror}") from None
    if check and done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise OpexError(
            f"git {args[0]} failed: {message[-1] if message else f'exit {done.returncode}'}"
        )
    return done.stdout


def resolve(root: Path, rev: str) -> str:
    """The full commit hash of ``rev``, or :class:`OpexError` naming the revision."""
    if not rev or rev.startswith("-"):
        raise OpexError(f"'{rev}' is not a git revision")
    if not _git(root, "rev-parse", "--is-inside-work-tree", check=False).strip() == b"true":
        raise OpexError(f"{root} is not inside a git work tree; opex diff compares git revisions")
    out = _git(
        root,
        "rev-parse",
        "--verify",
        "--quiet",
        "--end-of-options",
        f"{rev}^{{commit}}",
        check=False,
    )
    if not out.strip():
        raise OpexError(f"unknown git revision '{rev}'")
    return out.decode().strip()


def _tree_files(root: Path, commit: str, folders: Iterable[str]) -> dict[str, bytes]:
    """Every regular file under ``folders`` (relative to ``root``) at ``commit``, by path."""
    listing = _git(root, "ls-tree", "-r", "-z", commit, "--", *sorted(set(folders)))
    entries: list[tuple[str, str]] = []
    for item in listing.split(b"\0"):
        if not item:
            continue
        meta, _, name = item.partition(b"\t")
        mode, kind, oid = meta.decode().split()
        path = name.decode("utf-8", "surrogateescape")
        parts = PurePosixPath(path).parts
        if (
            kind != "blob"
            or mode not in ("100644", "100755")
            or ".." in parts
            or path.startswith("/")
        ):
            continue
        entries.append((path, oid))
    if not entries:
        return {}
    out = _git(
        root, "cat-file", "--batch", stdin="".join(f"{oid}\n" for _, oid in entries).encode()
    )
    files: dict[str, bytes] = {}
    pos = 0
    for path, _oid in entries:
        end = out.index(b"\n", pos)
        size = int(out[pos:end].split()[2])
        files[path] = out[end + 1 : end + 1 + size]
        pos = end + 1 + size + 1
    return files


def _renames(
    root: Path, base: str, head: str | None, folders: Iterable[str]
) -> list[tuple[str, str]]:
    """Pairs (old path, new path) that git's rename detection finds between the two sides."""
    args = ["diff", "-M", "--name-status", "-z", "--no-ext-diff", "--relative", base]
    if head is not None:
        args.append(head)
    out = _git(root, *args, "--", *sorted(set(folders)))
    items = out.split(b"\0")
    pairs = []
    i = 0
    while i < len(items) and items[i]:
        status = items[i].decode()
        if status.startswith(("R", "C")):
            if status.startswith("R"):
                pairs.append(
                    (
                        items[i + 1].decode("utf-8", "surrogateescape"),
                        items[i + 2].decode("utf-8", "surrogateescape"),
                    )
                )
            i += 3
        else:
            i += 2
    return pairs


# --------------------------------------------------------------------------- one side


@dataclass
class Side:
    """One side of the comparison, loaded and validated."""

    label: str
    """How the side is named in the output and in messages (a revision, or "work tree")."""
    commit: str | None
    """Full commit hash; None for the work tree."""
    catalogue: Catalogue
    options: dict[str, Any]
    """The ``opex`` plugin options of that side's mkdocs.yml."""


def _options(root: Path) -> dict[str, Any]:
    """The ``opex`` options of the side's ``mkdocs.yml``, as MkDocs loads and checks them
    (every option, defaults filled in); the defaults when the side has no usable one."""
    try:
        config = load_config(root / CONFIG_FILE)
    except ConfigError:
        return {option.name: default(option.name) for option in OPTIONS}
    return dict(config.plugins["opex"].config)


def _config_from_tree(root: Path, commit: str, scratch: Path) -> None:
    """Write a commit's ``mkdocs.yml`` (and the files it INHERITs) into ``scratch``, with its
    docs folder, so MkDocs can load it there as it would in a checkout of that commit."""
    name: str | None = CONFIG_FILE
    seen: set[str] = set()
    while name is not None and name not in seen:
        seen.add(name)
        data = _tree_files(root, commit, [name]).get(name)
        if data is None:
            return
        target = scratch / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        keys = _top_level_scalars(data)
        if name == CONFIG_FILE:
            (scratch / keys.get("docs_dir", "docs")).mkdir(parents=True, exist_ok=True)
        parent = keys.get("INHERIT")
        name = PurePosixPath(name).parent.joinpath(parent).as_posix() if parent else None


def _top_level_scalars(data: bytes) -> dict[str, str]:
    """The top-level plain values of a YAML mapping, read without constructing anything."""
    try:
        node = yaml.compose(data, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {
        k.value: v.value
        for k, v in node.value
        if isinstance(k, yaml.ScalarNode) and isinstance(v, yaml.ScalarNode)
    }


def _prefixed(problems: list[Problem], prefix: str) -> list[Problem]:
    return [dataclasses.replace(p, path=f"{prefix}{p.path}") for p in problems]


def load_side(root: Path, commit: str | None, label: str, prefix: str = "") -> Side:
    """Load one side: a commit (read from git) or, for ``commit=None``, the work tree.

    Problems of a commit's content are located as ``{prefix}content/...`` (git's ``REV:path``).
    """
    if commit is None:
        options = _options(root)
        cat = load_catalogue(
            root,
            content=options.get("content_dir", "content"),
            playbooks=options.get("playbooks_dir", "playbooks"),
        )
        return Side(label, None, cat, options)
    with tempfile.TemporaryDirectory(prefix="opex-diff-") as tmp:
        scratch = Path(tmp)
        _config_from_tree(root, commit, scratch)
        options = _options(scratch)
        content = options.get("content_dir", "content")
        playbooks = options.get("playbooks_dir", "playbooks")
        files = _tree_files(root, commit, [content, playbooks])
        for folder in sorted({(scratch / path).parent for path in files}):
            folder.mkdir(parents=True, exist_ok=True)
        for path, data in files.items():
            (scratch / path).write_bytes(data)
        try:
            cat = load_catalogue(scratch, content=content, playbooks=playbooks)
        except ContentError as exc:
            raise ContentError(_prefixed(exc.problems, prefix)) from None
        cat.root = root
        return Side(label, commit, cat, options)


# --------------------------------------------------------------------------- values in Markdown


def code(value: str) -> str:
    """A Markdown code span holding ``value`` literally (no formatting, links or mentions)."""
    value = re.sub(r"\s+", " ", value).strip()
    longest = max((len(m) for m in re.findall(r"`+", value)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if value.startswith("`") or value.endswith("`") or not value else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def _clip(words: list[str], limit: int = _LONG) -> str:
    out = " ".join(words)
    return out if len(out) <= limit else out[: limit - 1].rstrip() + "…"


def fmt(value: Any) -> str:
    """A value as it appears in a change line: numbers and dates plain, text in code."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, str):
        if _DATE_LIKE.match(value):
            return value
        return code(_clip(value.split()))
    if isinstance(value, list | dict):
        return code(_clip(_inline(value).split()))
    return code(str(value))


def _inline(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_inline(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_inline(v) for v in value) + "]"
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def change(old: Any, new: Any) -> str:
    """``old → new``; long texts are cut down to the words that differ, with a little context."""
    if not (isinstance(old, str) and isinstance(new, str)) or (
        len(old) <= _SHORT and len(new) <= _SHORT
    ):
        return f"{fmt(old)} → {fmt(new)}"
    a, b = old.split(), new.split()
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1

    def excerpt(words: list[str]) -> str:
        lo, hi = max(0, start - 3), min(len(words), len(words) - end + 3)
        body = _clip(words[lo:hi])
        return code(
            ("…" if lo > 0 else "")
            + body
            + ("…" if hi < len(words) and not body.endswith("…") else "")
        )

    return f"{excerpt(a)} → {excerpt(b)}"


def _key_text(value: Any) -> str:
    if isinstance(value, str) and (_DATE_LIKE.match(value) or _PLAIN_KEY.match(value)):
        return value  # ids, dates and months: nothing in them Markdown would read
    if isinstance(value, int | float):
        return fmt(value)
    return code(_clip(str(value).split(), 40))


_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def prose(value: object) -> str:
    """Plain words (a name, a finding) safe inside a Markdown list item.

    No markup, no HTML, and no @-mention: a comment must not notify people named in records.
    """
    words = " ".join(str(value).split()).replace("@", "@\u200b")
    words = words.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _INLINE_SPECIAL.sub(r"\\\1", words)


def _plural(noun: str, n: int) -> str:
    if n == 1:
        return noun
    return noun[:-1] + "ies" if noun.endswith("y") and not noun.endswith("ey") else noun + "s"


# --------------------------------------------------------------------------- field changes

Segment = tuple[str, str]
"""("field", name) or ("item", label) -- one step of the path to a changed value."""


def label(segments: list[Segment]) -> str:
    """``assessment 2026-10-02 walk``, ``KPI otd target``, ``artifacts.customer_focus.status``."""
    out = ""
    previous = ""
    for kind, part in segments:
        if not out:
            out = part
        elif kind == "field" and previous == "field":
            out += "." + part
        else:
            out += " " + part
        previous = kind
    return out


def _item_label(field_name: str, key: tuple[Any, ...]) -> str:
    if field_name == "signoffs":
        person, party, date = key
        return f"sign-off of {_key_text(person)} ({_key_text(party)}) on {date}"
    if field_name == "signatories":
        person, party = key
        return f"signatory {_key_text(person)} ({_key_text(party)})"
    noun = NOUNS.get(field_name, field_name)
    return " ".join([noun, *(_key_text(k) for k in key)]).strip()


class Differ:
    """Field-by-field comparison of two records' data (``model_dump(mode="json")``).

    ``secret(path)`` says whether the value at a raw path is confidential: such a value is
    summarised (changed / added / removed, or counts for a list) and never shown.
    """

    def __init__(self, secret: Callable[[tuple[Any, ...]], bool] | None = None):
        self.secret = secret or (lambda path: False)
        self.lines: list[str] = []

    def compare(
        self, old: Any, new: Any, path: tuple[Any, ...] = (), segments: list[Segment] | None = None
    ) -> list[str]:
        self._value(old, new, path, segments or [])
        return self.lines

    def _value(self, old: Any, new: Any, path: tuple[Any, ...], segs: list[Segment]) -> None:
        if old == new:
            return
        if self.secret(path):
            self._summary(old, new, path, segs)
        elif isinstance(old, dict) and isinstance(new, dict):
            for key in [*new, *(k for k in old if k not in new)]:
                self._value(old.get(key), new.get(key), (*path, key), self._field(segs, key))
        elif isinstance(old, list) and isinstance(new, list):
            self._list(old, new, path, segs)
        elif old is None:
            self.lines.append(f"{label(segs)} set to {fmt(new)}")
        elif new is None:
            self.lines.append(f"{label(segs)} removed (was {fmt(old)})")
        else:
            self.lines.append(f"{label(segs)} {change(old, new)}")

    @staticmethod
    def _field(segs: list[Segment], name: str) -> list[Segment]:
        if name == "score" and segs and segs[-1] in (("field", "talk"), ("field", "walk")):
            return segs  # "walk 3 → 4" rather than "walk.score 3 → 4"
        return [*segs, ("field", name)]

    def _list(
        self, old: list[Any], new: list[Any], path: tuple[Any, ...], segs: list[Segment]
    ) -> None:
        name = path[-1] if path and isinstance(path[-1], str) else ""
        where = label(segs)
        keyed = _keyed(name, old, new)
        if keyed is None:
            removed, added = _multiset_diff(old, new)
            for item in removed:
                self.lines.append(f"{where}: removed {fmt(item)}")
            for item in added:
                self.lines.append(f"{where}: added {fmt(item)}")
            if not removed and not added:
                self.lines.append(f"{where}: order changed")
            return
        keys, old_map, new_map = keyed
        parent = segs[:-1]
        for key in old_map:
            if key not in new_map:
                self.lines.append(f"{label([*parent, ('item', _item_label(name, key))])} removed")
        for key, item in new_map.items():
            item_segs: list[Segment] = [*parent, ("item", _item_label(name, key))]
            if key not in old_map:
                self.lines.append(
                    f"{label(item_segs)} added{self._details(item, keys, (*path, key))}"
                )
            else:
                self._value(old_map[key], item, (*path, key), item_segs)
        common_old = [k for k in old_map if k in new_map]
        common_new = [k for k in new_map if k in old_map]
        if common_old != common_new:
            self.lines.append(f"{where}: order changed")

    def _details(self, item: Any, keys: tuple[str, ...], path: tuple[Any, ...]) -> str:
        """For a small added item (all plain values): ``: value 95, note `…```."""
        if not isinstance(item, dict) or any(isinstance(v, dict | list) for v in item.values()):
            return ""
        parts = [
            f"{k} {fmt(v)}" for k, v in item.items()
            if k not in keys and v is not None and not self.secret((*path, k))
        ]  # fmt: skip
        out = ", ".join(parts)
        return f": {out}" if out and len(out) <= 160 else ""

    def _summary(self, old: Any, new: Any, path: tuple[Any, ...], segs: list[Segment]) -> None:
        if isinstance(old, list) or isinstance(new, list):
            old, new = old or [], new or []
            name = path[-1] if path and isinstance(path[-1], str) else ""
            noun = NOUNS.get(name, name.replace("_", " ") + " item")
            keyed = _keyed(name, old, new)
            if keyed is None:
                removed_items, added_items = _multiset_diff(old, new)
                added, removed, changed = len(added_items), len(removed_items), 0
            else:
                _keys, old_map, new_map = keyed
                added = sum(1 for k in new_map if k not in old_map)
                removed = sum(1 for k in old_map if k not in new_map)
                changed = sum(1 for k in new_map if k in old_map and new_map[k] != old_map[k])
            parts: list[str] = []
            for n, what in ((added, "added"), (removed, "removed"), (changed, "changed")):
                if n:
                    parts.append(f"{n} {what}" if parts else f"{n} {_plural(noun, n)} {what}")
            summary = ", ".join(parts) or f"{_plural(noun, 2)} reordered"
            where = label(segs[:-1])
            self.lines.append(f"{where}: {summary}" if where else summary)
        elif old is None:
            self.lines.append(f"{label(segs)} added")
        elif new is None:
            self.lines.append(f"{label(segs)} removed")
        else:
            self.lines.append(f"{label(segs)} changed")


def _keyed(
    name: str, old: list[Any], new: list[Any]
) -> tuple[tuple[str, ...], dict[Any, Any], dict[Any, Any]] | None:
    """Items of both lists by their key, when the items are mappings with a unique key."""
    items = [*old, *new]
    if not items or not all(isinstance(i, dict) for i in items):
        return None
    candidates = [LIST_KEYS[name]] if name in LIST_KEYS else []
    candidates += [(k,) for k in ("id", "date", "period", "name")]
    for keys in candidates:
        if not all(all(k in i for k in keys) for i in items):
            continue
        old_map = {tuple(i[k] for k in keys): i for i in old}
        new_map = {tuple(i[k] for k in keys): i for i in new}
        if len(old_map) == len(old) and len(new_map) == len(new):
            return keys, old_map, new_map
    return None


def _multiset_diff(old: list[Any], new: list[Any]) -> tuple[list[Any], list[Any]]:
    def canon(v: Any) -> str:
        return json.dumps(v, sort_keys=True)

    remaining = Counter(canon(v) for v in new)
    removed = []
    for v in old:
        if remaining[canon(v)]:
            remaining[canon(v)] -= 1
        else:
            removed.append(v)
    remaining = Counter(canon(v) for v in old)
    added = []
    for v in new:
        if remaining[canon(v)]:
            remaining[canon(v)] -= 1
        else:
            added.append(v)
    return removed, added


def _assessment_secret(
    old: dict[str, Any] | None, new: dict[str, Any] | None
) -> Callable[[tuple[Any, ...]], bool]:
    """The staff edition's secret-test for a leader: confidential parts of each assessment.

    A part counts as confidential when either side's assessment of that date says so.
    """
    parts_by_date: dict[Any, set[str]] = {}
    for data in (old, new):
        for a in (data or {}).get("assessments") or []:
            parts = a.get("confidential")
            parts_by_date.setdefault(a.get("date"), set()).update(
                DEFAULT_CONFIDENTIAL if parts is None else parts
            )

    def secret(path: tuple[Any, ...]) -> bool:
        if len(path) < 3 or path[0] != "assessments" or not isinstance(path[1], tuple):
            return False
        rest = path[2:]
        for part in parts_by_date.get(path[1][0], ()):
            pattern = CONFIDENTIAL_PATHS.get(part, (part,))
            if len(rest) >= len(pattern) and all(
                p in ("*", r) for p, r in zip(pattern, rest, strict=False)
            ):
                return True
        return False

    return secret


# --------------------------------------------------------------------------- what follows


@dataclass
class Derived:
    """What the site shows as a result of the records: scores, tune-ups, sign-off, health."""

    scores: dict[str, float | None] = field(default_factory=dict)
    """Latest overall alignment score per leader."""
    tune_up: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Tune-up reasons per leader (empty when none is due)."""
    versions: dict[str, str] = field(default_factory=dict)
    signatures: dict[str, dict[tuple[str, str], tuple[str, str]]] = field(default_factory=dict)
    """Per agreement: (person, party) -> (state, "Name (Party)")."""
    sign_off: dict[str, str] = field(default_factory=dict)
    """Per agreement: signed, re-sign needed, pending or no signatories."""
    health: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Per agreement: partnership-health findings, in words."""
    partner_health: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Per partner: its own findings (not those of its agreements)."""
    org_overall: float | None = None
    org_tune_up: int | None = None
    org_signatures: dict[str, int] = field(default_factory=dict)
    """Signatures of agreements not ended, by state."""


def derive(cat: Catalogue, audience: str, as_of: dt.date, scoring: Any) -> Derived:
    """Compute what the site of ``audience`` shows from ``cat`` (scoring and agreements are
    optional modules: what cannot be computed is left out)."""
    view = cat
    if audience != "leadership":
        try:
            from generator.domain.audience import redact
        except ImportError:  # pragma: no cover - part of the package
            pass
        else:
            view = redact(cat)[0]
    out = Derived(versions={aid: agreement_version(a) for aid, a in view.agreements.items()})
    try:
        from generator.domain.scoring import Weights, org_scorecard
    except ImportError:  # pragma: no cover - scoring is part of the package
        pass
    else:
        # As on the site: scores from the full assessments of the leaders the edition shows.
        visible = dataclasses.replace(cat, leaders={lid: cat.leaders[lid] for lid in view.leaders})
        org = org_scorecard(visible, as_of, Weights.from_config(scoring or None))
        for card in org.leaders:
            out.scores[card.leader] = getattr(getattr(card, "latest", None), "overall", None)
            out.tune_up[card.leader] = tuple(getattr(card, "tune_up", ()) or ())
        out.org_overall = _org_mean(org)
        out.org_tune_up = len(getattr(org, "tune_up", ()) or ())

    try:
        from generator.domain.agreements import (
            agreement_health,
            ledger_summary,
            partner_health,
            signature_ledger,
        )
    except ImportError:  # pragma: no cover - agreements is part of the package
        return out
    totals = {"current": 0, "stale": 0, "pending": 0}
    for aid, agreement in view.agreements.items():
        ledger = signature_ledger(agreement, view)
        out.signatures[aid] = {
            (s.person, s.party): (s.state, f"{s.name} ({s.party_name})") for s in ledger
        }
        out.sign_off[aid] = str(ledger_summary(ledger))
        out.health[aid] = tuple(f.message for f in agreement_health(agreement, view, as_of))
        if agreement.status != "ended":
            for s in ledger:
                totals[s.state] = totals.get(s.state, 0) + 1
    out.org_signatures = totals
    # A partner's own findings (those of its agreements are reported with the agreements):
    # asked of a catalogue without agreements, partner_health answers without scanning them.
    alone = dataclasses.replace(view, agreements={})
    for pid, partner in view.partners.items():
        out.partner_health[pid] = tuple(
            f.message for f in partner_health(partner, alone, as_of) if f.agreement is None
        )
    return out


def _org_mean(org: Any) -> float | None:
    """The organisation-wide mean score, whichever name the scorecard gives its aggregate."""
    whole = getattr(org, "organisation", None) or getattr(org, "overall", None)
    if whole is None or isinstance(whole, int | float):
        return whole
    value = getattr(whole, "mean", None)
    return value if value is not None else getattr(whole, "overall", None)


def _derived_lines(
    kind: str, old_id: str | None, new_id: str | None, before: Derived, after: Derived
) -> list[str]:
    lines: list[str] = []
    if kind == "leaders":
        if new_id is not None and new_id in after.scores:
            old_score = before.scores.get(old_id) if old_id is not None else None
            new_score = after.scores[new_id]
            if old_id is None or old_id not in before.scores:
                if new_score is not None:
                    lines.append(f"alignment score {fmt(new_score)}")
            elif old_score != new_score:
                lines.append(f"alignment score {fmt(old_score)} → {fmt(new_score)}")
            old_reasons = before.tune_up.get(old_id, ()) if old_id is not None else ()
            new_reasons = after.tune_up.get(new_id, ())
            if new_reasons and not old_reasons:
                lines.append(f"tune-up now due: {prose('; '.join(new_reasons))}")
            elif old_reasons and not new_reasons:
                lines.append("tune-up no longer due")
            elif old_reasons != new_reasons:
                lines.append(
                    f"tune-up due: {prose('; '.join(new_reasons))} (was: {prose('; '.join(old_reasons))})"
                )
    elif kind == "agreements" and new_id is not None and new_id in after.versions:
        known = old_id is not None and old_id in before.versions
        old_version = before.versions.get(old_id) if old_id is not None else None
        if known and old_version != after.versions[new_id]:
            lines.append(
                f"substantive text changed: version {code(str(old_version))} → {code(after.versions[new_id])}"
            )
        old_sigs = before.signatures.get(old_id, {}) if known and old_id is not None else {}
        new_sigs = after.signatures.get(new_id, {})
        stale = [
            who
            for key, (state, who) in new_sigs.items()
            if state == "stale" and old_sigs.get(key, ("",))[0] == "current"
        ]
        if stale:
            lines.append(f"signatures now stale: {prose(', '.join(stale))}")
        for key, (state, who) in new_sigs.items():
            was = old_sigs.get(key, (None,))[0]
            if was is not None and was != state and not (was == "current" and state == "stale"):
                lines.append(f"signature of {prose(who)}: {was} → {state}")
        old_sign = before.sign_off.get(old_id) if known and old_id is not None else None
        new_sign = after.sign_off.get(new_id)
        if new_sign is not None and old_sign != new_sign:
            lines.append(
                f"sign-off {old_sign} → {new_sign}" if old_sign else f"sign-off: {new_sign}"
            )
        old_health = before.health.get(old_id, ()) if known and old_id is not None else ()
        new_health = after.health.get(new_id, ())
        lines += [f"health, new: {prose(m)}" for m in new_health if m not in old_health]
        lines += [f"health, resolved: {prose(m)}" for m in old_health if m not in new_health]
    elif kind == "partners" and new_id is not None and new_id in after.partner_health:
        old_health = before.partner_health.get(old_id, ()) if old_id is not None else ()
        new_health = after.partner_health[new_id]
        lines += [f"health, new: {prose(m)}" for m in new_health if m not in old_health]
        lines += [f"health, resolved: {prose(m)}" for m in old_health if m not in new_health]
    return lines


# --------------------------------------------------------------------------- records


@dataclass
class Entry:
    """One record in the report."""

    kind: str
    status: str
    """added, removed, renamed, changed or affected (not edited, but what follows changed)."""
    id: str
    old_id: str | None = None
    name: str | None = None
    lines: list[str] = field(default_factory=list)

    @property
    def heading(self) -> str:
        who = f" – {prose(self.name)}" if self.name else ""
        if self.status == "renamed":
            return f"**Renamed** {code(self.old_id or '')} → {code(self.id)}{who}"
        word = {
            "added": "Added",
            "removed": "Removed",
            "changed": "Changed",
            "affected": "Affected",
        }[self.status]
        return f"**{word}** {code(self.id)}{who}"


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
    derived = (
        derive(before.catalogue, audience, as_of, before.options.get("scoring")),
        derive(after.catalogue, audience, as_of, after.options.get("scoring")),
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
            secret = _assessment_secret(old, new) if staff and kind == "leaders" else None
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
            lines = _derived_lines(kind, None, rid, *derived)
            out.append(Entry(kind, "added", rid, None, new_names[rid], lines))
    for rid in removed:
        if rid not in renamed_old:
            name = None if staff and _confidential(old_data[rid]) else old_names[rid]
            out.append(Entry(kind, "removed", rid, None, name, []))
    return out


def _org_lines(before: Derived, after: Derived) -> list[str]:
    lines = []
    if before.org_overall != after.org_overall:
        lines.append(f"organisation alignment {fmt(before.org_overall)} → {fmt(after.org_overall)}")
    if before.org_tune_up != after.org_tune_up and after.org_tune_up is not None:
        lines.append(f"leaders due a tune-up {fmt(before.org_tune_up)} → {fmt(after.org_tune_up)}")
    for state, words in (("stale", "signatures to renew"), ("pending", "signatures outstanding")):
        old, new = before.org_signatures.get(state), after.org_signatures.get(state)
        if old != new and new is not None:
            lines.append(f"{words} {fmt(old)} → {fmt(new)}")
    return lines


# --------------------------------------------------------------------------- the report


def render(
    entries: list[Entry],
    before: Side,
    after: Side,
    *,
    audience: str,
    as_of: dt.date,
    settings_lines: list[str] | None = None,
) -> str:
    """The Markdown comment."""
    out = [MARKER, f"### OpEx records: {before.label} → {after.label}", ""]
    edition = (
        "leadership edition: confidential values are shown – do not post this where staff can read it"
        if audience == "leadership"
        else "staff edition: confidential fields and records are summarised without their values"
    )
    out += [f"As of {as_of.isoformat()} · {edition}.", ""]
    records = [e for e in entries if e.kind != "org"]
    org = [line for e in entries if e.kind == "org" for line in e.lines]
    if not records and not org and not settings_lines:
        out.append("No record changes.")
        return "\n".join(out) + "\n"
    counts = Counter(e.status for e in records)
    parts = [
        f"{counts[s]} {s}"
        for s in ("added", "removed", "renamed", "changed", "affected")
        if counts[s]
    ]
    if parts:
        out += ["**" + " · ".join(parts) + "**", ""]
    if settings_lines:
        out += ["#### Settings", "", *(f"- {line}" for line in settings_lines), ""]
    for kind, heading in KIND_ORDER:
        section = [e for e in records if e.kind == kind]
        if not section:
            continue
        out += [f"#### {heading}", ""]
        for entry in section:
            out.append(f"- {entry.heading}")
            out += [f"  - {line}" for line in entry.lines]
        out.append("")
    if org:
        out += ["#### Across the organisation", "", *(f"- {line}" for line in org), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def diff_markdown(
    root: Path | str, base: str, head: str | None = None, *, audience: str = "staff",
    as_of: dt.date | None = None, merge_base: bool = False,
) -> str:  # fmt: skip
    """Compare ``base`` with ``head`` (a revision; None for the work tree) as Markdown.

    Raises :class:`ContentError` listing the problems of both sides when either does not
    validate, and :class:`OpexError` when git cannot answer (not a checkout, unknown revision).
    """
    from generator import clock

    root = Path(root).resolve()
    base_commit = resolve(root, base)
    head_commit = resolve(root, head) if head is not None else None
    base_label = code(base)
    if merge_base:
        out = (
            _git(root, "merge-base", base_commit, head_commit or "HEAD", check=False)
            .decode()
            .strip()
        )
        if not out:
            raise OpexError(f"'{base}' and {head or 'HEAD'} have no common ancestor")
        base_commit = out
        base_label = f"{code(base)} (merge base {code(out[:12])})"
    specs = [
        (base_commit, base_label, f"{base_commit[:12] if merge_base else base}:"),
        (
            head_commit,
            code(head) if head is not None else "work tree",
            f"{head}:" if head is not None else "",
        ),
    ]
    problems: list[Problem] = []
    sides: list[Side] = []
    for commit, shown, prefix in specs:
        try:
            sides.append(load_side(root, commit, shown, prefix))
        except ContentError as exc:  # collect both sides' errors, then stop once
            problems += [p for p in exc.problems if p.severity == "error"]
    if problems:
        raise ContentError(problems)
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
    return render(
        entries, before, after, audience=audience, as_of=when, settings_lines=settings_lines
    )
