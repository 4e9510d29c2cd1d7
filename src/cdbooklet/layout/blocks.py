"""The blocks a booklet and a handout share: a therapy with its boxes, the disclaimer box, the
clinic's contact (with its QR code), the notes area, the dates and the logo.

Every block is tagged as it is made (see `cdbooklet.pdf.structure`): paragraphs are P or
headings, a box's points a list (L > LI > Lbl, LBody), the logo and the QR code Figures with a
text alternative; rules, box backgrounds and writing lines are artifacts. Callers pass the
parent Tag (a section).

Everything here may be taller than a page and still finish: a very long paragraph is laid out
in pieces (`ink.content_paragraph`), a box whose first point fills a page splits inside it, its
heading on top (`tables.HeadedBox`), and the contact block splits inside its rows. In a booklet a
box that runs on to the next page starts there with its heading again, "(continued)"
(`tables.RunOnBox`).
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.utils import ImageReader
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Table

from cdbooklet.content import colour
from cdbooklet.content.images import Logo, pixels_for, read_image
from cdbooklet.content.model import Branding, Content, Source, Therapy
from cdbooklet.layout.document import Heading
from cdbooklet.layout.ink import Ink, content_paragraph, paragraph
from cdbooklet.layout.qr import QrCode
from cdbooklet.layout.tables import HeadedBox, RunOnBox, grid
from cdbooklet.layout.theme import Theme
from cdbooklet.pdf.canvas import artifact
from cdbooklet.pdf.flowables import ArtifactRule, TaggedImage
from cdbooklet.pdf.structure import LAYOUT, Tag
from cdbooklet.text import markup
from cdbooklet.text.labels import Labels, labels_for
from cdbooklet.text.scripts import is_rtl_language


def heading_tag(level: int, parent: Tag | None) -> Tag:
    """The heading element of a level (H1 to H6; cdbooklet uses H1 to H3)."""
    return Tag(f"H{min(max(level, 1), 6)}", parent)


def accent_rule(theme: Theme, keep_with_next: bool = True) -> Flowable:
    """The short thick rule under a section heading (an artifact)."""
    rule = ArtifactRule(
        width=44,
        thickness=3.5,
        color=HexColor(theme.accent),
        hAlign="RIGHT" if theme.is_rtl else "LEFT",
        spaceBefore=1,
        spaceAfter=theme.scale.gap * 0.9,
    )
    rule.keepWithNext = int(keep_with_next)
    return rule


@dataclass(frozen=True, slots=True)
class RunOn:
    """How a booklet's boxes run on to the next page (see `tables.RunOnBox`)."""

    room: float
    """The height of a page's frame."""
    moves_whole_within: float
    """A box that fits on a page moves there whole when no more room than this is left where
    it would start; with more, it splits there. 0: it always splits where it is."""


def therapy_flowables(
    ink: Ink,
    therapy: Therapy,
    role: str,
    key: str,
    is_boxes_whole: bool = True,
    level: int = 2,
    parent: Tag | None = None,
    runs_on: RunOn | None = None,
) -> list[Flowable]:
    """A therapy: heading, summary, body, its boxes and references, in reading order (the
    first three always the heading, its rule and the summary).

    The heading is tagged H`level` and the boxes' headings one level below; everything sits in
    a section (Sect) under `parent`. With `runs_on` (a booklet) a box splits or moves as it
    says, and a part on the next page starts with its heading again, "(continued)". Without
    it, with `is_boxes_whole` a box that does not fit moves to the next page whole; without
    that (a handout, kept to two pages) it may break between its points, its heading never
    alone.
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
    summary.keepWithNext = 1
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
            box = _box(ink, kind, label, items, bullet, therapy, level + 1, section, runs_on)
            out.append(_whole(box) if is_boxes_whole and runs_on is None else box)
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
    runs_on: RunOn | None = None,
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
    if runs_on is None:
        return _boxed(theme, rows, commands, HeadedBox)
    box = _boxed(theme, rows, commands, RunOnBox, repeatRows=1)
    assert isinstance(box, RunOnBox)
    box.continued = partial(ink.repeated, ink.labels.continued.format(heading=label), "h3")
    box.room, box.moves_whole_within = runs_on.room, runs_on.moves_whole_within
    return box


def _boxed(
    theme: Theme,
    rows: list[list[Any]],
    commands: list[tuple[Any, ...]],
    table: type[Table] | None = None,
    **kw: Any,
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
        **kw,
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


def disclaimer_box(
    ink: Ink, text: str, where: Source, parent: Tag | None = None, is_whole: bool = True
) -> Flowable:
    """The integrative-care disclaimer in full, in a visible box: real content (a P), while
    the box around it is an artifact. With `is_whole` (as it is printed) it moves to the next
    page whole when it does not fit; without, it is the box alone, to measure."""
    theme = ink.theme
    # The label leads the text in bold rather than heading a row of its own: it reads the same
    # and keeps a handout on two pages even on A5.
    label, space = ink.labels.lead(ink.labels.disclaimer)
    lead = markup.colored(markup.bold(ink.plain(label)), theme.heading)
    xml = lead + space + ink.xml(text, where)
    rows = [[content_paragraph(xml, theme.style("box"), Tag("P", parent))]]
    commands = _box_commands(theme, theme.tint_primary)
    commands.append(("BOX", (0, 0), (-1, -1), 1.6, HexColor(theme.primary)))
    box = _boxed(theme, rows, commands)
    return _whole(box) if is_whole else box


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
        lead, space = ink.labels.lead(label)
        out.append(
            paragraph(
                markup.bold(ink.plain(lead)) + space + shown,
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
    leads = [ink.labels.lead(k) for k, _v in dates]
    text = " · ".join(
        f"{markup.bold(ink.plain(label))}{space}{ink.plain(v)}"
        for (label, space), (_k, v) in zip(leads, dates, strict=True)
    )
    para = paragraph(text, ink.theme.style("contact"), Tag("P", parent))
    para.spaceBefore = ink.theme.scale.gap * 0.6
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
    heading.keepWithNext = 0
    # Not KeepTogether: that would measure the lines against an endless page. Instead, start
    # the area on a new page only when its heading and two lines no longer fit.
    parts: list[Flowable] = [CondPageBreak(notes_room(theme)), heading]
    if note:
        parts.append(
            paragraph(
                ink.plain(note, Source(Path("--note"))), theme.style("body"), Tag("P", parent)
            )
        )
    parts.append(RuledLines(2, 10, spacing, colour.gray(theme.primary)))
    return parts


def notes_room(theme: Theme) -> float:
    """The height the notes area needs on a page: its heading and two lines to write on."""
    return float(theme.scale.h3 * 2 + theme.scale.leading * 1.5 * 2)


class StandsAside(Flowable):
    """A flowable printed only where it pushes nothing on to another page: where there is room
    for it and `reserve` points more (what must follow it on the page), or where what follows
    would not fit there anyway. Otherwise it takes no room and prints nothing (a handout's
    language-help line, before the notes area: a full handout does not take a third page for
    it; the booklet has the whole page)."""

    def __init__(self, inner: Flowable, reserve: float) -> None:
        super().__init__()
        self.inner = inner
        self.reserve = reserve
        self.shown = True

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        width, height = self.inner.wrap(availWidth, availHeight)
        height += self.inner.getSpaceBefore()
        crowds = height + self.reserve > availHeight >= self.reserve
        self.shown = not crowds
        self.width, self.height = (width, height) if self.shown else (availWidth, 0.0)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        return []  # whole, on the next page with what follows it

    def draw(self) -> None:
        if self.shown:
            self.inner.drawOn(self.canv, 0, 0)


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


LANGUAGE_HELP_KEY = "language-help"
"""The language-help page's heading key (its outline entry and destination)."""


def language_help_flowables(ink: Ink, content: Content, room: float = 0.0) -> list[Flowable]:
    """The language-help page (the inside back cover): "Free language help is available. Call
    PHONE." once for each language booklet.yaml's `language_help` names, each line in its own
    language and script, headed by the language's own name, after "Large print and other formats
    are available free of charge." in the booklet's language; then a note for the lines that are
    draft translations (marked †). Nothing when the list is empty or the clinic has no phone.

    Where the lines would take more than two pages of `room` points (large print on A5), the
    page gives the number once ("Free language help: PHONE", in the booklet's language) and each
    language its short form without it ("Ayuda gratuita con el idioma"), at the same size."""
    booklet, theme = content.booklet, ink.theme
    phone = content.branding.contact.phone
    if not booklet.language_help or not phone:
        return []
    labels = ink.labels
    section = Tag("Sect")
    heading = Heading(
        ink.label(labels.language_help_heading, "h2", heading_tag(2, section)),
        key=LANGUAGE_HELP_KEY,
        title=labels.language_help_heading,
    )
    parts: list[Flowable] = [
        heading,
        accent_rule(theme),
        paragraph(ink.plain(labels.other_formats), theme.style("body"), Tag("P", section)),
    ]
    lines = _language_lines(ink, booklet.language_help, phone, section, short=False)
    if room and stack_height([*parts, *lines], theme.frame_width, room) > 2 * room:
        # The number once, in the booklet's language; each language's line without it.
        short = labels.language_help_short.format(phone=phone)
        style = theme.style("language_line")
        xml = markup.bold(_unbroken(ink.plain(short), phone))
        parts.append(paragraph(xml, style, Tag("P", section)))
        lines = _language_lines(ink, booklet.language_help, phone, section, short=True)
    parts += lines
    if any(labels_for(tag)[0].is_draft for tag in booklet.language_help):
        parts.append(
            paragraph(ink.plain(labels.draft_line), theme.style("small"), Tag("P", section))
        )
    return parts


def _language_lines(
    ink: Ink, tags: tuple[str, ...], phone: str, section: Tag, *, short: bool
) -> list[Flowable]:
    """One paragraph a language: its own name in bold, then its line (or its short form)."""
    theme = ink.theme
    out: list[Flowable] = []
    for tag in tags:
        own = labels_for(tag)[0]
        if short:  # "Ayuda gratuita con el idioma: {phone}" without ": {phone}"
            line = _PHONE_AFTER.sub("", own.language_help_short)
        else:
            line = own.language_help.format(phone=phone)
        xml = (
            markup.bold(ink.plain_in(own.desk.language_name, tag))
            + "  "
            + _unbroken(ink.plain_in(line, tag), phone)
            + ("&nbsp;†" if own.is_draft else "")  # never alone at the start of a line
        )
        style = theme.style("language_line")
        if is_rtl_language(tag) != theme.is_rtl:
            style = theme.style("language_line_other")  # at the other margin, as it reads
        out.append(paragraph(xml, style, Tag("P", section, lang=tag)))
    return out


_PHONE_AFTER = re.compile(r"\s*[:：፦៖]\s*\{phone\}$")
"""How a catalogue's short form ends: a colon (full width in Chinese and Japanese, ፦ in Amharic,
៖ in Khmer), then the phone."""


def stack_height(parts: list[Flowable], width: float, room: float) -> float:
    """How tall `parts` are one under another, with the space between them."""
    total = 0.0
    for i, part in enumerate(parts):
        total += part.wrap(width, room)[1] + part.getSpaceAfter()
        total += part.getSpaceBefore() if i else 0.0
    return total


def _unbroken(xml: str, phone: str) -> str:
    """Paragraph XML with the phone number kept on one line: its spaces no-break spaces."""
    shown = markup.escape(phone)
    return xml.replace(shown, shown.replace(" ", "&nbsp;"))


def language_help_line(ink: Ink, content: Content, parent: Tag | None = None) -> Flowable | None:
    """A handout's one line: "Free language help: PHONE" in its language, then the chosen
    languages' own names, each in its script."""
    booklet = content.booklet
    phone = content.branding.contact.phone
    if not booklet.language_help or not phone:
        return None
    short = _unbroken(ink.plain(ink.labels.language_help_short.format(phone=phone)), phone)
    names = [
        ink.plain_in(labels_for(tag)[0].desk.language_name, tag) for tag in booklet.language_help
    ]
    if len({ink.theme.is_rtl, *map(is_rtl_language, booklet.language_help)}) > 1:
        # Each name isolated (FSI ... PDI): in a line of both directions the list then reads
        # name after name in the line's direction, not as one run of the other direction.
        names = [f"\u2068{name}\u2069" for name in names]
    xml = markup.bold(short) + " · " + " · ".join(names)
    para = paragraph(xml, ink.theme.style("qr_caption"), Tag("P", parent))
    para.spaceBefore = ink.theme.scale.gap * 0.8
    return para
