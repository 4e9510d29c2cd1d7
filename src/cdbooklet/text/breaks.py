"""Where a line may break, for text the layout sets itself (`pdf.scriptparagraph`): after spaces
and zero-width spaces (never inside a phone number, a date or a time written in groups),
between Chinese and Japanese characters (never before a closing mark such
as 。、」） or after an opening one such as 「（), between Thai words found with a dictionary, and,
as a last resort for a word wider than the line, between grapheme clusters. Korean breaks
between words, as it is written. Never imports ReportLab.

Thai is segmented by PyThaiNLP's dictionary-based `newmm` tokenizer (Apache-2.0, its word list
CC0), imported only when a paragraph holds Thai. Khmer is written with zero-width spaces
between words where it is typed for the screen; without them it breaks between syllables only
when a line would otherwise run past the margin.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any

from cdbooklet.text.bidi import NUMBER
from cdbooklet.text.scripts import HAN, KANA, KHMER, THAI, script_of

SPACES = frozenset(" \u200b\t\n\u3000")
"""White space a line may break after: space, zero-width space, tab, newline, ideographic
space. (No-break spaces are not among them.)"""

_NO_START = frozenset(
    "、。，．：；？！‼⁇⁈⁉・ー〜～’”）］｝〕〉》」』】〙〗〟｠»›%‰℃°′″"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿゝゞヽヾ々〻"
    ")]},.:;?!…‥"
)
"""Characters a line may not start with (Japanese kinsoku shori and Chinese line-start rules):
closing brackets and quotes, small kana, the prolonged-sound and iteration marks, and
punctuation that ends a phrase."""

_NO_END = frozenset("（［｛〔〈《「『【〘〖〝｟«‹‘“([{")
"""Characters a line may not end with: opening brackets and quotes."""

_THAI_LEADING = frozenset("เแโใไ")
_THAI_FOLLOWING = frozenset("ะัาำิีึืฺุู็่้๊๋์ํๅ")


def opportunities(text: str) -> list[bool]:
    """For each index i, whether a line may break before text[i] (index 0 is always False).
    A break after white space leaves the space at the end of the line before it."""
    n = len(text)
    allowed = [False] * n
    thai_spans: list[tuple[int, int]] = []
    found = {script_of(ch) for ch in set(text)}
    if HAN in found or KANA in found:
        i = 1
        while i < n:
            prev, ch = text[i - 1], text[i]
            if prev in SPACES and ch not in SPACES:
                allowed[i] = True
            elif ch not in SPACES and prev not in SPACES:
                allowed[i] = _between(prev, ch) or _after_hyphen(text, i)
            i += 1
    else:
        # Between two letters a line breaks only by the Chinese and Japanese rules: with no
        # Han or kana, only after white space and a hyphen.
        for after_space in _AFTER_SPACE.finditer(text):
            allowed[after_space.start()] = True
        for hyphen in _HYPHEN.finditer(text):
            if hyphen.end() < n and _after_hyphen(text, hyphen.end()):
                allowed[hyphen.end()] = True
    start = None
    for k, ch in enumerate(text if THAI in found else ""):
        is_thai = script_of(ch) == THAI
        if is_thai and start is None:
            start = k
        elif not is_thai and start is not None:
            thai_spans.append((start, k))
            start = None
    if start is not None:
        thai_spans.append((start, n))
    for number in NUMBER.finditer(text):
        # A phone number, a date or a time written in groups stays on one line.
        for k in range(number.start() + 1, number.end()):
            allowed[k] = False
    for first, stop in thai_spans:
        at = first
        for word in _thai_words(text[first:stop]):
            at += len(word)
            if at < stop:
                allowed[at] = True
    return allowed


def _between(prev: str, ch: str) -> bool:
    """Whether a line may break between two characters, neither of them white space."""
    if ch in _NO_START or prev in _NO_END:
        return False
    prev_script, script = script_of(prev), script_of(ch)
    if prev_script in (HAN, KANA) or script in (HAN, KANA):
        # Between ideographs and kana, or between one and a Latin word: but a combining mark
        # stays with its letter.
        return not (
            _joins(prev, ch)
            or (_is_latin(prev) and _is_latin(ch))
            or (prev.isdigit() and ch.isdigit())
        )
    return False


_AFTER_SPACE = re.compile(
    "(?<=[" + "".join(sorted(SPACES)) + "])[^" + "".join(sorted(SPACES)) + "]"
)
_HYPHEN = re.compile("[-\u2010]")


def _after_hyphen(text: str, i: int) -> bool:
    """A hyphen between letters: "self-care" may break after its hyphen."""
    return text[i - 1] in "-\u2010" and text[i].isalpha() and i >= 2 and text[i - 2].isalpha()


def _is_latin(ch: str) -> bool:
    """A letter or digit of a word written with spaces (a Latin word inside Chinese text
    stays whole)."""
    return ch.isalnum() and script_of(ch) is None


def cluster_starts(text: str) -> list[bool]:
    """For each index i, whether a grapheme cluster starts at text[i]: never at a combining
    mark, a joiner or a variation selector, after a virama or Khmer coeng (the next consonant
    joins it), or inside a Thai syllable's vowel signs. The last-resort break points."""
    if not text:
        return []
    joins_before = map(_joins_before, text[1:])
    joins_after = map(_joins_after, text[:-1])
    starts = [not (b or a) for b, a in zip(joins_before, joins_after, strict=True)]
    starts.insert(0, True)
    return starts


def _joins(prev: str, ch: str) -> bool:
    """Whether `ch` belongs to the same grapheme cluster as the character before it."""
    return _joins_before(ch) or _joins_after(prev)


@cache
def _joins_before(ch: str) -> bool:
    """Whether `ch` joins the character before it, whatever that is: a mark, a joiner, a
    variation selector, the second half of a surrogate pair, a Thai vowel sign or tone mark."""
    if unicodedata.category(ch) in ("Mn", "Mc", "Me"):
        return True
    if ch in "\u200c\u200d" or "\ufe00" <= ch <= "\ufe0f" or "\udc00" <= ch <= "\udfff":
        return True
    return ch in _THAI_FOLLOWING


@cache
def _joins_after(prev: str) -> bool:
    """Whether the character after `prev` joins it, whatever it is: after a zero-width joiner,
    a virama or Khmer coeng (the next consonant joins it), a Thai leading vowel."""
    return prev == "\u200d" or unicodedata.combining(prev) == 9 or prev in _THAI_LEADING


@cache
def _tokenizer() -> Any:
    from pythainlp.tokenize import word_tokenize  # only for Thai text

    return word_tokenize


def _thai_words(run: str) -> list[str]:
    """A run of Thai letters cut into words by PyThaiNLP's dictionary (newmm)."""
    words: list[str] = _tokenizer()(run, engine="newmm", keep_whitespace=True)
    if "".join(words) != run:  # never trust a tokenizer to give back what it was given
        return [run]
    return words


def count_words(text: str) -> int:
    """How many words a reader meets: words between spaces, and in text written without spaces
    each Chinese or Japanese character (as those languages count), each Thai word found with
    the dictionary, each Khmer word between zero-width spaces."""
    if not any(script_of(ch) in _UNSPACED_SCRIPTS for ch in set(text)):
        return len(text.split())
    allowed = opportunities(text)
    count, has_letter = 0, False
    for i, ch in enumerate(text):
        if allowed[i] and has_letter:
            count += 1
            has_letter = False
        has_letter = has_letter or ch.isalnum()
    return count + (1 if has_letter else 0)


_UNSPACED_SCRIPTS = frozenset({HAN, KANA, THAI, KHMER})
