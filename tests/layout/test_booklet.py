"""The default booklet (the shipped content/), built for real on every page size and read back
with pypdf; and what the page size does to any booklet (tests/fixtures/complete)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from pypdf import PdfReader

from cdbooklet.cli import cli
from helpers import FIXTURES, SHIPPED, Edit, MakeContent
from pdfcheck import (
    contents_numbers,
    font_sizes,
    fonts,
    internal_links,
    outline,
    page_texts,
    squash,
)

CONTENT = SHIPPED
SIZES = {"letter": (612.0, 792.0), "a4": (595.28, 841.89), "a5": (419.53, 595.28)}


def _yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


BOOKLET = _yaml(CONTENT / "booklet.yaml")
BRANDING = _yaml(CONTENT / "branding.yaml")
ORDER: list[str] = BOOKLET["order"]
TITLES = [_yaml(CONTENT / "therapies" / f"{tid}.yaml")["title"] for tid in ORDER]


@pytest.fixture(scope="module", params=list(SIZES))
def built(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, Path]:
    """The default booklet built once per page size: (page size, PDF path)."""
    size = request.param
    out = tmp_path_factory.mktemp(size) / "booklet.pdf"
    result = CliRunner().invoke(
        cli, ["build", "--content", str(CONTENT), "--out", str(out), "--page-size", size]
    )
    assert result.exit_code == 0, result.output
    assert f"Wrote {out}" in result.output
    return size, out


def test_every_page_has_the_page_size(built: tuple[str, Path]) -> None:
    size, pdf = built
    for page in PdfReader(pdf).pages:
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(w, 1), round(h, 1)) == tuple(round(v, 1) for v in SIZES[size])


def test_footer_and_header_on_every_page_but_the_cover(built: tuple[str, Path]) -> None:
    _size, pdf = built
    texts = page_texts(pdf)
    total = len(texts)
    footer = squash(BOOKLET["footer"])
    clinic = BRANDING["clinic"]["name"]
    assert f"Page 1 of {total}" not in texts[0]
    for number, text in enumerate(texts[1:], start=2):
        assert footer in text, f"page {number} lacks the short disclaimer"
        assert f"Page {number} of {total}" in text
        assert text.startswith(clinic), f"page {number} lacks the running header"


def test_full_disclaimer_printed_once(built: tuple[str, Path]) -> None:
    _size, pdf = built
    whole = " ".join(page_texts(pdf))
    assert whole.count(squash(BOOKLET["disclaimer"])) == 1


def test_contents_numbers_are_the_pages_the_sections_start_on(built: tuple[str, Path]) -> None:
    _size, pdf = built
    texts = page_texts(pdf)
    marks = dict(outline(pdf))
    first = marks["Contents"] - 1
    printed = contents_numbers(" ".join(texts[first : first + 2]).split("Contents", 1)[1], TITLES)
    assert set(printed) == set(TITLES)
    for title in TITLES:
        page = printed[title]
        assert marks[title] == page
        # The section really starts there: the heading right under the running header,
        # or further down the page, and not on any earlier therapy page.
        assert title in texts[page - 1]
        assert page > first + 1


def test_contents_entries_link_to_their_sections(built: tuple[str, Path]) -> None:
    _size, pdf = built
    marks = dict(outline(pdf))
    first = marks["Contents"]
    targets = internal_links(pdf, first) + internal_links(pdf, first + 1)
    # Each entry links twice (title and page number); every therapy is a target.
    for title in TITLES:
        assert marks[title] in targets


def test_outline_lists_every_section_in_order(built: tuple[str, Path]) -> None:
    _size, pdf = built
    titles = [t for t, _p in outline(pdf)]
    therapy_titles = [t for t in titles if t in TITLES]
    assert therapy_titles == TITLES
    assert titles[:2] == ["Contents", "About this booklet"]
    assert "A final word" in titles and titles[-1] == "Contact us"
    pages = [p for _t, p in outline(pdf)]
    assert pages == sorted(pages)


def test_therapies_follow_booklet_order(built: tuple[str, Path]) -> None:
    _size, pdf = built
    whole = " ".join(page_texts(pdf)[3:])
    positions = [
        whole.index(squash(_yaml(CONTENT / "therapies" / f"{t}.yaml")["body"])[:60]) for t in ORDER
    ]
    assert positions == sorted(positions)


def test_metadata_and_language(built: tuple[str, Path]) -> None:
    _size, pdf = built
    reader = PdfReader(pdf)
    meta = reader.metadata
    assert meta.title == BOOKLET["title"]
    assert meta.author == BRANDING["clinic"]["name"]
    assert meta.subject == BOOKLET["subtitle"]
    assert "Acupuncture" in meta["/Keywords"]
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"]


def test_every_font_is_embedded_and_no_helvetica(built: tuple[str, Path]) -> None:
    _size, pdf = built
    found = fonts(pdf)
    assert found, "no fonts found"
    assert all(found.values()), found
    assert not [name for name in found if "Helvetica" in name]
    assert any("AtkinsonHyperlegible" in name for name in found)


def test_no_text_below_12_pt(built: tuple[str, Path]) -> None:
    _size, pdf = built
    sizes = font_sizes(pdf)
    assert sizes and min(sizes) >= 12


def test_no_heading_left_at_a_page_foot(built: tuple[str, Path]) -> None:
    """Each section heading shares its page with the summary under it."""
    _size, pdf = built
    texts, marks = page_texts(pdf), dict(outline(pdf))
    for tid, title in zip(ORDER, TITLES, strict=True):
        summary = squash(_yaml(CONTENT / "therapies" / f"{tid}.yaml")["summary"])
        page = marks[title]
        assert summary in texts[page - 1], f"{title}: heading and summary on different pages"


def test_short_sections_are_never_split(built: tuple[str, Path]) -> None:
    size, pdf = built
    if size == "a5":
        pytest.skip("on A5 a section may be taller than a page")
    texts, marks = page_texts(pdf), dict(outline(pdf))
    for tid, title in zip(ORDER, TITLES, strict=True):
        data = _yaml(CONTENT / "therapies" / f"{tid}.yaml")
        page = marks[title]
        last = squash(data["questions"][-1])
        assert last in texts[page - 1], f"{title} runs onto a second page"


def test_back_cover_has_contact_and_dates(built: tuple[str, Path]) -> None:
    _size, pdf = built
    back = page_texts(pdf)[-1]
    clinic = BRANDING["clinic"]
    for value in (clinic["name"], clinic["phone"], clinic["email"]):
        assert value in back
    assert "Published: November 1, 2026" in back
    assert "Review by: November 1, 2028" in back


def test_cover_has_title_subtitle_and_clinic(built: tuple[str, Path]) -> None:
    _size, pdf = built
    cover = page_texts(pdf)[0]
    assert BOOKLET["title"] in cover
    assert BOOKLET["subtitle"] in cover
    assert BRANDING["clinic"]["name"] in cover
    assert PdfReader(pdf).pages[0].images, "the logo is missing from the cover"


def test_a5_is_reflowed_not_shrunk(tmp_path: Path) -> None:
    """A5 uses its own smaller type scale and margins: 12 pt text, not letter scaled to 0.7."""
    out = tmp_path / "a5.pdf"
    CliRunner().invoke(
        cli,
        ["build", "--content", str(FIXTURES / "complete"), "--out", str(out), "--page-size", "a5"],
    )
    assert min(font_sizes(out)) == 12
    assert 12 in font_sizes(out) and 14 not in font_sizes(out)


def test_clinic_paper_is_the_default_page_size(
    tmp_path: Path, make_content: MakeContent, edit: Edit
) -> None:
    content = make_content("complete")
    edit(content / "branding.yaml", "paper: letter", "paper: a4")
    out = tmp_path / "b.pdf"
    result = CliRunner().invoke(cli, ["build", "--content", str(content), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert round(float(PdfReader(out).pages[0].mediabox.width), 1) == 595.3
