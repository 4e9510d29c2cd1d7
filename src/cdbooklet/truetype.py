"""Numbers and character maps read from a TrueType file's bytes: the one reader both the fonts'
coverage (`content.fonts`, which never imports ReportLab) and the quick TrueType faces
(`pdf.fontfile`) use. Plain `struct` and `array`; imports nothing of cdbooklet's.
"""

from __future__ import annotations

import struct
import sys
from array import array


def ushort(data: bytes, at: int) -> int:
    """The big-endian unsigned 16-bit number at `at`."""
    value: int = struct.unpack_from(">H", data, at)[0]
    return value


def numbers(data: bytes, at: int, count: int, code: str = "H") -> array[int]:
    """`count` big-endian numbers of one type ('H', 'h', 'L') from `at`."""
    values = array(code if code != "L" else "I")
    values.frombytes(data[at : at + count * values.itemsize])
    if sys.byteorder == "little":
        values.byteswap()
    return values


def char_map(data: bytes, at: int) -> tuple[list[int], list[int]] | None:
    """The character map subtable at `at` (format 4 or 12), read: its characters and their
    glyphs, in its order (glyph 0 where a character has none; in format 4, as ReportLab reads
    it, where a glyph id would lie past the subtable); None for another format."""
    form = ushort(data, at)
    chars: list[int] = []
    glyphs: list[int] = []
    if form == 4:
        limit = at + ushort(data, at + 2)
        segments = ushort(data, at + 6) // 2
        ends = numbers(data, at + 14, segments)
        starts = numbers(data, at + 16 + 2 * segments, segments)
        deltas = numbers(data, at + 16 + 4 * segments, segments, "h")
        range_at = at + 16 + 6 * segments
        offsets = numbers(data, range_at, segments)
        words = numbers(data, range_at, max(0, (limit - range_at) // 2))  # offsets, glyph ids
        for n in range(segments):
            first, last, delta, offset = starts[n], ends[n], deltas[n], offsets[n]
            span = range(first, last + 1)
            chars.extend(span)
            if offset == 0:
                glyphs.extend([(char + delta) & 0xFFFF for char in span])
                continue
            # Each character's glyph is at base + 2 * (char - first); past the subtable, 0.
            base = range_at + 2 * n + offset
            inside = max(0, min(len(span), (limit - base + 1) // 2))
            if offset % 2 == 0 and base + 2 * inside <= limit:
                raw = words[(base - range_at) // 2 :][:inside]
            else:  # a misaligned or overhanging offset, read as ReportLab does
                raw = array("H", struct.unpack_from(f">{inside}H", data, base))
            glyphs.extend([(g + delta) & 0xFFFF if g else 0 for g in raw])
            glyphs.extend([0] * (len(span) - inside))
    elif form == 12:
        groups = struct.unpack_from(">L", data, at + 12)[0]
        triples = numbers(data, at + 16, 3 * groups, "L")
        for first, last, glyph in zip(triples[0::3], triples[1::3], triples[2::3], strict=True):
            chars.extend(range(first, last + 1))
            glyphs.extend(range(glyph, glyph + last - first + 1))
    else:
        return None
    return chars, glyphs
