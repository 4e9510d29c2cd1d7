"""Saddle-stitch imposition: any PDF's pages, two to a sheet side, in the order that folds.

Owns the page order (padding, signatures), the choice of sheet, the placement maths (scale,
centring, /Rotate, creep, long-edge turning), fold marks and the imposed PDF itself. Uses pypdf
only: each source page becomes one Form XObject (its content stream, copied without re-encoding,
plus its resources, shared between pages) drawn once with a `cm` transform. That is several times
faster than pypdf's `merge_transformed_page`, which copies and re-parses every page, and keeps the
output about the size of the input.

What prints is what a viewer prints:
- A page's box is its TrimBox (else its CropBox), and the page is clipped to it: a print-shop
  file's bleed and crop marks are dropped, so they never land on the fold or the next page.
- Every annotation a viewer prints (print flag set, not hidden: filled form fields, ticked
  boxes, stamps, comments) is flattened into the page by drawing its normal appearance stream
  (for a checkbox or radio button, the one its /AS state names) at its /Rect, as PDF 32000-1
  12.5.5 says. One with no appearance stream cannot be printed: it is left out, with a warning.
  Nothing stays interactive: the imposed PDF is for printing.
- Optional-content layers keep their state: the catalog's /OCProperties is carried over, so a
  layer that is off stays off.
- A PDF encrypted with an empty user password (RC4, AES-128, AES-256) opens as in a viewer;
  one that needs a password, or forbids printing, is refused.

Padding blanks go at the end, or for cdbooklet's own booklets (whose last page is the back cover)
just before the last page. A page fitted below 95% of its size, pages of mixed sizes and a fold
of more than 12 sheets each give a one-line warning.

Never imports ReportLab or Click; raises BookletError (naming the input file) for every problem a
user's PDF can cause, and never writes anything except through `output.write_atomic`.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any, Literal, cast

from pypdf import PageObject, PasswordType, PdfReader, PdfWriter
from pypdf.constants import UserAccessPermissions
from pypdf.errors import DependencyError, PyPdfError
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    RectangleObject,
    StreamObject,
    TextStringObject,
)

from cdbooklet.errors import BookletError, Report
from cdbooklet.pdf.objects import add_object
from cdbooklet.press.tagged import Placement, carry_structure

SheetName = Literal["letter", "a4", "tabloid", "a3"]
Duplex = Literal["short-edge", "long-edge"]
Blanks = Literal["end", "before-back-cover"]

SHEET_NAMES: tuple[SheetName, ...] = ("letter", "a4", "tabloid", "a3")
BLANKS: tuple[Blanks, ...] = ("end", "before-back-cover")
Binding = Literal["left", "right"]
BINDINGS: tuple[Binding, ...] = ("left", "right")
_SHEETS: dict[str, tuple[float, float]] = {
    # Portrait width x height in points; an imposed sheet is always used landscape.
    "letter": (612.0, 792.0),
    "a4": (595.2756, 841.8898),
    "tabloid": (792.0, 1224.0),
    "a3": (841.8898, 1190.5512),
}
MAX_PAGES = 10_000
"""More pages than this is refused: no paper booklet is that long, and it bounds the work."""
MM = 72 / 25.4
"""Points per millimetre."""
SMALL_SCALE = 0.95
"""A page fitted below this share of its size gets a warning."""
MIN_SCALE = 0.5
"""With no --sheet, pages that no stocked sheet prints at least this large are refused: the
message names the sheet that prints them largest, to choose it knowingly."""
MAX_FOLD_SHEETS = 12
"""More sheets than this in one fold gets a warning suggesting --signature."""
SUGGESTED_SIGNATURE = 16
"""The gathering suggested for a thick booklet: 16 pages, 4 sheets, folds flat."""
OWN_CREATOR = "cdbooklet"
"""What the /Creator of cdbooklet's PDFs starts with ("cdbooklet 0.2.0", layout.document)."""
_PRINT, _HIDDEN = 4, 2
"""Annotation flags (/F): printed, hidden (PDF 32000-1 12.5.3)."""

# Fold mark: a faint dashed tick at each end of the sheet's centre line, on the fronts only (the
# outside of each folded sheet, the side you look at while creasing it), so pages stay clean.
_FOLD_MARK_LENGTH = 12.0
_FOLD_MARK = "q 0.3 w 0.6 G [2 2] 0 d {x} 0 m {x} {a} l S {x} {b} m {x} {h} l S Q\n"

# What pypdf lets through on a damaged file besides its own errors (ValueError, TypeError and
# AttributeError all turned up when fuzzing it with broken copies of our booklets): bad numbers
# and names, objects of the wrong kind, missing or out-of-range objects (KeyError, IndexError),
# deep nesting (RecursionError), broken Flate data (zlib.error). Anything else keeps its traceback.
_DAMAGED = (
    PyPdfError,
    ValueError,
    TypeError,
    AttributeError,
    KeyError,
    IndexError,
    RecursionError,
    zlib.error,
)

Matrix = tuple[float, float, float, float, float, float]
Box = tuple[float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass(frozen=True, slots=True)
class ImposeOptions:
    """How to impose: the sheet, the printer's duplex, gatherings, creep and fold marks."""

    sheet: SheetName | None = None
    """The paper printed on, used landscape; None: the sheet two pages fit exactly."""
    duplex: Duplex = "short-edge"
    """How the printer turns the sheet; on long-edge the backs are turned 180 degrees."""
    is_manual_duplex: bool = False
    """Fronts and backs as two PDFs, for a printer that prints one side at a time."""
    signature: int | None = None
    """Pages per folded gathering (a multiple of 4); None: one gathering for the whole book."""
    creep_mm: float = 0.0
    """How far (mm) the innermost sheet's pages move toward the fold; outer sheets move less."""
    has_fold_marks: bool = True
    """A faint dashed tick at each end of the fold."""
    blanks: Blanks | None = None
    """Where the blanks that pad the pages to a multiple of 4 go: "end" (after the last page) or
    "before-back-cover" (just before the last page, which stays on the outside). None: before
    the back cover for cdbooklet's own booklets, at the end for any other PDF."""
    binding: Binding | None = None
    """Which edge the folded booklet is bound on: "left" (read left to right) or "right" (a
    right-to-left booklet: Arabic, Hebrew, Persian, Urdu, whose front cover is on the right of
    the spread). None: the source's /Direction (R2L binds on the right), else left."""

    def __post_init__(self) -> None:
        if self.binding is not None and self.binding not in BINDINGS:
            raise ValueError(f"binding must be one of {', '.join(BINDINGS)}, not {self.binding!r}")
        if self.blanks is not None and self.blanks not in BLANKS:
            raise ValueError(f"blanks must be one of {', '.join(BLANKS)}, not {self.blanks!r}")
        if self.signature is not None and (self.signature < 4 or self.signature % 4):
            raise ValueError(f"signature must be a positive multiple of 4, not {self.signature}")
        if not 0 <= self.creep_mm <= 50:
            raise ValueError(f"creep must be between 0 and 50 mm, not {self.creep_mm}")


@dataclass(frozen=True, slots=True)
class Sheet:
    """The paper an imposed page is printed on, landscape, in points."""

    name: str
    """"letter", "a4", "tabloid", "a3", or a size such as "300 x 200 mm"."""
    width: float
    height: float


@dataclass(frozen=True, slots=True)
class SheetPlan:
    """One sheet: which logical page goes where, 1-based source page numbers, None for a blank."""

    front: tuple[int | None, int | None]
    """(left, right) on the front: the outside of the folded sheet."""
    back: tuple[int | None, int | None]
    """(left, right) on the back."""
    creep: float
    """0 for a gathering's outermost sheet, rising to 1 for its innermost."""


@dataclass(frozen=True, slots=True)
class Imposition:
    """An imposed booklet in memory, ready to write."""

    parts: tuple[bytes, ...]
    """One PDF (front, back, front, back…), or with manual duplex two: fronts, then backs."""
    sheet: Sheet
    sheets: int
    """Sheets of paper, each printed on both sides."""
    pages: int
    """Pages in the source PDF."""
    blanks: int
    """Blank pages added to reach a multiple of 4."""
    is_manual_duplex: bool = False
    blanks_at: Blanks = "end"
    """Where the blanks went: after the last page, or just before it (the back cover)."""
    binding: Binding = "left"
    """The edge the folded booklet is bound on."""


@dataclass(frozen=True, slots=True)
class Imposed:
    """An imposed booklet written to disk: where, and what it holds."""

    paths: tuple[Path, ...]
    imposition: Imposition

    def summary(self) -> str:
        """What was made, for the command's output line, e.g. "15 pages + 1 blank, imposed for
        saddle stitching on 4 tabloid sheets"."""
        i = self.imposition
        pages = f"{i.pages} page{'s' if i.pages != 1 else ''}"
        blanks = f" + {i.blanks} blank{'s' if i.blanks != 1 else ''}" if i.blanks else ""
        sheets = f"{i.sheets} {i.sheet.name} sheet{'s' if i.sheets != 1 else ''}"
        bound = ", bound on the right" if i.binding == "right" else ""
        return f"{pages}{blanks}, imposed for saddle stitching on {sheets}{bound}"

    def instructions(self) -> str | None:
        """With manual duplex, one line telling the volunteer how to re-feed the paper."""
        if not self.imposition.is_manual_duplex:
            return None
        fronts, backs = self.paths
        return (
            f"Print {fronts.name}, put the printed stack back in the paper tray as it came "
            f"out (face down, not turned round or reordered), then print {backs.name}."
        )


def plan_sheets(
    page_count: int, signature: int | None = None, blanks: Blanks = "end"
) -> tuple[SheetPlan, ...]:
    """The saddle-stitch order for `page_count` pages, gathering by gathering.

    Pages are padded with blanks to a multiple of 4. With `blanks="end"` they follow the last
    page (any document: a 17-page specification reads p16, p17, blank...); with
    "before-back-cover" they go just before the last page so the back cover stays on the
    outside. A single page is the front cover either way: its blanks follow it.
    For n logical pages, sheet i (0-based) carries n-2i and 1+2i on the front and 2+2i and n-1-2i
    on the back, so the middle sheet's inside spread is n/2, n/2+1 and the folded stack reads in
    order. With a signature of N pages each run of N pages is its own little booklet (the last
    may be shorter); the gatherings stack, in order, into one book.
    """
    if page_count < 1:
        raise ValueError("nothing to impose")
    pages: list[int | None] = list(range(1, page_count + 1))
    padding = -page_count % 4
    if page_count == 1 or blanks == "end":
        pages += [None] * padding
    else:
        pages[-1:-1] = [None] * padding
    size = signature or len(pages)
    plans: list[SheetPlan] = []
    for start in range(0, len(pages), size):
        gathering = pages[start : start + size]
        n = len(gathering)
        count = n // 4
        for i in range(count):
            plans.append(
                SheetPlan(
                    front=(gathering[n - 1 - 2 * i], gathering[2 * i]),
                    back=(gathering[2 * i + 1], gathering[n - 2 - 2 * i]),
                    creep=i / (count - 1) if count > 1 else 0.0,
                )
            )
    return tuple(plans)


def default_sheet(page_width: float, page_height: float) -> Sheet:
    """The sheet for pages of this size (as shown): the one two of them fit exactly, A5 -> A4,
    half-letter -> letter, letter -> tabloid, A4 -> A3 (all landscape); else the stocked sheet
    that prints them largest (ties: the smaller paper), e.g. tabloid for letter landscape."""
    width, height = 2 * page_width, page_height
    for name, (short, long) in _SHEETS.items():
        if abs(width - long) <= 0.01 * long and abs(height - short) <= 0.01 * short:
            return Sheet(name, long, short)
    return _largest_print(page_width, page_height)


def named_sheet(name: SheetName) -> Sheet:
    """A named sheet, landscape."""
    short, long = _SHEETS[name]
    return Sheet(name, long, short)


def fit_scale(page_width: float, page_height: float, sheet: Sheet) -> float:
    """How much a page of this size (as shown) is scaled to fit half the sheet: never up."""
    return min(1.0, sheet.width / 2 / page_width, sheet.height / page_height)


def _largest_print(page_width: float, page_height: float) -> Sheet:
    """The stocked sheet that prints pages of this size largest; ties go to the smaller paper."""
    sheets = sorted((named_sheet(name) for name in SHEET_NAMES), key=lambda s: s.width * s.height)
    # A scale within a thousandth of another is the same print: the smaller paper wins.
    best, largest = sheets[0], fit_scale(page_width, page_height, sheets[0])
    for sheet in sheets[1:]:
        scale = fit_scale(page_width, page_height, sheet)
        if scale > largest + 1e-3:
            best, largest = sheet, scale
    return best


def impose_saddle_stitch(
    source: Path | bytes | PdfReader,
    options: ImposeOptions = ImposeOptions(),  # noqa: B008 (frozen, so a shared default is safe)
    *,
    name: Path | None = None,
    report: Report | None = None,
) -> Imposition:
    """Impose a PDF (a path, its bytes or an open reader) for saddle stitching.

    `name` is the file named in error messages and warnings (default: the path, or
    "document.pdf"). Warnings (pages shrunk below 95%, mixed page sizes, a fold of more than 12
    sheets, annotations that cannot be printed) go to `report`, one line each. An encrypted
    reader must open with an empty password, as every viewer does.
    """
    where = name or (source if isinstance(source, Path) else Path("document.pdf"))
    reader = source if isinstance(source, PdfReader) else _open(source, where)
    with _reading(where):
        _unlock(reader, where)
        pages = _source_pages(reader, where)
        info = _document_info(reader)
        layers = _optional_content(reader)
        blanks = options.blanks or ("before-back-cover" if is_own_booklet(reader) else "end")
        binding = options.binding or ("right" if reads_right_to_left(reader) else "left")
    plans = plan_sheets(len(pages), options.signature, blanks)
    if binding == "right":
        # Bound on the right: each side is the left-bound one seen in a mirror, the front cover
        # on the left of the outer sheet's front, and the spreads read from right to left.
        plans = tuple(SheetPlan(plan.front[::-1], plan.back[::-1], plan.creep) for plan in plans)
    cover = pages[0]
    if options.sheet:
        sheet = named_sheet(options.sheet)
    else:
        sheet = default_sheet(cover.width, cover.height)
        scale = fit_scale(cover.width, cover.height, sheet)
        if scale < MIN_SCALE - 1e-9:
            raise BookletError.at(
                where,
                0,
                f"pages of {_size(cover)} would print at {scale:.0%} of their size even on "
                f"{_a(sheet.name)} sheet, the paper that prints them largest: to print them "
                f"that small anyway, choose it with --sheet {sheet.name}",
            )
    if report is not None:
        for message in _warnings(pages, plans, sheet, options):
            report.warn(where, 0, message)
    sides = [(plan, "front") for plan in plans], [(plan, "back") for plan in plans]
    if options.is_manual_duplex:
        # Backs in reverse order. An output tray stacks each sheet on top of the last and a paper
        # tray feeds from the top, so when the printed stack goes back in as it came out (face
        # down, as most office lasers deliver it and want it back), the last front printed is the
        # first sheet fed for the backs. A printer that needs the stack turned over sees the
        # opposite order; the README tells its owner to print the backs in reverse.
        groups = [sides[0], list(reversed(sides[1]))]
    else:
        groups = [[side for pair in zip(*sides, strict=True) for side in pair]]
    # A tagged source stays tagged when one PDF holds every page (not the two of a manual
    # duplex): its structure tree is carried into the sheets (see press.tagged).
    structure = None if options.is_manual_duplex else _structure(reader)
    with _reading(where):
        parts = tuple(
            _write(pages, info, layers, group, sheet, options, structure) for group in groups
        )
    padding = 4 * len(plans) - len(pages)
    return Imposition(
        parts, sheet, len(plans), len(pages), padding, options.is_manual_duplex, blanks, binding
    )


def reads_right_to_left(reader: PdfReader) -> bool:
    """Whether a PDF says it reads right to left (/ViewerPreferences /Direction /R2L), as a
    cdbooklet booklet in Arabic, Hebrew, Persian or Urdu does."""
    try:
        preferences = reader.root_object.get("/ViewerPreferences")
        preferences = preferences.get_object() if preferences is not None else None
        direction = preferences.get("/Direction") if isinstance(preferences, dict) else None
        return str(direction) == "/R2L"
    except _DAMAGED:
        return False


def is_own_booklet(reader: PdfReader) -> bool:
    """Whether this PDF is a booklet cdbooklet made, whose last page is its back cover: its
    /Creator starts with "cdbooklet" (layout.document writes "cdbooklet VERSION") and it is not
    a handout (which layout.handout marks by naming its own title first in its keywords)."""
    meta = reader.metadata
    creator = _text(meta.get("/Creator")) if meta else None
    if creator is None or not creator.startswith(OWN_CREATOR):
        return False
    title = _text(meta.get("/Title")) if meta else None
    keywords = (_text(meta.get("/Keywords")) if meta else None) or ""
    return not (title and (keywords == title or keywords.startswith(f"{title}, ")))


def _text(value: object) -> str | None:
    value = value.get_object() if isinstance(value, IndirectObject) else value
    return str(value) if isinstance(value, str) else None


def imposition_paths(out: Path, is_manual_duplex: bool) -> tuple[Path, ...]:
    """The files an imposition is written to: `out`, or with manual duplex OUT-fronts.pdf and
    OUT-backs.pdf."""
    out = Path(out)
    if not is_manual_duplex:
        return (out,)
    suffix = out.suffix or ".pdf"
    return (out.with_name(f"{out.stem}-fronts{suffix}"), out.with_name(f"{out.stem}-backs{suffix}"))


def write_imposition(imposition: Imposition, out: Path) -> Imposed:
    """Write an imposition to `out`, or with manual duplex to OUT-fronts.pdf and OUT-backs.pdf,
    both new or both as they were: fronts from one run and backs from another would print a
    booklet whose pages do not match."""
    from cdbooklet.press.output import write_together

    paths = imposition_paths(out, imposition.is_manual_duplex)
    write_together(list(zip(paths, imposition.parts, strict=True)))
    return Imposed(paths, imposition)


def impose_file(
    source: Path, out: Path, options: ImposeOptions, report: Report | None = None
) -> Imposed:
    """Impose the PDF at `source` and write the result next to `out` (see write_imposition);
    refused when an output would replace the input. Warnings go to `report`."""
    from cdbooklet.press.output import refuse_inputs

    refuse_inputs(imposition_paths(out, options.is_manual_duplex), [(source, "the PDF to impose")])
    return write_imposition(impose_saddle_stitch(Path(source), options, report=report), out)


# --- warnings ------------------------------------------------------------------------------


def _warnings(
    pages: Sequence[_Page], plans: Sequence[SheetPlan], sheet: Sheet, options: ImposeOptions
) -> list[str]:
    """One line for each thing worth knowing before printing: mixed sizes, pages shrunk below
    95%, a fold too thick to crease, annotations that cannot be printed."""
    found: list[str] = []
    sizes: list[tuple[_Page, int]] = []  # one page of each size, and how many have it
    for page in pages:
        for i, (seen, count) in enumerate(sizes):
            if abs(seen.width - page.width) <= 1 and abs(seen.height - page.height) <= 1:
                sizes[i] = (seen, count + 1)
                break
        else:
            sizes.append((page, 1))
    if len(sizes) > 1:
        sizes.sort(key=lambda item: -item[1])
        listed = ", ".join(f"{count} of {_size(page)}" for page, count in sizes[:3])
        more = f" and {len(sizes) - 3} more sizes" if len(sizes) > 3 else ""
        found.append(
            f"the pages are of {len(sizes)} sizes ({listed}{more}): each is fitted to half "
            "the sheet on its own, so they print at different scales"
        )
    scales = {n: fit_scale(p.width, p.height, sheet) for n, p in enumerate(pages, 1)}
    small = [n for n, scale in scales.items() if scale < SMALL_SCALE]
    if small:
        low, high = min(scales[n] for n in small), max(scales[n] for n in small)
        at = f"{low:.0%}" if round(low * 100) == round(high * 100) else f"{low:.0%} to {high:.0%}"
        verb, whose = ("prints", "its") if len(small) == 1 else ("print", "their")
        found.append(
            f"{_pages(small)} {verb} at {at} of {whose} size, to fit half "
            f"{_a(sheet.name)} sheet{_larger(sheet, [pages[n - 1] for n in small], low)}"
        )
    # Every gathering but the last holds signature / 4 sheets; the last may hold fewer.
    thickest = min(len(plans), options.signature // 4) if options.signature else len(plans)
    if thickest > MAX_FOLD_SHEETS:
        found.append(
            f"one fold of {thickest} sheets is too thick to fold flat and staple: fold it in "
            f"gatherings, e.g. with --signature {SUGGESTED_SIGNATURE} "
            f"({SUGGESTED_SIGNATURE // 4} sheets each)"
        )
    unprintable = [(n, what) for n, page in enumerate(pages, 1) for what in page.unprintable]
    if len(unprintable) == 1:
        number, what = unprintable[0]
        found.append(
            f"{what} on page {number} has no appearance stream, so it cannot be printed: it "
            "is left out"
        )
    elif unprintable:
        numbers = sorted({n for n, _ in unprintable})
        found.append(
            f"{len(unprintable)} annotations (form fields, comments) on {_pages(numbers)} have "
            "no appearance stream, so they cannot be printed: they are left out"
        )
    return found


def _larger(sheet: Sheet, pages: Sequence[_Page], low: float) -> str:
    """A hint naming the stocked sheet that prints these pages largest, when it beats `sheet`:
    " (--sheet tabloid prints them at full size)"; "" when none does."""
    best, best_low = sheet, low
    for other in sorted((named_sheet(n) for n in SHEET_NAMES), key=lambda s: s.width * s.height):
        other_low = min(fit_scale(p.width, p.height, other) for p in pages)
        if other_low > best_low + 1e-3:
            best, best_low = other, other_low
    if best is sheet:
        return ""
    them = "it" if len(pages) == 1 else "them"
    same = max(fit_scale(p.width, p.height, best) for p in pages) - best_low < 5e-3
    at = "full size" if best_low >= 1 else f"{best_low:.0%}" + ("" if same else " or more")
    return f" (--sheet {best.name} prints {them} at {at})"


def _pages(numbers: Sequence[int]) -> str:
    """The pages, for a message: "page 3", "pages 1-4, 7" (six runs at most, then "...")."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    text = ", ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in runs[:6])
    text += ", ..." if len(runs) > 6 else ""
    return f"page {text}" if len(numbers) == 1 else f"pages {text}"


def _size(page: _Page) -> str:
    return f"{page.width / MM:.0f} x {page.height / MM:.0f} mm"


def _a(name: str) -> str:
    """A sheet's name with its article: "a letter", "an a4"."""
    return f"an {name}" if name[:1] in "aeio" else f"a {name}"


# --- reading -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Stamp:
    """A printable annotation's appearance: the Form XObject (a reference into the source), the
    `cm` that places it on its /Rect, and its optional-content group, if any."""

    appearance: PdfObject
    matrix: Matrix
    layer: PdfObject | None


@dataclass(frozen=True, slots=True)
class _Page:
    """A source page as drawn: its pypdf object, its box (TrimBox, else CropBox), its /Rotate,
    the annotations flattened onto it and those that cannot be printed."""

    page: PageObject
    box: tuple[float, float, float, float]
    rotation: int
    stamps: tuple[_Stamp, ...] = ()
    unprintable: tuple[str, ...] = ()
    """What each printable annotation with no appearance stream is, e.g. 'the form field "Name"'."""

    @property
    def width(self) -> float:
        """The width as shown, after /Rotate."""
        x0, y0, x1, y1 = self.box
        return (y1 - y0) if self.rotation in (90, 270) else (x1 - x0)

    @property
    def height(self) -> float:
        x0, y0, x1, y1 = self.box
        return (x1 - x0) if self.rotation in (90, 270) else (y1 - y0)


@contextmanager
def _reading(where: Path) -> Iterator[None]:
    """Turn pypdf's complaints about a damaged file into one sentence naming the file."""
    # pypdf logs what it repairs in a damaged file; our one sentence is all a user should see.
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    except DependencyError:  # AES without the cryptography package (a broken installation)
        raise BookletError.at(
            where,
            0,
            "this PDF is encrypted with AES, and opening it needs the cryptography package: "
            "pip install cryptography",
        ) from None
    except NotImplementedError:  # an encryption pypdf does not know (a certificate, say)
        raise BookletError.at(
            where, 0, "this PDF is encrypted: remove the password first"
        ) from None
    except _DAMAGED:
        raise BookletError.at(where, 0, "this is not a PDF file or it is damaged") from None
    finally:
        logger.setLevel(level)


def _open(source: Path | bytes, where: Path) -> PdfReader:
    if isinstance(source, Path):
        try:
            data = source.read_bytes()
        except FileNotFoundError:
            raise BookletError.at(where, 0, "there is no such file") from None
        except IsADirectoryError:
            raise BookletError.at(where, 0, "this is a folder, not a PDF file") from None
        except OSError as exc:
            raise BookletError.at(where, 0, f"cannot read this file ({exc.strerror})") from None
    else:
        data = source
    # pypdf's lenient mode will "recover" almost anything, even a text file; a PDF starts with
    # %PDF- (a little junk before it is tolerated, as viewers do).
    # A complete PDF ends with %%EOF; without it the file was cut short (a failed download,
    # a full disk), and the lenient reader would quietly drop the pages it cannot find.
    if b"%PDF-" not in data[:1024] or b"%%EOF" not in data[-1024:]:
        raise BookletError.at(where, 0, "this is not a PDF file or it is damaged")
    with _reading(where):
        return PdfReader(BytesIO(data), strict=False)


def _unlock(reader: PdfReader, where: Path) -> None:
    """Open an encrypted PDF as a viewer does: with the empty password. pypdf decrypts RC4 itself
    and AES through the cryptography package, which it imports with itself (only the commands
    that read or write a PDF import pypdf). Refused when a real password is needed, or when the
    PDF's author does not allow printing it."""
    if not reader.is_encrypted:
        return
    opened = reader.decrypt("")
    if opened == PasswordType.NOT_DECRYPTED:
        raise BookletError.at(
            where,
            0,
            "this PDF needs a password to open: save a copy without one and impose that",
        )
    permissions = reader.user_access_permissions
    if opened == PasswordType.USER_PASSWORD and permissions is not None:
        if not permissions & UserAccessPermissions.PRINT:
            raise BookletError.at(
                where,
                0,
                "this PDF's author does not allow printing it: ask them for a copy that may "
                "be printed",
            )


def _source_pages(reader: PdfReader, where: Path) -> list[_Page]:
    # The declared count is cheap to read: refuse a huge file before walking its page tree.
    declared = reader.root_object.get("/Pages", DictionaryObject()).get_object()
    count = declared.get("/Count") if isinstance(declared, DictionaryObject) else None
    if isinstance(count, int) and count > MAX_PAGES:
        raise _too_many(where, count)
    total = len(reader.pages)
    if total > MAX_PAGES:
        raise _too_many(where, total)
    if total == 0:
        raise BookletError.at(where, 0, "this PDF has no pages")
    pages = []
    for number, page in enumerate(reader.pages, 1):
        box = _box(page.cropbox)
        if box[2] - box[0] < 1 or box[3] - box[1] < 1:
            raise BookletError.at(where, 0, f"page {number} has no size: the PDF is damaged")
        box = _trim(page, box)
        rotate = page.get("/Rotate", 0)
        rotate = rotate.get_object() if isinstance(rotate, IndirectObject) else rotate
        rotation = (round(float(rotate) / 90) * 90) % 360 if isinstance(rotate, int | float) else 0
        stamps, unprintable = _annotations(page)
        pages.append(_Page(page, box, rotation, stamps, unprintable))
    return pages


def _trim(page: PageObject, crop: tuple[float, float, float, float]) -> Box:
    """The finished page: its TrimBox within the CropBox (PDF 32000-1 14.11.2), or the CropBox
    when there is none or it is unusable."""
    trim = _resolved(page.get("/TrimBox"))
    if not isinstance(trim, ArrayObject) or len(trim) != 4:
        return crop
    values = [_resolved(v) for v in trim]
    if not all(isinstance(v, int | float) for v in values):
        return crop
    xa, ya, xb, yb = (float(cast(float, v)) for v in values)
    x0, y0 = max(min(xa, xb), crop[0]), max(min(ya, yb), crop[1])
    x1, y1 = min(max(xa, xb), crop[2]), min(max(ya, yb), crop[3])
    return (x0, y0, x1, y1) if x1 - x0 >= 1 and y1 - y0 >= 1 else crop


def _annotations(page: PageObject) -> tuple[tuple[_Stamp, ...], tuple[str, ...]]:
    """The annotations a viewer prints, as appearances to draw, and a description of each that
    has no appearance stream. A link or pop-up with none has nothing to print: not counted."""
    annots = _resolved(page.get("/Annots"))
    if not isinstance(annots, ArrayObject):
        return (), ()
    stamps: list[_Stamp] = []
    unprintable: list[str] = []
    for item in annots:
        annot = _resolved(item)
        if not isinstance(annot, DictionaryObject):
            continue
        flags = _resolved(annot.get("/F", 0))
        flags = int(flags) if isinstance(flags, int) else 0
        if not flags & _PRINT or flags & _HIDDEN:
            continue
        appearance = _normal_appearance(annot)
        if appearance is None:
            if _resolved(annot.get("/Subtype")) not in ("/Link", "/Popup"):
                unprintable.append(_what(annot))
            continue
        if isinstance(appearance, NameObject):  # a state with no appearance: prints nothing
            continue
        matrix = _placement(cast(StreamObject, appearance.get_object()), annot)
        if matrix is not None:
            layer = annot.raw_get("/OC") if "/OC" in annot else None
            stamps.append(_Stamp(appearance, matrix, layer))
    return tuple(stamps), tuple(unprintable)


def _normal_appearance(annot: DictionaryObject) -> PdfObject | None:
    """The annotation's normal appearance stream (a reference, as stored), the /Off-like state
    name when its /AS names a state with no appearance, or None when it has none."""
    ap = _resolved(annot.get("/AP"))
    if not isinstance(ap, DictionaryObject) or "/N" not in ap:
        return None
    normal = ap.raw_get("/N")
    if isinstance(_resolved(normal), StreamObject):
        return cast(PdfObject, normal)
    states = _resolved(normal)
    state = _resolved(annot.get("/AS"))
    if not isinstance(states, DictionaryObject) or not isinstance(state, NameObject):
        return None
    if state in states and isinstance(_resolved(states.raw_get(state)), StreamObject):
        return cast(PdfObject, states.raw_get(state))
    return state


def _placement(form: StreamObject, annot: DictionaryObject) -> Matrix | None:
    """The `cm` that draws an appearance at the annotation's /Rect (PDF 32000-1 12.5.5): its
    /BBox, through its /Matrix, is mapped onto /Rect. None when either is unusable or empty."""
    bbox = _numbers(form.get("/BBox"), 4)
    rect = _numbers(annot.get("/Rect"), 4)
    matrix = _numbers(form.get("/Matrix"), 6) or _IDENTITY
    if bbox is None or rect is None:
        return None
    a, b, c, d, e, f = matrix
    corners = [(x, y) for x in (bbox[0], bbox[2]) for y in (bbox[1], bbox[3])]
    xs = [a * x + c * y + e for x, y in corners]
    ys = [b * x + d * y + f for x, y in corners]
    rx0, ry0 = min(rect[0], rect[2]), min(rect[1], rect[3])
    rx1, ry1 = max(rect[0], rect[2]), max(rect[1], rect[3])
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    if width < 1e-6 or height < 1e-6 or rx1 - rx0 < 1e-6 or ry1 - ry0 < 1e-6:
        return None
    sx, sy = (rx1 - rx0) / width, (ry1 - ry0) / height
    return (sx, 0.0, 0.0, sy, rx0 - sx * min(xs), ry0 - sy * min(ys))


def _what(annot: DictionaryObject) -> str:
    """An annotation as a person would call it: 'the form field "Name"', 'a comment'..."""
    subtype = _resolved(annot.get("/Subtype"))
    if subtype == "/Widget":
        field: object = annot
        for _ in range(32):  # the name may be on a parent field
            if not isinstance(field, DictionaryObject):
                break
            name = _resolved(field.get("/T"))
            if isinstance(name, str):
                return f'the form field "{name}"'
            field = _resolved(field.get("/Parent"))
        return "a form field"
    if subtype in ("/Text", "/FreeText"):
        return "a comment"
    kind = str(subtype)[1:] if isinstance(subtype, NameObject) else "unknown"
    return f"an annotation ({kind})"


def _numbers(value: object, count: int) -> tuple[float, ...] | None:
    array = _resolved(value)
    if not isinstance(array, ArrayObject) or len(array) != count:
        return None
    values = [_resolved(v) for v in array]
    if not all(isinstance(v, int | float) for v in values):
        return None
    return tuple(float(cast(float, v)) for v in values)


def _resolved(value: object) -> object:
    return value.get_object() if isinstance(value, IndirectObject) else value


def _optional_content(reader: PdfReader) -> PdfObject | None:
    """The catalog's /OCProperties (as stored), so the imposed file keeps layers off that are."""
    if not isinstance(_resolved(reader.root_object.get("/OCProperties")), DictionaryObject):
        return None
    return cast(PdfObject, reader.root_object.raw_get("/OCProperties"))


def _too_many(where: Path, count: int) -> BookletError:
    return BookletError.at(
        where, 0, f"this PDF has {count:,} pages: cdbooklet imposes at most {MAX_PAGES:,}"
    )


def _box(rect: RectangleObject) -> tuple[float, float, float, float]:
    xa, ya, xb, yb = (float(v) for v in rect)
    return min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb)


def _document_info(reader: PdfReader) -> dict[str, object]:
    """The metadata and language worth keeping: title, author, subject, keywords, /Lang."""
    kept: dict[str, object] = {}
    meta = reader.metadata
    for key in ("/Title", "/Author", "/Subject", "/Keywords"):
        value = meta.get(key) if meta else None
        value = value.get_object() if isinstance(value, IndirectObject) else value
        if isinstance(value, str):
            kept[key] = value
    lang = reader.root_object.get("/Lang")
    lang = lang.get_object() if isinstance(lang, IndirectObject) else lang
    if isinstance(lang, str):
        kept["/Lang"] = lang
    return kept


# --- writing -------------------------------------------------------------------------------


def _structure(reader: PdfReader) -> DictionaryObject | None:
    """The source's structure tree, when it is a tagged PDF (/MarkInfo /Marked true)."""
    root = reader.root_object
    marked = root.get("/MarkInfo")
    marked = marked.get_object() if marked is not None else None
    tree = root.get("/StructTreeRoot")
    tree = tree.get_object() if tree is not None else None
    if not isinstance(marked, DictionaryObject) or not marked.get("/Marked"):
        return None
    return tree if isinstance(tree, DictionaryObject) and "/ParentTree" in tree else None


def _write(
    pages: Sequence[_Page],
    info: dict[str, object],
    layers: PdfObject | None,
    sides: Sequence[tuple[SheetPlan, str]],
    sheet: Sheet,
    options: ImposeOptions,
    structure: DictionaryObject | None = None,
) -> bytes:
    """One imposed PDF holding the given sheet sides, in order; `layers` is the source's
    /OCProperties, `structure` its structure tree (carried over, tagging the sheets' marks as
    artifacts)."""
    writer = PdfWriter()
    forms: dict[int, IndirectObject] = {}
    placements: dict[int, Placement] = {}
    turn_backs = options.duplex == "long-edge"
    for plan, side in sides:
        left, right = plan.front if side == "front" else plan.back
        is_back = side == "back"
        ops = ["q\n"]
        if is_back and turn_backs:
            ops.append(f"-1 0 0 -1 {_num(sheet.width)} {_num(sheet.height)} cm\n")
        xobjects = DictionaryObject()
        shift = options.creep_mm * MM * plan.creep
        for number, is_left in ((left, True), (right, False)):
            if number is None:
                continue
            page = pages[number - 1]
            if number not in forms:
                forms[number] = _form(writer, page)
            xobjects[NameObject(f"/P{number}")] = forms[number]
            ops.append(_draw(page, number, sheet, is_left, shift))
        ops.append("Q\n")
        if options.has_fold_marks and not is_back:
            mark = _FOLD_MARK.format(
                x=_num(sheet.width / 2),
                a=_num(_FOLD_MARK_LENGTH),
                b=_num(sheet.height - _FOLD_MARK_LENGTH),
                h=_num(sheet.height),
            )
            ops.append(f"/Artifact BMC\n{mark}EMC\n" if structure is not None else mark)
        target = writer.add_blank_page(sheet.width, sheet.height)
        if structure is not None:
            for number in (left, right):
                if number is None:
                    continue
                source = pages[number - 1]
                drawn = forms[number]
                if source.stamps:  # the page's own content is the form inside, /C
                    inner = cast(Any, drawn.get_object())["/Resources"]["/XObject"]["/C"]
                    drawn = cast(IndirectObject, inner)
                reference = source.page.indirect_reference
                key = source.page.get("/StructParents")
                if reference is not None:
                    placements[reference.idnum] = (
                        cast(IndirectObject, target.indirect_reference),
                        drawn,
                        int(key) if key is not None else None,
                    )
        target[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): xobjects})
        content = DecodedStreamObject()
        content.set_data("".join(ops).encode("ascii"))
        target[NameObject("/Contents")] = add_object(writer, content.flate_encode())
    _set_document(writer, info, options)
    if structure is not None:
        carry_structure(
            writer,
            structure,
            placements,
            title=str(info.get("/Title", "")),
            author=str(info.get("/Author", "")),
            language=str(info.get("/Lang", "")),
        )
    if layers is not None:
        # Cloned through the same table as the pages' resources, so the layers it switches off
        # are the very objects the pages' /Properties and /OC entries name.
        writer.root_object[NameObject("/OCProperties")] = layers.clone(writer)
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _form(writer: PdfWriter, page: _Page) -> IndirectObject:
    """The page as a Form XObject in `writer`: its content, resources and box (TrimBox, else
    CropBox), which clips it; with printable annotations, a form that draws the page's form and
    then each annotation's appearance on it.

    A single content stream is cloned with its compressed bytes as they are (the usual case, and
    why this is fast); an array of streams is joined, since streams may split an operator between
    them. Resources clone through pypdf's per-writer table, so fonts and images shared by many
    pages are written once.
    """
    content = _content_form(writer, page)
    if not page.stamps:
        return content
    xobjects = DictionaryObject({NameObject("/C"): content})
    properties = DictionaryObject()
    ops = ["q /C Do Q\n"]
    for index, stamp in enumerate(page.stamps):
        appearance = _reference(writer, stamp.appearance.clone(writer))
        form = cast(StreamObject, appearance.get_object())
        form[NameObject("/Type")] = NameObject("/XObject")
        form[NameObject("/Subtype")] = NameObject("/Form")
        xobjects[NameObject(f"/A{index}")] = appearance
        draw = f"q {' '.join(_num(v) for v in stamp.matrix)} cm /A{index} Do Q"
        if stamp.layer is not None:
            properties[NameObject(f"/L{index}")] = stamp.layer.clone(writer)
            draw = f"/OC /L{index} BDC {draw} EMC"
        ops.append(draw + "\n")
    resources = DictionaryObject({NameObject("/XObject"): xobjects})
    if properties:
        resources[NameObject("/Properties")] = properties
    outer = DecodedStreamObject()
    outer.set_data("".join(ops).encode("ascii"))
    flat = outer.flate_encode()
    flat[NameObject("/Type")] = NameObject("/XObject")
    flat[NameObject("/Subtype")] = NameObject("/Form")
    flat[NameObject("/FormType")] = NumberObject(1)
    flat[NameObject("/BBox")] = RectangleObject(page.box)
    flat[NameObject("/Resources")] = resources
    return add_object(writer, flat)


def _reference(writer: PdfWriter, obj: PdfObject) -> IndirectObject:
    """A reference in `writer` to a cloned object: the clone's own when it is indirect there."""
    if isinstance(obj, IndirectObject) and obj.pdf is writer:
        return obj
    reference = getattr(obj, "indirect_reference", None)
    if isinstance(reference, IndirectObject) and reference.pdf is writer:
        return reference
    return add_object(writer, obj)


def _content_form(writer: PdfWriter, page: _Page) -> IndirectObject:
    """The page's own content as a Form XObject (see _form)."""
    source = page.page
    contents = source.get("/Contents")
    resolved = contents.get_object() if contents is not None else None
    form: StreamObject
    if isinstance(resolved, StreamObject):
        # force_duplicate: two pages may share one content stream but not one box.
        form = cast(StreamObject, resolved.clone(writer, force_duplicate=True))
    else:
        joined = source.get_contents() if isinstance(resolved, ArrayObject) else None
        fresh = DecodedStreamObject()
        fresh.set_data(joined.get_data() if joined is not None else b"")
        form = fresh.flate_encode()
    resources = source.get("/Resources")
    form[NameObject("/Type")] = NameObject("/XObject")
    form[NameObject("/Subtype")] = NameObject("/Form")
    form[NameObject("/FormType")] = NumberObject(1)
    form[NameObject("/BBox")] = RectangleObject(page.box)
    form[NameObject("/Resources")] = (
        resources.clone(writer) if resources is not None else DictionaryObject()
    )
    if "/Group" in source:
        form[NameObject("/Group")] = source["/Group"].clone(writer)
    form.pop(NameObject("/Matrix"), None)
    return _reference(writer, form)


def _draw(page: _Page, number: int, sheet: Sheet, is_left: bool, shift: float) -> str:
    """The operators that draw a page in its half: clipped to the half, scaled to fit (never
    up), centred, turned by its /Rotate, and moved `shift` points toward the fold."""
    half = sheet.width / 2
    scale = fit_scale(page.width, page.height, sheet)
    x = (0.0 if is_left else half) + (half - scale * page.width) / 2
    x += shift if is_left else -shift
    y = (sheet.height - scale * page.height) / 2
    x0, y0, x1, y1 = page.box
    matrix = _multiply((1, 0, 0, 1, -x0, -y0), _rotation(page.rotation, x1 - x0, y1 - y0))
    matrix = _multiply(matrix, (scale, 0, 0, scale, x, y))
    clip = f"{_num(0 if is_left else half)} 0 {_num(half)} {_num(sheet.height)} re W n"
    return f"q {clip} {' '.join(_num(v) for v in matrix)} cm /P{number} Do Q\n"


def _rotation(degrees: int, width: float, height: float) -> Matrix:
    """Maps a width x height box at the origin to the same box turned clockwise by /Rotate."""
    if degrees == 90:
        return (0, -1, 1, 0, 0, width)
    if degrees == 180:
        return (-1, 0, 0, -1, width, height)
    if degrees == 270:
        return (0, 1, -1, 0, height, 0)
    return _IDENTITY


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """m, then n (PDF's row-vector convention, as in the `cm` operator)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _num(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _set_document(writer: PdfWriter, info: dict[str, object], options: ImposeOptions) -> None:
    """Metadata and /Lang from the source, and print settings: no scaling (the sheet is already
    the paper's size) and the duplex turn this imposition expects."""
    metadata = {key: value for key, value in info.items() if key != "/Lang"}
    if metadata:
        writer.add_metadata(metadata)
    if "/Lang" in info:
        writer.root_object[NameObject("/Lang")] = TextStringObject(str(info["/Lang"]))
    if options.is_manual_duplex:
        duplex = "/Simplex"
    elif options.duplex == "long-edge":
        duplex = "/DuplexFlipLongEdge"
    else:
        duplex = "/DuplexFlipShortEdge"
    preferences = writer.create_viewer_preferences()
    preferences[NameObject("/PrintScaling")] = NameObject("/None")
    preferences[NameObject("/Duplex")] = NameObject(duplex)
    if "/Title" in info:
        preferences[NameObject("/DisplayDocTitle")] = BooleanObject(True)
