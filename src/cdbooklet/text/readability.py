"""Reading-grade estimates for English and Spanish text. Pure Python: never imports ReportLab.

A readability formula only counts: sentences, words and syllables. This module does the counting
itself (a well-kept library, textstat, needs a pronouncing dictionary fetched from the network at
run time, which cdbooklet must never do) and applies one published formula per language:

English: the Flesch-Kincaid grade level (Kincaid, Fishburne, Rogers and Chissom, 1975, "Derivation
of new readability formulas ... for Navy enlisted personnel", Research Branch Report 8-75):

    grade = 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59

Spanish: Fernández Huerta's reading ease ("Medidas sencillas de lecturabilidad", Consigna 214,
1959), an adaptation of Flesch's reading ease:

    L = 206.84 - 0.60 * P - 1.02 * F

with P the syllables per 100 words and F the words per sentence. The formula is often printed
with F as "sentences per 100 words", which makes shorter sentences score as *harder*; Gwillim
Law showed the slip (LINGUIST List 22.2332, 2011) and the corrected form above is the one
current Spanish tools use (e.g. legible.es). Fernández Huerta's own table reads the score as a
school grade, and `fernandez_huerta_grade` turns it into a grade-like number on that table (see
there), so that `list` shows one kind of number and `check` one threshold: above grade 8.

Counting: a sentence ends at a full stop, question mark, exclamation mark or semicolon
(Fernández Huerta divides sentences "por el punto o el punto y coma"; Flesch's instructions also
count colons and dashes, which here would mostly cut a list or an aside in two), and a list item
or paragraph ends one too. Hyphenated words and contractions are one word; a figure counts as one
syllable, a simplification. English syllables come from spelling rules and a short list of
exceptions, tested against the CMU Pronouncing Dictionary; Spanish syllables follow the regular
rules of Spanish (vowel nuclei, diphthongs, triphthongs and hiatus, as the RAE's Ortografía
describes them).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from cdbooklet.text.markup import plain_text

Formula = Literal["Flesch-Kincaid", "Fernández-Huerta"]

GRADE_LIMIT = 8.0
"""`check` warns for text above this grade: patient material is usually asked to stay at or below
grade 8 (many health-literacy guides ask for grade 6 to 8)."""

# -- sentences and words -----------------------------------------------------------------------

_ABBREVIATIONS = frozenset(
    """
    dr drs mr mrs ms mt st jr sr vs etc eg ie cf al approx figs pp inc ltd dept univ
    sra srta dra ud uds pág págs núm tel avda ej aprox cía
    """.split()
)
"""Words that end in a full stop without ending the sentence ("Dr. Lee", "p. ej. el yoga")."""

_SENTENCE_END = re.compile(r"[.!?;…]+[\"'”’»)\]]*(?=\s|$)")
_CHUNK = re.compile(r"[^\s/—–]+")
_EDGE = re.compile(r"^[^\w]+|[^\w]+$")


def split_sentences(text: str) -> list[str]:
    """The sentences of one paragraph or list item; text without an end mark is one sentence."""
    text = " ".join(text.split())
    sentences: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.group().startswith(".") and len(m.group().rstrip("\"'”’»)]")) == 1:
            before = text[start : m.start()].split()
            last = before[-1].lower().lstrip("(\"'“‘¿¡") if before else ""
            if last in _ABBREVIATIONS or last.replace(".", "") in _ABBREVIATIONS:
                continue
            if len(last) == 1 and last.isalpha():
                continue  # an initial: "J. Smith"
            rest = text[m.end() :].lstrip()
            if rest[:1].islower():
                continue  # "e.g. this" or a stop that does not end the sentence
        sentence = text[start : m.end()].strip()
        if _has_word(sentence):
            sentences.append(sentence)
        start = m.end()
    tail = text[start:].strip()
    if _has_word(tail):
        sentences.append(tail)
    return sentences


def split_words(text: str) -> list[str]:
    """The words of a text: runs of letters or digits, joined by hyphens, apostrophes or stops
    ("real-time", "don't", "e.g."); a slash or a dash between words separates them."""
    words = []
    for chunk in _CHUNK.findall(text):
        word = _EDGE.sub("", chunk)
        if any(ch.isalnum() for ch in word):
            words.append(word)
    return words


def _has_word(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


# -- syllables ---------------------------------------------------------------------------------


@lru_cache(maxsize=1 << 16)
def count_syllables(word: str, language: str = "en") -> int:
    """Syllables in one word (at least 1). `language` is a BCP 47 tag; es* counts Spanish."""
    total = 0
    for part in re.split(r"[-‐‑]+", word):
        if not any(ch.isalnum() for ch in part):
            continue
        if any(ch.isdigit() for ch in part) or not any(ch.isalpha() for ch in part):
            total += 1  # a figure: one syllable, a simplification
        elif _primary(language) == "es":
            total += _spanish_syllables(part)
        else:
            total += _english_syllables(part)
    return max(1, total)


# English: spelling rules. Each rule below is a pattern a dictionary's syllable breaks show often;
# the exceptions are common words the rules get wrong.
_EN_EXCEPTIONS = {
    "argue": 2,
    "argued": 2,
    "business": 2,
    "businesses": 3,
    "cafe": 2,
    "diabetes": 4,
    "evening": 2,
    "everybody": 4,
    "everyday": 3,
    "everyone": 3,
    "everything": 3,
    "everywhere": 3,
    "homeopathy": 5,
    "homeopathic": 5,
    "maybe": 2,
    "naive": 2,
    "recipe": 3,
    "wednesday": 2,
    "create": 2,
    "created": 3,
    "creating": 3,
    "creation": 3,
    "creative": 3,
    "area": 3,
    "idea": 3,
    "realize": 3,
    "realized": 3,
    "reality": 4,
    "chaos": 2,
    "persuade": 2,
    "ambiguous": 4,
    "hierarchy": 4,
    "cereal": 3,
    "ideal": 3,
    "behavior": 3,
    "behaviour": 3,
    "behavioral": 4,
    "behavioural": 4,
    "hundred": 2,
    "element": 3,
}
_EN_COMPOUND_HEADS = (
    "some",
    "home",
    "life",
    "like",
    "time",
    "safe",
    "care",
    "side",
    "there",
    "more",
    "use",
    "whole",
    "none",
    "base",
    "house",
    "eye",
    "else",
    "pace",
)
"""First halves of compounds whose silent e would otherwise count ("sometimes", "careful")."""
_EN_SPLITS = tuple(
    re.compile(pattern)
    for pattern in (
        # Each pattern matches the first of two vowels that are two syllables ("di-et").
        r"i(?=et)",  # di-et, qui-et, anx-i-e-ty
        r"(?<![cts])i(?=en[ct])|(?<=sc)i(?=en)",  # cli-ent, ex-pe-ri-ence, sci-ence
        r"(?<![ctsxgnl])i(?=o)|(?<=[ctsxg])i(?=o[^nu])|(?<=[^l]l)i(?=o)",  # ra-di-o, bi-o, li-on
        r"(?<![ctsxgl])i(?=a)|(?<=[ctsxg])i(?=a[^ln])|(?<=l)i(?=a[^nr])",  # me-di-a, tri-al
        r"i(?=u)",  # me-di-um, cal-ci-um
        r"(?<![qg])u(?=[ao])",  # ac-tu-al, con-tin-u-ous
        r"(?<![qg])u(?=i[dn]|it[iy])",  # flu-id, ru-in, in-tu-i-tion
        r"(?<![qg])u(?=e[nlt])",  # in-flu-ence, flu-ent, du-et
        r"(?<!p)e(?=o)(?!on$|ons$|ous)",  # vi-de-o, the-o-ry
        r"(?<!g)e(?=ou)",  # spon-ta-ne-ous
        r"e(?=um)",  # mu-se-um
        r"o(?=e[mt])",  # po-em, po-et
        r"(?<=[^aeiou])y(?=[aeiou])(?!e[sd]?$)",  # an-y-one, em-bry-o (not "bye")
        r"^re(?=o|u[^g]|in[ft]|int|im[bp]|act|ass|app|ev|ent|ex)",  # re-act, re-use
        r"^pre(?=ex|o[cp])|^co(?=ord|operat|ex|auth)",  # pre-ex-ist-ing, co-op-er-ate
    )
)


_VOWEL_PAIR = re.compile(r"[aeiouy]{2}").search
_EN_SUFFIX = r"(?:ly|ment|ments|ful|fully|less|ness|ty)$"
_EN_SILENT_E = (
    # (where an e is silent, the exception where it is not)
    (r"[^aeiouy]e$", r"[^aeiouy][lr]e$"),
    (r"[^aeiouy]es$", r"(?:[sxzcg]|[cs]h|[^aeiouy][lr])es$"),
    (r"[^aeiouy]ed$", r"(?:[td]|[^aeiouyl]l)ed$"),
    (r"[aeiouy][^aeiouy]+e" + _EN_SUFFIX, r"[^aeiouy]le" + _EN_SUFFIX),
)


def _english_syllables(word: str) -> int:
    if 2 <= len(word) <= 6 and word.isupper() and not re.search(r"[AEIOUY]", word):
        return sum(3 if ch == "W" else 1 for ch in word)  # an acronym read letter by letter: PDF
    w = _ascii_letters(word.lower().replace("'", "").replace("\u2019", ""))
    if not w:
        return 1
    if w in _EN_EXCEPTIONS:
        return _EN_EXCEPTIONS[w]
    if w.endswith("s") and not w.endswith("ss") and w[:-1] in _EN_EXCEPTIONS:
        return _EN_EXCEPTIONS[w[:-1]]
    for head in _EN_COMPOUND_HEADS:
        rest = w[len(head) :]
        if w.startswith(head) and len(rest) >= 3 and re.search(r"[aeiouy]", rest):
            return _english_syllables(head) + _english_syllables(rest)
    return _english_count(w)


def _english_count(w: str) -> int:
    # "qu" and "gu" before a vowel are one consonant sound ("unique", "language", "guide").
    w = w.replace("qu", "q")
    w = re.sub(r"gu(?=[aei])", "g", w)
    # y is a consonant at the start before a vowel ("yoga") and between vowels ("beyond").
    w = re.sub(r"^y(?=[aeiou])", "j", w)
    w = re.sub(r"(?<=[aeiou])y(?=[aeiou])", "j", w)
    marked = w
    # Every split below is between two vowels side by side (y counting as one): most words
    # have none, and skip the patterns.
    if _VOWEL_PAIR(w):
        for pattern in _EN_SPLITS:
            marked = pattern.sub(lambda m: m.group() + "|", marked)
        # Comparatives: eas-i-er, hap-pi-est (but not pier, priest, cashier).
        marked = re.sub(r"(?<=[aeiouy][lpvrnks])(?<!sh)i(?=ers?$|est$)", "i|", marked)
        marked = re.sub(r"(?<=[aeiouy][^aeiouy|][lpvrnks])(?<!sh)i(?=ers?$|est$)", "i|", marked)
    count = len(re.findall(r"[aeiouy]+", marked))
    # Silent e: at the end ("make", "whole", but "ta-ble"), in -es ("makes", but "hors-es"),
    # in -ed ("walked", but "need-ed", "han-dled"), before a suffix ("lone-ly", "state-ment").
    if count > 1 and any(
        re.search(silent, w) and not re.search(sounded, w) for silent, sounded in _EN_SILENT_E
    ):
        count -= 1
    # Endings that add a syllable: a vowel before -ing ("go-ing", "try-ing"), a syllabic m
    # ("spa-sm", "rhy-thm").
    if re.search(r"[aeiouy]ings?$", marked):
        count += 1
    if re.search(r"[aeiouy](?:sm|thm)s?$", w):
        count += 1
    return max(1, count)


def _ascii_letters(word: str) -> str:
    """Letters without their accents ("café" -> "cafe"); anything else dropped."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if "a" <= ch <= "z")


# Spanish: strong (open) vowels a, e, o; weak (closed) i, u. An accent on a weak vowel makes it
# its own syllable (pa-ís, rí-o); two strong vowels are two syllables (le-er, po-e-ta); a weak
# vowel next to another vowel forms a diphthong (cien-cia, ciu-dad) or triphthong (buey).
_ES_STRONG = frozenset("aeoáéó")
_ES_WEAK = frozenset("iuü")
_ES_ACCENTED_WEAK = frozenset("íú")
_ES_VOWELS = _ES_STRONG | _ES_WEAK | _ES_ACCENTED_WEAK


def _spanish_syllables(word: str) -> int:
    w = "".join(ch for ch in unicodedata.normalize("NFC", word.lower()) if ch.isalpha())
    if not w:
        return 1
    if w == "y":
        return 1
    # y is a vowel at the end of a word after a vowel ("hoy", "muy", "Uruguay"), else a consonant.
    if w.endswith("y") and len(w) > 1 and w[-2] in _ES_VOWELS:
        w = w[:-1] + "i"
    # A silent h between vowels does not keep them apart (RAE, Ortografía 2010: "prohi-bir").
    w = re.sub(r"(?<=[aeiouáéíóúü])h(?=[aeiouáéíóúü])", "", w)
    count = 0
    previous = ""
    for ch in w:
        if ch not in _ES_VOWELS:
            previous = ""
            continue
        if not previous:
            count += 1
        elif (ch in _ES_ACCENTED_WEAK and previous in _ES_STRONG) or (
            previous in _ES_ACCENTED_WEAK and ch in _ES_STRONG
        ):
            count += 1  # hiatus: pa-ís, ba-úl, rí-o (but two closed vowels stay one: cons-truí)
        elif ch in _ES_STRONG and previous in _ES_STRONG:
            count += 1  # hiatus: le-er, a-é-re-o
        previous = ch
    return max(1, count)


# -- formulas ----------------------------------------------------------------------------------


def flesch_kincaid_grade(words: int, sentences: int, syllables: int) -> float:
    """The Flesch-Kincaid grade level from the three counts (words and sentences at least 1)."""
    return 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59


def fernandez_huerta(words: int, sentences: int, syllables: int) -> float:
    """Fernández Huerta's reading ease (Law's correction): higher is easier, 60-70 is "normal"."""
    return 206.84 - 0.60 * (100 * syllables / words) - 1.02 * (words / sentences)


# Fernández Huerta's table, score -> school grade: 90-100 very easy (4th grade), 80-90 easy (5th),
# 70-80 fairly easy (6th), 60-70 normal (7th or 8th), 50-60 fairly difficult (pre-university,
# grades 9-12), 30-50 difficult (first college years, 13-16), 0-30 very difficult (university,
# specialisation). Each band's easier edge maps to the lower end of its grades and its harder edge
# to the upper end, linearly between; beyond the table the end bands' slopes continue.
_FH_GRADES = (
    (100.0, 3.0),
    (90.0, 4.0),
    (80.0, 5.0),
    (70.0, 6.0),
    (60.0, 8.0),
    (50.0, 12.0),
    (30.0, 16.0),
    (0.0, 18.0),
)


def fernandez_huerta_grade(score: float) -> float:
    """A Fernández Huerta score on a US-grade-like scale, from Fernández Huerta's own table.

    Grade 8 is the score 60, where "normal" ends and "fairly difficult" begins, so "above grade 8"
    means a score below 60.
    """
    points = _FH_GRADES
    if score >= points[0][0]:
        (s0, g0), (s1, g1) = points[0], points[1]
    elif score <= points[-1][0]:
        (s0, g0), (s1, g1) = points[-2], points[-1]
    else:
        i = next(i for i in range(1, len(points)) if score >= points[i][0])
        (s0, g0), (s1, g1) = points[i - 1], points[i]
    return g0 + (score - s0) * (g1 - g0) / (s1 - s0)


# -- measuring texts ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence with its counts and its own grade."""

    text: str
    words: int
    syllables: int
    grade: float


@dataclass(frozen=True, slots=True)
class Readability:
    """The counts and reading grade of a text."""

    formula: Formula
    words: int
    sentences: int
    syllables: int
    grade: float
    """US grade level (Flesch-Kincaid), or grade-like level (Fernández Huerta's table)."""
    score: float | None
    """Fernández Huerta's reading ease for Spanish; None for English."""
    hardest: tuple[Sentence, ...]
    """Every sentence, hardest first: ranked by how far each lifts the text above grade 8 (its
    grade above 8 times its words), so that a long, hard sentence comes before a three-word
    question with one long word; then by grade, then in reading order."""


def formula_for(language: str) -> Formula | None:
    """The formula for a BCP 47 language tag: en* English, es* Spanish, else None."""
    primary = _primary(language)
    if primary == "en":
        return "Flesch-Kincaid"
    if primary == "es":
        return "Fernández-Huerta"
    return None


def measure(texts: Iterable[str], language: str) -> Readability | None:
    """The reading grade of some plain texts (paragraphs, list items) in one language.

    Each text ends a sentence even without a full stop (a list item). None when there is no
    formula for the language. A text with no words at all has grade 0: nothing to read is not
    hard to read.
    """
    formula = formula_for(language)
    if formula is None:
        return None
    sentences: list[Sentence] = []
    for text in texts:
        for sentence in split_sentences(text):
            words = split_words(sentence)
            if not words:
                continue
            syllables = sum(count_syllables(w, language) for w in words)
            grade = _grade(formula, len(words), 1, syllables)
            sentences.append(Sentence(sentence, len(words), syllables, grade))
    n_words = sum(s.words for s in sentences)
    n_syllables = sum(s.syllables for s in sentences)
    if not n_words:
        return Readability(formula, 0, 0, 0, 0.0, None, ())
    grade = _grade(formula, n_words, len(sentences), n_syllables)
    score = None
    if formula == "Fernández-Huerta":
        score = fernandez_huerta(n_words, len(sentences), n_syllables)

    def rank(i: int) -> tuple[float, float, int]:
        s = sentences[i]
        return (-max(0.0, s.grade - GRADE_LIMIT) * s.words, -s.grade, i)

    order = sorted(range(len(sentences)), key=rank)
    return Readability(
        formula,
        n_words,
        len(sentences),
        n_syllables,
        grade,
        score,
        tuple(sentences[i] for i in order),
    )


def _grade(formula: Formula, words: int, sentences: int, syllables: int) -> float:
    if formula == "Flesch-Kincaid":
        value = flesch_kincaid_grade(words, sentences, syllables)
    else:
        value = fernandez_huerta_grade(fernandez_huerta(words, sentences, syllables))
    return value if math.isfinite(value) else 0.0


def _primary(language: str) -> str:
    return language.split("-")[0].strip().lower()


# -- content -----------------------------------------------------------------------------------


def plain_texts(texts: Iterable[str]) -> tuple[str, ...]:
    """Content texts without their inline markup: the words a reader meets."""
    return tuple(plain_text(t) for t in texts)


def warning_for(result: Readability, quoted: int = 3, width: int = 80) -> str:
    """The `check` warning for a text above grade 8, quoting its hardest sentences."""
    hard = [s for s in result.hardest if round(s.grade, 1) > GRADE_LIMIT] or list(result.hardest)
    quotes = ", ".join(f'"{_shorten(s.text, width)}"' for s in hard[:quoted])
    score = f" (Fernández Huerta score {result.score:.1f})" if result.score is not None else ""
    which = "the hardest sentences are" if len(hard[:quoted]) > 1 else "the hardest sentence is"
    return f"reading grade {result.grade:.1f}{score} is above {GRADE_LIMIT:g}: {which} {quotes}"


def _shorten(text: str, width: int) -> str:
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    if " " in cut[width // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:") + "…"
