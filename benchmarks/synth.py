"""A synthetic organisation: a complete, valid OpEx Playbooks project of any size.

``generate(root, n, seed)`` writes ``mkdocs.yml``, ``content/`` and ``playbooks/`` into ``root``
with exactly ``n`` records in total (strategy and training modules included), in the proportions
of a real organisation:

* about 45% leaders, in one reporting tree (plus customer- and supplier-side leaders at the top
  of their own organisations), each with 2-4 fully filled-in assessments;
* about 15% partners, each with 1-4 contacts;
* about 10% agreements with every contract section, signatories and sign-offs -- some signed
  for the current version, some for an older (made-up) version, some not yet signed;
* about 3% objectives: roughly one breakthrough objective per 100 records (at most 20), the
  rest annual objectives under them;
* the rest (about 27%) initiatives with 1-3 KPIs, 6-12 months of actuals, assumptions,
  resources and a schedule;
* the strategy file and five training modules.

Everything comes from one seeded :class:`random.Random`; nothing depends on the clock, so the
same ``n`` and ``seed`` always give byte-identical files.  Run it as a script::

    python benchmarks/synth.py OUTDIR --records 10000 [--seed 0]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sys
from pathlib import Path
from typing import Any

import yaml

from generator.records import yamlload
from generator.records.catalogue import agreement_version
from generator.records.models import Agreement

try:
    from yaml import CSafeDumper as _BaseDumper
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeDumper as _BaseDumper  # type: ignore[assignment]


class _Dumper(_BaseDumper):
    """Safe dumper that writes repeated values out in full (record files allow no anchors)."""

    def ignore_aliases(self, data: Any) -> bool:
        """Never write an anchor."""
        return True


REPO = Path(__file__).resolve().parent.parent
"""The repository root (this file lives in ``benchmarks/``)."""

EPOCH = dt.date(2022, 1, 1)
"""First date any generated record uses; all dates are offsets from it."""

MIN_RECORDS = 30
"""Smallest organisation that still has every kind of record."""

# --------------------------------------------------------------------------- vocabulary

FIRST = (
    "ana", "bruno", "carla", "deniz", "elena", "farid", "greta", "hugo", "ines", "jonas",
    "kira", "lars", "maya", "nikos", "olga", "pavel", "quinn", "rosa", "samir", "tara",
    "uwe", "vera", "wei", "ximena", "yusuf", "zoe", "amara", "bjorn", "chloe", "dmitri",
    "esther", "felix", "gita", "hamid", "ida", "jorge", "kaito", "lena", "marco", "nadia",
)  # fmt: skip
LAST = (
    "ruiz", "smith", "okafor", "lindqvist", "nakamura", "kowalski", "moreau", "haddad",
    "fischer", "oliveira", "novak", "brennan", "costa", "ivanova", "mendes", "schmidt",
    "tanaka", "petrov", "walsh", "yilmaz", "andersen", "bianchi", "dubois", "ortega",
    "keller", "sato", "horvat", "murphy", "laine", "santos",
)  # fmt: skip
WORDS = (
    "the", "team", "process", "flow", "customer", "value", "waste", "standard", "work", "line",
    "cell", "shift", "review", "metric", "target", "baseline", "supplier", "lead", "time",
    "quality", "defect", "rework", "handoff", "queue", "backlog", "capacity", "demand",
    "forecast", "plan", "schedule", "owner", "sponsor", "leader", "coach", "gemba", "walk",
    "huddle", "board", "visual", "signal", "kanban", "pull", "batch", "setup", "changeover",
    "downtime", "reliability", "variation", "root", "cause", "countermeasure", "experiment",
    "pilot", "rollout", "training", "skills", "matrix", "budget", "invoice", "order", "ticket",
    "request", "approval", "cycle", "throughput", "yield", "scrap", "safety", "audit",
    "checklist", "escalation", "agreement", "partner", "function", "finance", "hr", "it",
    "procurement", "logistics", "warehouse", "plant", "site", "region", "market", "strategy",
    "objective", "priority", "deployment", "alignment", "engagement", "feedback", "weekly",
    "monthly", "quarterly", "jointly", "clearly", "often", "rarely", "steadily", "quickly",
    "with", "for", "and", "across", "within", "before", "after", "during", "because", "while",
    "improves", "reduces", "supports", "tracks", "shares", "owns", "tests", "agrees", "asks",
    "expects", "measures", "removes", "stabilises", "shortens", "raises", "checks", "explains",
    "is", "was", "will", "can", "should", "our", "their", "each", "every", "new", "current",
    "shared", "small", "large", "open", "stable", "late", "early", "visible", "daily",
)  # fmt: skip
TITLES = {
    "executive": ("Chief Executive Officer", "Chief Operating Officer", "Chief Financial Officer",
                  "Managing Director", "Executive Vice President"),
    "senior": ("Vice President", "Director", "Head of Department", "Plant Director"),
    "middle": ("Manager", "Area Manager", "Programme Manager", "Business Partner"),
    "front-line": ("Team Leader", "Shift Supervisor", "Cell Lead", "Coordinator"),
}  # fmt: skip
FUNCTIONS = (
    "operations", "operations", "operations", "finance", "hr", "it", "marketing", "sales",
    "engineering", "quality", "supply-chain", "procurement", "legal", "customer-service",
)  # fmt: skip
ORGANISATIONS = ("Northwind Logistics", "Acme Components", "Blue Harbour Retail",
                 "Kestrel Metals", "Orbis Health", "Lumen Packaging", "Tallis Freight")  # fmt: skip
MODULES = (
    ("lean-foundations", "Lean foundations", ["everyone"], 8.0),
    ("gemba-walks", "Gemba walks that matter", ["operational", "senior", "middle"], 4.0),
    ("a3-problem-solving", "A3 problem solving", ["operational", "functional", "opex"], 12.0),
    ("green-belt", "Green Belt", ["opex", "middle", "front-line"], 40.0),
    ("lean-leadership", "Lean leadership", ["executive", "senior"], 16.0),
)
LEVELS = ("executive", "executive", "senior", "middle", "front-line")
"""Level of a leader by depth in the reporting tree (the top two are executives)."""
SUFFIX = {"team": "Team", "organisation": "Group", "person": "Office"}
CONFIDENTIAL_CHOICES = (
    (),
    ("feelings", "resistance", "root_causes", "sales_plan", "talk_note", "walk_note"),
    ("sales_plan",),
)
"""Overrides of an assessment's confidential parts (share all, keep notes too, plan only)."""
ARTIFACTS = ("customer_focus", "planning_table", "joint_reviews", "shared_ownership", "tough_times")
KPI_KINDS = (
    ("Throughput", "units/h", "up"),
    ("First-pass yield", "%", "up"),
    ("Order lead time", "days", "down"),
    ("Conversion rate", "%", "up"),
    ("Productivity", "orders/FTE", "up"),
    ("Defects per million", "ppm", "down"),
    ("On-time delivery", "%", "up"),
    ("Changeover time", "min", "down"),
)


class _Text:
    """Sentence and paragraph maker over the fixed vocabulary."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def sentence(self, low: int = 10, high: int = 30) -> str:
        """A sentence of ``low`` to ``high`` words."""
        words = self.rng.choices(WORDS, k=self.rng.randint(low, high))
        return " ".join(words).capitalize() + "."

    def sentences(self, low: int, high: int) -> list[str]:
        """Between ``low`` and ``high`` sentences."""
        return [self.sentence() for _ in range(self.rng.randint(low, high))]

    def paragraph(self, low: int = 2, high: int = 4) -> str:
        """A paragraph of ``low`` to ``high`` sentences."""
        return " ".join(self.sentences(low, high))

    def name(self, low: int = 2, high: int = 5) -> str:
        """A short capitalised name of ``low`` to ``high`` words."""
        return " ".join(self.rng.choices(WORDS, k=self.rng.randint(low, high))).capitalize()


# --------------------------------------------------------------------------- sizing


def plan_counts(n: int) -> dict[str, int]:
    """How many records of each kind make ``n`` records in total (strategy and modules included)."""
    if n < MIN_RECORDS:
        raise ValueError(f"need at least {MIN_RECORDS} records, got {n}")
    counts = {"strategy": 1, "modules": len(MODULES)}
    objectives = max(2, round(n * 0.03))
    counts["breakthrough"] = min(max(1, round(n / 100)), 20, objectives - 1)
    counts["annual"] = objectives - counts["breakthrough"]
    counts["leaders"] = round(n * 0.45)
    counts["partners"] = max(1, round(n * 0.15))
    counts["agreements"] = max(1, round(n * 0.10))
    counts["initiatives"] = n - sum(counts.values())
    return counts


# --------------------------------------------------------------------------- the organisation


class _Org:
    """Builds every record of one organisation as plain data, then writes it."""

    def __init__(self, n: int, seed: int):
        self.rng = random.Random(seed)
        self.text = _Text(self.rng)
        self.counts = plan_counts(n)
        self.leaders: dict[str, dict[str, Any]] = {}
        self.opex: list[str] = []
        self.seniors: list[str] = []
        self.partners: dict[str, dict[str, Any]] = {}
        self.objectives: dict[str, dict[str, Any]] = {}
        self.used_ids: set[str] = set()
        self.serial = 0

    # ---------------------------------------------------------------- helpers

    def day(self, low: int = 0, high: int = 1460) -> dt.date:
        """A date ``low`` to ``high`` days after :data:`EPOCH`."""
        return EPOCH + dt.timedelta(days=self.rng.randint(low, high))

    def unique(self, base: str) -> str:
        """``base``, or ``base-2``, ``base-3`` ... whichever id is still free."""
        candidate, k = base, 1
        while candidate in self.used_ids:
            k += 1
            candidate = f"{base}-{k}"
        self.used_ids.add(candidate)
        return candidate

    def maybe_confidential(self, record: dict[str, Any], name_field: str = "") -> None:
        """Mark about 3% of records as kept out of the staff edition (:meth:`make_confidential`)."""
        if self.rng.random() < 0.03:
            self.make_confidential(record, name_field)

    def make_confidential(self, record: dict[str, Any], name_field: str = "") -> None:
        """Keep ``record`` out of the staff edition, with a name and short texts of its own.

        Made of the same few hundred words as every other text, a confidential record's name
        and its texts of three or four words (a section's "who", a contact's role) would turn
        up by chance in some visible sentence among 10,000 records (two sentences meeting:
        "... rework hr batch. Jointly visual work ..."), and the staff edition's leak check
        would (rightly) refuse the build.  So ``name_field`` gets a serial number and the
        short texts a word made of it (not the bare number, which tables of figures show).
        A real organisation's confidential records have names of their own.
        """
        record["confidential"] = True
        self.serial += 1
        if name_field:
            record[name_field] = f"{record[name_field]} {self.serial}"
        _own_short_texts(record, f" Z{self.serial}")  # a word no other text has

    def person(self) -> tuple[str, str]:
        """A (first name, last name) pair, lowercase."""
        first, last = self.rng.choice(FIRST), self.rng.choice(LAST)
        return first, last

    def leader_ids(self) -> list[str]:
        """Every leader id, in creation order."""
        return list(self.leaders)

    # ---------------------------------------------------------------- leaders

    def build_leaders(self) -> None:
        """The reporting tree, training and assessments of every leader."""
        count = self.counts["leaders"]
        external = max(1, count // 20)
        depth: dict[str, int] = {}
        ids: list[str] = []
        for i in range(count):
            first, last = self.person()
            lid = self.unique(f"{first}-{last}")
            is_external = i >= count - external
            if is_external:
                parent, level_depth = None, self.rng.choice((2, 3))  # senior or middle
            elif i == 0:
                parent, level_depth = None, 0
            else:
                # A bushy tree: each manager has about 4-8 reports, so depth grows like log(n).
                parent = ids[self.rng.randint((i - 1) // 8, (i - 1) // 4)]
                level_depth = depth[parent] + 1
            depth[lid] = level_depth
            ids.append(lid)
            level = LEVELS[min(level_depth, len(LEVELS) - 1)]
            if is_external:
                group = self.rng.choice(("customer-side", "supplier-side"))
                function = self.rng.choice(("operations", "procurement", "quality", "supply-chain"))
            elif self.rng.random() < 0.06 or i == 1:
                group, function = "opex", "opex"
            else:
                function = "executive" if level_depth == 0 else self.rng.choice(FUNCTIONS)
                group = "operational" if function in ("operations", "executive") else "functional"
            record: dict[str, Any] = {
                "name": f"{first.capitalize()} {last.capitalize()}",
                "title": self.rng.choice(TITLES[level]),
                "function": function,
                "group": group,
                "level": level,
            }
            if parent is not None:
                record["reports_to"] = parent
            if is_external:
                record["organisation"] = self.rng.choice(ORGANISATIONS)
            record["email"] = f"{lid}@example.org"
            self.leaders[lid] = record
            if group == "opex":
                self.opex.append(lid)
            if level in ("executive", "senior"):
                self.seniors.append(lid)
        everyone = self.leader_ids()
        for lid, record in self.leaders.items():
            done = self.rng.sample([m[0] for m in MODULES], k=self.rng.randint(0, 3))
            if done:
                record["training"] = {
                    "completed": [{"module": m, "date": self.day()} for m in sorted(done)]
                }
            record["assessments"] = self.assessments(lid, everyone)
            self.maybe_confidential(record)

    def assessments(self, lid: str, everyone: list[str]) -> list[dict[str, Any]]:
        rng, text = self.rng, self.text
        dates = sorted(rng.sample(range(0, 1400), k=rng.randint(2, 4)))
        out = []
        for offset in dates:
            when = EPOCH + dt.timedelta(days=offset)
            assessor = rng.choice(self.opex)
            if assessor == lid:
                assessor = next(x for x in everyone if x != lid)
            artifacts = {}
            for name in ARTIFACTS:
                status = rng.choice(("observed", "partial", "absent"))
                artifacts[name] = {"status": status, "evidence": text.sentence()}
            out.append(
                {
                    "date": when,
                    "assessor": assessor,
                    "talk": {"score": rng.randint(1, 5), "note": text.sentence()},
                    "walk": {
                        "score": rng.randint(1, 5),
                        "joint_planning": rng.random() < 0.5,
                        "gemba_walks": rng.randint(0, 12),
                        "cross_functional": rng.random() < 0.5,
                        "note": text.sentence(),
                    },
                    "engagement": {
                        "leadership_culture": rng.randint(1, 5),
                        "process_optimization": rng.randint(1, 5),
                        "employee_empowerment": rng.randint(1, 5),
                        "technology_integration": rng.randint(1, 5),
                    },
                    "artifacts": artifacts,
                    "feelings": text.sentence(),
                    "existing_engagement": text.sentences(1, 3),
                    "resistance": [
                        {
                            "point": text.sentence(),
                            "status": rng.choice(("open", "easing", "resolved")),
                        }
                        for _ in range(rng.randint(1, 3))
                    ],
                    "root_causes": [
                        {
                            "cause": rng.choice(
                                ("incentives", "slow-returns", "time-pressure", "other")
                            ),
                            "detail": text.sentence(),
                            "verified": rng.random() < 0.4,
                        }
                        for _ in range(rng.randint(1, 2))
                    ],
                    "sales_plan": [
                        {
                            "action": text.sentence(),
                            "owner": rng.choice(self.opex),
                            "due": when + dt.timedelta(days=rng.randint(14, 120)),
                            "status": rng.choice(("open", "done", "dropped")),
                        }
                        for _ in range(rng.randint(1, 3))
                    ],
                }
            )
            if rng.random() < 0.1:  # an assessment that overrides which parts are confidential
                out[-1]["confidential"] = list(rng.choice(CONFIDENTIAL_CHOICES))
        return out

    # ---------------------------------------------------------------- partners

    def build_partners(self) -> None:
        """Every partner with its contacts."""
        rng, text = self.rng, self.text
        for _ in range(self.counts["partners"]):
            internal = rng.random() < 0.5
            dimension = rng.choice(
                ("up", "down", "left", "right")
                if internal
                else ("front", "behind", "left", "right")
            )
            kind = (
                rng.choice(("team", "person"))
                if internal
                else rng.choice(("organisation", "organisation", "team"))
            )
            base = " ".join(rng.choices(WORDS, k=2)).title()
            name = f"{base} {SUFFIX[kind]}"
            pid = self.unique("-".join(name.lower().split()))
            contacts, contact_ids = [], set()
            for _ in range(rng.randint(1, 4)):
                first, last = self.person()
                cid = f"{first}-{last}"
                k = 1
                while cid in contact_ids or cid in self.leaders:
                    k += 1
                    cid = f"{first}-{last}-c{k}"
                contact_ids.add(cid)
                contacts.append(
                    {
                        "id": cid,
                        "name": f"{first.capitalize()} {last.capitalize()}",
                        "role": text.name(1, 3),
                        "email": f"{cid}@partner.example",
                        "phone": f"+44 20 {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}",
                    }
                )
            self.partners[pid] = {
                "name": name,
                "kind": kind,
                "internal": internal,
                "dimension": dimension,
                "virtual": rng.random() < 0.3,
                "strategic": rng.random() < 0.25,
                "description": text.paragraph(2, 4),
                "opex_shepherd": rng.choice(self.opex),
                "partner_shepherd": contacts[0]["id"],
                "contacts": contacts,
            }
            self.maybe_confidential(self.partners[pid], "name")

    # ---------------------------------------------------------------- agreements

    def build_agreement(self) -> tuple[str, dict[str, Any]]:
        """One agreement with a partner (id, data), without sign-offs yet."""
        rng, text = self.rng, self.text
        pid = rng.choice(list(self.partners))
        partner = self.partners[pid]
        opex_lead = rng.choice(self.opex)
        parties: list[dict[str, Any]] = [
            {
                "id": "opex",
                "name": "Operational Excellence office",
                "leader": opex_lead,
                "shepherd": partner["opex_shepherd"],
                "responsibilities": text.sentences(3, 6),
            },
            {
                "id": "partner",
                "name": partner["name"],
                "partner": pid,
                "shepherd": partner["partner_shepherd"],
                "responsibilities": text.sentences(3, 6),
            },
        ]
        if rng.random() < 0.3:
            sponsor = rng.choice(self.seniors)
            parties.append(
                {
                    "id": "sponsor",
                    "name": self.leaders[sponsor]["title"],
                    "leader": sponsor,
                    "shepherd": sponsor,
                    "responsibilities": text.sentences(2, 4),
                }
            )
        start = self.day(0, 1100)
        phases, cursor = [], start
        for k in range(rng.randint(2, 4)):
            end = cursor + dt.timedelta(days=rng.randint(30, 120))
            phases.append(
                {
                    "name": f"Phase {k + 1}: {text.name(1, 3)}",
                    "start": cursor,
                    "end": end,
                    "deliverables": text.sentences(1, 3),
                }
            )
            cursor = end + dt.timedelta(days=1)
        agreement_type = rng.choice(("service", "service-level", "partnership"))
        type_name = agreement_type.replace("-", " ")
        data: dict[str, Any] = {
            "title": f"{type_name.capitalize()} agreement with {partner['name']}",
            "type": agreement_type,
            "status": rng.choice(("draft", "active", "active", "active", "ended")),
            "start": start,
            "end": cursor,
            "purpose": text.paragraph(2, 3),
            "parties": parties,
            "objectives": text.sentences(2, 4),
            "success_factors": text.sentences(2, 4),
            "scope": phases,
            "meetings": {
                "frequency": rng.choice(("weekly", "fortnightly", "monthly")),
                "form": rng.choice(("face-to-face", "virtual", "mixed")),
                "note": text.sentence(),
            },
            "communication": text.sentences(2, 3),
            "progress_reports": {
                "frequency": rng.choice(("monthly", "quarterly")),
                "audience": text.name(2, 3),
            },
            "response_times": [
                {"matter": text.name(2, 4), "within": f"{rng.randint(1, 5)} working {unit}"}
                for unit in rng.sample(("hours", "days"), k=2)
            ],
            "problem_solving": text.sentences(3, 5),
            "escalation": [
                {
                    "level": level,
                    "who": text.name(2, 3),
                    "within": f"{rng.randint(1, 10)} working days",
                }
                for level in (1, 2, 3)
            ],
            "onboarding": text.sentences(3, 5),
            "milestones": [],
            "reflections": [],
            "reviews": [],
            "signatories": [],
        }
        for phase in phases:
            milestone: dict[str, Any] = {"name": f"{phase['name']} complete", "due": phase["end"]}
            if rng.random() < 0.5:
                milestone["done"] = phase["end"] + dt.timedelta(days=rng.randint(-10, 20))
            milestone["celebration"] = text.sentence()
            data["milestones"].append(milestone)
        for _ in range(rng.randint(0, 2)):
            data["reflections"].append(
                {
                    "date": start + dt.timedelta(days=rng.randint(60, 400)),
                    "gained": text.sentences(1, 3),
                    "improve": text.sentences(1, 3),
                }
            )
        for offset in sorted(rng.sample(range(7, 400), k=rng.randint(2, 6))):
            data["reviews"].append(
                {
                    "date": start + dt.timedelta(days=offset),
                    "kind": rng.choice(("meeting", "progress-report")),
                    "note": text.sentence(),
                }
            )
        for party in parties:
            person = party.get("leader") or party["shepherd"]
            data["signatories"].append(
                {"party": party["id"], "person": person, "role": text.name(1, 3)}
            )
        prefix = "sla" if agreement_type == "service-level" else agreement_type
        aid = self.unique(f"{prefix}-{pid}"[:60].rstrip("-"))
        return aid, data

    def sign(self, data: dict[str, Any]) -> None:
        """Add sign-offs: about half current, a quarter stale, a quarter still missing."""
        model = Agreement.model_validate(yamlload.load(_dump(data))[0])
        current = agreement_version(model)
        signoffs = []
        for sig in data["signatories"]:
            roll = self.rng.random()
            if roll < 0.25:
                continue
            version = current if roll < 0.75 else f"{self.rng.getrandbits(48):012x}"
            signoffs.append(
                {
                    "person": sig["person"],
                    "party": sig["party"],
                    "date": data["start"] - dt.timedelta(days=self.rng.randint(1, 30)),
                    "version": version,
                }
            )
        data["signoffs"] = signoffs
        if self.partners[data["parties"][1]["partner"]].get("confidential"):
            # Its title and id name the partner: an agreement with a confidential partner is
            # confidential itself (``opex validate`` warns about one that is not).
            self.make_confidential(data)
        else:
            self.maybe_confidential(data, "title")

    # ---------------------------------------------------------------- strategy

    def build_objectives(self) -> None:
        """Breakthrough objectives, then annual objectives spread over them."""
        rng, text = self.rng, self.text
        owners = self.seniors or self.leader_ids()
        breakthroughs = []
        for _ in range(self.counts["breakthrough"]):
            oid = self.unique("bt-" + "-".join(rng.choices(WORDS, k=2)))
            start = EPOCH + dt.timedelta(days=rng.randint(0, 365))
            self.objectives[oid] = {
                "title": text.name(4, 8),
                "horizon": "breakthrough",
                "owner": rng.choice(owners),
                "start": start,
                "due": start + dt.timedelta(days=rng.randint(365, 1095)),
                "measure": text.sentence(),
                "description": text.paragraph(2, 4),
            }
            breakthroughs.append(oid)
        for i in range(self.counts["annual"]):
            parent = breakthroughs[i % len(breakthroughs)]
            year = 2022 + rng.randint(0, 3)
            oid = self.unique(f"{year}-" + "-".join(rng.choices(WORDS, k=2)))
            self.objectives[oid] = {
                "title": text.name(4, 8),
                "horizon": "annual",
                "parent": parent,
                "owner": rng.choice(self.leader_ids()),
                "start": dt.date(year, 1, 1),
                "due": dt.date(year, 12, 31),
                "measure": text.sentence(),
                "description": text.paragraph(1, 3),
            }

    def strategy(self) -> dict[str, Any]:
        """The strategy record."""
        return {
            "vision": self.text.paragraph(1, 2),
            "mission": self.text.sentence(),
            "period_start": EPOCH,
            "period_end": dt.date(2026, 12, 31),
            "front_line_horizon_hours": 24,
        }

    # ---------------------------------------------------------------- initiatives

    def build_initiative(self) -> tuple[str, dict[str, Any]]:
        """One improvement or strategic initiative (id, data)."""
        rng, text = self.rng, self.text
        everyone = self.leader_ids()
        path = "improvement" if rng.random() < 0.7 else "strategic"
        iid = self.unique(
            ("kaizen-" if path == "improvement" else "") + "-".join(rng.choices(WORDS, k=3))
        )
        start = self.day(0, 1200)
        months = rng.randint(6, 12)
        data: dict[str, Any] = {
            "name": text.name(3, 6),
            "path": path,
            "status": rng.choice(
                ("proposed", "active", "active", "active", "on-hold", "done", "cancelled")
            ),
            "owner": rng.choice(everyone),
            "sponsor": rng.choice(self.seniors or everyone),
        }
        if self.objectives and rng.random() < 0.85:
            data["objective"] = rng.choice(list(self.objectives))
        data["partners"] = rng.sample(
            list(self.partners), k=min(len(self.partners), rng.randint(0, 3))
        )
        data["summary"] = text.paragraph(2, 4)
        if path == "improvement":
            data["focus"] = rng.sample(
                ("waste", "variation", "quality", "flow", "reliability"), k=rng.randint(1, 2)
            )
        else:
            data["risk"] = rng.choice(("low", "medium", "high"))
        data["start"] = start
        data["end"] = start + dt.timedelta(days=31 * months + rng.randint(0, 90))
        kpis = []
        for k, (name, unit, direction) in enumerate(rng.sample(KPI_KINDS, k=rng.randint(1, 3))):
            baseline = round(rng.uniform(10, 500), 1)
            factor = 1.2 if direction == "up" else 0.8
            target = round(baseline * factor, 1)
            periods = [_month(start, m) for m in range(months)]
            plan = [
                round(baseline + (target - baseline) * (m + 1) / months, 1) for m in range(months)
            ]
            kpis.append(
                {
                    "id": f"k{k + 1}-" + "-".join(name.lower().replace("-", " ").split()),
                    "name": name,
                    "unit": unit,
                    "direction": direction,
                    "baseline": baseline,
                    "target": target,
                    "frequency": "monthly",
                    "owner": rng.choice(everyone),
                    "plan": [{"period": p, "value": v} for p, v in zip(periods, plan, strict=True)],
                    "actuals": [
                        {"period": p, "value": round(v * rng.uniform(0.9, 1.1), 1)}
                        for p, v in zip(periods, plan, strict=True)
                    ],
                }
            )
        data["kpis"] = kpis
        assumptions = []
        for _ in range(rng.randint(2, 4)):
            status = rng.choice(("untested", "holding", "failed"))
            item: dict[str, Any] = {
                "statement": text.sentence(),
                "test": text.sentence(),
                "test_by": start + dt.timedelta(days=rng.randint(30, 180)),
                "status": status,
            }
            if status != "untested":
                item["evidence"] = text.sentence()
                item["checked"] = start + dt.timedelta(days=rng.randint(20, 200))
            assumptions.append(item)
        data["assumptions"] = assumptions
        data["resources"] = {
            "budget": rng.randint(5, 500) * 1000,
            "currency": "EUR",
            "effort_days": rng.randint(10, 400),
            "people": rng.randint(2, 15),
            "team": rng.sample(everyone, k=min(len(everyone), rng.randint(1, 5))),
        }
        schedule = []
        for k in range(rng.randint(3, 5)):
            due = start + dt.timedelta(days=45 * (k + 1))
            item = {"name": text.name(2, 5), "due": due}
            if rng.random() < 0.5:
                item["done"] = due + dt.timedelta(days=rng.randint(-7, 21))
            schedule.append(item)
        data["schedule"] = schedule
        self.maybe_confidential(data, "name")
        return iid, data

    # ---------------------------------------------------------------- modules

    def module(self, index: int) -> tuple[str, str]:
        """Training module ``index`` of :data:`MODULES`: (id, Markdown with front matter)."""
        mid, title, audience, hours = MODULES[index]
        front: dict[str, Any] = {
            "title": title,
            "summary": self.text.paragraph(1, 2),
            "audience": audience,
            "duration_hours": hours,
            "prerequisites": [MODULES[0][0]] if index > 0 else [],
            "teachers": self.rng.sample(self.opex, k=min(len(self.opex), 2)),
        }
        body = [f"# {title}", ""]
        for k in range(self.rng.randint(3, 5)):
            body += [f"## Part {k + 1}", "", self.text.paragraph(3, 6), ""]
        return mid, "---\n" + _dump(front) + "---\n\n" + "\n".join(body)


def _month(start: dt.date, offset: int) -> str:
    """The month ``offset`` months after ``start``, as YYYY-MM."""
    index = start.year * 12 + start.month - 1 + offset
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _dump(data: Any) -> str:
    """Record data as block-style YAML, keys in the order given."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


# --------------------------------------------------------------------------- writing


def generate(root: Path, n: int, seed: int = 0) -> dict[str, int]:
    """Write a complete, valid project with ``n`` records into ``root``; return the counts.

    ``content/`` and ``playbooks/`` under ``root`` are replaced; other files are left alone.
    """
    root = Path(root)
    org = _Org(n, seed)
    org.build_leaders()
    org.build_partners()
    org.build_objectives()
    agreements = [org.build_agreement() for _ in range(org.counts["agreements"])]
    for _, data in agreements:
        org.sign(data)
    initiatives = [org.build_initiative() for _ in range(org.counts["initiatives"])]

    for folder in ("content", "playbooks"):
        shutil.rmtree(root / folder, ignore_errors=True)
    root.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "docs").mkdir(exist_ok=True)
    groups = {
        "leaders": org.leaders.items(),
        "partners": org.partners.items(),
        "agreements": agreements,
        "objectives": org.objectives.items(),
        "initiatives": initiatives,
    }
    for folder, records in groups.items():
        target = root / "content" / folder
        target.mkdir(parents=True)
        for rid, data in records:
            (target / f"{rid}.yaml").write_text(_dump(data), encoding="utf-8")
    (root / "content" / "strategy.yaml").write_text(_dump(org.strategy()), encoding="utf-8")
    (root / "playbooks").mkdir()
    for index in range(len(MODULES)):
        mid, text = org.module(index)
        (root / "playbooks" / f"{mid}.md").write_text(text, encoding="utf-8")
    counts = {folder: len(records) for folder, records in groups.items()}
    counts.update(strategy=1, modules=len(MODULES))
    return counts


def _own_short_texts(value: Any, mark: str) -> Any:
    """Append ``mark`` to every text of three or four words inside ``value`` (in place)."""
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, item in list(items):
        if isinstance(item, str) and 3 <= len(item.split()) <= 4:
            value[key] = item + mark
        elif isinstance(item, (dict, list)):
            _own_short_texts(item, mark)
    return value


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python benchmarks/synth.py OUTDIR --records N [--seed S]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "outdir", type=Path, help="project folder to write (content/ and playbooks/ are replaced)"
    )
    parser.add_argument(
        "--records", type=int, default=1000, help=f"records in total (at least {MIN_RECORDS})"
    )
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.records < MIN_RECORDS:
        parser.error(f"--records must be at least {MIN_RECORDS}")
    counts = generate(args.outdir, args.records, args.seed)
    summary = ", ".join(f"{count} {kind}" for kind, count in counts.items())
    print(f"wrote {sum(counts.values())} records to {args.outdir}: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
