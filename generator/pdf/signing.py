"""Digital signatures on printable agreements, optionally: PAdES with pyHanko.

:func:`sign_pdf` adds a PAdES baseline signature (``ETSI.CAdES.detached``, SHA-256) as an
incremental update: the document as rendered stays byte for byte the first revision of the
signed file, and the signature field has no appearance, so every page looks as it did.  What
signing adds is the signature itself, the signer's certificate and the time of signing (the
clock's, since that is what the signature states): a signed file is therefore not the same
bytes from run to run, while the unsigned document it contains is.

:func:`check_signatures` validates every signature of a PDF offline (no revocation look-ups,
nothing fetched): whether the signed bytes are intact, whether the signature covers the whole
file or later revisions were added, who signed, and whether the certificate leads to one of the
certificates given as trusted.

pyHanko is optional (``pip install "opex-playbooks[sign]"``); it is imported only here, and
:class:`SigningUnavailable` says how to install it when it is missing.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import warnings
from dataclasses import dataclass
from pathlib import Path

from generator.errors import OpexError

INSTALL = 'pip install "opex-playbooks[sign]"'
"""How to install what digital signatures need."""


class SigningUnavailable(OpexError):
    """pyHanko is not installed."""


class SigningError(OpexError):
    """A key that cannot be used, or a file that cannot be signed or checked."""


def _pyhanko():  # type: ignore[no-untyped-def]
    try:
        # pyHanko imports cryptography's DSA key types, which cryptography 51 and later warn
        # about on import (a warning of pyHanko's code, about a key type no signing here uses):
        # imported once here without it, so no command prints it.
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="DSA is deprecated")
            import pyhanko.sign  # noqa: F401
            import pyhanko.sign.validation  # noqa: F401
    except ImportError:
        raise SigningUnavailable(
            f"digital signatures need pyHanko, which is not installed: {INSTALL}"
        ) from None
    # pyHanko logs every failed check with a traceback; the result says it in plain words.
    for name in ("pyhanko", "pyhanko_certvalidator"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


@dataclass(frozen=True)
class Key:
    """A signing key with its certificate, loaded from a PKCS#12 file (``.p12``, ``.pfx``)."""

    signer: object
    """pyHanko's signer."""
    subject: str
    """Who the certificate names."""


def load_key(path: Path | str, passphrase: str | None) -> Key:
    """The key and certificate of a PKCS#12 file; :class:`SigningError` naming the file when it
    cannot be read or opened with ``passphrase``."""
    _pyhanko()
    from pyhanko.sign import signers

    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SigningError(f"{path}: cannot read the key: {exc.strerror}") from None
    secret = passphrase.encode() if passphrase else None
    try:
        signer = signers.SimpleSigner.load_pkcs12_data(data, other_certs=[], passphrase=secret)
    except ValueError:
        raise SigningError(
            f"{path}: cannot open the key: not a PKCS#12 file, or the passphrase "
            "(OPEX_SIGN_PASSPHRASE) is wrong or missing"
        ) from None
    return Key(signer, signer.signing_cert.subject.human_friendly)


def sign_pdf(data: bytes, key: Key) -> bytes:
    """``data`` with a PAdES signature by ``key`` added as an incremental update (``data`` is
    the signed file's first revision, unchanged)."""
    _pyhanko()
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter

    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    meta = signers.PdfSignatureMetadata(
        field_name="Signature", subfilter=SigSeedSubFilter.PADES, md_algorithm="sha256"
    )
    out = signers.sign_pdf(writer, meta, signer=key.signer)
    return bytes(out.getvalue())


@dataclass(frozen=True)
class SignatureCheck:
    """What one digital signature of a PDF says."""

    signer: str
    """Who the signing certificate names."""
    signed_at: str | None
    """When the signer's software says it signed (ISO 8601, UTC), if it says."""
    intact: bool
    """The signed bytes are unchanged and the signature is mathematically valid."""
    whole_file: bool
    """The signature covers the whole file: nothing was added after signing."""
    trusted: bool
    """The certificate leads to one of the certificates given as trusted."""

    @property
    def ok(self) -> bool:
        """Intact and covering the whole file (trust is a separate question)."""
        return self.intact and self.whole_file


def check_signatures(path: Path | str, trusted: list[Path] | None = None) -> list[SignatureCheck]:
    """Every digital signature of the PDF at ``path``, validated offline; an empty list for a
    PDF without one.  ``trusted``: certificate files (PEM or DER) whose holders are trusted."""
    _pyhanko()
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    roots = []
    for cert in trusted or []:
        try:
            roots.append(load_cert_from_pemder(str(cert)))
        except (OSError, ValueError) as exc:
            raise SigningError(f"{cert}: not a certificate that can be read ({exc})") from None
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    try:
        with open(path, "rb") as fh:
            reader = PdfFileReader(io.BytesIO(fh.read()), strict=False)
            signatures = list(reader.embedded_signatures)
    except PdfReadError as exc:
        raise SigningError(f"{path}: cannot read its signatures ({exc})") from None
    out = []
    for signature in signatures:
        status = validate_pdf_signature(signature, context)
        when = status.signer_reported_dt
        out.append(
            SignatureCheck(
                signer=status.signing_cert.subject.human_friendly,
                signed_at=when.astimezone(dt.UTC).isoformat() if when else None,
                intact=bool(status.intact and status.valid),
                whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
                trusted=bool(status.trusted),
            )
        )
    return out
