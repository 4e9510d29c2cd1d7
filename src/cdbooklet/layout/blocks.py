"""The pieces a booklet and a handout share: text as paragraphs (with warnings at the file and
line that typed it), a therapy with its boxes, the disclaimer box and the clinic's contact.

Every piece is tagged as it is made (see `tagging`): paragraphs are P or headings, a box's points
a list (L > LI > Lbl, LBody), the logo and the QR code Figures with a text alternative; rules,
box backgrounds and writing lines are artifacts. Callers pass the parent Tag (a section).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Table,
    TableStyle,
)

from cdbooklet import colour, markup
from cdbooklet.errors import BookletError, Report
from cdbooklet.labels import Labels, labels_for
from cdbooklet.layout.pages import Heading
from cdbooklet.layout.tagging import (
    LAYOUT,
    TABLE_ARTIFACTS,
    ArtifactRule,
    Tag,
    TaggedDrawing,
    TaggedImage,
    TaggedParagraph,
    artifact,
)
from cdbooklet.model import Branding, Source, Therapy
from cdbooklet.theme import Theme

MAX_LOGO_PIXELS = 40_000_000
"""A logo larger than this is refused before it is decoded (a decompression bomb)."""


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

    def para(self, text: str, role: str, where: Source, tag: Tag | None = None) -> Paragraph:
        """A paragraph of content in a style; `tag` is its structure element."""
        return paragraph(self.xml(text, where), self.theme.style(role), tag)

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


def heading_tag(level: int, parent: Tag | None) -> Tag:
    """The heading element of a level (H1 to H6; cdbooklet uses H1 to H3)."""
    return Tag(f"H{min(max(level, 1), 6)}", parent)


def accent_rule(theme: Theme, keep_with_next: bool = True) -> Flowable:
    """The short thick rule under a section heading (an artifact)."""
    rule = ArtifactRule(width=44, thickness=3.5, color=HexColor(theme.accent), hAlign="LEFT",
                      spaceBefore=1, spaceAfter=theme.scale.gap * 0.9)
    rule.keepWithNext = int(keep_with_next)  # type: ignore[attr-defined]
    return rule


def grid(
    theme: Theme, rows: list[list[Any]], widths: list[float], commands: list[tuple[Any, ...]],
    **kw: Any,
) -> Table:
    """A table in the theme's font. Every table goes through here: ReportLab sets each cell's
    font even for paragraph cells, and its default would put an unembedded Helvetica in the PDF."""
    style = TableStyle([("FONTNAME", (0, 0), (-1, -1), theme.font), *commands])
    # Tables only lay out: their backgrounds and rules are artifacts, their cells tag themselves.
    return Table(rows, colWidths=widths, style=style, hAlign=kw.pop("hAlign", "LEFT"),
                 renderCB=TABLE_ARTIFACTS, **kw)


def therapy_flowables(
    ink: Ink, therapy: Therapy, role: str, key: str, is_boxes_whole: bool = True,
    level: int = 2, parent: Tag | None = None,
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
        paragraph(ink.plain(therapy.title, therapy.where("title")), theme.style(role),
                  heading_tag(level, section)),
        key=key, title=title, in_contents=True,
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


def list_item(xml: str, style: Any, bullet: str, items: Tag) -> TaggedParagraph:
    """One point of a list: its bullet is the label (Lbl), its text the body (LBody)."""
    item = Tag("LI", items)
    para = paragraph(xml, style, Tag("LBody", item), bulletText=bullet)
    para.label_tag = Tag("Lbl", item)
    return para


def _box(
    ink: Ink, kind: str, label: str, items: Sequence[str], bullet: str, therapy: Therapy,
    level: int, section: Tag,
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
    commands = _box_commands(theme, fill)
    if kind == "cautions":
        commands.append(("BOX", (0, 0), (-1, -1), 1.6, HexColor(edge)))
    else:
        bar = edge if kind == "tips" else theme.primary
        commands.append(("LINEBEFORE", (0, 0), (0, -1), 4, HexColor(bar)))
    return _boxed(theme, rows, commands)


def _boxed(theme: Theme, rows: list[list[Any]], commands: list[tuple[Any, ...]]) -> Table:
    # Space around a box is the table's own space before and after, which a frame drops at the
    # top of a page; a Spacer there would push the next section off a page of its own.
    gap = theme.scale.gap
    return grid(theme, rows, [theme.frame_width], commands, splitInRow=1,
                spaceBefore=gap * 0.5, spaceAfter=gap * 1.2)


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
        # Keep a box's heading with its first point.
        ("NOSPLIT", (0, 0), (0, 1)),
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
    rows = [[paragraph(lead + " " + ink.xml(text, where), theme.style("box"), Tag("P", parent))]]
    commands = _box_commands(theme, theme.tint_primary)
    commands.append(("BOX", (0, 0), (-1, -1), 1.6, HexColor(theme.primary)))
    return _whole(_boxed(theme, rows, commands))


def contact_flowables(ink: Ink, branding: Branding, parent: Tag | None = None) -> list[Flowable]:
    """The clinic's name, address, phone, email and website (a P each)."""
    theme, labels = ink.theme, ink.labels
    c = branding.contact
    out: list[Flowable] = [
        paragraph(ink.plain(c.name, branding.where("clinic.name")), theme.style("contact_name"),
                  Tag("P", parent))
    ]
    if c.address:
        out.append(paragraph(ink.plain(c.address, branding.where("clinic.address")),
                             theme.style("contact"), Tag("P", parent)))
    lines = (
        (labels.phone, c.phone,
         "tel:" + "".join(ch for ch in (c.phone or "") if ch.isdigit() or ch == "+")),
        (labels.email, c.email, f"mailto:{c.email}"),
        (labels.website, markup.display_url(c.website) if c.website else None, c.website or ""),
    )
    for label, value, href in lines:
        if not value:
            continue
        shown = ink.plain(value)
        if markup.is_allowed_url(href):
            shown = markup.link(href, shown, theme.heading)
        out.append(paragraph(markup.bold(ink.plain(label + ":")) + " " + shown,
                             theme.style("contact"), Tag("P", parent)))
    return out


def dates_line(
    ink: Ink, dates: Sequence[tuple[str, str]], parent: Tag | None = None
) -> Flowable | None:
    """"Published: … · Review by: …" on one line (two on a narrow page), or None."""
    if not dates:
        return None
    text = " · ".join(f"{markup.bold(ink.plain(k + ':'))} {ink.plain(v)}" for k, v in dates)
    para = paragraph(text, ink.theme.style("contact"), Tag("P", parent))
    para.spaceBefore = ink.theme.scale.gap * 0.6  # type: ignore[attr-defined]
    return para


def contact_block(
    ink: Ink, branding: Branding, dates: Sequence[tuple[str, str]], width: float,
    parent: Tag | None = None,
) -> Flowable:
    """The clinic's contact beside a QR code of its site (its HTML edition when it publishes
    one), then the dates across the whole width."""
    theme = ink.theme
    parts = contact_flowables(ink, branding, parent)
    url = branding.contact.site_url or branding.contact.website
    after = [f for f in (dates_line(ink, dates, parent),) if f is not None]
    if not url:
        return grid(theme, [[parts + after]], [width], [
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ], splitInRow=1)
    # About an inch: a phone reads it at arm's length.
    size = max(theme.scale.body * 5.6, 66.0)
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("LEFTPADDING", (1, 0), (1, 0), theme.scale.gap),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]
    alt = ink.labels.qr_alt.format(url=url)
    # Marked as English when the content's language has no labels and they fell back.
    lang = "en" if labels_for(ink.language)[1] else None
    code = qr_code(url, size, theme.font, Tag("Figure", parent, alt=alt, lang=lang))
    rows: list[list[Any]] = [[parts, code]]
    if url != branding.contact.website:
        # The website line beside the code already says where it leads; the HTML edition's
        # address gets a line of its own under both.
        after.insert(0, paragraph(ink.plain(markup.display_url(url)), theme.style("qr_caption"),
                                  Tag("P", parent)))
    for flowable in after:
        rows.append([flowable, ""])
        commands.append(("SPAN", (0, len(rows) - 1), (1, len(rows) - 1)))
    return grid(theme, rows, [width - size - theme.scale.gap, size + theme.scale.gap], commands)


def qr_code(url: str, size: float, font: str, tag: Tag | None = None) -> Flowable:
    """A QR code for `url`, `size` points square, black on white (prints in gray too); `tag`
    is its Figure.

    `font` becomes the drawing's default font: otherwise ReportLab's graphics set Helvetica,
    which would leave an unembedded font in the PDF."""
    from reportlab.graphics.barcode.qr import QrCodeWidget

    widget = QrCodeWidget(url, barLevel="M", barBorder=2)
    x0, y0, x1, y1 = widget.getBounds()
    drawing = TaggedDrawing(size, size,
                            transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    drawing.initialFontName = font
    drawing.hAlign = "LEFT"
    drawing.tag = tag
    return drawing


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
    """"Notes from your care team": a clinician's typed note, if any, then lines to write on
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
        parts.append(paragraph(ink.plain(note, Source(Path("--note"))), theme.style("body"),
                               Tag("P", parent)))
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


def logo_image(
    theme: Theme, branding: Branding, height: float, max_width: float, tag: Tag | None = None
) -> Flowable | None:
    """The clinic's logo scaled to a height, or None; a broken image is a BookletError. `tag`
    is its Figure (with the logo's text alternative)."""
    if branding.logo is None:
        return None
    where = branding.where("logo")
    data, (px_w, px_h) = _read_image(branding.logo, where, theme.image_mode)
    width = height * px_w / px_h
    if width > max_width:
        width, height = max_width, max_width * px_h / px_w
    image = TaggedImage(io.BytesIO(data), width=width, height=height, hAlign="LEFT", mask="auto")
    image.tag = tag
    return image


def _read_image(path: Path, where: Source, mode: str | None) -> tuple[bytes, tuple[int, int]]:
    """Read the logo once and decode it once, to prove it is a whole PNG or JPEG; return its
    bytes (downscaled when large, converted for grayscale) and its size in pixels.

    The file's size and the pixel count its header claims are checked before anything is
    decoded: a small file claiming to be 100,000 pixels square (a decompression bomb) costs
    nothing. A large photo is decoded at a reduced scale (JPEG can) and downscaled to 1200
    pixels, plenty for a logo in print, so the PDF stays small.
    """
    from PIL import Image as PILImage
    from PIL import UnidentifiedImageError

    def refuse(message: str) -> BookletError:
        return BookletError.at(where.path, where.line, f'the logo "{path.name}" {message}')

    def too_large(size: tuple[int, int] | None) -> BookletError:
        shown = f"is {size[0]} x {size[1]} pixels" if size else "has far too many pixels"
        return refuse(f"{shown}, far too large: save it smaller (about 1000 pixels wide is plenty)")

    try:
        if path.stat().st_size > MAX_LOGO_BYTES:
            raise refuse("is over 50 MB, far too large a file: save it smaller")
        data = path.read_bytes()
    except OSError as exc:
        raise refuse(f"cannot be read ({exc.strerror})") from None
    claimed = _claimed_size(data)
    if claimed is not None and claimed[0] * claimed[1] > MAX_LOGO_PIXELS:
        raise too_large(claimed)
    try:
        with PILImage.open(io.BytesIO(data), formats=("PNG", "JPEG")) as image:
            # MPO: a JPEG with extra frames (some cameras); the first frame is the photo.
            if image.format not in ("PNG", "JPEG", "MPO"):
                raise refuse("should be a PNG or JPEG image")
            if image.size[0] * image.size[1] > MAX_LOGO_PIXELS:
                raise too_large(image.size)
            image.draft(None, (1200, 1200))  # JPEG: decode at 1/2, 1/4 or 1/8 scale if larger
            image.load()
            size = image.size
            if max(size) <= 1200 and mode is None:
                return data, size
            image.thumbnail((1200, 1200))
            smaller: PILImage.Image = image
            if mode is not None:
                has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
                smaller = image.convert("LA" if has_alpha else mode)
            # A PNG (flat colours, perhaps transparent) stays PNG; a photo stays JPEG.
            is_png = image.format == "PNG" or smaller.mode not in ("L", "RGB", "CMYK")
            buffer = io.BytesIO()
            smaller.save(buffer, format="PNG" if is_png else "JPEG", quality=85)
            return buffer.getvalue(), smaller.size
    except BookletError:
        raise
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        # Pillow's own bomb check, when the header was not one `_claimed_size` reads.
        raise too_large(None) from None
    except UnidentifiedImageError:  # its message names our in-memory buffer
        raise refuse("cannot be read as an image (it is damaged, or not really a PNG or "
                     "JPEG): save it again as PNG or JPEG") from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise refuse(f"cannot be read as an image ({exc})") from None


MAX_LOGO_BYTES = 50 * 1024 * 1024
"""A logo file larger than this is refused unread."""


def _claimed_size(data: bytes) -> tuple[int, int] | None:
    """The (width, height) a PNG's or JPEG's header claims, read without decoding anything;
    None when the header is not one this reads (Pillow then checks the file as it opens it)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR" and len(data) >= 24:
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if not data.startswith(b"\xff\xd8"):
        return None
    i = 2
    while i + 9 <= len(data):  # JPEG: walk the marker segments to the frame header (SOFn)
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker == 0x01 or 0xD0 <= marker <= 0xD8:  # markers without a length
            i += 2
            continue
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):  # SOFn: height, width
            height, width = data[i + 5 : i + 7], data[i + 7 : i + 9]
            return int.from_bytes(width, "big"), int.from_bytes(height, "big")
        i += 2 + int.from_bytes(data[i + 2 : i + 4], "big")
    return None
