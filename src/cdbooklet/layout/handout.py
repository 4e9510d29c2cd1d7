"""A handout's story: the clinic's logo and name, one therapy with all its blocks, the full
disclaimer and the clinic's contact, on the booklet's page footer.

Its structure for screen readers: Figure logo and P clinic, then the therapy's title as H1 (the
handout's title) and its boxes' headings, and "Notes from your care team", as H2: one level
below the title, so no heading level is skipped (in the booklet the same boxes are H3, under
the therapy's H2).
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable, KeepTogether, NextPageTemplate, Spacer

from cdbooklet.content.model import Content, Therapy
from cdbooklet.content.translation import draft_notice
from cdbooklet.errors import Report
from cdbooklet.layout.blocks import (
    StandsAside,
    contact_block,
    dates_of,
    disclaimer_box,
    language_help_line,
    logo_alt,
    logo_image,
    notes_area,
    notes_room,
    therapy_flowables,
)
from cdbooklet.layout.document import DocInfo, Document, footer_xml
from cdbooklet.layout.ink import Ink, paragraph
from cdbooklet.layout.tables import grid
from cdbooklet.layout.theme import Theme
from cdbooklet.pdf.structure import Tag
from cdbooklet.text import markup
from cdbooklet.text.labels import Labels


def lay_out_handout(
    content: Content,
    therapy: Therapy,
    theme: Theme,
    labels: Labels,
    report: Report,
    note: str | None = None,
    tagged: bool = True,
) -> tuple[bytes, int]:
    """One therapy's handout as PDF bytes, and its page count. Warnings go to `report`.

    `note` is a clinician's note for this patient, printed in the notes area; `tagged` asks for
    a tagged PDF (a structure tree for screen readers).
    """
    booklet, branding = content.booklet, content.branding
    ink = Ink(theme, labels, report, booklet.language)
    title = markup.plain_text(therapy.title)
    info = DocInfo(
        title=title,
        author=markup.plain_text(branding.contact.name),
        subject=markup.plain_text(therapy.summary),
        keywords=(title, markup.plain_text(booklet.title)),
        language=booklet.language,
        date=booklet.published,
    )
    doc = Document(
        theme,
        labels,
        branding.contact.name,
        footer_xml(ink, content),
        info,
        first_template="first",
        is_tagged=tagged,
        draft_notice=draft_notice(content, labels, therapy),
    )
    story: list[Flowable] = [NextPageTemplate("body")]
    story += _masthead(ink, content)
    story += therapy_flowables(ink, therapy, "h1", key=therapy.id, is_boxes_whole=False, level=1)
    story.append(disclaimer_box(ink, booklet.disclaimer, booklet.where("disclaimer")))
    dates = dates_of(labels, booklet.published, booklet.review_by)
    # The clinic's name heads the contact block: no separate "Contact us" heading, so that a
    # handout stays on two pages even on A5.
    block = contact_block(ink, branding, dates, theme.frame_width)
    block.spaceBefore = theme.scale.gap * 1.5
    story.append(KeepTogether([block]))
    help_line = language_help_line(ink, content)
    if help_line is not None:  # unless it would push the notes area on to another page
        story.append(StandsAside(help_line, notes_room(theme)))
    story += notes_area(ink, note, level=2)
    return doc.render(story)


def _masthead(ink: Ink, content: Content) -> list[Flowable]:
    """The clinic's logo and name across the top of the first page, over a rule."""
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
        height=s.h1 * 1.6,
        max_width=theme.frame_width * 0.3,
        tag=Tag("Figure", alt=logo_alt(branding, ink.labels)),
    )
    row: list[Any] = [logo, name] if logo else [name]
    logo_width = logo.drawWidth + s.gap * 1.2 if logo else 0  # type: ignore[attr-defined]
    widths = [logo_width, theme.frame_width - logo_width] if logo else [theme.frame_width]
    table = grid(
        theme,
        [row],
        widths,
        [
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), s.gap),
            ("LINEBELOW", (0, 0), (-1, -1), 1.2, HexColor(theme.primary)),
        ],
    )
    return [table, Spacer(1, s.gap)]
