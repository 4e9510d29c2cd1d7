"""Imposing PDFs cdbooklet did not write: where the blanks go, the TrimBox, printable annotations
and form fields, optional-content layers, encryption, landscape and mixed pages, thick folds, and
a real third-party manual from a Debian package.

Every fixture is made here (ReportLab and pypdf, in tmp_path) except the manual. What an imposed
sheet shows is read back as a viewer or printer would see it: with poppler (pdftotext, one half
of a sheet at a time, and pdftoppm for pixels), which honours optional content and clipping.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.constants import UserAccessPermissions
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)
from reportlab.lib.pagesizes import A4, A5, LETTER
from reportlab.pdfgen import canvas

from cdbooklet import cli as cli_module
from cdbooklet.cli import cli
from cdbooklet.press import impose as impose_module
from cdbooklet.press.impose import ImposeOptions, impose_saddle_stitch
from helpers import FIXTURES

CONTENT = FIXTURES / "ten-therapies"  # frozen: the page counts below are its own

HALF_LETTER = (396.0, 612.0)
A0 = (2383.94, 3370.39)
RIGHT = A4[1] / 2 + (A4[1] / 2 - A5[0]) / 2
"""Where an A5 page's left edge lands on the right half of a landscape A4 sheet (centred)."""
MANUAL = Path("/usr/share/doc/camlidl/camlidl-1.04.doc.pdf")
"""The CamlIDL user's manual (26 pages, A4, pdfTeX 2002, LGPL-2+), from Debian's camlidl-doc."""

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
    reason="needs pdftotext and pdftoppm (poppler-utils; .ci/run installs them)",
)


# --- fixtures ----------------------------------------------------------------------------------


def _numbered(
    count: int,
    size: tuple[float, float] = A5,
    *,
    sizes: list[tuple[float, float]] | None = None,
    creator: str | None = None,
    title: str | None = None,
    keywords: str | None = None,
) -> bytes:
    """A PDF of `count` pages, each showing "P<n>" big at its centre (page n's size: sizes[n-1],
    else `size`), with the /Creator, /Title and /Keywords given."""
    buffer = BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=size, invariant=1)
    if creator:
        pdf.setCreator(creator)
    if title:
        pdf.setTitle(title)
    if keywords:
        pdf.setKeywords(keywords)
    for number in range(1, count + 1):
        width, height = sizes[number - 1] if sizes else size
        pdf.setPageSize((width, height))
        pdf.setFont("Helvetica-Bold", 40)
        pdf.drawCentredString(width / 2, height / 2, f"P{number}")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _write(writer: PdfWriter, path: Path) -> Path:
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def _impose(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, ["impose", *(str(a) for a in args)])


def _words(text: str) -> str:
    return " ".join(text.split())


def _pdftotext(path: Path, page: int, *crop: int) -> str:
    """The words on one page, or with crop (x, y, w, h in points) in that part of it."""
    area: list[str] = []
    if crop:
        x, y, w, h = crop
        area = ["-r", "72", "-x", str(x), "-y", str(y), "-W", str(w), "-H", str(h)]
    command = ["pdftotext", "-f", str(page), "-l", str(page), *area, str(path), "-"]
    return _words(subprocess.run(command, capture_output=True, text=True, check=True).stdout)


def _halves(path: Path) -> list[tuple[str, str]]:
    """Each imposed page (sheet side) as the words on its (left, right) half."""
    sides = []
    for number, page in enumerate(PdfReader(path).pages, 1):
        width, height = round(float(page.mediabox.width)), round(float(page.mediabox.height))
        half = width // 2
        sides.append(
            (
                _pdftotext(path, number, 0, 0, half, height),
                _pdftotext(path, number, half, 0, width - half, height),
            )
        )
    return sides


def _reading_order(path: Path) -> list[str]:
    """The imposed PDF's sheets, outermost first, folded and read as a booklet: the cover is the
    outer front's right half; turning a leaf shows the back of the same half; past the middle
    spread, the leaves come back out again."""
    sides = _halves(path)
    sheets = [(sides[i], sides[i + 1]) for i in range(0, len(sides), 2)]
    pages = []
    for front, back in sheets:
        pages += [front[1], back[0]]
    for front, back in reversed(sheets):
        pages += [back[1], front[0]]
    return pages


def _warnings(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if ": warning: " in line]


def _dark_pixels(png: Path, box: tuple[float, float, float, float]) -> int:
    """Pixels darker than mid-grey in a box (x0, y0, x1, y1, in points from the top left) of a
    page rendered at 72 dpi."""
    image = Image.open(png).convert("L")
    x0, y0, x1, y1 = (round(v) for v in box)
    return sum(1 for x in range(x0, x1) for y in range(y0, y1) if image.getpixel((x, y)) < 128)


def _render(path: Path, stem: Path, page: int = 1) -> Path:
    subprocess.run(
        ["pdftoppm", "-png", "-r", "72", "-f", str(page), "-l", str(page), str(path), str(stem)],
        check=True,
    )
    return next(stem.parent.glob(f"{stem.name}-*{page}.png"))


# --- 1. blanks ---------------------------------------------------------------------------------


@needs_poppler
def test_blanks_go_at_the_end_of_any_other_pdf(tmp_path: Path) -> None:
    source, out = tmp_path / "spec.pdf", tmp_path / "print.pdf"
    source.write_bytes(_numbered(17, creator="LibreOffice Writer", title="A specification"))
    result = _impose(source, out)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"Wrote {out} (17 pages + 3 blanks, imposed for saddle stitching on 5 a4 sheets)\n"
    )
    assert _reading_order(out) == [f"P{n}" for n in range(1, 18)] + ["", "", ""]
    # Asked for, they go before the last page instead.
    assert _impose(source, out, "--blanks", "before-back-cover").exit_code == 0
    assert _reading_order(out) == [f"P{n}" for n in range(1, 17)] + ["", "", "", "P17"]


@needs_poppler
@pytest.mark.parametrize(
    ("metadata", "blanks", "expected"),
    [
        # cdbooklet's own booklet: its last page is the back cover, which stays outside.
        ({"creator": "cdbooklet 0.2.0", "title": "Therapies"}, None, "before"),
        ({"creator": "cdbooklet 0.2.0", "title": "Therapies"}, "end", "end"),
        # A cdbooklet handout names its own title first in its keywords: no back cover.
        (
            {"creator": "cdbooklet 0.2.0", "title": "Yoga", "keywords": "Yoga, Therapies"},
            None,
            "end",
        ),
        ({"creator": "Microsoft Word"}, None, "end"),
        ({}, None, "end"),
    ],
    ids=["booklet", "booklet-asked-end", "handout", "word", "no-metadata"],
)
def test_only_cdbooklet_booklets_keep_their_back_cover_last(
    tmp_path: Path, metadata: dict[str, str], blanks: str | None, expected: str
) -> None:
    source, out = tmp_path / "in.pdf", tmp_path / "out.pdf"
    source.write_bytes(_numbered(6, **metadata))
    result = _impose(source, out, *(["--blanks", blanks] if blanks else []))
    assert result.exit_code == 0, result.output
    pages = [f"P{n}" for n in range(1, 7)]
    if expected == "before":
        assert _reading_order(out) == pages[:-1] + ["", "", "P6"]
    else:
        assert _reading_order(out) == pages + ["", ""]


@needs_poppler
@pytest.mark.parametrize("blanks", ["end", "before-back-cover"])
def test_a_single_page_stays_the_front_cover(tmp_path: Path, blanks: str) -> None:
    source, out = tmp_path / "in.pdf", tmp_path / "out.pdf"
    source.write_bytes(_numbered(1, creator="cdbooklet 0.2.0"))
    assert _impose(source, out, "--blanks", blanks).exit_code == 0
    assert _reading_order(out) == ["P1", "", "", ""]


@needs_poppler
def test_build_impose_takes_blanks_and_keeps_the_back_cover_last_by_default(
    tmp_path: Path,
) -> None:
    out = tmp_path / "print.pdf"
    build = ["build", "--impose", "saddle-stitch", "--content", str(CONTENT), "--out", str(out)]
    result = CliRunner().invoke(cli, build)
    assert result.exit_code == 0, result.output
    outside = _halves(out)[0]
    assert "Contact us" in outside[0] and "Contact us" not in outside[1]  # back cover, left
    result = CliRunner().invoke(cli, [*build, "--blanks", "end"])
    assert result.exit_code == 0, result.output
    assert _halves(out)[0][0] == ""  # the 16th page, a blank, is now the outside back


def test_blanks_choices_match_the_library() -> None:
    assert cli_module._BLANKS == impose_module.BLANKS
    with pytest.raises(ValueError, match="blanks must be one of end, before-back-cover"):
        ImposeOptions(blanks="middle")  # type: ignore[arg-type]


# --- 2. TrimBox --------------------------------------------------------------------------------


@needs_poppler
def test_print_shop_file_is_imposed_by_its_trimbox_full_size_without_marks(
    tmp_path: Path,
) -> None:
    flat, out = tmp_path / "shop.pdf", tmp_path / "print.pdf"
    result = CliRunner().invoke(
        cli,
        ["build", "--content", str(CONTENT), "--page-size", "half-letter", "--bleed", "3"]
        + ["--crop-marks", "--out", str(flat)],
    )
    assert result.exit_code == 0, result.output
    page = PdfReader(flat).pages[0]
    assert [float(v) for v in page.trimbox] == [0, 0, 396, 612]
    assert float(page.mediabox.width) > 450  # the bleed and the marks around the trim

    result = _impose(flat, out, "--no-fold-marks")
    assert result.exit_code == 0, result.output
    assert _warnings(result) == []
    assert "on 5 letter sheets" in result.stdout  # half-letter on letter, as unbled pages
    reader = PdfReader(out)
    sheet = reader.pages[0]
    assert (float(sheet.mediabox.width), float(sheet.mediabox.height)) == (792, 612)
    # Each page is a form clipped to its TrimBox, drawn 1:1 filling its half.
    for name, form in sheet["/Resources"]["/XObject"].items():
        assert [float(v) for v in form.get_object()["/BBox"]] == [0, 0, 396, 612], name
    draws = [line.split() for line in sheet.get_contents().get_data().split(b"\n")]
    scales = [d[d.index(b"cm") - 6] for d in draws if b"cm" in d and b"Do" in d]
    assert scales == [b"1", b"1"]
    # No crop mark prints: they would sit at the corners of each page, by the fold too.
    png = _render(out, tmp_path / "sheet")
    for x in (0, 396 - 12, 396, 792 - 12):
        for y in (0, 612 - 12):
            assert _dark_pixels(png, (x, y, x + 12, y + 12)) == 0, (x, y)


# --- 3. annotations and form fields ------------------------------------------------------------


def _form(tmp_path: Path, *, checked: bool = True) -> Path:
    """An A5 form: a filled text field, a checkbox, and a filled field hidden from print."""
    path = tmp_path / ("form.pdf" if checked else "form-unticked.pdf")
    pdf = canvas.Canvas(str(path), pagesize=A5)
    pdf.setFont("Helvetica", 14)
    pdf.drawString(50, 500, "Intake form")
    form = pdf.acroForm
    form.textfield(name="patient", value="Jane Example", x=50, y=400, width=200, height=24)
    form.checkbox(name="consent", checked=checked, x=50, y=350, size=20, buttonStyle="check")
    form.textfield(
        name="office", value="Staff only", x=50, y=300, width=200, height=24, annotationFlags=""
    )
    pdf.showPage()
    pdf.save()
    return path


@needs_poppler
def test_filled_fields_and_ticked_boxes_are_printed(tmp_path: Path) -> None:
    source = _form(tmp_path)
    assert "Jane Example" in _pdftotext(source, 1)  # what a viewer shows
    out = tmp_path / "out.pdf"
    result = _impose(source, out)
    assert result.exit_code == 0, result.output
    assert _warnings(result) == []
    text = _pdftotext(out, 1)
    assert "Intake form" in text and "Jane Example" in text
    assert "Staff only" not in text  # its print flag is off: a viewer does not print it
    assert "/Annots" not in out.read_bytes().decode("latin-1")  # flattened, not carried
    # The tick is drawn: an A5 page on A4 sits 1:1 on the right half (the cover's place).
    unticked = tmp_path / "out-unticked.pdf"
    assert _impose(_form(tmp_path, checked=False), unticked).exit_code == 0
    height = A4[0]
    box = (RIGHT + 50 + 3, height - 370 + 3, RIGHT + 70 - 3, height - 350 - 3)
    ticked_ink = _dark_pixels(_render(out, tmp_path / "ticked"), box)
    unticked_ink = _dark_pixels(_render(unticked, tmp_path / "unticked"), box)
    assert ticked_ink > 20 and unticked_ink == 0, (ticked_ink, unticked_ink)


def _stamp(page_box: tuple[float, float], rect: list[float], matrix: list[float] | None) -> bytes:
    """One page with a Stamp annotation whose appearance (BBox 0 0 20 10) is black on its left
    half (x 0 to 10), so that a turn shows."""
    writer = PdfWriter()
    page = writer.add_blank_page(*page_box)
    appearance = DecodedStreamObject()
    appearance.set_data(b"0 g 0 0 10 10 re f\n")
    appearance[NameObject("/Type")] = NameObject("/XObject")
    appearance[NameObject("/Subtype")] = NameObject("/Form")
    appearance[NameObject("/BBox")] = ArrayObject([NumberObject(v) for v in (0, 0, 20, 10)])
    if matrix is not None:
        appearance[NameObject("/Matrix")] = ArrayObject([FloatObject(v) for v in matrix])
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Stamp"),
            NameObject("/Rect"): ArrayObject([FloatObject(v) for v in rect]),
            NameObject("/F"): NumberObject(4),
            NameObject("/AP"): DictionaryObject({NameObject("/N"): writer._add_object(appearance)}),
        }
    )
    page[NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


@needs_poppler
def test_an_appearance_is_mapped_through_its_matrix_onto_its_rect(tmp_path: Path) -> None:
    # Turned a quarter turn by its /Matrix, the 20 x 10 box becomes 10 x 20 and its black left
    # half its bottom half; then it is scaled twice onto a 20 x 40 /Rect at (100, 100): the
    # Rect's bottom half (y 100 to 120) is black, its top half white. PDF 32000-1 12.5.5.
    source, out = tmp_path / "stamp.pdf", tmp_path / "out.pdf"
    source.write_bytes(_stamp(A5, [100, 100, 120, 140], [0, 1, -1, 0, 0, 0]))
    assert _impose(source, out).exit_code == 0
    png = _render(out, tmp_path / "sheet")
    x, top = RIGHT + 100, A4[0] - 140  # from the top of the sheet
    assert _dark_pixels(png, (x + 1, top + 21, x + 19, top + 39)) == 18 * 18  # bottom half
    assert _dark_pixels(png, (x - 10, top - 10, x + 30, top + 19)) == 0  # top half, around
    assert _dark_pixels(png, (x - 10, top - 10, x + 30, top + 50)) <= 21 * 21  # nothing more


@needs_poppler
def test_an_annotation_with_no_appearance_is_left_out_with_one_warning(tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=_form(tmp_path))
    for annotation in writer.pages[0]["/Annots"]:
        annotation = annotation.get_object()
        if annotation["/T"] == "patient":
            del annotation["/AP"]
    source, out = _write(writer, tmp_path / "no-ap.pdf"), tmp_path / "out.pdf"
    result = _impose(source, out)
    assert result.exit_code == 0, result.output
    assert _warnings(result) == [
        f'{source}: warning: the form field "patient" on page 1 has no appearance stream, so '
        "it cannot be printed: it is left out"
    ]
    assert "Jane Example" not in _pdftotext(out, 1)


# --- 3. optional content -----------------------------------------------------------------------


def _layered(tmp_path: Path) -> tuple[Path, Path]:
    """A page with visible words and a layer that is off, and the same without /OCProperties
    (as the imposer used to write it)."""
    buffer = BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A5)
    pdf.setFont("Helvetica", 20)
    pdf.drawString(50, 500, "Visible words")
    pdf.showPage()
    pdf.save()
    writer = PdfWriter(clone_from=BytesIO(buffer.getvalue()))
    page = writer.pages[0]
    layer = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/OCG"),
                NameObject("/Name"): TextStringObject("Staff notes"),
            }
        )
    )
    page["/Resources"][NameObject("/Properties")] = DictionaryObject({NameObject("/L1"): layer})
    hidden = DecodedStreamObject()
    hidden.set_data(b"/OC /L1 BDC BT /F1 20 Tf 50 300 Td (Hidden words) Tj ET EMC\n")
    page[NameObject("/Contents")] = ArrayObject(
        [page.raw_get("/Contents"), writer._add_object(hidden)]
    )
    writer.root_object[NameObject("/OCProperties")] = DictionaryObject(
        {
            NameObject("/OCGs"): ArrayObject([layer]),
            NameObject("/D"): DictionaryObject(
                {
                    NameObject("/OFF"): ArrayObject([layer]),
                    NameObject("/Order"): ArrayObject([layer]),
                }
            ),
        }
    )
    layered = _write(writer, tmp_path / "layered.pdf")
    del writer.root_object["/OCProperties"]
    return layered, _write(writer, tmp_path / "unlayered.pdf")


@needs_poppler
def test_a_layer_that_is_off_stays_off(tmp_path: Path) -> None:
    source, without = _layered(tmp_path)
    # pdftotext honours optional content: it hides the layer, unless nothing says it is off.
    assert _pdftotext(source, 1) == "Visible words"
    assert _pdftotext(without, 1) == "Visible words Hidden words"
    out = tmp_path / "out.pdf"
    assert _impose(source, out).exit_code == 0
    assert _pdftotext(out, 1) == "Visible words"
    # The layer switched off is the very object the page's resources name.
    reader = PdfReader(out)
    properties = reader.root_object["/OCProperties"]
    off = properties["/D"]["/OFF"][0]
    assert off.idnum == properties["/OCGs"][0].idnum
    form = next(iter(reader.pages[0]["/Resources"]["/XObject"].values())).get_object()
    assert form["/Resources"]["/Properties"].raw_get("/L1").idnum == off.idnum


# --- 4. encryption -----------------------------------------------------------------------------


def _encrypted(
    algorithm: str,
    user_password: str = "",
    permissions: UserAccessPermissions = UserAccessPermissions.all(),  # noqa: B008
) -> bytes:
    """Six numbered pages, encrypted with `algorithm`, the owner password "owner"."""
    writer = PdfWriter(clone_from=BytesIO(_numbered(6)))
    writer.encrypt(
        user_password=user_password,
        owner_password="owner",
        algorithm=algorithm,
        permissions_flag=permissions,
    )
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


@needs_poppler
@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_a_pdf_with_an_empty_password_opens_as_in_a_viewer(tmp_path: Path, algorithm: str) -> None:
    source, out = tmp_path / "locked.pdf", tmp_path / "out.pdf"
    source.write_bytes(_encrypted(algorithm))
    assert PdfReader(source).is_encrypted
    result = _impose(source, out)
    assert result.exit_code == 0, result.output
    assert _reading_order(out) == [f"P{n}" for n in range(1, 7)] + ["", ""]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda: _encrypted("AES-256", "secret"),
            "this PDF needs a password to open: save a copy without one and impose that",
        ),
        (
            lambda: _encrypted("RC4-128", "secret"),
            "this PDF needs a password to open: save a copy without one and impose that",
        ),
        (
            lambda: _encrypted(
                "AES-128",
                permissions=UserAccessPermissions.all() & ~UserAccessPermissions.PRINT,
            ),
            "this PDF's author does not allow printing it: ask them for a copy that may be printed",
        ),
    ],
    ids=["aes-256-password", "rc4-password", "printing-forbidden"],
)
def test_a_pdf_that_needs_a_password_is_one_line_and_exit_1(
    tmp_path: Path, make, message: str
) -> None:
    source, out = tmp_path / "x.pdf", tmp_path / "out.pdf"
    source.write_bytes(make())
    result = _impose(source, out)
    assert result.exit_code == 1
    assert result.stderr == f"{source}: {message}\n"
    assert result.stdout == "" and not out.exists()


def test_aes_without_the_cryptography_package_is_one_line_not_a_traceback(
    tmp_path: Path,
) -> None:
    source = tmp_path / "x.pdf"
    source.write_bytes(_encrypted("AES-256"))
    code = (
        "import sys; sys.modules['cryptography'] = None\n"  # as if it were not installed
        "from cdbooklet.cli import main\n"
        "sys.argv = ['cdbooklet', 'impose', *sys.argv[1:]]\n"
        "main()\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, str(source), str(tmp_path / "out.pdf")],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1
    assert run.stderr == (
        f"{source}: this PDF is encrypted with AES, and opening it needs the cryptography "
        "package: pip install cryptography\n"
    )


def _imported(args: list[str], cwd: Path) -> list[str]:
    """The cryptography modules a cdbooklet command imports, read at exit."""
    code = (
        "import atexit, json, sys\n"
        "atexit.register(lambda: print('MODULES', json.dumps(sorted(m for m in sys.modules"
        " if m.split('.')[0] == 'cryptography')), file=sys.stderr))\n"
        "from cdbooklet.cli import main\n"
        "sys.argv = ['cdbooklet', *sys.argv[1:]]\n"
        "main()\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=cwd
    )
    assert run.returncode == 0, run.stderr
    line = next(line for line in run.stderr.splitlines() if line.startswith("MODULES"))
    return list(json.loads(line.removeprefix("MODULES ")))


def test_help_and_a_plain_build_never_import_cryptography(tmp_path: Path) -> None:
    out = tmp_path / "booklet.pdf"
    assert _imported(["--help"], tmp_path) == []
    build = ["build", "--content", str(CONTENT), "--out", str(out)]
    assert _imported(build, tmp_path) == []  # a fresh build
    assert _imported(build, tmp_path) == []  # an unchanged one
    # The check sees it when a command does load it: imposing an AES file.
    (tmp_path / "aes.pdf").write_bytes(_encrypted("AES-256"))
    assert "cryptography" in _imported(["impose", "aes.pdf", "out.pdf"], tmp_path)


# --- 5. warnings -------------------------------------------------------------------------------


def test_mixed_sizes_and_pages_shrunk_below_95_percent_are_each_one_warning(
    tmp_path: Path,
) -> None:
    source, out = tmp_path / "mixed.pdf", tmp_path / "out.pdf"
    source.write_bytes(_numbered(4, sizes=[A5, A4, A4, LETTER[::-1]]))
    result = _impose(source, out)
    assert result.exit_code == 0, result.output
    assert "on 1 a4 sheet" in result.stdout  # the cover's sheet: A5 -> A4
    assert _warnings(result) == [
        f"{source}: warning: the pages are of 3 sizes (2 of 210 x 297 mm, 1 of 148 x 210 mm, "
        "1 of 279 x 216 mm): each is fitted to half the sheet on its own, so they print at "
        "different scales",
        f"{source}: warning: pages 2-4 print at 53% to 71% of their size, to fit half an a4 "
        "sheet (--sheet tabloid prints them at 77% or more)",
    ]


def test_a_page_shrunk_on_a_chosen_sheet_names_the_sheet_that_fits_it(tmp_path: Path) -> None:
    source, out = tmp_path / "letter.pdf", tmp_path / "out.pdf"
    source.write_bytes(_numbered(4, LETTER))
    result = _impose(source, out, "--sheet", "a4")
    assert result.exit_code == 0, result.output
    assert _warnings(result) == [
        f"{source}: warning: pages 1-4 print at 69% of their size, to fit half an a4 sheet "
        "(--sheet tabloid prints them at full size)"
    ]
    # Pages that fit print silently.
    assert _warnings(_impose(source, out, "--sheet", "tabloid")) == []


@needs_poppler
def test_a_fold_of_more_than_12_sheets_suggests_a_signature(tmp_path: Path) -> None:
    source, out = tmp_path / "sixty.pdf", tmp_path / "out.pdf"
    source.write_bytes(_numbered(60))
    result = _impose(source, out)
    assert result.exit_code == 0, result.output
    assert "60 pages, imposed for saddle stitching on 15 a4 sheets" in result.stdout
    assert _warnings(result) == [
        f"{source}: warning: one fold of 15 sheets is too thick to fold flat and staple: fold "
        "it in gatherings, e.g. with --signature 16 (4 sheets each)"
    ]
    assert _reading_order(out) == [f"P{n}" for n in range(1, 61)]
    result = _impose(source, out, "--signature", "16")
    assert result.exit_code == 0 and _warnings(result) == []
    assert _impose(source, out, "--signature", "52").stderr.count("one fold of 13 sheets") == 1


def test_build_impose_shows_the_warnings_too(tmp_path: Path) -> None:
    out = tmp_path / "print.pdf"
    result = CliRunner().invoke(
        cli,
        ["build", "--impose", "saddle-stitch", "--sheet", "letter", "--content", str(CONTENT)]
        + ["--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    assert _warnings(result) == [
        f"{out}: warning: pages 1-15 print at 65% of their size, to fit half a letter sheet "
        "(--sheet tabloid prints them at full size)"
    ]


def test_the_library_reports_warnings_only_when_given_a_report() -> None:
    from cdbooklet.errors import Report

    report = Report()
    impose_saddle_stitch(_numbered(4, LETTER), ImposeOptions(sheet="a4"), report=report)
    assert [str(p) for p in report.warnings] == [
        "document.pdf: warning: pages 1-4 print at 69% of their size, to fit half an a4 sheet "
        "(--sheet tabloid prints them at full size)"
    ]
    impose_saddle_stitch(_numbered(4, LETTER), ImposeOptions(sheet="a4"))  # no report: quiet


# --- 6. landscape and other sizes --------------------------------------------------------------


@needs_poppler
def test_landscape_pages_get_the_stocked_sheet_that_prints_them_largest(tmp_path: Path) -> None:
    source, out = tmp_path / "slides.pdf", tmp_path / "out.pdf"
    source.write_bytes(_numbered(10, LETTER[::-1]))
    result = _impose(source, out)
    assert result.exit_code == 0, result.output
    assert "on 3 tabloid sheets" in result.stdout  # not a 559 x 216 mm sheet
    box = PdfReader(out).pages[0].mediabox
    assert (float(box.width), float(box.height)) == (1224, 792)
    assert _warnings(result) == [
        f"{source}: warning: pages 1-10 print at 77% of their size, to fit half a tabloid sheet"
    ]
    assert _reading_order(out) == [f"P{n}" for n in range(1, 11)] + ["", ""]


@pytest.mark.parametrize(
    ("size", "sheet"),
    [
        (A5, "a4"),  # two fit exactly: as before
        (HALF_LETTER, "letter"),
        (LETTER, "tabloid"),
        (A4, "a3"),
        (A4[::-1], "tabloid"),  # landscape A4: 73% on tabloid, 71% on A3
        (A5[::-1], "tabloid"),  # full size on tabloid and A3 alike: the smaller paper
        ((200.0, 300.0), "letter"),  # full size on all four: the smallest
    ],
)
def test_the_default_sheet(size: tuple[float, float], sheet: str) -> None:
    assert impose_saddle_stitch(_numbered(4, size)).sheet.name == sheet


def test_pages_too_big_for_any_stocked_sheet_name_the_sheet_to_choose(tmp_path: Path) -> None:
    source, out = tmp_path / "poster.pdf", tmp_path / "out.pdf"
    source.write_bytes(_numbered(2, A0))
    result = _impose(source, out)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{source}: pages of 841 x 1189 mm would print at 25% of their size even on an a3 "
        "sheet, the paper that prints them largest: to print them that small anyway, choose "
        "it with --sheet a3\n"
    )
    assert not out.exists()
    result = _impose(source, out, "--sheet", "a3")
    assert result.exit_code == 0, result.output
    assert "print at 25% of their size" in result.stderr


# --- 8. a PDF nobody here wrote ----------------------------------------------------------------


@needs_poppler
@pytest.mark.skipif(
    not MANUAL.exists(),
    reason=f"needs {MANUAL} from Debian's camlidl-doc (apt-get install camlidl-doc; .ci/run "
    "installs it)",
)
def test_a_third_party_manual_reads_in_order_with_the_blanks_at_the_end(tmp_path: Path) -> None:
    out = tmp_path / "manual-print.pdf"
    result = _impose(MANUAL, out)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"Wrote {out} (26 pages + 2 blanks, imposed for saddle stitching on 7 a3 sheets)\n"
    )
    assert _warnings(result) == []
    source = [_pdftotext(MANUAL, n) for n in range(1, 27)]
    assert all(source), "every page of the manual has words on it"
    assert source[0].startswith("Camlidl user’s manual")
    assert _reading_order(out) == [*source, "", ""]


# --- the one door to pypdf's internals -----------------------------------------------------
