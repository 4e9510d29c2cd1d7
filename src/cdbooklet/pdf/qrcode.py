"""The QR code's modules, from ReportLab's own encoder file loaded on its own (outside its
package, listed in `registry`): worked out once per address.
"""

from __future__ import annotations

import importlib.util
import itertools
import sys
from functools import lru_cache
from types import ModuleType

import reportlab


def _encoder() -> ModuleType:
    """ReportLab's QR encoder module, reportlab/graphics/barcode/qrencoder.py (it imports only
    `re` and `itertools`). Imported as `reportlab.graphics.barcode.qrencoder` it would first run
    the barcode package, which loads every barcode widget and the graphics library: a tenth of
    a booklet's start-up, for nothing. So the file is loaded on its own; after a normal import
    elsewhere in the process, that module is used."""
    name = "reportlab.graphics.barcode.qrencoder"
    if name in sys.modules:
        return sys.modules[name]
    own = "cdbooklet.pdf._qrencoder"
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
