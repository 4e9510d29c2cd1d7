"""The accessible HTML edition: one index page, one page per therapy, a stylesheet, fonts, logo.

model -> Jinja2 templates (autoescaping on) -> bytes -> `write_atomic`. Every character a clinic
types is escaped exactly once, by `inline_html` (content text with inline markup) or by the template
engine (plain values); only `<strong>`, `<em>` and `<a href>` with an http, https, mailto or tel
address are ever produced from content. The pages need no JavaScript and fetch nothing from the
network. Never imports ReportLab or Click.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from cdbooklet.content import colour, fonts
from cdbooklet.content.model import Branding, Content, Therapy
from cdbooklet.errors import BookletError, Report
from cdbooklet.press.output import write_atomic
from cdbooklet.text.bidi import NUMBER
from cdbooklet.text.labels import Labels, labels_for
from cdbooklet.text.markup import display_url, is_allowed_url, parse_inline, plain_text
from cdbooklet.text.scripts import has_rtl, is_rtl_language

INDEX = "index.html"
STYLESHEET = "style.css"
FONTS_FOLDER = "fonts"

TEMPLATES = Environment(
    # The site's and the front desk's templates (web/templates/).
    loader=PackageLoader("cdbooklet.web", "templates"),
    # Autoescape everything, the stylesheet included: its values are checked colours and font
    # file names, which escaping leaves alone.
    autoescape=select_autoescape(default_for_string=True, default=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


@dataclass(frozen=True, slots=True)
class _Colours:
    """The clinic's colours, made safe for text on the backgrounds the stylesheet uses."""

    heading: str
    """Headings, links and focus outlines: the primary colour darkened to 4.5:1 on every
    background it meets."""
    primary: str
    accent: str
    tint_primary: str
    tint_accent: str


@dataclass(frozen=True, slots=True)
class _ContactLine:
    """One way to reach the clinic: a label, the words shown and, when it is a link, where to."""

    label: str
    text: str
    href: str | None
    is_url_shown: bool
    """True when the words already show the address (print then adds nothing after the link)."""


@dataclass(frozen=True, slots=True)
class _Date:
    label: str
    text: str
    iso: str


def build_site(content: Content, out_dir: Path, report: Report) -> list[Path]:
    """Write the HTML edition into `out_dir`: index.html, <id>.html per therapy, style.css, the
    font files and the logo. Returns the pages written (index first, then the therapies in order).

    Everything is rendered and read before the first file is written, so a problem in the
    user's files (an unreadable logo, a therapy whose id would replace the index) writes nothing;
    each file is then replaced atomically. Pages of therapies removed from the content are not
    deleted. `report` takes warnings, like the PDF builders' (the site adds none yet).
    """
    booklet, branding = content.booklet, content.branding
    labels, _ = labels_for(booklet.language)
    _check_ids(content)

    assets: dict[str, bytes] = {}
    family = fonts.family(branding.font)
    font_files = {
        "regular": family.regular,
        "bold": family.bold,
        "italic": family.italic,
        "bold_italic": family.bold_italic,
    }
    for path in font_files.values():
        assets[f"{FONTS_FOLDER}/{path.name}"] = path.read_bytes()
    for licence in sorted(fonts.fonts_dir().glob(f"{family.regular.stem.split('-')[0]}*.txt")):
        assets[f"{FONTS_FOLDER}/{licence.name}"] = licence.read_bytes()
    logo_name = _read_logo(branding, assets)
    clinic = plain_words(branding.contact.name)
    logo_alt = branding.logo_alt or labels.logo_alt.format(clinic=clinic)

    is_rtl = is_rtl_language(booklet.language)
    site = {
        "lang": booklet.language,
        "is_rtl": is_rtl,
        "labels": labels,
        "booklet": booklet,
        "clinic": inline_html(branding.contact.name),
        "logo": logo_name,
        "logo_alt": logo_alt,
        "disclaimer": inline_html(booklet.disclaimer),
        "footer": inline_html(booklet.footer or labels.footer),
        "contact": _contact(branding, labels),
        "address": branding.contact.address,
        "dates": _dates(labels, booklet.published, booklet.review_by),
        "stylesheet": STYLESHEET,
        "inline": inline_html,
        "page_of": _page_name,
        "plain": plain_words,
        "display_url": display_url,
        "is_allowed_url": is_allowed_url,
        "index": INDEX,
    }
    site_url = branding.contact.site_url
    pages: dict[str, str] = {
        INDEX: TEMPLATES.get_template("index.html").render(
            site,
            page=INDEX,
            canonical=_canonical(site_url, INDEX),
            therapies=booklet.therapies,
            intro=booklet.intro,
        )
    }
    for therapy in booklet.therapies:
        name = _page_name(therapy)
        pages[name] = TEMPLATES.get_template("therapy.html").render(
            site,
            page=name,
            canonical=_canonical(site_url, name),
            therapy=therapy,
        )
    stylesheet = TEMPLATES.get_template("style.css").render(
        colours=site_colours(branding),
        fonts={role: f"{FONTS_FOLDER}/{path.name}" for role, path in font_files.items()},
        is_rtl=is_rtl,
    )

    written: list[Path] = []
    for name, html in pages.items():
        path = out_dir / name
        write_atomic(path, html.encode("utf-8"))
        written.append(path)
    write_atomic(out_dir / STYLESHEET, stylesheet.encode("utf-8"))
    for name, data in assets.items():
        write_atomic(out_dir / name, data)
    return written


def inline_html(text: str) -> Markup:
    """Content text with `**bold**`, `*italic*` and `[text](url)` -> safe HTML.

    Every span's text is escaped; only links to addresses `is_allowed_url` accepts become
    `<a href>` (parse_inline already leaves any other link as the text that was typed).
    """
    out: list[Markup] = []
    text = _printable(text)
    isolate = has_rtl(text)
    for span in parse_inline(text):
        inner = _isolated_numbers(span.text) if isolate else escape(span.text)
        if span.is_italic:
            inner = Markup("<em>{}</em>").format(inner)
        if span.is_bold:
            inner = Markup("<strong>{}</strong>").format(inner)
        if span.href and is_allowed_url(span.href):
            inner = Markup('<a href="{}">{}</a>').format(span.href, inner)
        out.append(inner)
    return Markup("").join(out)


def _isolated_numbers(text: str) -> Markup:
    """Escaped text with each number written with separators (555-1234, 17:30) in a
    left-to-right <bdi>: in a line with right-to-left words the Unicode Bidirectional Algorithm
    alone shows 555-1234 as 1234-555 (the PDF does the same, see `text.bidi`)."""
    out: list[Markup] = []
    at = 0
    for match in NUMBER.finditer(text):
        if match.group().isdigit():
            continue
        out.append(escape(text[at : match.start()]))
        out.append(Markup('<bdi dir="ltr">{}</bdi>').format(match.group()))
        at = match.end()
    out.append(escape(text[at:]))
    return Markup("").join(out)


def plain_words(text: str) -> str:
    """The words of content text without markup, for the page title and description."""
    return plain_text(_printable(text))


def _printable(text: str) -> str:
    """NFC text without control codes, lone surrogates or unassigned code points (which are not
    allowed in HTML and which a reader could not see anyway)."""
    text = unicodedata.normalize("NFC", text)
    return "".join(
        ch for ch in text if ch in "\t\n" or unicodedata.category(ch) not in ("Cc", "Cs", "Cn")
    )


def _check_ids(content: Content) -> None:
    for therapy in content.booklet.therapies:
        if _page_name(therapy) == INDEX:
            raise BookletError.at(
                therapy.source.path,
                0,
                'a therapy called "index" would replace the front page of the site: '
                "rename the file, for example to index-therapy.yaml",
            )


def _read_logo(branding: Branding, assets: dict[str, bytes]) -> str | None:
    """Add the logo to `assets` under a fixed name (logo.png or logo.jpg); return that name."""
    if branding.logo is None:
        return None
    try:
        data = branding.logo.read_bytes()
    except OSError as exc:
        where = branding.where("logo")
        raise BookletError.at(
            where.path, where.line, f"the logo file cannot be read ({exc.strerror})"
        ) from None
    # A fixed name, so a logo called e.g. "acupuncture.html" cannot replace a page.
    name = "logo.png" if data.startswith(b"\x89PNG") else "logo.jpg"
    assets[name] = data
    return name


def _contact(branding: Branding, labels: Labels) -> list[_ContactLine]:
    c = branding.contact
    lines: list[_ContactLine] = []
    if c.phone:
        tel = "tel:" + "".join(ch for ch in c.phone if ch.isdigit() or ch == "+")
        href = tel if is_allowed_url(tel) else None
        lines.append(_ContactLine(labels.phone, c.phone, href, is_url_shown=True))
    if c.email:
        mailto = f"mailto:{c.email}"
        href = mailto if is_allowed_url(mailto) else None
        lines.append(_ContactLine(labels.email, c.email, href, is_url_shown=True))
    if c.website:
        href = c.website if is_allowed_url(c.website) else None
        lines.append(_ContactLine(labels.website, display_url(c.website), href, is_url_shown=True))
    return lines


def _dates(labels: Labels, published: date | None, review_by: date | None) -> list[_Date]:
    pairs = ((labels.published, published), (labels.review_by, review_by))
    return [_Date(label, labels.date(value), value.isoformat()) for label, value in pairs if value]


def site_colours(branding: Branding) -> _Colours:
    tint_primary = colour.tint(branding.primary, 0.92)
    tint_accent = colour.tint(branding.accent, 0.86)
    heading = branding.primary
    # Darkening for one background raises the contrast on the lighter ones too.
    for background in (colour.WHITE, tint_primary, tint_accent):
        heading = colour.darken_to_contrast(heading, background, 4.5)
    return _Colours(heading, branding.primary, branding.accent, tint_primary, tint_accent)


def _canonical(site_url: str | None, page: str) -> str | None:
    """The page's address where the clinic publishes the site, when branding gives one."""
    if not site_url:
        return None
    return f"{site_url.rstrip('/')}/{page}"


def _page_name(therapy: Therapy) -> str:
    """The file name of a therapy's page, relative to the site folder."""
    return f"{therapy.id}.html"
