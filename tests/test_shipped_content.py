"""The shipped content is the product's first impression and the example every clinic copies:
plain language at grade 7 or below in English and Spanish, short sentences, a cautions box in
every therapy, no warning from `check`; and the source text kept verbatim beside it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from cdbooklet.cli import cli
from cdbooklet.content.load import load_content
from cdbooklet.text.markup import plain_text
from cdbooklet.text.readability import split_sentences
from helpers import ROOT, SHIPPED, SHIPPED_SPANISH

SOURCE_TEXT = ROOT / "examples" / "source-text"
GRADE = 7.0
"""The plain-language target: grade 7 or below (Flesch-Kincaid; Fernández Huerta in Spanish)."""
SOURCE_SAMPLE = (
    # Sentences of the clinically approved source text, exactly as written there.
    "Exploring complementary therapies provides a beacon of hope for individuals managing "
    "Cervical Dystonia.",
    "Physical therapy stands as a cornerstone in the management of Cervical Dystonia, focusing "
    "on improving muscle strength and coordination.",
    "Acupuncture, a practice rooted in traditional Chinese medicine, involves the insertion of "
    "fine needles into specific body points to relieve pain and improve health.",
    "Biofeedback is a technique that trains individuals to improve their health by using "
    "signals from their own bodies.",
    "Herbal medicine offers a variety of herbs known for their medicinal properties, such as "
    "valerian root and St. John’s Wort, which have been used to treat muscle spasms and pain.",
    "While each complementary therapy offers potential benefits, it is essential for patients "
    "to consult with their healthcare providers before incorporating new treatments into their "
    "regimen.",
)


def _grades(content: Path) -> dict[str, float]:
    result = CliRunner().invoke(cli, ["list", "--content", str(content)])
    assert result.exit_code == 0, result.stderr
    rows = result.stdout.splitlines()[1:]
    return {row.split()[0]: float(re.findall(r"\s(\d+\.\d)(?:\s|$)", row)[-1]) for row in rows}


@pytest.mark.parametrize("content", [SHIPPED, SHIPPED_SPANISH], ids=["english", "spanish"])
def test_every_therapy_reads_at_grade_7_or_below(content: Path) -> None:
    grades = _grades(content)
    assert len(grades) == 10
    assert {k: g for k, g in grades.items() if g > GRADE} == {}


def test_check_strict_passes_on_the_default_content() -> None:
    result = CliRunner().invoke(cli, ["check", "--strict", "--content", str(SHIPPED)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert "no errors (10 therapies, 0 warnings)" in result.stdout


@pytest.mark.parametrize("content", [SHIPPED, SHIPPED_SPANISH], ids=["english", "spanish"])
def test_no_sentence_runs_over_20_words(content: Path) -> None:
    loaded, _ = load_content(content)
    booklet = loaded.booklet
    texts = [*booklet.intro, *booklet.closing, booklet.disclaimer]
    for therapy in booklet.therapies:
        texts += therapy.texts
    long = [s for text in texts for s in split_sentences(plain_text(text)) if len(s.split()) > 20]
    assert long == []


def test_every_therapy_says_when_to_talk_to_the_care_team_first() -> None:
    for content in (SHIPPED, SHIPPED_SPANISH):
        loaded, _ = load_content(content)
        assert all(t.cautions for t in loaded.booklet.therapies), content


def test_the_source_text_example_keeps_the_source_sentences_verbatim(tmp_path: Path) -> None:
    loaded, _ = load_content(SOURCE_TEXT)
    booklet = loaded.booklet
    written = " ".join(
        [*booklet.intro, booklet.disclaimer, *(text for t in booklet.therapies for text in t.body)]
    )
    for sentence in SOURCE_SAMPLE:
        assert sentence in written
    out = tmp_path / "source.pdf"
    result = CliRunner().invoke(cli, ["build", "--content", str(SOURCE_TEXT), "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF-")
