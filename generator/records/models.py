"""The record kinds: small, frozen, typed models with a docstring per field.

These classes are the single definition of what a record may say.  Validation
(:mod:`generator.records.catalogue`), the JSON Schemas (``opex schema``), the ``opex new`` scaffold and
the field reference in the docs are all derived from them.

A record's id is its file stem (``content/leaders/ana-ruiz.yaml`` is ``ana-ruiz``); it is not
written inside the file.  References between records are ids.
"""

from __future__ import annotations

from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from generator.records.fields import (
    Bool,
    Date,
    Id,
    Int,
    KpiRef,
    Month,
    Name,
    NonNegInt,
    NonNegNumber,
    Number,
    PositiveNumber,
    Score,
    SignedCopy,
    Text,
    Version,
)


class Model(BaseModel):
    """Base of every record part: unknown fields are errors, values are immutable."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        use_attribute_docstrings=True,
        hide_input_in_errors=True,
        validate_default=False,
    )

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> Self:
        """An immutable value is its own deep copy.

        Pydantic deep-copies a model default (``training: Training = Training()``) for every
        record that leaves the field out; for frozen models that copy is wasted work (it was a
        fifth of validation time).  Nothing here changes a model after validation.
        """
        return self


class Record(Model):
    """Base of a whole record (one file)."""

    _id: str = PrivateAttr(default="")
    _path: str = PrivateAttr(default="")

    # Both are read straight from pydantic's store of private values: ``self._id`` goes
    # through ``BaseModel.__getattr__`` (several microseconds), and templates read ids and
    # sources tens of thousands of times a build.
    @property
    def id(self) -> str:
        """The record's id: its file stem."""
        return self.__pydantic_private__["_id"]  # type: ignore[index]

    @property
    def source(self) -> str:
        """The record's file, relative to the project root."""
        return self.__pydantic_private__["_path"]  # type: ignore[index]


# --------------------------------------------------------------------------- leaders

Function = Literal[
    "executive", "operations", "finance", "hr", "it", "marketing", "sales", "opex",
    "engineering", "quality", "supply-chain", "procurement", "legal", "customer-service", "other",
]  # fmt: skip
AlignmentGroup = Literal["operational", "functional", "opex", "customer-side", "supplier-side"]
Level = Literal["executive", "senior", "middle", "front-line"]
ArtifactStatus = Literal["observed", "partial", "absent"]
RootCauseKind = Literal["incentives", "slow-returns", "time-pressure", "other"]
ResistanceStatus = Literal["open", "easing", "resolved"]
ActionStatus = Literal["open", "done", "dropped"]
AssessmentPart = Literal[
    "feelings", "existing_engagement", "resistance", "root_causes", "sales_plan",
    "talk_note", "walk_note", "artifact_evidence",
]  # fmt: skip
DEFAULT_CONFIDENTIAL: tuple[str, ...] = ("feelings", "resistance", "root_causes", "sales_plan")
"""Parts of an assessment it keeps back from the staff edition unless it says otherwise, even
where the ``staff_shows`` option would show them (by default that option shows none)."""


class Talk(Model):
    """What the leader says: do their words carry the same strategy, goals and support?"""

    score: Score
    """1 = words contradict the OpEx effort, 5 = consistently voices the same strategy and goals."""
    note: Text | None = None
    """What was heard, and where (town hall, staff meeting, one-to-one)."""


class Walk(Model):
    """What the leader does: real engagement with the improvement work."""

    score: Score
    """1 = no visible engagement, 5 = plans, walks and decides together with OpEx."""
    joint_planning: Bool | None = None
    """Plans scope and resources of improvement work jointly with the OpEx team."""
    gemba_walks: NonNegInt | None = None
    """Gemba walks taken part in since the previous assessment."""
    cross_functional: Bool | None = None
    """Takes part in cross-functional improvement discussions."""
    note: Text | None = None
    """Evidence behind the score."""


class Engagement(Model):
    """The four management-engagement aspects, each rated 1-5."""

    leadership_culture: Score
    """Leads by example and builds a culture where improvement is everyone's job."""
    process_optimization: Score
    """Drives the analysis and improvement of the processes they own."""
    employee_empowerment: Score
    """Gives people the authority, time and skills to improve their own work."""
    technology_integration: Score
    """Brings technology in where it supports the improved process (not instead of it)."""


class Artifact(Model):
    """One observable sign of alignment."""

    status: ArtifactStatus
    """observed, partial or absent."""
    evidence: Text | None = None
    """What was seen; required unless the artifact is absent."""

    @model_validator(mode="after")
    def _evidence_when_seen(self) -> Artifact:
        if self.status != "absent" and not self.evidence:
            raise ValueError(f"evidence is required when status is {self.status}")
        return self


class Artifacts(Model):
    """The five observable alignment artifacts."""

    customer_focus: Artifact
    """Customer metrics exist, are watched and are improving."""
    planning_table: Artifact
    """OpEx has a seat at the planning table."""
    joint_reviews: Artifact
    """Performance is reviewed regularly and jointly."""
    shared_ownership: Artifact
    """Measurement and improvement are jointly owned, not left to OpEx."""
    tough_times: Artifact
    """OpEx is not pushed aside when times get tough."""


class Resistance(Model):
    """A point where the leader resists the improvement work."""

    point: Text
    """The objection or behaviour, in neutral words."""
    status: ResistanceStatus = "open"
    """open, easing or resolved."""


class RootCause(Model):
    """A suspected root cause of misalignment."""

    cause: RootCauseKind
    """incentives (set against the flow), slow-returns (discouraged by slow results), time-pressure, other."""
    detail: Text | None = None
    """What points to this cause."""
    verified: Bool = False
    """Whether the cause was verified (talked through with the leader or shown by data)."""


class Action(Model):
    """One step of the customised plan to win the leader over (the "sales plan")."""

    action: Text
    """What will be done."""
    owner: Id
    """Leader who owns the action."""
    due: Date
    """Date the action is due."""
    status: ActionStatus = "open"
    """open, done or dropped."""


class Assessment(Model):
    """One dated alignment assessment of a leader."""

    date: Date
    """Date of the assessment."""
    assessor: Id
    """Leader who made the assessment."""
    talk: Talk
    """Do their words show the same strategy, goals and support?"""
    walk: Walk
    """Do their actions show real engagement?"""
    engagement: Engagement
    """The four management-engagement aspects."""
    artifacts: Artifacts
    """The five observable alignment artifacts."""
    feelings: Text | None = None
    """The leader's stated feelings about improvement work (confidential)."""
    existing_engagement: list[Text] = []
    """Evidence of engagement already there."""
    resistance: list[Resistance] = []
    """Points of resistance (confidential)."""
    root_causes: list[RootCause] = []
    """Suspected root causes of misalignment (confidential)."""
    sales_plan: list[Action] = []
    """The customised plan to win the leader over (confidential)."""
    confidential: list[AssessmentPart] | None = None
    """Parts kept out of the staff edition even where the site's staff_shows option would show them; by default feelings, resistance, root_causes and sales_plan. Write [] to keep none back."""

    @property
    def confidential_parts(self) -> tuple[str, ...]:
        """The parts of this assessment that the staff edition leaves out."""
        return DEFAULT_CONFIDENTIAL if self.confidential is None else tuple(self.confidential)


class Completion(Model):
    """A training module a leader completed."""

    module: Id
    """Training module id (file stem in playbooks/)."""
    date: Date
    """Date completed."""


class Training(Model):
    """Training taken.  Who teaches a module is kept in the module's own front matter."""

    completed: list[Completion] = []
    """Modules completed, with dates."""


class Leader(Record):
    """An operational, functional, OpEx, customer-side or supplier-side leader."""

    name: Name
    """Full name."""
    title: Name
    """Job title."""
    function: Function
    """Function the leader belongs to."""
    group: AlignmentGroup
    """Group for alignment work: operational, functional, opex, customer-side, supplier-side."""
    level: Level
    """Level in the organisation: executive, senior, middle or front-line."""
    reports_to: Id | None = None
    """Leader this leader reports to (none for the top of the organisation)."""
    organisation: Name | None = None
    """Organisation, for customer-side and supplier-side leaders."""
    email: Name | None = None
    """Work e-mail address."""
    training: Training = Training()
    """Training modules completed."""
    assessments: list[Assessment] = []
    """Dated alignment assessments, oldest first."""
    confidential: Bool = False
    """Leave the whole record out of the staff edition of the site."""

    @model_validator(mode="after")
    def _dates_in_order(self) -> Leader:
        for before, after in zip(self.assessments, self.assessments[1:], strict=False):
            if after.date <= before.date:
                raise ValueError(
                    f"assessments must be in date order, oldest first: {after.date} follows {before.date}"
                )
        return self


# --------------------------------------------------------------------------- partners

Dimension = Literal["up", "down", "left", "right", "front", "behind"]
PartnerKind = Literal["person", "team", "organisation"]


class Contact(Model):
    """A point of contact on the partner's side."""

    id: Id
    """Short id, unique within the partner (used by agreements for shepherds and signatories)."""
    name: Name
    """Full name."""
    role: Name
    """Role or job title."""
    email: Name | None = None
    """E-mail address."""
    phone: Name | None = None
    """Phone number."""


class Partner(Record):
    """A person, team or organisation the OpEx function works with."""

    name: Name
    """Name of the partner."""
    kind: PartnerKind
    """person, team or organisation."""
    internal: Bool
    """Inside our organisation (true) or external (false)."""
    dimension: Dimension
    """Position relative to OpEx: up/down (vertical: sponsors and managers above, team members below), left (cross-functional support: HR, finance, legal, procurement), right (cross-functional expertise: IT, engineering, trainers, coaches), front (customers), behind (suppliers)."""
    virtual: Bool = False
    """Not co-located with the OpEx team (long-distance relationship)."""
    strategic: Bool = False
    """Essential to the partnership's outcomes; gets explicit accountabilities."""
    description: Text | None = None
    """What the partner does and why the partnership matters (Markdown)."""
    opex_shepherd: Id
    """Leader who shepherds the relationship on the OpEx side."""
    partner_shepherd: Id | None = None
    """Contact (id from contacts) who shepherds the relationship on the partner's side."""
    contacts: list[Contact] = []
    """Points of contact on the partner's side."""
    confidential: Bool = False
    """Leave the whole record out of the staff edition of the site."""


# --------------------------------------------------------------------------- agreements

AgreementType = Literal["service", "service-level", "partnership"]
AgreementStatus = Literal["draft", "active", "ended"]
Cadence = Literal["weekly", "fortnightly", "monthly", "quarterly", "half-yearly", "yearly"]
MeetingForm = Literal["face-to-face", "virtual", "mixed"]

CADENCE_DAYS: dict[str, int] = {
    "weekly": 7, "fortnightly": 14, "monthly": 31, "quarterly": 92, "half-yearly": 183, "yearly": 366,
}  # fmt: skip
"""Longest gap, in days, that still keeps each cadence."""


class Party(Model):
    """One party to an agreement."""

    id: Id
    """Short id of the party within the agreement (e.g. opex, it)."""
    name: Name
    """Name of the party as written in the agreement."""
    leader: Id | None = None
    """For an internal function: the accountable leader."""
    partner: Id | None = None
    """For a partner: the partner record."""
    shepherd: Id
    """Relationship shepherd of this party: a leader id, or a contact id of the party's partner."""
    responsibilities: list[Text] = Field(min_length=1)
    """What this party commits to."""

    @model_validator(mode="after")
    def _one_of_leader_partner(self) -> Party:
        if (self.leader is None) == (self.partner is None):
            raise ValueError("give exactly one of leader or partner")
        return self


class Phase(Model):
    """A phase of the time-based scope."""

    name: Name
    """Name of the phase."""
    start: Date
    """First day."""
    end: Date
    """Last day."""
    deliverables: list[Text] = []
    """What the phase delivers."""

    @model_validator(mode="after")
    def _ordered(self) -> Phase:
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


class Meetings(Model):
    """How often and in what form the parties meet."""

    frequency: Cadence
    """weekly, fortnightly, monthly, quarterly, half-yearly or yearly."""
    form: MeetingForm
    """face-to-face, virtual or mixed."""
    note: Text | None = None
    """Agenda, place or tooling."""


class Reporting(Model):
    """Progress reports."""

    frequency: Cadence
    """How often a progress report is due."""
    audience: Name | None = None
    """Who receives the report."""


class ResponseTime(Model):
    """An agreed response time."""

    matter: Name
    """What kind of request or event."""
    within: Name
    """Agreed time to respond, e.g. "4 working hours"."""


class EscalationLevel(Model):
    """One level of the escalation ladder; either side may use it."""

    level: Int
    """1 for the first level, counting up."""
    who: Name
    """Who handles the issue at this level."""
    within: Name
    """Time allowed at this level before escalating further."""


class Milestone(Model):
    """A milestone and how it will be celebrated."""

    name: Name
    """What is reached."""
    due: Date
    """Planned date."""
    done: Date | None = None
    """Date reached, when reached."""
    celebration: Text | None = None
    """How the milestone is celebrated."""


class Reflection(Model):
    """A periodic reflection on the relationship itself."""

    date: Date
    """Date of the reflection."""
    gained: list[Text] = []
    """What the partnership gained."""
    improve: list[Text] = []
    """What to improve in the relationship."""


class Review(Model):
    """A recorded meeting or progress report (drives the partnership health check)."""

    date: Date
    """When it happened."""
    kind: Literal["meeting", "progress-report"]
    """meeting or progress-report."""
    note: Text | None = None
    """Short note."""


class Signatory(Model):
    """Someone whose signature the agreement requires."""

    party: Id
    """Party (id from parties) the signatory signs for."""
    person: Id
    """A leader id, or a contact id of the party's partner."""
    role: Name
    """Role in which they sign."""


class Signoff(Model):
    """A recorded signature."""

    person: Id
    """Who signed (as in signatories)."""
    party: Id
    """For which party."""
    date: Date
    """When."""
    version: Version
    """Version of the agreement text signed (as printed on the document: 12 hex digits, or all 64)."""
    signed_copy: SignedCopy | None = None
    """The scanned signed copy, a file in content/agreements/<id>/signed/ (PDF, PNG or JPEG)."""


class Agreement(Record):
    """A service, service-level or partnership agreement: positive, not punitive."""

    title: Name
    """Title of the agreement."""
    type: AgreementType
    """service, service-level or partnership."""
    status: AgreementStatus = "draft"
    """draft, active or ended."""
    start: Date
    """Date the agreement takes effect."""
    end: Date | None = None
    """Date it ends, if fixed."""
    purpose: Text | None = None
    """Why the parties enter the agreement (Markdown)."""
    parties: list[Party] = Field(min_length=2)
    """The parties, each with responsibilities and shepherd."""
    objectives: list[Text] = Field(min_length=1)
    """Shared objectives."""
    success_factors: list[Text] = []
    """Critical success factors."""
    scope: list[Phase] = []
    """Scope as a time-based plan."""
    meetings: Meetings
    """Meeting frequency and form."""
    communication: list[Text] = []
    """How the team communicates."""
    progress_reports: Reporting
    """Progress-report frequency."""
    response_times: list[ResponseTime] = []
    """Agreed response times."""
    problem_solving: list[Text] = []
    """Steps to identify and solve problems together."""
    escalation: list[EscalationLevel] = []
    """Escalation ladder."""
    onboarding: list[Text] = []
    """Onboarding steps."""
    milestones: list[Milestone] = []
    """Milestones and their celebration."""
    reflections: list[Reflection] = []
    """Reflections on the relationship."""
    reviews: list[Review] = []
    """Meetings held and progress reports received."""
    signatories: list[Signatory] = []
    """Who must sign."""
    signoffs: list[Signoff] = []
    """Who signed which version, and when."""
    confidential: Bool = False
    """Leave the whole record out of the staff edition of the site."""


# --------------------------------------------------------------------------- strategy

Horizon = Literal["breakthrough", "annual"]


class Strategy(Record):
    """The organisation's strategy: vision and planning period (content/strategy.yaml)."""

    vision: Text
    """Where the organisation wants to be."""
    mission: Text | None = None
    """What it does, for whom."""
    period_start: Date
    """Start of the strategic period."""
    period_end: Date
    """End of the strategic period."""
    front_line_horizon_hours: Int = 24
    """Horizon of front-line schedules in hours (12-36)."""


class Objective(Record):
    """A breakthrough (12-36 months) or annual objective (content/objectives/<id>.yaml)."""

    title: Name
    """The objective."""
    horizon: Horizon
    """breakthrough or annual."""
    parent: Id | None = None
    """For an annual objective: the breakthrough objective it serves."""
    owner: Id
    """Leader accountable for the objective."""
    start: Date
    """Start of the objective's period."""
    due: Date
    """Date by which it is to be reached."""
    measure: Text | None = None
    """How success is measured."""
    description: Text | None = None
    """Background (Markdown)."""


# --------------------------------------------------------------------------- initiatives

Path = Literal["improvement", "strategic"]
InitiativeStatus = Literal["proposed", "active", "on-hold", "done", "cancelled"]
Focus = Literal["waste", "variation", "quality", "flow", "reliability"]
AssumptionStatus = Literal["untested", "holding", "failed"]
KpiFrequency = Literal["daily", "weekly", "monthly", "quarterly"]
KpiDirection = Literal["up", "down", "band"]
Strength = Literal["strong", "weak"]
ToleranceBasis = Literal["kpi-unit", "percent-of-plan"]


class Actual(Model):
    """A measured value for one month."""

    period: Month
    """Month, YYYY-MM."""
    value: Number
    """Measured value."""


class Kpi(Model):
    """A key performance indicator of an initiative."""

    id: Id
    """Short id, unique within the initiative."""
    name: Name
    """What is measured."""
    unit: Name
    """Unit, e.g. %, units/h, days."""
    direction: KpiDirection
    """Which way is better: up (higher is better), down (lower is better) or band (on plan while within band of the plan, either way)."""
    band: PositiveNumber | None = None
    """For direction band: how far the actual may lie from the month's plan, above or below, and still be on plan (in the KPI's unit)."""
    tolerance: NonNegNumber | None = None
    """Amber tolerance: how far past the plan a month is amber rather than red (in the KPI's unit, or a per cent of the month's plan: see tolerance_in). Without a tolerance every month off plan is red."""
    tolerance_in: ToleranceBasis | None = None
    """What the tolerance is written in: kpi-unit (the KPI's own unit, when not given) or percent-of-plan."""
    baseline: Number | None = None
    """Value before the initiative."""
    target: Number | None = None
    """Value to reach."""
    frequency: KpiFrequency = "monthly"
    """How often an actual is due: daily, weekly and monthly KPIs need one every month (the bowling chart is monthly), quarterly ones in March, June, September and December."""
    owner: Id | None = None
    """Leader who owns the measure (and is asked for its actuals and countermeasures; the initiative's owner when none is given)."""
    plan: list[Actual] = []
    """Planned value per month (for the bowling chart)."""
    actuals: list[Actual] = []
    """Measured value per month."""

    @model_validator(mode="after")
    def _band_and_tolerance(self) -> Kpi:
        if self.direction == "band" and self.band is None:
            raise ValueError("direction band needs band: how far from the plan is still on plan")
        if self.direction != "band" and self.band is not None:
            raise ValueError(f"band is only for direction band, not {self.direction}")
        return self


class Assumption(Model):
    """A planning assumption, to be tested against reality."""

    statement: Text
    """The assumption (e.g. supplier lead times of 10 days are realistic)."""
    test: Text
    """How it will be tested."""
    test_by: Date | None = None
    """Date by which it is to be tested."""
    status: AssumptionStatus = "untested"
    """untested, holding or failed."""
    evidence: Text | None = None
    """What the test showed."""
    checked: Date | None = None
    """When it was last tested."""


class Resources(Model):
    """Time, budget and people."""

    budget: NonNegNumber | None = None
    """Budget."""
    currency: Name = "EUR"
    """Currency of the budget."""
    effort_days: NonNegNumber | None = None
    """Person-days planned."""
    people: NonNegInt | None = None
    """Number of people involved."""
    team: list[Id] = []
    """Leaders on the team."""


class ScheduleItem(Model):
    """A milestone of the schedule."""

    name: Name
    """What is reached."""
    due: Date
    """Planned date."""
    done: Date | None = None
    """Date reached, when reached."""


class InitiativeReview(Model):
    """A review of an initiative, at its path's rhythm (weekly for improvement, quarterly for strategic by default)."""

    date: Date
    """When the review was held."""
    note: Text | None = None
    """What was decided, in a line or two."""


class Correlation(Model):
    """A contribution of the initiative declared beyond the links its record implies (the
    X-matrix draws it): to another annual objective, or to another initiative's KPI."""

    objective: Id | None = None
    """Annual objective the initiative also contributes to (besides the one it serves)."""
    kpi: KpiRef | None = None
    """KPI of another initiative the initiative also moves, written initiative-id/kpi-id."""
    strength: Strength
    """strong or weak: how much the initiative contributes."""

    @model_validator(mode="after")
    def _one_of_objective_kpi(self) -> Correlation:
        if (self.objective is None) == (self.kpi is None):
            raise ValueError("give exactly one of objective or kpi")
        return self


class Countermeasure(Model):
    """What is done about a KPI off plan: the cause found, the action, who and by when."""

    kpi: Id
    """KPI (id from kpis) that is off plan."""
    periods: list[Month] = Field(min_length=1)
    """Months off plan the countermeasure answers, YYYY-MM (their bowling-chart cells link here)."""
    cause: Text
    """Why the KPI is off plan: the cause found (not the symptom)."""
    action: Text
    """What will be done about it."""
    owner: Id
    """Leader who owns the action."""
    due: Date
    """Date the action is due."""
    status: ActionStatus = "open"
    """open, done or dropped."""


class Initiative(Record):
    """A continuous-improvement (kaizen) or strategic (breakthrough) initiative."""

    name: Name
    """Name of the initiative."""
    path: Path
    """improvement (kaizen, within today's system) or strategic (breakthrough)."""
    status: InitiativeStatus = "proposed"
    """proposed, active, on-hold, done or cancelled."""
    owner: Id
    """Leader who owns the initiative."""
    sponsor: Id
    """Leader who sponsors it."""
    objective: Id | None = None
    """Objective (breakthrough or annual) the initiative serves."""
    partners: list[Id] = []
    """Partners involved."""
    summary: Text
    """What the initiative changes and why (Markdown)."""
    focus: list[Focus] = []
    """For improvement: waste, variation, quality, flow or reliability."""
    risk: Literal["low", "medium", "high"] | None = None
    """For strategic: level of uncertainty."""
    start: Date
    """Start date."""
    end: Date | None = None
    """Planned end date."""
    kpis: list[Kpi] = []
    """Key performance indicators."""
    correlations: list[Correlation] = []
    """Contributions declared beyond the objective served and the initiative's own KPIs (drawn on the X-matrix)."""
    countermeasures: list[Countermeasure] = []
    """What is done about months off plan (amber or red): cause, action, owner, due date. A month off plan without one is flagged once it ended more than countermeasure_days (mkdocs.yml) ago."""
    assumptions: list[Assumption] = []
    """Planning assumptions to test."""
    resources: Resources = Resources()
    """Time, budget and people."""
    schedule: list[ScheduleItem] = []
    """Milestones with dates."""
    reviews: list[InitiativeReview] = []
    """Reviews held; the latest sets when the next is due (review_cadence_days)."""
    confidential: Bool = False
    """Leave the whole record out of the staff edition of the site."""


# --------------------------------------------------------------------------- training


class Module(Record):
    """Front matter of a training module (playbooks/<id>.md)."""

    title: Name
    """Title of the module."""
    summary: Text | None = None
    """One-paragraph summary."""
    audience: list[AlignmentGroup | Level | Literal["everyone"]] = Field(min_length=1)
    """Who the module is for: alignment groups, levels or everyone."""
    duration_hours: NonNegNumber
    """Length of the module in hours."""
    prerequisites: list[Id] = []
    """Modules to complete first."""
    teachers: list[Id] = []
    """Leaders who teach the module."""
