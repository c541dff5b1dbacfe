"""``opex verify`` and ``opex pdf --sign``: a printed agreement told apart from paper, and signed.

The printed document is the one the site fixture's build made (``site_build``); pages are turned
into PNG at 150 dpi with poppler's ``pdftoppm``, as a scanner would, and read back.  The signing
key is a throwaway one made here with ``cryptography``.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import segno
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from PIL import Image

from generator.records.catalogue import load_catalogue
from generator.records.paper import Stamp
from generator.records.versions import full_version
from tests.support.builds import EPOCH, Built

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed"),
]

PDF = "site/agreements/it-support.pdf"


def scan(pdf: Path, page: int, into: Path) -> Path:
    """Page ``page`` of ``pdf`` as a 150 dpi PNG (pdftoppm)."""
    prefix = into / f"page-{page}"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(prefix)],
        check=True, timeout=60,
    )  # fmt: skip
    return prefix.with_suffix(".png")


@pytest.fixture(scope="module")
def version(site_build: Built) -> str:
    return full_version(load_catalogue(site_build.root).agreements["it-support"])


def test_a_scan_names_the_agreement_and_its_version(
    site_build: Built, version: str, tmp_path: Path, opex
) -> None:  # type: ignore[no-untyped-def]
    pdf = site_build.root / PDF
    pages = len(pdfium.PdfDocument(pdf))
    for page in (1, pages - 1):  # the cover's footer; the signature page, with its larger code
        run = opex("--root", str(site_build.root), "verify", str(scan(pdf, page, tmp_path)))
        assert (run.code, run.err) == (0, "")
        assert run.out.splitlines() == [
            f"{tmp_path / f'page-{page}.png'}: Shop-floor IT support (it-support)",
            f"  version {version[:12]} (in full {version})",
            "  printed outside a git repository (no commit)",
            "  the current version",
            "  no signature is recorded for this version",
        ]
    # The PDF itself: every page read, every page the same code.
    run = opex("--root", str(site_build.root), "verify", str(pdf))
    assert run.code == 0
    assert run.out.splitlines()[-1] == f"  the same code on all {pages} pages"


def test_a_scan_of_an_older_version_says_so(
    site_build: Built, version: str, tmp_path: Path, opex
) -> None:  # type: ignore[no-untyped-def]
    root = site_build.copy(tmp_path / "project")
    png = scan(root / PDF, 1, tmp_path)
    record = root / "content/agreements/it-support.yaml"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("objectives: [", "objectives: [One more, ", 1))
    now = full_version(load_catalogue(root).agreements["it-support"])
    assert now != version
    run = opex("--root", str(root), "verify", str(png))
    assert run.code == 0
    assert run.out.splitlines()[3] == (
        f"  an older version: the current version is {now[:12]}, "
        "so a signature on this copy is for the older text"
    )


def test_an_image_without_a_code_is_a_clear_error(site_build: Built, tmp_path: Path, opex) -> None:  # type: ignore[no-untyped-def]
    photo = tmp_path / "photo.jpg"
    Image.new("L", (1240, 1754), 255).save(photo)
    text = tmp_path / "notes.png"
    text.write_text("not an image")
    run = opex("--root", str(site_build.root), "verify", str(photo), str(text))
    assert run.code == 1
    assert run.out == ""
    assert run.err.splitlines() == [
        f"opex: error: {photo}: no agreement code found: the copy was printed before agreements "
        "carried codes, or the scan is too coarse or blurred (200 dpi or more reads every page's code)",
        f"opex: error: {text}: neither a PDF nor an image that can be read",
    ]


def test_a_page_of_another_version_is_found(site_build: Built, tmp_path: Path, opex) -> None:  # type: ignore[no-untyped-def]
    page = Image.open(scan(site_build.root / PDF, 1, tmp_path)).convert("L")
    other = Image.new("L", page.size, 255)
    code = segno.make(Stamp("it-support", "0" * 64).text(), error="m", mode="alphanumeric")
    drawn = io.BytesIO()
    code.save(drawn, kind="png", scale=8, border=4)
    other.paste(Image.open(drawn).convert("L"), (200, 200))
    mixed = tmp_path / "mixed.pdf"
    page.save(mixed, save_all=True, append_images=[other], resolution=150)
    run = opex("--root", str(site_build.root), "verify", str(mixed))
    assert run.code == 1
    assert run.out.splitlines()[-1] == (
        "  page 2 is of another document: agreement 'it-support', version 000000000000"
    )


# --------------------------------------------------------------------------- digital signatures


def throwaway_key(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate and its key as a PKCS#12 file (passphrase "secret")."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "OpEx office (test)")])
    start = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start).not_valid_after(start + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    p12 = folder / "key.p12"
    p12.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"opex", key, cert, None, serialization.BestAvailableEncryption(b"secret")
        )
    )
    pem = folder / "cert.pem"
    pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return p12, pem


def _pixels(pdf: Path, index: int) -> bytes:
    page = pdfium.PdfDocument(pdf)[index]
    return bytes(page.render(scale=1).to_pil().tobytes())


def test_a_signed_pdf_keeps_its_pages_and_verifies(
    site_build: Built, tmp_path: Path, opex, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    p12, pem = throwaway_key(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("OPEX_SIGN_PASSPHRASE", "wrong")
    root = str(site_build.root)
    out = tmp_path / "signed"
    run = opex("--root", root, "pdf", "--sign", str(p12), "--output", str(out), "it-support")
    assert (run.code, run.err) == (
        1,
        f"opex: error: {p12}: cannot open the key: not a PKCS#12 file, or the passphrase (OPEX_SIGN_PASSPHRASE) is wrong or missing\n",
    )
    assert not out.exists()
    monkeypatch.setenv("OPEX_SIGN_PASSPHRASE", "secret")
    run = opex("--root", root, "pdf", "--sign", str(p12), "--output", str(out), "it-support")
    assert run.code == 0, run.err
    signed, unsigned = out / "it-support.pdf", site_build.root / PDF
    # An incremental update: the document as built is the signed file's first revision, byte
    # for byte, and every page renders as before.
    assert signed.read_bytes().startswith(unsigned.read_bytes())
    assert len(signed.read_bytes()) > len(unsigned.read_bytes())
    for index in (0, len(pdfium.PdfDocument(unsigned)) - 1):
        assert _pixels(signed, index) == _pixels(unsigned, index)

    run = opex("--root", root, "verify", str(signed))
    assert run.code == 0
    (line,) = [x for x in run.out.splitlines() if "digital signature" in x]
    assert line.startswith("  digital signature by Common Name: OpEx office (test) at ")
    assert line.endswith(
        ": intact, covering the whole file; certificate not trusted (give --trust CERT for a certificate to trust)"
    )
    run = opex("--root", root, "verify", "--trust", str(pem), str(signed))
    assert run.out.splitlines()[-1].endswith(
        ": intact, covering the whole file; certificate trusted"
    )

    # One byte changed inside the signed revision: the signature no longer holds.
    data = bytearray(signed.read_bytes())
    at = data.index(b"/Title (") + 8
    data[at] = ord("X") if data[at] != ord("X") else ord("Y")
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(bytes(data))
    run = opex("--root", root, "verify", str(tampered))
    assert run.code == 1
    assert "BROKEN: the signed bytes were changed, or the signature does not match them" in run.out
