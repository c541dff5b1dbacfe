"""The prebuilt search index and the site's own search worker (generator/search/), and the seam that keeps it to the tested Material."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.search import index as searchindex
from tests.support.paths import SITE_FIXTURE as FIXTURE

MATERIAL = {
    "config": {
        "lang": ["en"],
        "separator": "[\\s\\-]+",
        "pipeline": ["stopWordFilter"],
        "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}},
    },
    "docs": [
        {
            "location": "leaders/zoe/",
            "title": "Zoë Ørsted-Łukasz",
            "text": "<p>Plant Manager · operations · senior level</p><p>Reports to Ana Ruiz.</p>",
        },
        {
            "location": "partners/acme/",
            "title": "Acme &amp; Sons",
            "text": "<p>Behind (suppliers) partner</p><p>Casts &lt;script&gt; housings</p>",
        },
        {"location": "training/a3/", "title": "A3", "text": "<p>Intro</p>"},
        {"location": "training/a3/#part-1", "title": "Part 1", "text": "<p>Define the plant</p>"},
    ],
}


def postings(index: dict) -> dict[str, list[tuple[int, bool]]]:
    """Word -> [(document, in title)] from a built index."""
    opex = index["config"]["opex"]
    out = {}
    for term, packed in zip(opex["terms"], opex["postings"], strict=True):
        value, docs = 0, []
        for gap in searchindex.decode(packed):
            value += gap
            docs.append((value >> 1, bool(value & 1)))
        out[term] = docs
    return out


def test_numbers_pack_and_unpack() -> None:
    rng = random.Random(0)
    for _ in range(500):
        numbers = [rng.choice([0, 1, 31, 32, 1023, 1024, rng.randrange(10**9)]) for _ in range(5)]
        assert searchindex.decode(searchindex.encode(numbers)) == numbers
    assert searchindex.encode([0, 31, 32]) == "0vw1"


def test_folding_runs_apart_is_folding_the_whole_text() -> None:
    import unicodedata

    def whole(text: str) -> str:
        text = unicodedata.normalize("NFKD", text.lower().translate(searchindex._LETTERS))
        return "".join(c for c in text if not unicodedata.category(c).startswith("M"))

    rng = random.Random(0)
    pool = [chr(i) for i in range(0x20, 0x2000)] + list("\u0301\u0327\u0323\u0345ﬁ½ǅ\u1e9bΣ")
    for _ in range(20000):
        text = "".join(
            rng.choice(pool) if rng.random() < 0.5 else rng.choice("aZ .")
            for _ in range(rng.randrange(1, 10))
        )
        assert searchindex.fold(text) == whole(text), repr(text)
    assert searchindex.fold("Zoë Ørsted-Łukasz ΟΔΟΣ") == "zoe orsted-lukasz οδος"


def test_index_holds_every_word_with_its_documents() -> None:
    index = searchindex.build(MATERIAL)
    words = postings(index)
    assert index["config"]["opex"]["terms"] == sorted(words)  # (all in the BMP here)
    # Accents folded, hyphenated names split, title words flagged.
    assert words["zoe"] == [(0, True)] and words["orsted"] == [(0, True)]
    assert words["lukasz"] == [(0, True)]
    assert words["plant"] == [(0, False), (3, False)]
    assert words["ruiz"] == [(0, False)]
    # Entities are decoded before splitting; stop words are left out.
    assert words["script"] == [(1, False)] and "lt" not in words
    assert "to" not in words and "the" not in words
    # Material's own settings stay for the theme (highlighting on the target page).
    assert {k: v for k, v in index["config"].items() if k != "opex"} == MATERIAL["config"]
    assert [d["location"] for d in index["docs"]] == [d["location"] for d in MATERIAL["docs"]]
    assert [d["title"] for d in index["docs"]] == [d["title"] for d in MATERIAL["docs"]]


def test_an_index_updated_after_edits_is_the_index_built_afresh() -> None:
    """A preview save changes a few documents: the next index updates the postings of their
    words only; after any series of such edits it is the index built from scratch."""
    rng = random.Random(7)
    vocabulary = [f"w{n}" for n in range(60)] + ["Zoë", "zoe", "ångström", "the", "b2b"]

    def doc(n: int) -> dict[str, str]:
        return {
            "location": f"page-{n}/",
            "title": " ".join(rng.sample(vocabulary, 2)),
            "text": "<p>" + " ".join(rng.choices(vocabulary, k=rng.randint(0, 12))) + "</p>",
        }

    docs = [doc(n) for n in range(200)]
    searchindex._last = None
    searchindex.build({"config": {}, "docs": docs})
    for _ in range(25):
        for _ in range(rng.randint(0, 6)):
            docs[rng.randrange(len(docs))] = doc(rng.randrange(1000))
        docs[rng.randrange(len(docs))]["text"] = f"<p>brandnewword{rng.randrange(9)}</p>"
        updated = searchindex.build({"config": {}, "docs": [dict(d) for d in docs]})
        kept, searchindex._last = searchindex._last, None
        afresh = searchindex.build({"config": {}, "docs": [dict(d) for d in docs]})
        assert updated == afresh
        searchindex._last = kept


def test_teasers_are_short_and_escaped() -> None:
    index = searchindex.build(MATERIAL)
    assert (
        index["docs"][1]["text"]
        == "<p>Behind (suppliers) partner Casts &lt;script&gt; housings</p>"
    )
    long = {**MATERIAL, "docs": [{"location": "x/", "title": "X", "text": "<p>" + "word " * 200}]}
    text = searchindex.build(long)["docs"][0]["text"]
    assert text.endswith(" …</p>") and len(text) <= searchindex.TEASER_CHARS + 10


def test_rewrite_is_deterministic_and_installs_the_worker(tmp_path: Path) -> None:
    outputs = []
    for name in ("a", "b"):
        site = tmp_path / name
        (site / "search").mkdir(parents=True)
        (site / "search" / "search_index.json").write_text(json.dumps(MATERIAL), encoding="utf-8")
        searchindex.rewrite(site)
        searchindex.rewrite(site)  # a second run leaves it as it is
        outputs.append((site / "search" / "search_index.json").read_bytes())
        worker = site / "assets" / "opex" / searchindex.worker_name()
        assert worker.read_bytes() == searchindex.WORKER_SOURCE.read_bytes()
    assert outputs[0] == outputs[1]
    searchindex.rewrite(tmp_path / "no-search")  # search plugin off: nothing to do


def test_pages_start_the_sites_worker() -> None:
    page = '<script id="__config">{"base": "../..", "search": "../../assets/javascripts/workers/search.a7633da7.min.js", "tags": null}</script>'
    assert searchindex.point_to_worker(page) == page.replace(
        "assets/javascripts/workers/search.a7633da7.min.js",
        f"assets/opex/{searchindex.worker_name()}",
    )
    assert searchindex.point_to_worker("<p>no config</p>") == "<p>no config</p>"


@pytest.mark.skipif(shutil.which("node") is None, reason="node not installed")
def test_worker_answers_like_materials(tmp_path: Path) -> None:
    """The worker, run by node with the messages the theme sends (node is only a test aid)."""
    index = searchindex.build(MATERIAL)
    script = tmp_path / "run.js"
    script.write_text(
        """
const fs = require("fs");
let handler; const sent = [];
global.self = global;
global.addEventListener = (type, fn) => { handler = fn; };
global.postMessage = m => sent.push(m);
eval(fs.readFileSync(process.argv[2], "utf8"));
const index = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const out = {};
for (const [name, config] of [["prebuilt", index.config], ["fallback", {...index.config, opex: undefined}]]) {
  handler({data: {type: 0, data: {config, docs: index.docs, options: {suggest: false}}}});
  out[name] = [sent.pop()];
  for (const q of JSON.parse(process.argv[4])) {
    handler({data: {type: 2, data: q}});
    out[name].push(sent.pop());
  }
}
console.log(JSON.stringify(out));
""",
        encoding="utf-8",
    )
    (tmp_path / "index.json").write_text(json.dumps(index), encoding="utf-8")
    queries = ["zo", "Zoë orsted", "lukasz", "plant", "plant -define", "+acme zoe", "script", ""]
    result = subprocess.run(
        ["node", str(script), str(searchindex.WORKER_SOURCE), str(tmp_path / "index.json"), json.dumps(queries)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    runs = json.loads(result.stdout)
    assert runs["prebuilt"] == runs["fallback"]
    ready, *answers = runs["prebuilt"]
    assert ready == {"type": 1}
    assert all(a["type"] == 3 for a in answers)
    first = [[group[0]["location"] for group in a["data"]["items"]] for a in answers]
    assert first[0] == ["leaders/zoe/"]
    assert first[1] == ["leaders/zoe/"]
    assert first[2] == ["leaders/zoe/"]
    # A word in the text finds the page; a section is grouped under its page, which is added.
    assert first[3] == ["leaders/zoe/", "training/a3/#part-1"]
    groups = answers[3]["data"]["items"]
    assert [i["location"] for i in groups[1]] == ["training/a3/#part-1", "training/a3/"]
    assert first[4] == ["leaders/zoe/"]
    assert first[5] == ["partners/acme/"]
    assert first[7] == []
    top = answers[1]["data"]["items"][0][0]
    assert top["title"] == "<mark>Zoë</mark> <mark>Ørsted</mark>-Łukasz"
    assert top["terms"] == {"zoe": True, "orsted": True}
    # Escaped text stays escaped: only words outside tags and entities are marked.
    assert answers[6]["data"]["items"][0][0]["text"] == (
        "<p>Behind (suppliers) partner Casts &lt;<mark>script</mark>&gt; housings</p>"
    )


# --------------------------------------------------------------------------- the pages' entries

SAMPLES = [
    # Headings make sections; a heading without id does not; text before the first is a preface.
    '<p>Preface</p>\n<h1 id="a">Title <code>x</code></h1>\n<p>One &amp; <em>two</em></p>\n'
    '<h3>No id</h3><h2 id="b">B</h2>\n<ul>\n<li>item</li>\n<li> </li>\n</ul>',
    # Excluded sections and elements, permalinks, whitespace kept in <pre>.
    '<h2 data-search-exclude id="x">Hidden</h2><p>gone</p><h2 id="y">Shown'
    '<a class="headerlink" href="#y">¶</a></h2><div data-search-exclude><p>skipped</p></div>'
    "<pre><code>a\n\n  b</code></pre><p>after</p>",
    # Headings nested in other elements end their section with the element.
    '<div><h2 id="n">Nested</h2><p>in</p></div><p>out</p><table><tr><td>a</td><td>b</td></tr>'
    "</table><p>x<sub>2</sub> <sup></sup></p>",
    # SVG: self-closing tags, titles, attribute values with entities.
    '<div class="opex-charts">\n<figure><svg role="img" aria-label="A &amp; B">'
    '<title>A &amp; B</title><g><line x1="0"/><text x="1">Talk</text></g></svg></figure>\n</div>'
    '<br><img src="x.png" alt="a"/><input disabled><p>end</p>',
    # Unbalanced end tags and kept tags opened in a title, closed in the text.
    '</p><h2 id="u">U<ul><li>li</li></ul></h2><p>t</p></div>',
    "",
    "plain text only &lt;b&gt;",
]

FALLBACKS = [
    "<!-- a comment --><p>x</p>",
    "<script>var a = '<p>';</script><p>x</p>",
    "<p class='single'>x</p>",
    "<p>1 < 2</p>",
    "<p>x</p><title>a <b>bold</b></title>",
    "<p>x<p/ >",
]


def material_sections(html: str) -> list[tuple[object, ...]]:
    from material.plugins.search.plugin import Parser

    parser = Parser()
    parser.feed(html)
    parser.close()
    return [(s.el.tag, s.is_excluded(), s.id, s.depth, s.title, s.text) for s in parser.data]


@pytest.mark.parametrize("html", SAMPLES)
def test_sections_are_those_materials_parser_finds(html: str) -> None:
    from generator.search.entries import sections

    found = sections(html)
    assert found is not None
    mine = [
        (s.tag, "data-search-exclude" in s.attrs, s.id, s.depth, s.title, s.text) for s in found
    ]
    assert mine == material_sections(html)


@pytest.mark.parametrize("html", FALLBACKS)
def test_html_read_otherwise_is_left_to_material(html: str) -> None:
    from generator.search.entries import sections

    assert sections(html) is None


def test_merge_keeps_page_order() -> None:
    material = [
        {"location": "about/", "title": "About"},
        {"location": "about/#more", "title": "More"},
        {"location": "#x", "title": "Home section"},
    ]
    ours = [{"location": "leaders/ana/", "title": "Ana"}]
    pages = [("leaders/ana/", ours), ("about/", None), ("leaders/bo/", []), ("", None)]
    assert searchindex.merge(material, pages) == [ours[0], *material]
    assert searchindex.merge(material, [("about/", None)]) == material  # nothing is dropped


@pytest.mark.slow
def test_site_with_entries_made_here_is_the_site_material_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole site, search index included, is the same byte for byte whether the generated
    pages' search entries come from :mod:`generator.search.entries` or from Material's parser:
    the site fixture with hostile text in every free-text field, plus a hand-written page."""
    import hashlib
    import itertools

    from generator.cli import app as cli
    from generator.search import entries as searchentries
    from tests.support.hostile import XSS_PAYLOADS, write_variant

    counter = itertools.count()
    root = write_variant(
        tmp_path / "project",
        lambda key, old: f"{old} {XSS_PAYLOADS[next(counter) % len(XSS_PAYLOADS)]}",
    )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795300000")
    made = []
    entries = searchentries.entries

    def counted(page: object) -> object:
        result = entries(page)
        made.append(result is not None)
        return result

    def build(site: Path) -> dict[str, str]:
        for audience in ("leadership", "staff"):
            target = site / audience
            assert cli.main(["--root", str(root), "build", "--quiet", "--audience", audience, "--site-dir", str(target)]) == 0  # fmt: skip
        return {
            p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*"))
            if p.is_file()
        }

    monkeypatch.setattr(searchentries, "entries", counted)
    here = build(tmp_path / "here")
    assert made and all(made)  # every generated page took the fast way
    monkeypatch.setattr(searchentries, "entries", lambda page: None)
    assert build(tmp_path / "material") == here


# --------------------------------------------------------------------------- the engine seam


def test_the_seam_is_active_only_for_the_tested_material_version() -> None:
    from generator.search import engine

    assert engine.supported(engine.material_version())  # the installed one is the tested one
    assert engine.tested_range() == ">=9.8,<9.9"
    assert [engine.supported(v) for v in ("9.8.0", "9.8.17", "9.7.6", "9.9.0", "10.0", None, "x")] == [
        True, True, False, False, False, False, False,
    ]  # fmt: skip


@pytest.mark.slow
def test_outside_the_tested_range_search_falls_back_to_materials_own(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    opex,  # type: ignore[no-untyped-def]
) -> None:
    """With another Material version a plain (non-strict) build publishes Material's own search
    and says why; ``opex build`` (strict) stops on that warning, naming the versions."""
    from mkdocs.commands.build import build

    from generator.config.load import load_config
    from generator.search import engine

    monkeypatch.setattr(engine, "material_version", lambda: "9.9.1")
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    run = opex("--root", str(root), "build", "--quiet", "--site-dir", str(tmp_path / "strict"))
    assert run.code == 1
    assert (
        "mkdocs-material 9.9.1 is outside the range this site's search was tested with"
        " (>=9.8,<9.9): search is left to Material's own plugin and worker" in run.err
    )
    assert not (tmp_path / "strict").exists()

    site = tmp_path / "plain"
    build(load_config(root / "mkdocs.yml", site_dir=str(site), strict=False))
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert "opex" not in index["config"] and index["docs"]
    page = (site / "index.html").read_text(encoding="utf-8")
    assert "assets/javascripts/workers/search." in page and "search-worker." not in page
    assert not list(site.glob("assets/opex/search-worker.*.js"))


@pytest.mark.slow
def test_a_worker_swap_that_finds_nothing_fails_the_build(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    opex,  # type: ignore[no-untyped-def]
) -> None:
    from generator.search import index

    monkeypatch.setattr(index, "point_to_worker", lambda output: output)
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "old.html").write_text("previous site", encoding="utf-8")
    run = opex("--root", str(root), "build", "--quiet", "--site-dir", str(tmp_path / "site"))
    assert run.code == 1
    assert (
        "search: no page names Material's search worker to replace (mkdocs-material 9.8." in run.err
    )
    assert [p.name for p in (tmp_path / "site").iterdir()] == ["old.html"]


# --------------------------------------------------------------------------- what is indexed


def _site_index(site: Path) -> tuple[list[dict], dict[str, list[tuple[int, bool]]]]:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return index["docs"], postings(index)


def _holding(docs: list[dict], words: dict, text: str) -> list[str]:
    """Locations of the documents that hold every word of ``text``."""
    found = None
    for word in set(searchindex.words(text)) - set(searchindex.STOP_WORDS):
        here = {doc for doc, _ in words.get(word, [])}
        found = here if found is None else found & here
    return [docs[i]["location"] for i in sorted(found or ())]


def test_agreement_sections_are_found_by_their_text_under_their_own_title(site_build) -> None:  # type: ignore[no-untyped-def]
    """Each party's responsibilities, the plan, the escalation ladder, the milestones and the
    sign-off are results of their own: the section's heading as title, its anchor on the
    agreement's page as location (an ``id`` of that page's HTML)."""
    import re

    from generator.records.catalogue import load_catalogue

    docs, words = _site_index(site_build.site)
    cat = load_catalogue(site_build.root)
    assert cat.agreements
    for aid, agreement in cat.agreements.items():
        page = f"agreements/{aid}/"
        html = (site_build.site / page / "index.html").read_text(encoding="utf-8")
        anchors = set(re.findall(r'<h[23] id="([^"]+)"', html))
        sections = {
            d["title"]: d["location"].removeprefix(page + "#")
            for d in docs
            if d["location"].startswith(page + "#")
        }
        for title in ("3. Scope and plan", "Escalation ladder", "7. Milestones and celebrations", "9. Sign-off"):  # fmt: skip
            assert sections.get(title) in anchors, (aid, title)
        # The heading above the parties holds no text of its own: no empty result for it.
        assert "1. Parties and responsibilities" not in sections
        for party in agreement.parties:
            location = f"{page}#{sections[party.name]}"
            assert sections[party.name] in anchors
            for duty in party.responsibilities:
                assert location in _holding(docs, words, duty), (aid, duty)
        for phase in agreement.scope:
            for deliverable in phase.deliverables:
                assert f"{page}#{sections['3. Scope and plan']}" in _holding(
                    docs, words, deliverable
                )
        for step in agreement.escalation:
            assert f"{page}#{sections['Escalation ladder']}" in _holding(docs, words, step.who)
        for milestone in agreement.milestones:
            assert f"{page}#{sections['7. Milestones and celebrations']}" in _holding(
                docs, words, milestone.name
            )


def test_a_persons_name_finds_their_page_their_agreements_and_their_partners(site_build) -> None:  # type: ignore[no-untyped-def]
    """A leader's name is in their own page's title; a leader's or a partner's contact's name is
    in a result of every agreement they sign or shepherd a party of, and of every partner they
    shepherd."""
    from generator.records.catalogue import load_catalogue

    docs, words = _site_index(site_build.site)
    cat = load_catalogue(site_build.root)
    people = {lid: leader.name for lid, leader in cat.leaders.items()}
    contacts = {c.id: c.name for partner in cat.partners.values() for c in partner.contacts}
    assert not people.keys() & contacts.keys()
    people.update(contacts)
    checked = set()
    for pid, name in people.items():
        pages = {location.partition("#")[0] for location in _holding(docs, words, name)}
        expected = set()
        if pid in cat.leaders:
            page = next(i for i, d in enumerate(docs) if d["location"] == f"leaders/{pid}/")
            assert all((page, True) in words[w] for w in searchindex.words(name)), pid
        for aid, agreement in cat.agreements.items():
            if any(s.person == pid for s in agreement.signatories) or any(
                p.shepherd == pid for p in agreement.parties
            ):
                expected.add(f"agreements/{aid}/")
        for partner_id, partner in cat.partners.items():
            if pid in (partner.opex_shepherd, partner.partner_shepherd):
                expected.add(f"partners/{partner_id}/")
        assert expected <= pages, (pid, expected - pages)
        checked.update((pid, kind.partition("/")[0]) for kind in expected)
    # Both kinds of person, and both kinds of page, are among those checked.
    assert {("ana-ruiz", "agreements"), ("ana-ruiz", "partners")} <= checked
    assert {kind for person, kind in checked if person in contacts} == {"agreements", "partners"}


def test_the_index_in_json_is_jsons_own_with_documents_kept_between_calls() -> None:
    """Each document's JSON is kept from the last call while the document is the same: the
    index reads as ``json.dumps`` writes it, whatever changed between calls."""
    docs = [
        {"location": "a/", "title": "A “quoted”", "text": '<p>Ä "x" \\ é</p>'},
        {"location": "b/", "title": "B", "text": "<p>b</p>", "tags": ["t"]},
        {"location": "c/", "title": "C", "text": "<p>c</p>"},
    ]
    for changed in (docs, docs, [docs[2], {**docs[0], "text": "<p>new</p>"}], []):
        index = searchindex.build({**MATERIAL, "docs": changed})
        assert searchindex.index_json(index) == json.dumps(
            index, ensure_ascii=False, separators=(",", ":")
        )
