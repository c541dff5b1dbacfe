"""The report when a side does not validate: which side, how many errors, and where they are.

What a change means can only be worked out from records that validate, so this report says
plainly, at its top, that the change does not validate, and lists the problems briefly --
place and field -- so that a pull-request comment is still posted and still useful.  The staff
edition leaves the messages out (a message may quote the value it rejects, and a comment is
read by everyone with access to the repository); ``opex validate`` and the CI annotations have
them in full.  The leadership edition shows them.
"""

from __future__ import annotations

from generator.errors import Problem
from generator.review.values import code

SHOWN = 20
"""At most this many problems are listed; the rest are counted."""


def _errors(n: int) -> str:
    return f"{n} error{'s' if n != 1 else ''}"


def render_invalid(
    marker: str, labels: tuple[str, str], failed: list[tuple[str, list[Problem]]], *, audience: str
) -> str:
    """The Markdown comment for sides that do not validate.

    ``labels`` names the two sides as the heading does; ``failed`` pairs the label of each side
    that does not validate with its errors (located as that side locates them).
    """
    total = sum(len(problems) for _, problems in failed)
    where = " and ".join(
        label if len(failed) == 1 else f"{label} ({len(problems)})" for label, problems in failed
    )
    out = [
        marker,
        f"### OpEx records: {labels[0]} → {labels[1]}",
        "",
        f"**Does not validate: {_errors(total)}** in {where}. `opex validate` reports each one "
        "on its line (in CI: on the changed lines); what the change means is summarised here "
        "once every record validates.",
        "",
    ]
    problems = [p for _, side in failed for p in side]
    for p in problems[:SHOWN]:
        place = p.path + (f":{p.line}:{p.col or 1}" if p.line else "")
        line = f"- {code(place)} {code(p.field)}"
        if audience == "leadership":
            line += f": {code(p.message)}"
        out.append(line)
    if len(problems) > SHOWN:
        out.append(f"- … and {len(problems) - SHOWN} more")
    if audience != "leadership":
        out += ["", "Staff edition: the messages are left out here, as they may quote a value."]
    return "\n".join(out) + "\n"
