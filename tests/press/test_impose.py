"""Saddle-stitch imposition: page order, sheets, scaling, print settings and hostile PDFs.

The source PDFs are made here with ReportLab: every page prints its number ("P7") at its centre.
An imposed sheet is read back with pypdf: each half's text, found by following the sheet's own
transform to where the text lands, then folded in a simulation to check the booklet reads in order.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from io import BytesIO
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    RectangleObject,
    TextStringObject,
)
from reportlab.lib.pagesizes import A4, A5, LETTER
from reportlab.pdfgen import canvas

from cdbooklet import cli as cli_module
from cdbooklet.cli import cli
from cdbooklet.errors import BookletError
from cdbooklet.press import impose as impose_module
from cdbooklet.press.impose import (
    MM,
    ImposeOptions,
    impose_saddle_stitch,
    plan_sheets,
)
from helpers import FIXTURES

MINIMAL = FIXTURES / "minimal"
"""Its booklet has five pages: three blanks make it up to two sheets."""
HALF_LETTER = (396.0, 612.0)


def _numbered(
    count: int,
    size: tuple[float, float] = A5,
    *,
    rotate: int = 0,
    origin: tuple[float, float] = (0.0, 0.0),
    title: str | None = None,
    lang: str | None = None,
) -> bytes:
    """A PDF of `count` pages, each showing "P<n>" big at its centre."""
    width, height = size
    ox, oy = origin
    buffer = BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=size, invariant=1)
    pdf.setCreator("cdbooklet tests")  # imposed as cdbooklet's booklets: blanks before the back
    if title:
        pdf.setTitle(title)
        pdf.setAuthor("A. Clinic")
        pdf.setSubject("A test subject")
        pdf.setKeywords("one, two")
    for number in range(1, count + 1):
        pdf.setFont("Helvetica-Bold", 40)
        pdf.drawCentredString(ox + width / 2, oy + height / 2, f"P{number}")
        pdf.showPage()
    pdf.save()
    if not (rotate or origin != (0.0, 0.0) or lang):
        return buffer.getvalue()
    writer = PdfWriter(clone_from=BytesIO(buffer.getvalue()))
    for page in writer.pages:
        page.mediabox = RectangleObject([ox, oy, ox + width, oy + height])
        if rotate:
            page.rotation = rotate
    if lang:
        writer.root_object[NameObject("/Lang")] = TextStringObject(lang)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _placements(page) -> list[tuple[str, tuple[float, ...], str, tuple[float, ...]]]:
    """Each source page drawn on an imposed page: (XObject name, sheet transform, its text, the
    text's position and baseline direction on the sheet as (x, y, dx, dy))."""
    found: list[list] = []

    def before(operator: bytes, operands: list, cm: list, tm: list) -> None:
        # Our sheets name their pages /P1, /P2…; a Do of any other name is inside a page.
        if operator == b"Do" and operands and str(operands[0]).startswith("/P"):
            found.append([str(operands[0]), tuple(cm), "", None])

    def text(chunk: str, cm: list, tm: list, font: object, size: float) -> None:
        if not chunk.strip() or not found:
            return
        outer = found[-1][1]
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        dx, dy = tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3]
        a, b, c, d, e, f = outer
        found[-1][2] += chunk.strip()
        if found[-1][3] is None:
            found[-1][3] = (x * a + y * c + e, x * b + y * d + f, dx * a + dy * c, dx * b + dy * d)

    page.extract_text(visitor_text=text, visitor_operand_before=before)
    return [(name, cm, txt, pos) for name, cm, txt, pos in found]


def _halves(page) -> tuple[str, str]:
    """The text on the left and right halves of an imposed page, "" for a blank half."""
    width = float(page.mediabox.width)
    left = right = ""
    for _, _, txt, pos in _placements(page):
        if pos[0] < width / 2:
            left += txt
        else:
            right += txt
    return left, right


def _fold(sheets: list[tuple[tuple[str, str], tuple[str, str]]]) -> list[str]:
    """Read a stack of sheets ((front left, front right), (back left, back right)), outermost
    first, as a folded booklet: the cover is the outer front's right half; turning a leaf shows
    the back of the same half; past the middle spread, the leaves come back out again."""
    pages = []
    for front, back in sheets:
        pages += [front[1], back[0]]
    for front, back in reversed(sheets):
        pages += [back[1], front[0]]
    return pages


def _read_sheets(data: bytes) -> list[tuple[tuple[str, str], tuple[str, str]]]:
    pages = PdfReader(BytesIO(data)).pages
    sides = [_halves(p) for p in pages]
    return [(sides[i], sides[i + 1]) for i in range(0, len(sides), 2)]


def _expected(count: int) -> list[str]:
    """The booklet's pages in reading order: blanks just before the back cover."""
    blanks = [""] * (-count % 4)
    numbers = [f"P{n}" for n in range(1, count + 1)]
    if count == 1:
        return numbers + blanks
    return numbers[:-1] + blanks + numbers[-1:]


@pytest.mark.parametrize("count", range(1, 41))
def test_imposed_sheets_fold_into_the_booklet_in_page_order(count: int) -> None:
    imposition = impose_saddle_stitch(_numbered(count))
    sheets = _read_sheets(imposition.parts[0])
    assert len(sheets) == (count + 3) // 4
    assert _fold(sheets) == _expected(count)


def test_blank_pages_come_right_before_the_back_cover() -> None:
    imposition = impose_saddle_stitch(_numbered(13))
    reading = _fold(_read_sheets(imposition.parts[0]))
    assert reading[-4:] == ["", "", "", "P13"]
    assert imposition.blanks == 3 and imposition.sheets == 4
    # The outside of the first sheet is the back cover (left) and the cover (right).
    assert _read_sheets(imposition.parts[0])[0][0] == ("P13", "P1")


def test_a_single_page_is_the_cover_with_blanks_after_it() -> None:
    sheets = _read_sheets(impose_saddle_stitch(_numbered(1)).parts[0])
    assert sheets == [(("", "P1"), ("", ""))]


def test_middle_sheet_inner_spread_is_the_two_centre_pages() -> None:
    sheets = _read_sheets(impose_saddle_stitch(_numbered(24)).parts[0])
    assert sheets[-1][1] == ("P12", "P13")
    assert sheets[0] == (("P24", "P1"), ("P2", "P23"))


def test_sheet_plan_is_a_multiple_of_4_holding_every_page_once() -> None:
    for count in range(1, 201):
        for signature in (None, 4, 8, 12, 16, 32):
            plans = plan_sheets(count, signature)
            numbers = [n for p in plans for n in (*p.front, *p.back)]
            assert len(numbers) % 4 == 0 and len(numbers) - count < 4
            assert sorted(n for n in numbers if n is not None) == list(range(1, count + 1))


def test_signatures_are_separate_gatherings_that_stack_in_order() -> None:
    imposition = impose_saddle_stitch(_numbered(37), ImposeOptions(signature=16))
    sheets = _read_sheets(imposition.parts[0])
    assert len(sheets) == 4 + 4 + 2
    reading = _fold(sheets[:4]) + _fold(sheets[4:8]) + _fold(sheets[8:])
    assert reading == _expected(37)
    # Each gathering is its own booklet: the second opens on page 17.
    assert sheets[4][0] == ("P32", "P17")
    # Padding only at the end of the whole book, before the back cover.
    assert _fold(sheets[8:]) == ["P33", "P34", "P35", "P36", "", "", "", "P37"]


def test_long_edge_duplex_turns_the_backs_half_a_turn() -> None:
    short = PdfReader(BytesIO(impose_saddle_stitch(_numbered(8)).parts[0]))
    long = PdfReader(
        BytesIO(impose_saddle_stitch(_numbered(8), ImposeOptions(duplex="long-edge")).parts[0])
    )
    width, height = (float(v) for v in long.pages[0].mediabox[2:])
    for index, (plain, turned) in enumerate(zip(short.pages, long.pages, strict=True)):
        placed = {name: pos for name, _, _, pos in _placements(plain)}
        for name, _, _, pos in _placements(turned):
            if index % 2 == 0:  # a front: as before, upright
                assert pos == pytest.approx(placed[name])
                assert pos[2] > 0
            else:  # a back: every point p lands at (W, H) - p, text upside down
                x, y, dx, dy = placed[name]
                assert pos == pytest.approx((width - x, height - y, -dx, -dy))
                assert pos[2] < 0
    first = long.pages[1].get_contents().get_data().split(b"\n")[1].split()
    assert first[-1] == b"cm"
    assert [float(v) for v in first[:-1]] == pytest.approx([-1, 0, 0, -1, width, height])


@pytest.mark.parametrize(
    ("size", "sheet", "expected"),
    [
        (A5, "a4", A4[::-1]),
        (HALF_LETTER, "letter", LETTER[::-1]),
        (LETTER, "tabloid", (1224.0, 792.0)),
        (A4, "a3", (1190.55, 841.89)),
        ((300.0, 500.0), "letter", LETTER[::-1]),  # no exact fit: the smallest full-size sheet
    ],
)
def test_default_sheet_fits_two_pages_exactly(size, sheet, expected) -> None:
    imposition = impose_saddle_stitch(_numbered(4, size))
    assert imposition.sheet.name == sheet
    box = PdfReader(BytesIO(imposition.parts[0])).pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(expected, abs=0.01)
    # At its own size each page is drawn 1:1.
    for _, cm, _, _ in _placements(PdfReader(BytesIO(imposition.parts[0])).pages[0]):
        assert cm[0] == pytest.approx(1) and cm[3] == pytest.approx(1)


def test_letter_page_on_a4_sheet_is_scaled_uniformly_and_centred_in_its_half() -> None:
    imposition = impose_saddle_stitch(_numbered(4, LETTER), ImposeOptions(sheet="a4"))
    page = PdfReader(BytesIO(imposition.parts[0])).pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert (width, height) == pytest.approx(A4[::-1])
    scale = (width / 2) / 612
    for name, cm, _, _ in _placements(page):
        a, b, c, d, e, f = cm
        assert (a, b, c, d) == pytest.approx((scale, 0, 0, scale), abs=1e-4)
        # The page's centre lands on its half's centre.
        centre_x = e + a * 306
        half = 0 if name == "/P4" else 1
        assert centre_x == pytest.approx(width / 4 + half * width / 2, abs=0.05)
        assert f + d * 396 == pytest.approx(height / 2, abs=0.05)


def test_creep_moves_inner_sheets_toward_the_fold() -> None:
    plain = PdfReader(BytesIO(impose_saddle_stitch(_numbered(16)).parts[0]))
    crept = PdfReader(
        BytesIO(impose_saddle_stitch(_numbered(16), ImposeOptions(creep_mm=3)).parts[0])
    )
    width = float(plain.pages[0].mediabox.width)
    for index in range(8):
        sheet = index // 2
        expected = 3 * MM * sheet / 3  # outermost 0, innermost (sheet 3 of 4) the full 3 mm
        before = {name: cm for name, cm, _, _ in _placements(plain.pages[index])}
        for name, cm, _, (x, *_) in _placements(crept.pages[index]):
            is_left = x < width / 2
            moved = cm[4] - before[name][4]
            assert moved == pytest.approx(expected if is_left else -expected, abs=1e-3)
        # Each page is clipped to its own half, so nothing crosses the fold.
        data = crept.pages[index].get_contents().get_data()
        assert data.count(b"re W n") == len(before)


def test_rotated_source_pages_print_the_way_a_viewer_shows_them() -> None:
    # Baseline direction on screen: 0 reads left to right; /Rotate turns the page clockwise.
    directions = {0: (1, 0), 90: (0, -1), 180: (-1, 0), 270: (0, 1)}
    for rotate, (ux, uy) in directions.items():
        imposition = impose_saddle_stitch(_numbered(4, A5, rotate=rotate))
        page = PdfReader(BytesIO(imposition.parts[0])).pages[0]
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        if rotate in (90, 270):  # shown landscape: on the smallest sheet that fits them full size
            assert (width, height) == pytest.approx((1224.0, 792.0))
        for name, _, _, (x, y, dx, dy) in _placements(page):
            assert (dx / abs(dx or dy), dy / abs(dy or dx)) == pytest.approx((ux, uy)), rotate
            half = 0 if name == "/P4" else 1
            # The text sits at its page's centre, within its width either way.
            assert abs(x - (width / 4 + half * width / 2)) < 60
            assert abs(y - height / 2) < 60


def test_a_page_whose_box_does_not_start_at_zero_lands_in_its_half() -> None:
    imposition = impose_saddle_stitch(_numbered(4, A5, origin=(200.0, -300.0)))
    page = PdfReader(BytesIO(imposition.parts[0])).pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert (width, height) == pytest.approx(A4[::-1], abs=3)
    texts = {}
    for name, _, txt, (x, y, _, _) in _placements(page):
        texts[name] = txt
        half = 0 if name == "/P4" else 1
        assert abs(x - (width / 4 + half * width / 2)) < 60
        assert abs(y - height / 2) < 60
    assert texts == {"/P4": "P4", "/P1": "P1"}


def test_content_split_over_several_streams_or_shared_by_pages_is_drawn_whole() -> None:
    writer = PdfWriter(clone_from=BytesIO(_numbered(4)))
    first, second, third = writer.pages[0], writer.pages[1], writer.pages[2]
    # Page 1's content in two streams that split an operator from its operands: the spec allows
    # any break between tokens.
    data = first.get_contents().get_data()
    cut = data.index(b" Tm (P1)")
    parts = []
    for chunk in (data[:cut], data[cut:]):
        stream = DecodedStreamObject()
        stream.set_data(chunk)
        parts.append(writer._add_object(stream))
    first[NameObject("/Contents")] = ArrayObject(parts)
    # Page 3 reuses page 2's content stream but has a smaller box.
    third[NameObject("/Contents")] = second.raw_get("/Contents")
    third.mediabox = RectangleObject([0, 0, 300, 500])
    out = BytesIO()
    writer.write(out)
    reader = PdfReader(BytesIO(impose_saddle_stitch(out.getvalue()).parts[0]))
    texts = {name: txt for p in reader.pages for name, _, txt, _ in _placements(p)}
    assert texts == {"/P1": "P1", "/P2": "P2", "/P3": "P2", "/P4": "P4"}
    forms = {
        name: ref.get_object()
        for p in reader.pages
        for name, ref in p["/Resources"]["/XObject"].items()
    }
    assert forms["/P3"].indirect_reference != forms["/P2"].indirect_reference
    assert [float(v) for v in forms["/P3"]["/BBox"]] == [0, 0, 300, 500]


def test_print_settings_metadata_and_language_are_set() -> None:
    source = _numbered(6, title="My Booklet", lang="es")
    reader = PdfReader(BytesIO(impose_saddle_stitch(source).parts[0]))
    preferences = reader.root_object["/ViewerPreferences"]
    assert preferences["/PrintScaling"] == "/None"
    assert preferences["/Duplex"] == "/DuplexFlipShortEdge"
    assert reader.root_object["/Lang"] == "es"
    meta = reader.metadata
    assert (meta.title, meta.author, meta.subject) == ("My Booklet", "A. Clinic", "A test subject")
    assert meta["/Keywords"] == "one, two"
    long = PdfReader(
        BytesIO(impose_saddle_stitch(source, ImposeOptions(duplex="long-edge")).parts[0])
    )
    assert long.root_object["/ViewerPreferences"]["/Duplex"] == "/DuplexFlipLongEdge"


def test_fold_marks_are_on_the_fronts_unless_turned_off() -> None:
    marked = PdfReader(BytesIO(impose_saddle_stitch(_numbered(8)).parts[0]))
    plain = PdfReader(
        BytesIO(impose_saddle_stitch(_numbered(8), ImposeOptions(has_fold_marks=False)).parts[0])
    )
    mark = b"0.3 w 0.6 G [2 2] 0 d 420.9449 0 m 420.9449 12 l S"
    assert [mark in p.get_contents().get_data() for p in marked.pages] == [True, False] * 2
    assert not any(b" d " in p.get_contents().get_data() for p in plain.pages)


def test_each_source_page_is_one_form_drawn_once_and_output_stays_small(tmp_path: Path) -> None:
    # Untagged: a tagged source's structure tree is carried over too, a few kilobytes more
    # (pypdf writes its objects one by one, where ReportLab packs them in compressed streams).
    out = tmp_path / "booklet.pdf"
    result = CliRunner().invoke(
        cli, ["build", "--content", str(MINIMAL), "--out", str(out), "--no-tags"]
    )
    assert result.exit_code == 0, result.output
    source = out.read_bytes()
    imposed = impose_saddle_stitch(source).parts[0]
    assert len(imposed) <= 1.1 * len(source)
    names = [name for p in PdfReader(BytesIO(imposed)).pages for name, *_ in _placements(p)]
    assert sorted(names) == sorted(f"/P{n}" for n in range(1, 6))


def test_a_220_page_booklet_imposes_quickly() -> None:
    source = _numbered(220, LETTER)
    start = time.perf_counter()
    imposition = impose_saddle_stitch(source)
    elapsed = time.perf_counter() - start
    assert imposition.sheets == 55
    assert elapsed < 2.0  # about 0.1 s on a laptop; generous for a loaded CI machine


def test_cli_print_option_choices_match_the_library() -> None:
    assert cli_module._SHEETS == impose_module.SHEET_NAMES
    assert cli_module._DUPLEX == ("short-edge", "long-edge")


# --- the commands ----------------------------------------------------------------------------


def test_impose_command_writes_the_imposed_pdf(tmp_path: Path) -> None:
    source, out = tmp_path / "in.pdf", tmp_path / "out.pdf"
    source.write_bytes(_numbered(10))
    result = CliRunner().invoke(cli, ["impose", str(source), str(out), "--sheet", "a3"])
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"Wrote {out} (10 pages + 2 blanks, imposed for saddle stitching on 3 a3 sheets)\n"
    )
    reader = PdfReader(out)
    assert len(reader.pages) == 6
    assert _fold(_read_sheets(out.read_bytes())) == _expected(10)


def test_manual_duplex_writes_fronts_and_backs_with_instructions(tmp_path: Path) -> None:
    source, out = tmp_path / "in.pdf", tmp_path / "print.pdf"
    source.write_bytes(_numbered(12))
    result = CliRunner().invoke(cli, ["impose", str(source), str(out), "--manual-duplex"])
    assert result.exit_code == 0, result.output
    fronts, backs = tmp_path / "print-fronts.pdf", tmp_path / "print-backs.pdf"
    assert not out.exists()
    lines = result.output.splitlines()
    assert lines[0].startswith(f"Wrote {fronts} and {backs} (12 pages, ")
    assert lines[1] == (
        "Print print-fronts.pdf, put the printed stack back in the paper tray as "
        "it came out (face down, not turned round or reordered), then print "
        "print-backs.pdf."
    )
    front_sides = [_halves(p) for p in PdfReader(fronts).pages]
    back_sides = [_halves(p) for p in PdfReader(backs).pages]
    # Backs come last sheet first: the top of the re-fed stack is the last front printed.
    assert _fold(list(zip(front_sides, reversed(back_sides), strict=True))) == _expected(12)
    assert back_sides[0] == ("P6", "P7")
    for path in (fronts, backs):
        assert PdfReader(path).root_object["/ViewerPreferences"]["/Duplex"] == "/Simplex"


def test_signature_must_be_a_multiple_of_4(tmp_path: Path) -> None:
    source = tmp_path / "in.pdf"
    source.write_bytes(_numbered(4))
    result = CliRunner().invoke(
        cli, ["impose", str(source), str(tmp_path / "o.pdf"), "--signature", "6"]
    )
    assert result.exit_code == 2
    assert "6 is not a multiple of 4 (try 8)" in result.output


def test_build_impose_writes_the_imposed_booklet(tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    result = CliRunner().invoke(
        cli, ["build", "--impose", "saddle-stitch", "--content", str(MINIMAL), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == (
        f"Wrote {out} (5 pages + 3 blanks, imposed for saddle stitching on 2 tabloid sheets)"
    )
    reader = PdfReader(out)
    assert len(reader.pages) == 4
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == (1224.0, 792.0)
    assert reader.metadata.title == "Complementary Therapies for Cervical Dystonia"
    assert reader.root_object["/Lang"] == "en"
    # The outside of the first sheet: back cover on the left, cover on the right.
    assert [name for name, *_ in _placements(reader.pages[0])] == ["/P5", "/P1"]


def test_build_print_options_need_impose(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["build", "--content", str(MINIMAL), "--sheet", "a4", "--out", str(tmp_path / "x.pdf")]
    )
    assert result.exit_code == 2
    assert "the print options (--sheet, --duplex, ...) need --impose saddle-stitch" in result.output
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm (poppler-utils)")
def test_imposed_sheet_renders(tmp_path: Path) -> None:
    source, out = tmp_path / "in.pdf", tmp_path / "out.pdf"
    source.write_bytes(_numbered(8, HALF_LETTER))
    assert CliRunner().invoke(cli, ["impose", str(source), str(out)]).exit_code == 0
    subprocess.run(
        ["pdftoppm", "-png", "-r", "20", "-f", "1", "-l", "1", str(out), str(tmp_path / "sheet")],
        check=True,
    )
    assert (tmp_path / "sheet-1.png").stat().st_size > 0


# --- hostile input ---------------------------------------------------------------------------


def _page_tree_loop() -> bytes:
    """Three pages, plus a page-tree node whose /Kids point back at the root of the tree."""
    writer = PdfWriter(clone_from=BytesIO(_numbered(3)))
    root = writer.root_object["/Pages"]
    loop = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Pages"),
            NameObject("/Kids"): ArrayObject([root.indirect_reference]),
            NameObject("/Count"): NumberObject(3),
            NameObject("/Parent"): root.indirect_reference,
        }
    )
    root["/Kids"].append(writer._add_object(loop))
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _encrypted() -> bytes:
    writer = PdfWriter(clone_from=BytesIO(_numbered(4)))
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _no_pages() -> bytes:
    out = BytesIO()
    PdfWriter().write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_encrypted, "this PDF needs a password to open: save a copy without one and impose that"),
        (lambda: _numbered(12)[:-700], "this is not a PDF file or it is damaged"),
        (lambda: _numbered(12)[:2000], "this is not a PDF file or it is damaged"),
        (lambda: b"title: Not a PDF\nbody: just YAML\n", "this is not a PDF file or it is damaged"),
        (lambda: b"", "this is not a PDF file or it is damaged"),
        (
            lambda: b"%PDF-1.4\n" + b"\x00" * 5000 + b"\n%%EOF\n",
            "this is not a PDF file or it is damaged",
        ),
        (_page_tree_loop, "this is not a PDF file or it is damaged"),
        (_no_pages, "this PDF has no pages"),
    ],
    ids=[
        "encrypted",
        "truncated-end",
        "truncated-start",
        "not-a-pdf",
        "empty",
        "garbage",
        "page-tree-loop",
        "no-pages",
    ],
)
def test_hostile_input_is_one_clear_line_and_exit_1(tmp_path: Path, make, message: str) -> None:
    source, out = tmp_path / "IN.pdf", tmp_path / "OUT.pdf"
    source.write_bytes(make())
    start = time.perf_counter()
    result = CliRunner().invoke(cli, ["impose", str(source), str(out)])
    assert time.perf_counter() - start < 5
    assert result.exit_code == 1
    assert result.stderr == f"{source}: {message}\n"
    assert result.stdout == ""
    assert not out.exists()


def test_missing_input_names_the_file(tmp_path: Path) -> None:
    source = tmp_path / "nothere.pdf"
    result = CliRunner().invoke(cli, ["impose", str(source), str(tmp_path / "o.pdf")])
    assert result.exit_code == 1
    assert result.stderr == f"{source}: there is no such file\n"


def test_too_many_pages_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(impose_module, "MAX_PAGES", 5)
    with pytest.raises(BookletError) as caught:
        impose_saddle_stitch(_numbered(6), name=Path("big.pdf"))
    assert str(caught.value) == "big.pdf: this PDF has 6 pages: cdbooklet imposes at most 5"


def test_a_page_count_that_lies_is_refused_before_walking_the_tree() -> None:
    writer = PdfWriter(clone_from=BytesIO(_numbered(3)))
    writer.root_object["/Pages"][NameObject("/Count")] = NumberObject(2_000_000)
    out = BytesIO()
    writer.write(out)
    with pytest.raises(BookletError) as caught:
        impose_saddle_stitch(out.getvalue(), name=Path("big.pdf"))
    assert str(caught.value) == (
        "big.pdf: this PDF has 2,000,000 pages: cdbooklet imposes at most 10,000"
    )
