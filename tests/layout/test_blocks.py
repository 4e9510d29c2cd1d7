"""Layout's shared pieces (layout/blocks.py) taller than a page: boxes, the contact block and
very long paragraphs split over pages, finish, lose nothing and print as they should.

Every check reads a real PDF back with pypdf. Builds that used to hang run under a time limit,
so a hang fails the test instead of stopping the suite.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, NumberObject
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Spacer, Table

from cdbooklet.cli import cli
from cdbooklet.content.load import load_content
from cdbooklet.errors import Report
from cdbooklet.layout import blocks
from cdbooklet.layout import ink as ink_module
from cdbooklet.layout.ink import Ink
from cdbooklet.layout.theme import make_theme
from cdbooklet.pdf import paragraphs
from cdbooklet.pdf.flowables import TaggedParagraph
from cdbooklet.text.labels import labels_for
from helpers import FIXTURES, copy_content
from timelimit import time_limit

LABELS = labels_for("en")[0]
A5_LARGE = ("--page-size", "a5", "--large-print")


# -- helpers -----------------------------------------------------------------------------------


def _content(tmp_path: Path, file: str, keys: tuple[str | int, ...], value: object) -> Path:
    """The minimal fixture, copied to tmp_path/content the first time, with one value set."""
    root = tmp_path / "content"
    if not root.exists():
        copy_content("minimal", root)
    _set(root, file, keys, value)
    return root


def _set(root: Path, file: str, keys: tuple[str | int, ...], value: object) -> None:
    """Set one value of a content file, by its keys."""
    path = root / file
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    node = data
    for key in keys[:-1]:
        node = node[key]
    node[keys[-1]] = value
    path.write_text(
        yaml.safe_dump(data, allow_unicode=True, width=2**31, sort_keys=False), encoding="utf-8"
    )


def _run(*args: str | Path, seconds: float = 30) -> None:
    """Run the command line in this process; it must succeed, and in time."""
    with time_limit(seconds):
        result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output


def _build(root: Path, out: Path, *args: str) -> Path:
    _run("build", "--content", root, "--out", out, *args)
    return out


def _handout(root: Path, folder: Path, *args: str) -> Path:
    _run("handout", "acupuncture", "--content", root, "--out-dir", folder, *args)
    return folder / "acupuncture.pdf"


def _flat(text: str) -> str:
    return re.sub(r"\s", "", text)


def _pages(pdf: Path) -> list[str]:
    return [p.extract_text() or "" for p in PdfReader(pdf).pages]


def _body_text(pdf: Path, root: Path) -> str:
    """All the PDF's text without whitespace and without the page furniture (the clinic's name
    heading each page, the footer, "Page X of Y"), so text running over pages reads on."""
    clinic = yaml.safe_load((root / "branding.yaml").read_text(encoding="utf-8"))["clinic"]
    text = _flat("".join(_pages(pdf)))
    for part in (clinic["name"], LABELS.footer):
        text = text.replace(_flat(part), "")
    return re.sub(r"Page\d+of\d+", "", text)


# -- boxes -------------------------------------------------------------------------------------

WORDS = " ".join(f"word{i}" for i in range(1500))
"""1,500 numbered words: far taller than an A5 page in large print, and in a checkable order."""


@pytest.mark.parametrize(
    ("kind", "label"),
    [
        ("tips", LABELS.tips),
        ("cautions", LABELS.cautions),
        ("questions", LABELS.questions),
    ],
)
@pytest.mark.parametrize("edition", ["booklet", "handout"])
def test_a_box_point_taller_than_a_page_splits_with_its_heading_on_its_first_page(
    tmp_path: Path,
    kind: str,
    label: str,
    edition: str,
) -> None:
    root = _content(tmp_path, "therapies/acupuncture.yaml", (kind,), [WORDS, "a second point"])
    if edition == "booklet":
        pdf = _build(root, tmp_path / "booklet.pdf", *A5_LARGE)
    else:
        pdf = _handout(root, tmp_path / "handouts", *A5_LARGE)
    pages = [_flat(t) for t in _pages(pdf)]
    [middle] = [i for i, text in enumerate(pages) if "word700" in text]
    first = next(i for i, text in enumerate(pages) if "word0word1" in text)
    assert first < middle, "the point did not run over a page: the test proves nothing"
    # The heading is on the page where the point starts, above its first words.
    assert _flat(label) + "•word0word1word2" in pages[first].replace("☐", "•")
    # In a booklet each page the box runs on to starts with its heading again, "(continued)".
    text = _body_text(pdf, root).replace(_flat(LABELS.continued.format(heading=label)), "")
    assert _flat(WORDS) + "•asecondpoint" in text.replace("☐", "•")


def _box_pdf(tmp_path: Path, room: float, tips: list[str]) -> tuple[Path, Any]:
    """A page whose frame leaves `room` points (plus the box's space before) under a spacer,
    then a handout's tips box: a real PDF with the box where a page ends."""
    content, _ = load_content(_content(tmp_path, "therapies/acupuncture.yaml", ("tips",), tips))
    theme = make_theme(content.branding, "letter")
    ink = Ink(theme, LABELS, Report())
    therapy = next(t for t in content.booklet.therapies if t.id == "acupuncture")
    story = blocks.therapy_flowables(ink, therapy, "h1", key="x", is_boxes_whole=False)
    box = next(f for f in story if isinstance(f, Table))
    box.wrap(theme.frame_width, 10_000)
    height = 600.0
    out = tmp_path / "box.pdf"
    doc = BaseDocTemplate(str(out), pagesize=(theme.frame_width + 72, height + 72))
    frame = Frame(
        36,
        36,
        theme.frame_width,
        height,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate("page", [frame])])
    with time_limit(30):
        doc.build([Spacer(1, height - room - box.getSpaceBefore()), box])
    return out, box


def test_a_box_heading_never_ends_a_page_alone(tmp_path: Path) -> None:
    tips = [
        "Start with short sessions of five to ten minutes and see how your neck feels.",
        "Go with someone you trust.",
    ]
    # Room for the heading, not for the heading and the first point: the box moves on whole.
    _, box = _box_pdf(tmp_path, 10, tips)
    heading, point = box._rowHeights[:2]
    pdf, _ = _box_pdf(tmp_path / "a", heading + point / 2, tips)
    pages = [_flat(t) for t in _pages(pdf)]
    assert _flat(LABELS.tips) not in pages[0]
    assert _flat(LABELS.tips + "•" + tips[0]) in pages[1]
    # Room for the heading and the first point: the box breaks between its points.
    pdf, _ = _box_pdf(tmp_path / "b", heading + point + 1, tips)
    pages = [_flat(t) for t in _pages(pdf)]
    assert _flat(LABELS.tips + "•" + tips[0]) in pages[0]
    assert _flat(tips[1]) in pages[1] and _flat(tips[1]) not in pages[0]


def test_a_page_tall_first_point_starts_where_there_is_room_for_its_first_lines(
    tmp_path: Path,
) -> None:
    """Not moved to a page of its own first: the heading and as many lines as fit."""
    _, box = _box_pdf(tmp_path, 10, [WORDS])
    pdf, _ = _box_pdf(tmp_path / "a", box._rowHeights[0] + 60, [WORDS])
    pages = [_flat(t) for t in _pages(pdf)]
    assert len(pages) > 2
    assert pages[0].startswith(_flat(LABELS.tips) + "•word0word1")
    assert _flat(WORDS) in "".join(pages)


# -- the contact block -------------------------------------------------------------------------

LONGEST_CONTACT = {
    "name": "Riverside Movement Disorders and Integrative Therapies Clinic",
    "address": "Building 7, Suite 1200, 1000 Example Boulevard North " * 5,
    "phone": "+1 555 010 0100",
    "email": "appointments." + "a" * 220 + "@example.org",
    "website": "https://www.example.org/" + "riverside/" * 47,
}
"""Values near the longest load allows (address 300, email 254, website 500 characters): the
contact block is taller than an A5 page in large print."""


@pytest.mark.parametrize("has_website", [True, False], ids=["with-qr-code", "without-website"])
@pytest.mark.parametrize("edition", ["booklet", "handout"])
def test_a_contact_block_taller_than_a_page_splits(
    tmp_path: Path,
    has_website: bool,
    edition: str,
) -> None:
    contact = dict(LONGEST_CONTACT)
    if not has_website:
        del contact["website"]
    root = _content(tmp_path, "branding.yaml", ("clinic",), contact)
    if edition == "booklet":
        pdf = _build(root, tmp_path / "booklet.pdf", *A5_LARGE)
    else:
        pdf = _handout(root, tmp_path / "handouts", *A5_LARGE)
    text = _body_text(pdf, root)
    assert _flat(contact["address"]) in text
    assert _flat(contact["email"]) in text
    if has_website:
        assert _flat(contact["website"].removeprefix("https://").rstrip("/")) in text


def test_a_table_never_splits_into_a_sliver_at_a_page_foot(tmp_path: Path) -> None:
    """A long clinic name and footer (both within their limits) left the handout's contact
    block 3.9 points at a page foot; ReportLab cut an empty piece of padding off it there, again
    and again on the same page, for ever. tests/fixtures/sliver keeps the shipped text that
    put it there."""
    root = copy_content("sliver", tmp_path / "content")
    words = "Gentle stretches may ease neck pain for some people. " * 3
    _set(root, "branding.yaml", ("clinic", "name"), words[:100].strip())
    _set(root, "booklet.yaml", ("footer",), words[:150].strip())
    pdf = _handout(root, tmp_path / "handouts", *A5_LARGE)
    pages = _pages(pdf)
    assert any("care@example.org" in page for page in pages)


# -- very long paragraphs ----------------------------------------------------------------------


def _long_body(words: int) -> str:
    """A paragraph with bold, italic, links, a word in the fallback font and long words, in an
    order that is easy to check: one marker word each (Strongword, Slantword, Linkword)."""
    parts = []
    for i in range(words):
        if i % 17 == 5:
            parts.append(f"**Strongword {i}**")
        elif i % 23 == 7:
            parts.append(f"*Slantword {i}*")
        elif i % 97 == 11:
            parts.append(f"[Linkword {i}](https://example.org/{i})")
        elif i % 211 == 13:
            parts.append("Ωμέγα")
        elif i % 401 == 17:
            parts.append("y" * 120)
        else:
            parts.append(f"plain{i}")
    return " ".join(parts)


def _one_paragraph(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lay every paragraph out as one ReportLab Paragraph, as before LongParagraph."""
    monkeypatch.setattr(ink_module, "LONG_PARAGRAPH", 10**12)


@pytest.fixture
def pieces(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of pieces each LongParagraph was cut into."""
    counts: list[int] = []
    lay_out = paragraphs.LongParagraph._lay_out

    def counting(self: paragraphs.LongParagraph, width: float) -> None:
        lay_out(self, width)
        counts.append(len(self._pieces))

    monkeypatch.setattr(paragraphs.LongParagraph, "_lay_out", counting)
    return counts


@pytest.mark.parametrize("layout", [(), A5_LARGE], ids=["letter", "a5-large"])
@pytest.mark.parametrize(
    "body",
    [
        pytest.param(_long_body(4000), id="markup"),
        pytest.param("Before the word. " * 150 + "x" * 20_000 + " after it." * 200, id="long-word"),
    ],
)
def test_a_long_paragraph_prints_as_one_paragraph_would(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    pieces: list[int],
    layout: tuple[str, ...],
    body: str,
) -> None:
    root = _content(tmp_path, "therapies/acupuncture.yaml", ("body",), body)
    cut = _build(root, tmp_path / "cut.pdf", *layout)
    assert max(pieces) > 3, "the paragraph was not cut into pieces: the test proves nothing"
    _one_paragraph(monkeypatch)
    whole = _build(root, tmp_path / "whole.pdf", *layout)
    # Line for line and page for page (pypdf's text keeps the line ends), links too.
    assert _pages(cut) == _pages(whole)
    annots = [[len(p.get("/Annots", [])) for p in PdfReader(pdf).pages] for pdf in (cut, whole)]
    assert annots[0] == annots[1]


def _spans(pdf: Path) -> dict[str, set[str]]:
    """Each marker word -> the fonts (BaseFont names) it is drawn in."""
    fonts: dict[str, set[str]] = {}
    for page in PdfReader(pdf).pages:

        def visit(text: str, cm: object, tm: object, font: Any, size: object) -> None:
            name = str(font.get("/BaseFont", "")) if font else ""
            for word in re.findall(r"Strongword|Slantword|plain", text):
                fonts.setdefault(word, set()).add(name.split("+")[-1])

        page.extract_text(visitor_text=visit)
    return fonts


def test_a_long_paragraph_keeps_its_bold_italic_and_links(
    tmp_path: Path, pieces: list[int]
) -> None:
    body = _long_body(8000)
    root = _content(tmp_path, "therapies/acupuncture.yaml", ("body",), body)
    pdf = _build(root, tmp_path / "booklet.pdf")
    assert max(pieces) > 10
    fonts = _spans(pdf)
    assert fonts["Strongword"] and all("Bold" in f for f in fonts["Strongword"])
    assert fonts["Slantword"] and all("Oblique" in f or "Italic" in f for f in fonts["Slantword"])
    assert not any("Bold" in f or "Oblique" in f for f in fonts["plain"])
    links = [
        str(a.get_object()["/A"]["/URI"])
        for p in PdfReader(pdf).pages
        for a in p.get("/Annots", [])
        if "/A" in a.get_object()
    ]
    assert "https://example.org/7771" in links  # a link in the last piece
    text = _body_text(pdf, root)
    assert "plain7999" in text and text.index("plain100") < text.index("plain7999")


def _p_pages(pdf: Path) -> list[set[int]]:
    """For each P element of a tagged PDF, the pages its marked content is on."""
    reader = PdfReader(pdf)
    index = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    found: list[set[int]] = []

    def walk(node: DictionaryObject) -> None:
        kids = node.get("/K")
        kids = kids.get_object() if kids is not None else []
        kids = kids if isinstance(kids, ArrayObject) else [kids]
        own = node.get("/Pg")
        pages: set[int] = set()
        for kid in kids:
            kid = kid.get_object()
            if isinstance(kid, NumberObject) and own is not None:
                pages.add(index[own.idnum])
            elif isinstance(kid, DictionaryObject) and kid.get("/Type") == "/MCR":
                pages.add(index[(kid.get("/Pg") or own).idnum])
            elif isinstance(kid, DictionaryObject) and "/S" in kid:
                walk(kid)
        if node.get("/S") == "/P":
            found.append(pages)

    walk(reader.trailer["/Root"]["/StructTreeRoot"].get_object())
    return found


def test_a_long_paragraph_is_one_element_of_a_tagged_pdf(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    pieces: list[int],
) -> None:
    root = _content(tmp_path, "therapies/acupuncture.yaml", ("body",), _long_body(4000))
    cut = _p_pages(_build(root, tmp_path / "cut.pdf", *A5_LARGE))
    assert max(pieces) > 5
    _one_paragraph(monkeypatch)
    whole = _p_pages(_build(root, tmp_path / "whole.pdf", *A5_LARGE))
    assert len(cut) == len(whole)
    assert max(map(len, cut)) == max(map(len, whole)) > 10


def test_a_short_paragraph_is_one_ordinary_paragraph(tmp_path: Path) -> None:
    content, _ = load_content(FIXTURES / "minimal")
    ink = Ink(make_theme(content.branding, "letter"), LABELS, Report())
    therapy = content.booklet.therapies[0]
    short = ink.para("A" * (paragraphs.LONG_PARAGRAPH - 10), "body", therapy.where("body"))
    long = ink.para("A " * paragraphs.LONG_PARAGRAPH, "body", therapy.where("body"))
    assert isinstance(short, TaggedParagraph)
    assert isinstance(long, paragraphs.LongParagraph)


@pytest.mark.parametrize("layout", [(), A5_LARGE], ids=["letter", "a5-large"])
def test_a_very_long_disclaimer_and_tip_build_in_time(
    tmp_path: Path,
    layout: tuple[str, ...],
) -> None:
    """In table cells (the disclaimer box, a box's point) ReportLab's split is quadratic too:
    this took minutes before the cells held LongParagraphs."""
    words = ["pain", "neck", "muscle", "therapy", "gentle", "stretch", "breathe", "care"]
    text = " ".join(f"{words[i % 8]}{i}" for i in range(20_000))
    _content(tmp_path, "booklet.yaml", ("disclaimer",), text)
    root = _content(tmp_path, "therapies/acupuncture.yaml", ("tips",), [text, "a second tip"])
    pdf = _build(root, tmp_path / "booklet.pdf", *layout)  # in 30 s, or it fails
    # Each page the tips box runs on to starts with its heading again, "(continued)".
    again = _flat(LABELS.continued.format(heading=LABELS.tips))
    printed = _body_text(pdf, root).replace(again, "")
    assert _flat(LABELS.tips) + "•" + _flat(text) + "•asecondtip" in printed
    assert _flat(LABELS.disclaimer) + ":" + _flat(text) in printed
