"""The draft catalogues of twenty-one more languages (`cdbooklet.text.world_labels`): each is found
by its tag and its variants, is marked a draft, keeps the English placeholders, writes its own
script and punctuation, formats pages and dates, and has a language-help line with the phone number;
the tags it does not cover still fall back."""

from __future__ import annotations

import ast
import datetime
import string
import unicodedata
from dataclasses import fields, replace

import pytest

from cdbooklet.text.labels import _EN, _ES, CATALOGUES, Labels, labels_for
from cdbooklet.text.world_labels import WORLD_CATALOGUES, world_labels_for
from helpers import ROOT

TAGS = (
    "zh-Hans",
    "zh-Hant",
    "ja",
    "ko",
    "ar",
    "fa",
    "ur",
    "he",
    "hi",
    "bn",
    "pa",
    "gu",
    "th",
    "km",
    "am",
    "vi",
    "tl",
    "ru",
    "ht",
    "pt",
    "fr",
)
ALPHABETS = ("vi", "tl", "ru", "ht", "pt", "fr")
"""Catalogues written in Latin or Cyrillic letters: every letter of a text checked for its script
is of that script (a look-alike from another, such as Cyrillic о in French, would be a mistake)."""
RTL = ("ar", "fa", "ur", "he")
SCRIPT_NAMES = {
    # The start of the Unicode names of the letters each catalogue's `contents` is written in.
    "zh-Hans": ("CJK UNIFIED IDEOGRAPH",),
    "zh-Hant": ("CJK UNIFIED IDEOGRAPH",),
    "ja": ("HIRAGANA", "KATAKANA", "CJK UNIFIED IDEOGRAPH"),
    "ko": ("HANGUL",),
    "ar": ("ARABIC",),
    "fa": ("ARABIC",),
    "ur": ("ARABIC",),
    "he": ("HEBREW",),
    "hi": ("DEVANAGARI",),
    "bn": ("BENGALI",),
    "pa": ("GURMUKHI",),
    "gu": ("GUJARATI",),
    "th": ("THAI",),
    "km": ("KHMER",),
    "am": ("ETHIOPIC",),
    "vi": ("LATIN",),
    "tl": ("LATIN",),
    "ru": ("CYRILLIC",),
    "ht": ("LATIN",),
    "pt": ("LATIN",),
    "fr": ("LATIN",),
}
VIETNAMESE_MARKS = ("HORN", "DOT BELOW", "HOOK ABOVE", "D WITH STROKE")
"""Marks in the Unicode names of letters only Vietnamese, of these languages, writes (ơ ư ạ ả đ):
a Vietnamese text has at least one, or it lost its diacritics."""
SENTENCE_END = {
    # How the footer's last sentence ends: Thai has no full stop.
    "zh-Hans": "。",
    "zh-Hant": "。",
    "ja": "。",
    "ko": ".",
    "ar": ".",
    "fa": ".",
    "ur": "۔",
    "he": ".",
    "hi": "।",
    "bn": "।",
    "pa": "।",
    "gu": ".",
    "th": "",
    "km": "។",
    "am": "።",
    "vi": ".",
    "tl": ".",
    "ru": ".",
    "ht": ".",
    "pt": ".",
    "fr": ".",
}
OWN_NAMES = {
    "zh-Hans": "简体中文",
    "zh-Hant": "繁體中文",
    "ja": "日本語",
    "ko": "한국어",
    "ar": "العربية",
    "fa": "فارسی",
    "ur": "اردو",
    "he": "עברית",
    "hi": "हिन्दी",
    "bn": "বাংলা",
    "pa": "ਪੰਜਾਬੀ",
    "gu": "ગુજરાતી",
    "th": "ไทย",
    "km": "ខ្មែរ",
    "am": "አማርኛ",
    "vi": "Tiếng Việt",
    "tl": "Tagalog",
    "ru": "Русский",
    "ht": "Kreyòl ayisyen",
    "pt": "Português",
    "fr": "Français",
}
ZWSP = "\u200b"
SAME_AS_ENGLISH = {("tl", "date_format")}
"""Texts a catalogue rightly shares with English: Filipino writes a date in the American order
(Marso 7, 2026)."""


def _texts(labels: Labels) -> dict[str, str]:
    """Every text field by name (the months one by one), without `desk`, `is_draft` and
    `colon` (punctuation, the same in most languages)."""
    found = {f.name: getattr(labels, f.name) for f in fields(labels) if f.name != "colon"}
    texts = {name: value for name, value in found.items() if isinstance(value, str)}
    texts.update({f"months[{i}]": month for i, month in enumerate(labels.months)})
    return texts


def _placeholders(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


def _words(text: str) -> str:
    """The text without its placeholders."""
    return "".join(literal for literal, *_ in string.Formatter().parse(text))


def _assert_in_its_script(tag: str, name: str, text: str) -> None:
    """Some of the text's letters are of the catalogue's script; in Latin and Cyrillic, all of
    them; in Vietnamese, at least one of its own marked letters."""
    letters = [ch for ch in _words(text) if ch.isalpha()]
    script = SCRIPT_NAMES[tag]
    assert any(unicodedata.name(ch, "").startswith(script) for ch in letters), (tag, name)
    if tag in ALPHABETS:
        strays = [ch for ch in letters if not unicodedata.name(ch, "").startswith(script)]
        assert not strays, (tag, name, strays)
    if tag == "vi":
        assert any(
            mark in unicodedata.name(ch, "") for ch in letters for mark in VIETNAMESE_MARKS
        ), (tag, name)


def test_there_are_twenty_one_and_english_and_spanish_are_not_among_them() -> None:
    assert set(WORLD_CATALOGUES) == set(TAGS)
    assert not set(CATALOGUES) & set(WORLD_CATALOGUES)


@pytest.mark.parametrize("tag", TAGS)
def test_each_catalogue_is_found_without_falling_back(tag: str) -> None:
    for spelled in (tag, tag.lower(), tag.upper()):
        labels, fell_back = labels_for(spelled)
        assert not fell_back, spelled
        assert labels is WORLD_CATALOGUES[tag], spelled
    assert labels.contents != _EN.contents


@pytest.mark.parametrize("tag", TAGS)
def test_each_catalogue_is_a_draft_with_every_field_filled(tag: str) -> None:
    labels = WORLD_CATALOGUES[tag]
    assert labels.is_draft is True
    assert len(labels.months) == 12
    assert len(set(labels.months)) == 12
    for name, text in _texts(labels).items():
        assert text, (tag, name)
        assert text == text.strip(), (tag, name)
        assert not text.startswith(ZWSP) and not text.endswith(ZWSP), (tag, name)
        assert unicodedata.is_normalized("NFC", text), (tag, name)
        assert "|" not in text, (tag, name)
        for ch in text:
            # No emoji or other symbols, no private-use, unassigned or control characters.
            assert unicodedata.category(ch) not in ("So", "Co", "Cn", "Cs", "Cc"), (tag, name, ch)


@pytest.mark.parametrize("tag", TAGS)
def test_each_text_keeps_exactly_the_english_placeholders(tag: str) -> None:
    english = _texts(_EN)
    for name, text in _texts(WORLD_CATALOGUES[tag]).items():
        assert _placeholders(text) == _placeholders(english[name]), (tag, name)


@pytest.mark.parametrize("tag", TAGS)
def test_each_catalogue_formats_pages_and_dates(tag: str) -> None:
    labels = WORLD_CATALOGUES[tag]
    page = labels.page_of(3, 12)
    assert "3" in page and "12" in page
    day = labels.date(datetime.date(2026, 3, 7))
    assert "2026" in day and "7" in day
    assert labels.months[2] in day


@pytest.mark.parametrize("tag", TAGS)
def test_each_catalogue_translates_every_text(tag: str) -> None:
    """No text is left in English, or copied from another catalogue."""
    labels = WORLD_CATALOGUES[tag]
    english = _texts(_EN)
    for name, text in _texts(labels).items():
        if (tag, name) in SAME_AS_ENGLISH:
            continue
        assert text != english[name], (tag, name)
    others = [c for t, c in WORLD_CATALOGUES.items() if t != tag] + [_EN, _ES]
    assert all(_texts(labels) != _texts(other) for other in others)


@pytest.mark.parametrize("tag", TAGS)
def test_the_footer_is_short_and_ends_as_a_sentence_does_in_the_language(tag: str) -> None:
    footer = WORLD_CATALOGUES[tag].footer
    assert len(footer) <= 90, len(footer)
    end = SENTENCE_END[tag]
    if end:
        assert footer.endswith(end)
    else:
        assert unicodedata.name(footer[-1]).startswith("THAI")


@pytest.mark.parametrize("tag", TAGS)
def test_the_cautions_label_introduces_a_list(tag: str) -> None:
    assert WORLD_CATALOGUES[tag].cautions.endswith(("…", ":", "：", "፦"))


@pytest.mark.parametrize("tag", TAGS)
def test_the_front_desk_stays_english_but_names_the_language_in_its_own_script(tag: str) -> None:
    desk = WORLD_CATALOGUES[tag].desk
    assert desk.language_name == OWN_NAMES[tag]
    assert desk == replace(_EN.desk, language_name=OWN_NAMES[tag], language="Language")


@pytest.mark.parametrize("tag", TAGS)
def test_contents_is_written_in_the_languages_script(tag: str) -> None:
    _assert_in_its_script(tag, "contents", WORLD_CATALOGUES[tag].contents)


LANGUAGE_HELP_TEXTS = (
    "language_help",
    "language_help_heading",
    "other_formats",
    "language_help_short",
    "draft_line",
)


@pytest.mark.parametrize("tag", TAGS)
def test_the_language_help_texts_are_written_in_the_languages_script(tag: str) -> None:
    labels = WORLD_CATALOGUES[tag]
    for name in LANGUAGE_HELP_TEXTS:
        _assert_in_its_script(tag, name, getattr(labels, name))


@pytest.mark.parametrize("tag", [*TAGS, "en", "es"])
def test_the_language_help_lines_give_the_phone_number_once(tag: str) -> None:
    labels = WORLD_CATALOGUES.get(tag) or CATALOGUES[tag]
    for name in ("language_help", "language_help_short"):
        text = getattr(labels, name)
        assert text.count("{phone}") == 1, (tag, name)
        assert _placeholders(text) == {"phone"}, (tag, name)
        line = text.format(phone="(555) 010-0199")
        assert line.count("(555) 010-0199") == 1, (tag, name)
        assert "{" not in line and "}" not in line, (tag, name)
    for name in ("language_help_heading", "other_formats", "draft_line"):
        assert not _placeholders(getattr(labels, name)), (tag, name)


@pytest.mark.parametrize("tag", [*TAGS, "en", "es"])
def test_the_draft_line_starts_with_the_dagger(tag: str) -> None:
    labels = WORLD_CATALOGUES.get(tag) or CATALOGUES[tag]
    assert labels.draft_line.startswith("† "), tag
    assert not labels.draft_line.startswith("†  "), tag
    assert labels.draft_line.count("†") == 1, tag


@pytest.mark.parametrize("tag", TAGS)
def test_the_language_help_page_ends_its_sentences_as_the_language_does(tag: str) -> None:
    labels = WORLD_CATALOGUES[tag]
    end = SENTENCE_END[tag]
    for name in ("language_help", "other_formats", "draft_line"):
        text = getattr(labels, name)
        if end:
            assert text.endswith(end), (tag, name)
        else:
            assert not text.endswith("."), (tag, name)
    # The heading and the handouts' short line are not sentences.
    assert not labels.language_help_heading.endswith((".", "。", "।", "۔", "។", "።"))
    assert not _words(labels.language_help_short).endswith((".", "。", "।", "۔", "។", "።"))


@pytest.mark.parametrize("tag", TAGS)
def test_the_language_help_line_is_a_translation_of_its_own(tag: str) -> None:
    """Every catalogue's line differs from the others': the page prints them side by side."""
    lines = [c.language_help for c in (*WORLD_CATALOGUES.values(), _EN, _ES)]
    assert lines.count(WORLD_CATALOGUES[tag].language_help) == 1


def test_french_puts_a_no_break_space_before_each_colon() -> None:
    french = WORLD_CATALOGUES["fr"]
    for name, text in _texts(french).items():
        for i, ch in enumerate(text):
            if ch == ":":
                assert text[i - 1] == "\u00a0", name
    assert french.lead(french.phone) == ("Téléphone\u00a0:", " ")
    assert french.language_help_short.format(phone="555") == "Aide linguistique gratuite\u00a0: 555"
    # The other Latin and Cyrillic catalogues put no space before a colon.
    for tag in ("vi", "tl", "ru", "ht", "pt"):
        labels = WORLD_CATALOGUES[tag]
        assert labels.colon == ":"
        assert all(" :" not in text and "\u00a0:" not in text for text in _texts(labels).values())


@pytest.mark.parametrize("tag", RTL)
def test_right_to_left_catalogues_write_every_text_in_their_script(tag: str) -> None:
    for name, text in _texts(WORLD_CATALOGUES[tag]).items():
        words = _words(text)
        if not any(ch.isalpha() for ch in words):
            continue  # placeholders and punctuation only
        assert any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in words), (tag, name)


@pytest.mark.parametrize("tag", ("ar", "fa", "ur"))
def test_arabic_script_catalogues_use_their_own_comma_and_question_mark(tag: str) -> None:
    for name, text in _texts(WORLD_CATALOGUES[tag]).items():
        assert "," not in text and "?" not in text and ";" not in text, (tag, name)


@pytest.mark.parametrize("tag", ("zh-Hans", "zh-Hant", "ja"))
def test_chinese_and_japanese_use_full_width_punctuation(tag: str) -> None:
    for name, text in _texts(WORLD_CATALOGUES[tag]).items():
        words = _words(text)
        assert not set(words) & set(",.:;!?()"), (tag, name)


def test_khmer_breaks_words_with_zero_width_spaces() -> None:
    khmer = WORLD_CATALOGUES["km"]
    for text in (khmer.introduction, khmer.cautions, khmer.footer, khmer.draft_translation):
        assert ZWSP in text
    for name, text in _texts(khmer).items():
        assert f"{ZWSP} " not in text and f" {ZWSP}" not in text, name
        assert ZWSP * 2 not in text, name
    # Only Khmer uses them.
    others = [c for t, c in WORLD_CATALOGUES.items() if t != "km"]
    assert not any(ZWSP in text for c in others for text in _texts(c).values())


def test_the_dates_read_in_each_languages_order() -> None:
    day = datetime.date(2026, 3, 7)
    assert WORLD_CATALOGUES["zh-Hans"].date(day) == "2026年3月7日"
    assert WORLD_CATALOGUES["zh-Hant"].date(day) == "2026年3月7日"
    assert WORLD_CATALOGUES["ja"].date(day) == "2026年3月7日"
    assert WORLD_CATALOGUES["ko"].date(day) == "2026년 3월 7일"
    assert WORLD_CATALOGUES["ar"].date(day) == "7 مارس 2026"
    assert WORLD_CATALOGUES["fa"].date(day) == "7 مارس 2026"
    assert WORLD_CATALOGUES["he"].date(day) == "7 במרץ 2026"
    assert WORLD_CATALOGUES["hi"].date(day) == "7 मार्च 2026"
    assert WORLD_CATALOGUES["th"].date(day) == "7 มีนาคม ค.ศ. 2026"
    assert WORLD_CATALOGUES["am"].date(day) == "ማርች 7 ቀን 2026 እ.ኤ.አ."
    assert WORLD_CATALOGUES["vi"].date(day) == "7 tháng 3 năm 2026"
    assert WORLD_CATALOGUES["tl"].date(day) == "Marso 7, 2026"
    assert WORLD_CATALOGUES["ru"].date(day) == "7 марта 2026 г."
    assert WORLD_CATALOGUES["ht"].date(day) == "7 mas 2026"
    assert WORLD_CATALOGUES["pt"].date(day) == "7 de março de 2026"
    assert WORLD_CATALOGUES["fr"].date(day) == "7 mars 2026"
    assert WORLD_CATALOGUES["ru"].date(datetime.date(2026, 5, 1)) == "1 мая 2026 г."
    assert WORLD_CATALOGUES["zh-Hans"].page_of(3, 12) == "第 3 页，共 12 页"
    assert WORLD_CATALOGUES["ar"].page_of(3, 12) == "صفحة 3 من 12"
    assert WORLD_CATALOGUES["fr"].page_of(3, 12) == "Page 3 sur 12"


@pytest.mark.parametrize("tag", ["zh", "zh-CN", "zh-SG", "zh-Hans", "zh-Hans-CN", "ZH-hans-sg"])
def test_simplified_chinese_tags(tag: str) -> None:
    assert labels_for(tag) == (WORLD_CATALOGUES["zh-Hans"], False)


@pytest.mark.parametrize(
    "tag", ["zh-TW", "zh-HK", "zh-MO", "zh-Hant", "zh-Hant-TW", "zh-hant-cn", "zh-yue-HK"]
)
def test_traditional_chinese_tags(tag: str) -> None:
    assert labels_for(tag) == (WORLD_CATALOGUES["zh-Hant"], False)


def test_the_two_chinese_catalogues_differ() -> None:
    simplified, traditional = WORLD_CATALOGUES["zh-Hans"], WORLD_CATALOGUES["zh-Hant"]
    assert simplified.contents != traditional.contents
    assert simplified.footer != traditional.footer
    # A script subtag wins over the region.
    assert labels_for("zh-Hans-TW")[0] is simplified
    assert labels_for("zh-Hant-CN")[0] is traditional


@pytest.mark.parametrize(
    ("tag", "key"),
    [
        ("ar-EG", "ar"),
        ("ar-SA", "ar"),
        ("ar-Arab-JO", "ar"),
        ("fa-IR", "fa"),
        ("ur-PK", "ur"),
        ("he-IL", "he"),
        ("hi-IN", "hi"),
        ("bn-BD", "bn"),
        ("pa-IN", "pa"),
        ("pa-Guru", "pa"),
        ("pa-Guru-IN", "pa"),
        ("pa-Guru-PK", "pa"),
        ("gu-IN", "gu"),
        ("th-TH", "th"),
        ("km-KH", "km"),
        ("am-ET", "am"),
        ("ja-JP", "ja"),
        ("ko-KR", "ko"),
        ("ko-Kore-KR", "ko"),
        ("JA-jp", "ja"),
        ("th-TH-u-ca-buddhist", "th"),
        ("hi-x-clinic", "hi"),
        ("vi-VN", "vi"),
        ("vi-Latn-VN", "vi"),
        ("tl-PH", "tl"),
        ("fil", "tl"),
        ("fil-PH", "tl"),
        ("FIL-ph", "tl"),
        ("ru-RU", "ru"),
        ("ru-Cyrl-UA", "ru"),
        ("ht-HT", "ht"),
        ("pt-BR", "pt"),
        ("pt-PT", "pt"),
        ("pt-AO", "pt"),
        ("fr-FR", "fr"),
        ("fr-CA", "fr"),
        ("fr-HT", "fr"),
    ],
)
def test_regions_and_the_catalogues_own_script_use_the_primary_subtag(tag: str, key: str) -> None:
    assert labels_for(tag) == (WORLD_CATALOGUES[key], False)


@pytest.mark.parametrize(
    "tag",
    [
        "pa-Arab",
        "pa-Arab-PK",
        "PA-arab",
        "pa-PK",
        "hi-Latn",
        "zh-Latn",
        "ja-Latn",
        "sr",
        "ru-Latn",
        "vi-Hani",
        "fil-Tglg",
        "pl",
        "it",
    ],
)
def test_another_script_or_an_unknown_language_falls_back_to_english(tag: str) -> None:
    assert labels_for(tag) == (_EN, True)
    assert world_labels_for(tag) is None


@pytest.mark.parametrize("tag", ["en", "en-GB", "EN-us", "es", "es-MX", "es-419", "xx", ""])
def test_english_and_spanish_behave_as_before(tag: str) -> None:
    primary = tag.split("-")[0].lower()
    expected = (CATALOGUES[primary], False) if primary in CATALOGUES else (_EN, True)
    assert labels_for(tag) == expected


def test_english_is_the_source_and_every_translated_catalogue_is_a_draft() -> None:
    """Every catalogue but English was written here, Spanish too: none is presented as
    reviewed until a qualified translator has read it."""
    assert _EN.is_draft is False and _ES.is_draft is True
    assert all(c.is_draft for tag, c in CATALOGUES.items() if tag != "en")


def test_labels_imports_the_drafts_only_inside_labels_for() -> None:
    """world_labels imports labels, so labels may import it only inside a function; and
    world_labels imports nothing of cdbooklet but cdbooklet.text."""
    source = ROOT / "src" / "cdbooklet" / "text"
    top = ast.parse((source / "labels.py").read_text(encoding="utf-8")).body
    top_imports = [n for n in top if isinstance(n, ast.Import | ast.ImportFrom)]
    assert not any("world_labels" in ast.unparse(n) for n in top_imports)
    tree = ast.parse((source / "world_labels.py").read_text(encoding="utf-8"))
    doc = ast.get_docstring(tree)
    assert doc and "Never imports ReportLab." in doc.splitlines()[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("cdbooklet"):
            assert node.module.startswith("cdbooklet.text"), node.module


@pytest.mark.parametrize("tag", sorted({*CATALOGUES, *WORLD_CATALOGUES}))
def test_the_short_form_ends_with_a_colon_and_the_phone(tag: str) -> None:
    """The language-help page in large print on A5 prints each short form without its number
    (given once above): that needs the number last, after a colon."""
    import re

    short = labels_for(tag)[0].language_help_short
    assert re.search(r"\S\s*[:：፦៖]\s*\{phone\}$", short), short
