"""One side of a comparison, loaded and validated: a commit read from git, or the work tree."""

from __future__ import annotations

import dataclasses
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from generator.config.load import CONFIG_FILE, load_config
from generator.config.options import OPTIONS, default
from generator.errors import ConfigError, ContentError, Problem
from generator.records.catalogue import Catalogue, load_catalogue
from generator.review.git import _tree_files


@dataclass
class Side:
    """One side of the comparison, loaded and validated."""

    label: str
    """How the side is named in the output and in messages (a revision, or "work tree")."""
    commit: str | None
    """Full commit hash; None for the work tree."""
    catalogue: Catalogue
    options: dict[str, Any]
    """The ``opex`` plugin options of that side's mkdocs.yml."""


def _options(root: Path) -> dict[str, Any]:
    """The ``opex`` options of the side's ``mkdocs.yml``, as MkDocs loads and checks them
    (every option, defaults filled in); the defaults when the side has no usable one."""
    try:
        config = load_config(root / CONFIG_FILE)
    except ConfigError:
        return {option.name: default(option.name) for option in OPTIONS}
    return dict(config.plugins["opex"].config)


def _config_from_tree(root: Path, commit: str, scratch: Path) -> None:
    """Write a commit's ``mkdocs.yml`` (and the files it INHERITs) into ``scratch``, with its
    docs folder, so MkDocs can load it there as it would in a checkout of that commit."""
    name: str | None = CONFIG_FILE
    seen: set[str] = set()
    while name is not None and name not in seen:
        seen.add(name)
        data = _tree_files(root, commit, [name]).get(name)
        if data is None:
            return
        target = scratch / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        keys = _top_level_scalars(data)
        if name == CONFIG_FILE:
            (scratch / keys.get("docs_dir", "docs")).mkdir(parents=True, exist_ok=True)
        parent = keys.get("INHERIT")
        name = PurePosixPath(name).parent.joinpath(parent).as_posix() if parent else None


def _top_level_scalars(data: bytes) -> dict[str, str]:
    """The top-level plain values of a YAML mapping, read without constructing anything."""
    try:
        node = yaml.compose(data, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {
        k.value: v.value
        for k, v in node.value
        if isinstance(k, yaml.ScalarNode) and isinstance(v, yaml.ScalarNode)
    }


def _prefixed(problems: list[Problem], prefix: str) -> list[Problem]:
    return [dataclasses.replace(p, path=f"{prefix}{p.path}") for p in problems]


def load_side(root: Path, commit: str | None, label: str, prefix: str = "") -> Side:
    """Load one side: a commit (read from git) or, for ``commit=None``, the work tree.

    Problems of a commit's content are located as ``{prefix}content/...`` (git's ``REV:path``).
    """
    if commit is None:
        options = _options(root)
        cat = load_catalogue(
            root,
            content=options.get("content_dir", "content"),
            playbooks=options.get("playbooks_dir", "playbooks"),
        )
        return Side(label, None, cat, options)
    with tempfile.TemporaryDirectory(prefix="opex-diff-") as tmp:
        scratch = Path(tmp)
        _config_from_tree(root, commit, scratch)
        options = _options(scratch)
        content = options.get("content_dir", "content")
        playbooks = options.get("playbooks_dir", "playbooks")
        files = _tree_files(root, commit, [content, playbooks])
        for folder in sorted({(scratch / path).parent for path in files}):
            folder.mkdir(parents=True, exist_ok=True)
        for path, data in files.items():
            (scratch / path).write_bytes(data)
        try:
            cat = load_catalogue(scratch, content=content, playbooks=playbooks)
        except ContentError as exc:
            raise ContentError(_prefixed(exc.problems, prefix)) from None
        cat.root = root
        return Side(label, commit, cat, options)
