"""The code printed on agreements (generator/records/paper.py): its text, and what is not ours."""

from __future__ import annotations

import pytest

from generator.records.paper import Stamp, parse_stamp

VERSION = "550790fc171483177a7dbad81c3bdd610ec8ab7e57d0647c1a359356c7e8453a"
COMMIT = "37d3f2b307cb2eb5920482fb53b51f5c3dead87e"


def test_the_text_is_format_1_in_capitals_and_reads_back() -> None:
    stamp = Stamp("it-opex-digital-boards-sla", VERSION, COMMIT)
    assert stamp.text() == (
        f"OPEX:1 A:IT-OPEX-DIGITAL-BOARDS-SLA V:{VERSION.upper()} C:{COMMIT.upper()}"
    )
    assert parse_stamp(stamp.text()) == stamp
    assert parse_stamp(stamp.text().lower()) == stamp  # small letters read as well
    without = Stamp("x", VERSION)
    assert without.text() == f"OPEX:1 A:X V:{VERSION.upper()}"
    assert parse_stamp(without.text()) == without
    assert parse_stamp(f"OPEX:2 A:X V:{VERSION}") == Stamp("x", VERSION, None, scheme=2)


@pytest.mark.parametrize(
    "text",
    [
        "https://example.com/",
        f"OPEX:1 A:X V:{VERSION[:12]}",  # the 12 digits shown are not enough
        f"OPEX:1 A:X V:{VERSION} C:{COMMIT[:12]}",
        f"OPEX:1 A:X_Y V:{VERSION}",
        f"OPEX:1 A:X V:{VERSION} extra",
        f"OPEX:1 A:-X V:{VERSION}",
    ],
)
def test_other_codes_are_not_ours(text: str) -> None:
    assert parse_stamp(text) is None
