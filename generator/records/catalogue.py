"""Load and validate every record: stages 1-2 of the pipeline.

:func:`load_catalogue` reads all of ``content/`` and ``playbooks/``, validates each file against
its model, then resolves every cross-reference.  It collects *every* problem in every file and
raises one :class:`~generator.errors.ContentError` at the end, so a run reports them all at once.
Nothing is written here.
"""

from __future__ import annotations

import difflib
import gc
import hashlib
import json
import os
import unicodedata
from collections import ChainMap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from generator.errors import ContentError, Problem
from generator.records import yamlload
from generator.records.fields import string_message
from generator.records.models import (
    KIND_NAMES,
    KINDS,
    Agreement,
    Initiative,
    Leader,
    Model,
    Module,
    Objective,
    Partner,
    Record,
    Strategy,
)

STRATEGY_FILE = "strategy.yaml"


@dataclass
class Catalogue:
    """Every record of a project, validated and cross-referenced; collections sorted by id."""

    root: Path
    leaders: dict[str, Leader] = field(default_factory=dict)
    partners: dict[str, Partner] = field(default_factory=dict)
    agreements: dict[str, Agreement] = field(default_factory=dict)
    initiatives: dict[str, Initiative] = field(default_factory=dict)
    objectives: dict[str, Objective] = field(default_factory=dict)
    modules: dict[str, Module] = field(default_factory=dict)
    module_bodies: dict[str, str] = field(default_factory=dict)
    """Markdown body of each training module (without its front matter)."""
    strategy: Strategy | None = None
    warnings: list[Problem] = field(default_factory=list)
    """Problems that do not stop a build (stale signatures, likely misclassification, ...)."""

    def by_kind(self, kind: str) -> dict[str, Any]:
        return getattr(self, kind)  # type: ignore[no-any-return]

    def counts(self) -> dict[str, int]:
        return {kind: len(self.by_kind(kind)) for kind in (*KINDS, "modules")}

    @property
    def record_count(self) -> int:
        return sum(self.counts().values()) + (1 if self.strategy else 0)


# --------------------------------------------------------------------------- versions


def agreement_version(agreement: Agreement) -> str:
    """The version of an agreement: a hash of its substantive content.

    Formatting, comments and key order do not count (the hash is over the parsed data), and
    neither does the record of the relationship's life: status, reviews held, reflections,
    milestones reached and the signatures themselves.  Anything a signatory agrees to does.
    """
    data = agreement.model_dump(
        mode="json",
        exclude_defaults=True,
        exclude={"status", "reviews", "reflections", "signoffs", "confidential"},
    )
    for milestone in data.get("milestones", []):
        milestone.pop("done", None)
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:12]


# --------------------------------------------------------------------------- problems


def _field_path(kind: str, loc: Iterable[str | int]) -> str:
    out = kind
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


class _File:
    """One record file being checked: knows how to place a problem on a line."""

    def __init__(self, rel: str, kind: str, data: bytes | str, line_offset: int = 0):
        self.rel = rel
        self.kind = kind
        self.data = data
        self.line_offset = line_offset
        self._positions: yamlload.Positions | None = None

    def position(self, loc: tuple[str | int, ...]) -> tuple[int, int]:
        if self._positions is None:
            try:
                self._positions = yamlload.load(self.data, track=True)[1]
            except yamlload.YamlError:
                self._positions = {}
        loc = tuple(loc)
        while loc not in self._positions and loc:
            loc = loc[:-1]
        line, col = self._positions.get(loc, (0, 0))
        return (line + self.line_offset, col) if line else (0, 0)

    def problem(self, loc: tuple[str | int, ...], message: str, severity: str = "error") -> Problem:
        line, col = self.position(loc)
        return Problem(self.rel, line, col, _field_path(self.kind, loc), message, severity)  # type: ignore[arg-type]


def _model_at(model: type[Model], loc: tuple[str | int, ...]) -> type[Model] | None:
    """The model class that holds the field at ``loc`` (for "did you mean" on unknown fields)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, Model)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = _inner_model(info.annotation)
    return current if isinstance(current, type) and issubclass(current, Model) else None


def _inner_model(annotation: Any) -> Any:
    stack = [annotation]
    while stack:
        item = stack.pop()
        if isinstance(item, type) and issubclass(item, Model):
            return item
        stack.extend(getattr(item, "__args__", ()) or ())
        origin = getattr(item, "__origin__", None)
        if origin is not None and origin is not item:
            stack.append(origin)
    return None


_SCORE_FIELDS = frozenset(
    {
        "score",
        "leadership_culture",
        "process_optimization",
        "employee_empowerment",
        "technology_integration",
    }
)


def _validation_problems(file: _File, model: type[Model], exc: ValidationError) -> list[Problem]:
    problems = []
    for err in exc.errors(include_url=False, include_input=True):
        loc = tuple(err["loc"])
        kind = err["type"]
        if kind == "extra_forbidden":
            holder = _model_at(model, loc[:-1])
            name = str(loc[-1])
            hint = _suggest(name, holder.model_fields) if holder else ""
            message = f"unknown field '{name}'{hint}"
        elif kind == "missing":
            message = "required field is missing"
        elif kind == "literal_error":
            given = err.get("input")
            expected = err["ctx"]["expected"]
            choices = [c.strip(" '") for c in expected.replace(" or ", ", ").split(",")]
            hint = _suggest(str(given), choices) if isinstance(given, str) else ""
            message = f"{given!s} is not one of {', '.join(choices)}{hint}"
            if isinstance(given, str):
                message = f"'{given}' is not one of: {', '.join(choices)}{hint}"
        elif kind == "value_error":
            message = str(err["ctx"]["error"])
        elif kind in ("model_type", "model_attributes_type", "dict_type"):
            message = "expected a mapping of fields"
        elif kind == "list_type":
            message = "expected a list"
        elif kind in ("too_short",):
            message = f"needs at least {err['ctx'].get('min_length', 1)} item(s)"
        elif kind in ("less_than_equal", "greater_than_equal") and str(loc[-1]) in _SCORE_FIELDS:
            message = f"score {err.get('input')} is out of range: use a whole number from 1 to 5"
        elif kind == "less_than_equal":
            message = f"{err.get('input')} is too large: at most {err['ctx']['le']:g}"
        elif kind == "greater_than_equal":
            message = f"{err.get('input')} is too small: at least {err['ctx']['ge']:g}"
        elif kind == "string_too_short":
            message = "must not be empty"
        elif text_message := string_message(kind, err.get("input"), err.get("ctx", {})):
            message = text_message
        else:
            message = err["msg"][:1].lower() + err["msg"][1:]
        problems.append(file.problem(loc, message))
    return problems


# --------------------------------------------------------------------------- loading


@dataclass
class _Loaded:
    file: _File
    record: Record


def _front_matter(text: str) -> tuple[str, str, int] | None:
    """Split a Markdown file into (front matter, body, line of the first front-matter line)."""
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---\n", 3)
    if end == -1:
        if text.endswith("\n---"):
            end = len(text) - 4
        else:
            return None
    return text[4 : end + 1], text[end + 5 :], 1


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _check_ids(root: Path, paths: list[Path], kind: str, problems: list[Problem]) -> list[Path]:
    """Report invalid and colliding file stems; return the paths whose stem is a usable id."""
    groups: dict[str, list[Path]] = {}
    for path in paths:
        key = unicodedata.normalize("NFKC", path.stem).casefold()
        groups.setdefault(key, []).append(path)
    good = []
    for group in groups.values():
        if len(group) > 1:
            names = " and ".join(_rel(root, p) for p in sorted(group))
            for p in group:
                problems.append(
                    Problem(
                        _rel(root, p),
                        0,
                        0,
                        kind,
                        f"ids collide (they differ only in case or Unicode form): {names}",
                    )
                )
            continue
        path = group[0]
        try:
            yamlload_id(path.stem)
        except ValueError as exc:
            problems.append(Problem(_rel(root, path), 0, 0, kind, f"file name: {exc}"))
            continue
        good.append(path)
    return good


def yamlload_id(stem: str) -> str:
    from generator.records.fields import _id

    return str(_id(stem))


def _listdir(folder: Path, suffix: str) -> list[Path]:
    """The files of ``folder`` ending in ``suffix``, by name (``scandir``: no stat per file)."""
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return []
    return [
        folder / entry.name
        for entry in sorted(entries, key=lambda e: e.name)
        if entry.name.endswith(suffix) and entry.name != suffix and entry.is_file()
    ]


def _read_bytes(path: Path) -> bytes:
    """A record file's bytes; :class:`~generator.records.yamlload.YamlError` when it is over the limit
    (known from ``fstat`` before anything is read)."""
    with open(path, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        if size > yamlload.MAX_BYTES:
            raise yamlload.YamlError(
                f"file is {size:,} bytes; the limit is {yamlload.MAX_BYTES:,} bytes"
            )
        return fh.read()


def _validate_file(
    file: _File, model: type[Record], data: Any, problems: list[Problem]
) -> Record | None:
    if not isinstance(data, dict):
        found = (
            "an empty file"
            if data is None
            else "a list"
            if isinstance(data, list)
            else "a single value"
        )
        problems.append(
            Problem(
                file.rel,
                1 + file.line_offset,
                1,
                file.kind,
                f"expected a mapping of fields, found {found}",
            )
        )
        return None
    try:
        record = model.model_validate(data)
    except ValidationError as exc:
        problems.extend(_validation_problems(file, model, exc))
        return None
    return record


def load_catalogue(
    root: Path | str, *, content: str = "content", playbooks: str = "playbooks"
) -> Catalogue:
    """Read and check every record under ``root``; raise :class:`ContentError` listing all errors.

    The records are long-lived and hold no reference cycles, so the cyclic garbage collector is
    paused while they are made (it would otherwise re-scan the growing catalogue over and over).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load(Path(root).resolve(), content, playbooks)
    finally:
        if enabled:
            gc.enable()


def _load(root: Path, content: str, playbooks: str) -> Catalogue:
    cat = Catalogue(root=root)
    problems: list[Problem] = []
    files: dict[tuple[str, str], _File] = {}
    content_dir = root / content
    broken: dict[str, set[str]] = {}
    """Ids of records that exist but failed validation: references to them are not reported again."""

    for folder, model in KINDS.items():
        kind = KIND_NAMES[model]
        for stray in _listdir(content_dir / folder, ".yml"):
            problems.append(
                Problem(_rel(root, stray), 0, 0, kind, "rename the file to end in .yaml")
            )
        prefix = _rel(root, content_dir / folder)
        records = cat.by_kind(folder)
        for path in _check_ids(root, _listdir(content_dir / folder, ".yaml"), kind, problems):
            stem = path.name[: -len(".yaml")]
            record = _read_record(path, f"{prefix}/{path.name}", kind, model, problems, files)
            if record is not None:
                records[stem] = record
            else:
                broken.setdefault(folder, set()).add(stem)

    strategy_path = content_dir / STRATEGY_FILE
    if strategy_path.is_file():
        record = _read_record(
            strategy_path, _rel(root, strategy_path), "strategy", Strategy, problems, files
        )
        cat.strategy = record  # type: ignore[assignment]

    for path in _check_ids(root, _listdir(root / playbooks, ".md"), "module", problems):
        rel = _rel(root, path)
        try:
            text = yamlload.decode(path.read_bytes())
        except yamlload.YamlError as exc:
            problems.append(Problem(rel, exc.line, exc.col, "module", exc.message))
            continue
        split = _front_matter(text.replace("\r\n", "\n"))
        if split is None:
            problems.append(
                Problem(
                    rel, 1, 1, "module", "training module needs front matter between '---' lines"
                )
            )
            continue
        front, body, _ = split
        file = _File(rel, "module", front, line_offset=1)
        try:
            data, _pos = yamlload.load(front)
        except yamlload.YamlError as exc:
            problems.append(
                Problem(rel, exc.line + 1 if exc.line else 0, exc.col, "module", exc.message)
            )
            continue
        module = _validate_file(file, Module, data, problems)
        if module is None:
            broken.setdefault("modules", set()).add(path.stem)
        else:
            module._id, module._path = path.stem, rel
            cat.modules[path.stem] = module  # type: ignore[assignment]
            cat.module_bodies[path.stem] = body
            files[("modules", path.stem)] = file

    _check_references(cat, files, problems, broken)
    if any(p.severity == "error" for p in problems):
        raise ContentError([p for p in problems if p.severity == "error"] + cat.warnings)
    return cat


_FOLDERS = {model: folder for folder, model in KINDS.items()}


def _read_record(
    path: Path,
    rel: str,
    kind: str,
    model: type[Record],
    problems: list[Problem],
    files: dict[tuple[str, str], _File],
) -> Record | None:
    try:
        raw = _read_bytes(path)
        data, _ = yamlload.load(raw)
    except yamlload.YamlError as exc:
        problems.append(Problem(rel, exc.line, exc.col, kind, exc.message))
        return None
    except OSError as exc:
        problems.append(Problem(rel, 0, 0, kind, f"cannot read file: {exc.strerror}"))
        return None
    file = _File(rel, kind, raw)
    record = _validate_file(file, model, data, problems)
    if record is not None:
        stem = path.stem
        record._id, record._path = stem, rel
        files[(_FOLDERS.get(model, "strategy"), stem)] = file
    return record


# --------------------------------------------------------------------------- references


def _check_references(
    cat: Catalogue,
    files: dict[tuple[str, str], _File],
    problems: list[Problem],
    broken: dict[str, set[str]],
) -> None:
    broken_in = {id(cat.by_kind(kind)): ids for kind, ids in broken.items()}

    def ref(
        folder: str,
        rec_id: str,
        loc: tuple[str | int, ...],
        target: Mapping[str, Any],
        value: str | None,
        what: str,
    ) -> bool:
        if value is None or value in target:
            return True
        if value in broken_in.get(id(target), ()) or (
            what == "leader or contact" and value in broken.get("leaders", ())
        ):
            return False  # the referenced record exists but has errors of its own, reported there
        file = files[(folder, rec_id)]
        problems.append(file.problem(loc, f"unknown {what} '{value}'{_suggest(value, target)}"))
        return False

    def warn(folder: str, rec_id: str, loc: tuple[str | int, ...], message: str) -> None:
        cat.warnings.append(files[(folder, rec_id)].problem(loc, message, "warning"))

    def error(folder: str, rec_id: str, loc: tuple[str | int, ...], message: str) -> None:
        problems.append(files[(folder, rec_id)].problem(loc, message))

    leaders, partners, modules, objectives = cat.leaders, cat.partners, cat.modules, cat.objectives

    for lid, leader in cat.leaders.items():
        ref("leaders", lid, ("reports_to",), leaders, leader.reports_to, "leader")
        for i, done in enumerate(leader.training.completed):
            ref(
                "leaders",
                lid,
                ("training", "completed", i, "module"),
                modules,
                done.module,
                "training module",
            )
        for i, a in enumerate(leader.assessments):
            ref("leaders", lid, ("assessments", i, "assessor"), leaders, a.assessor, "leader")
            if a.assessor == lid:
                error(
                    "leaders",
                    lid,
                    ("assessments", i, "assessor"),
                    "a leader cannot assess themselves",
                )
            for j, action in enumerate(a.sales_plan):
                ref(
                    "leaders",
                    lid,
                    ("assessments", i, "sales_plan", j, "owner"),
                    leaders,
                    action.owner,
                    "leader",
                )
    _check_reporting_cycles(cat, files, problems)

    for pid, partner in cat.partners.items():
        ref("partners", pid, ("opex_shepherd",), leaders, partner.opex_shepherd, "leader")
        contact_ids = {c.id: None for c in partner.contacts}
        for i, v in _duplicates([c.id for c in partner.contacts]):
            error("partners", pid, ("contacts", i, "id"), f"duplicate contact id '{v}'")
        ref(
            "partners", pid, ("partner_shepherd",), contact_ids, partner.partner_shepherd, "contact"
        )

    for aid, agreement in cat.agreements.items():
        party_people: dict[str, Mapping[str, Any]] = {}
        party_ids = {p.id: None for p in agreement.parties}
        for i, v in _duplicates([p.id for p in agreement.parties]):
            error("agreements", aid, ("parties", i, "id"), f"duplicate party id '{v}'")
        for i, party in enumerate(agreement.parties):
            ok = ref("agreements", aid, ("parties", i, "leader"), leaders, party.leader, "leader")
            ok = (
                ref(
                    "agreements", aid, ("parties", i, "partner"), partners, party.partner, "partner"
                )
                and ok
            )
            contacts = (
                {c.id: c for c in partners[party.partner].contacts}
                if party.partner in partners
                else {}
            )
            people: Mapping[str, Any] = ChainMap(
                contacts, leaders
            )  # a view: no copy of every leader
            party_people[party.id] = people
            if ok:
                ref(
                    "agreements",
                    aid,
                    ("parties", i, "shepherd"),
                    people,
                    party.shepherd,
                    "leader or contact",
                )
        required = set()
        for i, sig in enumerate(agreement.signatories):
            if ref("agreements", aid, ("signatories", i, "party"), party_ids, sig.party, "party"):
                ref(
                    "agreements",
                    aid,
                    ("signatories", i, "person"),
                    party_people[sig.party],
                    sig.person,
                    "leader or contact",
                )
            required.add((sig.person, sig.party))
        current = agreement_version(agreement)
        latest = {
            (s.person, s.party): i
            for i, s in sorted(enumerate(agreement.signoffs), key=lambda e: e[1].date)
        }
        for i, signoff in enumerate(agreement.signoffs):
            if (signoff.person, signoff.party) not in required:
                error(
                    "agreements",
                    aid,
                    ("signoffs", i, "person"),
                    f"'{signoff.person}' is not a listed signatory for party '{signoff.party}'",
                )
            elif signoff.version != current and latest[(signoff.person, signoff.party)] == i:
                warn(
                    "agreements",
                    aid,
                    ("signoffs", i, "version"),
                    f"'{signoff.person}' signed version {signoff.version}; the current version is {current}: re-sign needed",
                )
        for i, milestone in enumerate(agreement.milestones):
            if milestone.done is not None and milestone.done < agreement.start:
                warn(
                    "agreements",
                    aid,
                    ("milestones", i, "done"),
                    "milestone reached before the agreement started",
                )

    for oid, objective in cat.objectives.items():
        ref("objectives", oid, ("owner",), leaders, objective.owner, "leader")
        if objective.parent is not None and ref(
            "objectives", oid, ("parent",), objectives, objective.parent, "objective"
        ):
            if objective.horizon != "annual":
                error("objectives", oid, ("parent",), "only an annual objective has a parent")
            elif objectives[objective.parent].horizon != "breakthrough":
                error(
                    "objectives",
                    oid,
                    ("parent",),
                    f"parent '{objective.parent}' is not a breakthrough objective",
                )
        if objective.due < objective.start:
            error(
                "objectives",
                oid,
                ("due",),
                f"due {objective.due} is before start {objective.start}",
            )

    for iid, ini in cat.initiatives.items():
        ref("initiatives", iid, ("owner",), leaders, ini.owner, "leader")
        ref("initiatives", iid, ("sponsor",), leaders, ini.sponsor, "leader")
        ref("initiatives", iid, ("objective",), objectives, ini.objective, "objective")
        for i, partner_id in enumerate(ini.partners):
            ref("initiatives", iid, ("partners", i), partners, partner_id, "partner")
        for i, member in enumerate(ini.resources.team):
            ref("initiatives", iid, ("resources", "team", i), leaders, member, "leader")
        for i, v in _duplicates([k.id for k in ini.kpis]):
            error("initiatives", iid, ("kpis", i, "id"), f"duplicate KPI id '{v}'")
        for i, kpi in enumerate(ini.kpis):
            ref("initiatives", iid, ("kpis", i, "owner"), leaders, kpi.owner, "leader")
            for series in ("plan", "actuals"):
                for j, v in _duplicates([a.period for a in getattr(kpi, series)]):
                    error(
                        "initiatives",
                        iid,
                        ("kpis", i, series, j, "period"),
                        f"duplicate period {v}",
                    )

    from generator.domain.deployment import deployment_warnings

    for folder, rid, loc, message in deployment_warnings(cat):
        warn(folder, rid, loc, message)

    for mid, module in cat.modules.items():
        for i, teacher in enumerate(module.teachers):
            ref("modules", mid, ("teachers", i), leaders, teacher, "leader")
        for i, prereq in enumerate(module.prerequisites):
            ref("modules", mid, ("prerequisites", i), modules, prereq, "training module")


def _duplicates(values: list[str]) -> list[tuple[int, str]]:
    """(index, value) of every value that repeats an earlier one."""
    seen: set[str] = set()
    out = []
    for i, value in enumerate(values):
        if value in seen:
            out.append((i, value))
        seen.add(value)
    return out


def _check_reporting_cycles(
    cat: Catalogue, files: dict[tuple[str, str], _File], problems: list[Problem]
) -> None:
    """Report each reporting-line cycle once, at the member whose id sorts first (linear time)."""
    settled: set[str] = set()  # leaders whose line up is known to end without a cycle
    for start in cat.leaders:
        chain: list[str] = []
        on_chain: set[str] = set()
        current: str | None = start
        while (
            current is not None
            and current in cat.leaders
            and current not in settled
            and current not in on_chain
        ):
            chain.append(current)
            on_chain.add(current)
            current = cat.leaders[current].reports_to
        if current is not None and current in on_chain:
            cycle = chain[chain.index(current) :]
            key = min(cycle)
            rotated = cycle[cycle.index(key) :] + cycle[: cycle.index(key)]
            loop = " -> ".join([*rotated, key])
            problems.append(
                files[("leaders", key)].problem(
                    ("reports_to",), f"reporting line forms a cycle: {loop}"
                )
            )
        settled.update(chain)


def project_root(start: Path | str | None = None) -> Path:
    """The project root: the nearest folder at or above ``start`` that holds ``mkdocs.yml``."""
    here = Path(start or os.getcwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder
    return here
