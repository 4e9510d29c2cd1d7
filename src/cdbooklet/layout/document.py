"""Page templates and the document: running header, footer with the short disclaimer and
"Page X of Y", outline entries, and numbers known only at the end, laid out in one pass. A tagged
document draws on the tagging canvas, with the header and footer as pagination artifacts.

One pass: the layout never depends on a page number (the footer and the contents reserve room
for the widest), so a page number that is not known yet ("of Y", a contents entry's page) is
drawn as a named form XObject, and the forms are filled in once the last page is done.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from cdbooklet import __version__
from cdbooklet.content import colour
from cdbooklet.content.model import Content
from cdbooklet.layout.ink import furniture, paragraph
from cdbooklet.layout.theme import Theme
from cdbooklet.pdf.canvas import artifact, canvas_class, tagged
from cdbooklet.pdf.document import binary_streams, build_unsaved, set_creation_date
from cdbooklet.pdf.scriptparagraph import ScriptParagraph
from cdbooklet.pdf.structure import FOOTER, HEADER, Tag
from cdbooklet.text import markup
from cdbooklet.text.labels import Labels

if TYPE_CHECKING:
    from cdbooklet.layout.ink import Ink


@dataclass(frozen=True, slots=True)
class DocInfo:
    """What the PDF says about itself."""

    title: str
    author: str
    subject: str
    keywords: tuple[str, ...]
    language: str
    date: date | None = None
    """The creation date written into the PDF (its published date), so the same content gives
    the same file on any day; SOURCE_DATE_EPOCH, when set, wins; otherwise 2000-01-01."""


def footer_xml(ink: Ink, content: Content) -> str:
    """The short disclaimer every page's footer prints: the booklet's own, or the standard one.
    A character no font has is a warning at the booklet's `footer:` line."""
    booklet = content.booklet
    if booklet.footer:
        return ink.plain(booklet.footer, booklet.where("footer"))
    return ink.plain(ink.labels.footer)


class Heading(Flowable):
    """A heading that marks its place: a named destination, an outline entry, and its page in
    `Document.key_pages` (where the contents look up their numbers). `para` is its text: a
    paragraph, or the first part of one that was split over a page foot."""

    def __init__(
        self,
        para: Flowable,
        key: str,
        title: str,
        level: int = 0,
        keep_with_next: bool = True,
    ) -> None:
        super().__init__()
        self.para = para
        self.key = key
        self.title = title
        self.level = level
        self.keepWithNext = int(keep_with_next)

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        self.width, self.height = self.para.wrap(aW, aH)
        return self.width, self.height

    def split(self, aW: float, aH: float) -> list[Flowable]:
        parts = self.para.split(aW, aH)
        if not parts:
            return []
        first = Heading(parts[0], self.key, self.title, self.level, bool(self.keepWithNext))
        return [first, *parts[1:]]

    def getSpaceBefore(self) -> float:
        return float(self.para.getSpaceBefore())

    def getSpaceAfter(self) -> float:
        return float(self.para.getSpaceAfter())

    def draw(self) -> None:
        self.canv.bookmarkHorizontal(self.key, 0, self.height + self.getSpaceBefore())
        self.canv.addOutlineEntry(self.title, self.key, self.level, closed=False)
        self.para.drawOn(self.canv, 0, 0)


LateDraw = Callable[[Canvas, "Document"], None]
"""Draws a late form's content, with the document's final page numbers at hand."""


class Deferred(Flowable):
    """A part of the story made only when layout reaches it (`make` returns its flowables), so
    a long booklet never holds every section's paragraphs at once."""

    def __init__(self, make: Callable[[], list[Flowable]]) -> None:
        super().__init__()
        self.make = make

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:  # never laid out itself
        raise AssertionError("a Deferred flowable is expanded by Document.filterFlowables")


class Document(BaseDocTemplate):
    """The PDF: page templates named "cover", "body", "first" (no running header) and "back"."""

    def __init__(
        self,
        theme: Theme,
        labels: Labels,
        clinic: str,
        footer_xml: str,
        info: DocInfo,
        first_template: str = "cover",
        is_tagged: bool = True,
        draft_notice: str | None = None,
    ) -> None:
        self.buffer = io.BytesIO()
        self.is_tagged = is_tagged
        self.theme = theme
        self.labels = labels
        self.clinic = clinic
        self.info = info
        self.page_total = 0
        self.key_pages: dict[str, int] = {}
        """The page each Heading's key landed on."""
        self._late: dict[str, tuple[tuple[float, float, float, float], LateDraw]] = {}
        s = theme.scale
        self._footer_xml = footer_xml
        # Room for the widest page label this booklet can print, so the footer never moves.
        size = theme.scale.furniture
        widest = labels.page_of(888, 888)
        widest_xml = markup.escape_text(widest, theme.glyphs)
        label = furniture(widest_xml, theme.style("footer_page"))
        if isinstance(label, ScriptParagraph):
            self._page_width = 2 + label.natural_width()
        else:
            self._page_width = 2 + stringWidth(widest, theme.font + "-Bold", size)
        footer_height = self._footer_height()
        self._header_xml = markup.escape_text(clinic, theme.glyphs)
        self.header_height = self._header_text_height() + s.gap * 1.4
        # A draft translation's band sits in the top margin; the page moves down only as far
        # as the band needs (a printer cannot print at the very edge).
        self._draft_xml = markup.escape_text(draft_notice, theme.glyphs) if draft_notice else None
        self._band_tag = Tag("P")
        band_height = self._band_height()
        self._band_top = s.margin_top * 0.45
        self.top_offset = max(0.0, self._band_top + band_height + s.gap * 0.6 - s.margin_top)
        if not band_height:
            self.top_offset = 0.0
        bottom = s.margin_bottom + footer_height + s.gap * 1.6
        top = s.margin_top + self.top_offset + self.header_height
        super().__init__(
            self.buffer,
            pagesize=theme.page_size,
            leftMargin=s.margin_side,
            rightMargin=s.margin_side,
            topMargin=top,
            bottomMargin=bottom,
            title=info.title,
            author=info.author,
            subject=info.subject,
            keywords=list(info.keywords),
            creator=f"cdbooklet {__version__}",
            lang=info.language,
            displayDocTitle=1,
            invariant=1,
            initialFontName=theme.font,
            initialFontSize=theme.scale.body,
            initialLeading=theme.scale.leading,
        )
        w, h = theme.page_size
        self.body_height = h - top - bottom
        """The height of a body page's frame, where the story flows."""
        body = Frame(
            s.margin_side,
            bottom,
            w - 2 * s.margin_side,
            h - top - bottom,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="body",
        )
        first_top = s.margin_top + self.top_offset
        first = Frame(
            s.margin_side,
            bottom,
            w - 2 * s.margin_side,
            h - first_top - bottom,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="first",
        )
        # The cover's frame runs into the bleed at both sides, so its band of colour reaches past
        # the trimmed edge (no white sliver after cutting).
        b = theme.bleed
        # The cover begins with space of its own: it moves down only if the band needs more.
        cover_offset = max(0.0, self._band_top + band_height + s.gap - s.margin_top * 1.4)
        whole = Frame(
            -b,
            0,
            w + 2 * b,
            h - (cover_offset if band_height else 0.0),
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="whole",
        )
        templates = [
            PageTemplate("cover", [whole], onPage=self._cover_page),
            PageTemplate("body", [body], onPage=self._body_page),
            PageTemplate("first", [first], onPage=self._first_page),
            PageTemplate("back", [body], onPage=self._body_page),
        ]
        # The document starts on its first template: `first_template` goes to the front.
        templates.sort(key=lambda t: t.id != first_template)
        self.addPageTemplates(templates)

    # -- building ----------------------------------------------------------------------------------
    def render(self, story: list[Flowable]) -> tuple[bytes, int]:
        """Lay out the story in one pass; return the PDF bytes and the page count."""
        with binary_streams():
            # The canvas is left unsaved after layout, so that the late forms can be drawn.
            canv = build_unsaved(self, story, canvas_class(self.is_tagged))
            for name, (box, draw) in self._late.items():
                # The stubs say whole points; ReportLab takes any number.
                cast(Any, canv).beginForm(name, *box)
                draw(canv, self)
                canv.endForm()
            canv.save()
        return self.buffer.getvalue(), self.page_total

    def draw_late(
        self,
        canv: Canvas,
        name: str,
        x: float,
        y: float,
        box: tuple[float, float, float, float],
        draw: LateDraw,
    ) -> None:
        """Place form `name` at `x`, `y` now; `draw` fills it in at the end, when every page
        number is known, clipped to `box` (x0, y0, x1, y1 from that point). A name placed
        twice is drawn once."""
        self._late.setdefault(name, (box, draw))
        canv.saveState()
        canv.translate(x, y)
        canv.doForm(name)
        canv.restoreState()

    def filterFlowables(self, flowables: list[Flowable]) -> None:
        while flowables and isinstance(flowables[0], Deferred):
            flowables[0:1] = flowables[0].make()

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, Heading):
            self.key_pages.setdefault(flowable.key, self.page)

    def afterPage(self) -> None:
        self.page_total = self.page

    def beforeDocument(self) -> None:
        self.canv.showOutline()
        if self.theme.is_rtl:
            # A right-to-left booklet: viewers show its spreads, and print shops bind it, on the
            # right (impose reads this).
            self.canv.setViewerPreference("Direction", "R2L")
        if self.info.date is not None and not os.environ.get("SOURCE_DATE_EPOCH", "").strip():
            # ReportLab's invariant mode fixes the dates to 2000-01-01 (or SOURCE_DATE_EPOCH);
            # the content's own date is more truthful.
            set_creation_date(self.canv, self.info.date)

    # -- page furniture ----------------------------------------------------------------------------
    def _footer_height(self) -> float:
        para = furniture(self._footer_xml, self.theme.style("footer"))
        _w, h = para.wrap(self.theme.frame_width - self._page_width - self.theme.scale.gap, 10_000)
        return float(h)

    def _header_text_height(self) -> float:
        para = furniture(self._header_xml, self.theme.style("header"))
        return float(para.wrap(self.theme.frame_width, 10_000)[1])

    def _band_height(self) -> float:
        """The draft band's height: its text and padding (0 when there is no band)."""
        if self._draft_xml is None:
            return 0.0
        para = furniture(self._draft_xml, self.theme.style("draft_band"))
        pad = self.theme.scale.gap * 0.5
        return float(para.wrap(self.theme.frame_width - 2 * pad, 10_000)[1]) + 2 * pad

    def _cover_page(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        self._draw_band(canv)

    def _first_page(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        self._draw_band(canv)
        self._draw_footer(canv)

    def _body_page(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        self._draw_band(canv)
        self._draw_header(canv)
        self._draw_footer(canv)

    def _draw_band(self, canv: Canvas) -> None:
        """ "Draft translation: ..." across the top of every page: on the first page part of
        the text (screen readers read it first), on the others page furniture."""
        if self._draft_xml is None:
            return
        if self.page == 1:
            with tagged(canv, self._band_tag):
                self._draw_band_on(canv)
        else:
            with artifact(canv, HEADER):
                self._draw_band_on(canv)

    def _draw_band_on(self, canv: Canvas) -> None:
        t, s = self.theme, self.theme.scale
        w, h = t.page_size
        assert self._draft_xml is not None
        pad = s.gap * 0.5
        para = paragraph(self._draft_xml, t.style("draft_band"))
        _pw, ph = para.wrap(t.frame_width - 2 * pad, 10_000)
        top = h - self._band_top
        canv.saveState()
        with artifact(canv):
            canv.setFillColor(HexColor(t.tint_accent))
            canv.setStrokeColor(HexColor(colour.darken_to_contrast(t.accent, colour.WHITE, 3.0)))
            canv.setLineWidth(1)
            canv.rect(s.margin_side, top - ph - 2 * pad, t.frame_width, ph + 2 * pad, fill=1)
        para.drawOn(canv, s.margin_side + pad, top - pad - ph)
        canv.restoreState()

    def _draw_header(self, canv: Canvas) -> None:
        with artifact(canv, HEADER):
            self._draw_header_on(canv)

    def _draw_header_on(self, canv: Canvas) -> None:
        t, s = self.theme, self.theme.scale
        w, h = t.page_size
        canv.saveState()
        para = furniture(self._header_xml, t.style("header"))
        _pw, ph = para.wrap(t.frame_width, 10_000)
        baseline_top = h - s.margin_top - self.top_offset
        para.drawOn(canv, s.margin_side, baseline_top - ph)
        canv.setStrokeColor(HexColor(t.primary))
        canv.setLineWidth(0.8)
        y = baseline_top - ph - s.gap * 0.6
        canv.line(s.margin_side, y, w - s.margin_side, y)
        canv.restoreState()

    def _draw_footer(self, canv: Canvas) -> None:
        with artifact(canv, FOOTER):
            self._draw_footer_on(canv)

    def _draw_footer_on(self, canv: Canvas) -> None:
        t, s = self.theme, self.theme.scale
        w, _h = t.page_size
        canv.saveState()
        para = furniture(self._footer_xml, t.style("footer"))
        text_width = t.frame_width - self._page_width - s.gap
        _pw, ph = para.wrap(text_width, 10_000)
        bottom = s.margin_bottom
        # The short disclaimer at the start of the line, the page label at its end: mirrored
        # in a right-to-left booklet.
        text_x = s.margin_side + self._page_width + s.gap if t.is_rtl else s.margin_side
        label_x = s.margin_side if t.is_rtl else w - s.margin_side - self._page_width
        para.drawOn(canv, text_x, bottom)
        top = bottom + ph
        # One line of the page label's style: "Page X of Y", filled in when Y is known.
        lh = t.style("footer_page").leading
        page = self.page
        self.draw_late(
            canv,
            f"PageOf{page}",
            label_x,
            top,
            (0, -lh * 3, self._page_width, 0),
            lambda c, doc: doc._draw_page_of(c, page),
        )
        canv.setStrokeColor(HexColor(t.primary))
        canv.setLineWidth(0.8)
        rule = top + s.gap * 0.7
        canv.line(s.margin_side, rule, w - s.margin_side, rule)
        canv.restoreState()

    def _draw_page_of(self, canv: Canvas, page: int) -> None:
        """The page label, its first line's top at the form's origin."""
        t = self.theme
        label = self.labels.page_of(page, self.page_total)
        para = furniture(markup.escape_text(label, t.glyphs), t.style("footer_page"))
        _w, h = para.wrap(self._page_width, 100)
        para.drawOn(canv, 0, -h)
