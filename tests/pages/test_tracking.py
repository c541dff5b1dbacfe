"""The preview's incremental render: after each edit of any record, the pages it keeps and the
pages it renders again are exactly the pages a render from scratch makes."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from generator.config.load import load_settings
from generator.domain.audience import redact
from generator.errors import ContentError
from generator.pages import render
from generator.pages.keeping import StoredPages
from generator.pages.render import render_site
from generator.pages.tracking import PageMemo
from generator.pipeline.build import load
from tests.support.paths import SITE_FIXTURE

PROSE = re.compile(r"^(\s*(?:- )?[a-z_]+: )([A-Z][^#\n'\"\[{]* [^#\n'\"]*)$", re.MULTILINE)
SCORE = re.compile(r"^(\s+score: )([1-4])$", re.MULTILINE)


def edits(text: str) -> list[str]:
    """Versions of a record file, each with one more edit: a word added to prose fields (the
    first and the last), a score moved by one."""
    versions = []
    for match in [*PROSE.finditer(text)][:1] + [*PROSE.finditer(text)][-1:]:
        text = text[: match.end()] + " Quux" + text[match.end() :]
        versions.append(text)
    score = SCORE.search(text)
    if score:
        text = text[: score.start(2)] + str(int(score.group(2)) + 1) + text[score.end(2) :]
        versions.append(text)
    return versions


class JsonStore:
    """The build cache as :mod:`generator.pages.keeping` sees it: values kept as JSON text."""

    def __init__(self) -> None:
        self.entries: dict[tuple[str, str], str] = {}

    def get(self, kind: str, key: str) -> object:
        text = self.entries.get((kind, key))
        return None if text is None else json.loads(text)

    def put(self, kind: str, key: str, value: object) -> None:
        self.entries[(kind, key)] = json.dumps(value)


@pytest.mark.parametrize(
    ("audience", "stored"), [("leadership", False), ("staff", False), ("staff", True)]
)
def test_pages_kept_or_rendered_again_are_the_pages_of_a_fresh_render(
    tmp_path: Path, audience: str, stored: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In memory (the preview's), or kept in the build cache, read back by a new memo for each
    render as by the next build (which renders in two processes, as a large site's build)."""
    if stored:
        monkeypatch.setattr(render, "PARALLEL_PAGES", 1)
    root = tmp_path / "project"
    shutil.copytree(SITE_FIXTURE, root)
    settings = load_settings(root, as_of="2026-11-22", audience=audience)
    memo = PageMemo()
    store = JsonStore()

    def both() -> tuple[dict[str, str], dict[str, str], int]:
        nonlocal memo
        if stored:
            memo = PageMemo(stored=StoredPages(store, "settings"))
        full = load(settings)
        cat = redact(full)[0] if audience == "staff" else full
        kept = render_site(cat, settings, full=full, memo=memo)
        fresh = render_site(cat, settings, full=full)
        return {p.path: p.markdown for p in kept}, {p.path: p.markdown for p in fresh}, len(kept)

    kept, fresh, total = both()
    assert kept == fresh and memo.rendered == total
    tried = reused = 0
    for record in sorted((root / "content").rglob("*.yaml")):
        original = record.read_text(encoding="utf-8")
        for version in edits(original):
            record.write_text(version, encoding="utf-8")
            try:
                kept, fresh, total = both()
            except ContentError:
                continue  # the edit made the record invalid: nothing to render
            assert kept == fresh, f"{record.name}: kept pages differ from a fresh render"
            tried += 1
            reused += total - memo.rendered
    assert tried >= 15
    assert reused > tried * total / 2  # most pages are kept on most edits


def test_records_kept_between_loads_give_the_same_catalogue_and_problems(tmp_path: Path) -> None:
    from generator.records.catalogue import load_catalogue

    root = tmp_path / "project"
    shutil.copytree(SITE_FIXTURE, root)
    memo: dict[object, object] = {}
    first = load_catalogue(root, memo=memo)
    assert memo and load_catalogue(root, memo=memo) == first == load_catalogue(root)
    leader = root / "content/leaders/ana-ruiz.yaml"
    leader.write_text(leader.read_text(encoding="utf-8").replace("name: ", "name: [", 1), "utf-8")
    with pytest.raises(ContentError) as fresh:
        load_catalogue(root)
    for _ in range(2):  # the broken file parsed, then its problems kept
        with pytest.raises(ContentError) as kept:
            load_catalogue(root, memo=memo)
        assert kept.value.problems == fresh.value.problems


def test_a_look_up_is_kept_by_what_it_read_and_made_again_when_that_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A call whose reads are unchanged is not made again at the next build; its cached label
    still notes the record it was made from (a cache hit hides no read)."""
    from generator.pages.site import Site
    from generator.pages.tracking import TrackedSite

    root = tmp_path / "project"
    shutil.copytree(SITE_FIXTURE, root)
    settings = load_settings(root, as_of="2026-11-22")
    cat = load(settings)
    leader = sorted(cat.leaders)[0]
    token = ("call", "link_label", ("leader", leader))
    read = ("rec", "leaders", leader)
    made: list[tuple[str, str]] = []
    original = Site.link_label

    def counted(self: Site, kind: str, record_id: str) -> str | None:
        made.append((kind, record_id))
        return original(self, kind, record_id)

    monkeypatch.setattr(Site, "link_label", counted)
    prints: dict[object, tuple[object, str, object]] = {}
    site = TrackedSite(cat, settings, kept_prints=prints)
    for _ in range(2):  # the second call is answered by the label cache
        value, reads = site._call("link_label", ("leader", leader))
        assert reads == ((read, site.fingerprint(read)),)
    first = site.fingerprint(token)
    assert prints[token][2] == ((read, site.fingerprint(read)),)

    made.clear()
    again = TrackedSite(cat, settings, kept_prints=prints)
    assert again.fingerprint(token) == first and made == []

    path = root / cat.leaders[leader].source
    path.write_text(path.read_text(encoding="utf-8").replace("name: ", "name: Quux ", 1), "utf-8")
    changed = TrackedSite(load(settings), settings, kept_prints=prints)
    assert changed.fingerprint(token) != first and made == [("leader", leader)]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (["a", "b"], ["a", "b"], True),
        (("a", 1, None), ("a", 1, None), True),
        ([], [], True),
        ("x", "x", True),
        ([["a"], ("b",)], [["a"], ("b",)], True),
        (["a", "b"], ["b", "a"], False),
        (["a"], ("a",), False),  # a list and a tuple pickle differently
        ([1], [True], False),  # equal, but not the same pickle
        ([0.0], [-0.0], False),  # floats are always printed again
        ([1.5], [1.5], False),
        ([object()], [object()], False),
        ({"a": 1, "b": [2]}, {"a": 1, "b": [2]}, True),
        ({"a": 1, "b": 2}, {"b": 2, "a": 1}, False),  # another order, another pickle
        ({0.0: "x"}, {-0.0: "x"}, False),
        ((len,), (len,), False),  # a built-in, not a function of ours
        ((edits,), (edits,), True),  # a function of a module, by its name
    ],
)
def test_the_same_data_keeps_its_print(a: object, b: object, same: bool) -> None:
    from generator.pages.prints import print_of, same_data

    assert same_data(a, b) is same
    if same:
        assert print_of(a, lambda r: "") == print_of(b, lambda r: "")


def test_a_records_part_of_a_page_is_kept_by_what_it_read(tmp_path: Path) -> None:
    """A register's row is made again only when something it read changed; kept or made, its
    reads are the page's reads too."""
    from generator.pages.noting import READS
    from generator.pages.tracking import TrackedSite

    root = tmp_path / "project"
    shutil.copytree(SITE_FIXTURE, root)
    settings = load_settings(root, as_of="2026-11-22")
    cat = load(settings)
    first, other = sorted(cat.leaders)[:2]
    made: list[str] = []

    def row(site: TrackedSite) -> object:
        def make(leader: object) -> str:
            made.append(leader.id)  # type: ignore[attr-defined]
            return f"{leader.name} | {site.link_label('leader', other)}"  # type: ignore[attr-defined]

        return make

    prints: dict[object, tuple[object, str, object]] = {}
    parts: dict[tuple[object, ...], tuple[object, object]] = {}

    def render(catalogue: object) -> tuple[object, set[object]]:
        site = TrackedSite(catalogue, settings, kept_prints=prints, kept_parts=parts)  # type: ignore[arg-type]
        reads: set[object] = set()
        READS.append(reads)  # type: ignore[arg-type]
        try:
            return site.part("leaders/index.md", "leaders", first, row(site), ()), reads
        finally:
            READS.pop()

    text, reads = render(cat)
    expected = {("rec", "leaders", first), ("call", "link_label", ("leader", other))}
    assert made == [first] and reads == expected
    assert render(cat) == (text, expected) and made == [first]  # kept, its reads noted

    path = root / cat.leaders[other].source
    path.write_text(path.read_text(encoding="utf-8").replace("name: ", "name: Quux ", 1), "utf-8")
    changed, reads = render(load(settings))
    assert made == [first, first] and "Quux" in str(changed) and reads == expected


def test_a_record_page_keeps_its_specification_while_its_record_is_the_same(
    tmp_path: Path,
) -> None:
    """The records of unchanged files are the objects of the last load (its memo): their pages'
    specifications are the very objects of the last build, a changed record's page a new one."""
    from generator.pages.site import Site
    from generator.pages.specs import page_specs
    from generator.records.catalogue import load_catalogue

    root = tmp_path / "project"
    shutil.copytree(SITE_FIXTURE, root)
    settings = load_settings(root, as_of="2026-11-22")
    records: dict[object, object] = {}
    kept: dict[str, tuple[object, object]] = {}
    first = {
        s.path: s for s in page_specs(Site(load_catalogue(root, memo=records), settings), kept)
    }
    assert "leaders/ana-ruiz.md" in kept

    leader = root / "content/leaders/ana-ruiz.yaml"
    leader.write_text(
        leader.read_text(encoding="utf-8").replace("name: ", "name: Quux ", 1), "utf-8"
    )
    cat = load_catalogue(root, memo=records)
    again = {s.path: s for s in page_specs(Site(cat, settings), kept)}
    assert again.keys() == first.keys()
    assert again["leaders/ana-ruiz.md"] is not first["leaders/ana-ruiz.md"]
    assert again["leaders/ana-ruiz.md"].title.startswith("Quux ")
    assert again["leaders/ana-ruiz.md"].context["leader"] is cat.leaders["ana-ruiz"]
    record_pages = [  # the training modules are read anew at every load
        p for p in first if p in kept and p != "leaders/ana-ruiz.md" and "training/" not in p
    ]
    assert len(record_pages) >= 8
    assert [p for p in record_pages if again[p] is not first[p]] == []
    assert again == {s.path: s for s in page_specs(Site(cat, settings))}  # as made afresh


def test_a_figure_is_kept_by_what_it_read_and_made_again_when_that_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What needs attention (made from every agreement, initiative and scorecard) is not made
    again after an edit it did not read (a leader's title); an agreement's edit makes it
    again.  Kept or made, a page reads the figure of this build."""
    from generator.domain import attention
    from generator.pages.noting import READS
    from generator.pages.tracking import TrackedSite

    root = tmp_path / "project"
    shutil.copytree(SITE_FIXTURE, root)
    settings = load_settings(root, as_of="2026-11-22")
    made: list[int] = []
    grouped = attention.grouped

    def counted(items: list[object]) -> object:
        made.append(len(items))
        return grouped(items)  # type: ignore[arg-type]

    monkeypatch.setattr(attention, "grouped", counted)
    prints: dict[object, tuple[object, str, object]] = {}
    tables: dict[str, object] = {}

    def read(cat: object) -> tuple[object, str]:
        site = TrackedSite(cat, settings, kept_prints=prints, kept_tables=tables)  # type: ignore[arg-type]
        reads: set[object] = set()
        READS.append(reads)  # type: ignore[arg-type]
        try:
            value = site.attention
        finally:
            READS.pop()
        assert reads == {("fig", "attention")}
        return value, site.fingerprint(("fig", "attention"))

    records: dict[object, object] = {}
    from generator.records.catalogue import load_catalogue

    first, print_ = read(load_catalogue(root, memo=records))
    assert len(made) == 1
    leader = root / "content/leaders/ana-ruiz.yaml"
    leader.write_text(
        leader.read_text(encoding="utf-8").replace("title: ", "title: Quux ", 1), "utf-8"
    )
    kept, kept_print = read(load_catalogue(root, memo=records))
    assert len(made) == 1 and kept is first and kept_print == print_

    agreement = root / "content/agreements/it-support.yaml"
    text = agreement.read_text(encoding="utf-8")
    assert "signoffs:" in text
    agreement.write_text(text.split("signoffs:", 1)[0], "utf-8")  # no sign-off recorded
    again, again_print = read(load_catalogue(root, memo=records))
    assert len(made) == 2 and again_print != print_
    assert again == TrackedSite(load(settings), settings).attention  # as made afresh


def test_a_settled_record_file_is_not_read_again_while_stat_says_it_is_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The preview's loads read only the files whose inode, size or times changed; a file
    written moments before a load is read at every load, and an edit that keeps the size and
    puts the old modification time back is still read (its change time moved)."""
    import os

    from generator.records import catalogue

    root = tmp_path / "project"
    shutil.copytree(SITE_FIXTURE, root)
    read: list[str] = []
    original = catalogue._read_bytes

    def counted(path: Path) -> bytes:
        read.append(path.name)
        return original(path)

    monkeypatch.setattr(catalogue, "_read_bytes", counted)
    records: dict[object, object] = {}
    first = catalogue.load_catalogue(root, memo=records)
    files = len(read)
    assert files > 10
    catalogue.load_catalogue(root, memo=records)
    assert len(read) == 2 * files  # just copied: not settled, read again

    monkeypatch.setattr(catalogue, "SETTLED_NS", -(10**12))  # as if written long ago
    read.clear()
    catalogue.load_catalogue(root, memo=records)
    assert len(read) == files
    read.clear()
    assert catalogue.load_catalogue(root, memo=records) == first and read == []

    leader = root / "content/leaders/ana-ruiz.yaml"
    before = leader.stat()
    text = leader.read_text(encoding="utf-8")
    leader.write_text(text.replace("name: A", "name: Q", 1), "utf-8")  # the same size
    os.utime(leader, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert leader.stat().st_size == before.st_size
    changed = catalogue.load_catalogue(root, memo=records)
    assert read == ["ana-ruiz.yaml"] and changed.leaders["ana-ruiz"].name.startswith("Q")
    (leader.parent / "stray.yml").write_text("name: Stray\n", "utf-8")  # the folder changed
    with pytest.raises(ContentError) as listed:
        catalogue.load_catalogue(root, memo=records)
    assert any("stray.yml" in p.path for p in listed.value.problems)


def test_a_render_stopped_by_an_error_leaves_the_next_render_right(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A template's error part way through a render: the next render (the records fixed)
    checks the pages kept from before read by read, and after it the pages that read what a
    save changed are found from the index of readers again."""
    root = tmp_path / "project"
    shutil.copytree(SITE_FIXTURE, root)
    settings = load_settings(root, as_of="2026-11-22")
    memo = PageMemo()

    def pages() -> dict[str, str]:
        return {p.path: p.markdown for p in render_site(load(settings), settings, memo=memo)}

    def fresh() -> dict[str, str]:
        return {p.path: p.markdown for p in render_site(load(settings), settings)}

    pages()
    assert memo.readers.complete and memo.readers.by_token
    leader = root / "content/leaders/ana-ruiz.yaml"
    text = leader.read_text(encoding="utf-8")
    leader.write_text(text.replace("name: ", "name: Quux ", 1), "utf-8")
    original, calls = render.render_page, []

    def failing(env: object, site: object, spec: object) -> object:
        calls.append(spec)
        if len(calls) == 2:
            raise RuntimeError("a template's error")
        return original(env, site, spec)  # type: ignore[arg-type]

    monkeypatch.setattr(render, "render_page", failing)
    with pytest.raises(RuntimeError):
        pages()
    assert not memo.readers.complete
    monkeypatch.setattr(render, "render_page", original)
    leader.write_text(text.replace("name: ", "name: Quuz ", 1), "utf-8")
    assert pages() == fresh() and memo.readers.complete
    leader.write_text(text, "utf-8")
    assert pages() == fresh() and 0 < memo.rendered < len(memo.pages)
