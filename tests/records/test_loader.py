"""The strict YAML loader: YAML 1.2 scalars, refusals, limits, and no crash on any input."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import ContentError
from generator.records import fields, yamlload
from generator.records.catalogue import load_catalogue
from generator.records.yamlload import Scalar, YamlError, load, resolve_plain
from tests.support.paths import DATA, REPO
from tests.support.yaml_strategies import BLOCKISH, DUMPED, EDITED

# --------------------------------------------------------------------------- YAML 1.2 scalars


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NO", "NO"),
        ("on", "on"),
        ("yes", "yes"),
        ("Off", "Off"),
        ("1:30", "1:30"),
        ("2025-03-01", "2025-03-01"),
        ("0x", "0x"),
        ("", None),
        ("~", None),
        ("null", None),
        ("true", Scalar("true", True)),
        ("False", Scalar("False", False)),
        ("0755", Scalar("0755", 755)),
        ("0o17", Scalar("0o17", 15)),
        ("0x1F", Scalar("0x1F", 31)),
        ("-12", Scalar("-12", -12)),
        ("1e3", Scalar("1e3", 1000.0)),
        (".5", Scalar(".5", 0.5)),
        ("-.inf", Scalar("-.inf", float("-inf"))),
    ],
)
def test_plain_scalars_follow_yaml_1_2(text: str, expected: object) -> None:
    assert repr(resolve_plain(text)) == repr(expected)
    if isinstance(expected, Scalar):
        assert resolve_plain(text) == text  # a Scalar is the text as written


def test_quoted_scalars_are_always_text() -> None:
    data, _ = load("a: 'true'\nb: \"0755\"\nc: |\n  12\n")
    assert data == {"a": "true", "b": "0755", "c": "12\n"}


def test_a_number_too_long_for_python_stays_text() -> None:
    digits = "1" * 5000
    assert load(f"a: {digits}\n")[0] == {"a": digits}


def test_positions_of_keys_and_items() -> None:
    _, positions = load("a:\n  - x\n  - {b: 1}\n", track=True)
    assert positions == {
        (): (1, 1),
        ("a",): (1, 1),
        ("a", 0): (2, 5),
        ("a", 1): (3, 5),
        ("a", 1, "b"): (3, 6),
    }


def test_text_fields_keep_what_was_written(scratch_project: Path) -> None:
    leader = scratch_project / "content/leaders/dan-lee.yaml"
    leader.write_text(
        "name: NO\ntitle: on\nfunction: operations\ngroup: operational\nlevel: middle\n"
        "organisation: 0755\nemail: 1:30\n"
    )
    dan = load_catalogue(scratch_project).leaders["dan-lee"]
    assert (dan.name, dan.title, dan.organisation, dan.email) == ("NO", "on", "0755", "1:30")


def test_numbers_and_booleans_from_plain_scalars(scratch_project: Path) -> None:
    cat = load_catalogue(scratch_project)
    kpi = cat.initiatives["faster-picking"].kpis[0]
    assert (kpi.baseline, kpi.target, kpi.actuals[0].value) == (42, 60, 44.5)
    assert cat.partners["acme-logistics"].virtual is True
    assert cat.modules["sales-plans"].duration_hours == 1.5


# --------------------------------------------------------------------------- refusals and limits


@pytest.mark.parametrize(
    ("data", "message", "line", "col"),
    [
        ("a: 1\na: 2\n", "duplicate key 'a'", 2, 1),
        ("a: &x 1\n", "anchors (&x) are not allowed; write the value out in full", 1, 4),
        ("a: *x\n", "aliases (*x) are not allowed; write the value out in full", 1, 4),
        ("<<: {a: 1}\n", "merge keys (<<) are not allowed; write the fields out in full", 1, 1),
        (
            "a: !!str 1\n",
            "tags (tag:yaml.org,2002:str) are not allowed; write plain YAML values",
            1,
            4,
        ),
        ("a: !x 1\n", "tags (!x) are not allowed; write plain YAML values", 1, 4),
        ("? [a]\n: 1\n", "mapping keys must be plain text", 1, 3),
        ("a: 1\n---\nb: 2\n", "only one YAML document per file (remove '---')", 2, 1),
        (
            "a: 'x\n",
            "YAML syntax: while scanning a quoted scalar: found unexpected end of stream",
            2,
            1,
        ),
        ("a: é\x07\n", "character U+0007 is not allowed: control characters are not allowed", 1, 5),
    ],
)
def test_refused(data: str, message: str, line: int, col: int) -> None:
    with pytest.raises(YamlError) as caught:
        load(data.encode())
    assert (caught.value.message, caught.value.line, caught.value.col) == (message, line, col)


def test_invalid_utf8_is_placed() -> None:
    with pytest.raises(YamlError) as caught:
        load(b"a: 1\nb: caf\xe9\n")
    assert (str(caught.value), caught.value.line, caught.value.col) == (
        "not valid UTF-8 (byte 0xe9); save the file as UTF-8", 2, 7,
    )  # fmt: skip


def test_byte_order_mark_is_allowed() -> None:
    assert load(b"\xef\xbb\xbfa: b\n")[0] == {"a": "b"}


def test_size_limit() -> None:
    assert load(b"#" * (yamlload.MAX_BYTES - 1) + b"\n")[0] is None
    with pytest.raises(YamlError, match=r"^file is 524,289 bytes; the limit is 524,288 bytes$"):
        load(b"#" * yamlload.MAX_BYTES + b"\n")


@pytest.mark.parametrize(
    ("opener", "message", "cols"),
    [
        # Flow collections: libyaml since PyYAML 6.0.4 stops at its own limit of 1,000 levels
        # while scanning ahead (column 1001); older builds deliver the events and ours stops.
        ("[", "nested deeper than 24 levels", {25, 1001}),
        ("{", "nested deeper than 24 levels", {1001}),
        ("{a: ", "nested deeper than 24 levels", {97}),
        ("- ", "nested deeper than 24 levels", {49}),
    ],
)
def test_100000_deep_nesting_is_a_clean_error(opener: str, message: str, cols: set[int]) -> None:
    with pytest.raises(YamlError) as caught:
        load((opener * 100_000).encode())
    assert (caught.value.message, caught.value.line) == (message, 1)
    assert caught.value.col in cols


def test_nesting_up_to_the_limit_is_fine() -> None:
    depth = yamlload.MAX_DEPTH
    assert load("[" * depth + "]" * depth)[0] is not None
    with pytest.raises(YamlError, match="nested deeper than 24 levels"):
        load("[" * (depth + 1) + "]" * (depth + 1))


# --------------------------------------------------------------------------- any input


YAMLISH = st.text(
    alphabet=st.sampled_from(list("[]{}:,-?&*!|>'\"#%@`<\n\t .~01eE+xo_aAé\ufeff\x00\x07")),
    max_size=200,
)


@settings(deadline=None)
@given(st.one_of(st.text(max_size=300), YAMLISH))
def test_any_text_loads_or_is_a_yaml_error(text: str) -> None:
    try:
        load(text, track=True)
    except YamlError as exc:
        assert exc.line >= 0 and exc.col >= 0


@settings(deadline=None)
@given(st.one_of(st.binary(max_size=300), YAMLISH.map(lambda t: t.encode("utf-8"))))
def test_any_bytes_load_or_are_a_yaml_error(data: bytes) -> None:
    try:
        load(data, track=True)
    except YamlError as exc:
        assert exc.line >= 0 and exc.col >= 0


# --------------------------------------------------------------------------- the C fast path


def test_the_fast_path_is_built() -> None:
    """The install compiles it (Debian's libyaml-dev); the validation figures depend on it."""
    assert yamlload._fastyaml is not None


def _both_paths(text: str) -> tuple[object, object]:
    """(fast, slow): each path's (data, positions), NotImplemented where the fast path declines
    and the YamlError where the Python path refuses."""
    positions: yamlload.Positions = {}
    utf8 = text.removeprefix("\ufeff").encode("utf-8", "surrogatepass")  # as load() does
    fast = yamlload._fastyaml.parse(utf8, yamlload.MAX_DEPTH, Scalar, positions)
    slow_positions: yamlload.Positions = {}
    try:
        slow: object = (yamlload._build(text, slow_positions, True), slow_positions)
    except Exception as exc:  # noqa: BLE001 - what matters is that the fast path declined
        slow = exc
    return (fast if fast is NotImplemented else (fast, positions)), slow


NUMBERISH = st.lists(
    st.text(alphabet=list("0123456789+-.eExoabcdfinINaAFtTrRuUlLsS~"), min_size=1, max_size=12),
    max_size=6,
).map(lambda items: "".join(f"- {item}\n" for item in items))
"""Plain scalars that may or may not be numbers, booleans or nulls, one per list item."""


@settings(deadline=None, max_examples=400)
@given(st.one_of(st.text(max_size=300), YAMLISH, NUMBERISH))
def test_the_fast_path_builds_what_the_python_path_builds(text: str) -> None:
    fast, slow = _both_paths(text)
    if isinstance(slow, Exception):
        assert fast is NotImplemented  # every refusal is worded by the Python path
    elif fast is not NotImplemented:  # repr: NaN is not equal to itself
        assert repr(fast) == repr(slow)


@pytest.mark.parametrize(
    "path",
    sorted((REPO / "content").rglob("*.yaml")) + sorted((DATA / "valid").rglob("*.yaml")),
    ids=lambda p: p.name,
)
def test_the_fast_path_takes_every_valid_record(path: Path) -> None:
    fast, slow = _both_paths(path.read_text(encoding="utf-8"))
    assert fast is not NotImplemented
    assert repr(fast) == repr(slow)


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\n",
        "a: *x\n",
        "a: !!str 1\n",
        "a: ! 1\n",
        "a: 1\na: 2\n",
        "<<: {a: 1}\n",
        "? [a]\n: 1\n",
        "a: 1\n---\nb: 2\n",
        "a: [\n",
        "a: 'x\n",
        "- \x07\n",
        "[" * 25 + "]" * 25,
    ],
)
def test_the_fast_path_declines_what_needs_a_message(text: str) -> None:
    fast, _slow = _both_paths(text)
    assert fast is NotImplemented


# --------------------------------------------------------------------------- one parser: libyaml

# Record files as people and tools write them (generated block documents, PyYAML dumps, edited
# dumps): the C glue must build from libyaml's events exactly what the Python path builds.


@pytest.mark.slow
@settings(deadline=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(BLOCKISH, DUMPED, EDITED))
def test_the_fast_path_builds_what_the_python_path_builds_from_record_like_yaml(
    text: str,
) -> None:
    fast, slow = _both_paths(text)
    if isinstance(slow, Exception):
        assert fast is NotImplemented
    elif fast is not NotImplemented:
        assert repr(fast) == repr(slow)  # repr: NaN is not equal to itself


def test_the_fast_path_takes_every_synthetic_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The benchmark's organisation is written the way PyYAML dumps: all of it takes the fast
    path, so the validation figures measure the fast path."""
    spec = importlib.util.spec_from_file_location("synth", REPO / "benchmarks" / "synth.py")
    assert spec is not None and spec.loader is not None
    synth = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "synth", synth)
    spec.loader.exec_module(synth)
    synth.generate(tmp_path, 60, seed=3)
    files = sorted((tmp_path / "content").rglob("*.yaml"))
    assert len(files) >= 50
    for path in files:
        fast, slow = _both_paths(path.read_text(encoding="utf-8"))
        assert fast is not NotImplemented, path.name
        assert repr(fast) == repr(slow), path.name


def test_there_is_no_second_parser() -> None:
    """libyaml reads every file; the C extension only turns its events into data."""
    assert not hasattr(yamlload._fastyaml, "parse_block")


@pytest.mark.parametrize(
    ("text", "message", "line", "col"),
    [
        ("a: ! 1\n", "tags (!) are not allowed; write plain YAML values", 1, 4),
        ("a: !t 1\n", "tags (!t) are not allowed; write plain YAML values", 1, 4),
        ("- ! x\n", "tags (!) are not allowed; write plain YAML values", 1, 3),
    ],
)
def test_a_bare_tag_is_an_error_like_every_other_tag(
    text: str, message: str, line: int, col: int
) -> None:
    with pytest.raises(YamlError) as info:
        load(text)
    assert (info.value.message, info.value.line, info.value.col) == (message, line, col)


def test_a_long_flow_mapping_key_is_refused_as_libyaml_refuses_it() -> None:
    """libyaml allows an implicit key of at most 1,024 characters; so do we (the old block
    reader accepted longer ones)."""
    assert load("{" + "k" * 1000 + ": 1}\n")[0] == {"k" * 1000: Scalar("1", 1)}
    with pytest.raises(YamlError) as info:
        load("{" + "k" * 1030 + ": 1}\n")
    assert info.value.message.startswith("YAML syntax: ")
    assert info.value.line == 1


# --------------------------------------------------------------------------- field checks in C

FIELD_VALUES = st.one_of(
    st.text(alphabet=list("0123456789+-.eExoTtrufalsFAL~:"), max_size=12).map(resolve_plain),
    st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", fullmatch=True),
    st.dates().map(str),
    st.text(max_size=12),
    st.sampled_from([None, [], {}, "２０２５-０１-０１", Scalar("1", True)]),
)


@settings(deadline=None, max_examples=400)
@given(FIELD_VALUES)
def test_the_field_checks_in_c_answer_as_python_does(value: object) -> None:
    for fast, slow in [
        (fields._check_int, fields._int),
        (fields._check_number, fields._number),
        (fields._check_bool, fields._bool),
        (fields._check_date, fields._date),
    ]:
        assert fast is not slow  # the C extension is built
        outcomes = []
        for check in (fast, slow):
            try:
                outcomes.append(repr(check(value)))
            except ValueError as exc:
                outcomes.append(f"ValueError: {exc}")
        assert outcomes[0] == outcomes[1]


@pytest.fixture(scope="module")
def fuzz_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz") / "project"
    shutil.copytree(DATA / "valid", root)
    return root


RECORD_FILES = [
    "content/leaders/fuzz.yaml",
    "content/partners/fuzz.yaml",
    "content/agreements/fuzz.yaml",
    "content/initiatives/fuzz.yaml",
    "content/objectives/fuzz.yaml",
    "content/strategy.yaml",
    "playbooks/fuzz.md",
]

FRONT_MATTERISH = YAMLISH.map(lambda t: f"---\n{t}\n---\nbody\n".encode())


@settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(
    where=st.sampled_from(RECORD_FILES),
    data=st.one_of(st.binary(max_size=300), YAMLISH.map(lambda t: t.encode()), FRONT_MATTERISH),
)
def test_any_record_file_gives_a_catalogue_or_a_content_error(
    fuzz_project: Path, where: str, data: bytes
) -> None:
    path = fuzz_project / where
    original = path.read_bytes() if path.exists() else None
    path.write_bytes(data)
    try:
        load_catalogue(fuzz_project)
    except ContentError as exc:
        assert exc.problems
    finally:
        if original is None:
            path.unlink()
        else:
            path.write_bytes(original)
