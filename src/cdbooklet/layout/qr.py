"""The QR code of the clinic's site: its modules worked out once per address (ReportLab's own
encoder), drawn as one filled path.

ReportLab's QR widget builds a graphics object per run of dark modules and works the code out
again each time it is measured or drawn: most of a handout's time went there.
"""

from __future__ import annotations

import importlib.util
import itertools
import sys
from functools import lru_cache
from types import ModuleType
from typing import Any

import reportlab
from reportlab.platypus import Flowable

from cdbooklet.pdf.tagging import Tag, TaggedFlowable

BORDER = 2
"""Light modules around the code (the quiet zone), in modules."""


def _encoder() -> ModuleType:
    """ReportLab's QR encoder module, reportlab/graphics/barcode/qrencoder.py (it imports only
    `re` and `itertools`). Imported as `reportlab.graphics.barcode.qrencoder` it would first run
    the barcode package, which loads every barcode widget and the graphics library: a tenth of
    a booklet's start-up, for nothing. So the file is loaded on its own; after a normal import
    elsewhere in the process, that module is used."""
    name = "reportlab.graphics.barcode.qrencoder"
    if name in sys.modules:
        return sys.modules[name]
    own = "cdbooklet.layout._qrencoder"
    if own not in sys.modules:
        path = f"{reportlab.__path__[0]}/graphics/barcode/qrencoder.py"
        spec = importlib.util.spec_from_file_location(own, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        sys.modules[own] = module
    return sys.modules[own]


@lru_cache(maxsize=16)
def modules(url: str) -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """The code's size in modules, and its dark runs as (row, first column, length)."""
    qrencoder = _encoder()
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(url)
    code.make()
    runs = []
    for r, row in enumerate(code.modules):
        c = 0
        for is_dark, group in itertools.groupby(bool(m) for m in row):
            count = len(list(group))
            if is_dark:
                runs.append((r, c, count))
            c += count
    return code.getModuleCount(), tuple(runs)


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
