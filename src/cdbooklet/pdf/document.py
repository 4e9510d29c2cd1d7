"""What the document template needs from ReportLab beyond its public API: laying out without
saving, the PDF's creation date, the document a canvas belongs to, and binary streams.

`layout.document.Document` is the only caller. Each function is a few lines over one private
API listed in `registry`.
"""

from __future__ import annotations

import calendar
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any, cast

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable


def build_unsaved(
    doc: BaseDocTemplate, story: list[Flowable], canvasmaker: Callable[..., Canvas]
) -> Canvas:
    """Lay the story out and return the canvas unsaved (as multiBuild does between its passes),
    so that forms can still be drawn before the file is written."""
    cast(Any, doc)._doSave = 0
    doc.build(story, canvasmaker=canvasmaker)
    return doc.canv


def set_creation_date(canvas: Canvas, day: date) -> None:
    """Date the PDF `day` (midnight UTC): its Info dates and the XMP metadata that repeats them.
    ReportLab's invariant mode would fix them to 2000-01-01."""
    stamp = cast(Any, canvas)._doc._timeStamp
    stamp.t = calendar.timegm(day.timetuple())
    stamp.lt = time.gmtime(stamp.t)
    stamp.YMDhms = tuple(stamp.lt)[:6]


def document_of(canvas: Canvas) -> Any:
    """The document template laying the canvas out (ReportLab sets it on the canvas as it
    builds)."""
    return cast(Any, canvas)._doctemplate


@contextmanager
def binary_streams() -> Iterator[None]:
    """Streams written as binary, not ASCII85 text, while a document is made and saved: a
    quarter smaller, and no time spent encoding them (a PDF has had no need to be 7-bit text
    since mail gateways stopped mangling attachments). A process-wide ReportLab setting, so it
    is set for the build only and put back after."""
    before = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = before
