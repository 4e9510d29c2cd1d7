"""Which typed characters no bundled font can print, found without laying anything out (for
`check`, which must stay quick and never load ReportLab).

The warnings are the ones layout gives as it sets the same text (`layout.blocks.Ink`), at the same
file and line; tests/test_cli.py checks that `check` and `build` agree field by field.
"""

from __future__ import annotations

from collections.abc import Iterator

from cdbooklet.content import fonts
from cdbooklet.text import markup
from cdbooklet.errors import Report
from cdbooklet.content.model import Content, Source


def glyphs_for(font: str) -> markup.Glyphs:
    """What the family `font` and the fallback family can draw (the fallback's name is only a
    placeholder here: nothing is set in it)."""
    return markup.Glyphs(
        primary=fonts.coverage(font),
        fallback=fonts.coverage(fonts.FALLBACK_FAMILY),
        fallback_font=fonts.FALLBACK_FAMILY,
    )


def printed_texts(content: Content) -> Iterator[tuple[str, Source]]:
    """Every text from the content files that the booklet or a handout prints, with where it
    was typed."""
    booklet, branding = content.booklet, content.branding
    contact = branding.contact
    for key, value in (
        ("title", booklet.title),
        ("subtitle", booklet.subtitle),
        ("footer", booklet.footer),
        ("disclaimer", booklet.disclaimer),
    ):
        if value:
            yield value, booklet.where(key)
    for key, paragraphs in (("intro", booklet.intro), ("closing", booklet.closing)):
        for text in paragraphs:
            yield text, booklet.where(key)
    for key, value in (
        ("name", contact.name),
        ("address", contact.address),
        ("phone", contact.phone),
        ("email", contact.email),
        ("website", markup.display_url(contact.website or "")),
    ):
        if value:
            yield value, branding.where(f"clinic.{key}")
    for therapy in booklet.therapies:
        yield therapy.title, therapy.where("title")
        yield therapy.summary, therapy.where("summary")
        for text in therapy.body:
            yield text, therapy.where("body")
        for kind, items in (
            ("tips", therapy.tips),
            ("cautions", therapy.cautions),
            ("questions", therapy.questions),
        ):
            for i, item in enumerate(items, start=1):
                yield item, therapy.where(f"{kind}.{i}")
        for i, ref in enumerate(therapy.references, start=1):
            where = therapy.where(f"references.{i}")
            yield ref.text, where
            if ref.url:
                yield markup.display_url(ref.url), where


def warn_unprintable(content: Content, report: Report) -> None:
    """A warning for each character of the content that no bundled font can print."""
    font = content.branding.font
    primary = fonts.coverage(font)
    glyphs: markup.Glyphs | None = None  # the fallback font's map only when some text needs it
    for text, where in printed_texts(content):
        if markup.in_font(text, primary):
            continue

        def warn(message: str, where: Source = where) -> None:
            report.warn(where.path, where.line, message)

        glyphs = glyphs or glyphs_for(font)
        markup.to_xml(text, glyphs, warn)
