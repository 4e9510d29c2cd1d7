"""Saddle-stitch imposition: any PDF's pages, two to a sheet side, in the order that folds.

Owns the page order (padding, signatures), the choice of sheet, the placement maths (scale,
centring, /Rotate, creep, long-edge turning), fold marks and the imposed PDF itself. Uses pypdf
only: each source page becomes one Form XObject (its content stream, copied without re-encoding,
plus its resources, shared between pages) drawn once with a `cm` transform. That is several times
faster than pypdf's `merge_transformed_page`, which copies and re-parses every page, and keeps the
output about the size of the input. Links, form fields and other annotations are not carried
over: the imposed PDF is for printing.

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
from typing import Literal, cast

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    RectangleObject,
    StreamObject,
    TextStringObject,
)

from cdbooklet.errors import BookletError
from cdbooklet.pdf.objects import add_object

SheetName = Literal["letter", "a4", "tabloid", "a3"]
Duplex = Literal["short-edge", "long-edge"]

SHEET_NAMES: tuple[SheetName, ...] = ("letter", "a4", "tabloid", "a3")
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

    def __post_init__(self) -> None:
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
    """Blank pages added before the back cover to reach a multiple of 4."""
    is_manual_duplex: bool = False


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
        return f"{pages}{blanks}, imposed for saddle stitching on {sheets}"

    def instructions(self) -> str | None:
        """With manual duplex, one line telling the volunteer how to re-feed the paper."""
        if not self.imposition.is_manual_duplex:
            return None
        fronts, backs = self.paths
        return (
            f"Print {fronts.name}, put the printed stack back in the paper tray as it came "
            f"out (face down, not turned round or reordered), then print {backs.name}."
        )


def plan_sheets(page_count: int, signature: int | None = None) -> tuple[SheetPlan, ...]:
    """The saddle-stitch order for `page_count` pages, gathering by gathering.

    Pages are padded with blanks to a multiple of 4; the blanks go just before the last page so
    the back cover stays on the outside. A single page is the front cover: its blanks follow it.
    For n logical pages, sheet i (0-based) carries n-2i and 1+2i on the front and 2+2i and n-1-2i
    on the back, so the middle sheet's inside spread is n/2, n/2+1 and the folded stack reads in
    order. With a signature of N pages each run of N pages is its own little booklet (the last
    may be shorter); the gatherings stack, in order, into one book.
    """
    if page_count < 1:
        raise ValueError("nothing to impose")
    pages: list[int | None] = list(range(1, page_count + 1))
    blanks = -page_count % 4
    if page_count == 1:
        pages += [None] * blanks
    else:
        pages[-1:-1] = [None] * blanks
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
    """The sheet two pages of this size fit exactly: A5 -> A4, half-letter -> letter,
    letter -> tabloid, A4 -> A3 (all landscape); any other size gets a sheet of 2w x h."""
    width, height = 2 * page_width, page_height
    for name, (short, long) in _SHEETS.items():
        if abs(width - long) <= 0.01 * long and abs(height - short) <= 0.01 * short:
            return Sheet(name, long, short)
    return Sheet(f"{width / MM:.0f} x {height / MM:.0f} mm", width, height)


def named_sheet(name: SheetName) -> Sheet:
    """A named sheet, landscape."""
    short, long = _SHEETS[name]
    return Sheet(name, long, short)


def impose_saddle_stitch(
    source: Path | bytes | PdfReader,
    options: ImposeOptions = ImposeOptions(),  # noqa: B008 (frozen, so a shared default is safe)
    *,
    name: Path | None = None,
) -> Imposition:
    """Impose a PDF (a path, its bytes or an open reader) for saddle stitching.

    `name` is the file named in error messages (default: the path, or "document.pdf").
    """
    where = name or (source if isinstance(source, Path) else Path("document.pdf"))
    reader = source if isinstance(source, PdfReader) else _open(source, where)
    with _reading(where):
        pages = _source_pages(reader, where)
        info = _document_info(reader)
    plans = plan_sheets(len(pages), options.signature)
    cover = pages[0]
    sheet = (
        named_sheet(options.sheet) if options.sheet else default_sheet(cover.width, cover.height)
    )
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
    with _reading(where):
        parts = tuple(_write(pages, info, group, sheet, options) for group in groups)
    blanks = 4 * len(plans) - len(pages)
    return Imposition(parts, sheet, len(plans), len(pages), blanks, options.is_manual_duplex)


def write_imposition(imposition: Imposition, out: Path) -> Imposed:
    """Write an imposition to `out`, or with manual duplex to OUT-fronts.pdf and OUT-backs.pdf."""
    from cdbooklet.press.output import write_atomic

    out = Path(out)
    if imposition.is_manual_duplex:
        suffix = out.suffix or ".pdf"
        paths: tuple[Path, ...] = (
            out.with_name(f"{out.stem}-fronts{suffix}"),
            out.with_name(f"{out.stem}-backs{suffix}"),
        )
    else:
        paths = (out,)
    for path, data in zip(paths, imposition.parts, strict=True):
        write_atomic(path, data)
    return Imposed(paths, imposition)


def impose_file(source: Path, out: Path, options: ImposeOptions) -> Imposed:
    """Impose the PDF at `source` and write the result next to `out` (see write_imposition)."""
    return write_imposition(impose_saddle_stitch(Path(source), options), out)


# --- reading -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Page:
    """A source page as drawn: its pypdf object, its visible box and its /Rotate."""

    page: PageObject
    box: tuple[float, float, float, float]
    rotation: int

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
        try:
            reader = PdfReader(BytesIO(data), strict=False)
            is_encrypted = reader.is_encrypted
        except NotImplementedError:  # an encryption pypdf does not know: encrypted all the same
            is_encrypted = True
        if is_encrypted:
            raise BookletError.at(where, 0, "this PDF is encrypted: remove the password first")
    return reader


def _source_pages(reader: PdfReader, where: Path) -> list[_Page]:
    if reader.is_encrypted:
        raise BookletError.at(where, 0, "this PDF is encrypted: remove the password first")
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
        rotate = page.get("/Rotate", 0)
        rotate = rotate.get_object() if isinstance(rotate, IndirectObject) else rotate
        rotation = (round(float(rotate) / 90) * 90) % 360 if isinstance(rotate, int | float) else 0
        pages.append(_Page(page, box, rotation))
    return pages


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


def _write(
    pages: Sequence[_Page],
    info: dict[str, object],
    sides: Sequence[tuple[SheetPlan, str]],
    sheet: Sheet,
    options: ImposeOptions,
) -> bytes:
    """One imposed PDF holding the given sheet sides, in order."""
    writer = PdfWriter()
    forms: dict[int, IndirectObject] = {}
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
            ops.append(
                _FOLD_MARK.format(
                    x=_num(sheet.width / 2),
                    a=_num(_FOLD_MARK_LENGTH),
                    b=_num(sheet.height - _FOLD_MARK_LENGTH),
                    h=_num(sheet.height),
                )
            )
        target = writer.add_blank_page(sheet.width, sheet.height)
        target[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): xobjects})
        content = DecodedStreamObject()
        content.set_data("".join(ops).encode("ascii"))
        target[NameObject("/Contents")] = add_object(writer, content.flate_encode())
    _set_document(writer, info, options)
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _form(writer: PdfWriter, page: _Page) -> IndirectObject:
    """The page as a Form XObject in `writer`: its content, resources and visible box.

    A single content stream is cloned with its compressed bytes as they are (the usual case, and
    why this is fast); an array of streams is joined, since streams may split an operator between
    them. Resources clone through pypdf's per-writer table, so fonts and images shared by many
    pages are written once.
    """
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
    reference = getattr(form, "indirect_reference", None)
    if isinstance(reference, IndirectObject) and reference.pdf is writer:
        return reference
    return add_object(writer, form)


def _draw(page: _Page, number: int, sheet: Sheet, is_left: bool, shift: float) -> str:
    """The operators that draw a page in its half: clipped to the half, scaled to fit (never
    up), centred, turned by its /Rotate, and moved `shift` points toward the fold."""
    half = sheet.width / 2
    scale = min(1.0, half / page.width, sheet.height / page.height)
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
