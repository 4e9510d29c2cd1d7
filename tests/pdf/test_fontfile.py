"""The quick TrueType reader (cdbooklet.pdf.fontfile) makes the face ReportLab's reader makes:
the same character map, widths, metrics and glyph places, for every bundled face and for any
face a clinic's fonts folder might hold (made here with fontTools, character maps and metrics
drawn by hypothesis)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.pdfbase.ttfonts import TTFont

from cdbooklet.content.fonts import fonts_dir
from cdbooklet.pdf import fontfile

HEADER = ("name", "numGlyphs", "unitsPerEm", "ascent", "descent", "bbox", "flags", "stemV")
HEADER += ("italicAngle", "capHeight", "defaultWidth", "_full_font")


def _same_face(ours: Any, theirs: Any) -> None:
    for attribute in HEADER:
        assert getattr(ours, attribute) == getattr(theirs, attribute), attribute
    # The maps in ReportLab's order: a glyph's first character is the one it is drawn under.
    assert list(ours.charToGlyph.items()) == list(theirs.charToGlyph.items())
    assert list(ours.glyphToChar.items()) == list(theirs.glyphToChar.items())
    assert ours.charWidths == theirs.charWidths
    assert [type(w) for w in ours.charWidths.values()] == [
        type(theirs.charWidths[c]) for c in ours.charWidths
    ]
    assert len(ours.hmetrics) == len(theirs.hmetrics) == ours.numGlyphs
    assert [ours.hmetrics[g] for g in range(ours.numGlyphs)] == list(theirs.hmetrics)
    assert list(ours.glyphPos) == list(theirs.glyphPos)


BUNDLED = sorted(fonts_dir().glob("*.ttf")) + sorted((fonts_dir() / "scripts").glob("*.ttf"))


@pytest.mark.parametrize("path", BUNDLED, ids=lambda path: path.name)
def test_every_bundled_face_reads_as_reportlab_reads_it(path: Path) -> None:
    _same_face(fontfile.true_type_font("Quick", str(path)).face, TTFont("Slow", str(path)).face)


def test_the_font_is_reportlabs_font_with_the_name_given() -> None:
    path = str(fonts_dir() / "AtkinsonHyperlegible-Regular.ttf")
    ours, theirs = fontfile.true_type_font("Quick", path), TTFont("Quick", path)
    assert isinstance(ours, TTFont)
    for attribute in ("fontName", "_asciiReadable", "shapable", "_multiByte", "_dynamicFont"):
        assert getattr(ours, attribute) == getattr(theirs, attribute), attribute
    assert ours.stringWidth("Take 2 drops", 11) == theirs.stringWidth("Take 2 drops", 11)


def test_a_map_format_it_does_not_read_is_left_to_reportlab(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(fontfile, "_char_map", lambda face, data: None)
    path = str(fonts_dir() / "scripts" / "NotoSansThai-Regular.ttf")
    _same_face(fontfile.true_type_font("Quick", path).face, TTFont("Slow", path).face)


def test_hmetrics_past_the_last_glyph_are_an_index_error() -> None:
    face = fontfile.true_type_font("Quick", str(fonts_dir() / "DejaVuSans.ttf")).face
    with pytest.raises(IndexError):
        face.hmetrics[face.numGlyphs]


def test_a_subset_embeds_the_same_bytes() -> None:
    """makeSubset reads the face's metrics and glyph places: the same subset either way."""
    path = str(fonts_dir() / "scripts" / "DroidSansFallbackFull.ttf")
    ours, theirs = fontfile.true_type_font("Q", path).face, TTFont("S", path).face
    subset = [0, *map(ord, " 针灸可以缓解颈部疼痛。")]
    assert ours.makeSubset(subset) == theirs.makeSubset(subset)


# -- any face: fonts made with fontTools ----------------------------------------------------------

_CHARS = st.one_of(
    st.integers(0x20, 0x7E), st.integers(0xA0, 0xFFFD), st.integers(0x10000, 0x2FFFF)
).filter(lambda c: not 0xD800 <= c <= 0xDFFF)


_SURROGATES = set(range(0xD800, 0xE000))


@st.composite
def _faces(draw: st.DrawFn) -> bytes:
    from fontTools.fontBuilder import FontBuilder
    from fontTools.ttLib.tables._g_l_y_f import Glyph

    count = draw(st.integers(1, 120))
    names = [".notdef", *(f"g{i}" for i in range(1, count))]
    # Runs of characters in a row, as fonts have them: fontTools writes a run whose glyphs are
    # not in a row as a list of glyph ids (idRangeOffset), one whose are by a delta.
    runs = draw(st.lists(st.tuples(_CHARS, st.integers(1, 40)), max_size=12))
    chars = sorted({c for start, n in runs for c in range(start, start + n)} - _SURROGATES)
    cmap = {char: names[draw(st.integers(0, count - 1))] for char in chars}
    advances = draw(st.lists(st.integers(0, 3000), min_size=count, max_size=count))
    if draw(st.booleans()):  # trailing glyphs of one advance: hmtx lists them without one
        tail = draw(st.integers(0, count - 1))
        advances[tail:] = [advances[tail]] * (count - tail)
    units = draw(st.one_of(st.sampled_from([256, 1000, 1024, 2048]), st.integers(16, 16384)))
    builder = FontBuilder(units, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap(cmap)
    builder.setupGlyf({name: Glyph() for name in names})
    builder.setupHorizontalMetrics({n: (a, 0) for n, a in zip(names, advances, strict=True)})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Any", "styleName": "Regular", "psName": "Any-Face"})
    builder.setupOS2(sTypoAscender=800, sTypoDescender=-200)
    builder.setupPost()
    out = io.BytesIO()
    builder.save(out)
    return out.getvalue()


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(face=_faces())
def test_any_face_reads_as_reportlab_reads_it(face: bytes, tmp_path_factory: Any) -> None:
    path = tmp_path_factory.mktemp("face") / "any.ttf"
    path.write_bytes(face)
    _same_face(fontfile.true_type_font("Quick", str(path)).face, TTFont("Slow", str(path)).face)
