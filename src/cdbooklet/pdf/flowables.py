"""Flowables that tag themselves: paragraphs, images and rules a tagged PDF needs, and the
table callbacks that make backgrounds and rules artifacts.

On a `canvas.TaggingCanvas` each opens its `Tag` around its drawing; on a plain canvas it draws
exactly as ReportLab's own. A paragraph's lines end in a space where the text has one, which
takes ReportLab's private line-drawing hooks (listed in `registry`).
"""

from __future__ import annotations

from typing import Any, cast

from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable, HRFlowable, Paragraph, Table
from reportlab.platypus.paragraph import (  # type: ignore[attr-defined]  # not in the stubs
    _HSFrag,
    _InjectedFrag,
    _SplitWord,
    _SplitWordEnd,
)
from reportlab.platypus.tables import TableRenderCB

from cdbooklet.pdf.canvas import TaggingCanvas, _tagging, artifact
from cdbooklet.pdf.structure import LAYOUT, REPEATED, Tag


def _draw_on(parent: object, canvas: Any, x: float, y: float, spare_width: float) -> None:
    """`parent.drawOn`, with the spare width ReportLab's frames pass (`_sW`, which its type
    stubs leave out) passed on."""
    cast(Any, parent).drawOn(canvas, x, y, spare_width)


class TaggedFlowable:
    """Mixin: draw inside the flowable's Tag."""

    tag: Tag | None = None

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        tag = self.tag
        if tag is None or not isinstance(canvas, TaggingCanvas):
            return _draw_on(super(), canvas, x, y, _sW)
        canvas.open_tag(tag)
        try:
            _draw_on(super(), canvas, x, y, _sW)
        finally:
            canvas.close(tag)


class TaggedParagraph(Paragraph):
    """A paragraph that is one structure element (P, H1…, Link), or a list item's body whose
    bullet is its label (`label_tag`, an Lbl, with `tag` the LBody).

    On a tagging canvas its lines end in a space where the text has one, so the structure text
    does not glue the last word of a line to the first of the next; the space draws nothing.
    A split paragraph hands its tags to both parts: they become one element over two pages.
    """

    tag: Tag | None = None
    label_tag: Tag | None = None
    _open: Tag | None = None

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        if not isinstance(canvas, TaggingCanvas):
            return _draw_on(super(), canvas, x, y, _sW)
        first = self.label_tag if self.label_tag is not None and self.bulletText else self.tag
        canvas.paragraph, canvas._link_texts = self, None
        if first is not None:
            canvas.open_tag(first)
        self._open = first
        try:
            _draw_on(super(), canvas, x, y, _sW)
        finally:
            if self._open is not None:
                canvas.close(self._open)
            self._open = None
            canvas.paragraph = None

    def beginText(self, x: float, y: float) -> Any:
        canv = self.canv
        if not isinstance(canv, TaggingCanvas):
            return super().beginText(x, y)
        if self._open is not None and self._open is self.label_tag:
            # The bullet is drawn: the rest is the item's body.
            canv.close(self._open)
            self._open = self.tag
            if self.tag is not None:
                canv.open_tag(self.tag)
        tx = _SpacedText(canv, x, y)
        tx.spaces = line_spaces(self)
        return tx

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts: list[Flowable] = super().split(availWidth, availHeight)
        for part in parts:
            if part is not self and isinstance(part, TaggedParagraph):
                part.tag = self.tag
                part.label_tag = self.label_tag
        return parts


class ArtifactParagraph(Paragraph):
    """A paragraph that repeats text a reader has already met (a box's heading again, with
    "(continued)", where the box runs on to the next page): drawn as an artifact, so the
    structure holds the heading once. On a plain canvas it draws as a Paragraph."""

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        with artifact(canvas, REPEATED):
            _draw_on(super(), canvas, x, y, _sW)


class _SpacedText(PDFTextObject):
    """A paragraph's text object whose lines end in a space where the text continues after a
    space (ReportLab moves to the next line with T*, which a reader hears as no space)."""

    spaces: list[bool] = []
    line = 0

    def _textOut(self, text: str, TStar: int = 0) -> None:  # noqa: N803
        if TStar:
            i = self.line
            self.line = i + 1
            if i < len(self.spaces) and self.spaces[i] and not text.endswith(" "):
                text += " "
        cast(Any, super())._textOut(text, TStar)


def line_spaces(para: Paragraph) -> list[bool]:
    """For each line of a wrapped paragraph: does a space follow its last word in the text?
    Not when a word was broken over the line end (a long word or address)."""
    bl = cast(Any, para).blPara
    lines = bl.lines
    if bl.kind == 0:
        out = []
        for line in lines:
            words = line[1]
            last = words[-1] if words else ""
            out.append(not (isinstance(last, _SplitWord) and not isinstance(last, _SplitWordEnd)))
        return out
    frags = para.frags
    count = len(lines)
    spaces = []
    for i in range(count):
        nxt = lines[i + 1] if i + 1 < count else None
        end = getattr(nxt, "sFW", None) if nxt is not None else len(frags)
        if end is None or not frags:
            spaces.append(True)
            continue
        end -= 1
        while end > 0 and isinstance(frags[end], _InjectedFrag):
            end -= 1
        spaces.append(end < 0 or isinstance(frags[end], _HSFrag))
    return spaces


class TaggedImage(TaggedFlowable, Flowable):
    """An image (the logo) that is a Figure, drawn `width` x `height` points from `source`, an
    ImageReader (one per logo in a process, so its pixels are read once)."""

    def __init__(self, source: Any, width: float, height: float, tag: Tag | None = None) -> None:
        super().__init__()
        self.source = source
        self.drawWidth, self.drawHeight = width, height
        self.tag = tag
        self.hAlign = "LEFT"

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        return self.drawWidth, self.drawHeight

    def draw(self) -> None:
        self.canv.drawImage(self.source, 0, 0, self.drawWidth, self.drawHeight, mask="auto")


class ArtifactRule(HRFlowable):
    """A decorative rule: an artifact."""

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        with artifact(canvas):
            _draw_on(super(), canvas, x, y, _sW)


class _TableArtifacts(TableRenderCB):
    """Table backgrounds and rules are artifacts; cells tag themselves. A plain-text cell (only
    ever padding here) is an artifact too."""

    def startTable(self, T: Table) -> None:
        pass

    def endTable(self, T: Table) -> None:
        pass

    def startRow(self, T: Table, rowNo: int) -> None:  # noqa: N803
        pass

    def endRow(self, T: Table) -> None:
        pass

    def startBG(self, T: Table) -> None:
        tagging = _tagging(T.canv)
        if tagging is not None:
            tagging.open_artifact(LAYOUT)

    def endBG(self, T: Table) -> None:
        tagging = _tagging(T.canv)
        if tagging is not None:
            tagging.close(LAYOUT)

    def startLines(self, T: Table) -> None:
        self.startBG(T)

    def endLines(self, T: Table) -> None:
        self.endBG(T)

    def startCell(
        self,
        T: Table,
        rowNo: int,
        colNo: int,
        cellval: Any,  # noqa: N803
        cellstyle: Any,
        pos: Any,
        size: Any,
    ) -> None:
        if not isinstance(cellval, (Flowable, list, tuple)):
            self.startBG(T)
            cast(Any, T).cdbooklet_text_cell = True

    def endCell(self, T: Table) -> None:
        if getattr(T, "cdbooklet_text_cell", False):
            cast(Any, T).cdbooklet_text_cell = False
            self.endBG(T)


TABLE_ARTIFACTS = _TableArtifacts()
"""The renderCB every layout table gets (see `blocks.grid`)."""
