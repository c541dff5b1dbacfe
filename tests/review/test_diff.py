"""``opex diff`` on a scripted git history in a temporary repository, with exact expected Markdown."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from generator.records.models import Leader
from generator.records.vocabulary import STAFF_SHOWS
from generator.review import MARKER, Differ, change, code, fmt, prose
from generator.review.differ import _assessment_secret
from tests.support.gitrepo import Repo
from tests.support.records import record

AS_OF = "2026-11-22"

MKDOCS = """\
site_name: Diff fixture
docs_dir: docs
theme: {name: material}
plugins:
  - search
  - opex:
      pdf: false
"""

ANA = """\
name: Ana Ruiz
title: Head of OpEx
function: opex
group: opex
level: senior
reports_to: bob-smith
assessments:
  - date: 2026-06-01
    assessor: bob-smith
    talk: {score: 4}
    walk: {score: 3, gemba_walks: 2}
    engagement: {leadership_culture: 4, process_optimization: 3, employee_empowerment: 3, technology_integration: 3}
    artifacts:
      customer_focus: {status: observed, evidence: Delivery reviewed weekly.}
      planning_table: {status: partial, evidence: Invited to half of the budget meetings.}
      joint_reviews: {status: observed, evidence: Monthly review with operations.}
      shared_ownership: {status: absent}
      tough_times: {status: observed, evidence: Kept kaizen days in the slump.}
    feelings: Tired of being asked for quick wins every quarter
    resistance:
      - point: Sees improvement work as the job of the OpEx office alone
"""

BOB = """\
name: Bob Smith
title: Plant Manager
function: operations
group: operational
level: executive
"""

CARLA = """\
name: Carla Diaz
title: Finance Controller
function: finance
group: functional
level: middle
reports_to: bob-smith
"""

DAN = """\
name: Dan Lee
title: Quality Lead
function: quality
group: functional
level: middle
"""

IT_DESK = """\
name: IT Service Desk
kind: team
internal: true
dimension: left
opex_shepherd: ana-ruiz
partner_shepherd: kim
contacts:
  - {id: kim, name: Kim Berg, role: Service manager}
"""

AGREEMENT = """\
title: Shop-floor IT support
type: service-level
status: active
start: 2026-01-01
parties:
  - id: opex
    name: OpEx Office
    leader: ana-ruiz
    shepherd: ana-ruiz
    responsibilities: [Report faults through the desk]
  - id: it
    name: IT Service Desk
    partner: it-desk
    shepherd: kim
    responsibilities: [Answer andon faults within one hour, Patch tablets monthly]
objectives: [No line stop hidden by a broken andon]
meetings: {frequency: monthly, form: virtual}
progress_reports: {frequency: monthly}
reviews:
  - {date: 2026-11-01, kind: meeting}
  - {date: 2026-11-01, kind: progress-report}
signatories:
  - {party: opex, person: ana-ruiz, role: Head of OpEx}
  - {party: it, person: kim, role: Service manager}
"""

MODULE = """\
---
title: Lean basics
audience: [everyone]
duration_hours: 4
teachers: [ana-ruiz]
---
# Lean basics

Work waits far longer than it is worked on.
"""

EXPECTED = """\
<!-- opex-diff -->
### OpEx records: `v1` → `v2`

As of 2026-11-22 · staff edition: confidential fields and records are summarised without their values.

**1 added · 1 removed · 1 renamed · 3 changed**

#### Leaders

- **Changed** `ana-ruiz` – Ana Ruiz
  - reports_to `bob-smith` → `robert-smith`
  - assessment 2026-06-01 assessor changed
  - assessment 2026-06-01 walk changed
  - assessment 2026-06-01 feelings changed
  - assessment 2026-06-01: 2 resistance points added
  - assessment 2026-10-02 added
    - assessor: confidential
    - talk: confidential
    - walk: confidential
    - engagement: confidential
    - artifacts: confidential
    - feelings: confidential
  - tune-up no longer due
- **Removed** `carla-diaz` – Carla Diaz
- **Added** `dan-lee` – Dan Lee
  - title `Quality Lead`
  - function `quality`
  - group `functional`
  - level `middle`
  - tune-up now due: since 2026-11-22
- **Renamed** `bob-smith` → `robert-smith` – Bob Smith

#### Agreements

- **Changed** `it-support` – Shop-floor IT support
  - party it responsibilities: `Patch tablets monthly` → `Patch tablets every week outside shift hours`
  - milestone `Andon on every line` added: due 2026-10-01
  - substantive text changed: version `{v1}` → `{v2}`
  - signatures now stale: Ana Ruiz (OpEx Office), Kim Berg (IT Service Desk)
  - sign-off signed → re-sign needed
  - health, new: Milestone 'Andon on every line' was due on 2026-10-01 and is not reached: 52 days overdue.

#### Training modules

- **Changed** `lean-basics` – Lean basics
  - text `…is worked on.` → `…is worked on. Flow makes the wait visible.`

#### Across the organisation

- leaders due a tune-up 3 → 2
- signatures to renew 0 → 2
"""

NEW_ASSESSMENT = """\
  - date: 2026-10-02
    assessor: robert-smith
    talk: {score: 4}
    walk: {score: 4}
    engagement: {leadership_culture: 4, process_optimization: 4, employee_empowerment: 3, technology_integration: 3}
    artifacts:
      customer_focus: {status: observed, evidence: Delivery reviewed weekly.}
      planning_table: {status: observed, evidence: In every budget meeting.}
      joint_reviews: {status: observed, evidence: Monthly review with operations.}
      shared_ownership: {status: observed, evidence: Line leads own their KPIs.}
      tough_times: {status: partial, evidence: One kaizen day moved.}
    feelings: Relieved that the quick-win pressure is gone
"""


# --------------------------------------------------------------------------- scripted history


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return scripted_history(tmp_path / "org")


def scripted_history(root: Path) -> Repo:
    """v1: three leaders, a partner, a signed agreement and a module; v2: the pull request."""
    r = Repo(root)
    r.root.mkdir()
    r.git("init", "-q", "-b", "main")
    r.write("mkdocs.yml", MKDOCS)
    r.write("docs/about.md", "# About\n")
    r.write("content/leaders/ana-ruiz.yaml", ANA)
    r.write("content/leaders/bob-smith.yaml", BOB)
    r.write("content/leaders/carla-diaz.yaml", CARLA)
    r.write("content/partners/it-desk.yaml", IT_DESK)
    r.write("content/agreements/it-support.yaml", AGREEMENT)
    r.write("playbooks/lean-basics.md", MODULE)
    v1 = r.version()
    r.write(
        "content/agreements/it-support.yaml",
        AGREEMENT
        + f"signoffs:\n  - {{person: ana-ruiz, party: opex, date: 2026-01-05, version: {v1}}}\n"
        f"  - {{person: kim, party: it, date: 2026-01-06, version: {v1}}}\n",
    )
    r.commit("v1", tag="v1")

    # v2: edit (assessment, feelings, resistance), add an assessment, rename, delete, add,
    # change the signed agreement's text, edit a module.
    ana = r.read("content/leaders/ana-ruiz.yaml")
    ana = ana.replace("reports_to: bob-smith", "reports_to: robert-smith").replace(
        "assessor: bob-smith", "assessor: robert-smith"
    )
    ana = ana.replace("walk: {score: 3, gemba_walks: 2}", "walk: {score: 4, gemba_walks: 5}")
    ana = ana.replace("quick wins every quarter", "quick wins every month")
    ana += "      - point: Keeps the budget round closed to OpEx\n      - point: Cancels Gemba walks at month end\n"
    r.write("content/leaders/ana-ruiz.yaml", ana + NEW_ASSESSMENT)
    r.git("mv", "content/leaders/bob-smith.yaml", "content/leaders/robert-smith.yaml")
    r.git("rm", "-q", "content/leaders/carla-diaz.yaml")
    r.write("content/leaders/dan-lee.yaml", DAN)
    agreement = r.read("content/agreements/it-support.yaml").replace(
        "Patch tablets monthly", "Patch tablets every week outside shift hours"
    )
    agreement = agreement.replace(
        "reviews:", "milestones:\n  - {name: Andon on every line, due: 2026-10-01}\nreviews:"
    )
    r.write("content/agreements/it-support.yaml", agreement)
    r.write("playbooks/lean-basics.md", MODULE + "Flow makes the wait visible.\n")
    r.commit("v2", tag="v2")
    return r


def versions(repo: Repo) -> dict[str, str]:
    out = {}
    for tag in ("v1", "v2"):
        repo.git("checkout", "-q", tag)
        out[tag] = repo.version()
    repo.git("checkout", "-q", "main")
    return out


# --------------------------------------------------------------------------- the whole report


def test_diff_between_two_revisions_is_exactly_the_expected_markdown(repo: Repo, opex) -> None:  # type: ignore[no-untyped-def]
    v = versions(repo)
    run = opex("--root", str(repo.root), "diff", "v1", "v2", "--as-of", AS_OF)
    assert (run.code, run.err) == (0, "")
    assert run.out == EXPECTED.replace("{v1}", v["v1"]).replace("{v2}", v["v2"])


def test_the_report_is_the_same_bytes_every_time(repo: Repo, opex) -> None:  # type: ignore[no-untyped-def]
    outputs = {
        opex("--root", str(repo.root), "diff", "v1", "v2", "--as-of", AS_OF).out for _ in range(3)
    }
    assert len(outputs) == 1


def test_staff_edition_never_shows_a_confidential_value(repo: Repo, opex) -> None:  # type: ignore[no-untyped-def]
    out = opex("--root", str(repo.root), "diff", "v1", "v2", "--as-of", AS_OF).out
    for secret in (
        "quick wins",
        "quick-win",
        "budget round",
        "Gemba walks at month end",
        "improvement work",
        "Relieved",
    ):
        assert secret not in out


def test_leadership_edition_shows_confidential_values(repo: Repo, opex) -> None:  # type: ignore[no-untyped-def]
    run = opex(
        "--root", str(repo.root), "diff", "v1", "v2", "--as-of", AS_OF, "--audience", "leadership"
    )
    assert run.code == 0
    lines = run.out.splitlines()
    assert (
        "As of 2026-11-22 · leadership edition: confidential values are shown – do not post this where staff can read it."
        in lines
    )
    assert (
        "  - assessment 2026-06-01 feelings `Tired of being asked for quick wins every quarter` → `Tired of being asked for quick wins every month`"
        in lines
    )
    assert (
        "  - assessment 2026-06-01 resistance point `Keeps the budget round closed to OpEx` added: status `open`"
        in lines
    )
    assert (
        "  - assessment 2026-06-01 resistance point `Cancels Gemba walks at month end` added: status `open`"
        in lines
    )
    # Both editions show the same score: the open resistance point costs 5 points (61 - 5).
    assert "  - alignment score 56.0 → 74.5" in lines


def test_work_tree_is_the_default_head(repo: Repo, opex) -> None:  # type: ignore[no-untyped-def]
    assert (
        opex("--root", str(repo.root), "diff", "v2", "--as-of", AS_OF).out.splitlines()[-1]
        == "No record changes."
    )
    dan = repo.read("content/leaders/dan-lee.yaml")
    repo.write("content/leaders/dan-lee.yaml", dan.replace("Quality Lead", "Head of Quality"))
    run = opex("--root", str(repo.root), "diff", "v2", "--as-of", AS_OF)
    assert run.out.splitlines()[1:] == [
        "### OpEx records: `v2` → work tree",
        "",
        "As of 2026-11-22 · staff edition: confidential fields and records are summarised without their values.",
        "",
        "**1 changed**",
        "",
        "#### Leaders",
        "",
        "- **Changed** `dan-lee` – Dan Lee",
        "  - title `Quality Lead` → `Head of Quality`",
    ]


def test_a_confidential_record_is_named_by_id_only_for_staff(repo: Repo, opex) -> None:  # type: ignore[no-untyped-def]
    repo.write(
        "content/leaders/zoe-hart.yaml",
        "name: Zoe Hart\ntitle: CFO\nfunction: finance\ngroup: functional\nlevel: executive\nconfidential: true\n",
    )
    staff = opex("--root", str(repo.root), "diff", "v2", "--as-of", AS_OF).out
    assert "- **Added** `zoe-hart`\n  - details left out (confidential record)\n" in staff
    assert "Zoe Hart" not in staff and "CFO" not in staff
    leadership = opex(
        "--root", str(repo.root), "diff", "v2", "--as-of", AS_OF, "--audience", "leadership"
    ).out
    assert (
        "- **Added** `zoe-hart` – Zoe Hart\n  - title `CFO`\n  - function `finance`\n"
        "  - group `functional`\n  - level `executive`\n  - confidential true\n"
        "  - tune-up now due: never assessed\n"
    ) in leadership


def test_merge_base_compares_what_a_branch_changes(repo: Repo, opex) -> None:  # type: ignore[no-untyped-def]
    repo.git("checkout", "-q", "-b", "feature", "v1")
    repo.write("content/leaders/dan-lee.yaml", DAN)
    repo.commit("add dan on a branch")
    # Against main directly, everything main did since v1 shows (reversed); from the merge base, only the branch.
    plain = opex("--root", str(repo.root), "diff", "main", "feature", "--as-of", AS_OF).out
    assert "**Renamed** `robert-smith` → `bob-smith`" in plain
    run = opex(
        "--root", str(repo.root), "diff", "--merge-base", "main", "feature", "--as-of", AS_OF
    )
    merge_base = repo.git("rev-parse", "v1").strip()[:12]
    assert (
        run.out.splitlines()[1]
        == f"### OpEx records: `main` (merge base `{merge_base}`) → `feature`"
    )
    assert "**1 added**" in run.out and "bob-smith" not in run.out


# --------------------------------------------------------------------------- errors


def test_invalid_content_on_either_side_is_reported_with_its_place(repo: Repo, opex) -> None:  # type: ignore[no-untyped-def]
    repo.write("content/leaders/dan-lee.yaml", DAN.replace("level: middle", "level: middling"))
    repo.commit("break dan", tag="v3")
    repo.write("content/leaders/dan-lee.yaml", DAN + "reports_to: nobody\n")
    run = opex("--root", str(repo.root), "diff", "v3", "--as-of", AS_OF)
    assert run.code == 1
    assert run.err.splitlines() == [
        "content/leaders/dan-lee.yaml:6:1: leader.reports_to: unknown leader 'nobody'",
        "v3:content/leaders/dan-lee.yaml:5:1: leader.level: 'middling' is not one of: executive, senior, middle, front-line (did you mean 'middle'?)",
        "does not validate: 2 errors",
    ]
    # The report is still written, for CI to post: it says so at its top, places and fields
    # only (a message may quote a value; the staff edition leaves the messages out).
    assert run.out == (
        f"{MARKER}\n"
        "### OpEx records: `v3` → work tree\n"
        "\n"
        "**Does not validate: 2 errors** in `v3` (1) and work tree (1). `opex validate` reports"
        " each one on its line (in CI: on the changed lines); what the change means is summarised"
        " here once every record validates.\n"
        "\n"
        "- `v3:content/leaders/dan-lee.yaml:5:1` `leader.level`\n"
        "- `content/leaders/dan-lee.yaml:6:1` `leader.reports_to`\n"
        "\n"
        "Staff edition: the messages are left out here, as they may quote a value.\n"
    )


def test_a_head_that_does_not_validate_is_named_with_its_errors(repo: Repo, opex) -> None:  # type: ignore[no-untyped-def]
    repo.write("content/leaders/dan-lee.yaml", DAN.replace("level: middle", "level: midle"))
    repo.write("content/leaders/eve-ng.yaml", DAN.replace("Dan Lee", "Eve Ng") + "reports_to: x\n")
    repo.commit("break dan and eve", tag="v3")
    run = opex(
        "--root", str(repo.root), "diff", "v2", "v3", "--as-of", AS_OF, "--audience", "leadership"
    )  # fmt: skip
    assert run.code == 1
    assert run.out.splitlines()[:5] == [
        MARKER,
        "### OpEx records: `v2` → `v3`",
        "",
        "**Does not validate: 2 errors** in `v3`. `opex validate` reports each one on its line"
        " (in CI: on the changed lines); what the change means is summarised here once every"
        " record validates.",
        "",
    ]
    assert run.out.splitlines()[5:] == [
        "- `v3:content/leaders/dan-lee.yaml:5:1` `leader.level`: `'midle' is not one of:"
        " executive, senior, middle, front-line (did you mean 'middle'?)`",
        "- `v3:content/leaders/eve-ng.yaml:6:1` `leader.reports_to`: `unknown leader 'x'`",
    ]


def test_a_long_list_of_errors_is_cut_short(repo: Repo, opex) -> None:  # type: ignore[no-untyped-def]
    for i in range(23):
        repo.write(f"content/leaders/x-{i:02d}.yaml", DAN + "reports_to: nobody\n")
    run = opex("--root", str(repo.root), "diff", "v2", "--as-of", AS_OF)
    assert run.code == 1
    lines = run.out.splitlines()
    assert lines[3].startswith("**Does not validate: 23 errors** in work tree. ")
    items = [line for line in lines if line.startswith("- ")]
    assert len(items) == 21
    assert items[0] == "- `content/leaders/x-00.yaml:6:1` `leader.reports_to`"
    assert items[-1] == "- … and 3 more"
    assert run.err.splitlines()[-1] == "does not validate: 23 errors"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("no-such-rev",), "opex: error: unknown git revision 'no-such-rev'"),
        (("v1", "nope"), "opex: error: unknown git revision 'nope'"),
        (("--", "-x"), "opex: error: '-x' is not a git revision"),
    ],
)
def test_unknown_revisions_are_named(repo: Repo, opex, args: tuple[str, ...], message: str) -> None:  # type: ignore[no-untyped-def]
    run = opex("--root", str(repo.root), "diff", *args)
    assert (run.code, run.err.strip()) == (1, message)


def test_outside_a_git_checkout_the_diff_says_so(tmp_path: Path, opex) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "mkdocs.yml").write_text(MKDOCS)
    run = opex("--root", str(tmp_path), "diff", "main")
    assert run.code == 1
    assert (
        run.err.strip()
        == f"opex: error: {tmp_path} is not inside a git work tree; opex diff compares git revisions"
    )


def shallow_clone_of_a_branch(repo: Repo, to: Path) -> Repo:
    """``feature`` (from v1, adding Dan) and ``main`` (v2), cloned with their newest commits
    only, as CI clones by default: the merge base (v1) is not in the clone."""
    repo.git("checkout", "-q", "-b", "feature", "v1")
    repo.write("content/leaders/dan-lee.yaml", DAN)
    repo.commit("add dan on a branch")
    repo.git("checkout", "-q", "main")
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", "--no-single-branch", f"file://{repo.root}", str(to)],
        check=True, capture_output=True,
    )  # fmt: skip
    return Repo(to)


def test_a_shallow_clone_fetches_the_merge_base_it_lacks(repo: Repo, tmp_path: Path, opex) -> None:  # type: ignore[no-untyped-def]
    clone = shallow_clone_of_a_branch(repo, tmp_path / "clone")
    assert clone.git("rev-parse", "--is-shallow-repository").strip() == "true"
    run = opex(
        "--root", str(clone.root), "diff", "--merge-base", "origin/main", "origin/feature", "--as-of", AS_OF,
    )  # fmt: skip
    assert (run.code, run.err) == (0, "")
    base = repo.git("rev-parse", "v1").strip()[:12]
    assert run.out.splitlines()[1] == (
        f"### OpEx records: `origin/main` (merge base `{base}`) → `origin/feature`"
    )
    assert "- **Added** `dan-lee` – Dan Lee" in run.out.splitlines()
    assert clone.git("rev-parse", "--is-shallow-repository").strip() == "false"


def test_a_shallow_clone_that_cannot_fetch_names_the_cause(
    repo: Repo, tmp_path: Path, opex
) -> None:  # type: ignore[no-untyped-def]
    clone = shallow_clone_of_a_branch(repo, tmp_path / "clone")
    clone.git("remote", "set-url", "origin", f"file://{tmp_path / 'gone'}")
    run = opex("--root", str(clone.root), "diff", "--merge-base", "origin/main", "origin/feature")
    assert (run.code, run.out) == (1, "")
    assert run.err.splitlines() == [
        "opex: error: the clone is shallow: the merge base of origin/main and origin/feature is"
        " not in it; fetch with full history (git fetch --unshallow; in CI GIT_DEPTH: 0 or"
        " fetch-depth: 0)"
    ]
    run = opex("--root", str(clone.root), "diff", "origin/main~1", "origin/main")
    assert run.err.splitlines() == [
        "opex: error: unknown git revision 'origin/main~1' (the clone is shallow: fetch with full history"
        " (git fetch --unshallow; in CI GIT_DEPTH: 0 or fetch-depth: 0))"
    ]


def test_a_project_in_a_subfolder_of_the_repository(tmp_path: Path, opex) -> None:  # type: ignore[no-untyped-def]
    r = Repo(tmp_path / "mono")
    r.root.mkdir()
    r.git("init", "-q", "-b", "main")
    r.write("site/mkdocs.yml", MKDOCS)
    r.write("site/content/leaders/bob-smith.yaml", BOB)
    r.write("content/leaders/bob-smith.yaml", "not: a project\n")  # outside the project: ignored
    r.commit("one", tag="one")
    r.write("site/content/leaders/bob-smith.yaml", BOB.replace("Plant Manager", "Site Director"))
    r.commit("two", tag="two")
    out = opex("--root", str(r.root / "site"), "diff", "one", "two", "--as-of", AS_OF).out
    assert "  - title `Plant Manager` → `Site Director`" in out.splitlines()


# --------------------------------------------------------------------------- the pieces


def test_values_are_code_spans_that_markdown_cannot_break_out_of() -> None:
    assert code("a `tick` here") == "``a `tick` here``"
    assert code("`edge`") == "`` `edge` ``"
    assert fmt("**bold** <script>@team") == "`**bold** <script>@team`"
    assert fmt(None) == "–" and fmt(3.0) == "3" and fmt(2.5) == "2.5" and fmt(True) == "true"
    assert fmt("2026-10-02") == "2026-10-02"
    assert prose("Fix *this* <b> @team [x](y)") == "Fix \\*this\\* &lt;b&gt; @\u200bteam \\[x\\](y)"


def test_a_long_text_change_shows_the_words_that_differ() -> None:
    old = "We meet every month to look at the andon log and agree on the three biggest causes of line stops."
    new = "We meet every month to look at the andon log and agree on the five biggest causes of line stops."
    assert (
        change(old, new)
        == "`…agree on the three biggest causes of…` → `…agree on the five biggest causes of…`"
    )


def test_lists_are_compared_by_their_key_and_order_changes_are_named() -> None:
    old = {
        "kpis": [{"id": "otd", "target": 90}, {"id": "scrap", "target": 2}],
        "objectives": ["a", "b"],
    }
    new = {
        "kpis": [{"id": "scrap", "target": 2}, {"id": "otd", "target": 95}],
        "objectives": ["b", "a"],
    }
    assert Differ().compare(old, new) == [
        "KPI otd target 90 → 95",
        "kpis: order changed",
        "objectives: order changed",
    ]


def test_an_assessment_can_make_more_of_itself_confidential() -> None:
    def leader(note: str, evidence: str, confidential: list[str] | None) -> Leader:
        artifact = {"status": "partial", "evidence": evidence}
        assessment: dict[str, object] = {
            "date": "2026-10-02", "assessor": "lee", "talk": {"score": 3, "note": note},
            "walk": {"score": 3}, "engagement": dict.fromkeys(ASPECTS, 3),
            "artifacts": {"customer_focus": artifact, **{a: {"status": "absent"} for a in ARTIFACTS}},
            "feelings": note,
        }  # fmt: skip
        if confidential is not None:
            assessment["confidential"] = confidential
        return record(Leader, "lee", {**LEE, "assessments": [assessment]})  # type: ignore[no-any-return]

    old = leader("Quiet in meetings", "Board exists", None)
    new = leader("Speaks up now", "Board is used", ["talk_note", "artifact_evidence"])
    data = old.model_dump(mode="json"), new.model_dump(mode="json")
    # A site that shows every part and the scores (staff_shows): the assessment decides.
    assert Differ(_assessment_secret(old, new, STAFF_SHOWS)).compare(*data) == [
        "assessment 2026-10-02 talk.note changed",
        "assessment 2026-10-02 artifacts.customer_focus.evidence changed",
        "assessment 2026-10-02 feelings changed",  # confidential on the old side: still summarised
        "assessment 2026-10-02 confidential set to `[talk_note, artifact_evidence]`",
    ]
    # By default the staff edition shows nothing of an assessment: only what changed is named.
    assert Differ(_assessment_secret(old, new)).compare(*data) == [
        "assessment 2026-10-02 talk changed",
        "assessment 2026-10-02 artifacts changed",
        "assessment 2026-10-02 feelings changed",
        "assessment 2026-10-02: 2 confidential items added",
    ]


LEE = {"name": "Lee", "title": "Director", "function": "operations", "group": "operational", "level": "senior"}  # fmt: skip
ASPECTS = ("leadership_culture", "process_optimization", "employee_empowerment", "technology_integration")  # fmt: skip
ARTIFACTS = ("planning_table", "joint_reviews", "shared_ownership", "tough_times")
