"""The booklet's table of contents: each therapy's title (a link to it), its summary and the
page it starts on, drawn late once the pages are known (`PageNumber`).
"""

from __future__ import annotations

import re
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable

from cdbooklet.layout.document import Document
from cdbooklet.layout.ink import paragraph
from cdbooklet.layout.tables import grid
from cdbooklet.layout.theme import Theme
from cdbooklet.pdf.canvas import relabel_links
from cdbooklet.pdf.document import document_of
from cdbooklet.pdf.flowables import TaggedFlowable
from cdbooklet.pdf.structure import Tag
from cdbooklet.text import markup
from cdbooklet.text.labels import Labels


def page_word(labels: Labels) -> str:
    """ "Page" in the booklet's language, from its "Page {page} of {total}" label."""
    return labels.page.split("{page}")[0].strip()


def contents_table(
    entries: list[tuple[str, str, str]],
    theme: Theme,
    tag: Tag | None = None,
    page_word: str = "Page",
) -> Flowable:
    """The table of contents: each therapy's title (a link to it), its summary and its page.

    Its entries come from the model, so its size is known before any page is laid out; the
    page numbers are drawn late (`PageNumber`), once the headings have found their pages.
    `entries` are (heading key, title XML, summary XML).

    Tagged as TOC > TOCI > (Reference > Link title, P summary, Reference > Link page): title
    before summary before page number, as they read.
    """
    t = theme
    page_col = t.scale.body * 3.2
    rows = []
    for key, title_xml, summary_xml in entries:
        item = Tag("TOCI", tag)
        title = " ".join(_unescape(title_xml).split())
        dest = "#" + key
        cell: list[Flowable] = [
            paragraph(
                markup.link(dest, title_xml, t.heading),
                t.style("toc_title"),
                Tag("Link", Tag("Reference", item), link_text=title),
            )
        ]
        if summary_xml:
            cell.append(paragraph(summary_xml, t.style("toc_summary"), Tag("P", item)))
        page_tag = Tag("Link", Tag("Reference", item), link_text=f"{title}, {page_word}")
        rows.append([cell, PageNumber(key, t.style("toc_page"), page_tag)])
    return grid(
        t,
        rows,
        [t.frame_width - page_col, page_col],
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), t.scale.gap * 0.55),
            ("BOTTOMPADDING", (0, 0), (-1, -1), t.scale.gap * 0.75),
            ("LINEBELOW", (0, 0), (-1, -2), 0.6, HexColor(t.tint_primary)),
        ],
    )


class PageNumber(TaggedFlowable, Flowable):
    """The page a heading landed on, as a link to it: one line of `style`, drawn late.

    Tagged as a Link whose words are the entry's title and the page ("Yoga, page 7")."""

    def __init__(self, key: str, style: Any, tag: Tag | None = None) -> None:
        super().__init__()
        self.key = key
        self.style = style
        self.tag = tag
        self.base_text = tag.link_text or "" if tag is not None else ""

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        self.width, self.height = aW, self.style.leading
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        doc: Document = document_of(canv)
        doc.draw_late(
            canv,
            f"TocPage{self.key}",
            0,
            self.height,
            (0, -self.height * 2, self.width, 0),
            self._draw_number,
        )
        canv.linkRect("", self.key, (0, 0, self.width, self.height), relative=1)

    def _draw_number(self, canv: Any, doc: Document) -> None:
        page = doc.key_pages.get(self.key)
        # Underlined, as links are in this booklet.
        para = paragraph(f"<u>{page}</u>" if page else "", self.style)
        _w, h = para.wrap(self.width, 100)
        para.drawOn(canv, 0, -h)
        # The link's words, now that the page is known: "Yoga, page 7".
        if self.tag is not None:
            relabel_links(self.tag, f"{self.base_text} {page}")


def _unescape(xml: str) -> str:
    """Paragraph XML without tags and entities: the words, for a link's /Contents."""
    return markup.unescape(re.sub(r"<[^>]+>", "", xml))
