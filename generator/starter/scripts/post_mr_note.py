#!/usr/bin/env python3
"""Post the summary of a change (``opex diff``) as one note on a GitLab merge request.

The first run creates the note; every later run -- every push to the merge request -- updates
that same note, found by the marker ``<!-- opex-diff -->`` the summary starts with and by its
author (the token's own user), so a person's note quoting the marker is never touched.

    python scripts/post_mr_note.py opex-diff.md [--report gl-code-quality-report.json]

``--report`` names the Code Quality report of ``opex validate --format gitlab``: when it holds
errors that the summary does not mention (a broken ``mkdocs.yml``, say), a line under the
heading says that the change does not validate.

GitLab CI provides ``CI_API_V4_URL``, ``CI_PROJECT_ID`` and ``CI_MERGE_REQUEST_IID``; the token
comes from the CI/CD variable ``OPEX_NOTE_TOKEN`` (a project access token with the ``api`` scope
and the Reporter role or above).  Without the token, or outside a merge-request pipeline, the
script says so and does nothing (the summary stays in the job log and its artifact).

Only the standard library, and nothing of OpEx Playbooks: a repository of records that installs
the tool from a package index can copy this file as it is.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from typing import Any

MARKER = "<!-- opex-diff -->"
LIMIT = 1_000_000
"""GitLab refuses notes longer than this many characters."""
TIMEOUT = 60


class ApiError(Exception):
    """GitLab's API did not answer as expected (the message names the request)."""


class GitLab:
    """The few calls of GitLab's REST API (v4) the note needs."""

    def __init__(self, api: str, token: str) -> None:
        self.api, self.token = api.rstrip("/"), token

    def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> tuple[Any, Any]:
        """``(decoded JSON, response headers)`` of one request."""
        request = urllib.request.Request(
            f"{self.api}{path}",
            method=method,
            data=json.dumps(body).encode() if body is not None else None,
            headers={"PRIVATE-TOKEN": self.token, "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                return json.loads(response.read() or b"null"), response.headers
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip()[:200]
            raise ApiError(f"{method} {path}: HTTP {exc.code} {detail}".rstrip()) from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            raise ApiError(f"{method} {path}: {reason}") from None


def find_note(gitlab: GitLab, notes: str, author: int) -> int | None:
    """The id of the earlier summary note: by ``author``, starting with the marker."""
    page: str | None = "1"
    while page:
        found, headers = gitlab.call("GET", f"{notes}?per_page=100&sort=asc&page={page}")
        for note in found if isinstance(found, list) else []:
            if not isinstance(note, dict) or note.get("system"):
                continue
            mine = isinstance(note.get("author"), dict) and note["author"].get("id") == author
            if mine and str(note.get("body") or "").startswith(MARKER):
                return int(note["id"])
        page = headers.get("X-Next-Page") or None
    return None


def errors_in(report: str | None) -> int:
    """How many errors (``major`` and above) a Code Quality report holds; 0 without one."""
    if not report or not os.path.isfile(report):
        return 0
    try:
        with open(report, encoding="utf-8") as fh:
            items = json.load(fh)
    except (OSError, ValueError):
        return 0
    serious = {"major", "critical", "blocker"}
    return sum(1 for item in items if isinstance(item, dict) and item.get("severity") in serious)


def note_body(summary: str, errors: int) -> str:
    """The note: the summary, with a "does not validate" line under its heading when the report
    has errors the summary does not mention, cut at a line below GitLab's limit."""
    if errors and "**Does not validate" not in summary:
        lines = summary.split("\n")
        at = 2 if len(lines) > 1 and lines[1].startswith("#") else 1
        s = "s" if errors != 1 else ""
        lines[at:at] = [
            "",
            f"**Does not validate: {errors} error{s}**, see the Code Quality report of the merge request.",
        ]
        summary = "\n".join(lines)
    if len(summary) > LIMIT:
        kept = summary[:LIMIT].rsplit("\n", 1)[0]
        summary = (
            kept + "\n\n*Cut short: the whole summary is in the job's opex-diff.md artifact.*\n"
        )
    return summary


def main(argv: list[str] | None = None, env: Mapping[str, str] | None = None) -> int:
    env = os.environ if env is None else env
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("summary", help="the Markdown of opex diff (opex-diff.md)")
    parser.add_argument("--report", help="the Code Quality report of opex validate --format gitlab")
    args = parser.parse_args(argv)
    token = env.get("OPEX_NOTE_TOKEN", "")
    iid, project, api = (
        env.get(k, "") for k in ("CI_MERGE_REQUEST_IID", "CI_PROJECT_ID", "CI_API_V4_URL")
    )
    if not (iid and project and api):
        print("post_mr_note: not a merge-request pipeline: no note posted", file=sys.stderr)
        return 0
    if not token:
        print(
            "post_mr_note: OPEX_NOTE_TOKEN is not set (or not given to this pipeline):"
            " no note posted; the summary is in the job log and its artifact",
            file=sys.stderr,
        )
        return 0
    with open(args.summary, encoding="utf-8") as fh:
        summary = fh.read()
    if not summary.startswith(MARKER):
        print(f"post_mr_note: {args.summary} is not a summary of opex diff", file=sys.stderr)
        return 1
    body = note_body(summary, errors_in(args.report))
    gitlab = GitLab(api, token)
    notes = f"/projects/{urllib.parse.quote(project, safe='')}/merge_requests/{iid}/notes"
    try:
        me, _ = gitlab.call("GET", "/user")
        if not isinstance(me, dict) or not isinstance(me.get("id"), int):
            raise ApiError("GET /user: the answer names no user")
        earlier = find_note(gitlab, notes, me["id"])
        if earlier is None:
            gitlab.call("POST", notes, {"body": body})
            print(f"post_mr_note: posted the summary on merge request !{iid}", file=sys.stderr)
        else:
            gitlab.call("PUT", f"{notes}/{earlier}", {"body": body})
            print(f"post_mr_note: updated the summary on merge request !{iid}", file=sys.stderr)
    except ApiError as exc:
        print(f"post_mr_note: error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
