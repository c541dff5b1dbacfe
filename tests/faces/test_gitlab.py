"""The GitLab pipeline (``.gitlab-ci.yml``) and its merge-request note script, run for real.

The pipeline is parsed and checked for shape, and its shell lines are run locally against a
scratch repository checked out as GitLab checks out a merge request.  The note script
(``scripts/post_mr_note.py``) talks to a stand-in for GitLab's API: a local HTTP server.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shlex
import shutil
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from generator.cli.app import build_parser
from generator.review import MARKER
from tests.faces.test_workflow import opex_words, path_with
from tests.review.test_diff import Repo, scripted_history
from tests.support.builds import opex_shim
from tests.support.paths import REPO as ROOT

PIPELINE = ROOT / ".gitlab-ci.yml"
SCRIPT = ROOT / "scripts" / "post_mr_note.py"


def pipeline() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(PIPELINE.read_text(encoding="utf-8"))
    return data


def job(name: str) -> dict[str, Any]:
    found: dict[str, Any] = pipeline()[name]
    return found


def shell_lines(name: str) -> list[str]:
    return [*pipeline()["default"]["before_script"], *job(name)["script"]]


@pytest.fixture(autouse=True)
def _no_user_git_config(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


# --------------------------------------------------------------------------- the pipeline's shape


def test_the_pipeline_is_well_formed_and_has_its_jobs() -> None:
    data = pipeline()
    assert data["stages"] == ["check", "summary", "publish"]
    jobs = {k for k, v in data.items() if isinstance(v, dict) and "script" in v}
    assert jobs == {"validate", "build", "summary", "pages"}
    for name in jobs:
        assert job(name).get("stage", "test") in data["stages"], name
    # Full history: the summary's merge base and the pages' last-changed dates need it.
    assert data["variables"]["GIT_DEPTH"] == "0"
    assert "python -m pip install -q -r opex-requirements.txt" in data["default"]["before_script"]
    assert (ROOT / "opex-requirements.txt").is_file()


def test_validation_reports_to_the_merge_requests_code_quality_widget() -> None:
    validate = job("validate")
    assert validate["script"] == ["opex validate --format gitlab > gl-code-quality-report.json"]
    artifacts = validate["artifacts"]
    assert artifacts["when"] == "always"  # the report matters most when validation fails
    assert artifacts["reports"] == {"codequality": "gl-code-quality-report.json"}


def test_the_summary_note_is_posted_also_when_validation_failed() -> None:
    summary = job("summary")
    assert summary["needs"] == [{"job": "validate", "artifacts": True}]
    assert summary["rules"] == [
        {"if": '$CI_PIPELINE_SOURCE == "merge_request_event"', "when": "always"}
    ]
    assert summary["script"][-1] == (
        "python scripts/post_mr_note.py opex-diff.md --report gl-code-quality-report.json"
    )
    assert SCRIPT.is_file()
    assert summary["artifacts"] == {
        "when": "always",
        "paths": ["opex-diff.md"],
        "expire_in": "2 weeks",
    }


def test_the_site_is_a_preview_artifact_and_pages_on_the_default_branch() -> None:
    build = job("build")
    assert build["script"] == ["opex build --quiet"]
    assert build["artifacts"]["paths"] == ["site/"]
    pages = job("pages")
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert pages["script"] == ["opex build --quiet --site-dir public"]
    assert pages["artifacts"] == {"paths": ["public"]}


def test_every_opex_command_in_the_pipeline_parses() -> None:
    commands = [
        line for name in ("validate", "build", "summary", "pages") for line in job(name)["script"]
        if line.startswith("opex ")
    ]  # fmt: skip
    assert len(commands) == 4
    for command in commands:
        build_parser().parse_args(opex_words(command)[1:])


# --------------------------------------------------------------------------- the pipeline, run


@pytest.fixture
def bin_dir(tmp_path: Path) -> Path:
    return opex_shim(tmp_path / "bin")


@pytest.fixture
def merge_request(tmp_path: Path) -> Repo:
    """The scripted history of test_diff cloned as GitLab clones for a merge-request pipeline
    (full history, GIT_DEPTH: 0): the merge request's commit checked out, no branch of the
    target fetched yet."""
    origin = scripted_history(tmp_path / "origin")
    origin.git("branch", "-q", "feature", "v2")
    origin.git("reset", "-q", "--hard", "v1")  # main is at v1; the merge request brings v2
    clone = Repo(tmp_path / "checkout")
    subprocess.run(
        ["git", "clone", "-q", "--no-checkout", f"file://{origin.root}", str(clone.root)],
        check=True, capture_output=True,
    )  # fmt: skip
    clone.git("checkout", "-q", "--detach", "origin/feature")
    for ref in clone.git("for-each-ref", "--format=%(refname)", "refs/remotes").split():
        clone.git("update-ref", "-d", ref)
    (clone.root / "scripts").mkdir()
    shutil.copy(SCRIPT, clone.root / "scripts")  # as a repository of records holds it
    return clone


def run_job_lines(
    lines: list[str], repo: Repo, bin_dir: Path, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    # The runner runs each line of `script:` in one shell that stops at the first failing line.
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-e", "-c", "\n".join(lines)],
        cwd=repo.root, capture_output=True, text=True, timeout=600,
        env={**os.environ, "PATH": path_with(bin_dir), **env},
    )  # fmt: skip


@pytest.mark.slow
def test_the_jobs_run_locally_on_a_merge_request(
    merge_request: Repo,
    bin_dir: Path,
) -> None:
    env = {
        "CI_PIPELINE_SOURCE": "merge_request_event",
        "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main",
        "TARGET": "main",  # the summary job's variables:, as GitLab expands them
    }
    assert job("summary")["variables"] == {"TARGET": "$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"}
    done = run_job_lines(job("validate")["script"], merge_request, bin_dir, env)
    assert done.returncode == 0, done.stderr
    report = json.loads((merge_request.root / "gl-code-quality-report.json").read_text())
    # The agreement's text changed after both signed: two warnings on the sign-off lines.
    assert [(i["location"]["path"], i["location"]["lines"]["begin"], i["severity"]) for i in report] == [
        ("content/agreements/it-support.yaml", 28, "minor"),
        ("content/agreements/it-support.yaml", 29, "minor"),
    ]  # fmt: skip
    assert done.stderr.splitlines()[-1].endswith(", 2 warnings")

    # The summary: the target branch fetched, the diff written, no token here: nothing posted.
    done = run_job_lines(job("summary")["script"], merge_request, bin_dir, env)
    assert done.returncode == 0, done.stderr
    summary = (merge_request.root / "opex-diff.md").read_text(encoding="utf-8")
    base = merge_request.git("rev-parse", "origin/main").strip()[:12]
    assert summary.splitlines()[:2] == [
        MARKER,
        f"### OpEx records: `origin/main` (merge base `{base}`) → `HEAD`",
    ]
    assert "- **Renamed** `bob-smith` → `robert-smith` – Bob Smith" in summary
    assert done.stdout == summary  # cat opex-diff.md: the summary is in the job log
    assert (
        done.stderr.splitlines()[-1] == "post_mr_note: not a merge-request pipeline: no note posted"
    )


@pytest.mark.slow
def test_a_merge_request_that_does_not_validate_gets_its_summary(
    merge_request: Repo,
    bin_dir: Path,
) -> None:
    leader = merge_request.root / "content" / "leaders" / "dan-lee.yaml"
    leader.write_text(leader.read_text().replace("level: middle", "level: midle"))
    merge_request.commit("a typo")
    env = {"TARGET": "main"}
    done = run_job_lines(job("validate")["script"], merge_request, bin_dir, env)
    assert done.returncode == 1
    report = json.loads((merge_request.root / "gl-code-quality-report.json").read_text())
    errors = [i for i in report if i["severity"] == "major"]
    assert [(i["location"]["path"], i["location"]["lines"]["begin"]) for i in errors] == [
        ("content/leaders/dan-lee.yaml", 5)
    ]
    done = run_job_lines(job("summary")["script"], merge_request, bin_dir, env)
    assert done.returncode == 0, done.stderr
    summary = (merge_request.root / "opex-diff.md").read_text(encoding="utf-8")
    assert summary.splitlines()[3].startswith("**Does not validate: 1 error** in `HEAD`. ")


# --------------------------------------------------------------------------- the note script


def note_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("post_mr_note", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class StubGitLab:
    """GitLab's notes API for one merge request, in memory (two notes a page, to page)."""

    TOKEN = "glpat-test"
    BOT = 42

    def __init__(self) -> None:
        self.notes: list[dict[str, Any]] = []
        self.requests: list[tuple[str, str, Any]] = []
        self.next_id = 100

    def handler(self) -> type[BaseHTTPRequestHandler]:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def answer(self, code: int, data: Any, headers: dict[str, str] | None = None) -> None:
                body = json.dumps(data).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def handle_any(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                sent = json.loads(self.rfile.read(length)) if length else None
                stub.requests.append((method, self.path, sent))
                if self.headers.get("PRIVATE-TOKEN") != stub.TOKEN:
                    return self.answer(401, {"message": "401 Unauthorized"})
                notes = "/api/v4/projects/7/merge_requests/3/notes"
                path, _, query = self.path.partition("?")
                if method == "GET" and path == "/api/v4/user":
                    return self.answer(200, {"id": stub.BOT, "username": "project_7_bot"})
                if method == "GET" and path == notes:
                    page = int(dict(q.split("=") for q in query.split("&")).get("page", "1"))
                    chunk = stub.notes[(page - 1) * 2 : page * 2]
                    more = len(stub.notes) > page * 2
                    return self.answer(200, chunk, {"X-Next-Page": str(page + 1) if more else ""})
                if method == "POST" and path == notes:
                    note = {
                        "id": stub.next_id,
                        "body": sent["body"],
                        "author": {"id": stub.BOT},
                        "system": False,
                    }
                    stub.next_id += 1
                    stub.notes.append(note)
                    return self.answer(201, note)
                if method == "PUT" and path.startswith(notes + "/"):
                    (note,) = [n for n in stub.notes if str(n["id"]) == path.rsplit("/", 1)[1]]
                    if note["author"]["id"] != stub.BOT:
                        return self.answer(403, {"message": "403 Forbidden"})
                    note["body"] = sent["body"]
                    return self.answer(200, note)
                return self.answer(404, {"message": "404 Not found"})

            def do_GET(self) -> None:  # noqa: N802
                self.handle_any("GET")

            def do_POST(self) -> None:  # noqa: N802
                self.handle_any("POST")

            def do_PUT(self) -> None:  # noqa: N802
                self.handle_any("PUT")

        return Handler


@pytest.fixture
def gitlab() -> Iterator[tuple[StubGitLab, dict[str, str]]]:
    stub = StubGitLab()
    server = ThreadingHTTPServer(("127.0.0.1", 0), stub.handler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    env = {
        "CI_API_V4_URL": f"http://127.0.0.1:{server.server_address[1]}/api/v4",
        "CI_PROJECT_ID": "7",
        "CI_MERGE_REQUEST_IID": "3",
        "OPEX_NOTE_TOKEN": stub.TOKEN,
    }
    try:
        yield stub, env
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def post(tmp_path: Path, env: dict[str, str], body: str, *extra: str) -> int:
    summary = tmp_path / "opex-diff.md"
    summary.write_text(body, encoding="utf-8")
    code: int = note_script().main([str(summary), *extra], env)
    return code


def test_the_first_push_creates_the_note_and_later_pushes_update_it(
    gitlab: tuple[StubGitLab, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stub, env = gitlab
    # Other notes: a person quoting the marker, a system note, another bot's note.
    stub.notes += [
        {"id": 1, "body": f"{MARKER}\nquoted by a person", "author": {"id": 5}, "system": False},
        {"id": 2, "body": "added 1 commit", "author": {"id": 42}, "system": True},
        {"id": 3, "body": "a bot's other note", "author": {"id": 42}, "system": False},
    ]
    first = f"{MARKER}\n### OpEx records: first push\n"
    assert post(tmp_path, env, first) == 0
    assert capsys.readouterr().err == "post_mr_note: posted the summary on merge request !3\n"
    assert [(m, p.split("?")[0]) for m, p, _ in stub.requests] == [
        ("GET", "/api/v4/user"),
        ("GET", "/api/v4/projects/7/merge_requests/3/notes"),
        ("GET", "/api/v4/projects/7/merge_requests/3/notes"),
        ("POST", "/api/v4/projects/7/merge_requests/3/notes"),
    ]
    assert stub.requests[-1][2] == {"body": first}

    stub.requests.clear()
    second = f"{MARKER}\n### OpEx records: second push\n"
    assert post(tmp_path, env, second) == 0
    assert capsys.readouterr().err == "post_mr_note: updated the summary on merge request !3\n"
    assert stub.requests[-1] == (
        "PUT",
        "/api/v4/projects/7/merge_requests/3/notes/100",
        {"body": second},
    )
    assert [(n["id"], n["body"]) for n in stub.notes] == [
        (1, f"{MARKER}\nquoted by a person"), (2, "added 1 commit"), (3, "a bot's other note"),
        (100, second),
    ]  # fmt: skip


def test_errors_the_summary_does_not_name_are_said_under_its_heading(
    gitlab: tuple[StubGitLab, dict[str, str]], tmp_path: Path
) -> None:
    stub, env = gitlab
    report = tmp_path / "gl-code-quality-report.json"
    report.write_text(
        json.dumps([{"severity": "major"}, {"severity": "minor"}, {"severity": "major"}])
    )
    body = f"{MARKER}\n### OpEx records: a → b\n\nNo record changes.\n"
    assert post(tmp_path, env, body, "--report", str(report)) == 0
    assert stub.notes[0]["body"].splitlines() == [
        MARKER, "### OpEx records: a → b", "",
        "**Does not validate: 2 errors**, see the Code Quality report of the merge request.",
        "", "No record changes.",
    ]  # fmt: skip
    said = f"{MARKER}\n### x\n\n**Does not validate: 2 errors** in `HEAD`.\n"
    assert post(tmp_path, env, said, "--report", str(report)) == 0
    assert stub.notes[0]["body"] == said


def test_without_a_token_or_a_merge_request_nothing_is_sent(
    gitlab: tuple[StubGitLab, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stub, env = gitlab
    assert post(tmp_path, {**env, "OPEX_NOTE_TOKEN": ""}, f"{MARKER}\n") == 0
    assert "OPEX_NOTE_TOKEN is not set" in capsys.readouterr().err
    assert (
        post(tmp_path, {k: v for k, v in env.items() if k != "CI_MERGE_REQUEST_IID"}, f"{MARKER}\n")
        == 0
    )
    assert capsys.readouterr().err == "post_mr_note: not a merge-request pipeline: no note posted\n"
    assert stub.requests == []


def test_a_refused_request_fails_with_one_line(
    gitlab: tuple[StubGitLab, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _stub, env = gitlab
    assert post(tmp_path, {**env, "OPEX_NOTE_TOKEN": "wrong"}, f"{MARKER}\n") == 1
    assert capsys.readouterr().err == (
        'post_mr_note: error: GET /user: HTTP 401 {"message": "401 Unauthorized"}\n'
    )
    assert post(tmp_path, env, "not a summary\n") == 1
    assert capsys.readouterr().err.endswith("opex-diff.md is not a summary of opex diff\n")


def test_the_script_stands_alone() -> None:
    # Only the standard library: a records-only repository copies it as it is.
    imports = [
        line.split()[1] for line in SCRIPT.read_text(encoding="utf-8").splitlines()
        if line.startswith(("import ", "from "))
    ]  # fmt: skip
    assert not [name for name in imports if name.split(".")[0] in ("generator", "yaml", "requests")]
    assert shlex.split(job("summary")["script"][-1])[:2] == ["python", "scripts/post_mr_note.py"]
