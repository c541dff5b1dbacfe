"""Scans of signed copies in the sign-off ledger: published beside the agreement's page and linked
from the ledger in the editions the ``signed_copies`` option names (leadership by default)."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
import segno

from generator.config.load import load_settings
from generator.pipeline.build import build_pages
from generator.records.catalogue import load_catalogue
from generator.records.paper import Stamp
from generator.records.versions import full_version
from tests.support.builds import Built
from tests.support.paths import DATA, REPO

SIGNED = "content/agreements/acme-service/signed/2025-01-06-carla-diaz.png"
LINK = "[signed copy](acme-service/signed/2025-01-06-carla-diaz.png)"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The valid organisation with Carla Diaz's sign-off and the scan of her signed copy."""
    root = tmp_path / "project"
    shutil.copytree(DATA / "valid", root)
    record = root / "content/agreements/acme-service.yaml"
    version = full_version(load_catalogue(root).agreements["acme-service"])
    record.write_text(
        record.read_text(encoding="utf-8")
        + "signoffs:\n  - {person: carla-diaz, party: opex, date: 2025-01-06, "
        + f"version: {version[:12]}, signed_copy: 2025-01-06-carla-diaz.png}}\n",
        encoding="utf-8",
    )
    (root / SIGNED).parent.mkdir(parents=True)
    code = segno.make(Stamp("acme-service", version).text(), error="m", mode="alphanumeric")
    code.save(str(root / SIGNED), scale=3)
    return root


def _built(root: Path, audience: str, signed_copies: str) -> tuple[dict[str, bytes], str]:
    settings = load_settings(root, as_of="2025-06-30", audience=audience)
    settings = dataclasses.replace(
        settings, pdf=False, edit_history=False, signed_copies=signed_copies
    )
    result = build_pages(settings)
    page = next(p for p in result.pages if p.path == "agreements/acme-service.md")
    return {f: data for f, data in result.files.items() if "/signed/" in f}, page.markdown


@pytest.mark.parametrize(
    ("audience", "signed_copies", "published"),
    [
        ("leadership", "leadership", True),
        ("staff", "leadership", False),
        ("staff", "all", True),
        ("leadership", "none", False),
    ],
)
def test_the_ledger_links_the_signed_copy_where_the_edition_publishes_it(
    project: Path, audience: str, signed_copies: str, published: bool
) -> None:
    files, markdown = _built(project, audience, signed_copies)
    (row,) = [line for line in markdown.splitlines() if line.startswith("| Carla Díaz |")]
    if published:
        assert files == {
            "agreements/acme-service/signed/2025-01-06-carla-diaz.png": (
                project / SIGNED
            ).read_bytes()
        }
        version = row.split('<code class="opex-hash">')[1].split("</code>")[0]
        assert row.endswith(
            f'| 2025-01-06 (version <code class="opex-hash">{version}</code>) · {LINK} |'
        )
    else:
        assert files == {}
        assert "signed copy" not in markdown
        assert row.endswith("</code>) |")


@pytest.mark.slow
def test_the_demo_site_links_its_signed_copy(demo_build: Built) -> None:
    """In a real strict build the link resolves to the scan, copied beside the page."""
    scan = "agreements/it-opex-digital-boards-sla/signed/2025-12-05-signed.pdf"
    assert (demo_build.site / scan).read_bytes() == (REPO / "content" / scan).read_bytes()
    page = (demo_build.site / "agreements/it-opex-digital-boards-sla/index.html").read_text()
    assert page.count('href="signed/2025-12-05-signed.pdf">signed copy</a>') == 2
