"""Fonts, colours, page geometry and paragraph styles: branding + options -> a frozen `Theme`.

The only module that registers fonts with ReportLab. Layout reads sizes and styles from the theme
by role ("body", "h2", "footer"), never from options, so large print and grayscale stay theme
inputs. Sizes follow clear-print guidance: nothing below 12 pt, generous leading, ragged right.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import cache, partial

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, A5, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch, mm
from reportlab.pdfbase import pdfmetrics

from cdbooklet.content import colour, fonts
from cdbooklet.content.model import Branding, PageSize
from cdbooklet.pdf import shaping
from cdbooklet.pdf.fontfile import true_type_font
from cdbooklet.text.markup import Glyphs
from cdbooklet.text.scripts import is_rtl_language

PAGE_DIMENSIONS: dict[str, tuple[float, float]] = {
    "letter": LETTER,
    "a4": A4,
    "a5": A5,
    "half-letter": (5.5 * inch, 8.5 * inch),
}
TEXT = "#1A1A1A"
"""Body text: near black, 17:1 on white."""
MUTED = "#4A4A4A"
"""Footers and secondary text: 8.9:1 on white, still comfortably above 4.5:1."""


@dataclass(frozen=True, slots=True)
class _Scale:
    """Type sizes and margins (points) for one class of page."""

    body: float
    leading: float
    lead: float
    h1: float
    h2: float
    h3: float
    small: float
    cover_title: float
    margin_side: float
    margin_top: float
    margin_bottom: float
    gap: float
    furniture: float = 12
    """Running header, footer and page numbers."""


# Letter and A4: 14 pt text on a 6.3 in measure gives 60-70 characters a line.
_FULL = _Scale(
    body=14,
    leading=21,
    lead=16,
    h1=28,
    h2=22,
    h3=16,
    small=12,
    cover_title=36,
    margin_side=1.1 * inch,
    margin_top=0.7 * inch,
    margin_bottom=0.55 * inch,
    gap=10,
)
# A5 and half-letter: a smaller type scale and margins, not a shrunk letter page.
_COMPACT = _Scale(
    body=12,
    leading=17,
    lead=13.5,
    h1=21,
    h2=17.5,
    h3=13.5,
    small=12,
    cover_title=26,
    margin_side=14 * mm,
    margin_top=12 * mm,
    margin_bottom=9 * mm,
    gap=7,
)
# Large print: 18 pt for everything a reader reads, footers and sources included; headings
# larger; line spacing 1.5. The same content reflows onto more pages.
_LARGE = _Scale(
    body=18,
    leading=27,
    lead=19,
    h1=32,
    h2=26,
    h3=20,
    small=18,
    cover_title=40,
    margin_side=0.85 * inch,
    margin_top=0.6 * inch,
    margin_bottom=0.5 * inch,
    gap=12,
    furniture=18,
)
_LARGE_COMPACT = _Scale(
    body=18,
    leading=26,
    lead=19,
    h1=26,
    h2=23,
    h3=20,
    small=18,
    cover_title=30,
    margin_side=11 * mm,
    margin_top=10 * mm,
    margin_bottom=8 * mm,
    gap=9,
    furniture=18,
)


@dataclass(frozen=True)
class Theme:
    """Everything layout needs to know about how the page looks."""

    page_size: tuple[float, float]
    scale: _Scale
    primary: str
    """The clinic's colour as given: bands, rules, box borders."""
    heading: str
    """The clinic's colour, darkened if needed to read as text on white (4.5:1 at least)."""
    accent: str
    on_primary: str
    """Text on a band of the clinic's colour: white, or near black on a light colour."""
    text: str
    muted: str
    tint_primary: str
    tint_accent: str
    font: str
    """The registered name of the text family (its bold/italic variants follow <b>/<i>)."""
    fallback_font: str
    glyphs: Glyphs
    styles: dict[str, ParagraphStyle]
    image_mode: str | None = None
    """"L" when images must be printed in gray; None keeps their colours."""
    bleed: float = 0.0
    """How far (points) full-bleed areas run past the trimmed page edge."""
    language: str = "en"
    """The booklet's language (BCP 47): which face prints Han, what HarfBuzz shapes for."""
    is_rtl: bool = False
    """The booklet reads right to left: its layout is mirrored."""

    @property
    def width(self) -> float:
        return self.page_size[0]

    @property
    def height(self) -> float:
        return self.page_size[1]

    @property
    def frame_width(self) -> float:
        return self.width - 2 * self.scale.margin_side

    def style(self, role: str) -> ParagraphStyle:
        return self.styles[role]


def make_theme(
    branding: Branding,
    page_size: PageSize,
    *,
    is_large_print: bool = False,
    is_grayscale: bool = False,
    bleed: float = 0.0,
    language: str = "en",
) -> Theme:
    """The theme for one build: the clinic's look on one page size, in normal or large print,
    in colour or gray, in the booklet's language (the faces its scripts are set in, and its
    direction)."""
    is_compact = page_size in ("a5", "half-letter")
    if is_large_print:
        scale = _LARGE_COMPACT if is_compact else _LARGE
    else:
        scale = _COMPACT if is_compact else _FULL
    # Large print uses no italics (clear-print guidance): the family's italic faces are bold.
    font = register_family(branding.font, has_italics=not is_large_print)
    # The fallback family's bold and italic faces are loaded only when some text needs them
    # (its regular face draws the tick-box bullets): big fonts, slow to parse.
    fallback = register_family(
        fonts.FALLBACK_FAMILY, has_italics=not is_large_print, faces_now=("regular",)
    )
    primary, accent = branding.primary, branding.accent
    if is_grayscale:
        primary, accent = colour.gray(primary), colour.gray(accent)
    heading = colour.darken_to_contrast(primary, colour.WHITE, 4.5)
    is_dark = colour.contrast(colour.WHITE, primary) >= 4.5
    on_primary = colour.WHITE if is_dark else TEXT
    glyphs = fonts.glyphs(
        branding.font,
        language,
        fallback_font=fallback,
        has_italics=not is_large_print,
        use_fallback=partial(register_family, fonts.FALLBACK_FAMILY, not is_large_print),
        use_face=partial(_register_face, has_italics=not is_large_print),
    )
    is_rtl = is_rtl_language(language)
    styles = _styles(scale, font, fallback, heading, on_primary)
    for style in styles.values():
        # Read by layout.ink: which paragraphs cdbooklet lays out itself, and how.
        style.language = language
        style.is_rtl = is_rtl
    return Theme(
        page_size=PAGE_DIMENSIONS[page_size],
        scale=scale,
        primary=primary,
        heading=heading,
        accent=accent,
        on_primary=on_primary,
        text=TEXT,
        muted=MUTED,
        tint_primary=colour.tint(primary, 0.9),
        tint_accent=colour.tint(accent, 0.82),
        font=font,
        fallback_font=fallback,
        glyphs=glyphs,
        styles=styles,
        image_mode="L" if is_grayscale else None,
        bleed=bleed,
        language=language,
        is_rtl=is_rtl,
    )


def _styles(
    s: _Scale, font: str, fallback: str, heading: str, on_primary: str
) -> dict[str, ParagraphStyle]:
    bold = font + "-Bold"
    base = ParagraphStyle(
        "body",
        fontName=font,
        fontSize=s.body,
        leading=s.leading,
        textColor=HexColor(TEXT),
        alignment=TA_LEFT,
        spaceAfter=s.leading * 0.55,
        allowWidows=0,
        allowOrphans=0,
        splitLongWords=1,
        hyphenationLang="",
        bulletFontSize=s.body,
        embeddedHyphenation=0,
        # 0: a long web address breaks wherever the line ends. ReportLab's "waste reduction"
        # breaks it once only, and the rest ran off the page (characters lost in print).
        uriWasteReduce=0,
    )

    def derive(name: str, **kw: object) -> ParagraphStyle:
        parent = kw.pop("parent", base)
        return ParagraphStyle(name, parent=parent, **kw)  # type: ignore[arg-type]

    # The language-help page's lines: the small size (never below 12 pt, 18 in large print),
    # so that fifteen languages fit one letter page.
    language_line = derive(
        "language_line", fontSize=s.small, leading=s.small * 1.45, spaceAfter=s.small * 0.5
    )
    styles = {
        "body": base,
        "lead": derive(
            "lead",
            fontSize=s.lead,
            leading=s.lead * 1.4,
            textColor=TEXT,
            spaceAfter=s.leading * 0.7,
        ),
        "h1": derive(
            "h1",
            fontName=bold,
            fontSize=s.h1,
            leading=s.h1 * 1.2,
            textColor=heading,
            spaceBefore=s.gap * 2.4,
            spaceAfter=s.gap * 0.8,
            keepWithNext=1,
        ),
        "h2": derive(
            "h2",
            fontName=bold,
            fontSize=s.h2,
            leading=s.h2 * 1.2,
            textColor=heading,
            spaceBefore=s.gap * 2.6,
            spaceAfter=s.gap * 0.3,
            keepWithNext=1,
        ),
        "h3": derive(
            "h3",
            fontName=bold,
            fontSize=s.h3,
            leading=s.h3 * 1.3,
            textColor=heading,
            spaceBefore=0,
            spaceAfter=s.gap * 0.4,
            keepWithNext=1,
        ),
        "item": derive(
            "item",
            leftIndent=s.body * 1.35,
            bulletIndent=s.body * 0.2,
            spaceAfter=s.leading * 0.3,
            bulletFontName=font,
        ),
        "check_item": derive(
            "check_item",
            leftIndent=s.body * 1.6,
            bulletIndent=s.body * 0.1,
            spaceAfter=s.leading * 0.3,
            bulletFontName=fallback,
        ),
        "box": derive("box", spaceAfter=0),
        "small": derive(
            "small",
            fontSize=s.small,
            leading=s.small * 1.4,
            textColor=MUTED,
            spaceAfter=s.small * 0.4,
        ),
        "small_item": derive(
            "small_item",
            fontSize=s.small,
            leading=s.small * 1.4,
            textColor=MUTED,
            leftIndent=s.small * 1.6,
            bulletIndent=0,
            bulletFontSize=s.small,
            spaceAfter=s.small * 0.4,
            bulletFontName=font,
        ),
        "header": derive(
            "header",
            fontName=bold,
            fontSize=s.furniture,
            leading=s.furniture * 1.2,
            textColor=heading,
            spaceAfter=0,
        ),
        "footer": derive(
            "footer", fontSize=s.furniture, leading=s.furniture * 1.2, textColor=MUTED, spaceAfter=0
        ),
        "draft_band": derive(
            "draft_band",
            fontName=bold,
            fontSize=s.furniture,
            leading=s.furniture * 1.25,
            textColor=TEXT,
            spaceAfter=0,
        ),
        "footer_page": derive(
            "footer_page",
            fontName=bold,
            fontSize=s.furniture,
            leading=s.furniture * 1.2,
            textColor=MUTED,
            alignment=TA_RIGHT,
            spaceAfter=0,
        ),
        "toc_title": derive(
            "toc_title",
            fontName=bold,
            fontSize=s.body + 1,
            leading=(s.body + 1) * 1.3,
            textColor=heading,
            spaceAfter=1,
        ),
        "toc_summary": derive("toc_summary", textColor=MUTED, spaceAfter=0, leading=s.body * 1.35),
        "toc_page": derive(
            "toc_page",
            fontName=bold,
            fontSize=s.body + 1,
            leading=(s.body + 1) * 1.3,
            textColor=heading,
            alignment=TA_RIGHT,
            spaceAfter=0,
        ),
        "cover_clinic": derive(
            "cover_clinic",
            fontName=bold,
            fontSize=s.h3 + 2,
            leading=(s.h3 + 2) * 1.25,
            textColor=heading,
            spaceAfter=0,
        ),
        "cover_title": derive(
            "cover_title",
            fontName=bold,
            fontSize=s.cover_title,
            leading=s.cover_title * 1.15,
            textColor=on_primary,
            spaceAfter=s.gap,
        ),
        "cover_subtitle": derive(
            "cover_subtitle",
            fontSize=s.lead + 2,
            leading=(s.lead + 2) * 1.35,
            textColor=on_primary,
            spaceAfter=0,
        ),
        "cover_note": derive("cover_note", textColor=MUTED, spaceAfter=0),
        "contact_name": derive(
            "contact_name",
            fontName=bold,
            fontSize=s.h3,
            leading=s.h3 * 1.3,
            textColor=heading,
            spaceAfter=s.gap * 0.4,
        ),
        "contact_heading": derive(
            "contact_heading",
            fontName=bold,
            fontSize=s.h3,
            leading=s.h3 * 1.3,
            textColor=heading,
            spaceBefore=s.gap * 1.5,
            spaceAfter=s.gap * 0.4,
            keepWithNext=1,
        ),
        "qr_caption": derive(
            "qr_caption",
            fontSize=s.small,
            leading=s.small * 1.25,
            textColor=MUTED,
            spaceAfter=0,
            spaceBefore=2,
        ),
        "contact": derive("contact", spaceAfter=s.leading * 0.15),
        # The language-help page: a line per language, at the margin its script starts from.
        "language_line": language_line,
        "language_line_other": derive(
            "language_line_other", parent=language_line, alignment=TA_RIGHT
        ),
    }
    # Colour objects, not "#RRGGBB" strings: ReportLab would parse a string again at every use
    # (tens of thousands of times in a long booklet).
    for style in styles.values():
        for attr in ("textColor", "bulletColor", "backColor", "borderColor"):
            value = getattr(style, attr, None)
            if isinstance(value, str):
                setattr(style, attr, HexColor(value))
    return styles


@cache
def register_family(
    name: str,
    has_italics: bool = True,
    faces_now: tuple[str, ...] = ("regular", "bold", "italic", "bold_italic"),
) -> str:
    """Register a bundled family's faces (those in `faces_now`) once per process, and the
    family's names for all four; return its registered name.

    With `has_italics` false the family gets its own face names ("…-Plain") and its italics are
    its bold, so `<i>` in content prints bold (large print). Reusing the normal names instead
    would re-map them for every later build in the same process.
    """
    family = fonts.family(name)
    base = name.replace(" ", "") + ("" if has_italics else "-Plain")
    bold = base + "-Bold"
    if has_italics:
        italic, bold_italic = base + "-Italic", base + "-BoldItalic"
    else:
        italic = bold_italic = bold
    faces = {
        "regular": (base, family.regular),
        "bold": (bold, family.bold),
        "italic": (italic, family.italic if has_italics else family.bold),
        "bold_italic": (bold_italic, family.bold_italic if has_italics else family.bold),
    }
    registered = set(pdfmetrics.getRegisteredFontNames())
    for key in faces_now:
        face, path = faces[key]
        if face not in registered:
            pdfmetrics.registerFont(true_type_font(face, str(path)))
            registered.add(face)
    pdfmetrics.registerFontFamily(
        base, normal=base, bold=bold, italic=italic, boldItalic=bold_italic
    )
    return base


def _register_face(face: fonts.ScriptFace, has_italics: bool) -> str:
    return register_script_face(face, has_italics)


@cache
def register_script_face(face: fonts.ScriptFace, has_italics: bool = True) -> str:
    """Register a script face (regular and bold) once per process, as a family whose italics
    are upright (these scripts have none); return its family name.

    Without `has_italics` (large print) its italics are its bold, as for the text family. A
    face with no bold file has its regular registered under the bold name too, drawn with its
    strokes thickened (`shaping.faux_bold`), so that ReportLab's family has a bold of its own."""
    base = fonts.script_family(face, has_italics)
    bold = base + "-Bold"
    registered = set(pdfmetrics.getRegisteredFontNames())
    if base not in registered:
        pdfmetrics.registerFont(true_type_font(base, str(fonts.script_face_path(face.regular))))
    if bold not in registered and face.bold is not None:
        pdfmetrics.registerFont(true_type_font(bold, str(fonts.script_face_path(face.bold))))
    elif bold not in registered:
        # The regular face again, under the bold name: ReportLab gives a name whose face it
        # already has the font it registered first, so the file is not read twice.
        twin = copy.copy(pdfmetrics.getFont(base))
        twin.fontName = bold
        pdfmetrics.registerFont(twin)
    if face.bold is None:
        shaping.faux_bold.add(bold)
    italic = base if has_italics else bold
    pdfmetrics.registerFontFamily(base, normal=base, bold=bold, italic=italic, boldItalic=bold)
    return base
