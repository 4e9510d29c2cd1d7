"""How a booklet's sections follow each other (booklet.yaml's `flow:`, or `--flow`).

- page-per-therapy: each therapy is kept together, so it starts on a new page unless it fits
  whole under the one before; a box that does not fit where it is moves to the next page whole,
  unless that would leave the page less than half full: then it runs on to the next page
  between its points, under its heading again, "(continued)".
- compact: a therapy starts under the one before when its heading, summary and first lines fit
  there (`SectionStart`), otherwise at the top of the next page; its boxes run on to the next
  page wherever they reach the page foot. The first therapy may start under the contents, the
  closing under the last therapy when it fits there whole, and the contact panel under the
  closing when it fits there (`FirstThatFits`, with or without the logo).

Either way, no heading or summary is left alone at a page foot, and a box's heading never ends
a page alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.platypus import CondPageBreak, Flowable, Paragraph

from cdbooklet.content import colour
from cdbooklet.content.model import Flow
from cdbooklet.layout.blocks import RunOn
from cdbooklet.layout.theme import Theme
from cdbooklet.pdf.canvas import artifact
from cdbooklet.pdf.paragraphs import LongParagraph

FULL_ENOUGH = 0.5
"""The share of a page's frame a page must already fill before a box that does not fit moves
to the next page whole (page-per-therapy); with less, the box runs on from this page."""


def runs_on(flow: Flow, theme: Theme, room: float) -> RunOn:
    """How boxes run on in a flow; `room` is the height of a page's frame. Moving a box leaves
    the page's last line a little above where its space ends: a line's leading of margin."""
    if flow == "compact":
        return RunOn(room, 0.0)
    return RunOn(room, room * (1 - FULL_ENOUGH) - theme.scale.leading)


def start_anywhere(
    parts: list[Flowable], lead_in: int, theme: Theme, room: float
) -> list[Flowable]:
    """A section that starts under the one before when its first `lead_in` parts and the first
    lines of the paragraph after them fit there (see `SectionStart`). The lead-in stays
    together; the paragraph may split after its first lines (the start made room for them), so
    it is not bound to the lead-in. Anything else after the lead-in stays bound to it (a
    heading's keep-with-next), and moves with it."""
    after = parts[lead_in] if len(parts) > lead_in else None
    first = after if isinstance(after, (Paragraph, LongParagraph)) else None
    if first is not None:
        parts[lead_in - 1].keepWithNext = 0
    return [SectionStart(parts[:lead_in], first, theme, room), *parts]


class SectionStart(CondPageBreak):
    """Where a section starts in the compact flow: here, under the section before, when its
    `lead_in` (heading, rule, summary) and the first lines of what follows fit; otherwise at
    the top of the next page, as a CondPageBreak would.

    Under a section before, it draws a thin rule across the page (an artifact) in the space
    above the section's heading, so the new section reads as new; it takes no room of its own.
    At the top of a page it is nothing. `room` is the height of a page's frame."""

    def __init__(
        self,
        lead_in: Sequence[Flowable],
        first: Paragraph | LongParagraph | None,
        theme: Theme,
        room: float,
    ) -> None:
        super().__init__(0)
        self.lead_in = list(lead_in)
        self.first = first
        self.theme = theme
        self.room = room
        self.is_under = False
        """Whether it was placed under a section before (and draws its rule)."""

    def needed(self, width: float) -> float:
        """The height the section's start takes: the lead-in, then the first lines of what
        follows (a paragraph of three lines or fewer whole: a paragraph leaves no line alone
        at a page foot or top), then a point of margin."""
        need = 1.0
        for f in self.lead_in:
            need += f.getSpaceBefore() + f.wrap(width, self.room)[1] + f.getSpaceAfter()
        if self.first is not None:
            height = self.first.wrap(width, self.room)[1]
            leading = float(self.first.style.leading)
            if height > 3 * leading + 0.5:
                height = 2 * leading
            need += self.first.getSpaceBefore() + height
        return need

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        self.height = self.needed(availWidth)
        super().wrap(availWidth, availHeight)  # on to the next page when there is not room
        at_top = availHeight >= self.room - 0.5
        self.is_under = availHeight >= self.height and not at_top
        return 0, 0

    def draw(self) -> None:
        if not self.is_under:
            return
        # In the space before the heading, which the frame keeps under a section before: a
        # little nearer the heading than the text above (whose own space after adds to it).
        y = -0.4 * (self.lead_in[0].getSpaceBefore() if self.lead_in else 0.0)
        canv = self.canv
        with artifact(canv):
            canv.saveState()
            canv.setStrokeColor(HexColor(colour.gray(self.theme.primary)))
            canv.setLineWidth(0.6)
            canv.line(0, y, self.width, y)
            canv.restoreState()


class MovesWholeWhenFull(Flowable):
    """A block that moves to the next page whole when it does not fit and the page is already
    full enough (as `runs_on` says: little room left where it would start); with more room
    left, it splits there rather than leave the page emptier. The disclaimer's box at the end
    of a booklet whose closing is taller than a page."""

    def __init__(self, block: Flowable, runs_on: RunOn) -> None:
        super().__init__()
        self.block = block
        self.runs_on = runs_on

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width, self.height = self.block.wrap(availWidth, availHeight)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        fits_a_page = self.block.wrap(availWidth, self.runs_on.room)[1] <= self.runs_on.room
        if availHeight <= self.runs_on.moves_whole_within and fits_a_page:
            return []  # on to the next page whole
        return list(self.block.split(availWidth, availHeight))

    def getSpaceBefore(self) -> float:  # noqa: N802
        return float(self.block.getSpaceBefore())

    def getSpaceAfter(self) -> float:  # noqa: N802
        return float(self.block.getSpaceAfter())

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N803
        self.block.drawOn(canvas, x, y)


class FirstThatFits(Flowable):
    """The first of `choices` that fits the room left where it is placed, or else the last:
    the back cover's contact panel, with its logo or without, under the closing."""

    def __init__(self, choices: Sequence[Flowable]) -> None:
        super().__init__()
        self.choices = list(choices)
        self.chosen = self.choices[-1]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        for choice in self.choices:
            width, height = choice.wrap(availWidth, availHeight)
            if height <= availHeight:
                self.chosen = choice
                return width, height
        self.chosen = self.choices[-1]
        return self.chosen.wrap(availWidth, availHeight)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        self.wrap(availWidth, availHeight)
        return self.chosen.split(availWidth, availHeight)

    def getSpaceBefore(self) -> float:  # noqa: N802
        return float(self.chosen.getSpaceBefore())

    def getSpaceAfter(self) -> float:  # noqa: N802
        return float(self.chosen.getSpaceAfter())

    def draw(self) -> None:
        self.chosen.drawOn(self.canv, 0, 0)
