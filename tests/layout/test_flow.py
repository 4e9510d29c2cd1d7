"""How a booklet's therapies follow each other: booklet.yaml's `flow:` and `build --flow`.

page-per-therapy (the default, and the bytes it always made) starts each therapy on a new page;
compact starts one under the one before when its heading, summary and first lines fit, and lets
a box run on to the next page under its heading again, "(continued)". In large print on A5 a box
runs on rather than move when moving would leave a page less than half full, in either flow.

Every check reads real builds back: the page text with pypdf, where each line is with poppler's
`pdftotext -bbox-layout` (how full a page is: its lowest line of text against the body frame,
the running header and the footer left out), the structure with `pdfinfo -struct-text`.
"""

from __future__ import annotations

import dataclasses
import html
import math
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from pypdf import PdfReader

from cdbooklet.build.options import Options
from cdbooklet.cli import cli
from cdbooklet.content.keys import BOOKLET, Kind
from cdbooklet.content.load import load_content
from cdbooklet.content.model import FLOWS, Booklet, PageSize
from cdbooklet.content.schema import schema_for
from cdbooklet.errors import BookletError, Report
from cdbooklet.layout.document import DocInfo, Document, footer_xml
from cdbooklet.layout.ink import Ink
from cdbooklet.layout.theme import make_theme
from cdbooklet.text.labels import labels_for
from helpers import FIXTURES, ROOT, SHIPPED
from pdfcheck import contents_numbers, outline, page_texts, squash

CONTENT = FIXTURES / "ten-therapies"
"""The flows' behaviour is tested on a frozen booklet of ten therapies, shorter than a page each
(the shipped content's fill a page each, so that in the compact flow a therapy seldom starts
mid-page); the fuller-pages test runs on the shipped content too."""

SPANISH = FIXTURES / "ten-therapies-es"
MINIMAL = ROOT / "tests" / "fixtures" / "minimal"
LABELS = labels_for("en")[0]
BOXES = (LABELS.tips, LABELS.cautions, LABELS.questions)
HALF = 0.5


def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


THERAPIES = [
    _yaml(CONTENT / "therapies" / f"{t}.yaml") for t in _yaml(CONTENT / "booklet.yaml")["order"]
]
TITLES = [t["title"] for t in THERAPIES]


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} (poppler-utils) is not installed")
    return found


def _build(out: Path, *args: str, content: Path = CONTENT) -> Path:
    result = CliRunner().invoke(cli, ["build", "--content", str(content), "--out", str(out), *args])
    assert result.exit_code == 0, result.output
    return out


@dataclass(frozen=True)
class Built:
    """A booklet built for these checks: where it is and what it was built with."""

    pdf: Path
    size: PageSize
    is_large: bool
    content: Path = CONTENT


Build = Callable[..., Built]


@pytest.fixture(scope="module")
def booklet(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """Builds a booklet once per set of options: booklet(flow, size, large=False)."""
    folder = tmp_path_factory.mktemp("flow")
    made: dict[tuple[str, str, bool, Path], Built] = {}

    def make(flow: str, size: PageSize, large: bool = False, content: Path = CONTENT) -> Built:
        key = (flow, size, large, content)
        if key not in made:
            name = f"{content.name}-{flow}-{size}{'-large' if large else ''}.pdf"
            args = ["--flow", flow, "--page-size", size, *(["--large-print"] if large else [])]
            made[key] = Built(_build(folder / name, *args, content=content), size, large, content)
        return made[key]

    return make


# -- reading where each line is ------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One line of text on a page, measured from the top of the page (as pdftotext does)."""

    top: float
    bottom: float
    text: str


_LINE = re.compile(
    r'<line xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</line>', re.S
)


def _page_lines(pdf: Path) -> list[list[Line]]:
    """Every page's lines of text, top to bottom, from `pdftotext -bbox-layout`."""
    out = subprocess.run(
        [_tool("pdftotext"), "-bbox-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pages = []
    for page in out.split("<page ")[1:]:
        lines = [
            Line(
                float(top),
                float(bottom),
                html.unescape(" ".join(re.findall(r">([^<]*)</word>", words))),
            )
            for top, bottom, words in _LINE.findall(page)
        ]
        pages.append(sorted(lines, key=lambda line: line.top))
    return pages


def _body_frame(book: Built) -> tuple[float, float]:
    """The top and bottom of a body page's frame, where the story flows, from the top of the
    page: under the running header, above the footer."""
    content, _ = load_content(book.content)
    theme = make_theme(content.branding, book.size, is_large_print=book.is_large)
    labels = labels_for(content.booklet.language)[0]
    ink = Ink(theme, labels, Report(), content.booklet.language)
    info = DocInfo("", "", "", (), content.booklet.language)
    doc = Document(theme, labels, content.branding.contact.name, footer_xml(ink, content), info)
    return doc.topMargin, theme.height - doc.bottomMargin


def _body_lines(book: Built) -> list[list[Line]]:
    """Each page's lines inside the body frame: the running header and the footer left out."""
    top, bottom = _body_frame(book)
    return [
        [line for line in lines if line.top >= top - 2 and line.bottom <= bottom + 2]
        for lines in _page_lines(book.pdf)
    ]


def _fills(book: Built) -> list[float]:
    """How full each page is: its lowest line of text against the body frame (0 to 1)."""
    top, bottom = _body_frame(book)
    return [
        (max(line.bottom for line in lines) - top) / (bottom - top) if lines else 0.0
        for lines in _body_lines(book)
    ]


def _section_ends(book: Built) -> set[int]:
    """The pages (1-based) a section ends on: the next page starts with a section's heading
    (a therapy, the closing, the contact panel), so this page's blank foot is the section's
    end, not room left unused. The cover and the back cover count too."""
    lines = _body_lines(book)
    ends = {1, len(lines)}
    for title, page in outline(book.pdf):
        first = lines[page - 1][0].text if page >= 2 and lines[page - 1] else ""
        if first and (squash(title).startswith(squash(first)) or first.startswith(title)):
            ends.add(page - 1)
    return ends


def _first_words(text: str, count: int = 6) -> str:
    return " ".join(squash(text).split()[:count])


# -- the key and the option ------------------------------------------------------------------------


def test_flow_is_declared_once_with_its_choices() -> None:
    key = BOOKLET.key("flow")
    assert key.kind is Kind.CHOICE and key.choices == FLOWS == ("page-per-therapy", "compact")
    assert not key.is_required and not key.is_printed
    assert schema_for("booklet")["properties"]["flow"]["enum"] == list(FLOWS)
    defaults = {f.name: f.default for f in dataclasses.fields(Booklet)}
    assert defaults["flow"] == "page-per-therapy"
    assert Options().flow is None  # the booklet's own


def _minimal(tmp_path: Path, flow_line: str) -> Path:
    root = tmp_path / "content"
    shutil.copytree(MINIMAL, root)
    path = root / "booklet.yaml"
    path.write_text(path.read_text(encoding="utf-8") + flow_line, encoding="utf-8")
    return root


def test_the_flow_key_is_read_and_left_out_is_page_per_therapy(tmp_path: Path) -> None:
    assert load_content(MINIMAL)[0].booklet.flow == "page-per-therapy"
    content, _ = load_content(_minimal(tmp_path, "flow: Compact\n"))
    assert content.booklet.flow == "compact"


def test_a_flow_that_is_not_a_choice_is_an_error_at_its_line(tmp_path: Path) -> None:
    root = _minimal(tmp_path, "flow: tight\n")
    line = len((root / "booklet.yaml").read_text(encoding="utf-8").splitlines())
    with pytest.raises(BookletError) as caught:
        load_content(root)
    assert [str(p) for p in caught.value.problems] == [
        f'{root / "booklet.yaml"}:{line}: "flow" should be one of page-per-therapy, compact, '
        'not "tight"'
    ]


def test_build_offers_flow_in_its_help() -> None:
    result = CliRunner().invoke(cli, ["build", "--help"])
    assert result.exit_code == 0
    assert "--flow [page-per-therapy|compact]" in result.output


def test_the_option_overrides_the_file_and_the_default_is_the_old_booklet(
    tmp_path: Path,
) -> None:
    """No flow anywhere gives the bytes page-per-therapy gives; `--flow` wins over the file."""
    compact_folder = tmp_path / "content"
    shutil.copytree(CONTENT, compact_folder, ignore=shutil.ignore_patterns("es"))
    path = compact_folder / "booklet.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\nflow: compact\n", encoding="utf-8")
    default = _build(tmp_path / "default.pdf").read_bytes()
    assert _build(tmp_path / "ppt.pdf", "--flow", "page-per-therapy").read_bytes() == default
    overridden = _build(tmp_path / "o.pdf", "--flow", "page-per-therapy", content=compact_folder)
    assert overridden.read_bytes() == default
    from_file = _build(tmp_path / "file.pdf", content=compact_folder).read_bytes()
    assert from_file != default
    assert _build(tmp_path / "opt.pdf", "--flow", "COMPACT").read_bytes() == from_file


def test_handouts_do_not_depend_on_the_flow(tmp_path: Path) -> None:
    compact_folder = tmp_path / "content"
    shutil.copytree(CONTENT, compact_folder, ignore=shutil.ignore_patterns("es"))
    path = compact_folder / "booklet.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\nflow: compact\n", encoding="utf-8")
    ids = ["physical-therapy", "aromatherapy-and-essential-oils"]
    for folder, out in ((CONTENT, "default"), (compact_folder, "compact")):
        args = ["handout", *ids, "--content", str(folder), "--out-dir", str(tmp_path / out)]
        result = CliRunner().invoke(cli, [*args, "--page-size", "a5", "--large-print"])
        assert result.exit_code == 0, result.output
    for therapy_id in ids:
        made = (tmp_path / "compact" / f"{therapy_id}.pdf").read_bytes()
        assert made == (tmp_path / "default" / f"{therapy_id}.pdf").read_bytes(), therapy_id


# -- fewer pages and fuller pages ------------------------------------------------------------------


def test_compact_prints_ten_therapies_on_three_tabloid_sheets(tmp_path: Path) -> None:
    """The target was set on the default content of its day (tests/fixtures/ten-therapies):
    15 pages (4 sheets) a therapy a page, 12 pages (3 sheets) in the compact flow. The plain-
    language rewrite says more (every term explained, a cautions box in every therapy), and
    takes 16 and 15 pages: see test_compact_never_takes_more_pages."""
    out = tmp_path / "booklet.pdf"
    result = CliRunner().invoke(
        cli,
        [
            "build",
            "--content",
            str(FIXTURES / "ten-therapies"),
            "--flow",
            "compact",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.stderr
    pages = len(PdfReader(out).pages)
    assert pages <= 12, f"{pages} pages: {math.ceil(pages / 4)} sheets, not 3"


@pytest.mark.parametrize(
    ("size", "large"),
    [("letter", False), ("a4", False), ("a5", False), ("half-letter", False), ("letter", True)],
    ids=["letter", "a4", "a5", "half-letter", "letter-large"],
)
def test_compact_never_takes_more_pages(booklet: Build, size: str, large: bool) -> None:
    compact = len(PdfReader(booklet("compact", size, large).pdf).pages)
    assert compact <= len(PdfReader(booklet("page-per-therapy", size, large).pdf).pages)


@pytest.mark.parametrize("content", [CONTENT, SHIPPED], ids=["ten-therapies", "shipped"])
@pytest.mark.parametrize("flow", FLOWS)
def test_large_print_a5_has_no_page_under_half_full_but_where_a_section_ends(
    booklet: Build, flow: str, content: Path
) -> None:
    """A box that does not fit runs on to the next page rather than leave a page less than
    half full; a page may be emptier only where a section (a therapy, the contents, the
    closing) ends, the next starting at the top of the next page."""
    book = booklet(flow, "a5", large=True, content=content)
    fills = _fills(book)
    ends = _section_ends(book)
    empty = {page: f"{fill:.0%}" for page, fill in enumerate(fills, 1) if fill < HALF}
    assert set(empty) <= ends, f"pages less than half full: {empty}; sections end on {ends}"


def test_compact_pages_are_full_but_where_a_section_ends(booklet: Build) -> None:
    book = booklet("compact", "letter")
    fills = _fills(book)
    ends = _section_ends(book)
    assert all(fill >= 0.8 for page, fill in enumerate(fills, 1) if page not in ends), fills


# -- where therapies start, and nothing left alone at a page foot ----------------------------------

COMPACT = [("letter", False), ("a5", False), ("half-letter", False), ("a5", True)]
COMPACT_IDS = ["letter", "a5", "half-letter", "a5-large"]


def test_in_compact_a_therapy_starts_mid_page_with_space_above(booklet: Build) -> None:
    book = booklet("compact", "letter")
    leading, h2 = 21.0, 22.0  # letter's body leading and section heading size
    mid_page = 0
    for lines in _body_lines(book):
        for above, line in zip(lines, lines[1:], strict=False):
            # (The contents' entries name the therapies too, smaller.)
            if line.text in TITLES and line.bottom - line.top >= h2:
                mid_page += 1
                gap = line.top - above.bottom
                assert gap >= 1.5 * leading, f"{line.text}: {gap:.0f} pt under the text above"
    assert mid_page >= 5, "compact should start most therapies under the one before"


@pytest.mark.parametrize(("size", "large"), COMPACT, ids=COMPACT_IDS)
def test_in_compact_each_heading_has_its_summary_and_first_lines(
    booklet: Build, size: str, large: bool
) -> None:
    """A therapy starts where its heading, its summary and its text's first lines fit."""
    book = booklet("compact", size, large)
    texts = page_texts(book.pdf)
    marks = dict(outline(book.pdf))
    for therapy in THERAPIES:
        page = texts[marks[therapy["title"]] - 1]
        assert squash(therapy["summary"]) in page, f"{therapy['title']}: summary not with it"
        assert _first_words(therapy["body"]) in page, f"{therapy['title']}: text not with it"


@pytest.mark.parametrize(("size", "large"), COMPACT, ids=COMPACT_IDS)
def test_in_compact_no_heading_ends_a_page(booklet: Build, size: str, large: bool) -> None:
    """The last line of every page is never a therapy's heading or a box's heading (first or
    repeated), nor the last line of one set over two lines. (A summary is never the last: the
    test above finds its therapy's text on its page.)"""
    book = booklet("compact", size, large)
    headings = {squash(t) for t in TITLES} | {squash(label) for label in BOXES}
    headings |= {squash(LABELS.continued.format(heading=label)) for label in BOXES}
    for number, lines in enumerate(_body_lines(book)[1:-1], start=2):
        last = squash(lines[-1].text)
        assert last not in headings, f"page {number} ends with the heading {last!r}"
        assert not any(h.endswith(" " + last) for h in headings), f"page {number}: {last!r}"


def test_in_compact_the_contents_give_the_pages_the_therapies_start_on(booklet: Build) -> None:
    book = booklet("compact", "letter")
    texts = page_texts(book.pdf)
    marks = dict(outline(book.pdf))
    first = marks["Contents"] - 1
    printed = contents_numbers(" ".join(texts[first : first + 2]).split("Contents", 1)[1], TITLES)
    assert set(printed) == set(TITLES)
    for title in TITLES:
        assert marks[title] == printed[title], title
        assert title in texts[printed[title] - 1]
        assert printed[title] >= first + 1
    assert marks["A final word"] >= marks[TITLES[-1]]


# -- "(continued)" ------------------------------------------------------------------------------


def _continued(book: Built, labels: Any = LABELS) -> list[tuple[int, str]]:
    """(page, box label) for each page that starts with a box's heading again."""
    found = []
    for number, lines in enumerate(_body_lines(book), start=1):
        for label in (labels.tips, labels.cautions, labels.questions):
            again = squash(labels.continued.format(heading=label))
            if lines and squash(" ".join(line.text for line in lines[:2])).startswith(again):
                found.append((number, label))
    return found


@pytest.mark.parametrize(
    ("flow", "size", "large"),
    [("compact", "letter", False), ("compact", "a5", True), ("page-per-therapy", "a5", True)],
    ids=["compact-letter", "compact-a5-large", "page-per-therapy-a5-large"],
)
def test_a_box_that_runs_on_starts_the_next_page_with_its_heading_continued(
    booklet: Build, flow: str, size: str, large: bool
) -> None:
    book = booklet(flow, size, large)
    found = _continued(book)
    assert found, "no box runs on to the next page: the test proves nothing"
    pages = _body_lines(book)
    for page, label in found:
        # The box started on the page before: its heading, and a point or more under it.
        before = [squash(line.text) for line in pages[page - 2]]
        starts = [i for i, text in enumerate(before) if squash(label).startswith(text)]
        assert starts, f"page {page}: {label!r} is not on the page before"
        assert starts[-1] < len(before) - 1, f"page {page}: {label!r} ends the page before"


def test_the_repeated_heading_is_in_the_booklet_s_language(booklet: Build) -> None:
    spanish = labels_for("es")[0]
    assert spanish.continued.format(heading="Preguntas") == "Preguntas (continuación)"
    assert _continued(booklet("compact", "a5", content=SPANISH), spanish)


def _struct(pdf: Path) -> list[tuple[str, str]]:
    """(role, text) of every structure element, from `pdfinfo -struct-text`."""
    out = subprocess.run(
        [_tool("pdfinfo"), "-struct-text", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    elements: list[tuple[str, str]] = []
    for line in out.splitlines():
        stripped = line.strip()
        if stripped.startswith('"') and elements:
            role, text = elements[-1]
            elements[-1] = (role, text + stripped.strip('"'))
        elif stripped:
            elements.append((stripped.split()[0], ""))
    return [(role, squash(text)) for role, text in elements]


@pytest.mark.parametrize(
    ("flow", "size", "large"),
    [("compact", "letter", False), ("page-per-therapy", "a5", True)],
    ids=["compact-letter", "page-per-therapy-a5-large"],
)
def test_the_repeated_heading_is_an_artifact_not_a_second_heading(
    booklet: Build, flow: str, size: str, large: bool
) -> None:
    book = booklet(flow, size, large)
    assert _continued(book)
    elements = _struct(book.pdf)
    assert not [text for _role, text in elements if "(continued)" in text]
    for label, key in zip(BOXES, ("tips", "cautions", "questions"), strict=True):
        boxes = sum(1 for t in THERAPIES if t.get(key))
        headings = [role for role, text in elements if text == squash(label)]
        assert headings == ["H3"] * boxes, f"{label}: {headings}"


@pytest.mark.parametrize(
    ("flow", "size", "large"),
    [("compact", "letter", False), ("compact", "a5", True), ("page-per-therapy", "a5", True)],
    ids=["compact-letter", "compact-a5-large", "page-per-therapy-a5-large"],
)
def test_the_pdf_ua_validator_passes_every_rule(
    booklet: Build, flow: str, size: str, large: bool
) -> None:
    page = pytest.importorskip("page", reason="page-validation is not installed")
    limits = page.SafetyLimits(max_reference_depth=100_000)
    report = page.validate_pdf(str(booklet(flow, size, large).pdf), profile="ua1", limits=limits)
    assert [f"{f.rule_id}: {f.message}" for f in report.failures] == []
    assert report.is_compliant
