"""The ToUnicode maps of embedded font subsets, which give a PDF's printed text back to anyone who
copies it, searches it or has it read aloud: repaired in tagged and untagged output alike.

ReportLab's `makeToUnicodeCMap` (ReportLab 5.1, see `registry`) writes
each character's code point as hex, `<1F60C>` for U+1F60C; but a ToUnicode value is UTF-16BE,
so a character beyond U+FFFF must be its surrogate pair, `<D83DDE0C>`. Written ReportLab's way,
copying, searching and screen readers lose every emoji or symbol the bundled fonts print. Here
such values become surrogate pairs: in a tagged build when `writer` writes the file (which
also cleans the maps for PDF/UA), in an untagged one when `PlainCanvas` saves. In the same pass,
shaped text gets its characters back: a glyph drawn under a private-use character (a conjunct, a
joined form: see `shaping`) maps to the characters it printed, and an Arabic presentation form
to the letter it is a form of. Both run after
the font subsets are realised and before any object is formatted; the same input still gives
the same bytes, and an untagged file with no such character is byte for byte ReportLab's own.
"""

from __future__ import annotations

import re
from typing import Any

from reportlab.pdfgen.canvas import Canvas

from cdbooklet.pdf import shaping

_PREFIX = "toUnicodeCMap:"
"""How ReportLab names a subset's ToUnicode stream in `PDFDocument.idToObject`."""
_BFCHAR = re.compile(r"\d+ beginbfchar\n(.*?)\nendbfchar", re.DOTALL)
_PAIR = re.compile(r"<([0-9A-Fa-f]+)> <([0-9A-Fa-f]+)>")
_BEYOND_FFFF = re.compile(r"(<[0-9A-Fa-f]+> )<([0-9A-Fa-f]{5,6})>")
"""A bfchar entry whose value has more than four hex digits: a code point beyond U+FFFF."""


def realise_fonts(doc: Any) -> None:
    """Make the font subset objects now, as `PDFDocument.GetPDFData` would at save time, so
    their ToUnicode maps can be repaired before the file is written."""
    for font in doc.delayedFonts:
        font.addObjects(doc)
    doc.delayedFonts = []


def repair(doc: Any, *, for_pdf_ua: bool) -> None:
    """Rewrite every ToUnicode map of a document whose fonts are realised: values beyond U+FFFF
    as surrogate pairs, and with `for_pdf_ua` (tagged output) the cleaning `clean_cmap` does."""
    fix = clean_cmap if for_pdf_ua else utf16_cmap
    texts = shaping.private_text(doc)
    for name, obj in doc.idToObject.items():
        if name.startswith(_PREFIX):
            face = name[len(_PREFIX) :].partition("+")[2]
            obj.content = fix(respell(obj.content, face, texts))


def respell(cmap: str, face: str, texts: dict[tuple[str, str], str]) -> str:
    """The CMap with each private-use value the shaping gave a glyph (in the face whose
    PostScript name is `face`) replaced by the characters that glyph printed, and each Arabic
    presentation form by its letter (a ligature of two letters stays the ligature, which
    compatibility normalisation, NFKC, gives back as its letters), and each character text
    never holds (NFC changes it) by the one it does. A map with none comes back as it is."""

    def value(match: re.Match[str]) -> str:
        code, hex_value = match.group(1), match.group(2)
        if len(hex_value) > 4:
            return match.group(0)
        char = chr(int(hex_value, 16))
        text = texts.get((face, char))
        if text is None:
            # The letter of an Arabic presentation form, the text's own spelling of a letter
            # the font maps from a code point text never holds: what `shaping` counted on.
            text = shaping.spelled(char)
            if text == char:
                return match.group(0)
        if not text:
            return match.group(0)
        return f"<{code}> <{text.encode('utf-16-be').hex().upper()}>"

    return _PAIR.sub(value, cmap)


def utf16(value: str) -> str:
    """A CMap value (a code point in hex) as UTF-16BE hex: itself up to U+FFFF (or when it is
    already several UTF-16 units), beyond it the surrogate pair."""
    if len(value) > 6:
        return value
    code = int(value, 16)
    if code <= 0xFFFF:
        return value
    return chr(code).encode("utf-16-be").hex().upper()


def utf16_cmap(cmap: str) -> str:
    """The CMap with each value beyond U+FFFF written as its surrogate pair, nothing else
    changed (a map with no such value comes back as it is)."""
    return _BEYOND_FFFF.sub(lambda m: m.group(1) + "<" + utf16(m.group(2)) + ">", cmap)


def clean_cmap(cmap: str) -> str:
    """The CMap as a PDF/UA checker accepts it: ReportLab sends every unused code of a subset to
    U+0000 (rejected) and writes up to 256 entries in one block (the limit is 100); this drops
    the U+0000 entries, writes blocks of at most 100 and values beyond U+FFFF as surrogate
    pairs."""
    found = _BFCHAR.search(cmap)
    if found is None:
        return cmap
    pairs = [(c, utf16(u)) for c, u in _PAIR.findall(found.group(1)) if int(u, 16) != 0]
    blocks = []
    for start in range(0, len(pairs), 100):
        chunk = pairs[start : start + 100]
        blocks.append(
            f"{len(chunk)} beginbfchar\n"
            + "\n".join(f"<{c}> <{u}>" for c, u in chunk)
            + "\nendbfchar"
        )
    return cmap[: found.start()] + "\n".join(blocks) + cmap[found.end() :]


class PlainCanvas(Canvas):
    """ReportLab's own Canvas, for untagged output, whose ToUnicode maps keep characters beyond
    U+FFFF: `save` realises the fonts and repairs their maps first (as `Canvas.save` would show
    the last page, and `GetPDFData` realise the fonts), then saves as ReportLab does."""

    # ReportLab's own state `save` reads, which its type stubs leave out (see `registry`).
    _code: list[str]
    _doc: Any

    def save(self) -> None:
        if len(self._code):
            self.showPage()
        realise_fonts(self._doc)
        repair(self._doc, for_pdf_ua=False)
        super().save()
