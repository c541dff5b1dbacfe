"""``opex validate`` against one broken case per rule, with the exact output expected.

Each case in ``tests/data/invalid/`` is dropped into a copy of the valid organisation
(``tests/data/valid/``) and validated; ``<case>.expected`` beside it holds the exact problem lines.

* ``<kind>-<what>.yaml`` (or ``.yml``) goes to ``content/<kind>s/``, ``module-<what>.md`` to
  ``playbooks/`` and ``strategy-<what>.yaml`` replaces ``content/strategy.yaml``; the case name is
  the file name, hence the record id.
* a folder ``<case>/`` is laid over the project as it is (several files, e.g. a reporting cycle).
* a few inputs are made here rather than committed (:data:`GENERATED`, :data:`EXTRA_COPIES`).

To rewrite the ``.expected`` files after a deliberate change of messages, run with
``OPEX_UPDATE_EXPECTED=1`` and review the diff.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.records import yamlload
from generator.records.catalogue import agreement_version, load_catalogue
from tests.support.paths import DATA

INVALID = DATA / "invalid"
UPDATE = os.environ.get("OPEX_UPDATE_EXPECTED") == "1"

LEADER = b"""name: Dan Lee
title: Shift Lead
function: operations
group: operational
level: front-line
"""


def _too_large() -> bytes:
    padding = yamlload.MAX_BYTES + 1 - len(LEADER) - 1
    return LEADER + b"#" * padding + b"\n"


GENERATED = {
    "leader-too-large.yaml": _too_large,
    "leader-deep-brackets.yaml": lambda: LEADER + b"email: " + b"[" * 100_000 + b"\n",
    "leader-deep-braces.yaml": lambda: b"{a: " * 100_000 + b"\n",
}
"""Inputs too big to commit, made when the test runs."""

EXTRA_COPIES = {
    # Committing both dan-lee.yaml and Dan-Lee.yaml would break checkouts on case-insensitive disks.
    "id-collision-case": [("content/leaders/dan-lee.yaml", "content/leaders/Dan-Lee.yaml")],
}

CASES = sorted(p.name.removesuffix(".expected") for p in INVALID.glob("*.expected"))
WARNING = re.compile(r"^\S+: [^ ]+: warning: ")


def _destination(name: str) -> str:
    kind = name.split("-", 1)[0]
    if kind == "module":
        return f"playbooks/{name}"
    if kind == "strategy":
        return "content/strategy.yaml"
    return f"content/{kind}s/{name}"


def drop_case(root: Path, case: str) -> None:
    """Lay the files of ``case`` over the project at ``root``."""
    folder = INVALID / case
    if folder.is_dir():
        shutil.copytree(folder, root, dirs_exist_ok=True)
        for source, target in EXTRA_COPIES.get(case, []):
            shutil.copyfile(root / source, root / target)
        return
    for name, make in GENERATED.items():
        if name.rsplit(".", 1)[0] == case:
            (root / _destination(name)).write_bytes(make())
            return
    (source,) = [p for p in INVALID.glob(f"{case}.*") if p.suffix in (".yaml", ".yml", ".md")]
    target = root / _destination(source.name)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def expected_lines(case: str) -> list[str]:
    return (INVALID / f"{case}.expected").read_text(encoding="utf-8").splitlines()


def summary(errors: int) -> str:
    return f"{errors} error{'s' if errors != 1 else ''} found; nothing was written"


def _case_insensitive(folder: Path) -> bool:
    probe = folder / "case-probe"
    probe.write_text("")
    try:
        return (folder / "CASE-PROBE").exists()
    finally:
        probe.unlink()


def test_every_case_has_its_input() -> None:
    inputs = {p.name.rsplit(".", 1)[0] for p in INVALID.iterdir() if p.suffix != ".expected"}
    inputs |= {name.rsplit(".", 1)[0] for name in GENERATED}
    assert sorted(inputs) == CASES


def test_base_organisation_is_valid(scratch_project: Path, opex) -> None:  # type: ignore[no-untyped-def]
    run = opex("--root", str(scratch_project), "validate")
    assert (run.code, run.err) == (0, "")
    assert (
        run.out == "ok: 3 leaders, 1 partner, 1 agreement, 1 initiative, 2 objectives, 2 modules\n"
    )


@pytest.mark.parametrize("case", CASES)
def test_invalid_case(case: str, scratch_project: Path, opex) -> None:  # type: ignore[no-untyped-def]
    if case in EXTRA_COPIES and _case_insensitive(scratch_project):
        pytest.skip("the file system does not tell names apart by case")
    drop_case(scratch_project, case)
    run = opex("--root", str(scratch_project), "validate")
    errors = [line for line in run.err.splitlines() if not WARNING.match(line)]
    problems = run.err.splitlines()[:-1] if run.code else run.err.splitlines()
    if UPDATE:
        (INVALID / f"{case}.expected").write_text(
            "".join(f"{p}\n" for p in problems), encoding="utf-8"
        )
    expected = expected_lines(case)
    error_count = sum(1 for line in expected if not WARNING.match(line))
    assert problems == expected
    assert run.code == (1 if error_count else 0)
    if error_count:
        assert run.err.splitlines()[-1] == summary(error_count)
        assert run.out == ""
    else:
        assert errors == []
        assert run.out.endswith(f", {len(expected)} warning{'s' if len(expected) != 1 else ''}\n")


MIXED = [
    "leader-duplicate-key",
    "leader-wrong-enum",
    "leader-not-utf8",
    "initiative-unknown-owner",
    "agreement-stale-signoff",
    "module-unknown-teacher",
    "objective-invalid-date",
    "leader-yml-extension",
]


def test_all_problems_in_all_files_in_one_run(scratch_project: Path, opex) -> None:  # type: ignore[no-untyped-def]
    for case in MIXED:
        drop_case(scratch_project, case)
    run = opex("--root", str(scratch_project), "validate")
    expected = [line for case in MIXED for line in expected_lines(case)]
    lines = run.err.splitlines()
    assert run.code == 1
    assert sorted(lines[:-1]) == sorted(expected)
    assert lines[-1] == summary(sum(1 for line in expected if not WARNING.match(line)))
    paths = [line.split(":", 1)[0] for line in lines[:-1]]
    assert paths == sorted(paths), "problems are reported in file order"


def test_github_format(scratch_project: Path, opex) -> None:  # type: ignore[no-untyped-def]
    for case in ("leader-wrong-enum", "agreement-stale-signoff", "leader-yml-extension"):
        drop_case(scratch_project, case)
    run = opex("--root", str(scratch_project), "validate", "--format", "github")
    assert run.code == 1
    (stale,) = expected_lines("agreement-stale-signoff")
    where, _, rest = stale.partition(": ")
    path, line, col = where.split(":")
    assert run.out.splitlines() == [
        f"::warning file={path},line={line},col={col}::{rest.replace('warning: ', '', 1)}",
        "::error file=content/leaders/leader-wrong-enum.yaml,line=3,col=1::leader.function: "
        "'finanse' is not one of: executive, operations, finance, hr, it, marketing, sales, opex, "
        "engineering, quality, supply-chain, procurement, legal, customer-service, other "
        "(did you mean 'finance'?)",
        "::error file=content/leaders/leader-yml-extension.yml::leader: rename the file to end in .yaml",
    ]


def test_json_format(scratch_project: Path, opex) -> None:  # type: ignore[no-untyped-def]
    for case in ("leader-wrong-enum", "leader-yml-extension"):
        drop_case(scratch_project, case)
    run = opex("--root", str(scratch_project), "validate", "--format", "json")
    assert run.code == 1
    report = json.loads(run.out)
    assert report["ok"] is False
    assert [
        (p["path"], p["line"], p["col"], p["field"], p["severity"]) for p in report["problems"]
    ] == [
        ("content/leaders/leader-wrong-enum.yaml", 3, 1, "leader.function", "error"),
        ("content/leaders/leader-yml-extension.yml", 0, 0, "leader", "error"),
    ]


def test_json_format_when_valid(scratch_project: Path, opex) -> None:  # type: ignore[no-untyped-def]
    run = opex("--root", str(scratch_project), "validate", "--format", "json")
    report = json.loads(run.out)
    assert (run.code, report["ok"], report["problems"]) == (0, True, [])
    assert report["counts"] == {
        "agreements": 1, "initiatives": 1, "leaders": 3, "modules": 2, "objectives": 2, "partners": 1,
    }  # fmt: skip


def test_current_signoff_gives_no_warning(scratch_project: Path, opex) -> None:  # type: ignore[no-untyped-def]
    drop_case(scratch_project, "agreement-stale-signoff")
    path = scratch_project / "content/agreements/agreement-stale-signoff.yaml"
    version = agreement_version(
        load_catalogue(scratch_project).agreements["agreement-stale-signoff"]
    )
    path.write_text(path.read_text().replace("0123456789ab", version))
    run = opex("--root", str(scratch_project), "validate")
    assert (run.code, run.err) == (0, "")


def test_console_script(scratch_project: Path) -> None:
    script = Path(sys.executable).with_name("opex")
    command = [str(script)] if script.exists() else [shutil.which("opex") or "opex"]
    drop_case(scratch_project, "leader-unknown-reports-to")
    done = subprocess.run(
        [*command, "--root", str(scratch_project), "validate"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.splitlines() == [*expected_lines("leader-unknown-reports-to"), summary(1)]
    done = subprocess.run(
        [*command, "validate"], cwd=DATA / "valid", capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stderr) == (0, "")


# --------------------------------------------------------------------------- CI formats


CODE_QUALITY = json.loads((DATA / "gitlab-code-quality.schema.json").read_text(encoding="utf-8"))
"""GitLab's Code Quality report format: the fields GitLab reads, and their types."""


def code_quality(text: str) -> list[dict[str, object]]:
    """The report, checked against GitLab's format: every field there and typed right, every
    fingerprint unique."""
    import jsonschema

    report = json.loads(text)
    jsonschema.validate(report, CODE_QUALITY)
    fingerprints = [item["fingerprint"] for item in report]
    assert len(set(fingerprints)) == len(fingerprints)
    assert all(re.fullmatch(r"[0-9a-f]{64}", f) for f in fingerprints)
    return list(report)


def test_gitlab_format_is_a_code_quality_report(scratch_project: Path, opex) -> None:  # type: ignore[no-untyped-def]
    for case in ("leader-several-errors", "agreement-stale-signoff"):
        drop_case(scratch_project, case)
    run = opex("--root", str(scratch_project), "validate", "--format", "gitlab")
    assert run.code == 1
    report = code_quality(run.out)
    expected = expected_lines("agreement-stale-signoff") + expected_lines("leader-several-errors")
    assert len(expected) == 6
    rows = []
    for line in expected:
        path, row, _col, rest = line.split(":", 3)
        field, _, message = rest.strip().partition(": ")
        warning = message.startswith("warning: ")
        rows.append(
            (
                path,
                int(row),
                "minor" if warning else "major",
                f"{field}: {message.removeprefix('warning: ')}",
            )
        )
    assert [
        (i["location"]["path"], i["location"]["lines"]["begin"], i["severity"], i["description"])  # type: ignore[index]
        for i in report
    ] == rows
    assert [i["check_name"] for i in report][1:] == [
        "opex.leader.function", "opex.leader.level", "opex.leader.favourite_colour",
        "opex.leader.assessments.talk.score", "opex.leader.assessments.walk.score",
    ]  # fmt: skip
    # People read the same problems on standard error.
    assert run.err.splitlines() == [*expected, summary(5)]

    # A fingerprint follows the problem, not its line: GitLab tells new problems from old.
    leader = scratch_project / "content" / "leaders" / "leader-several-errors.yaml"
    leader.write_text(
        "# moved down a line\n" + leader.read_text(encoding="utf-8"), encoding="utf-8"
    )
    again = code_quality(opex("--root", str(scratch_project), "validate", "--format", "gitlab").out)
    assert [i["fingerprint"] for i in again] == [i["fingerprint"] for i in report]
    assert [i["location"]["lines"]["begin"] for i in again][1:] == [4, 6, 7, 11, 12]  # type: ignore[index]


def test_gitlab_format_when_valid(scratch_project: Path, opex) -> None:  # type: ignore[no-untyped-def]
    run = opex("--root", str(scratch_project), "validate", "--format", "gitlab")
    assert (run.code, code_quality(run.out)) == (0, [])
    assert (
        run.err == "ok: 3 leaders, 1 partner, 1 agreement, 1 initiative, 2 objectives, 2 modules\n"
    )


def test_repeated_problems_get_fingerprints_of_their_own() -> None:
    from generator.cli.output import gitlab_report
    from generator.errors import Problem

    same = [Problem("content/a.yaml", line, 1, "leader.x", "twice") for line in (3, 9)]
    both, one = code_quality(gitlab_report(same)), code_quality(gitlab_report(same[:1]))
    assert both[0]["fingerprint"] == one[0]["fingerprint"] != both[1]["fingerprint"]
    file_wide = code_quality(gitlab_report([Problem("content/a.yml", 0, 0, "leader", "rename")]))
    assert file_wide[0]["location"] == {"path": "content/a.yml", "lines": {"begin": 1}}


def test_ci_formats_name_files_from_the_top_of_the_repository(tmp_path: Path, opex) -> None:  # type: ignore[no-untyped-def]
    mono = tmp_path / "mono"
    project = mono / "sites" / "opex"
    shutil.copytree(DATA / "valid", project)
    subprocess.run(["git", "init", "-q", str(mono)], check=True)
    drop_case(project, "leader-wrong-enum")
    path = "content/leaders/leader-wrong-enum.yaml"
    github = opex("--root", str(project), "validate", "--format", "github").out
    assert github.startswith(f"::error file=sites/opex/{path},line=3,col=1::leader.function: ")
    gitlab = code_quality(opex("--root", str(project), "validate", "--format", "gitlab").out)
    assert [i["location"]["path"] for i in gitlab] == [f"sites/opex/{path}"]  # type: ignore[index]
    # Text and JSON stay relative to the project, as every other message.
    assert opex("--root", str(project), "validate").err.startswith(f"{path}:3:1: ")
    run = opex("--root", str(project), "validate", "--format", "json")
    assert json.loads(run.out)["problems"][0]["path"] == path


def test_gitlab_format_with_a_bad_configuration(scratch_project: Path, opex) -> None:  # type: ignore[no-untyped-def]
    (scratch_project / "mkdocs.yml").write_text(
        "site_name: x\nplugins:\n  - opex:\n      audience: all\n", encoding="utf-8"
    )
    run = opex("--root", str(scratch_project), "validate", "--format", "gitlab")
    assert run.code == 1
    ((line,),) = [run.err.splitlines()]
    assert line.startswith("opex: error: mkdocs.yml:4:7: plugins.opex.audience: ")
    (item,) = code_quality(run.out)
    assert item["location"] == {"path": "mkdocs.yml", "lines": {"begin": 4}}
    assert item["description"] == line.removeprefix("opex: error: mkdocs.yml:4:7: ")
    assert (item["check_name"], item["severity"]) == ("opex.plugins.opex.audience", "major")
