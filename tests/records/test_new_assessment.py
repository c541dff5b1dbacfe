"""``opex new assessment <leader-id>``: a skeleton at the end of the list, no other line changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.cli.app import build_parser
from generator.records import placeholders, scaffold, yamlload
from generator.records.kinds import BY_NAME, NEW_KINDS, NEW_PARTS
from tests.support.golden import check_golden
from tests.support.paths import DATA, REPO
from tests.support.placeholders import Filler

CASES = DATA / "new-assessment"
DATE = "2027-01-15"


def _inserted(before: list[str], after: list[str]) -> tuple[int, int]:
    """Where lines were inserted: ``after`` is ``before`` with one block of new lines, as
    (index of the first new line, count); fails if any old line changed, moved or went."""
    count = len(after) - len(before)
    assert count > 0
    first = next((i for i, (a, b) in enumerate(zip(before, after, strict=False)) if a != b), None)
    first = len(before) if first is None else first
    assert after[:first] == before[:first]
    assert after[first + count :] == before[first:], "a line after the new ones changed"
    return first, count


def _leader_project(scratch_project: Path, case: Path) -> Path:
    path = scratch_project / "content/leaders" / case.name
    shutil.copyfile(case, path)
    return path


def _filler(root: Path, leader: str) -> Filler:
    """Fills in an assessment of ``leader``: another leader as the assessor, every artifact
    absent (observed or partial would need evidence, a field the skeleton leaves commented)."""
    existing = scaffold.existing_ids(root)
    existing["leaders"] = [i for i in existing["leaders"] if i != leader]
    return Filler(existing, choices={"status": "absent"})


def _validate_filled(root: Path, leader: str, opex) -> list[str]:  # type: ignore[no-untyped-def]
    """Validate: every problem is a placeholder; fill them in and validate again (it passes).
    Returns the placeholder problems."""
    run = opex("--root", str(root), "validate")
    problems = run.err.splitlines()[:-1]
    assert run.code == 1
    assert problems and all(p.endswith(f": {placeholders.MESSAGE}") for p in problems), run.err
    _filler(root, leader).fill_file(root, problems)
    run = opex("--root", str(root), "validate")
    assert (run.code, run.err) == (0, ""), run.err
    return problems


# --------------------------------------------------------------------------- adding


@pytest.mark.parametrize(
    "case", sorted(p.stem for p in CASES.glob("*.yaml")), ids=lambda name: name
)
def test_added_at_the_end_of_the_list(case: str, scratch_project: Path, opex) -> None:  # type: ignore[no-untyped-def]
    path = _leader_project(scratch_project, CASES / f"{case}.yaml")
    before = path.read_text(encoding="utf-8")
    run = opex("--root", str(scratch_project), "new", "assessment", case, "--date", DATE)
    after = path.read_text(encoding="utf-8")
    first, count = _inserted(before.splitlines(), after.splitlines())
    assert (run.code, run.err) == (0, "")
    assert run.out == (
        f"added an assessment of {DATE} to content/leaders/{case}.yaml, "
        f"lines {first + 1}-{first + count}\n"
    )
    check_golden(f"new-assessment/{case}.yaml", after)
    old, _ = yamlload.load(before)
    new, _ = yamlload.load(after)
    assert new["assessments"][:-1] == old.get("assessments", [])
    assert new["assessments"][-1]["date"] == DATE
    assert {k: v for k, v in new.items() if k != "assessments"} == {
        k: v for k, v in old.items() if k != "assessments"
    }
    problems = _validate_filled(scratch_project, case, opex)
    lines = [int(p.split(":")[1]) for p in problems]
    assert min(lines) > first and max(lines) <= first + count, "placeholders on the new lines"


def test_the_list_style_is_the_files(scratch_project: Path, opex) -> None:  # type: ignore[no-untyped-def]
    """The ``-`` of the new item is where the file puts its items' (or, in a file without the
    list, its other lists')."""
    for case, dash in [
        ("indented-then-training", "  - date:"),
        ("not-indented-at-end", "- date:"),
        ("no-assessments", "- date:"),
    ]:
        path = _leader_project(scratch_project, CASES / f"{case}.yaml")
        opex("--root", str(scratch_project), "new", "assessment", case, "--date", DATE)
        assert f"\n{dash} {DATE}\n" in path.read_text(encoding="utf-8")


def test_every_demo_leader_keeps_every_line(tmp_path: Path, opex) -> None:  # type: ignore[no-untyped-def]
    """The demo's leaders, each ending in comments and blank lines: an assessment each, every
    old line kept in order, the trailing comments still last, and all valid once filled in."""
    root = tmp_path / "demo"
    for folder in ("content", "playbooks"):
        shutil.copytree(REPO / folder, root / folder)
    shutil.copyfile(DATA / "valid/mkdocs.yml", root / "mkdocs.yml")
    (root / "docs").mkdir()
    tail = ["", "# Reviewed by the OpEx office.", "#   (keep this note last)", ""]
    leaders = sorted((root / "content/leaders").glob("*.yaml"))
    assert len(leaders) >= 10
    for path in leaders:
        path.write_text(
            path.read_text(encoding="utf-8") + "".join(f"{line}\n" for line in tail),
            encoding="utf-8",
        )
        before = path.read_text(encoding="utf-8").splitlines()
        run = opex("--root", str(root), "new", "assessment", path.stem, "--date", DATE)
        assert (run.code, run.err) == (0, ""), path.name
        after = path.read_text(encoding="utf-8").splitlines()
        first, count = _inserted(before, after)
        if "assessments:" in before:  # at the end of the list, before the closing comments
            assert after[-len(tail) :] == tail, path.name
            assert first <= len(before) - len(tail)
        else:  # a new list at the end of the file
            assert (first, after[first]) == (len(before), "assessments:")
    run = opex("--root", str(root), "validate")
    problems = [p for p in run.err.splitlines()[:-1] if ": warning: " not in p]
    assert {p.split(":")[0] for p in problems} == {p.relative_to(root).as_posix() for p in leaders}
    assert all(p.endswith(": still a placeholder") for p in problems)
    for path in leaders:
        rel = f"{path.relative_to(root).as_posix()}:"
        _filler(root, path.stem).fill_file(root, [p for p in problems if p.startswith(rel)])
    run = opex("--root", str(root), "validate")
    assert run.code == 0, run.err
    assert ": leader" not in run.err


def test_line_endings_and_a_missing_last_line_break(scratch_project: Path, opex) -> None:  # type: ignore[no-untyped-def]
    path = scratch_project / "content/leaders/ana-ruiz.yaml"
    before = path.read_bytes().rstrip(b"\n").replace(b"\n", b"\r\n")
    path.write_bytes(before)
    assert opex("--root", str(scratch_project), "new", "assessment", "ana-ruiz").code == 0
    after = path.read_bytes()
    assert after.startswith(before + b"\r\nassessments:\r\n")
    assert after.count(b"\n") == after.count(b"\r\n")
    _validate_filled(scratch_project, "ana-ruiz", opex)


def test_a_fresh_leader_takes_an_assessment(scratch_project: Path, opex) -> None:  # type: ignore[no-untyped-def]
    """A leader just written by ``opex new`` (placeholders and all) gets the list at its end."""
    assert opex("--root", str(scratch_project), "new", "leader", "dan-lee").code == 0
    path = scratch_project / "content/leaders/dan-lee.yaml"
    before = path.read_text(encoding="utf-8").splitlines()
    run = opex("--root", str(scratch_project), "new", "assessment", "dan-lee", "--date", DATE)
    assert run.code == 0, run.err
    after = path.read_text(encoding="utf-8").splitlines()
    first, _ = _inserted(before, after)
    assert (first, after[first]) == (len(before), "assessments:")
    _validate_filled(scratch_project, "dan-lee", opex)


def test_the_date_is_today_by_default(
    scratch_project: Path, opex, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")  # 2026-09-21 UTC
    run = opex("--root", str(scratch_project), "new", "assessment", "bob-smith")
    assert run.out.startswith("added an assessment of 2026-09-21 to content/leaders/bob-smith.yaml")
    config = scratch_project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("  - opex\n", "  - opex:\n      as_of: 2026-10-02\n")
    )
    run = opex("--root", str(scratch_project), "new", "assessment", "bob-smith")
    assert run.out.startswith("added an assessment of 2026-10-02 to content/leaders/bob-smith.yaml")


# --------------------------------------------------------------------------- refusing


REFUSED = {
    "flow-list": (
        "opex: error: content/leaders/flow-list.yaml:6:14: assessments is written in flow style"
        " ([...]): write it as a block list, one '- ' item per line, to add an assessment"
    ),
    "flow-root": (
        "opex: error: content/leaders/flow-root.yaml: the fields are written in flow style"
        " ({...}): cannot add lines safely"
    ),
    "placeholder-list": (
        "opex: error: content/leaders/placeholder-list.yaml:6:1: assessments is not a list:"
        " write it as one, or remove it"
    ),
    "syntax-error": (
        "content/leaders/syntax-error.yaml:2:13: leader: YAML syntax: mapping values are not"
        " allowed in this context\n1 error found; nothing was written"
    ),
    "unknown-field": (
        "content/leaders/unknown-field.yaml:6:1: leader.nmae: unknown field 'nmae'"
        " (did you mean 'name'?)\n1 error found; nothing was written"
    ),
    "document-end": (
        "opex: error: content/leaders/document-end.yaml: cannot add an assessment safely: with"
        " the new lines the file would not read as before plus the assessment; add it by hand"
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_refused(case: str, scratch_project: Path, opex) -> None:  # type: ignore[no-untyped-def]
    path = _leader_project(scratch_project, CASES / "refused" / f"{case}.yaml")
    before = path.read_bytes()
    run = opex("--root", str(scratch_project), "new", "assessment", case, "--date", DATE)
    assert (run.code, run.out, run.err) == (1, "", REFUSED[case] + "\n")
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize(
    ("date", "message"),
    [
        (
            "2025-06-20",
            "content/leaders/blank-between-items.yaml:21:5: an assessment of 2025-06-20 is"
            " already there: edit that one, or give another date with --date",
        ),
        (
            "2025-03-01",
            "content/leaders/blank-between-items.yaml:21:5: assessments are kept oldest first"
            " and there is one of 2025-06-20: an assessment of 2025-03-01 would go before it;"
            " add it there by hand, or give a later date with --date",
        ),
    ],
)
def test_refused_dates(date: str, message: str, scratch_project: Path, opex) -> None:  # type: ignore[no-untyped-def]
    path = _leader_project(scratch_project, CASES / "blank-between-items.yaml")
    before = path.read_bytes()
    run = opex(
        "--root", str(scratch_project), "new", "assessment", "blank-between-items", "--date", date
    )
    assert (run.code, run.out, run.err) == (1, "", f"opex: error: {message}\n")
    assert path.read_bytes() == before


def test_refused_without_the_leader(scratch_project: Path, opex) -> None:  # type: ignore[no-untyped-def]
    run = opex("--root", str(scratch_project), "new", "assessment", "ada-lovelace")
    assert (run.code, run.err) == (
        1,
        "opex: error: content/leaders/ada-lovelace.yaml does not exist: add the leader first"
        " (opex new leader ada-lovelace)\n",
    )
    (scratch_project / "content/leaders/ada-lovelace.yml").write_text("name: Ada\n")
    run = opex("--root", str(scratch_project), "new", "assessment", "ada-lovelace")
    assert (run.code, run.err) == (
        1,
        "opex: error: content/leaders/ada-lovelace.yml: rename the file to end in .yaml first\n",
    )
    run = opex("--root", str(scratch_project), "new", "assessment", "Ada")
    assert run.code == 1
    assert "'Ada' is not a valid id" in run.err


# --------------------------------------------------------------------------- the command


def test_assessment_is_not_a_kind() -> None:
    """``opex new assessment <leader-id>`` and ``opex new <kind> <id>`` share the verb: no
    kind may be called like a part, and every part goes in an existing kind."""
    assert not set(NEW_PARTS) & set(BY_NAME)
    assert all(kind in NEW_KINDS for kind in NEW_PARTS.values())
    args = build_parser().parse_args(["new", "assessment", "ada-lovelace", "--date", DATE])
    assert (args.kind, args.id, str(args.date)) == ("assessment", "ada-lovelace", DATE)


def test_date_goes_with_assessment_only(scratch_project: Path, opex, capsys) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as exit:
        opex("--root", str(scratch_project), "new", "leader", "dan-lee", "--date", DATE)
    assert exit.value.code == 2
    assert capsys.readouterr().err.endswith(
        "opex new: error: --date goes with 'opex new assessment <leader-id>' only\n"
    )
    with pytest.raises(SystemExit) as exit:
        opex(
            "--root", str(scratch_project), "new", "assessment", "ana-ruiz", "--date", "2027-02-30"
        )
    assert exit.value.code == 2
    assert not (scratch_project / "content/leaders/dan-lee.yaml").exists()
