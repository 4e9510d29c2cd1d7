"""How to print: the options a booklet or a handout is built with, and what a build wrote.

Plain data, shared by the command line, the front desk and the pipeline. Importing it loads
neither ReportLab nor pypdf.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cdbooklet.content.model import Flow, PageSize

if TYPE_CHECKING:
    from cdbooklet.press.impose import Imposed, ImposeOptions


@dataclass(frozen=True, slots=True)
class Options:
    """How to print a booklet or handouts."""

    page_size: PageSize | None = None
    """None: the clinic's paper."""
    is_large_print: bool = False
    """18 pt text everywhere, no italics, reflowed onto more pages."""
    is_grayscale: bool = False
    """Every colour, the logo's included, as the gray of the same lightness."""
    bleed_mm: float = 0.0
    """For a print shop: how far colour runs past the trimmed edge."""
    has_crop_marks: bool = False
    """For a print shop: marks outside the bleed where the pages are cut."""
    note: str | None = None
    """A clinician's note printed in a handout's notes area."""
    is_tagged: bool = True
    """A tagged PDF (structure tree in reading order) for screen readers."""
    imposition: ImposeOptions | None = None
    """Saddle-stitch the booklet for printing (None: plain pages, one per PDF page)."""
    flow: Flow | None = None
    """How a booklet's therapies follow each other (None: the booklet's own `flow:`)."""

    @property
    def is_for_print_shop(self) -> bool:
        return self.bleed_mm > 0 or self.has_crop_marks


@dataclass(frozen=True, slots=True)
class Written:
    """One PDF written: where, and how many pages."""

    path: Path
    pages: int
    imposed: Imposed | None = None
    """How the booklet was imposed, when it was (then `path` names the imposed PDF)."""
    is_unchanged: bool = False
    """Its inputs had not changed since it was last made, so it was left as it was."""
