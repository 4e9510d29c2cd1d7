"""Reading back which glyphs a PDF draws, for the shaping tests: the codes a page's content
stream shows in one font, and the glyphs of the original font file they are.

A ReportLab font subset renumbers its glyphs and maps each one-byte code to its own glyph; a
glyph's identity survives as its outline and advance. Each drawn glyph is therefore matched, by
outline (components resolved) and advance width, against every glyph of the bundled font file:
the set of original glyph ids it can be (several only where two glyphs look exactly alike).
"""

from __future__ import annotations

import io
from collections import defaultdict
from functools import cache
from pathlib import Path
from typing import Any

from fontTools.ttLib import TTFont
from pypdf import PdfReader
from pypdf.generic import ContentStream

Signature = tuple[int, tuple[tuple[int, int], ...], tuple[int, ...]]


def _signature(font: TTFont, name: str) -> Signature:
    glyf = font["glyf"]
    coordinates, ends, _flags = glyf[name].getCoordinates(glyf)
    advance = font["hmtx"][name][0]
    return advance, tuple((int(x), int(y)) for x, y in coordinates), tuple(ends)


@cache
def _originals(path: Path) -> dict[Signature, set[int]]:
    font = TTFont(str(path))
    found: dict[Signature, set[int]] = defaultdict(set)
    for gid, name in enumerate(font.getGlyphOrder()):
        found[_signature(font, name)].add(gid)
    return dict(found)


def drawn_glyphs(pdf: Path, base_font: str, original: Path, page: int = 0) -> list[set[int]]:
    """The glyphs a page draws in the font whose /BaseFont contains `base_font`, in the order
    the content stream draws them: for each, the ids in `original` (the bundled font file) it
    can be."""
    reader = PdfReader(pdf)
    target = reader.pages[page]
    fonts = target["/Resources"]["/Font"]
    subsets: dict[str, tuple[TTFont, dict[int, str]]] = {}
    for key, ref in fonts.items():
        font = ref.get_object()
        if base_font not in str(font["/BaseFont"]):
            continue
        data = font["/FontDescriptor"].get_object()["/FontFile2"].get_object().get_data()
        subset = TTFont(io.BytesIO(data))
        subsets[str(key)] = (subset, dict(subset["cmap"].tables[0].cmap))
    originals = _originals(original)
    out: list[set[int]] = []
    current: str | None = None
    for operands, operator in ContentStream(target.get_contents(), reader).operations:
        if operator == b"Tf":
            current = str(operands[0])
            continue
        if current not in subsets or operator not in (b"Tj", b"TJ"):
            continue
        subset, cmap = subsets[current]
        strings: list[Any] = operands if operator == b"Tj" else list(operands[0])
        for item in strings:
            if isinstance(item, (int, float)) or hasattr(item, "as_numeric"):
                continue
            raw = item.original_bytes if hasattr(item, "original_bytes") else bytes(item)
            for code in raw:
                name = cmap[code]
                out.append(set(originals.get(_signature(subset, name), set())))
    return out


def harfbuzz_glyphs(
    text: str, font_path: Path, *, direction: str, script: str, language: str
) -> list[int]:
    """The glyph ids HarfBuzz draws `text` with, in the font file, in visual order."""
    from cdbooklet.pdf.shaping import harfbuzz

    hb = harfbuzz()
    face = hb.Face(hb.Blob(font_path.read_bytes()))
    font = hb.Font(face)
    buf = hb.Buffer()
    buf.add_str(text)
    buf.direction = direction
    buf.script = script
    buf.language = language
    hb.shape(font, buf, {"kern": True, "liga": True})
    return [info.codepoint for info in buf.glyph_infos]
