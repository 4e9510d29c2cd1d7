"""Adding a new object to a pypdf writer: pypdf has no public call for it, and `_add_object` is
what its own page and annotation helpers use (listed in `registry`). Used by imposition and the
print-shop boxes.
"""

from __future__ import annotations

from pypdf import PdfWriter
from pypdf.generic import IndirectObject, PdfObject


def add_object(writer: PdfWriter, obj: PdfObject) -> IndirectObject:
    """`obj` as a new indirect object of `writer`; returns its reference."""
    return writer._add_object(obj)
