"""Build hostile variants of the site fixture: every free-text field filled with a payload."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from tests.support.paths import SITE_FIXTURE as FIXTURE

FREE_TEXT = frozenset({
    "name", "title", "note", "evidence", "feelings", "point", "detail", "action", "description",
    "summary", "purpose", "vision", "mission", "statement", "test", "role", "measure", "matter",
    "within", "who", "celebration", "unit", "organisation", "existing_engagement", "responsibilities",
    "objectives", "success_factors", "communication", "problem_solving", "onboarding", "deliverables",
    "gained", "improve", "audience",
})  # fmt: skip
"""Fields that hold free text (names, titles, notes, Markdown)."""

XSS_PAYLOADS = [
    "<script>alert('x1')</script>",
    "<img src=x onerror=alert('x2')>",
    "[click](javascript:alert('x3'))",
    "<a href=\"jav&#x61;script:alert('x4')\">x4</a>",
    "<a href=\" JaVaScRiPt:alert('x5')\">x5</a>",
    "<iframe src=\"javascript:alert('x6')\"></iframe>",
    "<style>body{display:none}</style>",
    "<svg onload=alert('x7')><circle r=5 /></svg>",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgneDgnKTwvc2NyaXB0Pg==)",
    "<a href=\"vbscript:msgbox('x9')\">x9</a>",
    '<div onmouseover="alert(\'x10\')" style="position:fixed;inset:0">cover</div>',
    "<img src=http://203.0.113.9/track.png>",
    "![remote](http://203.0.113.9/pixel.gif)",
    "<link rel=stylesheet href=http://203.0.113.9/x.css>",
    "<object data=\"javascript:alert('x11')\"></object>",
    "<details open ontoggle=alert('x12')>",
]


def _rewrite(value: Any, key: str | None, make: Any) -> Any:
    if isinstance(value, dict):
        return {k: _rewrite(v, k, make) for k, v in value.items()}
    if isinstance(value, list):
        return [_rewrite(v, key, make) for v in value]
    if isinstance(value, str) and key in FREE_TEXT and key != "audience":
        return make(key, value)
    return value


def write_variant(target: Path, make: Any) -> Path:
    """Copy the site fixture to ``target`` with ``make(field, old_text)`` in every free-text field."""
    shutil.copytree(FIXTURE, target)
    for path in sorted((target / "content").rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data = _rewrite(data, None, make)
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return target


CANARY = "zqxcanary"
"""Written into every field of an assessment that holds text about the leader, and into a
confidential record: it must not reach a staff site."""

CONFIDENTIAL_LEADER = "zqxhidden-leader"
"""A leader marked ``confidential: true`` in the canary project, named "Zqxhidden Person" and
referred to from every kind of record: neither id nor name may reach a staff site."""

CONFIDENTIAL_PARTNER = "zqxhidden-partner"
"""A partner marked ``confidential: true`` ("Zqxhidden Partner Works", contact "Zqxcontact
Person"), a party to the agreement and a partner of an initiative."""

HIDDEN_MARKS = ("zqxhidden", "zqxcontact")
"""What the confidential leader's and partner's ids and names have in common."""


def _fill_assessment(a: dict[str, Any], mark: Any) -> None:
    """A canary in every text field of an assessment about the leader (added where empty)."""
    a["talk"]["note"] = mark("talk note")
    a["walk"]["note"] = mark("walk note")
    for art in a["artifacts"].values():
        art["evidence"] = mark("evidence")
    a["feelings"] = mark("feelings")
    a["existing_engagement"] = [mark("existing engagement")]
    a["resistance"] = [
        {**r, "point": mark("resistance point")} for r in a.get("resistance") or [{}]
    ]
    a["root_causes"] = [
        {**r, "detail": mark("root cause detail")}
        for r in a.get("root_causes") or [{"cause": "other", "verified": False}]
    ]
    plan = a.get("sales_plan") or [{"owner": "ana-ruiz", "due": "2026-12-01"}]
    a["sales_plan"] = [{**p, "action": mark("engagement action")} for p in plan]


def write_canary_project(root: Path) -> Path:
    """The site fixture with a canary in every text of every assessment, a confidential
    initiative, and a confidential leader and partner that other records refer to."""
    import itertools

    counter = itertools.count(1)

    def mark(field: str) -> str:
        return f"{CANARY}{next(counter)} {field} secret words"

    shutil.copytree(FIXTURE, root)
    content = root / "content"

    def edit(path: Path, change: Any) -> None:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")

    def leaders(data: dict[str, Any]) -> None:
        for a in data.get("assessments", []):
            _fill_assessment(a, mark)

    for path in sorted((content / "leaders").glob("*.yaml")):
        edit(path, leaders)
    hidden = {
        "name": "Zqxhidden Person", "title": "Plant controller", "function": "finance",
        "group": "functional", "level": "senior", "reports_to": "cole-baker", "confidential": True,
        "assessments": [{
            "date": "2026-05-01", "assessor": "ana-ruiz", "talk": {"score": 2}, "walk": {"score": 2},
            "engagement": dict.fromkeys(("leadership_culture", "process_optimization", "employee_empowerment", "technology_integration"), 2),
            "artifacts": {a: {"status": "absent"} for a in ("customer_focus", "planning_table", "joint_reviews", "shared_ownership", "tough_times")},
        }],
    }  # fmt: skip
    _fill_assessment(hidden["assessments"][0], mark)  # type: ignore[index]
    (content / "leaders" / f"{CONFIDENTIAL_LEADER}.yaml").write_text(
        yaml.safe_dump(hidden, sort_keys=False), encoding="utf-8"
    )
    partner = {
        "name": "Zqxhidden Partner Works", "kind": "organisation", "internal": False,
        "dimension": "behind", "opex_shepherd": CONFIDENTIAL_LEADER, "partner_shepherd": "zqxcontact",
        "contacts": [{"id": "zqxcontact", "name": "Zqxcontact Person", "role": "Account manager"}],
        "confidential": True,
    }  # fmt: skip
    (content / "partners" / f"{CONFIDENTIAL_PARTNER}.yaml").write_text(
        yaml.safe_dump(partner, sort_keys=False), encoding="utf-8"
    )

    def dee(data: dict[str, Any]) -> None:
        data["reports_to"] = CONFIDENTIAL_LEADER
        data["assessments"][0]["assessor"] = CONFIDENTIAL_LEADER
        data["assessments"][1]["sales_plan"][0]["owner"] = CONFIDENTIAL_LEADER

    def agreement(data: dict[str, Any]) -> None:
        data["parties"][0]["leader"] = CONFIDENTIAL_LEADER
        data["parties"].append({
            "id": "castings", "name": "Castings supplier", "partner": CONFIDENTIAL_PARTNER,
            "shepherd": "zqxcontact", "responsibilities": ["Ship castings on time"],
        })  # fmt: skip
        data["signatories"] += [
            {"party": "opex", "person": CONFIDENTIAL_LEADER, "role": "Sponsor"},
            {"party": "castings", "person": "zqxcontact", "role": "Account manager"},
        ]

    def initiative(data: dict[str, Any]) -> None:
        data["sponsor"] = CONFIDENTIAL_LEADER
        data["partners"] = [*data["partners"], CONFIDENTIAL_PARTNER]
        data["kpis"][0]["owner"] = CONFIDENTIAL_LEADER
        data["resources"]["team"] = [*data["resources"]["team"], CONFIDENTIAL_LEADER]

    def confidential_initiative(data: dict[str, Any]) -> None:
        data.update(confidential=True, summary=f"{CANARY}0 a confidential strategic bet on uptime")

    def acme(data: dict[str, Any]) -> None:
        data["opex_shepherd"] = CONFIDENTIAL_LEADER

    def objective(data: dict[str, Any]) -> None:
        data["owner"] = CONFIDENTIAL_LEADER

    edit(content / "leaders" / "dee-pipe.yaml", dee)
    edit(content / "agreements" / "it-support.yaml", agreement)
    edit(content / "initiatives" / "line2-flow.yaml", initiative)
    edit(content / "initiatives" / "service-contracts.yaml", confidential_initiative)
    edit(content / "partners" / "acme-castings.yaml", acme)
    edit(content / "objectives" / "mtbf-2026.yaml", objective)
    module = root / "playbooks" / "lean-basics.md"
    module.write_text(
        module.read_text(encoding="utf-8").replace(
            "teachers: [ana-ruiz]", f"teachers: [ana-ruiz, {CONFIDENTIAL_LEADER}]"
        ),
        encoding="utf-8",
    )
    return root
