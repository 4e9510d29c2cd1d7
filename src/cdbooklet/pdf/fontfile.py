"""Reading a TrueType file into a ReportLab font, quicker: the same face ReportLab's reader makes,
its character map, widths and glyph places read a table at a time instead of a number at a time.

ReportLab's `TTFontFile.extractInfo` reads every character-map entry, advance width and glyph
offset with a Python call of its own: for the Chinese face (Droid Sans Fallback, 50,000 glyphs)
that is most of a Chinese booklet's extra time. `true_type_font` makes a `TTFont` whose face
reads its names and header with ReportLab's code (`extractInfo` without character info) and
the rest here, in bulk (`cdbooklet.truetype`), into the same attributes in the same order
(tests/pdf/test_fontfile.py compares them, every bundled face, against ReportLab's own). A
character-map format other than 4 and 12 is left to ReportLab. Uses the private ReportLab APIs
listed in `registry`.
"""

from __future__ import annotations

import gc
import struct
from array import array
from fnmatch import fnmatch
from typing import Any, Literal
from weakref import WeakKeyDictionary

from reportlab import rl_config
from reportlab.pdfbase import ttfonts
from reportlab.pdfbase.ttfonts import (
    TTEncoding,
    TTFError,
    TTFont,
    TTFontFace,
    TTFontFile,
)

from cdbooklet.truetype import char_map, numbers, ushort


class _QuickFace(TTFontFace):
    """ReportLab's face, with its character information read a table at a time."""

    def extractInfo(self, charInfo: Literal[0, 1] | bool = 1) -> None:  # noqa: N802, N803
        TTFontFile.extractInfo(self, 0)  # names, head, OS/2, post, hhea, maxp
        if charInfo and not _read_char_info(self):
            TTFontFile.extractInfo(self, charInfo)  # a map format read only by ReportLab


class _QuickTTFont(TTFont):
    """ReportLab's `TTFont`, set up as its `__init__` does, with a `_QuickFace`."""

    def __init__(self, name: str, filename: str) -> None:
        self.fontName = name
        self.face = _QuickFace(filename)
        self.encoding = TTEncoding()
        self.state = WeakKeyDictionary()
        self._asciiReadable = rl_config.ttfAsciiReadable
        unshaped = ttfonts.unShapedFontGlob  # type: ignore[attr-defined]
        self.shapable = not any(fnmatch(name, glob) for glob in unshaped)


def true_type_font(name: str, path: str) -> TTFont:
    """A ReportLab TrueType font named `name`, read from `path`: to register with pdfmetrics."""
    return _QuickTTFont(name, path)


def _read_char_info(face: Any) -> bool:
    """Set the face's charToGlyph, glyphToChar, charWidths, defaultWidth, hmetrics and
    glyphPos as `TTFontFile.extractInfo` does; False (nothing set) for a character map it reads
    in a format this does not. The collector waits: the tens of thousands of lists and tuples
    made here would set it off again and again, for nothing to collect."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _read(face)
    finally:
        if collecting:
            gc.enable()


def _read(face: Any) -> bool:
    data: bytes = face._ttf_data
    head = face.table["head"]["offset"]
    index_to_loc_format = ushort(data, head + 50)
    if ushort(data, head + 52) != 0:
        raise TTFError(f"Unknown glyph data format ({ushort(data, head + 52)})")
    found = _char_map(face, data)
    if found is None:
        return False
    chars, glyphs = found
    num_glyphs: int = face.numGlyphs
    char_to_glyph = dict(zip(chars, glyphs, strict=True))
    glyph_to_char: dict[int, list[int]] = {}
    for char, glyph in zip(chars, glyphs, strict=True):
        known = glyph_to_char.get(glyph)
        if known is None:
            glyph_to_char[glyph] = [char]
        else:
            known.append(char)
    # hmtx: (advance, side bearing) pairs, then side bearings alone, which take the last advance
    # (in thousandths of the size, as ReportLab carries it over). Widths in thousandths: ints
    # when the face has 1000 units to the em, as ReportLab leaves them.
    hmetric_count = ushort(data, face.table["hhea"]["offset"] + 34)
    hmtx = face.table["hmtx"]["offset"]
    pairs = numbers(data, hmtx, 2 * hmetric_count)
    advances = pairs[0::2]
    thousandths = (
        advances.tolist()
        if face.unitsPerEm == 1000
        else [advance * (1000 / face.unitsPerEm) for advance in advances]
    )
    last = thousandths[-1]
    sides = pairs[1::2]
    if num_glyphs > hmetric_count:
        sides.extend(numbers(data, hmtx + 4 * hmetric_count, num_glyphs - hmetric_count))
        thousandths.extend([last] * (num_glyphs - hmetric_count))
    # Each character its glyph's width (a character a malformed map lists twice: its last).
    char_widths = {
        char: thousandths[char_to_glyph[char]] for char in chars if char_to_glyph[char] < num_glyphs
    }
    # loca: where each glyph's outline starts in glyf.
    if "loca" not in face.table:
        raise TTFError("missing location table")
    loca = face.table["loca"]["offset"]
    if index_to_loc_format == 0:
        glyph_pos = [at << 1 for at in numbers(data, loca, num_glyphs + 1)]
    elif index_to_loc_format == 1:
        glyph_pos = numbers(data, loca, num_glyphs + 1, "L").tolist()
    else:
        raise TTFError(f"Unknown location table format ({index_to_loc_format})")
    if 0x20 in char_to_glyph:
        char_to_glyph[0xA0] = char_to_glyph[0x20]
        char_widths[0xA0] = char_widths[0x20]
    elif 0xA0 in char_to_glyph:
        char_to_glyph[0x20] = char_to_glyph[0xA0]
        char_widths[0x20] = char_widths[0xA0]
    face.charToGlyph = char_to_glyph
    face.glyphToChar = glyph_to_char
    face.charWidths = char_widths
    face.defaultWidth = thousandths[0]
    face.hmetrics = _Metrics(advances, sides, last)
    face.glyphPos = glyph_pos
    return True


class _Metrics:
    """A face's horizontal metrics, each glyph's (advance, side bearing) as ReportLab's list of
    them gives it (`makeSubset` reads those of the glyphs a subset holds), made when asked for:
    a face of 50,000 glyphs makes no 50,000 tuples for the few hundred a booklet prints."""

    __slots__ = ("_advances", "_sides", "_last")

    def __init__(self, advances: array[int], sides: array[int], last: float) -> None:
        self._advances, self._sides, self._last = advances, sides, last

    def __len__(self) -> int:
        return len(self._sides)

    def __getitem__(self, glyph: int) -> tuple[float, int]:
        if not 0 <= glyph < len(self._sides):
            raise IndexError(glyph)
        advance = self._advances[glyph] if glyph < len(self._advances) else self._last
        return advance, self._sides[glyph]


def _char_map(face: Any, data: bytes) -> tuple[list[int], list[int]] | None:
    """The character map ReportLab picks (the same subtable), read (`truetype.char_map`): its
    characters and their glyphs, in its order; None for a format other than 4 and 12."""
    cmap = face.table["cmap"]["offset"]
    version, count = struct.unpack_from(">HH", data, cmap)
    if count == 0 and version != 0:
        count = version
    chosen = None
    kind = 0
    for n in range(count):
        platform, encoding, offset = struct.unpack_from(">HHL", data, cmap + 4 + 8 * n)
        if platform == 3:
            kind, chosen = 1, offset
        elif platform == 1 and encoding == 0 and kind != 1:
            kind, chosen = 2, offset
        elif (platform == 1 and encoding == 1) or (platform == 0 and encoding != 5):
            kind, chosen = 1, offset
    if chosen is None:
        raise TTFError("could not find a suitable cmap encoding")
    return char_map(data, cmap + chosen)
