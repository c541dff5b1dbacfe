"""The pull-request workflow, the pre-commit hooks and the contributor guide, run for real.

The GitHub Actions workflow is parsed and its shell steps are run locally against a scratch
repository (the steps that need GitHub are checked for shape; the comment script runs under
Node with a stand-in for GitHub's API).  The pre-commit hooks are run the way pre-commit runs
them.  The guide's YAML examples validate and its command lines parse.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli.app import build_parser
from generator.records import yamlload
from generator.records.models import Leader
from generator.review import MARKER
from tests.review.test_diff import scripted_history
from tests.support.builds import opex_shim
from tests.support.gitrepo import Repo
from tests.support.paths import REPO as ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "opex.yml"
GUIDE = ROOT / "docs" / "contributing.md"
EXPRESSIONS = {"github.base_ref": "main", "github.event.pull_request.number": "7"}
"""Values of the workflow expressions a local run stands in for (a pull request into main)."""


def workflow() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return data


def steps() -> list[dict[str, Any]]:
    return list(workflow()["jobs"]["check"]["steps"])


def step(name_part: str) -> dict[str, Any]:
    found = [s for s in steps() if name_part in s.get("name", "")]
    assert len(found) == 1, f"exactly one step named like {name_part!r}"
    return found[0]


def evaluate(text: str) -> str:
    def value(match: re.Match[str]) -> str:
        expression = match.group(1).strip()
        assert expression in EXPRESSIONS, f"the local run does not know ${{{{ {expression} }}}}"
        return EXPRESSIONS[expression]

    return re.sub(r"\$\{\{(.*?)\}\}", value, text)


@pytest.fixture(autouse=True)
def _no_user_git_config(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


@pytest.fixture
def bin_dir(tmp_path: Path) -> Path:
    """A folder with an ``opex`` that runs this checkout with this interpreter, first on PATH."""
    return opex_shim(tmp_path / "bin")


def path_with(bin_dir: Path) -> str:
    return os.pathsep.join(
        [str(bin_dir), str(Path(sys.executable).parent), os.environ.get("PATH", "")]
    )


@pytest.fixture
def pull_request(tmp_path: Path) -> Repo:
    """The scripted history of test_diff checked out as GitHub does for a pull request into
    main: the change on a branch, ``origin/main`` at the base; plus this repository's guide."""
    repo = scripted_history(tmp_path / "org")
    repo.git("update-ref", "refs/remotes/origin/main", "v1")
    repo.git("checkout", "-q", "-b", "pull/7/merge", "v2")
    shutil.copy(GUIDE, repo.root / "docs" / "contributing.md")
    repo.commit("the guide")
    return repo


# --------------------------------------------------------------------------- the workflow's shape


def test_the_workflow_runs_on_pull_requests_with_least_privilege() -> None:
    data = workflow()
    triggers = data.get("on", data.get(True))  # YAML 1.1 readers take a bare `on` for true
    assert triggers == {"pull_request": None}
    assert data["permissions"] == {"contents": "read", "pull-requests": "write"}
    assert data["concurrency"]["cancel-in-progress"] is True
    assert data["jobs"]["check"]["runs-on"] == "ubuntu-latest"


def test_the_steps_are_there_in_order() -> None:
    uses = [s.get("uses", "run") for s in steps()]
    assert uses == [
        "actions/checkout@v4",
        "actions/setup-python@v5",
        "run",  # install
        "run",  # validate
        "actions/cache@v4",  # the build cache
        "run",  # build
        "run",  # diff
        "actions/github-script@v7",
        "actions/upload-artifact@v4",
        "run",  # fail the job when the records do not validate
    ]
    # The diff needs the base branch and the pages' edit history needs every commit.
    assert step("Check out")["with"] == {"fetch-depth": 0}
    assert step("Set up Python")["with"]["cache-dependency-path"] == "opex-requirements.txt"
    assert "python -m pip install -r opex-requirements.txt" in step("Install")["run"]
    assert step("Validate")["run"].strip() == "opex validate --format github"
    assert step("Build")["run"].strip() == "opex build --quiet"
    assert step("Restore the build cache")["with"]["path"] == ".cache/opex"
    assert step("Summarise")["run"].splitlines() == [
        'opex diff --merge-base "origin/$BASE_REF" HEAD > opex-diff.md || test -s opex-diff.md',
        'opex diff --merge-base "origin/$BASE_REF" HEAD --max-chars 0 > opex-diff-full.md'
        " || test -s opex-diff-full.md",
        'cat opex-diff-full.md >> "$GITHUB_STEP_SUMMARY"',
    ]
    upload = step("Upload")["with"]
    assert upload["path"].split() == ["site/", "opex-diff.md", "opex-diff-full.md"]
    assert evaluate(upload["name"]) == "site-preview-7"


def test_records_that_do_not_validate_still_get_their_comment_then_fail_the_job() -> None:
    # Validation may fail without stopping the job; the build needs records that validate;
    # the summary and its comment come whatever happened before (unless the run was
    # cancelled); the last step fails the job when validation failed.
    validate = step("Validate")
    assert (validate["id"], validate["continue-on-error"]) == ("validate", True)
    assert step("Build")["if"] == "steps.validate.outcome == 'success'"
    assert (step("Summarise")["id"], step("Summarise")["if"]) == ("diff", "${{ !cancelled() }}")
    assert step("comment")["if"].startswith(
        "${{ !cancelled() && steps.diff.outcome == 'success' && "
    )
    assert step("comment")["env"] == {"VALIDATE_OUTCOME": "${{ steps.validate.outcome }}"}
    assert step("Upload")["if"] == "${{ !cancelled() }}"
    last = steps()[-1]
    assert last["if"] == "steps.validate.outcome == 'failure'"
    assert last["run"].splitlines()[-1] == "exit 1"


def test_ci_installs_what_opex_requirements_lists() -> None:
    lines = (ROOT / "opex-requirements.txt").read_text(encoding="utf-8").splitlines()
    assert [line for line in lines if line and not line.startswith("#")] == ["-e ."]


def test_no_expression_is_pasted_into_a_shell_script() -> None:
    # Values from the event reach scripts through env:, never through ${{ }} inside run:
    # (a branch name must not be able to inject shell commands).
    for s in steps():
        assert "${{" not in s.get("run", ""), s["name"]
    assert workflow()["jobs"]["check"]["env"] == {"BASE_REF": "${{ github.base_ref }}"}


def test_the_comment_step_only_runs_with_a_token_that_may_write() -> None:
    comment = step("comment")
    assert comment["if"].endswith(
        " && github.event.pull_request.head.repo.full_name == github.repository }}"
    )
    assert f'const marker = "{MARKER}";' in comment["with"]["script"]


def opex_words(command: str) -> list[str]:
    """The words of the ``opex`` command a shell line starts with (up to a redirection or
    another command)."""
    words = shlex.split(command)
    operators = [i for i, w in enumerate(words) if w in (">", ">>", "|", "||", "&&", ";")]
    return words[: operators[0]] if operators else words


def test_every_opex_command_in_the_workflow_parses() -> None:
    commands = [
        line.strip() for s in steps() for line in s.get("run", "").splitlines() if line.strip().startswith("opex ")
    ]  # fmt: skip
    assert len(commands) == 4
    header = [
        line[1:].strip() for line in WORKFLOW.read_text().splitlines() if line.startswith("#")
    ]
    commands += [line.split("#")[0].strip() for line in header if line.startswith("opex ")]
    assert len(commands) == 7
    for command in commands:
        build_parser().parse_args(opex_words(command)[1:])


# --------------------------------------------------------------------------- the workflow, run


def run_step(
    s: dict[str, Any], repo: Repo, bin_dir: Path, summary: Path
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PATH": path_with(bin_dir),
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_ACTIONS": "true",
        **{k: evaluate(v) for k, v in workflow()["jobs"]["check"]["env"].items()},
    }
    # GitHub runs `run:` with: bash --noprofile --norc -eo pipefail {0}
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", s["run"]],
        cwd=repo.root, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip


@pytest.mark.slow
def test_the_workflow_steps_run_locally(pull_request: Repo, bin_dir: Path, tmp_path: Path) -> None:
    summary = tmp_path / "step-summary.md"
    ran = []
    for s in steps():
        if "opex " not in s.get("run", ""):
            continue  # checkout, Python, install, comment and upload need GitHub
        done = run_step(s, pull_request, bin_dir, summary)
        assert done.returncode == 0, f"{s['name']}:\n{done.stdout}\n{done.stderr}"
        ran.append((s["name"], done))
    assert [name for name, _ in ran] == [
        "Validate the records",
        "Build the site",
        "Summarise the record changes",
    ]
    validate = ran[0][1].stdout.splitlines()
    # The agreement's text changed after both signed: two annotations on the sign-off lines.
    assert [line.split("::")[1] for line in validate[:-1]] == [
        "warning file=content/agreements/it-support.yaml,line=28,col=55",
        "warning file=content/agreements/it-support.yaml,line=29,col=48",
    ]
    assert validate[-1].startswith("ok: 3 leaders, ") and validate[-1].endswith(", 2 warnings")

    site = pull_request.root / "site"
    assert (site / "index.html").is_file()
    assert (site / "leaders" / "ana-ruiz" / "index.html").is_file()
    assert "How sign-off works" in (site / "contributing" / "index.html").read_text(
        encoding="utf-8"
    )

    report = (pull_request.root / "opex-diff.md").read_text(encoding="utf-8")
    base = pull_request.git("rev-parse", "v1").strip()[:12]
    assert report.splitlines()[:2] == [
        MARKER,
        f"### OpEx records: `origin/main` (merge base `{base}`) → `HEAD`",
    ]
    assert "- **Renamed** `bob-smith` → `robert-smith` – Bob Smith" in report
    assert "  - signatures now stale: Ana Ruiz (OpEx Office), Kim Berg (IT Service Desk)" in report
    assert summary.read_text(encoding="utf-8") == report  # within the limit: the same
    assert (pull_request.root / "opex-diff-full.md").read_text(encoding="utf-8") == report


def test_validation_errors_become_annotations_and_the_summary_says_so(
    pull_request: Repo, bin_dir: Path, tmp_path: Path
) -> None:
    leader = pull_request.root / "content" / "leaders" / "dan-lee.yaml"
    leader.write_text(leader.read_text().replace("level: middle", "level: midle"))
    pull_request.commit("a typo")
    summary = tmp_path / "summary.md"
    done = run_step(step("Validate"), pull_request, bin_dir, summary)
    assert done.returncode == 1
    assert (
        "::error file=content/leaders/dan-lee.yaml,line=5,col=1::leader.level: "
        "'midle' is not one of: executive, senior, middle, front-line (did you mean 'middle'?)"
    ) in done.stdout.splitlines()
    # The build is skipped; the summary is still written, for the comment, saying so at its top.
    done = run_step(step("Summarise"), pull_request, bin_dir, summary)
    assert done.returncode == 0, done.stderr
    report = (pull_request.root / "opex-diff.md").read_text(encoding="utf-8")
    assert report.splitlines()[3].startswith("**Does not validate: 1 error** in `HEAD`. ")
    assert "- `HEAD:content/leaders/dan-lee.yaml:5:1` `leader.level`" in report.splitlines()
    assert summary.read_text(encoding="utf-8") == report
    assert done.stderr.splitlines()[-1] == "does not validate: 1 error"
    # Without a summary to post (git could not answer), the step fails.
    pull_request.git("update-ref", "-d", "refs/remotes/origin/main")
    assert run_step(step("Summarise"), pull_request, bin_dir, summary).returncode == 1


# --------------------------------------------------------------------------- the comment script


def node() -> str:
    found = shutil.which("node") or shutil.which("nodejs")
    if found:
        return found
    try:  # Playwright (a test dependency) ships a Node runtime of its own
        import playwright

        bundled = Path(playwright.__file__).parent / "driver" / "node"
    except ImportError:  # pragma: no cover
        bundled = Path("/nonexistent")
    if not bundled.is_file():  # pragma: no cover
        pytest.skip("no Node.js to run the github-script step with")
    return str(bundled)


HARNESS = """
const fs = require("fs");
const [script, existing] = [fs.readFileSync(process.argv[2], "utf8"), JSON.parse(process.argv[3])];
const calls = [];
const github = {
  paginate: async (method, params) => { calls.push(["list", method.name, params]); return existing; },
  rest: { issues: {
    listComments: function listComments() {},
    createComment: async (params) => { calls.push(["create", params]); },
    updateComment: async (params) => { calls.push(["update", params]); },
  } },
};
const context = { repo: { owner: "acme", repo: "records" }, payload: { pull_request: { number: 7 } } };
const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;
new AsyncFunction("github", "context", "require", script)(github, context, require)
  .then(() => process.stdout.write(JSON.stringify(calls)))
  .catch((e) => { console.error(e); process.exit(1); });
"""


def run_comment_script(
    tmp_path: Path, body: str, existing: list[dict[str, Any]], validated: str = "success"
) -> list[Any]:
    (tmp_path / "opex-diff.md").write_text(body, encoding="utf-8")
    (tmp_path / "script.js").write_text(step("comment")["with"]["script"], encoding="utf-8")
    (tmp_path / "harness.js").write_text(HARNESS, encoding="utf-8")
    done = subprocess.run(
        [node(), "harness.js", "script.js", json.dumps(existing)],
        cwd=tmp_path, capture_output=True, text=True, timeout=60,
        env={**os.environ, "VALIDATE_OUTCOME": validated},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    calls: list[Any] = json.loads(done.stdout)
    return calls


def test_the_first_run_posts_a_comment(tmp_path: Path) -> None:
    body = f"{MARKER}\n### OpEx records\n"
    calls = run_comment_script(tmp_path, body, [])
    assert calls == [
        [
            "list",
            "listComments",
            {"owner": "acme", "repo": "records", "issue_number": 7, "per_page": 100},
        ],
        ["create", {"owner": "acme", "repo": "records", "issue_number": 7, "body": body}],
    ]


def test_later_runs_update_the_bots_own_comment_only(tmp_path: Path) -> None:
    body = f"{MARKER}\nsecond push\n"
    existing = [
        {"id": 1, "user": {"type": "User"}, "body": f"{MARKER}\nquoted by a person"},
        {"id": 2, "user": {"type": "Bot"}, "body": "another bot"},
        {"id": 3, "user": {"type": "Bot"}, "body": f"{MARKER}\nfirst push"},
    ]
    calls = run_comment_script(tmp_path, body, existing)
    assert calls[1:] == [
        ["update", {"owner": "acme", "repo": "records", "comment_id": 3, "body": body}]
    ]


def test_a_failed_validation_the_summary_does_not_name_is_said_under_the_heading(
    tmp_path: Path,
) -> None:
    # A broken mkdocs.yml fails validation, while opex diff falls back to the defaults.
    body = f"{MARKER}\n### OpEx records: a → b\n\nAs of 2026-11-22.\n"
    (posted,) = [
        c[1]["body"] for c in run_comment_script(tmp_path, body, [], "failure") if c[0] == "create"
    ]
    assert posted.splitlines() == [
        MARKER, "### OpEx records: a → b", "",
        "**Does not validate:** see the annotations and the job's log.", "", "As of 2026-11-22.",
    ]  # fmt: skip
    said = f"{MARKER}\n### x\n\n**Does not validate: 1 error** in `HEAD`.\n"
    (posted,) = [
        c[1]["body"] for c in run_comment_script(tmp_path, said, [], "failure") if c[0] == "create"
    ]
    assert posted == said


def test_a_summary_too_long_for_a_comment_is_cut_at_a_line(tmp_path: Path) -> None:
    body = MARKER + "\n" + "".join(f"- line {i:06d} of a very long summary\n" for i in range(3000))
    (posted,) = [c[1]["body"] for c in run_comment_script(tmp_path, body, []) if c[0] == "create"]
    assert len(posted) < 65536
    kept, note = posted.split("\n\n*Cut short")
    assert body.startswith(kept + "\n")
    assert note == ": the whole summary is in the job summary and in the site-preview artifact.*\n"


# --------------------------------------------------------------------------- pre-commit


def hook_files(repo: Path, hook: dict[str, Any]) -> list[str]:
    """The files pre-commit would pass to a hook on ``pre-commit run --all-files``."""
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=repo, capture_output=True, text=True, check=True
    ).stdout.split()
    chosen = [f for f in tracked if re.search(hook.get("files", ""), f)]
    kinds = hook.get("types_or") or hook.get("types") or []
    if "python" in kinds:
        chosen = [f for f in chosen if f.endswith((".py", ".pyi"))]
    return chosen


def run_hook(
    repo: Path, hook: dict[str, Any], bin_dir: Path
) -> subprocess.CompletedProcess[str] | None:
    files = hook_files(repo, hook)
    if not files and not hook.get("always_run"):
        return None  # pre-commit skips a hook with no files
    command = shlex.split(hook["entry"]) + (files if hook.get("pass_filenames", True) else [])
    return subprocess.run(
        command,
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PATH": path_with(bin_dir)},
    )


def local_hooks() -> list[dict[str, Any]]:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (repo,) = config["repos"]
    assert repo["repo"] == "local"
    return list(repo["hooks"])


def test_the_hook_offered_to_other_repositories() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {k: hook[k] for k in ("id", "entry", "language", "pass_filenames")} == {
        "id": "opex-validate", "entry": "opex validate", "language": "python", "pass_filenames": False,
    }  # fmt: skip
    # language: python installs this package, whose console script provides the entry.
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["scripts"]["opex"] == "generator.cli:main"
    build_parser().parse_args(shlex.split(hook["entry"])[1:])
    matches = [
        p
        for p in (
            "content/leaders/a.yaml",
            "playbooks/m.md",
            "mkdocs.yml",
            "tests/x.py",
            "README.md",
        )
        if re.search(hook["files"], p)
    ]
    assert matches == ["content/leaders/a.yaml", "playbooks/m.md", "mkdocs.yml"]


def test_the_repositorys_hooks_cover_validation_ruff_and_every_schema() -> None:
    hooks = local_hooks()
    assert [h["id"] for h in hooks] == [
        "opex-validate", "ruff", "ruff-format", "schema-leaders", "schema-partners",
        "schema-agreements", "schema-initiatives", "schema-objectives", "schema-strategy",
    ]  # fmt: skip
    for hook in hooks:
        assert hook["language"] == "system"
        if hook["id"].startswith("schema-"):
            schema = shlex.split(hook["entry"])[-1]
            assert (ROOT / schema).is_file(), f"{schema} is missing: run opex schema"


@pytest.mark.slow
def test_the_repositorys_hooks_pass_on_good_records_and_fail_on_bad(
    pull_request: Repo, bin_dir: Path
) -> None:
    repo = pull_request.root
    subprocess.run(
        ["opex", "schema"],
        cwd=repo,
        check=True,
        capture_output=True,
        env={**os.environ, "PATH": path_with(bin_dir)},
    )
    (repo / "tool.py").write_text('import os\n\n\nprint( "x" )\n', encoding="utf-8")
    pull_request.commit("schemas and a script")
    results = {h["id"]: run_hook(repo, h, bin_dir) for h in local_hooks()}
    skipped = sorted(k for k, r in results.items() if r is None)
    assert skipped == [
        "schema-initiatives",
        "schema-objectives",
        "schema-strategy",
    ]  # no such records
    failed = {
        k: r.stdout + r.stderr for k, r in results.items() if r is not None and r.returncode != 0
    }
    assert failed == {}
    # ruff fixed the lint and the layout (pre-commit then stops the commit: files changed).
    assert (repo / "tool.py").read_text(encoding="utf-8") == 'print("x")\n'

    leader = repo / "content" / "leaders" / "dan-lee.yaml"
    leader.write_text(leader.read_text() + "favourite_colour: blue\n", encoding="utf-8")
    by_id = {h["id"]: h for h in local_hooks()}
    validate = run_hook(repo, by_id["opex-validate"], bin_dir)
    schema = run_hook(repo, by_id["schema-leaders"], bin_dir)
    assert validate is not None and schema is not None
    assert validate.returncode == 1 and schema.returncode == 1
    assert (
        "content/leaders/dan-lee.yaml:6:1: leader.favourite_colour: unknown field 'favourite_colour'"
        in validate.stderr
    )
    assert "content/leaders/dan-lee.yaml" in schema.stdout


# --------------------------------------------------------------------------- the guide


def code_blocks(text: str, language: str) -> list[str]:
    blocks = re.findall(rf"^( *)```{language}\n(.*?)^\1```$", text, re.M | re.S)
    return [
        "\n".join(line[len(indent) :] for line in body.splitlines()) + "\n"
        for indent, body in blocks
    ]


def test_the_guides_yaml_examples_are_valid_records() -> None:
    blocks = code_blocks(GUIDE.read_text(encoding="utf-8"), "yaml")
    assert len(blocks) == 7
    from generator.records.models import Correlation, Countermeasure, Kpi

    parts = {}
    for block in blocks:
        data, _ = yamlload.load(block)
        if isinstance(data, dict) and len(data) == 1:
            parts.update(data)
    (kpi,) = [Kpi.model_validate(k) for k in parts["kpis"]]
    assert (kpi.direction, kpi.tolerance) == ("down", 2)
    assert [Countermeasure.model_validate(c).periods for c in parts["countermeasures"]] == [
        ["2026-08"]
    ]
    assert [Correlation.model_validate(c).strength for c in parts["correlations"]] == [
        "strong",
        "weak",
    ]
    leaders = []
    for block in blocks:
        data, _ = yamlload.load(block)
        if isinstance(data, dict) and "function" in data:
            leaders.append(Leader.model_validate(data))
    assert [len(leader.assessments) for leader in leaders] == [0, 1]
    signoffs, _ = yamlload.load(blocks[-1])
    from generator.records.models import Signoff

    (signoff,) = [Signoff.model_validate(s) for s in signoffs["signoffs"]]
    assert signoff.version == "3f9a0c2b71de"


def test_every_command_in_the_guides_parses() -> None:
    verbs = set(build_parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
    commands, mentioned = set(), set()
    for path in (GUIDE, ROOT / "CONTRIBUTING.md"):
        text = path.read_text(encoding="utf-8")
        for block in code_blocks(text, "sh"):
            commands |= {line.split("#")[0].strip() for line in block.splitlines()}
        for inline in re.findall(r"`(opex [^`]+)`", text):
            mentioned.add(inline.split()[1])
            if len(inline.split()) > 2:  # with arguments: meant to be run as written
                commands.add(inline)
    commands = {c for c in commands if c.startswith("opex ")}
    assert len(commands) >= 5
    for command in sorted(commands):
        build_parser().parse_args(shlex.split(command)[1:])
    assert mentioned <= verbs
    assert {"validate", "new", "serve", "build", "diff", "pdf", "schema"} <= mentioned
