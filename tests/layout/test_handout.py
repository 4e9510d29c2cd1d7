"""Handouts: one PDF per therapy of the shipped content/, read back with pypdf; and what the
handout command takes (tests/fixtures/minimal)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from pypdf import PdfReader

from cdbooklet.build.pipeline import handout_pages
from cdbooklet.cli import cli
from helpers import FIXTURES, SHIPPED
from pdfcheck import font_sizes, fonts, outline, page_texts, squash

CONTENT = SHIPPED
MINIMAL = FIXTURES / "minimal"
BOOKLET = yaml.safe_load((CONTENT / "booklet.yaml").read_text(encoding="utf-8"))
BRANDING = yaml.safe_load((CONTENT / "branding.yaml").read_text(encoding="utf-8"))
IDS = sorted(p.stem for p in (CONTENT / "therapies").glob("*.yaml"))


@pytest.fixture(scope="module", params=["letter", "a4", "a5"])
def handouts(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every handout of the default content, built once per page size into a folder."""
    out_dir = tmp_path_factory.mktemp(f"handouts-{request.param}")
    result = CliRunner().invoke(
        cli,
        [
            "handout",
            "--all",
            "--content",
            str(CONTENT),
            "--out-dir",
            str(out_dir),
            "--page-size",
            request.param,
        ],
    )
    assert result.exit_code == 0, result.output
    assert "runs to" not in result.stderr, result.stderr  # each keeps to its pages
    return out_dir


def test_all_writes_one_pdf_per_therapy(handouts: Path) -> None:
    assert sorted(p.stem for p in handouts.glob("*.pdf")) == IDS


@pytest.mark.parametrize("therapy_id", IDS)
def test_handout_has_the_therapy_disclaimer_contact_and_footer(
    handouts: Path, therapy_id: str, request: pytest.FixtureRequest
) -> None:
    pdf = handouts / f"{therapy_id}.pdf"
    data = yaml.safe_load(
        (CONTENT / "therapies" / f"{therapy_id}.yaml").read_text(encoding="utf-8")
    )
    texts = page_texts(pdf)
    whole = " ".join(texts)
    # Two pages on letter and A4; on A5 the notes area may take a third.
    assert 1 <= len(texts) <= handout_pages(request.node.callspec.params["handouts"])
    # The masthead (clinic name) comes before the therapy's title on the first page.
    assert texts[0].index(BRANDING["clinic"]["name"]) < texts[0].index(data["title"])
    assert squash(data["summary"]) in whole
    assert squash(data["body"]) in whole
    for key in ("tips", "cautions", "questions"):
        for item in data.get(key, []):
            assert squash(item) in whole
    assert whole.count(squash(BOOKLET["disclaimer"])) == 1
    # The contact ends the text (the notes area may follow it, on a page of its own).
    last = texts[-1] if "Review by" in texts[-1] else texts[-2]
    for value in (BRANDING["clinic"]["phone"], BRANDING["clinic"]["email"], "Review by"):
        assert value in last
    assert "Notes from your care team" in texts[-1]
    for number, text in enumerate(texts, start=1):
        assert squash(BOOKLET["footer"]) in text
        assert f"Page {number} of {len(texts)}" in text


@pytest.mark.parametrize("therapy_id", IDS[:3])
def test_handout_fonts_metadata_and_sizes(handouts: Path, therapy_id: str) -> None:
    pdf = handouts / f"{therapy_id}.pdf"
    reader = PdfReader(pdf)
    found = fonts(pdf)
    assert all(found.values()) and not [n for n in found if "Helvetica" in n]
    assert min(font_sizes(pdf)) >= 12
    title = yaml.safe_load((CONTENT / "therapies" / f"{therapy_id}.yaml").read_text())["title"]
    assert reader.metadata.title == title
    assert reader.metadata.author == BRANDING["clinic"]["name"]
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert outline(pdf)[0] == (title, 1)
    assert reader.pages[0].images, "the logo is missing"


def test_handout_by_id_writes_only_those(tmp_path: Path) -> None:
    complete = FIXTURES / "complete"  # four therapies: two are left out
    result = CliRunner().invoke(
        cli,
        [
            "handout",
            "acupuncture",
            "biofeedback",
            "--content",
            str(complete),
            "--out-dir",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == ["acupuncture.pdf", "biofeedback.pdf"]


def test_unknown_handout_id_suggests_nearest(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["handout", "acupunture", "--content", str(MINIMAL), "--out-dir", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f'{MINIMAL / "therapies"}: there is no therapy "acupunture" (did you mean "acupuncture"?)'
    )
    assert not list(tmp_path.iterdir())


def test_ids_and_all_together_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["handout", "acupuncture", "--all", "--content", str(MINIMAL)])
    assert result.exit_code == 2
    assert "give therapy ids, --pack NAME or --all: one of them" in result.stderr


def test_no_ids_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["handout", "--content", str(MINIMAL)])
    assert result.exit_code == 2
    assert "give one or more therapy ids, --pack NAME or --all" in result.stderr
