"""Strict YAML reading: stage 1 of the pipeline.

What a record file may contain is a small, safe subset of YAML:

* scalars keep their YAML 1.2 meaning: only ``true``/``false`` are booleans and only plain
  decimal, ``0o``/``0x`` and float spellings are numbers.  ``NO``, ``on``, ``1:30`` and ``0755``
  are never silently converted: a plain scalar that *could* be a number or boolean arrives as a
  :class:`Scalar` holding both the text written and the value, and the record model decides
  (a text field gets the text, a number field the number);
* duplicate keys, anchors, aliases, merge keys and tags are errors;
* files are capped in size and nesting depth.

Parsing uses libyaml's event stream (``CParser``) when available and builds the data
iteratively, so arbitrary bytes -- a 100,000-deep ``[[[[`` or invalid UTF-8 -- end in a
:class:`YamlError`, never a crash or ``RecursionError``.

Most files are acceptable, so they take a fast path first: the C extension
:mod:`generator.records._fastyaml` builds the same data straight from libyaml's C events.  It declines
anything this module refuses or reports (``NotImplemented``); such a file is parsed again here,
so every message and position comes from one place.  libyaml is the only parser: the C
extension is glue from its events to plain data, never a second reader of the text.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

try:  # libyaml-backed parser: same events, several times faster
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

try:  # compiled at install time when libyaml's headers are there (Debian: libyaml-dev)
    from generator.records import _fastyaml
except ImportError:  # pragma: no cover - the pure-Python path below does the same, slower
    _fastyaml = None  # type: ignore[assignment]

MAX_BYTES = 512 * 1024
"""Largest record file accepted, in bytes."""
MAX_DEPTH = 24
"""Deepest nesting of mappings and sequences accepted."""

Path = tuple[str | int, ...]
Positions = dict[Path, tuple[int, int]]

_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+\Z")
_INT_OCT = re.compile(r"0o[0-7]+\Z")
_INT_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_FLOAT_SPECIAL = {
    ".inf": float("inf"), ".Inf": float("inf"), ".INF": float("inf"),
    "+.inf": float("inf"), "+.Inf": float("inf"), "+.INF": float("inf"),
    "-.inf": float("-inf"), "-.Inf": float("-inf"), "-.INF": float("-inf"),
    ".nan": float("nan"), ".NaN": float("nan"), ".NAN": float("nan"),
}  # fmt: skip


class Scalar(str):
    """A plain (unquoted) scalar that YAML 1.2 reads as a boolean or a number.

    It is the text exactly as written (a ``str``, so a text field takes it as it is, with no
    conversion) and knows its YAML 1.2 core-schema reading as ``value``, which a number or
    boolean field takes.  Equality and hashing are those of the text.
    """

    value: bool | int | float

    def __new__(cls, text: str, value: bool | int | float) -> Scalar:
        self = super().__new__(cls, text)
        self.value = value
        return self

    @property
    def text(self) -> str:
        """The text as written, as a plain ``str``."""
        return str.__str__(self)

    def __repr__(self) -> str:
        return f"Scalar({self.text!r}, {self.value!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Scalar, (self.text, self.value))


class YamlError(Exception):
    """A file that is not acceptable YAML; ``line``/``col`` are 1-based (0 = whole file)."""

    def __init__(self, message: str, line: int = 0, col: int = 0):
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col


def resolve_plain(text: str) -> Any:
    """The YAML 1.2 core-schema reading of a plain scalar: None, a :class:`Scalar` or the text."""
    if text in _NULL:
        return None
    first = text[0]
    if first in "tTfF":
        return Scalar(text, _BOOL[text]) if text in _BOOL else text
    if not (first.isdigit() or first in "+-."):
        return text  # fast path: most text cannot be a number or boolean
    if _INT.match(text):
        try:
            return Scalar(text, int(text))
        except ValueError:  # more digits than Python converts (sys.get_int_max_str_digits())
            return text
    if _INT_OCT.match(text):
        return Scalar(text, int(text[2:], 8))
    if _INT_HEX.match(text):
        return Scalar(text, int(text[2:], 16))
    if text in _FLOAT_SPECIAL:
        return Scalar(text, _FLOAT_SPECIAL[text])
    if _FLOAT.match(text):
        return Scalar(text, float(text))
    return text


def decode(data: bytes) -> str:
    """Decode a record file as UTF-8 (a leading BOM is allowed), or raise :class:`YamlError`."""
    if len(data) > MAX_BYTES:
        raise YamlError(f"file is {len(data):,} bytes; the limit is {MAX_BYTES:,} bytes")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8", line, col
        ) from None
    return text.removeprefix("\ufeff")


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _mark(event: Any) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)


def _reject_extras(event: Any) -> None:
    if event.anchor is not None:
        raise YamlError(
            f"anchors (&{event.anchor}) are not allowed; write the value out in full", *_mark(event)
        )
    tag = getattr(event, "tag", None)
    if tag is not None:
        raise YamlError(f"tags ({tag}) are not allowed; write plain YAML values", *_mark(event))


def load(data: bytes | str, *, track: bool = False) -> tuple[Any, Positions]:
    """Parse one YAML document strictly.

    Returns the data (dicts, lists, str, None and :class:`Scalar`) and, when ``track`` is set,
    the position of every mapping key and sequence item by its path (empty otherwise).
    """
    text = decode(data) if isinstance(data, bytes) else data
    positions: Positions = {}
    if _fastyaml is not None:
        utf8 = (
            data.removeprefix(b"\xef\xbb\xbf")
            if isinstance(data, bytes)
            # a lone surrogate makes invalid UTF-8, which libyaml declines
            else text.removeprefix("\ufeff").encode("utf-8", "surrogatepass")
        )
        fast = _fastyaml.parse(utf8, MAX_DEPTH, Scalar, positions if track else None)
        if fast is not NotImplemented:
            return fast, positions
        positions.clear()
    try:
        return _build(text, positions, track), positions
    except yaml.reader.ReaderError as exc:
        offset = exc.position
        if _Loader is not yaml.SafeLoader:  # libyaml counts bytes of the UTF-8 text
            offset = len(text.encode("utf-8")[:offset].decode("utf-8", "ignore"))
        line, col = _line_col(text, offset)
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise YamlError(f"character U+{code:04X} is not allowed: {exc.reason}", line, col) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        context = getattr(exc, "context", None)
        message = f"{context}: {problem}" if context else str(problem)
        if "maximum nesting depth" in message and mark is not None:
            # Newer libyaml stops a deep flow collection ([[[[ or {{{{) while scanning ahead,
            # before the events that would reach MAX_DEPTH: same problem, same words.
            raise YamlError(
                f"nested deeper than {MAX_DEPTH} levels", mark.line + 1, mark.column + 1
            ) from None
        if mark is not None:
            raise YamlError(f"YAML syntax: {message}", mark.line + 1, mark.column + 1) from None
        raise YamlError(f"YAML syntax: {message}") from None


def _build(text: str, positions: Positions, track: bool) -> Any:
    """Build the data from libyaml's events, iteratively (no recursion, so no depth crash).

    This is the hot loop of validation: scalars are handled first and paths are only made
    when positions are tracked.
    """
    loader = _Loader(text)
    get_event = loader.get_event
    scalar_event, mapping_start, sequence_start = (
        yaml.ScalarEvent,
        yaml.MappingStartEvent,
        yaml.SequenceStartEvent,
    )
    mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    try:
        # Stack of open containers: [container, path (when tracking), pending key (mappings)].
        stack: list[list[Any]] = []
        root: Any = None
        documents = 0
        while True:
            event = get_event()
            if event is None:
                break
            cls = type(event)
            if cls is scalar_event:
                if event.anchor is not None or event.tag is not None:
                    _reject_extras(event)
                raw = event.value
                if stack:
                    frame = stack[-1]
                    parent = frame[0]
                    if type(parent) is dict:
                        key = frame[2]
                        if key is None:  # this scalar is a key
                            if raw in parent:
                                raise YamlError(f"duplicate key '{raw}'", *_mark(event))
                            if raw == "<<" and not event.style:
                                raise YamlError(
                                    "merge keys (<<) are not allowed; write the fields out in full",
                                    *_mark(event),
                                )
                            frame[2] = raw
                            if track:
                                positions[(*frame[1], raw)] = _mark(event)
                            continue
                        parent[key] = (
                            resolve_plain(raw) if not event.style and event.implicit[0] else raw
                        )
                        frame[2] = None
                    else:
                        if track:
                            positions[(*frame[1], len(parent))] = _mark(event)
                        parent.append(
                            resolve_plain(raw) if not event.style and event.implicit[0] else raw
                        )
                else:
                    root = resolve_plain(raw) if not event.style and event.implicit[0] else raw
                    if track:
                        positions[()] = _mark(event)
                continue
            if cls is mapping_end or cls is sequence_end:
                stack.pop()
                continue
            if cls is mapping_start or cls is sequence_start:
                if event.anchor is not None or event.tag is not None:
                    _reject_extras(event)
                value: Any = {} if cls is mapping_start else []
                path: Path | None = None
                if stack:
                    frame = stack[-1]
                    parent = frame[0]
                    if type(parent) is dict:
                        key = frame[2]
                        if key is None:
                            raise YamlError("mapping keys must be plain text", *_mark(event))
                        parent[key] = value
                        frame[2] = None
                        if track:
                            path = (*frame[1], key)
                    else:
                        if track:
                            path = (*frame[1], len(parent))
                            positions[path] = _mark(event)
                        parent.append(value)
                    if len(stack) >= MAX_DEPTH:
                        raise YamlError(f"nested deeper than {MAX_DEPTH} levels", *_mark(event))
                else:
                    root = value
                    if track:
                        path = ()
                        positions[path] = _mark(event)
                stack.append([value, path, None])
                continue
            if cls is yaml.AliasEvent:
                raise YamlError(
                    f"aliases (*{event.anchor}) are not allowed; write the value out in full",
                    *_mark(event),
                )
            if cls is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise YamlError("only one YAML document per file (remove '---')", *_mark(event))
        return root
    finally:
        loader.dispose()
