"""The pieces a booklet and a handout share: text as paragraphs (with warnings at the file and
line that typed it), a therapy with its boxes, the disclaimer box and the clinic's contact.

Every piece is tagged as it is made (see `tagging`): paragraphs are P or headings, a box's points
a list (L > LI > Lbl, LBody), the logo and the QR code Figures with a text alternative; rules,
box backgrounds and writing lines are artifacts. Callers pass the parent Tag (a section).

Everything here may be taller than a page and still finish: a very long paragraph is laid out
in pieces (`LongParagraph`), a box whose first point fills a page splits inside it, its heading
on top (`HeadedBox`), and the contact block splits inside its rows.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Table,
    TableStyle,
)

from cdbooklet.content import colour
from cdbooklet.text import markup
from cdbooklet.errors import Report
from cdbooklet.content.images import Logo, pixels_for, read_image
from cdbooklet.text.labels import Labels, labels_for
from cdbooklet.layout.document import Heading
from cdbooklet.layout.qr import QrCode
from cdbooklet.pdf.tagging import (
    LAYOUT,
    TABLE_ARTIFACTS,
    ArtifactRule,
    Tag,
    TaggedImage,
    TaggedParagraph,
    artifact,
    line_spaces,
)
from cdbooklet.content.model import Branding, Source, Therapy
from cdbooklet.layout.theme import Theme


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
            parts = piece.split(width, availHeight - used)
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
            return [self._part(head, head_heights), self._part(tail, tail_heights)]
        return [self]

    def draw(self) -> None:
        y = self.height
        for piece in self._pieces:
            y -= piece.wrap(self.width, _ENDLESS)[1]  # its lines, to draw
            piece.drawOn(self.canv, 0, y)

    def _part(self, pieces: list[_Piece], heights: list[float]) -> LongParagraph:
        part = LongParagraph(None, self.style, self.tag, label_tag=self.label_tag)
        part._pieces, part._heights, part._width = pieces, heights, self._width
        part.width, part.height = self._width, sum(heights)
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
        lines = whole.blPara.lines
        follows_space = line_spaces(whole)
        length = _kind0_length if whole.blPara.kind == 0 else _kind1_length
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
        make = whole._get_split_blParaFunc()  # Paragraph.split's way to make a part of lines
        style = self.style
        # Each line is one leading high, unless the style sizes lines by their fonts.
        leading = style.leading if getattr(style, "autoLeading", "") in ("", "off") else None
        self._pieces, self._heights = [], []
        for k, (first, stop) in enumerate(ranges):
            is_first, is_last = k == 0, k == len(ranges) - 1
            piece = _Piece(
                None,
                self._piece_style(is_first, is_last),
                bulletText=self.bullet if is_first else None,
                frags=make(whole.blPara, first, stop),
            )
            if not is_last:  # its last line is not the paragraph's: justified, if the rest are
                piece._JustifyLast = not getattr(lines[stop - 1], "lineBreak", False)
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
        kw: dict[str, float] = {}
        if not is_first:
            kw.update(spaceBefore=0, firstLineIndent=0, allowOrphans=1)
        if not is_last:
            kw.update(spaceAfter=0, keepWithNext=0, allowWidows=1)
        return ParagraphStyle(f"{self.style.name}-piece", parent=self.style, **kw)


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
        if len(parts) == 2:  # the second part ends where the piece does
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


def heading_tag(level: int, parent: Tag | None) -> Tag:
    """The heading element of a level (H1 to H6; cdbooklet uses H1 to H3)."""
    return Tag(f"H{min(max(level, 1), 6)}", parent)


def accent_rule(theme: Theme, keep_with_next: bool = True) -> Flowable:
    """The short thick rule under a section heading (an artifact)."""
    rule = ArtifactRule(
        width=44,
        thickness=3.5,
        color=HexColor(theme.accent),
        hAlign="LEFT",
        spaceBefore=1,
        spaceAfter=theme.scale.gap * 0.9,
    )
    rule.keepWithNext = int(keep_with_next)  # type: ignore[attr-defined]
    return rule


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
        return super().split(availWidth, availHeight)  # type: ignore[no-any-return]


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
    whose heading and first point are taller than a whole page still splits, inside that point.

    The heading stays with the first point through a NOSPLIT on rows 0 and 1 (see `_box`).
    ReportLab alone cannot place such a box when its first point is taller than a page: with
    the split between rows 0 and 1 forbidden, its in-row split (splitInRow) takes row 0, the
    heading, and cuts it after its text, leaving an empty row of padding still bound to the
    point. That row goes on to the next page, and the next, each time cut again, for ever.
    Here the box moves on whole while its heading and first point fit on a page; when they
    cannot, the NOSPLIT is set aside and the first point is cut in its row, so the heading goes
    with the point's first lines (at least two: a paragraph's orphan control). Whatever is left
    is an ordinary table, which ReportLab splits between and inside its points.
    """

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        if availHeight < self.SMALLEST or not self._nosplitCmds or self._nrows < 2:
            return super().split(availWidth, availHeight)  # type: ignore[no-any-return]
        self._calc(availWidth, availHeight)
        parts: list[Flowable] = self._splitRows(availHeight)  # between points, never after row 0
        if parts:
            return parts
        heights = self._rowHeights
        frame = getattr(self, "_frame", None)
        is_at_top = bool(getattr(frame, "_atTop", False))
        if heights[0] >= availHeight or (
            heights[0] + heights[1] <= self._getPossibleHeight(availHeight) and not is_at_top
        ):
            return []  # the heading and its first point go on to the next page together
        kept = self._nosplitCmds[:]
        self._nosplitCmds.clear()  # in place: the parts the split makes copy the list
        self._calcNoSplitRanges()
        try:
            parts = self._splitRows(availHeight, doInRowSplit=1)
        finally:
            self._nosplitCmds[:] = kept
            self._calcNoSplitRanges()
        return parts


def therapy_flowables(
    ink: Ink,
    therapy: Therapy,
    role: str,
    key: str,
    is_boxes_whole: bool = True,
    level: int = 2,
    parent: Tag | None = None,
) -> list[Flowable]:
    """A therapy: heading, summary, body, its boxes and references, in reading order.

    The heading is tagged H`level` and the boxes' headings one level below; everything sits in
    a section (Sect) under `parent`. With `is_boxes_whole` a box that does not fit moves to the
    next page whole; without it (a handout, kept to two pages) it may break between its points,
    its heading never alone.
    """
    theme = ink.theme
    section = Tag("Sect", parent)
    title = markup.plain_text(therapy.title)
    heading = Heading(
        paragraph(
            ink.plain(therapy.title, therapy.where("title")),
            theme.style(role),
            heading_tag(level, section),
        ),
        key=key,
        title=title,
    )
    out: list[Flowable] = [heading, accent_rule(theme)]
    summary = ink.para(therapy.summary, "lead", therapy.where("summary"), Tag("P", section))
    summary.keepWithNext = 1  # type: ignore[attr-defined]
    out.append(summary)
    for para in therapy.body:
        out.append(ink.para(para, "body", therapy.where("body"), Tag("P", section)))
    boxes = (
        ("tips", ink.labels.tips, therapy.tips, "•"),
        ("cautions", ink.labels.cautions, therapy.cautions, "•"),
        ("questions", ink.labels.questions, therapy.questions, "☐"),
    )
    for kind, label, items, bullet in boxes:
        if items:
            box = _box(ink, kind, label, items, bullet, therapy, level + 1, section)
            out.append(_whole(box) if is_boxes_whole else box)
    if therapy.references:
        out.append(_references(ink, therapy, level + 1, section))
    return out


def list_item(xml: str, style: Any, bullet: str, items: Tag) -> Flowable:
    """One point of a list: its bullet is the label (Lbl), its text the body (LBody)."""
    item = Tag("LI", items)
    return content_paragraph(xml, style, Tag("LBody", item), bullet, Tag("Lbl", item))


def _box(
    ink: Ink,
    kind: str,
    label: str,
    items: Sequence[str],
    bullet: str,
    therapy: Therapy,
    level: int,
    section: Tag,
) -> Table:
    theme = ink.theme
    # The tick box for questions comes from the fallback font when the text font lacks it.
    style = theme.style("check_item" if kind == "questions" else "item")
    rows: list[list[Flowable]] = [[ink.label(label, "h3", heading_tag(level, section))]]
    points = Tag("L", section)
    for i, item in enumerate(items, start=1):
        where = therapy.where(f"{kind}.{i}")
        rows.append([list_item(ink.xml(item, where), style, bullet, points)])
    fill = {"tips": theme.tint_accent, "questions": theme.tint_primary}.get(kind, "#FFFFFF")
    edge = colour.darken_to_contrast(theme.accent, "#FFFFFF", 3.0)
    # Keep a box's heading with its first point (HeadedBox still splits a page-tall point).
    commands = [*_box_commands(theme, fill), ("NOSPLIT", (0, 0), (0, 1))]
    if kind == "cautions":
        commands.append(("BOX", (0, 0), (-1, -1), 1.6, HexColor(edge)))
    else:
        bar = edge if kind == "tips" else theme.primary
        commands.append(("LINEBEFORE", (0, 0), (0, -1), 4, HexColor(bar)))
    return _boxed(theme, rows, commands, HeadedBox)


def _boxed(
    theme: Theme,
    rows: list[list[Any]],
    commands: list[tuple[Any, ...]],
    table: type[Table] | None = None,
) -> Table:
    # Space around a box is the table's own space before and after, which a frame drops at the
    # top of a page; a Spacer there would push the next section off a page of its own.
    gap = theme.scale.gap
    return grid(
        theme,
        rows,
        [theme.frame_width],
        commands,
        table,
        splitInRow=1,
        spaceBefore=gap * 0.5,
        spaceAfter=gap * 1.2,
    )


def _whole(box: Table) -> Flowable:
    """A box moves to the next page whole when it fits there; only a box taller than a page
    is split (inside its rows too, so no text is ever too large to place)."""
    return KeepTogether([box])


def _box_commands(theme: Theme, fill: str) -> list[tuple[object, ...]]:
    pad = theme.scale.gap * 1.2
    return [
        ("BACKGROUND", (0, 0), (-1, -1), HexColor(fill)),
        ("LEFTPADDING", (0, 0), (-1, -1), pad * 1.1),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, 0), pad * 0.9),
        ("BOTTOMPADDING", (0, -1), (-1, -1), pad * 0.7),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]


def _references(ink: Ink, therapy: Therapy, level: int, section: Tag) -> Flowable:
    theme = ink.theme
    parts: list[Flowable] = [ink.label(ink.labels.references, "h3", heading_tag(level, section))]
    sources = Tag("L", section)
    for i, ref in enumerate(therapy.references, start=1):
        where = therapy.where(f"references.{i}")
        xml = ink.xml(ref.text, where)
        if ref.url:
            shown = ink.plain(markup.display_url(ref.url), where)
            xml += " " + markup.link(ref.url, shown, theme.heading)
        parts.append(list_item(xml, theme.style("small_item"), f"{i}.", sources))
    return KeepTogether(parts)


def disclaimer_box(ink: Ink, text: str, where: Source, parent: Tag | None = None) -> Flowable:
    """The integrative-care disclaimer in full, in a visible box: real content (a P), while
    the box around it is an artifact."""
    theme = ink.theme
    # The label leads the text in bold rather than heading a row of its own: it reads the same
    # and keeps a handout on two pages even on A5.
    lead = markup.colored(markup.bold(ink.plain(ink.labels.disclaimer + ":")), theme.heading)
    xml = lead + " " + ink.xml(text, where)
    rows = [[content_paragraph(xml, theme.style("box"), Tag("P", parent))]]
    commands = _box_commands(theme, theme.tint_primary)
    commands.append(("BOX", (0, 0), (-1, -1), 1.6, HexColor(theme.primary)))
    return _whole(_boxed(theme, rows, commands))


def contact_flowables(ink: Ink, branding: Branding, parent: Tag | None = None) -> list[Flowable]:
    """The clinic's name, address, phone, email and website (a P each)."""
    theme, labels = ink.theme, ink.labels
    c = branding.contact
    out: list[Flowable] = [
        paragraph(
            ink.plain(c.name, branding.where("clinic.name")),
            theme.style("contact_name"),
            Tag("P", parent),
        )
    ]
    if c.address:
        out.append(
            paragraph(
                ink.plain(c.address, branding.where("clinic.address")),
                theme.style("contact"),
                Tag("P", parent),
            )
        )
    lines = (
        (
            "phone",
            labels.phone,
            c.phone,
            "tel:" + "".join(ch for ch in (c.phone or "") if ch.isdigit() or ch == "+"),
        ),
        ("email", labels.email, c.email, f"mailto:{c.email}"),
        (
            "website",
            labels.website,
            markup.display_url(c.website) if c.website else None,
            c.website or "",
        ),
    )
    for key, label, value, href in lines:
        if not value:
            continue
        shown = ink.plain(value, branding.where(f"clinic.{key}"))
        if markup.is_allowed_url(href):
            shown = markup.link(href, shown, theme.heading)
        out.append(
            paragraph(
                markup.bold(ink.plain(label + ":")) + " " + shown,
                theme.style("contact"),
                Tag("P", parent),
            )
        )
    return out


def dates_line(
    ink: Ink, dates: Sequence[tuple[str, str]], parent: Tag | None = None
) -> Flowable | None:
    """ "Published: … · Review by: …" on one line (two on a narrow page), or None."""
    if not dates:
        return None
    text = " · ".join(f"{markup.bold(ink.plain(k + ':'))} {ink.plain(v)}" for k, v in dates)
    para = paragraph(text, ink.theme.style("contact"), Tag("P", parent))
    para.spaceBefore = ink.theme.scale.gap * 0.6  # type: ignore[attr-defined]
    return para


def contact_block(
    ink: Ink,
    branding: Branding,
    dates: Sequence[tuple[str, str]],
    width: float,
    parent: Tag | None = None,
) -> Flowable:
    """The clinic's contact beside a QR code of its site (its HTML edition when it publishes
    one), then the dates across the whole width."""
    theme = ink.theme
    parts = contact_flowables(ink, branding, parent)
    url = branding.contact.site_url or branding.contact.website
    after = [f for f in (dates_line(ink, dates, parent),) if f is not None]
    # Both tables split inside their rows: with the longest contact load allows (a long name,
    # address, email and website), the block is taller than an A5 page in large print. Their
    # cells are top-aligned: when a bottom-aligned cell's first line does not fit, ReportLab
    # cuts off an empty part and goes on with the whole block, again and again, for ever.
    if not url:
        return grid(
            theme,
            [[parts + after]],
            [width],
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ],
            splitInRow=1,
        )
    # About an inch: a phone reads it at arm's length.
    size = max(theme.scale.body * 5.6, 66.0)
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("LEFTPADDING", (1, 0), (1, 0), theme.scale.gap),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]
    alt = ink.labels.qr_alt.format(url=url)
    # Marked as English when the content's language has no labels and they fell back.
    lang = "en" if labels_for(ink.language)[1] else None
    code = QrCode(url, size, Tag("Figure", parent, alt=alt, lang=lang))
    rows: list[list[Any]] = [[parts, code]]
    if url != branding.contact.website:
        # The website line beside the code already says where it leads; the HTML edition's
        # address gets a line of its own under both.
        after.insert(
            0,
            paragraph(
                ink.plain(markup.display_url(url)), theme.style("qr_caption"), Tag("P", parent)
            ),
        )
    for flowable in after:
        rows.append([flowable, ""])
        commands.append(("SPAN", (0, len(rows) - 1), (1, len(rows) - 1)))
    return grid(
        theme,
        rows,
        [width - size - theme.scale.gap, size + theme.scale.gap],
        commands,
        splitInRow=1,
    )


class RuledLines(Flowable):
    """Lines to write on by hand, filling what is left of the page: at least `least` lines,
    at most `most`, spaced for a pen (wider in large print)."""

    def __init__(self, least: int, most: int, spacing: float, color: str) -> None:
        super().__init__()
        self.least, self.most = least, most
        self.spacing = spacing
        self.color = color
        self.count = least

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        self.width = aW
        self.count = max(self.least, min(self.most, int(aH // self.spacing)))
        self.height = self.count * self.spacing
        return self.width, self.height

    def split(self, aW: float, aH: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        canv = self.canv
        with artifact(canv, LAYOUT):
            canv.saveState()
            canv.setStrokeColor(HexColor(self.color))
            canv.setLineWidth(0.7)
            for i in range(self.count):
                y = self.height - (i + 1) * self.spacing
                canv.line(0, y, self.width, y)
            canv.restoreState()


def notes_area(
    ink: Ink, note: str | None, level: int = 3, parent: Tag | None = None
) -> list[Flowable]:
    """ "Notes from your care team": a clinician's typed note, if any, then lines to write on
    filling the rest of the page. Placed last, so the lines take whatever room is left.
    Its heading is tagged H`level`; the lines are an artifact."""
    theme = ink.theme
    spacing = theme.scale.leading * 1.5
    heading = ink.label(ink.labels.notes, "h3", heading_tag(level, parent))
    heading.keepWithNext = 0  # type: ignore[attr-defined]
    # Not KeepTogether: that would measure the lines against an endless page. Instead, start
    # the area on a new page only when its heading and two lines no longer fit.
    parts: list[Flowable] = [CondPageBreak(theme.scale.h3 * 2 + spacing * 2), heading]
    if note:
        parts.append(
            paragraph(
                ink.plain(note, Source(Path("--note"))), theme.style("body"), Tag("P", parent)
            )
        )
    parts.append(RuledLines(2, 10, spacing, colour.gray(theme.primary)))
    return parts


def dates_of(labels: Labels, published: object, review_by: object) -> list[tuple[str, str]]:
    """The published / review-by pairs that are set, as printed labels."""
    from datetime import date

    out: list[tuple[str, str]] = []
    if isinstance(published, date):
        out.append((labels.published, labels.date(published)))
    if isinstance(review_by, date):
        out.append((labels.review_by, labels.date(review_by)))
    return out


def logo_alt(branding: Branding, labels: Labels) -> str:
    """The logo's text alternative: branding.yaml's logo_alt, or "Logo of <clinic>"."""
    return branding.logo_alt or labels.logo_alt.format(clinic=branding.contact.name)


@lru_cache(maxsize=8)
def _reader(logo: Logo) -> ImageReader:
    """One ImageReader per logo in a process: it keeps the pixels ReportLab asks it for."""
    return ImageReader(io.BytesIO(logo.data) if logo.data is not None else logo.image)


def logo_image(
    theme: Theme, branding: Branding, height: float, max_width: float, tag: Tag | None = None
) -> Flowable | None:
    """The clinic's logo scaled to a height, or None; a broken image is a BookletError. `tag`
    is its Figure (with the logo's text alternative)."""
    if branding.logo is None:
        return None
    where = branding.where("logo")
    px_w, px_h = read_image(branding.logo, where, theme.image_mode).size
    width = height * px_w / px_h
    if width > max_width:
        width, height = max_width, max_width * px_h / px_w
    # Only the pixels this size prints: a smaller file, and much less to compress.
    logo = read_image(branding.logo, where, theme.image_mode, pixels_for(max(width, height)))
    return TaggedImage(_reader(logo), width, height, tag)
