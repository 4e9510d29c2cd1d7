"""Which writing system each character belongs to, and what that asks of layout: the face that
prints it, whether HarfBuzz must shape it, whether it reads right to left, and how its lines may
break. Pure tables and string work: never imports ReportLab.

Python's `unicodedata` has no Script property, so the scripts cdbooklet has a face for are
listed here by their Unicode blocks (`_BLOCKS`); every other character is "common" (Latin,
digits, punctuation, symbols), printed by the text face or its fallback as before.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from functools import cache

ARABIC = "Arabic"
HEBREW = "Hebrew"
DEVANAGARI = "Devanagari"
BENGALI = "Bengali"
GURMUKHI = "Gurmukhi"
GUJARATI = "Gujarati"
THAI = "Thai"
KHMER = "Khmer"
ETHIOPIC = "Ethiopic"
HANGUL = "Hangul"
KANA = "Kana"
HAN = "Han"
"""Han ideographs and the CJK punctuation, symbols and full-width forms that go with them."""

_BLOCKS: tuple[tuple[int, int, str], ...] = (
    (0x0590, 0x05FF, HEBREW),
    (0x0600, 0x06FF, ARABIC),
    (0x0750, 0x077F, ARABIC),
    (0x0870, 0x08FF, ARABIC),
    (0x0900, 0x097F, DEVANAGARI),
    (0x0980, 0x09FF, BENGALI),
    (0x0A00, 0x0A7F, GURMUKHI),
    (0x0A80, 0x0AFF, GUJARATI),
    (0x0E00, 0x0E7F, THAI),
    (0x1100, 0x11FF, HANGUL),
    (0x1200, 0x139F, ETHIOPIC),
    (0x1780, 0x17FF, KHMER),
    (0x19E0, 0x19FF, KHMER),
    (0x2D80, 0x2DDF, ETHIOPIC),
    (0x2E80, 0x2FDF, HAN),
    (0x3000, 0x303F, HAN),
    (0x3040, 0x30FF, KANA),
    (0x3100, 0x312F, HAN),  # Bopomofo, printed by the Chinese face
    (0x3130, 0x318F, HANGUL),
    (0x3190, 0x31EF, HAN),
    (0x31F0, 0x31FF, KANA),
    (0x3200, 0x33FF, HAN),
    (0x3400, 0x4DBF, HAN),
    (0x4E00, 0x9FFF, HAN),
    (0xA8E0, 0xA8FF, DEVANAGARI),
    (0xA960, 0xA97F, HANGUL),
    (0xAB00, 0xAB2F, ETHIOPIC),
    (0xAC00, 0xD7FF, HANGUL),
    (0xF900, 0xFAFF, HAN),
    (0xFB1D, 0xFB4F, HEBREW),
    (0xFB50, 0xFDFF, ARABIC),
    (0xFE30, 0xFE4F, HAN),
    (0xFE70, 0xFEFE, ARABIC),
    (0xFF01, 0xFF60, HAN),  # full-width forms
    (0xFF61, 0xFF64, HAN),
    (0xFF65, 0xFF9F, KANA),  # half-width katakana
    (0xFFA0, 0xFFDC, HANGUL),
    (0x20000, 0x3134F, HAN),
)
_STARTS = [start for start, _end, _script in _BLOCKS]

SHAPED = frozenset({ARABIC, HEBREW, DEVANAGARI, BENGALI, GURMUKHI, GUJARATI, THAI, KHMER})
"""Scripts whose letters HarfBuzz must shape: joining (Arabic), conjuncts and vowel signs
(Indic), and marks placed over and under their letters (Thai, Khmer, Hebrew points)."""

UNSPACED = frozenset({HAN, KANA, THAI, KHMER})
"""Scripts written without spaces between words, whose lines break between characters (Han,
kana) or between words found another way (Thai, Khmer): see `text.breaks`."""

RTL_LANGUAGES = frozenset({"ar", "fa", "ur", "he", "iw", "yi", "ps", "sd", "ug", "dv", "ckb"})
"""Primary language subtags written right to left (Arabic script, Hebrew script, Thaana)."""

_RTL_CLASSES = frozenset({"R", "AL"})
FORMAT = frozenset(
    "\u200b\u200c\u200d\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
"""Invisible format characters kept in text set in cdbooklet's own layout: the zero-width space
(a line break between words that have no space, as in Khmer), the zero-width joiner and
non-joiner (which change how Persian, Arabic and Indic letters join) and the direction marks
and isolates. `pdf.scriptparagraph` uses them and draws none of them; ReportLab would draw
them as boxes, so a paragraph holding one is always set by cdbooklet."""


@cache
def script_of(ch: str) -> str | None:
    """The script of one character, among those cdbooklet has a face for; None for the rest.
    (Remembered: a paragraph asks it of each of its characters, more than once.)"""
    code = ord(ch)
    i = bisect_right(_STARTS, code) - 1
    if i >= 0:
        start, end, script = _BLOCKS[i]
        if code <= end:
            return script
    return None


def is_rtl_language(language: str) -> bool:
    """Whether a BCP 47 tag names a language written right to left (ar-EG, fa, he, ur…).
    A script subtag wins: `pa-Arab` is right to left, `az-Latn` is not."""
    parts = language.replace("_", "-").lower().split("-")
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            return part in ("arab", "hebr", "thaa", "syrc", "nkoo", "adlm", "rohg")
    return parts[0] in RTL_LANGUAGES


def is_simplified_chinese(language: str) -> bool:
    """Whether a tag names Chinese as written in mainland China and Singapore (zh, zh-Hans,
    zh-CN, zh-SG), not in Taiwan, Hong Kong or Macau (zh-Hant, zh-TW, zh-HK, zh-MO)."""
    parts = language.replace("_", "-").lower().split("-")
    if parts[0] != "zh" or "hant" in parts:
        return False
    return "hans" in parts or not any(region in parts for region in ("tw", "hk", "mo"))


def has_rtl(text: str) -> bool:
    """Whether text holds a letter written right to left (Hebrew, Arabic, Syriac, Thaana…)."""
    return any(unicodedata.bidirectional(ch) in _RTL_CLASSES for ch in set(text))


@cache
def _needs_engine_char(ch: str) -> bool:
    script = script_of(ch)
    if script is not None and (script in SHAPED or script in UNSPACED):
        return True
    return unicodedata.bidirectional(ch) in _RTL_CLASSES or ch in FORMAT


def needs_engine(text: str) -> bool:
    """Whether a paragraph needs cdbooklet's own line layout (`pdf.scriptparagraph`) rather
    than ReportLab's: text to shape, to read right to left, or to break without spaces. Latin,
    Greek, Cyrillic, Armenian, Hangul and Ethiopic text is laid out by ReportLab as before."""
    if text.isascii():
        return False
    return any(_needs_engine_char(ch) for ch in set(text))


_KINDS = {"S": "symbol", "P": "punctuation", "N": "number", "Z": "space", "C": "control"}


def script_name(ch: str) -> str:
    """The name of a character's script for a message: "Tibetan", "private use", "symbol"…

    Taken from the character's Unicode name ("TIBETAN LETTER KA" -> "Tibetan"), which for
    nearly every script begins with it."""
    category = unicodedata.category(ch)
    if category == "Co":
        return "private use"
    if category == "Cn":
        return "unassigned"
    known = script_of(ch)
    if known is not None:
        return known
    if category[0] in _KINDS:
        return _KINDS[category[0]]
    name = unicodedata.name(ch, "")
    if not name:
        return "unknown"
    if name.startswith("CJK "):
        return HAN
    words = name.split()
    if words[0] in ("OLD", "NEW", "MODERN", "ANCIENT") and len(words) > 1:
        return f"{words[0]} {words[1]}".title()
    return words[0].title()
