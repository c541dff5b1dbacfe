"""The strategy-deployment fixture built for real with PDFs: every page, the printable X-matrix."""

from __future__ import annotations

import pytest

from tests.support.builds import Built


@pytest.mark.slow
def test_strict_build_with_pdf(deployment_build: Built) -> None:
    site = deployment_build.site
    for page in ("strategy/cascade", "strategy/x-matrix", "strategy/reflection", "initiatives/improvement",
                 "initiatives/strategic", "initiatives/assumptions", "initiatives/resources"):  # fmt: skip
        assert (site / page / "index.html").is_file(), page
    assert (site / "strategy" / "x-matrix.pdf").read_bytes().startswith(b"%PDF-")
    html = (site / "strategy" / "x-matrix" / "index.html").read_text(encoding="utf-8")
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="opex-xm" role="img"') == 1
    assert 'href="../x-matrix.pdf"' in html or 'href="x-matrix.pdf"' in html
    # An A3 report beside each strategic initiative that was not cancelled, linked from its page.
    assert sorted(p.name for p in (site / "initiatives").glob("*.pdf")) == [
        "boards-rollout-a3.pdf", "service-launch-a3.pdf",
    ]  # fmt: skip
    page = (site / "initiatives" / "service-launch" / "index.html").read_text(encoding="utf-8")
    assert 'href="../service-launch-a3.pdf"' in page
