"""Reading our PDFs back for tests: page text (pypdf's and poppler's), fonts, font sizes, outline,
links."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import DictionaryObject


def squash(text: str) -> str:
    """Whitespace-insensitive text, for comparing what was typed with what was printed."""
    return " ".join(text.split())


def comparable(text: str) -> str:
    """Text as pdftotext and the typist may each write it: NFKC (Arabic presentation forms are
    their letters), no white space, no invisible format characters (poppler adds direction
    embeddings around right-to-left runs)."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) != "Cf")


def pdftotext(pdf: Path, *args: str, first: int | None = None, last: int | None = None) -> str:
    """poppler's text of a PDF (or of pages `first` to `last`), in UTF-8."""
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *pages, *args, str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def page_texts(path: Path) -> list[str]:
    return [squash(p.extract_text() or "") for p in PdfReader(path).pages]


def fonts(path: Path) -> dict[str, bool]:
    """Every font named in any page's resources -> whether its program is embedded."""
    found: dict[str, bool] = {}
    for page in PdfReader(path).pages:
        resources = page.get("/Resources")
        font_dict = resources.get_object().get("/Font") if resources else None
        if not font_dict:
            continue
        for ref in font_dict.get_object().values():
            font = ref.get_object()
            name = str(font.get("/BaseFont"))
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            desc = descriptor.get_object() if descriptor is not None else DictionaryObject()
            found[name] = any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return found


def font_sizes(path: Path) -> set[float]:
    """Every text size set with Tf on any page, scaled by the text matrix."""
    sizes: set[float] = set()
    for page in PdfReader(path).pages:

        def visit(op: bytes, args: list[object], cm: object, tm: list[float]) -> None:
            if op == b"Tf":
                sizes.add(round(float(args[1]) * abs(tm[3] or 1), 2))  # type: ignore[arg-type]

        page.extract_text(visitor_operand_before=visit)
    return sizes


def outline(path: Path) -> list[tuple[str, int]]:
    """Top-level bookmarks: (title, 1-based page)."""
    reader = PdfReader(path)
    return [
        (item.title, reader.get_destination_page_number(item) + 1)
        for item in reader.outline
        if not isinstance(item, list)
    ]


def contents_numbers(text: str, titles: list[str]) -> dict[str, int]:
    """Each title's page number as printed in the contents text (after its summary)."""
    found: dict[str, int] = {}
    for title in titles:
        m = re.search(re.escape(title) + r"\b.*?\s(\d{1,3})(?=\s|$)", text)
        if m:
            found[title] = int(m.group(1))
    return found


def internal_links(path: Path, page_number: int) -> list[int]:
    """The 1-based target page of every internal link on a page."""
    reader = PdfReader(path)
    page = reader.pages[page_number - 1]
    targets: list[int] = []
    named = reader.named_destinations
    for annot in page.get("/Annots") or []:
        a = annot.get_object()
        if a.get("/Subtype") != "/Link":
            continue
        dest = a.get("/Dest")
        if dest is None and "/A" in a and a["/A"].get("/S") == "/GoTo":
            dest = a["/A"].get("/D")
        if dest is None:
            continue
        if isinstance(dest, str) or hasattr(dest, "original_bytes"):
            dest = named[str(dest)]
            targets.append(reader.get_destination_page_number(dest) + 1)
        else:
            targets.append(reader.get_page_number(dest[0].get_object()) + 1)
    return targets
