"""Every table layout makes: `grid` in the theme's font, `Grid` that never splits into a sliver,
`HeadedBox`, a box whose heading never ends a page alone, and `RunOnBox`, a headed box that runs
on to the next page under its heading again, "(continued)". In a right-to-left booklet every
table is mirrored (`mirrored`): its columns, paddings and side rules change sides, and screen
readers still meet its cells in reading order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.platypus import Flowable, Table, TableStyle

from cdbooklet.layout.theme import Theme
from cdbooklet.pdf.flowables import TABLE_ARTIFACTS
from cdbooklet.pdf.tables import claim_in_reading_order, replace_repeated_row, split_keeping_heading


class Grid(Table):
    """A table that never splits into a sliver: with less room than a line of text it moves
    on whole. ReportLab's in-row split (splitInRow) would cut a row at any height, and with a
    few points left at a page foot it cuts off an empty piece of padding that takes no room,
    again and again on the same page, for ever (a long clinic name and footer on A5 large
    print did it)."""

    SMALLEST = 12.0
    """Points: less room than one line of our smallest type."""

    is_rtl = False
    """Its columns are mirrored (a right-to-left booklet): its cells are read right to left."""

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802
        if self.is_rtl:
            claim_in_reading_order(canvas, self)
        super().drawOn(canvas, x, y, _sW)  # type: ignore[call-arg]  # the frame's spare width

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        if availHeight < self.SMALLEST:
            return []
        return self.same_side(super().split(availWidth, availHeight))

    def same_side(self, parts: list[Flowable]) -> list[Flowable]:
        """A split table's parts, mirrored as it is (ReportLab makes them anew)."""
        for part in parts:
            if isinstance(part, Grid):
                part.is_rtl = self.is_rtl
        return parts


def grid(
    theme: Theme,
    rows: list[list[Any]],
    widths: list[float],
    commands: list[tuple[Any, ...]],
    table: type[Table] | None = None,
    **kw: Any,
) -> Table:
    """A table in the theme's font. Every table goes through here: ReportLab sets each cell's
    font even for paragraph cells, and its default would put an unembedded Helvetica in the PDF.
    `table` is the class (`Grid` unless a subclass such as `HeadedBox`)."""
    align = kw.pop("hAlign", "LEFT")
    if theme.is_rtl:
        rows, widths, commands = mirrored(rows, widths, commands)
        align = {"LEFT": "RIGHT", "RIGHT": "LEFT"}.get(align, align)
    style = TableStyle([("FONTNAME", (0, 0), (-1, -1), theme.font), *commands])
    # Tables only lay out: their backgrounds and rules are artifacts, their cells tag themselves.
    made = (table or Grid)(
        rows,
        colWidths=widths,
        style=style,
        hAlign=align,
        renderCB=TABLE_ARTIFACTS,
        **kw,
    )
    if isinstance(made, Grid):
        made.is_rtl = theme.is_rtl
    return made


_MIRROR_OPS = {
    "LEFTPADDING": "RIGHTPADDING",
    "RIGHTPADDING": "LEFTPADDING",
    "LINEBEFORE": "LINEAFTER",
    "LINEAFTER": "LINEBEFORE",
}


def mirrored(
    rows: list[list[Any]], widths: list[float], commands: list[tuple[Any, ...]]
) -> tuple[list[list[Any]], list[float], list[tuple[Any, ...]]]:
    """A table's rows, column widths and style commands for a right-to-left booklet: the
    columns in the other order, each command on the mirrored cells, left and right paddings,
    rules and alignments exchanged, cells aligned right, and a spanned cell's content in its
    new first cell."""
    count = len(widths)

    def column(c: int) -> int:
        return count - 1 - (c if c >= 0 else c + count)

    # Whatever does not fill its cell (a rule, the logo, the QR code) sits at the cell's right.
    out: list[tuple[Any, ...]] = [("ALIGN", (0, 0), (-1, -1), "RIGHT")]
    for op, (c0, r0), (c1, r1), *rest in commands:
        a, b = sorted((column(c0), column(c1)))
        if op == "ALIGN" and rest and rest[0] in ("LEFT", "RIGHT"):
            rest = ["RIGHT" if rest[0] == "LEFT" else "LEFT", *rest[1:]]
        out.append((_MIRROR_OPS.get(op, op), (a, r0), (b, r1), *rest))
    flipped = [row[::-1] for row in rows]
    for op, (a, r0), (b, r1), *_rest in out:
        if op == "SPAN" and a != b:
            # A spanned cell shows what is in its first (left) cell: after the mirror that is
            # the one that was last, so the content moves there.
            for row in flipped[r0 : (r1 + 1) or None]:
                row[a], row[b] = row[b], row[a]
    return flipped, widths[::-1], out


class HeadedBox(Grid):
    """A box whose first row is its heading: the heading never ends a page alone, and a box
    whose heading and first point are taller than a whole page still splits, inside that point
    (see `cdbooklet.pdf.tables`). The heading is bound to the first point by a NOSPLIT on rows
    0 and 1 (see `blocks._box`)."""

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        if availHeight >= self.SMALLEST:
            parts = split_keeping_heading(self, availWidth, availHeight)
            if parts is not None:
                return self.same_side(parts)
        return super().split(availWidth, availHeight)


class RunOnBox(HeadedBox):
    """A headed box (made with `repeatRows=1`) that may run on to the next page, between its
    points or inside a long one: each part after the first starts with `continued()`, the
    heading again with "(continued)", which draws as an artifact (a screen reader has read the
    heading once). The heading never ends a page alone (see `HeadedBox`).

    A box that does not fit where it is moves to the next page whole when it fits on a page and
    no more than `moves_whole_within` points are left here (the page is full enough); with more
    room than that, it splits there rather than leave the page emptier. 0: it always splits
    (the compact flow). `room` is the height of a page's frame.

    The settings are class attributes set on each box after it is made (ReportLab makes the
    parts of a split table with the table's own constructor)."""

    continued: Callable[[], Flowable] | None = None
    room: float = 0.0
    moves_whole_within: float = 0.0

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        if (
            availHeight <= self.moves_whole_within
            and self.wrap(availWidth, self.room)[1] <= self.room
        ):
            return []  # on to the next page whole
        parts = super().split(availWidth, availHeight)
        for i, part in enumerate(parts):
            if not isinstance(part, RunOnBox):
                continue
            part.continued, part.room = self.continued, self.room
            part.moves_whole_within = self.moves_whole_within
            if i and self.continued is not None:
                replace_repeated_row(part, [self.continued()])
        return parts
