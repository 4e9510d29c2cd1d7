"""Content text -> paragraphs: `Ink` makes paragraph XML from what a clinic typed (a character no
font can print becomes a warning at the file and line that typed it), and every paragraph layout
makes comes from `paragraph` or `content_paragraph`, tagged as it is made (or from
`Ink.repeated`, an artifact). A paragraph in a script ReportLab cannot set, and every paragraph
of a right-to-left booklet, is a `ScriptParagraph` (see `text.scripts.needs_engine`).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from reportlab.platypus import Flowable, Paragraph

from cdbooklet.content import fonts
from cdbooklet.content.model import Source
from cdbooklet.errors import Report
from cdbooklet.layout.theme import Theme
from cdbooklet.pdf.flowables import ArtifactParagraph, TaggedParagraph
from cdbooklet.pdf.paragraphs import LONG_PARAGRAPH, LongParagraph
from cdbooklet.pdf.scriptparagraph import ScriptParagraph
from cdbooklet.pdf.structure import Tag
from cdbooklet.text import markup
from cdbooklet.text.labels import Labels
from cdbooklet.text.scripts import needs_engine


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

    def plain_in(self, text: str, language: str) -> str:
        """Fixed text in another language (a line of the language-help page) -> paragraph
        XML, set in the faces that language prefers (Japanese Han in the Japanese face), and
        all in one face where the text font lacks some of its letters (Vietnamese)."""
        return markup.escape_text(text, self._glyphs_in(language), whole=True)

    def _glyphs_in(self, language: str) -> markup.Glyphs:
        glyphs = self.theme.glyphs
        order = {face.name: i for i, face in enumerate(fonts.script_faces(language))}
        faces = sorted(glyphs.faces, key=lambda f: order.get(f.name.removesuffix("-Plain"), 99))
        if [f.name for f in faces] == [f.name for f in glyphs.faces]:
            return glyphs
        # Fresh memos: what a character or word becomes depends on the faces' order.
        return dataclasses.replace(glyphs, faces=tuple(faces), memo={}, words={})

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
        xml, style = self.plain(text), self.theme.style(role)
        if _is_script(xml, style):
            para = _script_paragraph(xml, style)
            para.is_artifact = True
            return para
        return ArtifactParagraph(xml, style)

    def _warner(self, where: Source) -> markup.Warn:
        def warn(message: str) -> None:
            self.report.warn(where.path, where.line, message)

        return warn


def paragraph(xml: str, style: Any, tag: Tag | None = None, **kw: Any) -> TaggedParagraph:
    """A paragraph of XML that is the structure element `tag` (None: part of the element
    being drawn around it, as a heading's text is). Every paragraph layout makes is one of
    these; on an untagged build it draws exactly as a plain Paragraph."""
    para = (
        _script_paragraph(xml, style, kw.pop("bulletText", None))
        if _is_script(xml, style)
        else TaggedParagraph(xml, style, **kw)
    )
    para.tag = tag
    return para


def furniture(xml: str, style: Any) -> Paragraph:
    """A paragraph of page furniture (the header, the footer, the page label), untagged: drawn
    inside an artifact, or measured. ReportLab's own Paragraph unless `paragraph` would make a
    ScriptParagraph."""
    if _is_script(xml, style):
        return _script_paragraph(xml, style)
    return Paragraph(xml, style)


def _is_script(xml: str, style: Any) -> bool:
    """Whether cdbooklet lays the paragraph out itself: its text needs it, or the booklet
    reads right to left (the theme marks its styles)."""
    return bool(getattr(style, "is_rtl", False)) or needs_engine(xml)


def _script_paragraph(xml: str, style: Any, bullet: str | None = None) -> ScriptParagraph:
    return ScriptParagraph(
        xml,
        style,
        bullet,
        language=getattr(style, "language", "en"),
        is_rtl=bool(getattr(style, "is_rtl", False)),
    )


def content_paragraph(
    xml: str,
    style: Any,
    tag: Tag | None = None,
    bullet: str | None = None,
    label_tag: Tag | None = None,
) -> Flowable:
    """A paragraph of content XML, as `paragraph` makes one (`bullet` and `label_tag` as in
    `list_item`), or a `LongParagraph` when it is very long."""
    if len(xml) > LONG_PARAGRAPH and not _is_script(xml, style):
        return LongParagraph(xml, style, tag, bullet, label_tag)
    para = paragraph(xml, style, tag, bulletText=bullet)
    para.label_tag = label_tag
    return para
