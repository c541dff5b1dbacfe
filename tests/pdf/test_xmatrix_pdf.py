"""The printed X-matrix: A3 landscape, the same bytes for the same records and date, nothing fetched."""

from __future__ import annotations

import shutil
import socket
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from generator.pdf import xmatrix as printed
from generator.records.catalogue import Catalogue
from tests.support.paths import OUTPUT
from tests.support.records import AS_OF, deployment_catalogue


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return deployment_catalogue()


EPOCH = "1795300000"


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    attempts: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(args)
        raise OSError("network disabled in tests")

    monkeypatch.setattr(socket.socket, "connect", lambda self, *a: refuse(*a))
    monkeypatch.setattr(socket, "create_connection", refuse)
    return attempts


def test_pdf_is_a3_landscape_deterministic_and_offline(
    cat: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_network: list[Any]
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    data = printed.xmatrix_pdf_bytes(cat, AS_OF)
    assert data == printed.xmatrix_pdf_bytes(cat, AS_OF)
    assert no_network == []
    path = tmp_path / "x-matrix.pdf"
    path.write_bytes(data)
    reader = PdfReader(path)
    assert len(reader.pages) == 2
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (
        1191,
        842,
    )  # A3 landscape in points
    assert reader.metadata.title == "X-matrix as of 2026-11-22"  # type: ignore[union-attr]
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert (
            "One-piece flow in cell 3" in text
            and "X-matrix relations, one row per initiative" in text
        )
        # The long objective title is wrapped on the sheet, not cut: all of it is printed.
        sheet = " ".join(text.split("\f")[0].split())
        assert "…" not in sheet
        assert "B3 Earn a third of revenue from service | a very long objective title" in sheet
        assert "of the matrix" in sheet
    if shutil.which("pdftoppm"):
        OUTPUT.mkdir(exist_ok=True)
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "60",
                "-png",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(path),
                str(OUTPUT / "x-matrix-pdf"),
            ],
            check=True,
        )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH) + 86400))
    assert printed.xmatrix_pdf_bytes(cat, AS_OF) != data
