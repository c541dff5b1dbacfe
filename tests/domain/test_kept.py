"""Work kept between the preview's saves: per record, and the figures made from every record."""

from __future__ import annotations

from dataclasses import dataclass

from generator.domain.kept import per_record, same, unless_changed


@dataclass(frozen=True)
class Rec:
    id: str
    title: str
    score: float


def test_a_record_made_again_to_the_same_value_gives_back_the_earlier_object() -> None:
    memo: dict[int, object] = {}
    made: list[str] = []

    def card(r: Rec) -> tuple[str, float]:
        made.append(r.id)
        return (r.id, r.score)

    a, b = Rec("a", "Head", 2.0), Rec("b", "Lead", 3.0)
    first = per_record(memo, [a, b], "as-of", card)
    assert made == ["a", "b"]
    retitled = Rec("a", "Acting head", 2.0)  # its file changed; its card did not
    second = per_record(memo, [retitled, b], "as-of", card)
    assert made == ["a", "b", "a"]
    assert second[0] is first[0] and second[1] is first[1]
    rescored = Rec("a", "Acting head", -0.0)
    third = per_record(memo, [rescored, b], "as-of", card)
    assert third[0] == ("a", -0.0) and third[0] is not first[0]
    # Another setting (another as-of date): every record made again, nothing taken over.
    fourth = per_record(memo, [rescored, b], "later", card)
    assert made[-2:] == ["a", "b"] and fourth[1] is not first[1]


def test_a_figure_is_made_again_only_when_its_inputs_are_not_the_same() -> None:
    memo: dict[str, object] = {}
    cards = [object(), object()]
    calls = []

    def make() -> list[int]:
        calls.append(1)
        return [len(calls)]

    first = unless_changed(memo, "trend", ("2026-11-22", 3, cards), make)
    assert unless_changed(memo, "trend", ("2026-11-22", 3, list(cards)), make) is first
    assert len(calls) == 1
    # An equal but other object is not the same input: the figure is made again.
    again = unless_changed(memo, "trend", ("2026-11-22", 3, [cards[0], object()]), make)
    assert again is not first and len(calls) == 2
    assert unless_changed(memo, "trend", ("2026-11-22", 4, [cards[0], object()]), make) == [3]
    assert unless_changed(None, "trend", (), make) == [4]


def test_inputs_are_the_same_by_type_and_printed_value() -> None:
    assert same((1, "a", None, [2.5]), (1, "a", None, [2.5]))
    assert not same((1,), (1.0,))
    assert not same((True,), (1,))
    assert not same((0.0,), (-0.0,))
    assert not same(([1],), ([1, 2],))
    assert not same(({"a": 1},), ({"a": 1},))  # not the very dict
