"""The booklet's story: cover, contents, introduction, one section per therapy, the closing with
the full disclaimer, and the back cover with the clinic's contact and the dates.

Its structure for screen readers: the cover (Figure logo, P clinic, H1 title, P subtitle, P
contact and date lines), then one Sect per H2 ("Contents" with its TOC, "About this booklet",
each therapy, "A final word", "Contact us"), the boxes' headings H3 inside their therapy (a box's
heading repeated over a page break, "(continued)", is an artifact).

The therapies follow each other as the booklet's flow says (see `flow`).
"""

from __future__ import annotations

from functools import partial

from reportlab.lib.colors import HexColor
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Spacer,
)
from reportlab.platypus.flowables import TopPadder

from cdbooklet.content.model import Content, Flow, Therapy
from cdbooklet.content.translation import draft_notice
from cdbooklet.errors import Report
from cdbooklet.layout.blocks import (
    accent_rule,
    contact_block,
    dates_of,
    disclaimer_box,
    heading_tag,
    language_help_flowables,
    logo_alt,
    logo_image,
    stack_height,
    therapy_flowables,
)
from cdbooklet.layout.contents import contents_table, page_word
from cdbooklet.layout.document import (
    Deferred,
    DocInfo,
    Document,
    Heading,
    footer_xml,
)
from cdbooklet.layout.flow import FirstThatFits, MovesWholeWhenFull, runs_on, start_anywhere
from cdbooklet.layout.ink import Ink, paragraph
from cdbooklet.layout.tables import grid
from cdbooklet.layout.theme import Theme
from cdbooklet.pdf.structure import Tag
from cdbooklet.text import markup
from cdbooklet.text.labels import Labels

CLOSING_KEY = "closing"


def lay_out_booklet(
    content: Content,
    theme: Theme,
    labels: Labels,
    report: Report,
    tagged: bool = True,
    flow: Flow = "page-per-therapy",
) -> tuple[bytes, int]:
    """The whole booklet as PDF bytes, and its page count. Warnings go to `report`.

    `tagged` asks for a tagged PDF (a structure tree for screen readers); `flow` says how the
    therapies follow each other (see `flow`).
    """
    booklet, branding = content.booklet, content.branding
    ink = Ink(theme, labels, report, booklet.language)
    info = DocInfo(
        title=markup.plain_text(booklet.title),
        author=markup.plain_text(branding.contact.name),
        subject=markup.plain_text(booklet.subtitle or booklet.title),
        keywords=tuple(markup.plain_text(t.title) for t in booklet.therapies),
        language=booklet.language,
        date=booklet.published,
    )
    doc = Document(
        theme,
        labels,
        branding.contact.name,
        footer_xml(ink, content),
        info,
        is_tagged=tagged,
        draft_notice=draft_notice(content, labels),
    )
    return doc.render(_story(ink, content, doc.body_height, flow))


def _story(
    ink: Ink, content: Content, room: float, flow: Flow = "page-per-therapy"
) -> list[Flowable]:
    """The booklet's flowables; `room` is the height of a body page's frame."""
    story: list[Flowable] = []
    story += _cover(ink, content)
    story += [NextPageTemplate("body"), PageBreak()]
    # The contents first, as a reader looks for them; the introduction under them. (With the
    # introduction first, ten entries with their summaries left a page with three on it.)
    story += _contents(ink, content)
    story += _introduction(ink, content)
    if flow != "compact":
        story += [PageBreak()]
    for therapy in content.booklet.therapies:
        # Made as layout reaches it: a thousand therapies' paragraphs are never all in memory.
        story.append(Deferred(partial(_therapy_section, ink, therapy, room, flow)))
    story += _closing(ink, content, room, flow)
    help_page = language_help_flowables(ink, content, room)
    if help_page:  # the inside back cover: a page of its own (or two, in large print on A5)
        story += [PageBreak(), *help_page]
    story += [NextPageTemplate("back")]
    story += _back_cover(ink, content, room, flow)
    return story


def _therapy_section(ink: Ink, therapy: Therapy, room: float, flow: Flow) -> list[Flowable]:
    boxes = runs_on(flow, ink.theme, room)
    parts = therapy_flowables(ink, therapy, "h2", key=therapy.id, level=2, runs_on=boxes)
    if flow == "compact":
        return start_anywhere(parts, 3, ink.theme, room)  # heading, rule and summary lead in
    return [KeepTogether(parts)]


def _cover(ink: Ink, content: Content) -> list[Flowable]:
    """Logo and clinic name; the title and subtitle on a band of the clinic's colour; the date
    and how to reach the clinic at the foot. Drawn in a frame as wide as the page."""
    theme, s = ink.theme, ink.theme.scale
    booklet, branding = content.booklet, content.branding
    width, pad = theme.width + 2 * theme.bleed, s.margin_side + theme.bleed
    out: list[Flowable] = [Spacer(1, s.margin_top * 1.4)]
    out.append(_logo_and_name(ink, content, logo_height=s.h1 * 3, width=width - 2 * pad))
    out.append(Spacer(1, theme.height * 0.08))

    band: list[list[Flowable]] = [
        [
            paragraph(
                ink.plain(booklet.title, booklet.where("title")),
                theme.style("cover_title"),
                Tag("H1"),
            )
        ]
    ]
    if booklet.subtitle:
        band.append(
            [
                paragraph(
                    ink.plain(booklet.subtitle, booklet.where("subtitle")),
                    theme.style("cover_subtitle"),
                    Tag("P"),
                )
            ]
        )
    out.append(
        grid(
            theme,
            band,
            [width],
            [
                ("BACKGROUND", (0, 0), (-1, -1), HexColor(theme.primary)),
                ("LEFTPADDING", (0, 0), (-1, -1), pad),
                ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                ("TOPPADDING", (0, 0), (-1, 0), s.h1 * 1.7),
                ("BOTTOMPADDING", (0, -1), (-1, -1), s.h1 * 1.7),
                ("LINEBELOW", (0, -1), (-1, -1), s.gap * 0.8, HexColor(theme.accent)),
            ],
            hAlign="CENTER",
        )
    )

    foot: list[list[Flowable]] = []
    contact = branding.contact
    reach = [v for v in (contact.phone, markup.display_url(contact.website or "")) if v]
    if reach:
        foot.append(
            [paragraph(ink.plain("   ·   ".join(reach)), theme.style("cover_note"), Tag("P"))]
        )
    dates = dates_of(ink.labels, booklet.published, None)
    if dates:
        label, value = dates[0]
        foot.append(
            [
                paragraph(
                    f"{ink.plain(label)} {ink.plain(value)}", theme.style("cover_note"), Tag("P")
                )
            ]
        )
    if foot:
        out.append(
            TopPadder(
                grid(
                    theme,
                    foot,
                    [width],
                    [
                        ("LEFTPADDING", (0, 0), (-1, -1), pad),
                        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                        ("LINEABOVE", (0, 0), (-1, 0), 0.8, HexColor(theme.primary)),
                        ("TOPPADDING", (0, 0), (-1, 0), s.gap),
                        ("BOTTOMPADDING", (0, -1), (-1, -1), s.margin_bottom + s.gap),
                    ],
                    hAlign="CENTER",
                )
            )
        )
    return out


def _logo_and_name(ink: Ink, content: Content, logo_height: float, width: float) -> Flowable:
    theme, s = ink.theme, ink.theme.scale
    branding = content.branding
    name = paragraph(
        ink.plain(branding.contact.name, branding.where("clinic.name")),
        theme.style("cover_clinic"),
        Tag("P"),
    )
    logo = logo_image(
        theme,
        branding,
        height=logo_height,
        max_width=width * 0.4,
        tag=Tag("Figure", alt=logo_alt(branding, ink.labels)),
    )
    if logo is None:
        return grid(
            theme, [[name]], [width], [("LEFTPADDING", (0, 0), (-1, -1), 0)], hAlign="CENTER"
        )
    logo_width = logo.drawWidth + s.gap * 1.5  # type: ignore[attr-defined]
    return grid(
        theme,
        [[logo, name]],
        [logo_width, width - logo_width],
        [
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ],
        hAlign="CENTER",
    )


def _introduction(ink: Ink, content: Content) -> list[Flowable]:
    booklet = content.booklet
    theme = ink.theme
    if not booklet.intro:
        return []
    section = Tag("Sect")
    out: list[Flowable] = [
        # Styled like a title page heading, tagged H2: the booklet's title is its only H1.
        Heading(
            ink.label(ink.labels.introduction, "h1", heading_tag(2, section)),
            key="introduction",
            title=ink.labels.introduction,
        ),
        accent_rule(theme),
    ]
    out += [ink.para(p, "body", booklet.where("intro"), Tag("P", section)) for p in booklet.intro]
    return out


def _contents(ink: Ink, content: Content) -> list[Flowable]:
    booklet = content.booklet
    entries = [
        (t.id, ink.plain(t.title, t.where("title")), ink.xml(t.summary, t.where("summary")))
        for t in booklet.therapies
    ]
    entries.append((CLOSING_KEY, ink.plain(ink.labels.closing), ""))
    section = Tag("Sect")
    heading = Heading(
        ink.label(ink.labels.contents, "h1", heading_tag(2, section)),
        key="contents",
        title=ink.labels.contents,
        keep_with_next=False,
    )
    # The contents may run over two pages: start them where the heading and a few entries fit,
    # rather than binding heading and the whole list together.
    room = ink.theme.scale.h1 * 2 + ink.theme.scale.leading * 10
    return [
        CondPageBreak(room),
        heading,
        accent_rule(ink.theme, keep_with_next=False),
        contents_table(entries, ink.theme, Tag("TOC", section), page_word(ink.labels)),
    ]


def _closing(ink: Ink, content: Content, room: float, flow: Flow) -> list[Flowable]:
    """ "A final word" and the full disclaimer, kept together: on a page of its own (the inner
    KeepTogether measures as taller than any page, so the outer one always starts a new page),
    or in the compact flow under the last therapy when it fits there whole. When it is taller
    than a page, it starts under the last therapy where its heading and first lines fit, the
    disclaimer's box moving on whole unless that would leave a page less than half full."""
    booklet, theme = content.booklet, ink.theme
    section = Tag("Sect")
    heading = Heading(
        ink.label(ink.labels.closing, "h2", heading_tag(2, section)),
        key=CLOSING_KEY,
        title=ink.labels.closing,
    )
    parts: list[Flowable] = [heading, accent_rule(theme)]
    parts += [
        ink.para(p, "body", booklet.where("closing"), Tag("P", section)) for p in booklet.closing
    ]
    box = disclaimer_box(
        ink, booklet.disclaimer, booklet.where("disclaimer"), section, is_whole=False
    )
    if stack_height([*parts, box], theme.frame_width, room) > room:
        boxed = MovesWholeWhenFull(box, runs_on(flow, theme, room))
        return start_anywhere([*parts, boxed], 2, theme, room)
    if flow == "compact":
        return [KeepTogether([*parts, box])]
    return [KeepTogether([*parts, KeepTogether([box])])]


def _back_cover(
    ink: Ink, content: Content, room: float, flow: Flow = "page-per-therapy"
) -> list[Flowable]:
    """The clinic's contact and the dates, in a tinted panel at the foot of the last page: a
    page of its own, or in the compact flow the closing's when the panel fits under it with a
    few lines' space between (leaving out the logo, already on the cover, if that makes it fit).

    On a small page in large print the panel can be taller than the page (`room` points). Then
    it leaves out the logo, and then it narrows its padding, before it would run on to a page
    of its own."""
    gap, width = ink.theme.scale.gap, ink.theme.frame_width
    tries = [(True, gap * 2), (False, gap * 2), (False, gap * 0.8)]
    if content.branding.logo is None:
        tries = tries[1:]
    for with_logo, pad in tries:
        panel = _contact_panel(ink, content, with_logo, pad)
        if panel.wrap(width, room)[1] <= room:
            break
    if flow != "compact":
        return [PageBreak(), TopPadder(panel)]
    choices = [panel]
    if with_logo:  # and the same without it
        choices.append(_contact_panel(ink, content, False, pad))
    smallest = min(choice.wrap(width, room)[1] for choice in choices)
    above = ink.theme.scale.leading * 2
    return [CondPageBreak(smallest + above), TopPadder(FirstThatFits(choices))]


def _contact_panel(ink: Ink, content: Content, with_logo: bool, pad: float) -> Flowable:
    booklet, branding, theme = content.booklet, content.branding, ink.theme
    labels: Labels = ink.labels
    s = theme.scale
    section = Tag("Sect")
    parts: list[Flowable] = [
        Heading(
            ink.label(labels.contact, "h2", heading_tag(2, section)),
            key="contact",
            title=labels.contact,
        ),
        accent_rule(theme),
    ]
    logo = (
        logo_image(
            theme,
            branding,
            height=s.h1 * 2.4,
            max_width=theme.frame_width * 0.4,
            tag=Tag("Figure", section, alt=logo_alt(branding, labels)),
        )
        if with_logo
        else None
    )
    if logo is not None:
        parts += [logo, Spacer(1, s.gap)]
    dates = dates_of(labels, booklet.published, booklet.review_by)
    parts.append(contact_block(ink, branding, dates, theme.frame_width - 2 * pad, section))
    return grid(
        theme,
        [[parts]],
        [theme.frame_width],
        [
            # Top-aligned: a bottom-aligned cell that must split leaves an empty piece behind.
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, -1), HexColor(theme.tint_primary)),
            ("LINEABOVE", (0, 0), (-1, 0), 4, HexColor(theme.primary)),
            ("LEFTPADDING", (0, 0), (-1, -1), pad),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), pad),
            ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
        ],
        splitInRow=1,
    )
