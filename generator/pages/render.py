"""Render the catalogue into Markdown pages: stage 3 of the pipeline.

:func:`render_site` turns a validated :class:`~generator.records.catalogue.Catalogue` into a list of
:class:`Page` objects -- a docs-relative path and its Markdown -- by running one Jinja template
per page type from ``site_templates/`` (or a team's overrides folder).  Nothing is written
here: the MkDocs plugin adds the pages in memory, ``opex export`` writes them as files.

Templates produce Markdown.  Record text reaches them through two filters only: ``md`` (escape
for a line of Markdown) and ``rich`` (record Markdown rendered and sanitised to HTML).
Undefined variables fail the build, naming the template and the record.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import posixpath
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import jinja2

from generator import forking
from generator.config.settings import Settings
from generator.domain.agreements import AGREEMENT_TYPES, STATE_LABELS
from generator.domain.scoring import GROUP_LABELS
from generator.errors import RenderError
from generator.pages import text
from generator.records.catalogue import Catalogue, agreement_version
from generator.records.models import Agreement, Initiative, Leader, Module, Partner

FOLDERS = {
    "leader": "leaders",
    "partner": "partners",
    "agreement": "agreements",
    "initiative": "initiatives",
    "objective": "strategy",
    "module": "training",
}
"""Site folder of each record kind's pages."""


@dataclass(frozen=True)
class Page:
    """One generated page."""

    path: str
    """Docs-relative path of the Markdown source, e.g. ``leaders/ana-ruiz.md``."""
    markdown: str
    title: str
    source: str | None = None
    """Record file the page was made from, for messages."""


@dataclass(frozen=True)
class PageSpec:
    """A page to render: which template, for which record, with what extra context."""

    path: str
    template: str
    title: str
    source: str | None = None
    context: dict[str, Any] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    """Further front matter, e.g. Material's ``hide``."""
    search: bool = True
    """Index the page for search.  Registers and overviews repeat what record pages say, so
    they stay out of the index: it stays small and results point at the records themselves."""


def record_path(kind: str, record_id: str) -> str:
    """Docs-relative path of a record's page."""
    return f"{FOLDERS[kind]}/{record_id}.md"


class Links:
    """Cross-references in both directions, computed once per build."""

    def __init__(self, cat: Catalogue):
        self.reports: dict[str, list[str]] = defaultdict(list)
        self.shepherds: dict[str, list[str]] = defaultdict(list)  # leader -> agreements
        self.partner_shepherds: dict[str, list[str]] = defaultdict(list)  # leader -> partners
        self.signs: dict[str, list[str]] = defaultdict(list)  # leader -> agreements
        self.owns: dict[str, list[str]] = defaultdict(list)  # leader -> initiatives
        self.sponsors: dict[str, list[str]] = defaultdict(list)
        self.teaches: dict[str, list[str]] = defaultdict(list)  # leader -> modules
        self.completed_by: dict[str, list[tuple[str, dt.date]]] = defaultdict(
            list
        )  # module -> leaders
        self.partner_agreements: dict[str, list[str]] = defaultdict(list)
        self.partner_initiatives: dict[str, list[str]] = defaultdict(list)
        self.objective_initiatives: dict[str, list[str]] = defaultdict(list)
        self.objective_children: dict[str, list[str]] = defaultdict(list)
        self.objectives_owned: dict[str, list[str]] = defaultdict(list)
        self.assessed_by: dict[str, list[tuple[str, dt.date]]] = defaultdict(list)

        for lid, leader in cat.leaders.items():
            if leader.reports_to:
                self.reports[leader.reports_to].append(lid)
            for done in leader.training.completed:
                self.completed_by[done.module].append((lid, done.date))
            for a in leader.assessments:
                self.assessed_by[a.assessor].append((lid, a.date))
        for pid, partner in cat.partners.items():
            self.partner_shepherds[partner.opex_shepherd].append(pid)
        for aid, agreement in cat.agreements.items():
            for party in agreement.parties:
                if party.shepherd in cat.leaders:
                    _add(self.shepherds[party.shepherd], aid)
                if party.partner:
                    _add(self.partner_agreements[party.partner], aid)
            for sig in agreement.signatories:
                if sig.person in cat.leaders:
                    _add(self.signs[sig.person], aid)
        for iid, ini in cat.initiatives.items():
            self.owns[ini.owner].append(iid)
            self.sponsors[ini.sponsor].append(iid)
            for pid in ini.partners:
                _add(self.partner_initiatives[pid], iid)
            if ini.objective:
                self.objective_initiatives[ini.objective].append(iid)
        for oid, objective in cat.objectives.items():
            self.objectives_owned[objective.owner].append(oid)
            if objective.parent:
                self.objective_children[objective.parent].append(oid)
        for mid, module in cat.modules.items():
            for teacher in module.teachers:
                self.teaches[teacher].append(mid)


def _add(items: list[str], value: str) -> None:
    if value not in items:
        items.append(value)


class Site:
    """What every template sees as ``site``: the records, the settings and derived figures."""

    def __init__(self, cat: Catalogue, settings: Settings, full: Catalogue | None = None):
        self.cat = cat
        self.full = full
        """The unredacted catalogue, when ``cat`` is an audience's redacted view of it."""
        self.settings = settings
        self.as_of = settings.as_of
        self.audience = settings.audience
        self.leadership = settings.audience == "leadership"
        self.links = Links(cat)
        self._labels: dict[tuple[str, str], str | None] = {}

    # -- records ---------------------------------------------------------------------------
    def leader(self, leader_id: str) -> Leader:
        return self.cat.leaders[leader_id]

    def partner(self, partner_id: str) -> Partner:
        return self.cat.partners[partner_id]

    def sorted_by_name(
        self, records: dict[str, Any], ids: Iterable[str] | None = None
    ) -> list[Any]:
        chosen = records.values() if ids is None else [records[i] for i in ids]
        return sorted(
            chosen, key=lambda r: (getattr(r, "name", getattr(r, "title", "")).casefold(), r.id)
        )

    # -- derived figures (computed once, on first use) ----------------------------------------
    @cached_property
    def weights(self) -> Any:
        from generator.domain.scoring import Weights

        return Weights.from_config(self.settings.scoring)

    @cached_property
    def scorecards(self) -> Any:
        """Scores come from the full assessments (the staff edition keeps the scores, not the
        confidential detail behind them) of the leaders this edition shows."""
        from generator.domain.scoring import org_scorecard

        source = self.full if self.full is not None else self.cat
        visible = dataclasses.replace(
            source, leaders={lid: source.leaders[lid] for lid in self.cat.leaders}
        )
        org = org_scorecard(visible, self.as_of, self.weights)
        return org if self.leadership else org.redacted()

    def scorecard(self, leader_id: str) -> Any:
        return self._scorecards_by_id[leader_id]

    @cached_property
    def _scorecards_by_id(self) -> dict[str, Any]:
        return {card.leader: card for card in self.scorecards.leaders}

    @cached_property
    def versions(self) -> dict[str, str]:
        return {aid: agreement_version(a) for aid, a in self.cat.agreements.items()}

    @cached_property
    def ledgers(self) -> dict[str, Any]:
        from generator.domain.agreements import signature_ledger

        return {aid: signature_ledger(a, self.cat) for aid, a in self.cat.agreements.items()}

    @cached_property
    def agreement_findings(self) -> dict[str, list[Any]]:
        from generator.domain.agreements import agreement_health

        return {
            aid: agreement_health(a, self.cat, self.as_of) for aid, a in self.cat.agreements.items()
        }

    @cached_property
    def partner_findings(self) -> dict[str, list[Any]]:
        from generator.domain.agreements import partner_health

        known = self.agreement_findings
        return {
            pid: partner_health(
                p,
                self.cat,
                self.as_of,
                agreement_ids=self.links.partner_agreements[pid],
                known=known,
            )
            for pid, p in self.cat.partners.items()
        }

    @cached_property
    def last_changes(self) -> dict[str, Any]:
        """When each record's file last changed and by whom (git; empty outside a checkout)."""
        if not self.settings.edit_history:
            return {}
        from generator.records.history import last_changes

        kinds = ("leaders", "partners", "agreements", "initiatives", "objectives", "modules")
        sources = [r.source for kind in kinds for r in self.cat.by_kind(kind).values()]
        if self.cat.strategy is not None:
            sources.append(self.cat.strategy.source)
        return last_changes(self.settings.root, sources)

    def last_change(self, record: Any) -> Any:
        return self.last_changes.get(record.source)

    def ledger_summary(self, agreement_id: str) -> str:
        from generator.domain.agreements import ledger_summary

        return str(ledger_summary(self.ledgers[agreement_id]))

    def person_name(self, agreement: Agreement, person: str, party: str) -> str:
        from generator.domain.agreements import person_name

        return str(person_name(self.cat, agreement, person, party))

    # -- initiatives ---------------------------------------------------------------------------
    def initiatives_on(self, path: str) -> list[Initiative]:
        return [i for i in self.cat.initiatives.values() if i.path == path]

    def overdue_assumptions(self, ini: Initiative) -> list[Any]:
        return [
            a for a in ini.assumptions
            if a.status == "failed" or (a.status == "untested" and a.test_by is not None and a.test_by < self.as_of)
        ]  # fmt: skip

    def latest_actual(self, kpi: Any) -> Any:
        return max(kpi.actuals, key=lambda a: a.period) if kpi.actuals else None

    @cached_property
    def reviews_overdue(self) -> dict[str, list[Any]]:
        from generator.domain.deployment import reviews_overdue

        return reviews_overdue(self.cat, self.as_of, self.settings.review_cadence_days)

    def review_status(self, ini: Initiative) -> Any:
        from generator.domain.deployment import review_status

        return review_status(ini, self.as_of, self.settings.review_cadence_days)

    def review_cadence(self, path: str) -> int:
        from generator.domain.deployment import cadence_for

        return int(cadence_for(self.settings.review_cadence_days, path))

    def path_warnings(self, ini: Initiative) -> list[str]:
        from generator.domain.deployment import misclassification

        return [message for _, message in misclassification(ini)]

    def bowling_html(self, ini: Initiative) -> str:
        from generator.domain.deployment import bowling_html

        return str(bowling_html(ini, self.as_of))

    def objective_rollup_html(self, objective_id: str) -> str:
        from generator.domain.deployment import objective_rollup, rollup_html

        return str(
            rollup_html(
                objective_rollup(self.cat, objective_id, self.as_of),
                "Plan vs actual by month: KPIs of every initiative serving this objective (✓ on plan, ✗ off plan)",
            )
        )

    def modules_sorted(self) -> list[Module]:
        return sorted(self.cat.modules.values(), key=lambda m: (m.title.casefold(), m.id))

    # -- small helpers for templates -----------------------------------------------------------
    @staticmethod
    def yes_no(value: bool | None) -> str:
        return "–" if value is None else ("yes" if value else "no")

    @staticmethod
    def group_label(group: str) -> str:
        return GROUP_LABELS[group]

    def link_label(self, kind: str, record_id: str) -> str | None:
        """The escaped link text of a record (None if this edition leaves it out); cached."""
        key = (kind, record_id)
        try:
            return self._labels[key]
        except KeyError:
            record = self.cat.by_kind(FOLDERS_BY_KIND[kind]).get(record_id)
            label = (
                None
                if record is None
                else text.escape_md(getattr(record, "name", None) or record.title)
            )
            self._labels[key] = label
            return label

    def record_title(self, kind: str, record_id: str) -> str:
        record = self.cat.by_kind(FOLDERS_BY_KIND[kind])[record_id]
        return str(getattr(record, "name", None) or getattr(record, "title", record_id))

    def contact(self, partner: Partner, contact_id: str) -> Any:
        return next(c for c in partner.contacts if c.id == contact_id)

    def involvement(self, leader_id: str) -> list[tuple[str, str, list[str]]]:
        links = self.links
        rows = [
            ("Owns initiatives", "initiative", links.owns[leader_id]),
            ("Sponsors initiatives", "initiative", links.sponsors[leader_id]),
            ("Owns objectives", "objective", links.objectives_owned[leader_id]),
            ("Shepherds agreements", "agreement", links.shepherds[leader_id]),
            ("Signs agreements", "agreement", links.signs[leader_id]),
            ("Shepherds partners", "partner", links.partner_shepherds[leader_id]),
        ]
        return [row for row in rows if row[2]]

    def history(self, leader: Leader, card: Any) -> list[tuple[Any, Any]]:
        return list(zip(leader.assessments, card.scores, strict=True))

    def partners_in(self, dimension: str) -> list[Partner]:
        return self.sorted_by_name(
            {k: p for k, p in self.cat.partners.items() if p.dimension == dimension}
        )

    def objectives(self, horizon: str) -> list[Any]:
        return self.sorted_by_name(
            {k: o for k, o in self.cat.objectives.items() if o.horizon == horizon}
        )

    def outstanding_signatures(self) -> list[tuple[str, Any]]:
        return [
            (aid, s)
            for aid in sorted(self.cat.agreements)
            if self.cat.agreements[aid].status != "ended"
            for s in self.ledgers[aid]
            if s.state != "current"
        ]

    def health_findings(self) -> list[tuple[str, Any]]:
        return [
            (aid, f) for aid in sorted(self.cat.agreements) for f in self.agreement_findings[aid]
        ]

    def flagged_assumptions(self) -> list[tuple[str, Any]]:
        return [
            (iid, a)
            for iid in sorted(self.cat.initiatives)
            for a in self.overdue_assumptions(self.cat.initiatives[iid])
        ]

    def module_body(self, module_id: str) -> str:
        body = self.cat.module_bodies[module_id].lstrip("\n")
        if body.startswith("# "):  # the page already has the module title as its heading
            body = body.split("\n", 1)[1] if "\n" in body else ""
        return body.strip("\n")

    def training_mark(self, leader: Leader, module_id: str) -> str:
        done = any(c.module == module_id for c in leader.training.completed)
        teaches = module_id in self.links.teaches[leader.id]
        return ("✓" if done else "") + ("T" if teaches else "") or "·"

    # -- charts and scoring pages ---------------------------------------------------------------
    def leader_charts(self, card: Any) -> str:
        from generator.domain.scoring import DIMENSION_LABELS
        from generator.pages import charts

        name = self.cat.leaders[card.leader].name
        radar = charts.radar_svg(
            card.latest.dimensions,
            DIMENSION_LABELS,
            title=f"Alignment of {name} by dimension",
            compare=card.previous.dimensions if card.previous else None,
        )
        trend = charts.trend_svg(
            [(s.date, s.overall) for s in card.scores],
            title=f"Overall alignment of {name} over time",
        )
        return _figures(radar, trend)

    def org_charts(self, org: Any) -> str:
        from generator.pages import charts

        bars = charts.bar_svg(
            [(GROUP_LABELS[a.key], a.mean) for a in org.by_group if a.mean is not None],
            title="Mean alignment by group",
            max_value=100,
        )
        return _figures(bars)

    def heatmap_html(self, org: Any) -> str:
        from generator.domain.scoring import DIMENSION_LABELS, DIMENSIONS
        from generator.pages import charts

        head = "".join(f"<th>{text.escape_html(DIMENSION_LABELS[d])}</th>" for d in DIMENSIONS)
        rows = []
        for group, members in org.heatmap:
            rows.append(
                f'<tr class="opex-heat-group"><th colspan="{len(DIMENSIONS) + 2}">{text.escape_html(GROUP_LABELS[group])}</th></tr>'
            )
            for row in members:
                leader = self.cat.leaders[row.leader]
                href = text.escape_html(
                    posixpath.relpath(record_path("leader", row.leader), "scorecards").removesuffix(
                        ".md"
                    )
                    + "/"
                )
                cells = "".join(
                    f'<td class="opex-heat {charts.heat_class(row.values.get(d))}">{_pct(row.values.get(d))}</td>'
                    for d in DIMENSIONS
                )
                overall = row.overall
                rows.append(
                    f'<tr><th scope="row"><a href="{href}">{text.escape_html(leader.name)}</a><br><small>{text.escape_html(leader.function)}</small></th>'
                    f'{cells}<td class="opex-heat {charts.heat_class(overall)}"><strong>{_pct(overall)}</strong></td></tr>'
                )
        table = (
            '<table class="opex-heatmap"><thead><tr><th>Leader</th>'
            + head
            + "<th>Overall</th></tr></thead><tbody>"
            + "".join(rows)
            + "</tbody></table>"
        )
        return f'<div class="opex-heatmap-wrap" markdown="0">\n{table}\n{charts.heat_legend_html()}\n</div>'

    def methodology(self) -> str:
        from generator.domain.scoring import methodology_markdown

        return str(methodology_markdown(self.weights))


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


def _figures(*svgs: str) -> str:
    inner = "\n".join(f"<figure>{svg.strip()}</figure>" for svg in svgs)
    return f'<div class="opex-charts" markdown="0">\n{inner}\n</div>'


FOLDERS_BY_KIND = {
    "leader": "leaders", "partner": "partners", "agreement": "agreements",
    "initiative": "initiatives", "objective": "objectives", "module": "modules",
}  # fmt: skip
TEMPLATE_GLOBALS: dict[str, Any] = {
    "ARTIFACTS": [
        ("customer_focus", "Customer focus: customer metrics exist and improve"),
        ("planning_table", "OpEx has a place at the planning table"),
        ("joint_reviews", "Regular joint performance reviews"),
        ("shared_ownership", "Measurement and improvement jointly owned"),
        ("tough_times", "OpEx kept on when times get tough"),
    ],
    "ROOT_CAUSES": {
        "incentives": "Incentives set against the flow", "slow-returns": "Discouraged by slow returns",
        "time-pressure": "Time pressure", "other": "Other",
    },
    "DIMENSION_ORDER": ["up", "down", "left", "right", "front", "behind"],
    "DIMENSION_NAMES": {
        "up": "Up (sponsors and managers)", "down": "Down (team members)",
        "left": "Left (cross-functional)", "right": "Right (cross-functional)",
        "front": "In front (customers)", "behind": "Behind (suppliers)",
    },
    "AGREEMENT_TYPES": AGREEMENT_TYPES,
    "SIGNATURE_STATES": STATE_LABELS,
    "PATHS": {"improvement": "Continuous improvement (kaizen)", "strategic": "Strategic initiative (breakthrough)"},
    "module_abbrev": lambda i: f"M{i}",
}  # fmt: skip


def _page_specs(site: Site) -> list[PageSpec]:
    cat = site.cat
    specs = [
        PageSpec("index.md", "home.md.j2", "Dashboard", search=False),
        PageSpec("leaders/index.md", "leaders.md.j2", "Leaders", search=False),
        PageSpec("partners/index.md", "partners.md.j2", "Partners", search=False),
        PageSpec("agreements/index.md", "agreements.md.j2", "Agreements", search=False),
        PageSpec("initiatives/index.md", "initiatives.md.j2", "Initiatives", search=False),
        PageSpec("strategy/index.md", "strategy.md.j2", "Strategy"),
        PageSpec("training/index.md", "training.md.j2", "Training", search=False),
        PageSpec("scorecards/index.md", "scorecards.md.j2", "Alignment scorecards", search=False),
        PageSpec("scorecards/methodology.md", "methodology.md.j2", "How alignment is scored"),
    ]
    for kind, records in (
        ("leader", cat.leaders),
        ("partner", cat.partners),
        ("agreement", cat.agreements),
        ("initiative", cat.initiatives),
        ("objective", cat.objectives),
        ("module", cat.modules),
    ):
        for rid, record in records.items():
            title = getattr(record, "name", None) or getattr(record, "title", rid)
            specs.append(
                PageSpec(
                    record_path(kind, rid), f"{kind}.md.j2", title, record.source, {kind: record}
                )
            )
    from generator.domain.deployment import page_specs as deployment_pages

    # The deployment registers and overviews repeat the initiatives' own pages: keep them out of
    # the search index (the questions for leaders stay in).
    specs += [
        spec if spec.path == "strategy/reflection.md" else dataclasses.replace(spec, search=False)
        for spec in deployment_pages(site)
    ]
    return specs


def make_environment(settings: Settings) -> jinja2.Environment:
    """The Jinja environment: team overrides first, StrictUndefined, Markdown-safe filters."""
    loader = jinja2.FileSystemLoader([str(d) for d in settings.template_dirs() if d.is_dir()])
    env = jinja2.Environment(
        loader=loader,
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # templates write Markdown; record text goes through md/rich
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["range"] = _bounded_range
    env.filters["md"] = text.escape_md
    env.filters["rich"] = text.markdown_block
    env.filters["html"] = text.escape_html
    env.filters["pct"] = lambda v: "–" if v is None else f"{v:.0f}"
    env.filters["num"] = _num
    env.filters["signed"] = lambda v: "–" if v is None else f"{v:+.1f}"
    env.globals["FOLDERS"] = FOLDERS
    env.globals.update(TEMPLATE_GLOBALS)
    from generator.domain.scoring import DIMENSION_LABELS, DIMENSIONS

    env.globals["DIMENSIONS"] = DIMENSIONS
    env.globals["DIMENSION_LABELS"] = DIMENSION_LABELS
    return env


MAX_RANGE = 100_000


def _bounded_range(*args: int) -> range:
    """``range`` for templates, capped: a template cannot loop forever on a huge number."""
    r = range(*args)
    if len(r) > MAX_RANGE:
        raise RenderError(f"range of {len(r):,} items in a template; the limit is {MAX_RANGE:,}")
    return r


def _num(value: float | None) -> str:
    if value is None:
        return "–"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _linker(
    site: Site, page_path: str
) -> tuple[Callable[..., str], Callable[..., str], Callable[..., str]]:
    here = posixpath.dirname(page_path)

    def url(target: str) -> str:
        folder, _, name = target.rpartition("/")
        if folder == here:
            return name
        if not here:
            return target
        if "/" not in here and "/" not in folder:
            return f"../{target}" if folder else f"../{name}"
        return posixpath.relpath(target, here or ".")

    def ref(kind: str, record_id: str) -> str:
        return url(record_path(kind, record_id))

    def link(kind: str, record_id: str) -> str:
        """A Markdown link to a record, or a plain mark where this edition leaves the record out."""
        label = site.link_label(kind, record_id)
        return "*(confidential)*" if label is None else f"[{label}]({ref(kind, record_id)})"

    return url, ref, link


def render_site(
    cat: Catalogue,
    settings: Settings,
    *,
    full: Catalogue | None = None,
    only: Iterable[str] | None = None,
) -> list[Page]:
    """Render every page (sorted by path).  Raises :class:`RenderError` naming template and record.

    ``cat`` is what the audience may see; ``full`` the unredacted catalogue it was made from.
    """
    env = make_environment(settings)
    site = Site(cat, settings, full)
    wanted = set(only) if only is not None else None
    specs = [s for s in _page_specs(site) if wanted is None or s.path in wanted]
    pages = _render_in_two(env, site, specs) if len(specs) >= PARALLEL_PAGES else None
    if pages is None:
        pages = [render_page(env, site, spec) for spec in specs]
    return sorted(pages, key=lambda p: p.path)


PARALLEL_PAGES = 200
"""From this many pages on, a second process renders half of them (where one can be forked)."""


def _render_in_two(env: jinja2.Environment, site: Site, specs: list[PageSpec]) -> list[Page] | None:
    """Every page, rendered by this process and a forked one, half each.

    None where a second process cannot be forked safely (no ``fork``, one core, or other
    threads running) and whenever anything fails in either process: the caller then renders
    the pages one after the other, so the pages, and any error raised, are exactly those of
    rendering one page after the other.
    """
    if not forking.available():
        return None
    # What every page shares is worked out once, before the fork, so neither process repeats
    # it: the compiled templates and the derived figures.  A failure here is left to the
    # pages, rendered one after the other, to report with the page it belongs to.
    try:
        for name in sorted({spec.template for spec in specs}):
            env.get_template(name)
        for name in SHARED_FIGURES:
            getattr(site, name)
    except Exception:
        return None
    mine, theirs = specs[0::2], specs[1::2]
    receiver, sender = forking.context().Pipe(duplex=False)
    child = forking.start(_render_half, (env, site, theirs, sender), "opex-render")
    sender.close()
    try:
        try:
            pages: list[Page] | None = [render_page(env, site, spec) for spec in mine]
        except Exception:
            pages = None  # rendered again one after the other, to raise the first error
        try:
            other: list[Page] | None = receiver.recv()
        except (EOFError, OSError):
            other = None
    finally:
        receiver.close()
        child.join(timeout=5)
        if child.is_alive():
            child.kill()
            child.join()
    if pages is None or other is None or len(other) != len(theirs):
        return None
    return pages + other


SHARED_FIGURES = tuple(
    name for name, value in vars(Site).items() if isinstance(value, cached_property)
)
"""The cached figures of :class:`Site` that pages share."""


def _render_half(env: jinja2.Environment, site: Site, specs: list[PageSpec], sender: Any) -> None:
    """The second process of :func:`_render_in_two`: render ``specs``, send the pages (or
    None on any failure)."""
    try:
        pages: list[Page] | None = [render_page(env, site, spec) for spec in specs]
    except BaseException:
        pages = None
    sender.send(pages)
    sender.close()


def render_page(env: jinja2.Environment, site: Site, spec: PageSpec) -> Page:
    url, ref, link = _linker(site, spec.path)
    where = f"{spec.template}" + (
        f" (record {spec.source})" if spec.source else f" (page {spec.path})"
    )
    try:
        template = env.get_template(spec.template)
        markdown = template.render(
            site=site, page_path=spec.path, url=url, ref=ref, link=link, **spec.context
        )
    except jinja2.TemplateNotFound as exc:
        raise RenderError(f"{where}: template not found: {exc.name}") from None
    except jinja2.TemplateSyntaxError as exc:
        raise RenderError(
            f"{exc.filename or spec.template}:{exc.lineno}: template syntax: {exc.message}"
        ) from None
    except jinja2.UndefinedError as exc:
        raise RenderError(f"{where}: {exc.message}") from None
    except RecursionError:
        raise RenderError(f"{where}: template recursion too deep") from None
    except RenderError as exc:
        raise RenderError(f"{where}: {exc}") from None
    return Page(
        spec.path,
        _front_matter(spec.title, spec.search, spec.meta) + markdown,
        spec.title,
        spec.source,
    )


def _front_matter(title: str, search: bool = True, meta: dict[str, Any] | None = None) -> str:
    """Page metadata with the title MkDocs and the theme put in <title>, the nav and search.

    The theme prints the title unescaped, so angle brackets from record text are replaced by
    look-alike quotation marks: the title reads the same and can never open a tag.
    """
    safe = title.replace("<", "\u2039").replace(">", "\u203a")
    exclude = "" if search else "search:\n  exclude: true\n"
    extra = "".join(
        f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in sorted((meta or {}).items())
    )
    return f"---\ntitle: {json.dumps(safe, ensure_ascii=False)}\n{extra}{exclude}---\n\n"
