"""The QR code printed on an agreement, drawn by segno as inline SVG for WeasyPrint.

The code's text is :meth:`~generator.records.paper.Stamp.text` (agreement id, full version,
commit).  It is drawn as vector paths, so it prints sharp at any size, and inline, so WeasyPrint
fetches nothing for it.  Error correction level M (15% of the code may be lost to a fold, a
staple hole or a signature across it); segno raises the level where the same size allows.
"""

from __future__ import annotations

import segno
from markupsafe import Markup

from generator.records.paper import Stamp


def qr_svg(stamp: Stamp, css_class: str) -> Markup:
    """The code of ``stamp`` as an ``<svg>`` element sized by the stylesheet (class
    ``css_class``), with no quiet zone of its own: the stylesheet leaves the white around it."""
    code = segno.make(stamp.text(), error="m", micro=False, mode="alphanumeric")
    return Markup(code.svg_inline(border=0, omitsize=True, svgclass=css_class, dark="#000"))
