"""``opex schema`` and ``opex new``: both are derived from the record models."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import typing
from pathlib import Path

import pytest
from pydantic import ValidationError

from generator.records import fields, placeholders, scaffold, shapes
from generator.records.catalogue import load_catalogue
from generator.records.kinds import KINDS as REGISTRY
from generator.records.models import Leader, Model
from generator.records.schema import DRAFT, KINDS, schema_for, write_schemas
from generator.records.yamlload import load
from tests.support.paths import DATA, REPO
from tests.support.placeholders import Filler

CHECK_JSONSCHEMA = shutil.which(
    "check-jsonschema", path=str(Path(sys.executable).parent)
) or shutil.which("check-jsonschema")
"""A test dependency: found beside the running Python (the venv's bin/, not always on PATH)."""
NEW_KINDS = ["leader", "partner", "agreement", "initiative", "objective", "module"]


# --------------------------------------------------------------------------- schemas


def _keys(node: object) -> typing.Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield key
            yield from _keys(value)
    elif isinstance(node, list):
        for item in node:
            yield from _keys(item)


def test_one_schema_per_kind_written_deterministically(tmp_path: Path) -> None:
    first = write_schemas(tmp_path / "a")
    second = write_schemas(tmp_path / "b")
    assert [p.name for p in first] == [f"{kind}.schema.json" for kind in KINDS]
    assert sorted(KINDS) == sorted(
        ["leader", "partner", "agreement", "initiative", "objective", "strategy", "module"]
    )
    for a, b in zip(first, second, strict=True):
        text = a.read_bytes()
        assert text == b.read_bytes()
        assert text.endswith(b"}\n")
        data = json.loads(text)
        assert (
            text.decode() == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        )


@pytest.mark.parametrize("kind", list(KINDS))
def test_schema_header(kind: str) -> None:
    schema = schema_for(kind)
    assert schema["$schema"] == DRAFT
    assert schema["title"] == f"OpEx Playbooks {kind}"
    assert "its file name" in schema["description"]
    assert "$id" not in set(_keys(schema))
    assert "id" not in schema["properties"], "a record's id is its file name, never a field"
    assert schema["additionalProperties"] is False


def test_schema_follows_the_field_types() -> None:
    leader = schema_for("leader")
    assert leader["required"] == ["name", "title", "function", "group", "level"]
    assert leader["properties"]["name"]["description"] == "Full name."
    reports_to = leader["properties"]["reports_to"]["anyOf"][0]
    assert reports_to["pattern"] == fields.ID_PATTERN
    talk = leader["$defs"]["Talk"]["properties"]["score"]
    assert (talk["type"], talk["minimum"], talk["maximum"]) == ("integer", 1, 5)
    assessment = leader["$defs"]["Assessment"]["properties"]
    assert assessment["date"] == {
        "description": "Date of the assessment.",
        "format": "date",
        "type": "string",
    }
    # A plain scalar that YAML 1.2 reads as a number stays text in a text field (title: 2025).
    assert leader["properties"]["title"]["type"] == ["string", "number", "boolean"]
    module = schema_for("module")
    assert module["properties"]["duration_hours"] == {
        "description": "Length of the module in hours.", "minimum": 0, "type": "number",
    }  # fmt: skip


def test_committed_schemas_are_current(tmp_path: Path) -> None:
    written = {p.name: p.read_text(encoding="utf-8") for p in write_schemas(tmp_path)}
    committed = {
        p.name: p.read_text(encoding="utf-8") for p in (REPO / "schemas").glob("*.schema.json")
    }
    assert committed == written, "run `opex schema` and commit schemas/"


def test_opex_schema_command(scratch_project: Path, opex) -> None:  # type: ignore[no-untyped-def]
    run = opex("--root", str(scratch_project), "schema")
    assert run.code == 0
    assert run.out.splitlines() == [f"schemas/{kind}.schema.json" for kind in KINDS]
    assert json.loads((scratch_project / "schemas/leader.schema.json").read_text()) == schema_for(
        "leader"
    )


def _front_matter(md: Path, out: Path) -> Path:
    text = md.read_text(encoding="utf-8")
    out.write_text(text.split("---\n", 2)[1], encoding="utf-8")
    return out


def _record_files(root: Path, tmp: Path) -> dict[str, list[Path]]:
    """The record files of a project by kind (modules' front matter copied out as YAML)."""
    content = root / "content"
    found = {
        kind: sorted((content / f"{kind}s").glob("*.yaml"))
        for kind in KINDS
        if kind not in ("strategy", "module")
    }
    found["strategy"] = [content / "strategy.yaml"] if (content / "strategy.yaml").is_file() else []
    tmp.mkdir(parents=True, exist_ok=True)
    found["module"] = [
        _front_matter(md, tmp / f"{md.stem}.yaml")
        for md in sorted((root / "playbooks").glob("*.md"))
    ]
    return found


def _check_jsonschema(schema: Path, files: list[Path]) -> subprocess.CompletedProcess[str]:
    assert CHECK_JSONSCHEMA, "check-jsonschema is in the test extras"
    return subprocess.run(
        [CHECK_JSONSCHEMA, "--schemafile", str(schema), *map(str, files)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip


def _check_project(root: Path, tmp_path: Path) -> None:
    schemas = write_schemas(tmp_path / "schemas")
    by_kind = _record_files(root, tmp_path / "front-matter")
    for schema in schemas:
        kind = schema.name.removesuffix(".schema.json")
        if by_kind[kind]:
            done = _check_jsonschema(schema, by_kind[kind])
            assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.slow
@pytest.mark.skipif(CHECK_JSONSCHEMA is None, reason="check-jsonschema is not installed")
def test_check_jsonschema_accepts_the_valid_organisation(tmp_path: Path) -> None:
    _check_project(DATA / "valid", tmp_path)


@pytest.mark.slow
@pytest.mark.skipif(CHECK_JSONSCHEMA is None, reason="check-jsonschema is not installed")
def test_check_jsonschema_accepts_the_demo_content(tmp_path: Path) -> None:
    if not any((REPO / "content").glob("*/*.yaml")):
        pytest.skip("content/ holds no records yet")
    _check_project(REPO, tmp_path)


@pytest.mark.slow
@pytest.mark.skipif(CHECK_JSONSCHEMA is None, reason="check-jsonschema is not installed")
def test_check_jsonschema_refuses_what_validation_refuses(tmp_path: Path) -> None:
    (schema,) = [p for p in write_schemas(tmp_path / "schemas") if p.name == "leader.schema.json"]
    base = (DATA / "valid/content/leaders/ana-ruiz.yaml").read_text()
    broken = {
        "unknown-field.yaml": base + "emial: x@example.org\n",
        "bad-enum.yaml": base.replace("function: executive", "function: finanse"),
        "bad-id.yaml": base + "reports_to: Bob_Smith\n",
        "quoted-boolean.yaml": base + "confidential: 'true'\n",
        "missing-title.yaml": base.replace("title: Chief Executive Officer\n", ""),
        "bad-date.yaml": base.replace(
            "email:", "training: {completed: [{module: m, date: 2025-02-30}]}\nemail:"
        ),
    }
    for name, text in broken.items():
        (tmp_path / name).write_text(text)
    done = _check_jsonschema(schema, [tmp_path / name for name in broken])
    assert done.returncode == 1
    assert sorted(set(re.findall(r"/([\w-]+\.yaml)::", done.stdout))) == sorted(broken), done.stdout
    (tmp_path / "plain-scalars.yaml").write_text(
        base.replace("Chief Executive Officer", "2025") + "organisation: on\n"
    )
    done = _check_jsonschema(schema, [tmp_path / "plain-scalars.yaml"])
    assert done.returncode == 0, done.stdout


# --------------------------------------------------------------------------- opex new


@pytest.fixture
def one_leader(tmp_path: Path) -> Path:
    """A project with a single leader, ana-ruiz."""
    root = tmp_path / "project"
    (root / "content/leaders").mkdir(parents=True)
    shutil.copyfile(
        DATA / "valid/content/leaders/ana-ruiz.yaml", root / "content/leaders/ana-ruiz.yaml"
    )
    _configure(root)
    return root


def _configure(root: Path) -> None:
    """The configuration of a records-only project (the valid organisation's)."""
    shutil.copyfile(DATA / "valid/mkdocs.yml", root / "mkdocs.yml")
    (root / "docs").mkdir()


def _new_path(root: Path, kind: str, id: str) -> Path:
    return (
        root
        / ("playbooks" if kind == "module" else f"content/{kind}s")
        / f"{id}{'.md' if kind == 'module' else '.yaml'}"
    )


def _placeholder_lines(text: str, first: int = 1) -> list[int]:
    """The numbers of the lines that give a field a placeholder (not the commented-out ones)."""
    return [
        number
        for number, line in enumerate(text.splitlines(), first)
        if '"TODO: ' in line and not line.lstrip().startswith("#")
    ]


@pytest.mark.parametrize("kind", NEW_KINDS)
def test_new_record_lists_its_placeholders_then_validates(
    kind: str, one_leader: Path, opex
) -> None:  # type: ignore[no-untyped-def]
    run = opex("--root", str(one_leader), "new", kind, "x")
    path = _new_path(one_leader, kind, "x")
    rel = path.relative_to(one_leader).as_posix()
    assert (run.code, run.err) == (0, "")
    assert run.out == f"wrote {rel}\n"
    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[1 if kind == "module" else 0]
    assert first.startswith("# yaml-language-server: $schema=")
    schema = (path.parent / first.split("=", 1)[1]).resolve()
    assert schema == (one_leader / "schemas" / f"{kind}.schema.json").resolve()

    # A fresh record is refused, every placeholder named at its line, and nothing else said.
    run = opex("--root", str(one_leader), "validate")
    problems = run.err.splitlines()[:-1]
    lines = _placeholder_lines(text)
    assert run.code == 1
    assert run.err.splitlines()[-1] == f"{len(lines)} errors found; nothing was written"
    assert [int(p.split(":")[1]) for p in problems] == lines
    assert all(p.startswith(f"{rel}:") and p.endswith(": still a placeholder") for p in problems)

    # Filled in, on the lines named, it validates.
    filler = Filler(scaffold.existing_ids(one_leader))
    assert filler.fill_file(one_leader, problems) == len(lines)
    run = opex("--root", str(one_leader), "validate")
    assert (run.code, run.err) == (0, ""), run.err


def test_new_record_placeholders_in_full(one_leader: Path, opex) -> None:  # type: ignore[no-untyped-def]
    assert opex("--root", str(one_leader), "new", "objective", "grow").code == 0
    run = opex("--root", str(one_leader), "validate")
    path = "content/objectives/grow.yaml"
    lines = (one_leader / path).read_text().splitlines()
    at = {line.split(":", 1)[0]: number for number, line in enumerate(lines, 1)}
    assert run.err.splitlines() == [
        f"{path}:{at['title']}:1: objective.title: still a placeholder",
        f"{path}:{at['horizon']}:1: objective.horizon: still a placeholder",
        f"{path}:{at['owner']}:1: objective.owner: still a placeholder",
        f"{path}:{at['start']}:1: objective.start: still a placeholder",
        f"{path}:{at['due']}:1: objective.due: still a placeholder",
        "5 errors found; nothing was written",
    ]
    assert lines[at["owner"] - 1] == 'owner: "TODO: the id of a leader, e.g. ana-ruiz"'
    assert lines[at["horizon"] - 1] == 'horizon: "TODO: one of the values above"'
    assert lines[at["start"] - 1] == 'start: "TODO: a date, YYYY-MM-DD"'


def test_new_leader_text(one_leader: Path) -> None:
    text = scaffold.render("leader", "dan-lee", scaffold.existing_ids(one_leader))
    lines = text.splitlines()
    assert lines[:7] == [
        "# yaml-language-server: $schema=../../schemas/leader.schema.json",
        "#",
        "# Leader 'dan-lee': An operational, functional, OpEx, customer-side or supplier-side leader.",
        "# The id is the file name (content/leaders/dan-lee.yaml). Replace every value that starts with",
        "# 'TODO:' (opex validate lists those left); optional fields are commented out: remove the '# '",
        "# in front of one to use it.",
        "",
    ]
    assert lines[7:9] == ["# Full name.", 'name: "TODO: name"']
    assert (
        "# Leader this leader reports to (none for the top of the organisation).\n"
        '# reports_to: "TODO: the id of a leader, e.g. ana-ruiz"\n' in text
    )
    assert '#   - date: "TODO: a date, YYYY-MM-DD"\n' in text
    assert '#       score: "TODO: a whole number from 1 to 5"\n' in text
    assert (
        "#       # Customer metrics exist, are watched and are improving.\n#       customer_focus:\n"
        in text
    )


def _field_names(model: type[Model], seen: set[type[Model]] | None = None) -> set[str]:
    seen = seen if seen is not None else set()
    seen.add(model)
    names = set(model.model_fields)
    for info in model.model_fields.values():
        shape = shapes._shape(info.annotation, info.metadata)
        inner = shape.item.model if shape.item else shape.model
        if inner is not None and inner not in seen:
            names |= _field_names(inner, seen)
    return names


@pytest.mark.parametrize("kind", NEW_KINDS)
def test_every_field_is_there_with_its_docstring(kind: str) -> None:
    model = KINDS[kind]
    text = scaffold.render(kind, "x", {})
    for name in _field_names(model):
        assert re.search(rf"^ *(# )?[ #]*(- )?{name}:", text, re.M), name
    for info in _all_fields(model):
        words = " ".join((info.description or "").split()[:4])
        assert words in " ".join(line.lstrip(" #") for line in text.splitlines()), words


def _all_fields(model: type[Model]) -> list[typing.Any]:
    out = []
    for info in model.model_fields.values():
        out.append(info)
        shape = shapes._shape(info.annotation, info.metadata)
        inner = shape.item.model if shape.item else shape.model
        if inner is not None:
            out += _all_fields(inner)
    return out


@pytest.mark.parametrize("kind", NEW_KINDS)
def test_commented_examples_are_valid(kind: str) -> None:
    """With every optional field written out and its placeholders filled in, the record passes
    its model; every value the scaffold did not know is a placeholder."""
    existing = {
        "leaders": ["ana-ruiz"],
        "partners": ["acme"],
        "modules": ["m"],
        "objectives": ["o"],
    }
    text = scaffold.render(kind, "x", existing, everything=True)
    if kind == "module":
        text = text.split("---\n")[1]
    data, _ = load(text)
    found = placeholders.find(data)
    assert len(found) == len(_placeholder_lines(text))
    with pytest.raises(ValidationError):
        KINDS[kind].model_validate(data)
    # A KPI's band is for direction band only: the example with every field written out is one.
    filler = Filler(existing, choices={"direction": "band"})
    KINDS[kind].model_validate(filler.fill_data(kind, data))


def test_uncommenting_an_optional_block_gives_a_valid_record(scratch_project: Path, opex) -> None:  # type: ignore[no-untyped-def]
    path = scratch_project / "content/leaders/dan-lee.yaml"
    path.write_text(scaffold.render("leader", "dan-lee", scaffold.existing_ids(scratch_project)))
    lines = path.read_text().splitlines()
    for key in ("# reports_to:", "# training:", "# assessments:"):
        start = lines.index(next(line for line in lines if line.startswith(key)))
        end = start + 1
        while end < len(lines) and lines[end].startswith("#  "):
            end += 1
        lines[start:end] = [line[2:] for line in lines[start:end]]
    path.write_text("\n".join(lines) + "\n")
    run = opex("--root", str(scratch_project), "validate")
    problems = run.err.splitlines()[:-1]
    assert run.code == 1
    assert {p.split(": ", 2)[2] for p in problems} == {"still a placeholder"}
    assert len(problems) == len(_placeholder_lines(path.read_text()))
    Filler(scaffold.existing_ids(scratch_project)).fill_file(scratch_project, problems)
    run = opex("--root", str(scratch_project), "validate")
    assert (run.code, run.err) == (0, ""), run.err
    dan = load_catalogue(scratch_project).leaders["dan-lee"]
    assert (dan.reports_to, dan.training.completed[0].module) == ("ana-ruiz", "alignment-basics")
    assert dan.assessments[0].assessor == "ana-ruiz"


def test_without_leaders_the_placeholder_is_explained(tmp_path: Path, opex) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "empty"
    root.mkdir()
    _configure(root)
    assert opex("--root", str(root), "new", "objective", "grow").code == 0
    text = (root / "content/objectives/grow.yaml").read_text()
    assert (
        "# No leader exists yet: add one first (opex new leader <id>).\n"
        'owner: "TODO: the id of a leader"\n' in text
    )
    line = text.splitlines().index('owner: "TODO: the id of a leader"') + 1
    run = opex("--root", str(root), "validate")
    assert f"content/objectives/grow.yaml:{line}:1: objective.owner: still a placeholder" in (
        run.err.splitlines()
    )


def test_new_refuses_to_overwrite(one_leader: Path, opex) -> None:  # type: ignore[no-untyped-def]
    path = one_leader / "content/leaders/ana-ruiz.yaml"
    before = path.read_bytes()
    run = opex("--root", str(one_leader), "new", "leader", "ana-ruiz")
    assert (run.code, run.out) == (1, "")
    assert (
        run.err
        == "opex: error: content/leaders/ana-ruiz.yaml already exists: choose another id, or edit that file\n"
    )
    assert path.read_bytes() == before


def test_new_refuses_an_id_that_would_collide(one_leader: Path, opex) -> None:  # type: ignore[no-untyped-def]
    (one_leader / "content/leaders/Dan-Lee.yml").write_text("name: Dan\n")
    run = opex("--root", str(one_leader), "new", "leader", "dan-lee")
    assert run.code == 1
    assert (
        run.err
        == "opex: error: content/leaders/Dan-Lee.yml already exists: choose another id, or edit that file\n"
    )
    assert not (one_leader / "content/leaders/dan-lee.yaml").exists()


@pytest.mark.parametrize("bad", ["Dan-Lee", "dan--lee", "dan_lee", "-dan", "x" * 64, "ﬁona"])
def test_new_refuses_an_invalid_id(bad: str, one_leader: Path, opex) -> None:  # type: ignore[no-untyped-def]
    run = opex("--root", str(one_leader), "new", "partner", "--", bad)
    assert run.code == 1
    assert run.err.startswith("opex: error: ")
    assert ("is longer than 63 characters" if len(bad) > 63 else "is not a valid id") in run.err
    assert not (one_leader / "content/partners").exists()


def test_reference_table_covers_every_reference_field() -> None:
    record_models = [kind.model for kind in REGISTRY]
    models = set(record_models) | {
        shape.item.model if shape.item else shape.model
        for model in record_models
        for info in _all_fields(model)
        for shape in [shapes._shape(info.annotation, info.metadata)]
    }
    models.discard(None)
    id_fields = set()
    for model in models:
        for name, info in model.model_fields.items():  # type: ignore[union-attr]
            shape = shapes._shape(info.annotation, info.metadata)
            if (shape.item or shape).kind == "id" and name != "id":
                id_fields.add((model, name))
    assert id_fields == set(shapes.REFERENCES) | set(shapes.LOCAL_REFERENCES)
    assert Leader in models


def test_opex_new_explains_the_hoshin_fields() -> None:
    """``opex new initiative`` explains direction and tolerance, declared correlations and
    countermeasures (their comments come from the models' docstrings)."""
    text = scaffold.render("initiative", "x", {"leaders": ["ana-ruiz"], "objectives": ["o"]})
    for words in (
        "# Which way is better: up (higher is better), down (lower is better) or band",
        "# Amber tolerance: how far past the plan a month is amber rather than red",
        "# countermeasures:",
        '#   - kpi: "TODO: the id of the kpi"',
        "# Why the KPI is off plan: the cause found (not the symptom).",
        "# correlations:",
        "# strong or weak: how much the initiative contributes.",
        "exactly one of objective or kpi.",
        "# How often an actual is due: daily, weekly and monthly KPIs need one every month",
    ):
        assert words in text, words
