"""Content text -> paragraphs: `Ink` makes paragraph XML from what a clinic typed (a character no
font can print becomes a warning at the file and line that typed it), and every paragraph layout
makes comes from `paragraph` or `content_paragraph`, tagged as it is made (or from
`Ink.repeated`, an artifact).
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, Paragraph

from cdbooklet.content.model import Source
from cdbooklet.errors import Report
from cdbooklet.layout.theme import Theme
from cdbooklet.pdf.flowables import ArtifactParagraph, TaggedParagraph
from cdbooklet.pdf.paragraphs import LONG_PARAGRAPH, LongParagraph
from cdbooklet.pdf.structure import Tag
from cdbooklet.text import markup
from cdbooklet.text.labels import Labels


class Ink:
    """Turns content text into paragraphs; a character no font can print becomes a warning
    naming the file and line that typed it."""

    def __init__(self, theme: Theme, labels: Labels, report: Report, language: str = "en") -> None:
        self.theme = theme
        self.labels = labels
        self.report = report
        self.language = language
        """The content's language (BCP 47), for text alternatives layout writes itself."""

    def xml(self, text: str, where: Source) -> str:
        """Content with inline markup -> paragraph XML."""
        return markup.to_xml(text, self.theme.glyphs, self._warner(where), self.theme.heading)

    def plain(self, text: str, where: Source | None = None) -> str:
        """Text without markup (titles, labels, contact lines) -> paragraph XML."""
        warn = self._warner(where) if where else None
        return markup.escape_text(text, self.theme.glyphs, warn)

    def para(self, text: str, role: str, where: Source, tag: Tag | None = None) -> Flowable:
        """A paragraph of content in a style; `tag` is its structure element. A very long one
        is a `LongParagraph`, which prints the same."""
        return content_paragraph(self.xml(text, where), self.theme.style(role), tag)

    def label(self, text: str, role: str, tag: Tag | None = None) -> Paragraph:
        """A fixed label (a heading such as "Contents") in a style."""
        return paragraph(self.plain(text), self.theme.style(role), tag)

    def repeated(self, text: str, role: str) -> Paragraph:
        """A fixed label repeating one a reader has already met (a box's heading again, with
        "(continued)"), in a style: an artifact, not a second element."""
        return ArtifactParagraph(self.plain(text), self.theme.style(role))

    def _warner(self, where: Source) -> markup.Warn:
        def warn(message: str) -> None:
            self.report.warn(where.path, where.line, message)

        return warn


def paragraph(xml: str, style: Any, tag: Tag | None = None, **kw: Any) -> TaggedParagraph:
    """A paragraph of XML that is the structure element `tag` (None: part of the element
    being drawn around it, as a heading's text is). Every paragraph layout makes is one of
    these; on an untagged build it draws exactly as a plain Paragraph."""
    para = TaggedParagraph(xml, style, **kw)
    para.tag = tag
    return para


def content_paragraph(
    xml: str,
    style: Any,
    tag: Tag | None = None,
    bullet: str | None = None,
    label_tag: Tag | None = None,
) -> Flowable:
    """A paragraph of content XML, as `paragraph` makes one (`bullet` and `label_tag` as in
    `list_item`), or a `LongParagraph` when it is very long."""
    if len(xml) > LONG_PARAGRAPH:
        return LongParagraph(xml, style, tag, bullet, label_tag)
    para = paragraph(xml, style, tag, bulletText=bullet)
    para.label_tag = label_tag
    return para
