"""HarfBuzz shaping for text ReportLab cannot set itself: a run of text in one face becomes the
glyphs that print it (Arabic letters joined, Indic conjuncts and vowel signs, Thai and Khmer marks
placed), with where each goes and which characters each prints; and the PDF operators that draw
them in ReportLab's font subsets, with `/ActualText` where the glyphs do not spell the text.

HarfBuzz (`uharfbuzz`) is imported the first time something is shaped (see `cdbooklet`'s
docstring): a booklet with nothing to shape never loads it. A glyph that no character maps to (a
conjunct, a joined form, a ligature) is drawn under a private-use character added to ReportLab's
copy of the font, as ReportLab's own shaping does; the ToUnicode map gives it back the characters
it prints (`private_text`, read by `tounicode`). Uses the private ReportLab APIs listed in
`registry`.
"""

from __future__ import annotations

import sys
import unicodedata
import weakref
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from functools import cache, lru_cache
from itertools import accumulate
from operator import attrgetter
from typing import Any, NamedTuple

from reportlab.pdfbase import pdfmetrics

from cdbooklet.text import scripts

_HB_SCRIPT = {
    scripts.ARABIC: "Arab",
    scripts.HEBREW: "Hebr",
    scripts.DEVANAGARI: "Deva",
    scripts.BENGALI: "Beng",
    scripts.GURMUKHI: "Guru",
    scripts.GUJARATI: "Gujr",
    scripts.THAI: "Thai",
    scripts.KHMER: "Khmr",
    scripts.ETHIOPIC: "Ethi",
    scripts.HANGUL: "Hang",
    scripts.KANA: "Hira",
    scripts.HAN: "Hani",
}
_FEATURES = {"kern": True, "liga": True}

faux_bold: set[str] = set()
"""Registered faces that are their own bold (the Chinese and Japanese ones have no bold file):
bold text in them is drawn with its strokes thickened (filled and stroked) instead."""


def harfbuzz() -> Any:
    """The uharfbuzz module, imported now if it was not yet (lifting cdbooklet's block)."""
    if sys.modules.get("uharfbuzz", 0) is None:
        del sys.modules["uharfbuzz"]
    import uharfbuzz  # type: ignore[import-untyped]

    return uharfbuzz


class Glyph(NamedTuple):
    """One shaped glyph. Distances are in thousandths of the font size, as PDF widths are. (A
    named tuple: a long booklet makes tens of thousands.)"""

    char: str
    """The character ReportLab's subset draws it under: the one that maps to it in the font,
    or a private-use one added for it."""
    advance: float
    x_offset: float
    y_offset: float
    width: float
    """The advance the PDF's /Widths give `char` (the glyph's own advance)."""
    cluster: int
    """The index in the shaped text of the first character this glyph prints."""
    top: float = 0.0
    bottom: float = 0.0
    """How far its ink reaches above and below the baseline, where it is drawn (a vowel mark
    over a tall letter, a subscript): what a line needs room for."""


class Shaped(tuple[Glyph, ...]):
    """The glyphs a run of text was shaped into (`shape`), with HarfBuzz's own record of
    each, asked about only where a line is cut (`piece`): whether it is unsafe to break
    there (the text cut before its cluster would shape differently)."""

    infos: Sequence[Any] = ()

    def is_unsafe(self, index: int) -> bool:
        return bool(int(self.infos[index].flags) & _UNSAFE_TO_BREAK)


_UNSAFE_TO_BREAK = 1
"""HarfBuzz's HB_GLYPH_FLAG_UNSAFE_TO_BREAK (tests/pdf/test_shaping.py holds it to
uharfbuzz's)."""


def _hb_font(face: Any) -> Any:
    """HarfBuzz's font for a ReportLab face, made once per file from the bytes ReportLab has
    already read (`_ttf_data`), not read again."""
    found = _HB_FONTS.get(face.filename)
    if found is None:
        hb = harfbuzz()
        found = _HB_FONTS[face.filename] = hb.Font(hb.Face(hb.Blob(face._ttf_data)))
    return found


_HB_FONTS: dict[str, Any] = {}


def _ttfont(font_name: str) -> Any:
    return pdfmetrics.getFont(font_name)


def shape(text: str, font_name: str, *, is_rtl: bool, script: str | None, language: str) -> Shaped:
    """The glyphs that print `text` in one registered TrueType face, in the order they are seen
    (left to right, also for right-to-left text, where the first character is the last glyph).
    Characters the face draws as they are (no joining, no marks) come out one glyph each.
    Remembered: a line is shaped to be measured and again to be drawn, and the running header
    and footer are the same on every page."""
    return _shape(text, font_name, is_rtl, script, language)


@lru_cache(maxsize=8192)
def _shape(text: str, font_name: str, is_rtl: bool, script: str | None, language: str) -> Shaped:
    ttf = _ttfont(font_name)
    face = ttf.face
    font = _hb_font(face)
    hb = harfbuzz()
    buf = hb.Buffer()
    buf.add_str(text)
    buf.direction = "rtl" if is_rtl else "ltr"
    buf.script = _HB_SCRIPT.get(script or "", "Zyyy")
    buf.language = language
    buf.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    buf.flags = hb.BufferFlags.REMOVE_DEFAULT_IGNORABLES  # joiners and marks draw nothing
    hb.shape(font, buf, _FEATURES)
    scale = 1000 / font.face.upem
    known = _GLYPHS.setdefault(face, {})
    make = tuple.__new__  # Glyph(...) without its Python-level __new__: tens of thousands
    out: list[Glyph] = []
    infos = buf.glyph_infos
    for info, pos in zip(infos, buf.glyph_positions, strict=True):
        gid = info.codepoint
        found = known.get(gid)
        if found is None:
            found = known[gid] = _glyph_of(face, font, gid, scale)
        char, width, ink_top, ink_height, ink_bottom, nominal, advance = found
        # The numbers most glyphs share (no kerning, no offset) are the glyph's own, not made
        # anew: a booklet holds tens of thousands of glyphs.
        if pos.x_advance != nominal:
            advance = pos.x_advance * scale
        x_offset = pos.x_offset * scale if pos.x_offset else 0.0
        if pos.y_offset:
            y_offset = pos.y_offset * scale
            top = y_offset + ink_top
            bottom = top + ink_height
        else:
            y_offset, top, bottom = 0.0, ink_top, ink_bottom
        out.append(
            make(Glyph, (char, advance, x_offset, y_offset, width, info.cluster, top, bottom))
        )
    shaped = Shaped(out)
    shaped.infos = infos
    return shaped


_Known = tuple[str, float, float, float, float, int, float]

_GLYPHS: weakref.WeakKeyDictionary[Any, dict[int, _Known]] = weakref.WeakKeyDictionary()
"""Per ReportLab font face: what a glyph is wherever it is drawn (`_glyph_of`)."""


def _glyph_of(face: Any, font: Any, gid: int, scale: float) -> _Known:
    """A glyph's character in ReportLab's subsets (a private-use one for a glyph no character
    maps to), its width there, how far its ink reaches above the baseline and down from there
    and to where (thousandths of the size), and its own advance (font units and thousandths)."""
    chars = face.glyphToChar.get(gid)
    char = chr(chars[0]) if chars else _private_char(face, font, gid)
    found = font.get_glyph_extents(gid)
    y_bearing, height = (found.y_bearing, found.height) if found else (0, 0)
    top, extent = y_bearing * scale, height * scale
    nominal = font.get_glyph_h_advance(gid)
    return (
        char,
        face.charWidths.get(ord(char), 0),
        top,
        extent,
        top + extent,
        nominal,
        nominal * scale,
    )


def piece(
    glyphs: Shaped,
    start: int,
    end: int,
    text: str,
    font_name: str,
    *,
    is_rtl: bool,
    script: str | None,
    language: str,
) -> tuple[Sequence[Glyph], int]:
    """The glyphs of text[start:end], taken from the glyphs `text` was shaped into when
    HarfBuzz says it is safe to cut there, else shaped anew (a line of a paragraph is drawn
    from the glyphs the paragraph was measured with); and the number their clusters count
    from (`start` for glyphs taken, 0 for glyphs shaped anew): a cluster minus it is an index
    in text[start:end]. Taken glyphs are not copied."""
    if start == 0 and end == len(text):
        return glyphs, 0  # the same object: what was drawn with it is remembered by it
    # Clusters rise along the glyphs (fall, right to left): the piece is one slice of them.
    if is_rtl:
        lo = bisect_left(glyphs, -(end - 1), key=_falling)
        hi = bisect_right(glyphs, -start, key=_falling)
        first, after = hi - 1, lo - 1  # its first glyph and the one after it, in reading order
    else:
        lo, hi = bisect_left(glyphs, start, key=_rising), bisect_left(glyphs, end, key=_rising)
        first, after = lo, (hi if hi < len(glyphs) else -1)
    inside = glyphs[lo:hi]
    if (
        not inside
        # a cut inside a cluster: a character HarfBuzz put with the one before (a space after
        # a removed direction mark), which a line's runs may hold apart
        or glyphs[first].cluster != start
        or (glyphs[after].cluster if after >= 0 else len(text)) != end
        or any(glyphs[k].cluster == start and glyphs.is_unsafe(k) for k in range(lo, hi))
        or (after >= 0 and glyphs.is_unsafe(after))
    ):
        alone = shape(text[start:end], font_name, is_rtl=is_rtl, script=script, language=language)
        return alone, 0
    return inside, start


_rising = attrgetter("cluster")


def _falling(glyph: Glyph) -> int:
    return -glyph.cluster


def _private_char(face: Any, font: Any, gid: int) -> str:
    """A private-use character for a glyph no character maps to, added to ReportLab's copy of
    the font (its cmap, reverse map and widths) so that its subsets can draw it. Taken from the
    glyph's number (U+E000 + gid, the next free one where that is taken), not from the order
    glyphs are met: a process that has shaped other text first (a worker that made another
    handout) gives the same PDF."""
    known = _PRIVATE.setdefault(face, {})
    if gid in known:
        return known[gid]
    size = 0xF8FF - 0xE000 + 1
    if len(known) >= size:
        raise RuntimeError("more unmapped glyphs than the private-use area holds")
    code = 0xE000 + gid % size
    while code in face.charToGlyph:
        code = 0xE000 + (code - 0xE000 + 1) % size
    face.charToGlyph[code] = gid
    face.glyphToChar.setdefault(gid, []).append(code)
    face.charWidths[code] = font.get_glyph_h_advance(gid) * 1000 / font.face.upem
    known[gid] = chr(code)
    return known[gid]


_PRIVATE: weakref.WeakKeyDictionary[Any, dict[int, str]] = weakref.WeakKeyDictionary()
"""Per ReportLab font face: the private-use character given to each unmapped glyph."""

_TEXTS: weakref.WeakKeyDictionary[Any, dict[tuple[str, str], str]] = weakref.WeakKeyDictionary()
"""Per PDF document: (font name, private-use character) -> the characters that glyph prints,
the first time it printed a cluster alone."""


def private_text(doc: Any) -> dict[tuple[str, str], str]:
    """What each private-use glyph drawn in a document prints: (the face's PostScript name,
    the character) -> its text. `tounicode` writes these into the ToUnicode maps."""
    return _TEXTS.get(doc, {})


@cache
def spelled(char: str) -> str:
    """The text a reader gets back from a glyph's character through ToUnicode (`tounicode`
    writes this): an Arabic presentation form gives the letter it is a form of; a ligature of
    two letters (lam-alef) keeps its one code point, as readers that sort a right-to-left line
    by position and readers that follow the content would each read its letters in another
    order; a character text never holds (NFC changes it: Hindi ज़ as U+095B, a CJK
    compatibility ideograph) gives the one it does."""
    if "\ufb50" <= char <= "\ufdff" or "\ufe70" <= char <= "\ufeff":
        letters = unicodedata.normalize("NFKC", char)
        return letters if len(letters) == 1 else char
    if char.isascii() or unicodedata.is_normalized("NFC", char):
        return char
    return unicodedata.normalize("NFC", char)  # Hindi ज़ (U+095B) as text spells it


class Segment(NamedTuple):
    """A piece of a shaped run to draw as one text object: its operators, from its first
    glyph's place, `start` thousandths of the size after the run's; and the text it stands
    for when its glyphs alone would not give it back (its /ActualText), else None."""

    start: float
    ops: list[str]
    actual: str | None


def glyph_operators(
    canvas: Any,
    font_name: str,
    size: float,
    glyphs: Sequence[Glyph],
    text: str,
    *,
    is_rtl: bool,
    base: int = 0,
) -> list[Segment]:
    """Operators that draw shaped glyphs in the face's subsets, each where HarfBuzz put it, in
    segments: those that need /ActualText (to give the text back in the order it was written)
    on their own.

    - Left to right (Indic, Thai, Khmer), the glyphs are drawn in reading order, each mapped to
      what it prints; a word has its text as /ActualText only when a reader going by position
      would not get it back otherwise: a vowel sign drawn before its consonant, a raised tone
      mark (which would come back on a line of its own), glyphs that do not spell it.
    - Right to left, the glyphs are drawn in reading order, from the right, each moved to its
      place, and each maps to its letter: a reader following the content (a screen reader) and
      one sorting by position both get the text back. Only a cluster whose glyphs do not spell
      it (a mirrored bracket, a glyph no character maps to) has /ActualText.
    """
    doc = canvas._doc
    memo = _OPERATORS.setdefault(doc, {})
    key = (font_name, size, id(glyphs), text, is_rtl, base)
    found = memo.get(key)
    if found is not None and found[0] is glyphs:
        return found[1]
    segments = _glyph_operators(doc, font_name, size, glyphs, text, is_rtl, base)
    memo[key] = (glyphs, segments)
    return segments


_OPERATORS: weakref.WeakKeyDictionary[Any, dict[tuple[Any, ...], tuple[Any, list[Segment]]]] = (
    weakref.WeakKeyDictionary()
)
"""Per PDF document: the operators each run was drawn with, to draw it again (the running
header and footer, on every page): a document gives a character the same code every time."""


def _glyph_operators(
    doc: Any,
    font_name: str,
    size: float,
    glyphs: Sequence[Glyph],
    text: str,
    is_rtl: bool,
    base: int,
) -> list[Segment]:
    if not glyphs:
        return []
    ttf = _ttfont(font_name)
    face = ttf.face
    texts = _TEXTS.setdefault(doc, {})
    name = face.name.decode("latin-1")
    # Clusters: consecutive glyphs with the same cluster value. HarfBuzz gives them rising
    # (falling, right to left), so each cluster's text runs to the start of the next one in
    # the text.
    clusters: list[list[int]] = []
    firsts: list[int] = []  # each cluster's first character
    before = -1
    for i, glyph in enumerate(glyphs):
        if glyph.cluster == before:
            clusters[-1].append(i)
        else:
            clusters.append([i])
            firsts.append(glyph.cluster - base)
            before = glyph.cluster
    if is_rtl:
        firsts.reverse()
        clusters.reverse()  # now in reading order, as left to right
    ends = [*firsts[1:], len(text)]
    starts = _starts(glyphs)
    if any(a >= b for a, b in zip(firsts, ends, strict=True)):
        # Not as HarfBuzz gives them: drawn as they come, the run's text as /ActualText.
        every = list(range(len(glyphs)))
        subsets, codes = _codes(ttf, glyphs, doc)
        ops, origin = _segment(glyphs, every, subsets, codes, starts, ttf, doc, size)
        return [Segment(origin, ops, text)] if every else []
    # Each cluster's glyphs in reading order (a vowel sign drawn before its consonant is read
    # after it: by where the characters it prints stand in the cluster's text), and what they
    # give back through ToUnicode: each glyph's character spelled or, for a glyph no character
    # maps to, what it first printed in this document (`_TEXTS`): what its cluster's other
    # glyphs leave over.
    chars = [g.char for g in glyphs]
    if len(clusters) == len(glyphs) and not _has_private_use(chars):
        # One glyph a cluster, each with a character of its own (most text): as it is.
        reads, moved = clusters, set[int]()
        drawn = [spelled(chars[cluster[0]]) for cluster in clusters]
    else:
        reads, drawn, moved = _read_clusters(
            clusters, firsts, ends, chars, text, texts, name, is_rtl
        )
    # The units that need /ActualText, as (glyph indices in reading order, their text or None).
    units: list[tuple[list[int], str | None]] = []
    if is_rtl:
        # Each cluster: drawn from the right, each glyph mapped to its letter; /ActualText
        # only where its glyphs do not spell it (a mirrored bracket, an unmapped glyph).
        for read, shown, first, end in zip(reads, drawn, firsts, ends, strict=True):
            own = text[first:end]
            same = shown == own or (
                unicodedata.normalize("NFKC", shown) == unicodedata.normalize("NFKC", own)
            )
            units.append((read, own if not same and own.strip() else None))
    else:
        # A word needs /ActualText when a reader going by position would not get it back
        # from its glyphs: drawn out of visual order, a mark raised, or glyphs that do not
        # spell it.
        spaces = [not text[a:b].strip(" \u200b") for a, b in zip(firsts, ends, strict=True)]
        spaces.append(True)  # the run's end ends its last word
        begun = -1  # the first cluster of the word being read
        for k, is_space in enumerate(spaces):
            if not is_space:
                if begun < 0:
                    begun = k
                continue
            if begun >= 0:
                word = range(begun, k)
                units.append(
                    _word_unit(
                        word, clusters, reads, moved, drawn, firsts, ends, text, glyphs, starts
                    )
                )
                begun = -1
            if k < len(clusters):
                units.append((clusters[k], None))
    subsets, codes = _codes(ttf, glyphs, doc)
    # Units with the same need for /ActualText (none) run together into one segment.
    merged: list[tuple[list[int], str | None]] = []
    for indices, actual in units:
        if actual is None and merged and merged[-1][1] is None:
            merged[-1][0].extend(indices)
        else:
            merged.append((list(indices), actual))
    segments: list[Segment] = []
    for indices, actual in merged:
        if indices:
            ops, origin = _segment(glyphs, indices, subsets, codes, starts, ttf, doc, size)
            segments.append(Segment(origin, ops, actual))
    return segments


def _read_clusters(
    clusters: list[list[int]],
    firsts: list[int],
    ends: list[int],
    chars: list[str],
    text: str,
    texts: dict[tuple[str, str], str],
    name: str,
    is_rtl: bool,
) -> tuple[list[list[int]], list[str], set[int]]:
    """Each cluster's glyphs in reading order, what they give back (see _glyph_operators), and
    the clusters whose glyphs are read in another order than they are drawn."""
    reads = list(clusters)
    drawn = [spelled(chars[cluster[0]]) for cluster in clusters]  # one glyph a cluster: as is
    moved: set[int] = set()  # the clusters whose glyphs are read in another order
    # In order (a private-use glyph's text is the first it printed): clusters of more than
    # one glyph, and a private-use glyph alone.
    for k, cluster in enumerate(clusters):
        if len(cluster) == 1 and not "\ue000" <= chars[cluster[0]] <= "\uf8ff":
            continue
        first, end = firsts[k], ends[k]
        own = text[first:end]
        if len(cluster) == 1:
            drawn[k] = texts.setdefault((name, chars[cluster[0]]), own)
            continue
        own_chars = [chars[i] for i in cluster]
        private = [c for c in own_chars if "\ue000" <= c <= "\uf8ff"]
        if len(private) == 1:
            left = own
            for c in own_chars:
                if c not in private:
                    left = left.replace(spelled(c), "", 1)
            texts.setdefault((name, private[0]), left or own)
        shown_of = [
            texts.get((name, c), c) if "\ue000" <= c <= "\uf8ff" else spelled(c) for c in own_chars
        ]
        places = []
        for j, shown in enumerate(shown_of):
            where = own.find(shown[:1]) if shown else -1
            places.append((where if where >= 0 else len(own), -j if is_rtl else j))
        order = sorted(range(len(cluster)), key=places.__getitem__)
        if order != sorted(order):
            reads[k] = [cluster[j] for j in order]
            moved.add(k)
        drawn[k] = "".join([shown_of[j] for j in order])
    return reads, drawn, moved


def _has_private_use(chars: list[str]) -> bool:
    """Whether any of the characters is a private-use one (a glyph no character maps to)."""
    return any("\ue000" <= c <= "\uf8ff" for c in chars)


def _codes(ttf: Any, glyphs: Sequence[Glyph], doc: Any) -> tuple[list[int], bytearray]:
    """Per glyph: the subset and the code ReportLab gives its character in this document."""
    subsets: list[int] = []
    codes = bytearray()
    for subset, chunk in ttf.splitString("".join([g.char for g in glyphs]), doc):
        subsets.extend([subset] * len(chunk))
        codes += chunk
    return subsets, codes


def _starts(glyphs: Sequence[Glyph]) -> list[float]:
    """Where each glyph's advance starts, from the first's (thousandths of the size)."""
    return list(accumulate([g.advance for g in glyphs], initial=0.0))


def _word_unit(
    word: range,
    clusters: list[list[int]],
    reads: list[list[int]],
    moved: set[int],
    drawn: list[str],
    firsts: list[int],
    ends: list[int],
    text: str,
    glyphs: Sequence[Glyph],
    starts: list[float],
) -> tuple[list[int], str | None]:
    """A left-to-right word (its clusters' numbers): its glyphs in reading order, and its text
    when a reader going by position would not get it back from them."""
    said = text[firsts[word[0]] : ends[word[-1]]]
    if moved and not moved.isdisjoint(word):
        return [i for k in word for i in reads[k]], said
    glyph_range = range(clusters[word[0]][0], clusters[word[-1]][-1] + 1)  # in a row
    read = list(glyph_range)
    if not _in_step(glyphs, glyph_range, starts):
        return read, said
    shown = "".join(drawn[word.start : word.stop])
    if shown == said or unicodedata.normalize("NFC", shown) == said:
        return read, None
    return read, said


def _segment(
    glyphs: Sequence[Glyph],
    indices: list[int],
    subsets: list[int],
    codes: bytearray,
    starts: list[float],
    ttf: Any,
    doc: Any,
    size: float,
) -> tuple[list[str], float]:
    """The operators of one segment, from its first glyph's place, and that place."""
    origin = starts[indices[0]] + glyphs[indices[0]].x_offset
    ops: list[str] = []
    items: list[str] = []  # the TJ array being written
    run = bytearray()  # codes shown with no move between them, not yet in `items`
    subset_now = -1
    rise_now = 0.0
    pen = origin

    def flush() -> None:
        if run:
            items.append(f"({_escaped(run)})")
            run.clear()
        if items:
            ops.append(f"[{' '.join(items)}] TJ" if len(items) > 1 else f"{items[0]} Tj")
            items.clear()

    for i in indices:
        _char, _advance, x_offset, y_offset, width, _cluster, _top, _bottom = glyphs[i]
        subset = subsets[i]
        if subset != subset_now:
            flush()
            ops.append(f"{ttf.getSubsetInternalName(subset, doc)} {num(size)} Tf")
            subset_now = subset
        if y_offset != rise_now:
            flush()
            rise_now = y_offset
            ops.append(f"{num(rise_now * size / 1000)} Ts")
        target = starts[i] + x_offset
        move = target - pen
        if move > 1e-6 or move < -1e-6:
            if run:
                items.append(f"({_escaped(run)})")
                run.clear()
            items.append(num(-move))  # a TJ number moves back: less than 0 moves on
        run.append(codes[i])
        pen = target + width
    flush()
    if rise_now:
        ops.append("0 Ts")
    return ops, origin


_ESCAPES = tuple(
    f"\\{code:03o}"
    if code < 32 or code >= 127
    else "\\" + chr(code)
    if chr(code) in "\\()"
    else chr(code)
    for code in range(256)
)
"""Each byte as a PDF string writes it (as ReportLab's escapePDF writes it)."""


def _escaped(codes: bytearray) -> str:
    return "".join(map(_ESCAPES.__getitem__, codes))


def _in_step(glyphs: Sequence[Glyph], indices: Sequence[int], starts: list[float]) -> bool:
    """Whether glyphs follow each other as their widths in the font place them, on the
    baseline: no mark moved over its letter, none raised. A reader going by position (pdftotext)
    reads such glyphs as one word; a moved mark can look like a space."""
    pen = starts[indices[0]]
    for i in indices:
        _char, _advance, x_offset, y_offset, width, _cluster, _top, _bottom = glyphs[i]
        if y_offset or abs(starts[i] + x_offset - pen) > 1e-6:
            return False
        pen = starts[i] + x_offset + width
    return True


@lru_cache(maxsize=4096)
def num(value: float) -> str:
    """A number for a content stream, to a thousandth (of a point, or of the font size in a
    TJ array): shorter and quicker to write than ReportLab's fp_str, which is pure Python here.
    Remembered: a booklet's marks move by the same few amounts again and again."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def run_width(glyphs: Sequence[Glyph], size: float) -> float:
    """How far the glyphs advance, in points."""
    return sum([g.advance for g in glyphs]) * size / 1000
