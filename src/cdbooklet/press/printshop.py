"""Print-shop files: bleed, trim and crop marks added to a finished PDF with pypdf.

The layout draws full-bleed areas (the cover band) past the trimmed page edge by the bleed; here
each page's MediaBox grows to hold the bleed and the marks, TrimBox keeps the finished size,
BleedBox the trim plus the bleed, and thin registration marks are drawn outside the bleed at the
corners, where the guillotine cuts. Never touches the page content itself.
"""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, NameObject, RectangleObject

from cdbooklet.pdf.objects import add_object

MM = 72 / 25.4
MARK_LENGTH = 5 * MM
"""How long each crop mark is."""
MARK_GAP = 2 * MM
"""How far crop marks stay outside the bleed, so no mark can show on a trimmed page."""


def add_bleed_and_marks(pdf: bytes, bleed_mm: float, crop_marks: bool) -> bytes:
    """The same PDF with TrimBox, BleedBox and room for the bleed (and crop marks)."""
    bleed = max(0.0, bleed_mm) * MM
    margin = bleed + (MARK_GAP + MARK_LENGTH if crop_marks else 0.0)
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter(clone_from=reader)
    for page in writer.pages:
        x0, y0, x1, y1 = (float(v) for v in page.mediabox)
        trim = RectangleObject((x0, y0, x1, y1))
        page.trimbox = trim
        page.bleedbox = RectangleObject((x0 - bleed, y0 - bleed, x1 + bleed, y1 + bleed))
        page.mediabox = RectangleObject((x0 - margin, y0 - margin, x1 + margin, y1 + margin))
        page.cropbox = page.mediabox
        if crop_marks:
            _append(writer, page, _marks(x0, y0, x1, y1, bleed))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _marks(x0: float, y0: float, x1: float, y1: float, bleed: float) -> bytes:
    """Crop marks: two short lines at each corner, in line with the trim, outside the bleed."""
    near, far = bleed + MARK_GAP, bleed + MARK_GAP + MARK_LENGTH
    lines = []
    for x, sx in ((x0, -1), (x1, 1)):
        for y, sy in ((y0, -1), (y1, 1)):
            lines.append((x + sx * near, y, x + sx * far, y))  # horizontal, in line with the trim
            lines.append((x, y + sy * near, x, y + sy * far))  # vertical
    # Registration-black hairlines, marked as a page artifact so a tagged PDF stays valid.
    ops = ["/Artifact <</Type /Pagination>> BDC", "q", "0.25 w", "0 0 0 1 K"]
    ops += [f"{a:.3f} {b:.3f} m {c:.3f} {d:.3f} l S" for a, b, c, d in lines]
    ops += ["Q", "EMC"]
    return ("\n".join(ops) + "\n").encode("ascii")


def _append(writer: PdfWriter, page: object, data: bytes) -> None:
    """Draw `data` after the page's own content, in a clean graphics state."""
    from pypdf import PageObject

    assert isinstance(page, PageObject)
    before = DecodedStreamObject()
    before.set_data(b"q\n")
    after = DecodedStreamObject()
    after.set_data(b"Q\n" + data)
    contents = page.get("/Contents")
    existing = contents.get_object() if contents is not None else None
    parts = (
        list(existing) if isinstance(existing, ArrayObject) else ([contents] if contents else [])
    )
    page[NameObject("/Contents")] = ArrayObject(
        [add_object(writer, before), *parts, add_object(writer, after)]
    )


__all__ = ["add_bleed_and_marks"]
