"""What `check` finds besides the loader's own errors, quickly and without ReportLab: characters
no bundled font can print, a logo that cannot be used, and text above the reading grade.

The unprintable-character warnings are the ones layout gives as it sets the same text
(`layout.ink.Ink`), at the same file and line; a test checks that `check` and `build` agree
field by field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from cdbooklet.content import fonts
from cdbooklet.content.keys import BOOKLET, BRANDING, THERAPY, Key, Kind
from cdbooklet.content.model import Content, Source, Therapy
from cdbooklet.errors import Report
from cdbooklet.text import markup
from cdbooklet.text.readability import GRADE_LIMIT, Readability, measure, plain_texts, warning_for


def check_content(content: Content, report: Report) -> None:
    """Find what only layout would otherwise see: characters no font can print, a logo that
    cannot be used. Quick, and without ReportLab: nothing is laid out or written."""
    from cdbooklet.content.images import check_image

    warn_unprintable(content, report)
    branding = content.branding
    if branding.logo is not None:
        check_image(branding.logo, branding.where("logo"))  # a BookletError if unusable


def check_readability(content: Content, report: Report) -> None:
    """Warn for each therapy, and the booklet's introduction and closing, whose reading grade is
    above the limit, quoting the hardest sentences so that an editor knows where to start."""
    booklet = content.booklet
    places = [(t.where("body"), plain_texts(t.texts)) for t in booklet.therapies]
    places += [
        (booklet.where(key), plain_texts(paragraphs))
        for key, paragraphs in (("intro", booklet.intro), ("closing", booklet.closing))
        if paragraphs
    ]
    for where, texts in places:
        result = measure(texts, booklet.language)
        if result is not None and round(result.grade, 1) > GRADE_LIMIT:
            report.warn(where.path, where.line, warning_for(result))


def check_translation(content: Content, report: Report) -> None:
    """For a translated edition: a warning for each file whose source changed since it was
    translated (naming the keys), each missing or extra file, and one for a draft edition.
    For any other booklet whose printed headings come from a draft catalogue, one for that."""
    from cdbooklet.content.translation import edition_state
    from cdbooklet.text.labels import labels_for

    state = edition_state(content)
    if state is not None:
        report.extend(state.warnings())
    labels, _fell_back = labels_for(content.booklet.language)  # to English: not a draft
    if labels.is_draft and (state is None or not state.is_draft):
        where = content.booklet.where("language")
        report.warn(
            where.path,
            where.line,
            f'the printed headings in "{content.booklet.language}" (such as '
            f'"{labels.contents}") are a draft translation, not yet checked by a qualified '
            "translator",
        )


def grade_of(therapy: Therapy, language: str) -> Readability | None:
    """A therapy's reading grade in its booklet's language (None: no formula for it)."""
    return measure(plain_texts(therapy.texts), language)


def glyphs_for(font: str, language: str) -> markup.Glyphs:
    """What the family `font`, the fallback family and the script faces can draw, as layout
    tries them for a booklet in `language` (nothing is set in them here)."""
    return fonts.glyphs(font, language)


def printed_texts(content: Content) -> Iterator[tuple[str, Source]]:
    """Every text from the content files that the booklet or a handout prints, with where it
    was typed: each key `keys` declares printed, read from the model by its kind."""
    booklet, branding = content.booklet, content.branding
    yield from _printed(BOOKLET.keys, booklet, booklet.where)
    yield from _printed(BRANDING.keys, branding, branding.where)
    for therapy in booklet.therapies:
        yield from _printed(THERAPY.keys, therapy, therapy.where)


def _printed(
    keys: tuple[Key, ...], holder: object, where: Callable[[str], Source], prefix: str = ""
) -> Iterator[tuple[str, Source]]:
    for key in keys:
        name = prefix + key.name
        if key.kind is Kind.GROUP:
            inner = holder if key.is_flat else getattr(holder, key.attribute)
            yield from _printed(key.keys, inner, where, f"{name}.")
            continue
        if not key.is_printed:
            continue
        value = getattr(holder, key.attribute)
        match key.kind:
            case Kind.TEXT | Kind.PARAGRAPH if value:
                yield value, where(name)
            case Kind.URL if value:
                yield markup.display_url(value), where(name)  # as the contact block prints it
            case Kind.PARAGRAPHS:
                yield from ((text, where(name)) for text in value)
            case Kind.POINTS:
                yield from ((t, where(f"{name}.{i}")) for i, t in enumerate(value, start=1))
            case Kind.REFERENCES:
                for i, ref in enumerate(value, start=1):
                    yield ref.text, where(f"{name}.{i}")
                    if ref.url:
                        yield markup.display_url(ref.url), where(f"{name}.{i}")


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

        glyphs = glyphs or glyphs_for(font, content.booklet.language)
        markup.to_xml(text, glyphs, warn)
