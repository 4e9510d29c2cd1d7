"""Editions of the same content: large print, grayscale, Spanish, print-shop files, QR codes,
the notes area, and reproducible output.

Built from tests/fixtures/complete (every printed key, the example clinic's branding), except the
shipped Spanish edition and the byte-identical rebuild of the shipped booklet, which are about
content/ itself.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from PIL import Image, ImageChops
from pypdf import PdfReader

from cdbooklet.cli import cli
from helpers import FIXTURES, SHIPPED, SHIPPED_SPANISH, Edit, MakeContent
from pdfcheck import contents_numbers, font_sizes, fonts, outline, page_texts, squash

CONTENT = FIXTURES / "complete"
MM = 72 / 25.4


def _build(tmp_path: Path, *args: str, content: Path = CONTENT, name: str = "b.pdf") -> Path:
    out = tmp_path / name
    result = CliRunner().invoke(cli, ["build", "--content", str(content), "--out", str(out), *args])
    assert result.exit_code == 0, result.stderr
    return out


def _render(pdf: Path, page: int, dpi: int = 60) -> Image.Image:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    prefix = pdf.with_suffix("")
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            str(dpi),
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(pdf),
            str(prefix),
        ],
        check=True,
    )
    return Image.open(prefix.with_suffix(".png")).convert("RGB")


def _chroma(image: Image.Image) -> int:
    """The largest difference between a pixel's channels: 0 for a gray page."""
    r, g, b = image.split()
    high = ImageChops.lighter(ImageChops.lighter(r, g), b)
    low = ImageChops.darker(ImageChops.darker(r, g), b)
    return int(ImageChops.subtract(high, low).getextrema()[1])


# -- large print ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The booklet of tests/fixtures/complete in large print, on letter."""
    return _build(tmp_path_factory.mktemp("large"), "--large-print")


def test_large_print_sets_everything_at_18_pt_or_more(large: Path) -> None:
    assert min(font_sizes(large)) >= 18


def test_large_print_has_no_italic_faces(large: Path) -> None:
    assert not [name for name in fonts(large) if "Italic" in name or "Oblique" in name]


def test_large_print_reflows_and_keeps_a_true_contents_page(large: Path, tmp_path: Path) -> None:
    normal = _build(tmp_path)
    texts = page_texts(large)
    assert len(texts) > len(page_texts(normal))
    marks = dict(outline(large))
    first = marks["Contents"] - 1
    # The language-help page and the back cover are in the outline, not the contents.
    furniture = ("About this booklet", "Contents", "Language help", "Contact us")
    titles = [t for t in marks if t not in furniture]
    printed = contents_numbers(" ".join(texts[first : first + 3]).split("Contents", 1)[1], titles)
    assert printed == {t: marks[t] for t in titles}


@pytest.mark.parametrize("page_size", ["a5", "half-letter"])
def test_large_print_back_cover_fits_on_its_last_page(tmp_path: Path, page_size: str) -> None:
    """On a small page in large print the contact panel is taller than a page with the logo:
    it leaves the logo out (the cover has it) and narrows, rather than run on to a page of
    its own."""
    out = tmp_path / "b.pdf"
    result = CliRunner().invoke(
        cli,
        [
            "build",
            "--content",
            str(CONTENT),
            "--out",
            str(out),
            "--page-size",
            page_size,
            "--large-print",
        ],
    )
    assert result.exit_code == 0, result.output
    *_, before, last = page_texts(out)
    flat = squash(last)
    for words in ("Contact us", "(555) 010-0100", "care@example.org", "Published", "Review by"):
        assert squash(words) in flat, words
    assert squash("Contact us") not in squash(before)


def test_large_print_handout_may_run_longer_without_a_warning(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "handout",
            "physical-therapy",
            "--large-print",
            "--content",
            str(CONTENT),
            "--out-dir",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0
    assert result.stderr == ""
    assert min(font_sizes(tmp_path / "physical-therapy.pdf")) >= 18


# -- grayscale ------------------------------------------------------------------------------------


def test_grayscale_pages_have_no_colour(tmp_path: Path) -> None:
    pdf = _build(tmp_path, "--grayscale")
    for page in (1, 4, len(page_texts(pdf))):
        image = _render(pdf, page)
        worst = _chroma(image)
        assert worst <= 6, f"page {page} still has colour ({worst})"


def test_colour_build_does_have_colour(tmp_path: Path) -> None:
    """The grayscale test can fail: the normal cover is coloured."""
    image = _render(_build(tmp_path), 1)
    assert _chroma(image) > 60


def test_grayscale_keeps_text_contrast_on_the_cover_band(tmp_path: Path) -> None:
    image = _render(_build(tmp_path, "--grayscale"), 1, dpi=100)
    w, h = image.size
    # The band holds the title: its darkest (band) and lightest (title) grays.
    band = [
        image.getpixel((x, y)) for y in range(int(h * 0.25), int(h * 0.45)) for x in range(0, w, 3)
    ]
    lum = sorted({p[0] for p in band})
    dark, light = lum[0] / 255, lum[-1] / 255

    def rel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    assert (rel(light) + 0.05) / (rel(dark) + 0.05) >= 4.5


# -- Spanish --------------------------------------------------------------------------------------


def test_spanish_booklet_uses_spanish_labels_and_lang(tmp_path: Path) -> None:
    """The shipped Spanish edition."""
    pdf = _build(tmp_path, content=SHIPPED_SPANISH)
    texts = page_texts(pdf)
    total = len(texts)
    assert "Contenido" in " ".join(texts[1:3])
    assert all(f"Página {n} de {total}" in t for n, t in enumerate(texts[1:], start=2))
    assert PdfReader(pdf).trailer["/Root"]["/Lang"] == "es"
    booklet = yaml.safe_load((SHIPPED_SPANISH / "booklet.yaml").read_text(encoding="utf-8"))
    assert squash(booklet["disclaimer"]) in " ".join(texts)
    assert "Publicado: 1 de noviembre de 2026" in texts[-1]


def test_unknown_language_falls_back_to_english_labels_with_a_warning(
    tmp_path: Path, make_content: MakeContent, edit: Edit
) -> None:
    content = make_content("minimal")
    booklet = content / "booklet.yaml"
    edit(booklet, "language: en", "language: pl")
    result = CliRunner().invoke(
        cli, ["build", "--content", str(content), "--out", str(tmp_path / "b.pdf")]
    )
    assert result.exit_code == 0
    line = next(
        i for i, t in enumerate(booklet.read_text().splitlines(), 1) if t.startswith("language:")
    )
    assert result.stderr.splitlines() == [
        f'{booklet}:{line}: warning: no labels in "pl" yet: headings such as "Contents" are '
        "printed in English"
    ]
    assert PdfReader(tmp_path / "b.pdf").trailer["/Root"]["/Lang"] == "pl"


def test_draft_labels_are_a_warning_and_strict_refuses_them(
    tmp_path: Path, make_content: MakeContent, edit: Edit
) -> None:
    """A clinic's own text in Vietnamese, with the headings from the draft catalogue: check
    says the headings are a draft; build prints them; build --strict refuses."""
    content = make_content("minimal")
    booklet = content / "booklet.yaml"
    edit(booklet, "language: en", "language: vi")
    line = next(
        i for i, t in enumerate(booklet.read_text().splitlines(), 1) if t.startswith("language:")
    )
    result = CliRunner().invoke(cli, ["check", "--content", str(content)])
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == (
        f'{booklet}:{line}: warning: the printed headings in "vi" (such as "Mục lục") are a '
        "draft translation, not yet checked by a qualified translator"
    )
    out = tmp_path / "b.pdf"
    strict = CliRunner().invoke(
        cli, ["build", "--content", str(content), "--out", str(out), "--strict"]
    )
    assert strict.exit_code == 1 and not out.exists()
    built = CliRunner().invoke(cli, ["build", "--content", str(content), "--out", str(out)])
    assert built.exit_code == 0 and "Mục lục" in page_texts(out)[1]
    assert built.stderr == ""  # check says it; a build does not repeat it every time


# -- print shop -----------------------------------------------------------------------------------


def test_bleed_sets_trim_and_bleed_boxes(tmp_path: Path) -> None:
    pdf = _build(tmp_path, "--bleed", "3", "--crop-marks")
    for page in PdfReader(pdf).pages:
        trim = [float(v) for v in page.trimbox]
        bleed = [float(v) for v in page.bleedbox]
        media = [float(v) for v in page.mediabox]
        assert trim == pytest.approx([0, 0, 612, 792])
        assert bleed == pytest.approx([-3 * MM, -3 * MM, 612 + 3 * MM, 792 + 3 * MM])
        assert media[0] < bleed[0] and media[2] > bleed[2]


def test_cover_band_runs_into_the_bleed_and_marks_sit_outside_it(tmp_path: Path) -> None:
    pdf = _build(tmp_path, "--bleed", "3", "--crop-marks")
    dpi = 100
    image = _render(pdf, 1, dpi=dpi)
    scale = dpi / 72
    margin = (3 + 2 + 5) * MM  # bleed + gap + mark length
    # Rows of the band: the clinic's blue in the middle of the page.
    mid_x = int((margin + 300) * scale)
    rows = [
        y
        for y in range(image.size[1])
        if image.getpixel((mid_x, y))[2] > 120 and image.getpixel((mid_x, y))[0] < 60
    ]
    assert rows, "no band found"
    band_y = rows[len(rows) // 2]
    # Just outside the trim, inside the bleed: still the band's colour.
    x_bleed = int((margin - 1.5 * MM) * scale)
    r, g, b = image.getpixel((x_bleed, band_y))
    assert b > 120 and r < 60, (r, g, b)
    # A crop mark: dark pixels in line with the trim edge, outside the bleed.
    x_trim = int(margin * scale)
    column = [image.getpixel((x_trim, y))[0] for y in range(int(4 * MM * scale))]
    assert min(column) < 100


# -- QR codes and notes ---------------------------------------------------------------------------


def _decode_qr(pdf: Path, page: int) -> list[str]:
    if shutil.which("zbarimg") is None:
        pytest.skip("zbarimg (zbar-tools) is not installed")
    image = _render(pdf, page, dpi=150)
    path = pdf.with_name(f"qr-{page}.png")
    image.save(path)
    out = subprocess.run(["zbarimg", "-q", "--raw", str(path)], capture_output=True, text=True)
    return out.stdout.split()


def test_back_cover_qr_code_decodes_to_the_clinic_website(tmp_path: Path) -> None:
    pdf = _build(tmp_path)
    website = yaml.safe_load((CONTENT / "branding.yaml").read_text())["clinic"]["website"]
    assert _decode_qr(pdf, len(PdfReader(pdf).pages)) == [website]


def test_handout_qr_code_prefers_the_site_url(
    tmp_path: Path, make_content: MakeContent, edit: Edit
) -> None:
    content = make_content("complete")
    edit(
        content / "branding.yaml",
        "  website:",
        "  site_url: https://www.example.org/booklet\n  website:",
    )
    result = CliRunner().invoke(
        cli, ["handout", "acupuncture", "--content", str(content), "--out-dir", str(tmp_path)]
    )
    assert result.exit_code == 0, result.stderr
    pdf = tmp_path / "acupuncture.pdf"
    # With the contact block, wherever the handout's length puts it.
    pages = range(1, len(PdfReader(pdf).pages) + 1)
    assert [url for page in pages for url in _decode_qr(pdf, page)] == [
        "https://www.example.org/booklet"
    ]
    assert "www.example.org/booklet" in " ".join(page_texts(pdf))


def test_handout_note_is_printed_escaped_in_the_notes_area(tmp_path: Path) -> None:
    note = "Walk <10 min> & rest; <b>not bold</b>"
    result = CliRunner().invoke(
        cli,
        [
            "handout",
            "biofeedback",
            "--note",
            note,
            "--content",
            str(CONTENT),
            "--out",
            str(tmp_path / "for-the-patient.pdf"),
        ],
    )
    assert result.exit_code == 0
    last = page_texts(tmp_path / "for-the-patient.pdf")[-1]
    assert "Notes from your care team" in last
    assert note in last
    assert last.index("Notes from your care team") > last.index("Review by")


def test_a_note_too_long_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "handout",
            "biofeedback",
            "--note",
            "x" * 601,
            "--content",
            str(CONTENT),
            "--out-dir",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 2
    assert "keep it to 600 or fewer" in result.stderr


# -- reproducible ---------------------------------------------------------------------------------


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    """The shipped booklet, rebuilt, is the same file."""
    a = _build(tmp_path, content=SHIPPED, name="a.pdf").read_bytes()
    b = _build(tmp_path, content=SHIPPED, name="b.pdf").read_bytes()
    assert a == b


def test_pdf_is_dated_by_published_or_source_date_epoch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert (
        PdfReader(_build(tmp_path, name="a.pdf")).metadata["/CreationDate"].startswith("D:20261101")
    )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert (
        PdfReader(_build(tmp_path, name="b.pdf")).metadata["/CreationDate"].startswith("D:20231114")
    )


def test_imposed_output_is_reproducible_too(tmp_path: Path) -> None:
    a = _build(tmp_path, "--impose", "saddle-stitch", name="a.pdf").read_bytes()
    b = _build(tmp_path, "--impose", "saddle-stitch", name="b.pdf").read_bytes()
    assert a == b


def test_print_shop_file_stays_a_valid_tagged_pdf(tmp_path: Path) -> None:
    """Crop marks are drawn as artifacts, so the PDF/UA-1 validator still passes every rule."""
    page = pytest.importorskip("page", reason="page-validation is not installed")
    pdf = _build(tmp_path, "--bleed", "3", "--crop-marks")
    report = page.validate_pdf(
        str(pdf), profile="ua1", limits=page.SafetyLimits(max_reference_depth=100_000)
    )
    assert report.is_compliant, [str(f) for f in report.failures]


def test_a_long_web_address_is_never_cut_off(
    tmp_path: Path, make_content: MakeContent, edit: Edit
) -> None:
    content = make_content("complete")
    url = (
        "https://www.example.org/patient-information/cervical-dystonia/complementary-"
        "therapies/biofeedback/self-care-at-home-guide-2026"
    )
    therapy = content / "therapies" / "biofeedback.yaml"
    edit(therapy, "body: |\n", f"body: |\n  Read {url} today.\n\n")
    result = CliRunner().invoke(
        cli,
        [
            "handout",
            "biofeedback",
            "--page-size",
            "a5",
            "--content",
            str(content),
            "--out-dir",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0
    text = "".join(" ".join(page_texts(tmp_path / "biofeedback.pdf")).split())
    assert url in text
