"""Every table layout makes: `grid` in the theme's font, `Grid` that never splits into a sliver,
and `HeadedBox`, a box whose heading never ends a page alone.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, Table, TableStyle

from cdbooklet.layout.theme import Theme
from cdbooklet.pdf.flowables import TABLE_ARTIFACTS
from cdbooklet.pdf.tables import split_keeping_heading


class Grid(Table):
    """A table that never splits into a sliver: with less room than a line of text it moves
    on whole. ReportLab's in-row split (splitInRow) would cut a row at any height, and with a
    few points left at a page foot it cuts off an empty piece of padding that takes no room,
    again and again on the same page, for ever (a long clinic name and footer on A5 large
    print did it)."""

    SMALLEST = 12.0
    """Points: less room than one line of our smallest type."""

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        if availHeight < self.SMALLEST:
            return []
        return super().split(availWidth, availHeight)


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
    style = TableStyle([("FONTNAME", (0, 0), (-1, -1), theme.font), *commands])
    # Tables only lay out: their backgrounds and rules are artifacts, their cells tag themselves.
    return (table or Grid)(
        rows,
        colWidths=widths,
        style=style,
        hAlign=kw.pop("hAlign", "LEFT"),
        renderCB=TABLE_ARTIFACTS,
        **kw,
    )


class HeadedBox(Grid):
    """A box whose first row is its heading: the heading never ends a page alone, and a box
    whose heading and first point are taller than a whole page still splits, inside that point
    (see `cdbooklet.pdf.tables`). The heading is bound to the first point by a NOSPLIT on rows
    0 and 1 (see `blocks._box`)."""

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        if availHeight >= self.SMALLEST:
            parts = split_keeping_heading(self, availWidth, availHeight)
            if parts is not None:
                return parts
        return super().split(availWidth, availHeight)
