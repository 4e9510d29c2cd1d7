"""What each writing system asks of layout (text.scripts), the Unicode Bidirectional Algorithm's
levels and a line's visual order (text.bidi), and where lines may break (text.breaks)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cdbooklet.text import bidi, breaks, scripts

# -- scripts ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ch", "script"),
    [
        ("ا", scripts.ARABIC),
        ("ی", scripts.ARABIC),  # Persian yeh
        ("ے", scripts.ARABIC),  # Urdu yeh barree
        ("ש", scripts.HEBREW),
        ("क", scripts.DEVANAGARI),
        ("ক", scripts.BENGALI),
        ("ਕ", scripts.GURMUKHI),
        ("ક", scripts.GUJARATI),
        ("ก", scripts.THAI),
        ("ក", scripts.KHMER),
        ("ሰ", scripts.ETHIOPIC),
        ("한", scripts.HANGUL),
        ("か", scripts.KANA),
        ("カ", scripts.KANA),
        ("漢", scripts.HAN),
        ("。", scripts.HAN),
        ("\U00020000", scripts.HAN),
        ("a", None),
        ("Ω", None),
        ("Ж", None),
        ("1", None),
        (" ", None),
    ],
)
def test_each_script_with_a_face_is_known_by_its_block(ch: str, script: str | None) -> None:
    assert scripts.script_of(ch) == script


@pytest.mark.parametrize(
    ("tag", "is_rtl"),
    [
        ("ar", True),
        ("ar-EG", True),
        ("fa", True),
        ("ur-PK", True),
        ("he", True),
        ("pa-Arab", True),
        ("az-Arab", True),
        ("en", False),
        ("es-MX", False),
        ("zh-Hant", False),
        ("pa-Guru", False),
        ("ku-Latn", False),
    ],
)
def test_right_to_left_languages_by_tag_and_script_subtag(tag: str, is_rtl: bool) -> None:
    assert scripts.is_rtl_language(tag) is is_rtl


@pytest.mark.parametrize(
    ("text", "needed"),
    [
        ("Plain English, café, Ωμέγα, Київ, Nguyễn", False),
        ("한국어 문장입니다", False),  # spaces between words: ReportLab's own layout
        ("አማርኛ ሰላም", False),
        ("مرحبا", True),
        ("שלום", True),
        ("नमस्ते", True),
        ("สวัสดี", True),
        ("你好", True),
        ("a\u200bb", True),  # a zero-width space is a break only cdbooklet knows
        ("a\u200db", True),
    ],
)
def test_which_text_needs_cdbooklets_own_layout(text: str, needed: bool) -> None:
    assert scripts.needs_engine(text) is needed


@pytest.mark.parametrize(
    ("ch", "name"),
    [("ཀ", "Tibetan"), ("\ue000", "private use"), ("ᠠ", "Mongolian"), ("🧘", "symbol")],
)
def test_a_script_is_named_for_messages(ch: str, name: str) -> None:
    assert scripts.script_name(ch) == name


# -- bidi -------------------------------------------------------------------------------------


def test_left_to_right_text_needs_no_algorithm() -> None:
    assert bidi.levels("Plain text, 555-1234.", False) == [0] * 21


def test_a_hebrew_sentence_ending_in_a_number() -> None:
    text = "המרפאה פתוחה עד 17"
    levels = bidi.levels(text, True)
    assert levels[: text.index("17")] == [1] * text.index("17")
    assert levels[-2:] == [2, 2]  # the number reads left to right, inside
    # The number is seen first (at the left), then the Hebrew, read from the right.
    runs = [1, 2]
    assert bidi.visual_order(runs) == [1, 0]


@pytest.mark.parametrize("number", ["555-1234", "+1 (555) 123 4567", "17:30", "2026/03/07"])
def test_a_number_with_separators_reads_left_to_right_in_arabic(number: str) -> None:
    text = f"اتصل بنا على {number} اليوم"
    levels = bidi.levels(text, True)
    start = text.index(number)
    inside = levels[start : start + len(number)]
    assert len(set(inside)) == 1 and inside[0] % 2 == 0, inside  # one left-to-right run
    # Without the isolate, UAX #9 alone splits 555-1234 (its W2 makes the digits Arabic
    # numbers, and the hyphen between two of them then reads right to left).
    from bidi import get_display

    assert get_display("اتصل 555-1234") == "1234-555 لصتا"


def test_a_phone_number_split_by_spaces_stays_in_order_in_hebrew() -> None:
    text = "התקשרו 03 555 1234 היום"
    levels = bidi.levels(text, True)
    start = text.index("03")
    assert set(levels[start : start + 11]) == {2}


def test_an_english_sentence_holding_an_arabic_name() -> None:
    text = "Welcome to عيادة النور clinic."
    levels = bidi.levels(text, False)
    name = text.index("عيادة")
    assert set(levels[name : name + len("عيادة النور")]) == {1}
    assert levels[0] == 0 and levels[-1] == 0


def test_the_spaces_a_line_ends_in_take_the_paragraphs_level() -> None:
    text = "שלום עולם "
    levels = bidi.levels(text, True)
    line = bidi.line_levels(text, levels, 0, len(text), 1)
    assert line[-1] == 1
    english = "abc שלום "
    assert bidi.line_levels(english, bidi.levels(english, False), 0, 9, 0)[-1] == 0


@pytest.mark.parametrize(
    ("levels", "order"),
    [
        ([0], [0]),
        ([1, 1, 1], [2, 1, 0]),
        ([0, 1, 0], [0, 1, 2]),
        ([1, 2, 1], [2, 1, 0]),
        ([2, 1, 2], [2, 1, 0]),
        ([0, 1, 2, 1, 0], [0, 3, 2, 1, 4]),
    ],
)
def test_runs_are_reordered_by_rule_l2(levels: list[int], order: list[int]) -> None:
    assert bidi.visual_order(levels) == order


def test_the_first_strong_letter_sets_a_paragraphs_direction() -> None:
    assert bidi.first_strong_is_rtl("123 שלום abc") is True
    assert bidi.first_strong_is_rtl("(Botox) دواء") is False
    assert bidi.first_strong_is_rtl("555-1234") is None


_MIXED = st.text(
    alphabet=st.sampled_from(list("abc שלום سلام 123-45.()\u200e\u200f\u2067\u2069\u0651")),
    max_size=60,
)


@given(text=_MIXED, is_rtl=st.booleans())
def test_levels_cover_every_character_and_order_is_a_permutation(text: str, is_rtl: bool) -> None:
    levels = bidi.levels(text, is_rtl)
    assert len(levels) == len(text)
    assert all(0 <= level <= 125 for level in levels)
    assert sorted(bidi.visual_order(levels)) == list(range(len(text)))


# -- breaks -----------------------------------------------------------------------------------


def _pieces(text: str) -> list[str]:
    allowed = breaks.opportunities(text)
    out, start = [], 0
    for i in range(1, len(text)):
        if allowed[i]:
            out.append(text[start:i])
            start = i
    out.append(text[start:])
    return out


def test_chinese_breaks_between_characters_but_not_before_closing_marks() -> None:
    text = "请先问您的医生「这很重要」，然后再开始。"
    pieces = _pieces(text)
    assert "".join(pieces) == text
    for piece in pieces[1:]:
        assert piece[0] not in "。、，」）"
    for piece in pieces[:-1]:
        assert piece[-1] not in "「（"
    assert len(pieces) > 10  # nearly every character is a break


def test_japanese_small_kana_and_the_long_mark_never_start_a_line() -> None:
    text = "ちょっとコーヒーを飲みます。"
    for piece in _pieces(text)[1:]:
        assert piece[0] not in "ょっーー。"


def test_a_latin_word_and_a_number_in_chinese_stay_whole() -> None:
    pieces = _pieces("服用Botox之前，请问医生12345。")
    assert "Botox" in pieces and any(p.startswith("12345") for p in pieces)


def test_korean_breaks_between_words_only() -> None:
    assert _pieces("침술은 아주 가는 바늘을") == ["침술은 ", "아주 ", "가는 ", "바늘을"]


def test_thai_breaks_between_dictionary_words() -> None:
    text = "การฝังเข็มอาจช่วยลดอาการปวดคอ"
    assert _pieces(text) == ["การฝังเข็ม", "อาจ", "ช่วย", "ลด", "อาการ", "ปวด", "คอ"]


def test_khmer_breaks_at_zero_width_spaces() -> None:
    text = "ការចាក់ម្ជុល\u200bអាច\u200bជួយ"
    assert _pieces(text) == ["ការចាក់ម្ជុល\u200b", "អាច\u200b", "ជួយ"]


def test_a_hyphen_between_letters_is_a_break_but_not_in_a_phone_number() -> None:
    assert _pieces("self-care 555-1234") == ["self-", "care ", "555-1234"]


def test_last_resort_breaks_never_split_a_cluster() -> None:
    text = "क्षत्रिय กั้ ម្ជុ e\u0301"
    starts = breaks.cluster_starts(text)
    for i, ch in enumerate(text):
        if unicodedata.category(ch) in ("Mn", "Mc") or (
            i and unicodedata.combining(text[i - 1]) == 9
        ):
            assert not starts[i], (i, ch)


@given(text=st.text(max_size=80))
def test_break_points_are_between_characters_and_never_before_a_mark(text: str) -> None:
    allowed = breaks.opportunities(text)
    assert len(allowed) == len(text)
    assert not allowed[:1] or allowed[0] is False
    for i, ch in enumerate(text):
        if allowed[i] and unicodedata.category(ch) in ("Mn", "Me"):
            assert text[i - 1] in breaks.SPACES, (text, i)


def test_the_separators_a_line_looks_for_are_unicodes() -> None:
    """`bidi.line_levels` looks for segment and paragraph separators (bidirectional class S or
    B) with one expression: it names exactly the characters Unicode gives those classes."""
    classed = [chr(c) for c in range(0x110000) if unicodedata.bidirectional(chr(c)) in ("S", "B")]
    matched = [chr(c) for c in range(0x110000) if bidi._SEPARATOR.fullmatch(chr(c))]
    assert classed == matched


@given(st.text(alphabet="ab \tمرحبا\n\r\x1c\x1f\u2029\u2067\u2069\u200f", max_size=30))
def test_line_levels_treat_separators_as_rule_l1_says(text: str) -> None:
    """Whatever the line holds, its levels are those of L1 done character by character."""
    levels = bidi.levels(text, True) if text else []
    got = bidi.line_levels(text, levels, 0, len(text), 1)
    want = list(levels)
    for j, ch in enumerate(text):
        if unicodedata.bidirectional(ch) in ("S", "B"):
            want[j] = 1
            k = j - 1
            while k >= 0 and (
                unicodedata.bidirectional(text[k]) in bidi._LINE_END_NEUTRAL
                or unicodedata.bidirectional(text[k]) in bidi._ISOLATES
            ):
                want[k] = 1
                k -= 1
    i = len(text) - 1
    while i >= 0 and (
        unicodedata.bidirectional(text[i]) in bidi._LINE_END_NEUTRAL
        or unicodedata.bidirectional(text[i]) in bidi._ISOLATES
    ):
        want[i] = 1
        i -= 1
    assert got == want
