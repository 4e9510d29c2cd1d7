"""ReportLab Platypus layout: model + theme -> PDF bytes, for the booklet and the handouts.

`pages` owns the page templates (running header, footer, "Page X of Y"); `blocks` the pieces a
booklet and a handout share (a therapy, boxes, the disclaimer, the contact); `booklet` and
`handout` assemble the stories. Layout reads no files except the images the model points to.
"""

from cdbooklet.layout.booklet import render_booklet
from cdbooklet.layout.handout import render_handout

__all__ = ["render_booklet", "render_handout"]
