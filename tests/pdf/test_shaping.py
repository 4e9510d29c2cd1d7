"""HarfBuzz shaping (`pdf.shaping`): a line drawn from the glyphs its paragraph was measured
with is the line HarfBuzz would shape alone, and the same run is shaped once."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cdbooklet.content import fonts
from cdbooklet.layout.theme import register_script_face
from cdbooklet.pdf import shaping

FACES = {face.name: face for face in fonts.SCRIPT_FACES}
WORDS = {
    "NotoSansDevanagari": (
        "Devanagari",
        "hi",
        False,
        ["एक्यूपंक्चर", "में", "बहुत", "पतली", "सुइयों", "का", "क्षत्रिय", "है।"],
    ),
    "NotoSansArabic": (
        "Arabic",
        "ar",
        True,
        ["الوخز", "بالإبر", "لا", "على", "بدلًا", "الإطالة", "فيَّ،", "مثلًا."],
    ),
    "NotoSansThai": (
        "Thai",
        "th",
        False,
        ["การฝังเข็ม", "อาจ", "ช่วย", "ลด", "อาการ", "ปวด", "คอ", "ได้"],
    ),
}


def _key(glyph: shaping.Glyph) -> tuple[object, ...]:
    return (
        glyph.char,
        round(glyph.advance, 3),
        round(glyph.x_offset, 3),
        round(glyph.y_offset, 3),
        glyph.cluster,
    )


@settings(max_examples=60, deadline=None)
@given(
    face=st.sampled_from(list(WORDS)),
    picks=st.lists(st.integers(min_value=0, max_value=7), min_size=2, max_size=12),
    data=st.data(),
)
def test_a_piece_of_a_shaped_run_is_the_piece_shaped_alone(
    face: str, picks: list[int], data: st.DataObject
) -> None:
    script, language, is_rtl, words = WORDS[face]
    register_script_face(FACES[face])
    text = " ".join(words[i] for i in picks)
    spaces = [i + 1 for i, ch in enumerate(text) if ch == " "]
    start = data.draw(st.sampled_from([0, *spaces]))
    end = data.draw(st.sampled_from([e for e in [*spaces, len(text)] if e > start]))
    whole = shaping.shape(text, face, is_rtl=is_rtl, script=script, language=language)
    part, base = shaping.piece(
        whole, start, end, text, face, is_rtl=is_rtl, script=script, language=language
    )
    alone = shaping.shape(text[start:end], face, is_rtl=is_rtl, script=script, language=language)
    assert [_key(g._replace(cluster=g.cluster - base)) for g in part] == [_key(g) for g in alone]


def test_the_same_run_is_shaped_once() -> None:
    register_script_face(FACES["NotoSansArabic"])
    first = shaping.shape(
        "مرحبا بكم", "NotoSansArabic", is_rtl=True, script="Arabic", language="ar"
    )
    again = shaping.shape(
        "مرحبا بكم", "NotoSansArabic", is_rtl=True, script="Arabic", language="ar"
    )
    assert again is first


def test_an_unmapped_glyph_gets_the_same_private_character_whatever_was_shaped_before() -> None:
    """A conjunct's glyph is drawn under a private-use character named by its glyph number
    (U+E000 + its number: the face maps no private-use character itself), not by the order
    glyphs were met: a worker process that shaped other handouts first writes the same PDF."""
    register_script_face(FACES["NotoSansDevanagari"])
    for text in ("ज़्यादा द्वारा", "क्षत्रिय", "एक्यूपंक्चर"):
        shaping.shape(text, "NotoSansDevanagari", is_rtl=False, script="Devanagari", language="hi")
    face = shaping._ttfont("NotoSansDevanagari").face
    private = shaping._PRIVATE[face]
    assert private  # the conjuncts have no character of their own
    assert all(char == chr(0xE000 + gid) for gid, char in private.items()), private


def test_the_unsafe_to_break_flag_is_harfbuzzs() -> None:
    """`Shaped.is_unsafe` reads HarfBuzz's flag by its number, without making an enum per
    glyph: the number is uharfbuzz's."""
    from cdbooklet.pdf import shaping

    assert int(shaping.harfbuzz().GlyphFlags.UNSAFE_TO_BREAK) == shaping._UNSAFE_TO_BREAK
