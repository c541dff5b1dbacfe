"""Rendered pages: golden files, escaping, cross-links, templates and their limits, two processes."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from generator import forking
from generator.config.load import load_settings
from generator.config.settings import Settings
from generator.errors import RenderError
from generator.pages.render import render_site
from generator.pipeline.build import build_pages
from generator.records.catalogue import load_catalogue
from tests.support.golden import check_golden, golden_names
from tests.support.paths import SITE_FIXTURE as FIXTURE

AS_OF = "2026-11-22"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A scratch copy of the fixture organisation."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    return root


def settings(root: Path, audience: str = "leadership", **kw: object) -> Settings:
    """The fixture's settings as MkDocs loads them, PDFs off, with ``kw`` on top."""
    loaded = load_settings(root, as_of=AS_OF, audience=audience)
    return dataclasses.replace(loaded, pdf=False, **kw)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- rendered pages


def test_every_page_type_matches_its_golden_file(project: Path) -> None:
    pages = render_site(load_catalogue(project), settings(project))
    assert {p.path for p in pages} >= {
        "index.md", "leaders/index.md", "leaders/ana-ruiz.md", "partners/index.md", "partners/it-desk.md",
        "agreements/index.md", "agreements/it-support.md", "initiatives/index.md", "initiatives/line2-flow.md",
        "strategy/index.md", "strategy/mtbf-2026.md", "training/index.md", "training/lean-basics.md",
        "scorecards/index.md", "scorecards/methodology.md",
    }  # fmt: skip
    for page in pages:
        check_golden(f"site/{page.path}", page.markdown)
    assert golden_names("site") == sorted(p.path for p in pages)


def test_every_page_of_the_staff_edition_matches_its_golden_file(project: Path) -> None:
    """The staff edition of the fixture: no assessment, no score (two assessed leaders are
    fewer than three: no figure at all), tune-ups by date."""
    from generator.domain.audience import redact

    full = load_catalogue(project)
    pages = render_site(redact(full)[0], settings(project, audience="staff"), full=full)
    for page in pages:
        check_golden(f"site-staff/{page.path}", page.markdown)
    assert golden_names("site-staff") == sorted(p.path for p in pages)


def test_staff_shows_brings_back_what_the_configuration_names(project: Path) -> None:
    from generator.domain.audience import redact

    full = load_catalogue(project)
    options = settings(project, audience="staff", staff_shows=["walk_note", "artifact_evidence"])
    pages = {
        p.path: p.markdown
        for p in render_site(redact(full, options.staff_shows)[0], options, full=full)
    }
    ana = pages["leaders/ana-ruiz.md"]
    assert (
        "| Customer focus: customer metrics exist and improve | On\\-time delivery reviewed weekly\\. |"
        in ana
    )
    assert "**Walk.** No note\\." in ana  # ana has no walk note: the part is shown, empty
    assert "Opens every staff meeting" not in ana and "/5)" not in ana  # no talk note, no rating
    scores = settings(project, audience="staff", staff_shows=["scores"])
    pages = {
        p.path: p.markdown
        for p in render_site(redact(full, scores.staff_shows)[0], scores, full=full)
    }
    dee = pages["leaders/dee-pipe.md"]
    assert "**Talk (3/5).** *Left out of this edition.*" in dee
    assert "- score fell from" in dee and "## Assessment history" in dee
    assert "Says the program" not in dee


def test_record_text_cannot_change_page_structure(project: Path) -> None:
    pages = {p.path: p.markdown for p in render_site(load_catalogue(project), settings(project))}
    leader = pages["leaders/dee-pipe.md"]
    # The name with '|' and '#' stays one heading; the title's '#' and HTML are escaped.
    assert leader.splitlines()[:4] == ["---", 'title: "Dee | Pipe #1"', "---", ""]
    assert r"# Dee \| Pipe \#1" in leader.splitlines()
    assert r"**\# Plant manager &lt;b&gt;bold&lt;/b&gt;**" in leader
    row = next(line for line in pages["leaders/index.md"].splitlines() if "dee-pipe/" in line)
    # Nine cells (one row heading, eight labelled): the name's '|' and the title's HTML stay text.
    assert row.count("<th ") == 1 and row.count("<td ") == 8
    assert '<a href="dee-pipe/">Dee | Pipe #1</a>' in row
    assert '<td data-label="Title"># Plant manager &lt;b&gt;bold&lt;/b&gt;</td>' in row
    assert not any(line.startswith("#") and "Plant" in line for line in leader.splitlines())


def test_staff_edition_leaves_out_confidential_assessment_content(project: Path) -> None:
    pages = render_site(load_catalogue(project), settings(project, audience="staff"))
    text = "\n".join(p.markdown for p in pages)
    for secret in (
        "slows the line",
        "consultant thing",
        "Cancelled two Gemba walks",
        "Bonus tied to daily output",
        "Pair with the Line 2 lead",
    ):
        assert secret not in text
    leadership = "\n".join(
        p.markdown for p in render_site(load_catalogue(project), settings(project))
    )
    assert "Cancelled two Gemba walks" in leadership


def test_missing_field_in_template_names_template_and_record(project: Path) -> None:
    overrides = project / "team_templates"
    overrides.mkdir()
    (overrides / "partner.md.j2").write_text(
        "# {{ partner.name }}\n\n{{ partner.nickname }}\n", encoding="utf-8"
    )
    with pytest.raises(RenderError) as info:
        render_site(load_catalogue(project), settings(project, overrides_dir="team_templates"))
    assert (
        str(info.value)
        == "partner.md.j2:3 (record content/partners/acme-castings.yaml): 'generator.records.models.Partner object' has no attribute 'nickname'"
    )


def test_team_template_overrides_the_default(project: Path) -> None:
    overrides = project / "team_templates"
    overrides.mkdir()
    (overrides / "partner.md.j2").write_text("# Partner {{ partner.name|md }}\n", encoding="utf-8")
    pages = {
        p.path: p.markdown
        for p in render_site(
            load_catalogue(project), settings(project, overrides_dir="team_templates")
        )
    }
    assert (
        pages["partners/it-desk.md"]
        == '---\ntitle: "IT Service Desk"\n---\n\n# Partner IT Service Desk\n'
    )
    assert "\n# Ana Ruiz\n" in pages["leaders/ana-ruiz.md"]  # others unchanged


def test_cross_links_go_both_ways(project: Path) -> None:
    pages = {p.path: p.markdown for p in render_site(load_catalogue(project), settings(project))}
    ana = pages["leaders/ana-ruiz.md"]
    assert (
        "[Shop\\-floor IT support](../agreements/it-support.md)" in ana
    )  # shepherds the agreement
    assert (
        "[Raise MTBF of the P\\-series by 20 %](../strategy/mtbf-2026.md)" in ana
    )  # owns the objective
    assert "[Ana Ruiz](../leaders/ana-ruiz.md)" in pages["agreements/it-support.md"]
    assert "[Line 2 flow](../initiatives/line2-flow.md)" in pages["leaders/dee-pipe.md"]
    assert "[Dee \\| Pipe \\#1](../leaders/dee-pipe.md)" in pages["initiatives/line2-flow.md"]


BLOCK_CASES = [
    # (Markdown, whether the block is stored unparsed)
    ('<div class="opex-charts">\n<figure><svg><title>A &amp; B</title>'
     '<line x1="0"/></svg></figure>\n</div>\n\nAfter.\n', True),
    ('Text.\n\n<div class="opex-bowl">\n<table><tr><td>1</td></tr></table>\n'
     '<p class="k">Key</p>\n</div>\n\n## Next\n', True),
    ('<div class="opex-bowl">\n<div>nested</div>\n</div>\n\nx\n', False),
    ('<div class="opex-charts">\n<!-- </div> -->\n</div>\n\nx\n', False),
    ('<div class="opex-charts">\n<svg><title>open</svg>\n</div>\n\nx\n', False),
    ('Text\n<div class="opex-charts">\n<svg></svg>\n</div>\n\nx\n', False),
    ('<div class="opex-charts">\n<svg></svg>\n</div>\nx\n', False),
]  # fmt: skip


@pytest.mark.parametrize(("text", "stored"), BLOCK_CASES)
def test_generated_blocks_convert_as_md_in_html_converts_them(text: str, stored: bool) -> None:
    import markdown

    from generator.pages.htmlblocks import GeneratedBlocks

    blocks = GeneratedBlocks()
    blocks.enabled = True
    with_blocks = markdown.Markdown(extensions=["md_in_html", "attr_list", blocks])
    plain = markdown.Markdown(extensions=["md_in_html", "attr_list"])
    assert with_blocks.convert(text) == plain.convert(text)
    lines = text.split("\n")
    assert (with_blocks.preprocessors["opex_generated_blocks"].run(lines) != lines) is stored


def test_build_pages_reports_record_count(project: Path) -> None:
    result = build_pages(settings(project))
    assert result.record_count == 12
    assert len(result.pages) == 28


def test_file_system_order_does_not_change_output(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = render_site(load_catalogue(project), settings(project))
    original = Path.iterdir
    monkeypatch.setattr(Path, "iterdir", lambda self: iter(sorted(original(self), reverse=True)))
    second = render_site(load_catalogue(project), settings(project))
    assert [(p.path, p.markdown) for p in first] == [(p.path, p.markdown) for p in second]


def test_non_ascii_names_render_and_keep_their_url(project: Path) -> None:
    path = project / "content" / "leaders" / "ana-ruiz.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("name: Ana Ruiz", "name: Zoë Ørsted-Łukasz"),
        encoding="utf-8",
    )
    pages = {p.path: p.markdown for p in render_site(load_catalogue(project), settings(project))}
    assert "# Zoë Ørsted\\-Łukasz\n" in pages["leaders/ana-ruiz.md"]
    assert "[Zoë Ørsted\\-Łukasz](../leaders/ana-ruiz.md)" in pages["agreements/it-support.md"]


def test_a_template_cannot_loop_forever(project: Path) -> None:
    overrides = project / "team_templates"
    overrides.mkdir()
    (overrides / "partner.md.j2").write_text(
        "{% for i in range(10**12) %}x{% endfor %}\n", encoding="utf-8"
    )
    with pytest.raises(RenderError) as info:
        render_site(load_catalogue(project), settings(project, overrides_dir="team_templates"))
    assert str(info.value) == (
        "partner.md.j2:1 (record content/partners/acme-castings.yaml): range of 1,000,000,000,000 items in a template;"
        " the limit is 100,000"
    )


def test_a_recursive_template_fails_cleanly(project: Path) -> None:
    overrides = project / "team_templates"
    overrides.mkdir()
    (overrides / "partner.md.j2").write_text(
        "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}\n", encoding="utf-8"
    )
    with pytest.raises(RenderError) as info:
        render_site(load_catalogue(project), settings(project, overrides_dir="team_templates"))
    assert (
        str(info.value)
        == "partner.md.j2 (record content/partners/acme-castings.yaml): template recursion too deep"
    )


@pytest.mark.parametrize("audience", ["leadership", "staff"])
def test_pages_rendered_by_two_processes_are_those_rendered_by_one(
    project: Path, audience: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.domain.audience import redact
    from generator.pages import render

    full = load_catalogue(project)
    cat = redact(full)[0] if audience == "staff" else full
    monkeypatch.setattr(render, "PARALLEL_PAGES", 10**9)
    one = render_site(cat, settings(project, audience=audience), full=full)
    outcomes: list[object] = []
    real = render._render_in_two

    def spy(*args: object) -> object:
        outcomes.append(result := real(*args))  # type: ignore[arg-type]
        return result

    monkeypatch.setattr(render, "_render_in_two", spy)
    monkeypatch.setattr(render, "PARALLEL_PAGES", 1)
    two = render_site(cat, settings(project, audience=audience), full=full)
    assert two == one
    if forking.available():
        assert outcomes and outcomes[0] is not None  # the pages really came from two processes


def test_render_error_with_two_processes_is_the_error_of_one(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.pages import render

    overrides = project / "team_templates"
    overrides.mkdir()
    (overrides / "partner.md.j2").write_text("{{ partner.nickname }}\n", encoding="utf-8")
    messages = []
    for threshold in (10**9, 1):
        monkeypatch.setattr(render, "PARALLEL_PAGES", threshold)
        with pytest.raises(RenderError) as info:
            render_site(load_catalogue(project), settings(project, overrides_dir="team_templates"))
        messages.append(str(info.value))
    assert messages[0] == messages[1]
    assert messages[0].startswith("partner.md.j2:1 (record content/partners/")


def test_any_template_error_names_the_file_the_line_and_the_record(project: Path) -> None:
    """An expression that raises, in the page's template or in a macro it imports: the message
    names the template file and line where it happened and the record being rendered."""
    overrides = project / "team_templates"
    overrides.mkdir()
    (overrides / "partner.md.j2").write_text(
        "# {{ partner.name }}\n\n{{ 1 // 0 }}\n", encoding="utf-8"
    )
    with pytest.raises(RenderError) as info:
        render_site(load_catalogue(project), settings(project, overrides_dir="team_templates"))
    assert str(info.value) == (
        "partner.md.j2:3 (record content/partners/acme-castings.yaml): "
        "ZeroDivisionError: integer division or modulo by zero"
    )
    (overrides / "partner.md.j2").write_text(
        '{% import "_broken.md.j2" as b %}\n# {{ partner.name }}\n{{ b.boom(partner) }}\n',
        encoding="utf-8",
    )
    (overrides / "_broken.md.j2").write_text(
        "{% macro boom(p) %}\nfine\n{{ p.no_such_field }}\n{% endmacro %}\n", encoding="utf-8"
    )
    with pytest.raises(RenderError) as info:
        render_site(load_catalogue(project), settings(project, overrides_dir="team_templates"))
    assert str(info.value).startswith(
        "_broken.md.j2:3 (record content/partners/acme-castings.yaml): "
    )
