"""The four places `mypy --strict` found a value of the wrong type, each held to what it should
do: a contents page number with no structure tag, the parts of a split long paragraph, a heading
split over a page foot, and the fallback font's loader."""

from __future__ import annotations

import io

from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from cdbooklet.content.model import Branding, Contact
from cdbooklet.layout.contents import PageNumber
from cdbooklet.layout.document import DocInfo, Document, Heading
from cdbooklet.layout.ink import paragraph
from cdbooklet.layout.theme import make_theme
from cdbooklet.pdf.paragraphs import LongParagraph
from cdbooklet.text import markup
from cdbooklet.text.labels import labels_for

THEME = make_theme(Branding(contact=Contact(name="Clinic")), "letter")
LABELS = labels_for("en")[0]


def _document() -> Document:
    info = DocInfo("T", "Clinic", "S", (), "en")
    return Document(THEME, LABELS, "Clinic", "Footer", info, first_template="first")


def test_a_contents_page_number_without_a_structure_tag_still_draws_its_page() -> None:
    """`PageNumber.tag` may be None (an untagged entry): it used to read `.kids` from it."""
    heading = Heading(paragraph("Acupuncture", THEME.style("h2")), key="acu", title="Acupuncture")
    data, pages = _document().render([PageNumber("acu", THEME.style("toc_page"), None), heading])
    assert pages == 1
    assert "1" in (PdfReader(io.BytesIO(data)).pages[0].extract_text() or "").split()


def test_the_parts_of_a_split_long_paragraph_are_as_wide_as_the_split() -> None:
    """Each part knows the width it was laid out at (it was typed `float | None`)."""
    long = LongParagraph("word " * 3_000, THEME.style("body"))
    parts = long.split(400, 300)  # never wrapped first, as a table cell may do
    assert len(parts) == 2
    canvas = Canvas(io.BytesIO())
    for part in parts:
        assert part.width == 400
        width, height = part.wrapOn(canvas, 400, 10_000)
        assert (width, height) == (400, part.height) and height > 0
        part.drawOn(canvas, 0, 0)


def test_a_heading_split_over_a_page_foot_keeps_its_bookmark_on_the_first_part() -> None:
    """A heading's text is any flowable once split (it was typed a Paragraph)."""
    text = " ".join(["Very long heading"] * 12)
    heading = Heading(paragraph(text, THEME.style("h1")), key="long", title="Long")
    _width, height = heading.wrap(200, 10_000)
    first, *rest = heading.split(200, height / 2)
    assert isinstance(first, Heading) and first.key == "long" and rest
    story = [paragraph("x", THEME.style("body")), heading]
    data, _pages = _document().render(story)
    reader = PdfReader(io.BytesIO(data))
    assert [item.title for item in reader.outline] == ["Long"]


def test_the_fallback_font_loader_registers_every_face_before_text_is_set_in_it() -> None:
    """The theme's fallback loader returns the family's name (it was typed to return None):
    what matters is that, once called, every face of the family is there to set text in."""
    theme = make_theme(Branding(contact=Contact(name="Clinic")), "a5", is_grayscale=True)
    assert theme.glyphs.use_fallback is not None
    assert theme.glyphs.use_fallback() == theme.fallback_font
    for face in ("", "-Bold", "-Italic", "-BoldItalic"):
        assert pdfmetrics.getFont(theme.fallback_font + face) is not None
    xml = markup.to_xml("Ωμέγα", theme.glyphs)
    data, _pages = Document(
        theme, LABELS, "Clinic", "Footer", DocInfo("T", "C", "S", (), "en"), "first"
    ).render([paragraph(xml, theme.style("body"))])
    page = PdfReader(io.BytesIO(data)).pages[0]
    fonts = {str(f.get_object()["/BaseFont"]) for f in page["/Resources"]["/Font"].values()}
    assert any(name.endswith("+" + theme.fallback_font) for name in fonts), fonts
    assert "Ωμέγα" in (page.extract_text() or "")
