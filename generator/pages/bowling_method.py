"""The "How bowling charts are coloured" page, written from the code that colours them.

The rule per direction, the amber tolerance, a worked example classified live by
:func:`~generator.domain.deployment.classify`, the roll-up rule, and the follow-up thresholds in
force come from the same functions and settings as every chart, so the page and the charts
always agree."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from generator.domain.deployment import BOWLING_MONTHS, classify, shortfall, tolerance
from generator.domain.figures import number
from generator.records import yamlload
from generator.records.models import Kpi
from generator.records.vocabulary import (
    BOWLING_COLOURS,
    BOWLING_MARKS,
    BOWLING_STATE_LABELS,
    DIRECTION_LABELS,
)

if TYPE_CHECKING:
    from generator.config.settings import Settings


EXAMPLES: tuple[tuple[dict[str, object], float, tuple[float, ...]], ...] = (
    ({"direction": "up", "unit": "points", "tolerance": 2}, 90, (91, 89, 86)),
    (
        {"direction": "down", "unit": "min", "tolerance": 5, "tolerance_in": "percent-of-plan"},
        40,
        (38, 41.5, 45),
    ),
    ({"direction": "band", "unit": "days", "band": 2, "tolerance": 1}, 20, (21.5, 17.5, 24)),
)
"""The worked examples: a KPI, the month's plan and three actuals, one of each colour."""


def _example_kpi(fields: dict[str, object]) -> Kpi:
    """An example KPI, read like any record (through YAML, so its numbers are checked as such)."""
    given = {"id": "example", "name": "Example", **fields}
    text = "".join(
        f"{k}: {json.dumps(v)}\n" if isinstance(v, str) else f"{k}: {v}\n" for k, v in given.items()
    )
    data, _ = yamlload.load(text)
    return Kpi.model_validate(data)


def _rule(kpi: Kpi) -> str:
    words = DIRECTION_LABELS[kpi.direction]
    if kpi.band is not None:
        words += f" of ±{number(kpi.band)} {kpi.unit} around the plan"
    if kpi.tolerance is not None and kpi.tolerance_in == "percent-of-plan":
        words += f", amber within {number(kpi.tolerance)} % of the plan"
    elif kpi.tolerance is not None:
        words += f", amber within {number(kpi.tolerance)} {kpi.unit}"
    return words


def _status(status: str) -> str:
    colour = BOWLING_COLOURS.get(status)
    return f"{BOWLING_MARKS[status]} {BOWLING_STATE_LABELS[status]}" + (
        f" ({colour})" if colour else ""
    )


def bowling_method_markdown(settings: Settings) -> str:
    """The body of the page (from the first paragraph down)."""
    lines: list[str] = []
    add = lines.append
    add(
        "A bowling chart sets each KPI's plan for a month against what was measured. Every "
        "measured month with a plan gets one of three colours, each with its own symbol, so the "
        "chart reads the same in black and white and to a screen reader:"
    )
    add("")
    for status in ("ok", "near", "miss", "unplanned"):
        add(f"- {_status(status)}")
    add("")
    add("## The rule")
    add("")
    add(
        "The **shortfall** of a month is how far the actual lies on the wrong side of the plan. "
        "Each KPI says in its record which side that is (`direction`):"
    )
    add("")
    add("| `direction` | Means | Shortfall |")
    add("|---|---|---|")
    add(f"| `up` | {DIRECTION_LABELS['up']} | plan − actual, when the actual is below the plan |")
    add(
        f"| `down` | {DIRECTION_LABELS['down']} | actual − plan, when the actual is above the plan |"
    )
    add(
        f"| `band` | {DIRECTION_LABELS['band']} (`band`: how far either side of the plan is still "
        "on plan) | the distance from the plan beyond the band, either way |"
    )
    add("")
    add(
        "No shortfall: **on plan**. A shortfall no larger than the KPI's amber **tolerance** "
        "(`tolerance`, in the KPI's unit, or with `tolerance_in: percent-of-plan` a per cent of the "
        "month's plan): "
        "**within tolerance**, amber. Any larger shortfall: **off plan**, red. A KPI that "
        "declares no tolerance has none: each of its months is green or red. The variance under "
        "each month is actual minus plan, and its share of the plan."
    )
    add("")
    add(
        "A month's plan is the value the record writes for it, or a straight line between the "
        "recorded months (from the baseline in the initiative's first month); without recorded "
        "months, a straight line from the baseline to the target at the initiative's end. "
        f"Each chart shows the latest {BOWLING_MONTHS} months with a plan or an actual; earlier "
        "months are counted above the chart."
    )
    add("")
    add("## Worked examples")
    add("")
    add("| KPI | Plan | Actual | Shortfall | Tolerance | Colour |")
    add("|---|--:|--:|--:|--:|---|")
    for fields, plan, actuals in EXAMPLES:
        kpi = _example_kpi(fields)
        for actual in actuals:
            gap = shortfall(kpi, plan, actual)
            allowed = tolerance(kpi, plan)
            add(
                f"| {_rule(kpi)} | {number(plan)} | {number(actual)} | {number(gap)} | "
                f"{number(allowed)} | {_status(classify(kpi, plan, actual))} |"
            )
    add("")
    add("## Objectives: the roll-up")
    add("")
    add(
        "An objective's page counts, month by month, the KPIs of every initiative serving it "
        "(directly or through its annual objectives) by the same three colours. The month is "
        "green when every KPI measured that month is on plan, red when every one is off plan "
        "beyond its tolerance, and amber otherwise."
    )
    add("")
    add("## What a month off plan asks for")
    add("")
    add(
        "A month amber or red calls for a **countermeasure**: the cause found, the action, its "
        "owner and due date, written in the initiative's record under `countermeasures:` with "
        "the KPI and the month(s) it answers. The month's cell then links to it. A month off plan "
        f"still without one more than **{settings.countermeasure_days} days** after the month "
        "ended is flagged "
        "on the initiative's page, on its owner's page and on the dashboard "
        "(`countermeasure_days` in `mkdocs.yml`)."
    )
    add("")
    add(
        "Every KPI also needs its **actuals**: one a month for KPIs measured daily, weekly or "
        "monthly, one at the end of each quarter (March, June, September, December) for "
        "quarterly ones, from the first month with a plan or an actual until the initiative "
        "ends. A finished period without one is flagged in the same places"
        + (
            f" once it ended more than {settings.actual_grace_days} days ago"
            if settings.actual_grace_days
            else ""
        )
        + " (`actual_grace_days`). Whoever owns the KPI is asked (the initiative's owner for a "
        "KPI without an owner). Only active initiatives are followed up."
    )
    add("")
    add(
        "All days are counted from the last day of the month to the date the site was built "
        f"for ({settings.as_of.isoformat()}), never from the clock of the reader's computer."
    )
    return "\n".join(lines) + "\n"
