"""One settings path: every face reads mkdocs.yml through MkDocs, with one table of defaults."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.config.load import load_settings
from generator.config.options import OPTIONS, options_table
from generator.config.settings import Settings
from tests.support.paths import DATA, REPO

README = REPO / "README.md"


def _project(tmp_path: Path, config: str, *, content: str = "content") -> Path:
    """The valid organisation with ``config`` as its mkdocs.yml, records in ``content``."""
    root = tmp_path / "project"
    shutil.copytree(DATA / "valid", root)
    if content != "content":
        (root / "content").rename(root / content)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root


def test_the_readme_lists_every_option_from_the_table_of_defaults() -> None:
    text = README.read_text(encoding="utf-8")
    assert options_table() in text
    assert {o.name for o in OPTIONS} >= {"content_dir", "playbooks_dir", "templates_dir"}


def test_settings_defaults_are_the_table_of_defaults(tmp_path: Path) -> None:
    root = _project(tmp_path, "site_name: x\nplugins:\n  - opex\n")
    settings = load_settings(root, as_of="2026-06-30")
    for option in OPTIONS:
        if option.name != "as_of":
            assert getattr(settings, option.name) == option.default, option.name
    default = Settings(root=root, as_of=dt.date(2026, 6, 30))
    assert settings == default


def test_validate_reads_content_dir_from_mkdocs_yml(tmp_path: Path, opex) -> None:  # type: ignore[no-untyped-def]
    """It used to read content/ whatever the settings said: ``ok: 0 leaders``, exit 0."""
    root = _project(
        tmp_path,
        "site_name: x\nplugins:\n  - opex:\n      content_dir: records\n",
        content="records",
    )
    run = opex("--root", str(root), "validate")
    assert (run.code, run.err) == (0, "")
    assert run.out.startswith("ok: 3 leaders,")
    leader = root / "records" / "leaders" / "bob-smith.yaml"
    leader.write_text(
        leader.read_text(encoding="utf-8").replace("reports_to: ana-ruiz", "reports_to: bob-smth"),
        encoding="utf-8",
    )
    run = opex("--root", str(root), "validate")
    assert run.code == 1
    assert run.err.splitlines()[0].startswith(
        "records/leaders/bob-smith.yaml:7:1: leader.reports_to: unknown leader 'bob-smth'"
    )


def test_inherit_and_env_apply(tmp_path: Path, opex, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    root = _project(tmp_path, "INHERIT: base.yml\nsite_name: x\n")
    (root / "base.yml").write_text(
        "plugins:\n  - opex:\n      audience: !ENV [OPEX_TEST_AUDIENCE, staff]\n"
        "      content_dir: content\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("OPEX_TEST_AUDIENCE", "leadership")
    assert load_settings(root).audience == "leadership"
    run = opex("--root", str(root), "validate")
    assert (run.code, run.err) == (0, "")


@pytest.mark.parametrize("written", ["2026-06-30", "'2026-06-30'", '"2026-06-30"'])
def test_a_date_may_be_a_yaml_date_or_a_string(tmp_path: Path, written: str) -> None:
    root = _project(tmp_path, f"site_name: x\nplugins:\n  - opex:\n      as_of: {written}\n")
    assert load_settings(root).as_of == dt.date(2026, 6, 30)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            "      as_of: 2026-13-01\n",
            "mkdocs.yml:4:7: plugins.opex.as_of: '2026-13-01' is not a calendar date written YYYY-MM-DD",
        ),
        (
            "      audience: everyone\n",
            "mkdocs.yml:4:7: plugins.opex.audience: 'everyone' is not one of: staff, leadership",
        ),
        (
            "      pdf: maybe\n",
            "mkdocs.yml:4:7: plugins.opex.pdf: expected true or false, found 'maybe'",
        ),
        (
            "      cotnent_dir: records\n",
            "mkdocs.yml:4:7: plugins.opex.cotnent_dir: unknown option (did you mean 'content_dir'?);"
            " known: audience, staff_shows, min_group_size, as_of, content_dir, playbooks_dir, templates_dir, overrides_dir,"
            " scoring, review_cadence_days, countermeasure_days, actual_grace_days, pdf, signed_copies,"
            " portable, edit_history, build_cache",
        ),
        (
            "      staff_shows: scores\n",
            "mkdocs.yml:4:7: plugins.opex.staff_shows: expected a list of some of: scores, talk_note,"
            " walk_note, artifact_evidence, existing_engagement, feelings, resistance, root_causes,"
            " sales_plan; found 'scores'",
        ),
        (
            "      countermeasure_days: 2.5\n",
            "mkdocs.yml:4:7: plugins.opex.countermeasure_days: must be a whole number of days, 0 or more, found 2.5",
        ),
        (
            "      actual_grace_days: -3\n",
            "mkdocs.yml:4:7: plugins.opex.actual_grace_days: must be a whole number of days, 0 or more, found -3",
        ),
        (
            "      scoring:\n        walk: -1\n",
            "mkdocs.yml:5:9: plugins.opex.scoring.walk: must not be negative, found -1",
        ),
        (
            "      review_cadence_days:\n        strategic: 0\n",
            "mkdocs.yml:5:9: plugins.opex.review_cadence_days.strategic: must be a whole number of days, at least 1, found 0",
        ),
    ],
)
def test_a_bad_option_gets_one_clear_line_from_every_face(
    tmp_path: Path,
    opex,
    options: str,
    message: str,  # type: ignore[no-untyped-def]
) -> None:
    root = _project(tmp_path, f"site_name: x\nplugins:\n  - opex:\n{options}")
    for verb in (["validate"], ["build", "--quiet"], ["export", str(tmp_path / "out")]):
        run = opex("--root", str(root), *verb)
        assert (run.code, run.out, run.err) == (1, "", f"opex: error: {message}\n"), verb
    assert not (root / "site").exists() and not (tmp_path / "out").exists()


def test_staff_shows_and_min_group_size_are_checked_item_by_item(tmp_path: Path, opex) -> None:  # type: ignore[no-untyped-def]
    root = _project(
        tmp_path,
        "site_name: x\nplugins:\n  - opex:\n      staff_shows:\n        - scores\n"
        "        - scroes\n        - notes\n      min_group_size: 1\n",
    )
    run = opex("--root", str(root), "validate")
    words = "scores, talk_note, walk_note, artifact_evidence, existing_engagement, feelings, resistance, root_causes, sales_plan"  # fmt: skip
    assert (run.code, run.err.splitlines()) == (1, [
        f"opex: error: mkdocs.yml:6:11: plugins.opex.staff_shows[1]: 'scroes' is not one of: {words} (did you mean 'scores'?)",
        f"opex: error: mkdocs.yml:7:11: plugins.opex.staff_shows[2]: 'notes' is not one of: {words}",
        "opex: error: mkdocs.yml:8:7: plugins.opex.min_group_size: expected a whole number, at least 2, found 1",
    ])  # fmt: skip
    good = _project(
        tmp_path / "good",
        "site_name: x\nplugins:\n  - opex:\n      staff_shows: [walk_note, scores, walk_note]\n"
        "      min_group_size: 5\n",
    )
    settings = load_settings(good)
    assert (settings.staff_shows, settings.min_group_size) == (["scores", "walk_note"], 5)


def test_every_problem_of_the_configuration_at_once(tmp_path: Path, opex) -> None:  # type: ignore[no-untyped-def]
    root = _project(
        tmp_path,
        "site_name: x\nplugins:\n  - opex:\n      as_of: 2026-13-01\n      audience: all\n",
    )
    run = opex("--root", str(root), "validate")
    assert run.code == 1
    assert run.err.splitlines() == [
        "opex: error: mkdocs.yml:4:7: plugins.opex.as_of: '2026-13-01' is not a calendar date written YYYY-MM-DD",
        "opex: error: mkdocs.yml:5:7: plugins.opex.audience: 'all' is not one of: staff, leadership",
    ]


def test_plain_mkdocs_build_words_a_bad_option_the_same_way(tmp_path: Path) -> None:
    """``mkdocs build`` checks the options with the same table (no traceback).  (Written
    unquoted, 2026-13-01 never reaches the plugin: MkDocs' YAML reader stops on it first.)"""
    root = _project(tmp_path, "site_name: x\nplugins:\n  - opex:\n      as_of: '2026-13-01'\n")
    (root / "docs").mkdir(exist_ok=True)
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q"],
        cwd=root, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert (
        "Plugin 'opex' option 'as_of': '2026-13-01' is not a calendar date written YYYY-MM-DD"
        in done.stderr
    )


def test_the_plugin_must_be_listed(tmp_path: Path, opex) -> None:  # type: ignore[no-untyped-def]
    root = _project(tmp_path, "site_name: x\n")
    run = opex("--root", str(root), "validate")
    assert (run.code, run.err) == (
        1,
        "opex: error: mkdocs.yml: the opex plugin is not listed under plugins:\n",
    )


def test_the_command_line_wins_over_the_file(tmp_path: Path) -> None:
    root = _project(
        tmp_path,
        "site_name: x\nplugins:\n  - opex:\n      as_of: 2026-01-01\n      audience: staff\n",
    )
    settings = load_settings(root, as_of=dt.date(2026, 6, 30), audience="leadership")
    assert (settings.as_of, settings.audience) == (dt.date(2026, 6, 30), "leadership")


def test_version(opex, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    from generator import __version__

    with pytest.raises(SystemExit) as info:
        opex("--version")
    assert info.value.code == 0
    assert capsys.readouterr().out == f"opex {__version__}\n"
