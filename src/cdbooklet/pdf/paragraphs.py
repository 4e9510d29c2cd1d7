"""Very long paragraphs laid out in pieces of whole lines (`LongParagraph`), so that a megabyte
of text takes time in proportion to its length and still prints exactly as one paragraph.

Making a piece from some of a broken paragraph's lines takes ReportLab's private split helpers
(listed in `registry`).
"""

from __future__ import annotations

from typing import Any, cast

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from cdbooklet.pdf.flowables import TaggedParagraph, line_spaces
from cdbooklet.pdf.structure import Tag

LONG_PARAGRAPH = 2_000
"""Paragraph XML longer than this (characters) is laid out in pieces of about this many
characters of text: see `LongParagraph`."""


class LongParagraph(Flowable):
    """A very long paragraph, laid out as pieces of whole lines, so that laying it out takes
    time in proportion to its length, and it prints exactly as one paragraph would.

    ReportLab's Paragraph.split breaks the whole remaining text into lines again on every page
    (and a table cell's split does the same), so one paragraph costs time by the square of its
    length (a megabyte: over eight minutes and a gigabyte). Here its lines are broken once, for
    the width it is laid out at, and cut into pieces of about LONG_PARAGRAPH characters at line
    ends followed by a space (inside a word only when one word runs on for pieces). Each piece
    is a paragraph made from its lines' own fragments, as Paragraph.split makes its parts:
    bold, italic, links and fallback-font words carry over unchanged (no markup is cut), and
    every line breaks where it did. Only the first piece has the bullet, the first-line indent
    and orphan control, only the last widow control; the pieces have no space between them.
    All pieces are the same Tag (and list label), so a tagged PDF has one element, as for a
    paragraph split over pages.

    It draws its pieces one under another. Split, it makes two such stacks as a paragraph
    makes two parts, cutting the piece at the page end with Paragraph.split: only that piece
    is broken into lines again, and the heights of the others are known, so a frame and a table
    cell (which wants two parts) both use it as they use a paragraph.
    """

    def __init__(
        self,
        xml: str | None,
        style: ParagraphStyle,
        tag: Tag | None = None,
        bullet: str | None = None,
        label_tag: Tag | None = None,
    ) -> None:
        super().__init__()
        self.xml = xml
        """The paragraph's XML; None for a part of a split one, which has only its pieces."""
        self.style = style
        self.tag, self.bullet, self.label_tag = tag, bullet, label_tag
        self._width: float | None = None
        self._pieces: list[_Piece] = []
        self._heights: list[float] = []

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self._lay_out(availWidth)
        self.width, self.height = availWidth, sum(self._heights)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        # As Paragraph.split, keep the lines of the last wrap: a table cell asks for its split
        # at the column's width, padding and all, having wrapped its content without.
        width = availWidth if self._width is None else self._width
        self._lay_out(width)
        used = 0.0
        for k, (piece, height) in enumerate(zip(self._pieces, self._heights, strict=True)):
            if used + height <= availHeight + 1e-8:
                used += height
                continue
            parts = cast(list[_Piece], piece.split(width, availHeight - used))
            if len(parts) == 1:  # it fits after all (rounding)
                used += height
                continue
            head, head_heights = self._pieces[:k], self._heights[:k]
            tail, tail_heights = self._pieces[k:], self._heights[k:]
            if parts:  # the piece's first lines end the page, the rest start the next
                # Heights measured anew: the first part's height is one line too many when
                # widow control moved a line over (ReportLab sets it before that).
                head = [*head, parts[0]]
                head_heights = [*head_heights, parts[0].wrap(width, _ENDLESS)[1]]
                tail = [parts[1], *self._pieces[k + 1 :]]
                tail_heights = [parts[1].wrap(width, _ENDLESS)[1], *self._heights[k + 1 :]]
            if not head:
                return []  # not two lines' room: the paragraph goes on to the next page
            return [self._part(head, head_heights, width), self._part(tail, tail_heights, width)]
        return [self]

    def draw(self) -> None:
        y = self.height
        for piece in self._pieces:
            y -= piece.wrap(self.width, _ENDLESS)[1]  # its lines, to draw
            piece.drawOn(self.canv, 0, y)

    def _part(self, pieces: list[_Piece], heights: list[float], width: float) -> LongParagraph:
        """Some of the pieces, laid out at `width`, as a paragraph of their own."""
        part = LongParagraph(None, self.style, self.tag, label_tag=self.label_tag)
        part._pieces, part._heights, part._width = pieces, heights, width
        part.width, part.height = width, sum(heights)
        return part

    def _lay_out(self, width: float) -> None:
        if width == self._width:
            return
        if self.xml is None:  # a part laid out at another width: each piece anew
            self._heights = [piece.wrap(width, _ENDLESS)[1] for piece in self._pieces]
            self._width = width
            return
        whole = Paragraph(self.xml, self.style, bulletText=self.bullet)
        whole.wrap(width, _ENDLESS)
        broken = cast(Any, whole).blPara  # its lines, which ReportLab's stubs leave out
        lines = broken.lines
        follows_space = line_spaces(whole)
        length = _kind0_length if broken.kind == 0 else _kind1_length
        ranges: list[tuple[int, int]] = []
        start = size = 0
        for i, line in enumerate(lines):
            size += length(line)
            if i == len(lines) - 1 or size >= LONG_PARAGRAPH * (1 if follows_space[i] else 4):
                ranges.append((start, i + 1))
                start, size = i + 1, 0
        if len(ranges) > 1 and ranges[-1][1] - ranges[-1][0] < 2:
            # The paragraph's last line never goes to a page alone (widow control, which only
            # the last piece keeps): it stays with the lines before it.
            ranges[-2:] = [(ranges[-2][0], ranges[-1][1])]
        # Paragraph.split's way to make a part of some lines (see `registry`).
        make = cast(Any, whole)._get_split_blParaFunc()
        style = self.style
        # Each line is one leading high, unless the style sizes lines by their fonts.
        leading = style.leading if getattr(style, "autoLeading", "") in ("", "off") else None
        self._pieces, self._heights = [], []
        for k, (first, stop) in enumerate(ranges):
            is_first, is_last = k == 0, k == len(ranges) - 1
            piece = _Piece(
                cast(Any, None),  # no text, only fragments: as Paragraph.split makes its parts
                self._piece_style(is_first, is_last),
                bulletText=self.bullet if is_first else None,
                frags=make(broken, first, stop),
            )
            if not is_last:  # its last line is not the paragraph's: justified, if the rest are
                cast(Any, piece)._JustifyLast = not getattr(lines[stop - 1], "lineBreak", False)
            piece.ends_in_word = not is_last and not follows_space[stop - 1]
            piece.tag, piece.label_tag = self.tag, self.label_tag
            self._pieces.append(piece)
            self._heights.append(
                (stop - first) * leading if leading is not None else piece.wrap(width, _ENDLESS)[1]
            )
        self._width = width

    def _piece_style(self, is_first: bool, is_last: bool) -> ParagraphStyle:
        """The style of a piece: the paragraph's, without what belongs to its start (space
        before, first-line indent, orphan control) unless it is the first piece, or to its end
        (space after, keep with next, widow control) unless it is the last."""
        if is_first and is_last:
            return self.style
        kw: dict[str, Any] = {}
        if not is_first:
            kw.update(spaceBefore=0, firstLineIndent=0, allowOrphans=1)
        if not is_last:
            kw.update(spaceAfter=0, keepWithNext=0, allowWidows=1)
        return ParagraphStyle(f"{self.style.name}-piece", parent=self.style, **kw)


class _Piece(TaggedParagraph):
    """Some of a LongParagraph's lines: a paragraph, and the same structure element as the
    others. `ends_in_word`: its last line ends inside a word the next piece goes on with, so
    a tagged PDF must not read a space there (laid out anew, the piece no longer knows)."""

    ends_in_word = False

    def beginText(self, x: float, y: float) -> Any:
        text = super().beginText(x, y)
        spaces = getattr(text, "spaces", None)  # what tagging puts after each line
        if self.ends_in_word and spaces:
            spaces[-1] = False
        return text

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        parts: list[Flowable] = super().split(availWidth, availHeight)
        if len(parts) == 2 and isinstance(parts[1], _Piece):  # it ends where the piece does
            parts[1].ends_in_word = self.ends_in_word
        return parts


_ENDLESS = 0x7FFFFFFF
"""An available height no paragraph reaches."""


def _kind0_length(line: Any) -> int:
    """Characters on a line of a paragraph in one style: (free width, words)."""
    return sum(map(len, line[1])) + len(line[1])


def _kind1_length(line: Any) -> int:
    """Characters on a line of a paragraph with inline styles (a FragLine of fragments)."""
    return sum(len(getattr(frag, "text", "")) for frag in line.words)
