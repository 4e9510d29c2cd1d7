"""Several PDFs as one to print: each handout starts on a front, so a stack printed on both
sides comes apart into handouts. pypdf's public API only.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject


def merge_handouts(
    handouts: Sequence[tuple[bytes, int]], *, title: str, author: str, language: str
) -> tuple[bytes, int]:
    """The handouts (each its PDF bytes and page count) as one PDF, with a blank back after a
    handout of an odd number of pages; and the merged page count."""
    writer = PdfWriter()
    for i, (data, pages) in enumerate(handouts):
        writer.append(PdfReader(io.BytesIO(data)))
        if pages % 2 and i < len(handouts) - 1:
            writer.add_blank_page()
    writer.add_metadata({"/Title": title, "/Author": author})
    writer.root_object[NameObject("/Lang")] = TextStringObject(language)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), len(writer.pages)
