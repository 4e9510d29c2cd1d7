"""The QR code of the clinic's site as a flowable: its modules (`cdbooklet.pdf.qrcode`) drawn
as one filled path.

ReportLab's QR widget builds a graphics object per run of dark modules and works the code out
again each time it is measured or drawn: most of a handout's time went there.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable

from cdbooklet.pdf.flowables import TaggedFlowable
from cdbooklet.pdf.qrcode import modules
from cdbooklet.pdf.structure import Tag

BORDER = 2
"""Light modules around the code (the quiet zone), in modules."""


class QrCode(TaggedFlowable, Flowable):
    """A QR code `size` points square, black on whatever is behind it; `tag` is its Figure."""

    def __init__(self, url: str, size: float, tag: Tag | None = None) -> None:
        super().__init__()
        self.url = url
        self.width = self.height = size
        self.tag = tag
        self.hAlign = "LEFT"

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        count, runs = modules(self.url)
        box = self.width / (count + 2 * BORDER)
        canv: Any = self.canv
        path = canv.beginPath()
        for r, c, length in runs:
            path.rect((c + BORDER) * box, self.height - (r + BORDER + 1) * box, length * box, box)
        canv.saveState()
        canv.setFillGray(0)
        canv.drawPath(path, stroke=0, fill=1)
        canv.restoreState()
