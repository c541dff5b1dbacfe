"""The prebuilt search index and the site's own search worker (generator/searchindex.py)."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from generator import searchindex

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
