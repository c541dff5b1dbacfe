"""What the site's SVG drawings share: the namespace, how a coordinate is written, how a label
is wrapped or cut to the room it has."""

from __future__ import annotations

SVG_NS = "http://www.w3.org/2000/svg"


def coordinate(value: float) -> str:
    """A coordinate: rounded to one decimal, without a trailing ``.0``, never ``-0``."""
    rounded = round(value, 1) + 0.0
    if rounded == 0:
        return "0"
    text = f"{rounded:.1f}"
    return text[:-2] if text.endswith(".0") else text


def wrap_words(label: str, limit: int = 12) -> list[str]:
    """Split a label at spaces into lines of at most ``limit`` characters (words never split)."""
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= limit:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def fit(text: str, width: float, size: float, char_width: float) -> str:
    """``text`` cut with "…" so that it takes at most ``width`` units at font ``size`` (glyphs
    ``char_width`` of the size wide on average)."""
    room = int(width / (size * char_width))
    text = " ".join(text.split())
    if len(text) <= room:
        return text
    return text[: max(1, room - 1)].rstrip() + "…"
