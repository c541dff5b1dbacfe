"""Printable agreements (generator/pdf/): text read back, layout, safety, determinism, files.

The PDFs are read back with poppler's ``pdftotext`` and with pypdf; the cover and signature page
are rendered to PNG with ``pdftoppm`` into ``tests/output/`` (git-ignored) for a person to look at.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from PIL import Image
from pypdf import PdfReader

from generator.errors import OpexError, RenderError
from generator.pdf import agreement as pdf
from generator.pdf import fetcher as fetcher_module
from generator.pdf import render as pdf_render
from generator.pdf.render import html_to_pdf
from generator.records.catalogue import Catalogue, agreement_version, load_catalogue
from generator.records.history import head_commit
from generator.records.paper import Stamp, read_codes
from generator.records.versions import full_version
from tests.domain.test_agreements import DESK, FREIGHT, write_project
from tests.records.test_versions import DEMO_VERSIONS
from tests.support.builds import Built
from tests.support.paths import HOSTILE_FIXTURE as HOSTILE
from tests.support.paths import OUTPUT, REPO

EPOCH = "1751241600"  # 2025-06-30T00:00:00Z
AS_OF = dt.date(2025, 6, 30)
PASSWD_MARKERS = ("root:x:0:0", "/bin/bash", "nologin")

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils not installed"
)


@pytest.fixture(autouse=True)
def source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


@pytest.fixture
def network_attempts(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Any attempt to open a network connection is recorded and fails."""
    attempts: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(args)
        raise OSError("network disabled in tests")

    monkeypatch.setattr(socket.socket, "connect", lambda self, *a: refuse(*a))
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


def signed_freight(current: str) -> dict[str, Any]:
    """The freight agreement signed: current by Ana Ruiz, an older version by Eli Moss, none by Dana Lee."""
    freight = copy.deepcopy(FREIGHT)
    freight["signoffs"] = [
        {"person": "ana-ruiz", "party": "opex", "date": "2025-01-10", "version": current},
        {"person": "eli-moss", "party": "acme", "date": "2025-01-12", "version": "0123456789ab"},
    ]
    return freight


@pytest.fixture
def cat(tmp_path: Path) -> Catalogue:
    root = write_project(tmp_path / "project")
    current = agreement_version(load_catalogue(root).agreements["acme-freight"])
    write_project(root, {"acme-freight": signed_freight(current), "desk-sla": DESK})
    return load_catalogue(root)


def pdftotext(data: bytes, tmp_path: Path) -> str:
    """The document's text as poppler reads it."""
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, timeout=60)
    return out.stdout.decode("utf-8")


def _save(data: bytes, tmp_path: Path) -> Path:
    """The PDF saved to a file (for pypdf)."""
    path = tmp_path / "saved.pdf"
    path.write_bytes(data)
    return path


def flat(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- content


def test_text_has_every_party_responsibility_version_and_signature_block(
    cat: Catalogue, tmp_path: Path
) -> None:
    agreement = cat.agreements["acme-freight"]
    data = pdf.agreement_pdf_bytes(cat, "acme-freight", AS_OF)
    text = flat(pdftotext(data, tmp_path))
    version = agreement_version(agreement)
    assert f"Version {version}" in text
    for party in agreement.parties:
        assert party.name in text
        for responsibility in party.responsibilities:
            assert responsibility in text
    for item in (
        *agreement.objectives,
        *agreement.success_factors,
        *agreement.problem_solving,
        *agreement.onboarding,
    ):
        assert item in text
    assert "Acme Freight Ltd" in text and "Head of Operational Excellence" in text
    # The signature page: one block per signatory with name, role, party, signature and date
    # lines (read with pypdf, which keeps the order blocks are drawn in).
    reader = PdfReader(_save(data, tmp_path))
    signatures = flat(page_with(reader, "9. Sign-off").extract_text())
    assert signatures.count("Signature:") == 3
    assert signatures.count("Date:") == 3
    for name, role, party in (
        ("Ana Ruiz", "Head of OpEx", "Operational Excellence office"),
        ("Eli Moss", "Managing Director", "Acme Freight"),
        ("Dana Lee", "Account Manager", "Acme Freight"),
    ):
        assert f"For {party} Name {name} Role {role} Party {party} Signature: Date:" in signatures
    assert "On record" not in signatures  # what the records say is not part of what is signed


def page_with(reader: PdfReader, heading: str) -> Any:
    """The one page of ``reader`` whose text holds ``heading``."""
    (page,) = [p for p in reader.pages if heading in flat(p.extract_text())]
    return page


def agreement_and_record(reader: PdfReader) -> tuple[str, str]:
    """The text of the agreement (cover to signature page) and of the relationship's record."""
    texts = [flat(p.extract_text()) for p in reader.pages]
    start = next(i for i, t in enumerate(texts) if t.startswith("Record of the relationship"))
    return " ".join(texts[:start]), " ".join(texts[start:])


def test_the_document_to_sign_holds_what_is_signed(cat: Catalogue, tmp_path: Path) -> None:
    """What the version does not cover (status, sign-offs, reviews held, reflections, milestones
    reached) is left out of the agreement and set apart, after the signature page, as the
    relationship's record."""
    reader = PdfReader(_save(pdf.agreement_pdf_bytes(cat, "acme-freight", AS_OF), tmp_path))
    agreement, record = agreement_and_record(reader)
    assert (
        "9. Sign-off" in agreement
        and "Arrival board live 2025-02-28 Breakfast at the dock" in agreement
    )
    for absent in (
        "Reached",
        "2025-02-20",
        "Status",
        "re-sign",
        "Trust",
        "Faster data",
        "Reflections",
        "2025-05-06",
    ):
        assert absent not in agreement, absent
    assert record.startswith(
        "Record of the relationship Not part of the agreement: what the records held on 2025-06-30. "
        "This page is not covered by the version and is not signed"
    )
    assert (
        "Status active Sign-off re-sign needed (1 of 3 current, 1 to re-sign, 1 not yet signed)"
        in record
    )
    assert (
        "Milestones reached Milestone Due Reached Arrival board live 2025-02-28 2025-02-20"
        in record
    )
    assert "Dock-to-stock under 6 hours" not in record  # not reached
    assert (
        "Meetings and progress reports held Date What Note "
        "2025-03-31 Progress report – 2025-05-06 Meeting –"
    ) in record
    assert "Reflections on the relationship 2025-04-01 What we gained" in record
    assert "Trust What to improve" in record and "Faster data" in record


def test_every_page_has_the_footer(cat: Catalogue, tmp_path: Path) -> None:
    version = agreement_version(cat.agreements["acme-freight"])
    reader = PdfReader(_save(pdf.agreement_pdf_bytes(cat, "acme-freight", AS_OF), tmp_path))
    total = len(reader.pages)
    assert total >= 3  # cover, contract, signatures
    for number, page in enumerate(reader.pages, start=1):
        text = flat(page.extract_text())
        assert text.endswith(
            f"acme-freight · version {version} · printed 2025-06-30 Page {number} of {total}"
        )


def test_every_page_carries_the_code(cat: Catalogue, tmp_path: Path) -> None:
    """Every footer and the signature page hold the agreement's id, full version and commit
    (here given; a project outside git has none), read back with zxing-cpp."""
    version = full_version(cat.agreements["acme-freight"])
    path = _save(pdf.agreement_pdf_bytes(cat, "acme-freight", AS_OF, commit="ab" * 20), tmp_path)
    pages = read_codes(path)
    stamp = Stamp("acme-freight", version, "ab" * 20)
    assert [p.stamps for p in pages] == [(stamp,)] * (len(pages) - 2) + [(stamp, stamp), (stamp,)]
    html = pdf.agreement_html(cat, "acme-freight", AS_OF)
    assert f'its full version <span class="mono hash">{version}</span>. Anyone' in html  # no commit


@pytest.mark.slow
def test_the_demo_pdfs_carry_the_commit_checked_out(demo_build: Built) -> None:
    (page,) = read_codes(
        demo_build.site / "agreements/vestby-casting-partnership.pdf", first_only=True
    )
    commit = head_commit(REPO)
    assert commit is not None and len(commit) == 40
    assert page.stamps == (
        Stamp("vestby-casting-partnership", DEMO_VERSIONS["vestby-casting-partnership"], commit),
    )


def test_signature_states_are_printed(cat: Catalogue, tmp_path: Path) -> None:
    data = pdf.agreement_pdf_bytes(cat, "acme-freight", AS_OF)
    text = flat(pdftotext(data, tmp_path))
    assert "Sign-off re-sign needed (1 of 3 current, 1 to re-sign, 1 not yet signed)" in text
    version = agreement_version(cat.agreements["acme-freight"])
    page = flat(page_with(PdfReader(_save(data, tmp_path)), "Signatures on record").extract_text())
    assert (
        "Signatures on record Signatory Role Party State Last signed "
        f"Ana Ruiz Head of OpEx Operational Excellence office signed the current version 2025-01-10 {version} "
        "Eli Moss Managing Director Acme Freight signed an older version – re-sign needed 2025-01-12 0123456789ab "
        "Dana Lee Account Manager Acme Freight not yet signed –"
    ) in page


def test_print_date_is_the_date_given(cat: Catalogue, tmp_path: Path) -> None:
    data = pdf.agreement_pdf_bytes(cat, "desk-sla", AS_OF, printed_on=dt.date(2025, 7, 1))
    text = flat(pdftotext(data, tmp_path))
    assert "Printed 2025-07-01" in text and "printed 2025-07-01 Page 1 of" in text
    assert "what the records held on 2025-06-30" in text


def test_fonts_are_embedded_dejavu(cat: Catalogue, tmp_path: Path) -> None:
    reader = PdfReader(_save(pdf.agreement_pdf_bytes(cat, "acme-freight", AS_OF), tmp_path))
    fonts: dict[str, Any] = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[str(font["/BaseFont"])] = font
    assert {name.split("+", 1)[1] for name in fonts} >= {
        "DejaVu-Serif",
        "DejaVu-Sans",
        "DejaVu-Sans-Bold",
        "DejaVu-Sans-Mono",
    }
    for name, font in fonts.items():
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, f"{name} is not embedded"


# --------------------------------------------------------------------------- determinism


def test_same_records_same_bytes(cat: Catalogue) -> None:
    first = pdf.agreement_pdf_bytes(cat, "acme-freight", AS_OF)
    assert pdf.agreement_pdf_bytes(cat, "acme-freight", AS_OF) == first
    assert first.startswith(b"%PDF-1.7")


_RENDER = """
import datetime as dt, sys
from generator.records.catalogue import load_catalogue
from generator.pdf.agreement import agreement_pdf_bytes
cat = load_catalogue(sys.argv[1])
sys.stdout.buffer.write(agreement_pdf_bytes(cat, "acme-freight", dt.date(2025, 6, 30)))
"""


@pytest.mark.slow
def test_same_bytes_in_another_process_and_time_zone(cat: Catalogue) -> None:
    expected = pdf.agreement_pdf_bytes(cat, "acme-freight", AS_OF)
    for tz in ("Pacific/Kiritimati", "America/St_Johns"):
        out = subprocess.run(
            [sys.executable, "-c", _RENDER, str(cat.root)], capture_output=True, check=True, cwd=REPO, timeout=120,
            env={**os.environ, "TZ": tz, "SOURCE_DATE_EPOCH": EPOCH},
        )  # fmt: skip
        assert out.stdout == expected, f"PDF differs under TZ={tz}"


def test_metadata_dates_and_id_come_from_source_date_epoch(
    cat: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reader = PdfReader(_save(pdf.agreement_pdf_bytes(cat, "acme-freight", AS_OF), tmp_path))
    assert reader.metadata is not None
    assert reader.metadata["/CreationDate"] == "D:20250630000000+00'00"
    assert reader.metadata["/ModDate"] == "D:20250630000000+00'00"
    assert reader.metadata["/Creator"] == "OpEx Playbooks"
    first_id = reader.trailer["/ID"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH) + 86400))
    later = PdfReader(_save(pdf.agreement_pdf_bytes(cat, "acme-freight", AS_OF), tmp_path))
    assert later.metadata is not None
    assert later.metadata["/CreationDate"] == "D:20250701000000+00'00"
    assert later.trailer["/ID"][0] != first_id[0]


def test_without_source_date_epoch_the_dates_come_from_the_as_of_date(
    cat: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No wall clock: two builds of the same records and as-of date write the same bytes."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    first = pdf.agreement_pdf_bytes(cat, "acme-freight", dt.date(2025, 7, 3))
    assert pdf.render_pdfs(cat, ["acme-freight"], dt.date(2025, 7, 3))["acme-freight"] == first
    reader = PdfReader(_save(first, tmp_path))
    assert reader.metadata is not None
    assert (
        reader.metadata["/CreationDate"] == reader.metadata["/ModDate"] == "D:20250703000000+00'00"
    )


# --------------------------------------------------------------------------- pictures


def test_cover_and_signature_page_as_png(cat: Catalogue) -> None:
    OUTPUT.mkdir(exist_ok=True)
    target = OUTPUT / "acme-freight.pdf"
    pdf.write_agreement_pdf(cat, "acme-freight", target, AS_OF)
    pages = len(PdfReader(target).pages)
    for page, name in ((1, "cover"), (pages, "signatures")):
        prefix = OUTPUT / f"acme-freight-{name}"
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", str(page), "-l", str(page), "-singlefile", str(target), str(prefix)],
            check=True, timeout=60,
        )  # fmt: skip
        image = Image.open(f"{prefix}.png").convert("L")
        assert image.size == (497, 702)  # A4 at 60 dpi
        width, height = image.size
        ink = [sum(1 for x in range(width) if image.getpixel((x, y)) < 160) for y in range(height)]  # type: ignore[operator]
        assert sum(ink) > 2000, f"{name} page looks blank"
        assert any(ink[y] for y in range(height - 60, height - 30)), f"no footer on the {name} page"
        # Long horizontal rules: the cover's title rule; on the signature page, the signature lines.
        rules = [y for y in range(height) if ink[y] > width * 0.25]
        assert rules, f"no rule on the {name} page"


# --------------------------------------------------------------------------- safety


@pytest.fixture
def hostile() -> Catalogue:
    return load_catalogue(HOSTILE)


def _strings(value: Any, path: str = "") -> list[tuple[str, str]]:
    if isinstance(value, dict):
        return [item for k, v in value.items() for item in _strings(v, f"{path}.{k}")]
    if isinstance(value, list):
        return [item for i, v in enumerate(value) for item in _strings(v, f"{path}[{i}]")]
    return [(path, value)] if isinstance(value, str) else []


def test_hostile_fixture_covers_every_free_text_field(hostile: Catalogue) -> None:
    payloads = yaml.safe_load((HOSTILE / "payloads.yaml").read_text(encoding="utf-8"))["payloads"]
    agreement = hostile.agreements["hostile"]
    text_fields = [
        (path, value) for path, value in _strings(agreement.model_dump(mode="json"))
        if not path.endswith((".id", ".leader", ".partner", ".shepherd", ".person", ".party", ".type",
                              ".status", ".start", ".end", ".due", ".date", ".kind", ".frequency", ".form"))
    ]  # fmt: skip
    assert len(text_fields) >= 30
    for path, value in text_fields:
        assert any(p in value for p in payloads), f"{path} carries no hostile payload"


def _annotations(reader: PdfReader) -> list[Any]:
    return [a.get_object() for page in reader.pages for a in (page.get("/Annots") or [])]


def assert_no_attachments(reader: PdfReader) -> None:
    root = reader.trailer["/Root"]
    assert "/EmbeddedFiles" not in (root.get("/Names") or {})
    assert "/AF" not in root and "/OpenAction" not in root and "/AA" not in root
    for annot in _annotations(reader):
        assert annot["/Subtype"] == "/Link", annot
        action = annot.get("/A")
        if action is not None:
            assert action["/S"] == "/URI", annot
            assert str(action["/URI"]).startswith(("http://", "https://", "mailto:")), annot


def test_hostile_content_is_printed_as_text(
    hostile: Catalogue, tmp_path: Path, network_attempts: list[Any]
) -> None:
    fetcher = fetcher_module.SafeFetcher()
    data = pdf.agreement_pdf_bytes(hostile, "hostile", AS_OF, fetcher=fetcher)
    reader = PdfReader(_save(data, tmp_path))
    assert_no_attachments(reader)
    # Nothing was even asked for: the stylesheet is applied directly, the content fetches nothing.
    assert fetcher.fetched == []
    assert fetcher.refused == []
    assert network_attempts == []
    text = pdftotext(data, tmp_path)
    for marker in PASSWD_MARKERS:
        assert marker not in text
    assert b"root:x:0:0" not in data
    # The payloads are there, as text a reader can see.
    assert '<link rel="attachment" href="file:///etc/passwd">' in flat(text)
    assert '<svg><image href="file:///etc/passwd"/></svg>' in flat(text)


def test_hostile_values_are_escaped_in_the_html(hostile: Catalogue) -> None:
    html = pdf.agreement_html(hostile, "hostile", AS_OF)
    assert '<link rel="attachment"' not in html and "<link rel=attachment" not in html
    assert "<link" not in html
    for tag in ("<img", "<iframe", "<object", "<embed", "<video", "<base", "<style"):
        assert tag not in html
    # The only drawings are the two QR codes the template places.
    assert html.count("<svg") == 2
    assert html.count('<svg viewBox="0 0 41 41" class="qr-footer">') == 1
    assert html.count('<svg viewBox="0 0 41 41" class="qr-signature">') == 1
    assert 'href="javascript:' not in html
    assert 'href="file:' not in html
    assert "&lt;link rel=&#34;attachment&#34; href=&#34;file:///etc/passwd&#34;&gt;" in html


def test_fetcher_allows_data_urls_and_its_own_files_only(
    tmp_path: Path, network_attempts: list[Any]
) -> None:
    static = tmp_path / "static"
    static.mkdir()
    (static / "style.css").write_text("p { color: red }", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("root:x:0:0", encoding="utf-8")
    (static / "link.css").symlink_to(tmp_path / "secret.txt")
    fetcher = fetcher_module.SafeFetcher(static)

    response = fetcher.fetch((static / "style.css").as_uri())
    assert (response.read(), response.content_type) == (b"p { color: red }", "text/css")
    response = fetcher.fetch("data:text/plain;base64,aGVsbG8=")
    assert (response.read(), response.content_type) == (b"hello", "text/plain")

    refused = [
        "file:///etc/passwd",
        (tmp_path / "secret.txt").as_uri(),
        (static / "link.css").as_uri(),  # a symlink pointing out of the folder
        static.as_uri() + "/../secret.txt",
        static.as_uri() + "/%2e%2e/secret.txt",
        static.as_uri(),  # the folder itself
        (static / "missing.css").as_uri(),
        "file://evil.example/" + str(static / "style.css"),
        "http://127.0.0.1:9/x.png",
        "https://example.com/font.woff2",
        "ftp://example.com/x",
        "javascript:alert(1)",
        "about:blank",
    ]
    for url in refused:
        with pytest.raises(fetcher_module.FetchRefused):
            fetcher(url)
    assert fetcher.refused == refused
    assert len(fetcher.fetched) == 2
    assert network_attempts == []


RAW_HOSTILE_HTML = """<!DOCTYPE html><html><head>
<link rel="stylesheet" href="agreement.css">
<link rel="stylesheet" href="http://127.0.0.1:9/evil.css">
<link rel="attachment" href="file:///etc/issue" title="issue">
<link rel="attachment" href="agreement.css" title="own file">
<style>@import url("file:///etc/shadow"); body { background: url(http://127.0.0.1:9/bg.png) }</style>
</head><body>
<p>Raw hostile HTML, as if the escaping had failed.</p>
<img src="file:///etc/passwd"><img src="http://127.0.0.1:9/x.png"><img src="../../../../../../etc/hosts">
<img src="data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22 width=%2210%22 height=%2210%22%3E%3Cimage href=%22file:///etc/hostname%22 width=%2210%22 height=%2210%22/%3E%3C/svg%3E">
<object data="file:///etc/os-release"></object><embed src="https://example.com/e.png">
<a rel="attachment" href="file:///etc/issue.net">attachment link</a>
<a rel="attachment" href="agreement.css">attachment of an allowed file</a>
<a href="javascript:alert(1)">script</a> <a href="file:///etc/passwd">file</a> <a href="https://example.com/">web</a>
<div style="background: url(file:///etc/group)">styled</div>
</body></html>"""
"""Hostile HTML given to the renderer directly: each vector uses its own URL."""


def test_raw_hostile_html_fetches_nothing_outside_and_attaches_nothing(
    tmp_path: Path, network_attempts: list[Any], caplog: pytest.LogCaptureFixture
) -> None:
    fetcher = fetcher_module.SafeFetcher()
    data = html_to_pdf(RAW_HOSTILE_HTML, fetcher)
    reader = PdfReader(_save(data, tmp_path))
    assert_no_attachments(reader)
    uris = [str(a["/A"]["/URI"]) for a in _annotations(reader) if "/A" in a]
    assert uris == ["https://example.com/"]
    # Served: the document's own stylesheet and the data: image, nothing else.
    assert [u.split(",")[0] for u in fetcher.fetched] == [
        (fetcher_module.TEMPLATE_DIR / pdf.STYLESHEET).resolve().as_uri(),
        "data:image/svg+xml",
    ]
    # Refused: every other resource, including ../ out of the folder and the SVG's own image.
    assert sorted(set(fetcher.refused)) == [
        "file:///etc/group",
        "file:///etc/hostname",
        "file:///etc/hosts",
        "file:///etc/os-release",
        "file:///etc/passwd",
        "file:///etc/shadow",
        "http://127.0.0.1:9/bg.png",
        "http://127.0.0.1:9/evil.css",
        "http://127.0.0.1:9/x.png",
        "https://example.com/e.png",
    ]
    # Attachments are removed from the document before anything would fetch them.
    assert not any("issue" in u for u in fetcher.refused + fetcher.fetched)
    assert network_attempts == []
    text = pdftotext(data, tmp_path)
    assert "Raw hostile HTML" in text
    for marker in PASSWD_MARKERS:
        assert marker not in text
    assert b"root:x:0:0" not in data
    assert any("refused to fetch file:///etc/passwd" in r.getMessage() for r in caplog.records)


# --------------------------------------------------------------------------- templates


def test_undefined_template_variable_is_a_render_error(cat: Catalogue, tmp_path: Path) -> None:
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / pdf.TEMPLATE).write_text(
        "<p>{{ agreement.title }} {{ no_such_thing }}</p>", encoding="utf-8"
    )
    with pytest.raises(
        RenderError,
        match=r"agreement\.html\.j2 \(record content/agreements/acme-freight\.yaml\): 'no_such_thing' is undefined",
    ):
        pdf.agreement_html(cat, "acme-freight", AS_OF, template_dirs=[folder])


def test_purpose_is_rendered_markdown(cat: Catalogue) -> None:
    html = pdf.agreement_html(cat, "acme-freight", AS_OF)
    assert "<p>Cut <strong>dock-to-stock</strong> time together.</p>" in html


# --------------------------------------------------------------------------- files


def test_unknown_ids_are_named_with_a_suggestion(cat: Catalogue, tmp_path: Path) -> None:
    with pytest.raises(pdf.UnknownAgreementError) as info:
        pdf.write_pdfs(cat, ["acme-frieght", "desk-sla", "zzz"], tmp_path / "out", AS_OF)
    assert (
        str(info.value)
        == "unknown agreement 'acme-frieght' (did you mean 'acme-freight'?); unknown agreement 'zzz'"
    )
    assert isinstance(info.value, OpexError)
    assert not (tmp_path / "out").exists()  # nothing rendered, nothing written
    with pytest.raises(pdf.UnknownAgreementError, match="unknown agreement 'nope'"):
        pdf.agreement_pdf_bytes(cat, "nope", AS_OF)


@pytest.mark.slow
def test_write_pdfs_in_parallel_gives_the_same_files(cat: Catalogue, tmp_path: Path) -> None:
    one = pdf.write_pdfs(cat, None, tmp_path / "one", AS_OF)
    two = pdf.write_pdfs(cat, None, tmp_path / "two", AS_OF, jobs=2)
    assert [p.name for p in one] == [p.name for p in two] == ["acme-freight.pdf", "desk-sla.pdf"]
    for a, b in zip(one, two, strict=True):
        assert a.read_bytes() == b.read_bytes()
    assert sorted(p.name for p in (tmp_path / "two").iterdir()) == [
        "acme-freight.pdf",
        "desk-sla.pdf",
    ]
    only = pdf.write_pdfs(cat, ["desk-sla"], tmp_path / "three", AS_OF)
    assert only == [tmp_path / "three" / "desk-sla.pdf"]


def test_a_failure_leaves_no_partial_pdf(
    cat: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    target = pdf.write_agreement_pdf(cat, "desk-sla", out / "desk-sla.pdf", AS_OF)
    before = target.read_bytes()

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        pdf.write_agreement_pdf(cat, "desk-sla", target, dt.date(2025, 7, 1))
    assert target.read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == ["desk-sla.pdf"]  # no temporary file left
    monkeypatch.undo()

    def broken_render(*args: Any, **kwargs: Any) -> bytes:
        raise ValueError("layout exploded")

    monkeypatch.setattr(pdf_render, "html_to_pdf", broken_render)  # what every document calls
    with pytest.raises(
        RenderError,
        match=r"content/agreements/acme-freight\.yaml: printable document failed: layout exploded",
    ):
        pdf.write_agreement_pdf(cat, "acme-freight", out / "acme-freight.pdf", AS_OF)
    assert sorted(p.name for p in out.iterdir()) == ["desk-sla.pdf"]


def test_write_pdfs_writes_nothing_when_one_document_fails(
    cat: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = pdf.agreement_pdf_bytes

    def fail_on_desk(catalogue: Catalogue, agreement_id: str, *args: Any, **kwargs: Any) -> bytes:
        if agreement_id == "desk-sla":
            raise RenderError("content/agreements/desk-sla.yaml: printable document failed: boom")
        return real(catalogue, agreement_id, *args, **kwargs)

    monkeypatch.setattr(pdf, "agreement_pdf_bytes", fail_on_desk)
    with pytest.raises(RenderError, match="desk-sla.yaml: printable document failed: boom"):
        pdf.write_pdfs(cat, None, tmp_path / "out", AS_OF)
    assert not (tmp_path / "out").exists()
