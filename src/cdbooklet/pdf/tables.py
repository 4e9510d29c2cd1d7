"""Splitting a box whose first row is its heading, which takes ReportLab's private table-split
helpers (listed in `registry`); `layout.tables.HeadedBox` is the flowable that uses it.

The heading stays with the first point through a NOSPLIT on rows 0 and 1. ReportLab alone cannot
place such a box when its first point is taller than a page: with the split between rows 0 and 1
forbidden, its in-row split (splitInRow) takes row 0, the heading, and cuts it after its text,
leaving an empty row of padding still bound to the point. That row goes on to the next page, and
the next, each time cut again, for ever. Here the box moves on whole while its heading and first
point fit on a page; when they cannot, the NOSPLIT is set aside and the first point is cut in its
row, so the heading goes with the point's first lines (at least two: a paragraph's orphan
control). Whatever is left is an ordinary table, which ReportLab splits between and inside its
points.

A box made with `repeatRows=1` starts every part after the first with its heading row again;
`replace_repeated_row` puts another row there (the heading with "(continued)", an artifact), to
be measured afresh.
"""

from __future__ import annotations

from typing import Any, cast

from reportlab.platypus import Flowable, Table

from cdbooklet.pdf.canvas import TaggingCanvas


def split_keeping_heading(
    table: Table, avail_width: float, avail_height: float
) -> list[Flowable] | None:
    """The parts of a headed box split to `avail_height`: [] when it moves on whole, None when
    it has no heading bound to a first point (then the table's own split applies)."""
    # The table's split internals (see `registry`), which ReportLab's type stubs leave out.
    t = cast(Any, table)
    if not t._nosplitCmds or t._nrows < 2:
        return None
    t._calc(avail_width, avail_height)
    parts: list[Flowable] = t._splitRows(avail_height)  # between points, never after row 0
    if parts:
        return parts
    heights = t._rowHeights
    frame = getattr(t, "_frame", None)  # the frame laying it out, which ReportLab sets
    is_at_top = bool(getattr(frame, "_atTop", False))
    if heights[0] >= avail_height or (
        heights[0] + heights[1] <= t._getPossibleHeight(avail_height) and not is_at_top
    ):
        return []  # the heading and its first point go on to the next page together
    kept = t._nosplitCmds[:]
    t._nosplitCmds.clear()  # in place: the parts the split makes copy the list
    t._calcNoSplitRanges()
    try:
        parts = t._splitRows(avail_height, doInRowSplit=1)
    finally:
        t._nosplitCmds[:] = kept
        t._calcNoSplitRanges()
    return parts


def replace_repeated_row(part: Table, row: list[Flowable]) -> None:
    """Put `row` in place of the first row of `part`, a later part of a table split with
    `repeatRows=1` (ReportLab copies the first row there, with its height): the new row's
    height is measured when the part is laid out. The row's cell styles stay the first row's."""
    # The part's rows and the heights it was given (see `registry`), which the stubs leave out.
    t = cast(Any, part)
    if len(row) != len(t._cellvalues[0]):
        raise ValueError(f"a row of {len(row)} cells for a table of {len(t._cellvalues[0])}")
    # A new list: the part shares its first row's list with the table it was split from.
    t._cellvalues[0] = list(row)
    heights = list(t._argH)
    heights[0] = None  # measured afresh
    t._argH = t._rowHeights = heights


def claim_in_reading_order(canvas: Any, table: Table) -> None:
    """Before a mirrored table (a right-to-left booklet's) is drawn, give the structure its
    cells' elements in reading order, right to left along each row: ReportLab paints cells
    left to right, and a tagged PDF's elements otherwise follow paint order (`canvas`)."""
    if not isinstance(canvas, TaggingCanvas):
        return
    for row in cast(Any, table)._cellvalues:  # the rows as laid out (see `registry`)
        for cell in reversed(row):
            for flowable in cell if isinstance(cell, (list, tuple)) else (cell,):
                for name in ("label_tag", "tag"):
                    tag = getattr(flowable, name, None)
                    if tag is not None:
                        canvas.claim(tag)
