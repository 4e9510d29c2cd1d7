"""The yardstick: a bare ReportLab Platypus script that lays out the same kind of booklet.

    python benchmarks/baseline.py CONTENT_DIR OUT.pdf

It reads a content directory with `yaml.safe_load` and writes a letter-size booklet with the same
type sizes and margins as cdbooklet's default theme: a cover (logo, clinic, title band), the
introduction, a table of contents (`TableOfContents` over `multiBuild`), a section per therapy
(heading, summary, body paragraphs, bulleted tips, cautions and questions, small references),
the closing with the disclaimer in a box, and a running header and a footer with the short
disclaimer and the page number on every page. It uses the bundled fonts from fonts/ (the four
Atkinson Hyperlegible faces, and DejaVu Sans for the tick box bullet).

What it leaves out is what cdbooklet adds on purpose: validation and line-numbered errors,
branding logic (contrast checks, tints, derived styles), glyph coverage checks, safe markup,
"Page X of Y", tinted boxes that move whole, QR codes and atomic writing. `benchmarks/run.py`
prints every cdbooklet figure as a ratio to this script's. Never imports cdbooklet.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from xml.sax.saxutils import escape

import yaml
from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    Image,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

FONTS = Path(__file__).resolve().parents[1] / "fonts"
FONT = "Atkinson"
SIDE, TOP, BOTTOM = 1.1 * inch, 0.7 * inch, 0.55 * inch


def register_fonts() -> None:
    faces = {
        FONT: "Regular",
        FONT + "-Bold": "Bold",
        FONT + "-Italic": "Italic",
        FONT + "-BoldItalic": "BoldItalic",
    }
    for name, style in faces.items():
        pdfmetrics.registerFont(TTFont(name, str(FONTS / f"AtkinsonHyperlegible-{style}.ttf")))
    pdfmetrics.registerFontFamily(
        FONT,
        normal=FONT,
        bold=FONT + "-Bold",
        italic=FONT + "-Italic",
        boldItalic=FONT + "-BoldItalic",
    )
    pdfmetrics.registerFont(TTFont("DejaVu", str(FONTS / "DejaVuSans.ttf")))


def styles(primary: colors.Color) -> dict[str, ParagraphStyle]:
    body = ParagraphStyle(
        "body",
        fontName=FONT,
        fontSize=14,
        leading=21,
        spaceAfter=11.5,
        textColor=colors.HexColor("#1A1A1A"),
    )

    def style(name: str, **kw: object) -> ParagraphStyle:
        return ParagraphStyle(name, parent=body, **kw)  # type: ignore[arg-type]

    bold = FONT + "-Bold"
    return {
        "body": body,
        "lead": style("lead", fontSize=16, leading=22.4, spaceAfter=14.7),
        "h1": style(
            "h1",
            fontName=bold,
            fontSize=28,
            leading=33.6,
            textColor=primary,
            spaceBefore=24,
            spaceAfter=8,
            keepWithNext=1,
        ),
        "h2": style(
            "h2",
            fontName=bold,
            fontSize=22,
            leading=26.4,
            textColor=primary,
            spaceBefore=26,
            spaceAfter=3,
            keepWithNext=1,
        ),
        "h3": style(
            "h3",
            fontName=bold,
            fontSize=16,
            leading=20.8,
            textColor=primary,
            spaceBefore=6,
            spaceAfter=4,
            keepWithNext=1,
        ),
        "item": style("item", leftIndent=19, bulletIndent=3, spaceAfter=6.3),
        "check": style(
            "check", leftIndent=22, bulletIndent=1, spaceAfter=6.3, bulletFontName="DejaVu"
        ),
        "small": style(
            "small",
            fontSize=12,
            leading=16.8,
            leftIndent=19,
            spaceAfter=4.8,
            textColor=colors.HexColor("#4A4A4A"),
        ),
        "header": style("header", fontName=bold, fontSize=12, leading=14.4, textColor=primary),
        "footer": style("footer", fontSize=12, leading=14.4, textColor=colors.HexColor("#4A4A4A")),
        "title": style("title", fontName=bold, fontSize=36, leading=41.4, textColor=colors.white),
        "subtitle": style("subtitle", fontSize=18, leading=24.3, textColor=colors.white),
        "toc": style("toc", fontName=bold, fontSize=15, leading=19.5, textColor=primary),
    }


def inline(text: str) -> str:
    """The content's inline Markdown (bold, italic, links) as paragraph markup."""
    text = escape(text)
    text = re.sub(r"\[([^\]]+)\]\(([^)\s]+)\)", r'<a href="\2" color="blue">\1</a>', text)
    text = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", text)
    return re.sub(r"\*(.+?)\*", r"<i>\1</i>", text)


def paragraphs(text: str | None) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()]


class Booklet(BaseDocTemplate):
    """Two templates: a bare cover page, and body pages with a header and a footer."""

    def __init__(self, path: str, clinic: str, footer: str, st: dict[str, ParagraphStyle]):
        super().__init__(path, pagesize=LETTER, title="Booklet", author=clinic)
        self.clinic, self.footer, self.st = clinic, footer, st
        w, h = LETTER
        body = Frame(SIDE, BOTTOM + 40, w - 2 * SIDE, h - TOP - 40 - BOTTOM - 40, id="body")
        cover = Frame(0, 0, w, h, leftPadding=0, rightPadding=0, id="cover")
        self.addPageTemplates(
            [PageTemplate("cover", [cover]), PageTemplate("body", [body], onPage=self.furniture)]
        )

    def furniture(self, canv, doc) -> None:  # type: ignore[no-untyped-def]
        w, h = LETTER
        canv.saveState()
        header = Paragraph(escape(self.clinic), self.st["header"])
        header.wrap(w - 2 * SIDE, 100)
        header.drawOn(canv, SIDE, h - TOP - 14)
        canv.setStrokeColor(self.st["header"].textColor)
        canv.line(SIDE, h - TOP - 22, w - SIDE, h - TOP - 22)
        footer = Paragraph(escape(self.footer), self.st["footer"])
        _w, fh = footer.wrap(w - 2 * SIDE - 100, 100)
        footer.drawOn(canv, SIDE, BOTTOM)
        canv.setFont(FONT + "-Bold", 12)
        canv.drawRightString(w - SIDE, BOTTOM + fh - 12, f"Page {doc.page}")
        canv.line(SIDE, BOTTOM + fh + 7, w - SIDE, BOTTOM + fh + 7)
        canv.restoreState()

    def afterFlowable(self, flowable) -> None:  # type: ignore[no-untyped-def]
        if isinstance(flowable, Paragraph) and flowable.style.name == "h2":
            self.notify("TOCEntry", (0, flowable.getPlainText(), self.page))


def read(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def story(content: Path, booklet: dict, branding: dict, st: dict[str, ParagraphStyle]) -> list:
    therapies = {p.stem: read(p) for p in sorted((content / "therapies").glob("*.yaml"))}
    order = booklet.get("order") or sorted(therapies, key=lambda i: therapies[i]["title"])
    clinic = branding["clinic"]["name"]
    primary = st["h1"].textColor
    width = LETTER[0]

    out: list = [Spacer(1, 70)]
    if branding.get("logo"):
        out += [
            Image(
                str(content / branding["logo"]),
                width=120,
                height=84,
                hAlign="LEFT",
                kind="proportional",
            ),
            Spacer(1, 12),
        ]
    out.append(Paragraph(escape(clinic), st["h3"]))
    out.append(Spacer(1, 60))
    band = Table(
        [
            [Paragraph(escape(booklet["title"]), st["title"])],
            [Paragraph(escape(booklet.get("subtitle", "")), st["subtitle"])],
        ],
        colWidths=[width],
    )
    band.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), primary),
                ("LEFTPADDING", (0, 0), (-1, -1), SIDE),
                ("TOPPADDING", (0, 0), (-1, 0), 48),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 48),
            ]
        )
    )
    out += [band, NextPageTemplate("body"), PageBreak()]

    out.append(Paragraph("Introduction", st["h1"]))
    out += [Paragraph(inline(p), st["body"]) for p in paragraphs(booklet.get("intro"))]
    toc = TableOfContents()
    toc.levelStyles = [st["toc"]]
    out += [PageBreak(), Paragraph("Contents", st["h1"]), toc, PageBreak()]

    lists = (
        ("tips", "Getting started", "•", "item"),
        ("cautions", "Talk to your care team first if…", "•", "item"),
        ("questions", "Questions to ask your provider", "☐", "check"),
    )
    for tid in order:
        t = therapies[tid]
        out.append(Paragraph(escape(t["title"]), st["h2"]))
        out.append(Paragraph(inline(t["summary"]), st["lead"]))
        out += [Paragraph(inline(p), st["body"]) for p in paragraphs(t["body"])]
        for key, label, bullet, role in lists:
            if t.get(key):
                out.append(Paragraph(label, st["h3"]))
                out += [Paragraph(inline(i), st[role], bulletText=bullet) for i in t[key]]
        if t.get("references"):
            out.append(Paragraph("Sources", st["h3"]))
            for n, ref in enumerate(t["references"], 1):
                link = (
                    f' <a href="{escape(ref["url"])}">{escape(ref["url"])}</a>'
                    if ref.get("url")
                    else ""
                )
                out.append(Paragraph(inline(ref["text"]) + link, st["small"], bulletText=f"{n}."))

    out.append(Paragraph("In closing", st["h2"]))
    out += [Paragraph(inline(p), st["body"]) for p in paragraphs(booklet.get("closing"))]
    box = Table(
        [
            [Paragraph("Please note", st["h3"])],
            [Paragraph(inline(" ".join(paragraphs(booklet["disclaimer"]))), st["body"])],
        ],
        colWidths=[width - 2 * SIDE],
    )
    box.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.6, primary),
                ("LEFTPADDING", (0, 0), (-1, -1), 13),
                ("RIGHTPADDING", (0, 0), (-1, -1), 12),
            ]
        )
    )
    out.append(KeepTogether([box]))
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python benchmarks/baseline.py CONTENT_DIR OUT.pdf", file=sys.stderr)
        return 2
    content, out = Path(argv[0]), Path(argv[1])
    register_fonts()
    booklet, branding = read(content / "booklet.yaml"), read(content / "branding.yaml")
    primary = colors.HexColor((branding.get("colors") or {}).get("primary", "#1A548F"))
    st = styles(primary)
    doc = Booklet(str(out), branding["clinic"]["name"], booklet.get("footer", ""), st)
    doc.multiBuild(story(content, booklet, branding, st))
    print(f"Wrote {out} ({doc.page} pages)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
