"""The one way every face gets its settings: MkDocs' own loading of ``mkdocs.yml``.

:func:`load_config` runs :func:`mkdocs.config.load_config` -- so ``INHERIT``, ``!ENV`` and
MkDocs' validation of every option (ours included, through
:class:`~generator.config.options.OpexPluginConfig`) apply -- and turns whatever it refuses into
one :class:`~generator.errors.ConfigError` naming each option, with its line where the file has
it.  :func:`settings_from` makes the :class:`~generator.config.settings.Settings` of a loaded
configuration, with the command line's ``--as-of`` and ``--audience`` on top;
:func:`load_settings` does both.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import logging
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from generator import clock
from generator.config.options import AUDIENCES, BY_NAME, OPTIONS, parse_date
from generator.config.settings import Settings
from generator.errors import ConfigError

CONFIG_FILE = "mkdocs.yml"
PLUGIN = "opex"

_PLUGIN_MESSAGE = re.compile(r"Plugin 'opex' option '([^']+)': (.*)", re.S)
_CONFIG_VALUE = re.compile(r"Config value '([^']+)': (.*)", re.S)


class _Collect(logging.Handler):
    """Keeps what MkDocs logs while it loads a configuration."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        (self.errors if record.levelno >= logging.ERROR else self.warnings).append(
            record.getMessage()
        )


@contextlib.contextmanager
def _collected() -> Iterator[_Collect]:
    handler = _Collect()
    logger = logging.getLogger("mkdocs.config")
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


_TIMESTAMP = "tag:yaml.org,2002:timestamp"


@contextlib.contextmanager
def _lenient_dates() -> Iterator[None]:
    """While MkDocs reads mkdocs.yml, an unquoted value that YAML takes for a date but that is
    no calendar date (``as_of: 2026-13-01``) stays the text written, so the option's own check
    words the problem beside every other one (PyYAML would stop the whole reading with a
    ``ValueError``).  MkDocs' reader is a subclass of ``yaml.Loader``, made anew each time from
    that class's table of constructors: the entry is swapped for the reading only."""
    table = yaml.Loader.yaml_constructors
    strict = table[_TIMESTAMP]

    def lenient(loader: Any, node: Any) -> Any:
        try:
            return strict(loader, node)
        except ValueError:
            return loader.construct_scalar(node)

    table[_TIMESTAMP] = lenient
    try:
        yield
    finally:
        table[_TIMESTAMP] = strict


def find_config(root: Path | str) -> Path:
    """``mkdocs.yml`` of the project at ``root``; :class:`ConfigError` when there is none."""
    path = Path(root) / CONFIG_FILE
    if not path.is_file():
        raise ConfigError(f"{path}: not found; run opex inside a project (or pass --root)")
    return path


def load_config(config_file: Path | str, **overrides: Any) -> Any:
    """The MkDocs configuration of ``config_file``, validated by MkDocs (``overrides`` as for
    :func:`mkdocs.config.load_config`, e.g. ``site_dir``).

    Raises :class:`ConfigError` listing every problem: the file's YAML, MkDocs' options, and
    every ``opex`` option (unknown ones included, with a suggestion).
    """
    from mkdocs import exceptions
    from mkdocs.config import load_config as mkdocs_load_config

    path = Path(config_file)
    with _collected() as log, _lenient_dates():
        try:
            config = mkdocs_load_config(str(path), **overrides)
        except exceptions.MkDocsException as exc:
            # A file MkDocs cannot read at all (YAML syntax, a missing INHERIT parent) or one
            # with errors, logged one by one before the abort.
            if not log.errors:
                log.errors.append(str(exc))
            config = None

    errors = log.errors
    if any("Plugin 'opex' option" in m for m in errors):
        # MkDocs stops at the first bad option of a plugin: every one is checked here, with
        # the same checks, so a run reports them all.
        errors = [m for m in errors if "Plugin 'opex' option" not in m] + _every_option(path)
    problems = [line for m in errors for line in _located(path, m).split("\n")] + _plugin_warnings(
        path, log.warnings
    )
    problems.sort(key=_place)
    if config is not None and not problems and PLUGIN not in config.plugins:
        problems.append(f"{path.name}: the opex plugin is not listed under plugins:")
    if problems:
        raise ConfigError(problems)
    return config


def _place(problem: str) -> tuple[int, int]:
    """Where a problem is in the file, to list them in the file's order (unplaced ones first)."""
    match = re.match(r"[^:]+:(\d+):(\d+): ", problem)
    return (int(match.group(1)), int(match.group(2))) if match else (0, 0)


def _every_option(path: Path) -> list[str]:
    """Every bad ``opex`` option of ``path`` (INHERIT and !ENV as MkDocs reads them), worded
    as MkDocs words a plugin's option."""
    from mkdocs.config import config_options as c
    from mkdocs.utils.yaml import yaml_load

    with _lenient_dates(), path.open("rb") as fh:
        data = yaml_load(fh) or {}
    entries = data.get("plugins") or []
    raw: Any = {}
    if isinstance(entries, dict):
        raw = entries.get(PLUGIN) or {}
    else:
        for entry in entries:
            if isinstance(entry, dict) and PLUGIN in entry:
                raw = entry[PLUGIN] or {}
    out = []
    for option in OPTIONS:
        check = option.make()
        try:
            check.validate(raw.get(option.name, check.default) if isinstance(raw, dict) else None)
        except c.ValidationError as exc:
            out.append(f"Config value 'plugins': Plugin 'opex' option '{option.name}': {exc}")
    return out


def _plugin_warnings(path: Path, warnings: list[str]) -> list[str]:
    """Unknown ``opex`` options: MkDocs warns about them; here they are errors (a misspelt
    option would otherwise be ignored in silence)."""
    out = []
    for message in warnings:
        for line in _lines(message):
            match = _PLUGIN_MESSAGE.match(line)
            if match and "Unrecognised configuration name" in match.group(2):
                name = match.group(1)
                close = difflib.get_close_matches(name, BY_NAME, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                out.append(
                    _where(path, name) + f"unknown option{hint}; known: {', '.join(BY_NAME)}"
                )
    return out


def _lines(message: str) -> list[str]:
    value = _CONFIG_VALUE.match(message)
    text = value.group(2) if value and value.group(1) == "plugins" else message
    # MkDocs joins the errors of one plugin with newlines, each starting "Plugin '...'".
    return [m.strip() for m in re.split(r"\n(?=Plugin ')", text)]


def _located(path: Path, message: str) -> str:
    """One MkDocs message as ours: ``mkdocs.yml:12:7: plugins.opex.as_of: ...``."""
    out = []
    for line in _lines(message):
        match = _PLUGIN_MESSAGE.match(line)
        if match is None:
            value = _CONFIG_VALUE.match(line)
            out.append(
                f"{path.name}: {value.group(1)}: {value.group(2)}"
                if value
                else f"{path.name}: {line}"
            )
            continue
        name, text = match.groups()
        parts = text.split("\n")
        if name == "scoring":  # Weights.from_config names each key itself
            out.extend(_where(path, name, p.split(":", 1)[0]) + p.split(": ", 1)[1] for p in parts)
        elif name == "review_cadence_days":
            out.extend(_where(path, name, f"plugins.opex.{name}.{p.split(':', 1)[0]}") + p.split(": ", 1)[1] for p in parts)  # fmt: skip
        elif name == "staff_shows":
            out.extend(_item(path, name, p) for p in parts)
        else:
            out.extend(_where(path, name) + p for p in parts)
    return "\n".join(out)


def _item(path: Path, option: str, problem: str) -> str:
    """A problem with one item of a list option (``"2: 'x' is not ..."``), placed at the item:
    ``mkdocs.yml:LINE:COL: plugins.opex.OPTION[2]: 'x' is not ...``."""
    index, sep, text = problem.partition(": ")
    if not (sep and index.isdigit()):
        return _where(path, option) + problem
    return _where(path, option, f"plugins.opex.{option}[{index}]", [int(index)]) + text


def _where(
    path: Path, option: str, field: str | None = None, deeper: list[str | int] | None = None
) -> str:
    """``mkdocs.yml:LINE:COL: plugins.opex.OPTION: `` (the line where the file sets it)."""
    field = field or f"plugins.opex.{option}"
    line, col = _position(path, option, field.split(".")[3:] if deeper is None else deeper)
    where = f"{path.name}:{line}:{col}" if line else path.name
    return f"{where}: {field}: "


def _position(path: Path, option: str, deeper: list[str | int]) -> tuple[int, int]:
    """Line and column of an ``opex`` option in ``path`` (0, 0 when not found, e.g. when it
    comes from an INHERIT parent or the environment)."""
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, yaml.YAMLError):
        return 0, 0
    node = _child(root, "plugins")
    if isinstance(node, yaml.SequenceNode):
        node = next((_child(i, PLUGIN) for i in node.value if _child(i, PLUGIN) is not None), None)
    else:
        node = _child(node, PLUGIN)
    found = None
    for key in [option, *deeper]:
        if isinstance(key, int):  # an item of a list
            items = node.value if isinstance(node, yaml.SequenceNode) else []
            found = node = items[key] if key < len(items) else None
        else:
            found = _key(node, key)
            node = _child(node, key)
        if found is None:
            break
    if found is None:
        return 0, 0
    return found.start_mark.line + 1, found.start_mark.column + 1


def _key(node: Any, key: str) -> Any:
    if isinstance(node, yaml.MappingNode):
        for k, _ in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return k
    return None


def _child(node: Any, key: str) -> Any:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return v
    return None


def settings_from(
    config: Any, *, as_of: dt.date | str | None = None, audience: str | None = None
) -> Settings:
    """The settings of a loaded configuration; ``as_of`` and ``audience`` (the command line's)
    win over the file's.  "Today" is ``as_of``, else the file's, else ``SOURCE_DATE_EPOCH``,
    else the current date."""
    options = config.plugins[PLUGIN].config
    if audience is not None and audience not in AUDIENCES:
        raise ConfigError(f"audience: '{audience}' is not one of: {', '.join(AUDIENCES)}")
    try:
        when = parse_date(as_of) if as_of is not None else options["as_of"]
    except ValueError as exc:
        raise ConfigError(f"as_of: {exc}") from None
    return Settings(
        root=Path(config.config_file_path).resolve().parent,
        as_of=clock.as_of(when),
        audience=audience or options["audience"],  # type: ignore[arg-type]
        content_dir=options["content_dir"],
        playbooks_dir=options["playbooks_dir"],
        templates_dir=options["templates_dir"],
        overrides_dir=options["overrides_dir"],
        scoring=dict(options["scoring"]),
        review_cadence_days=dict(options["review_cadence_days"]),
        countermeasure_days=options["countermeasure_days"],
        actual_grace_days=options["actual_grace_days"],
        pdf=options["pdf"],
        signed_copies=options["signed_copies"],
        edit_history=options["edit_history"],
        build_cache=options["build_cache"],
        portable=options["portable"],
        staff_shows=list(options["staff_shows"]),
        min_group_size=options["min_group_size"],
        docs_dir=_docs_dir(config),
        directory_urls=bool(config.use_directory_urls),
    )


def _docs_dir(config: Any) -> str:
    root = Path(config.config_file_path).resolve().parent
    docs = Path(config.docs_dir).resolve()
    return docs.relative_to(root).as_posix() if docs.is_relative_to(root) else str(docs)


def load_settings(
    root: Path | str,
    *,
    as_of: dt.date | str | None = None,
    audience: str | None = None,
    config_file: Path | str | None = None,
) -> Settings:
    """The settings of the project at ``root`` (its ``mkdocs.yml``, or ``config_file``)."""
    path = Path(config_file) if config_file is not None else find_config(root)
    return settings_from(load_config(path), as_of=as_of, audience=audience)


ENVIRONMENT = ("OPEX_AS_OF", "OPEX_AUDIENCE")
"""How ``opex serve`` hands its ``--as-of`` and ``--audience`` to the plugin, which MkDocs'
server loads anew on every rebuild."""


def environment_overrides() -> dict[str, str | None]:
    """``as_of`` and ``audience`` from :data:`ENVIRONMENT` (None where not set)."""
    return {
        "as_of": os.environ.get("OPEX_AS_OF") or None,
        "audience": os.environ.get("OPEX_AUDIENCE") or None,
    }


def project_root(start: Path | str | None = None) -> Path:
    """The project root: the nearest folder at or above ``start`` that holds ``mkdocs.yml``."""
    here = Path(start or os.getcwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    return here
