"""The commands end to end: list, check, build errors, safe output, hostile text in a real PDF.

On tests/fixtures/ (complete: every printed key, four therapies; minimal), except the check of the
shipped content/ itself.
"""

from __future__ import annotations

import io
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from cdbooklet import __version__
from cdbooklet.cli import cli
from helpers import FIXTURES, SHIPPED, Edit, MakeContent
from pdfcheck import fonts, page_texts

COMPLETE = FIXTURES / "complete"
MINIMAL = FIXTURES / "minimal"


@pytest.fixture
def content(make_content: MakeContent) -> Path:
    """A private copy of tests/fixtures/complete/ that a test may edit."""
    return make_content("complete")


def _line_of(path: Path, needle: str) -> int:
    """The first line that is not a comment and holds `needle`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(
        i for i, line in enumerate(lines, 1) if needle in line and not line.lstrip().startswith("#")
    )


def test_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"cdbooklet, version {__version__}"


def test_list_shows_id_title_and_words() -> None:
    result = CliRunner().invoke(cli, ["list", "--content", str(COMPLETE)])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split() == ["ID", "TITLE", "WORDS", "GRADE"]
    assert len(lines) == 5
    row = next(line for line in lines if line.startswith("acupuncture "))
    assert "Acupuncture" in row and int(row.split()[-2]) > 40
    assert 1 < float(row.split()[-1]) < 20


def test_check_finds_no_errors_in_the_default_content() -> None:
    result = CliRunner().invoke(cli, ["check", "--content", str(SHIPPED)])
    assert result.exit_code == 0, result.stderr
    assert "no errors (10 therapies, 0 warnings)" in result.stdout


def test_check_reports_every_problem_with_file_and_line(content: Path, edit: Edit) -> None:
    therapy = content / "therapies" / "acupuncture.yaml"
    edit(therapy, "title:", "tittle:")
    edit(content / "branding.yaml", 'primary: "#', 'primary: "blue')
    result = CliRunner().invoke(cli, ["check", "--content", str(content)])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert (
        f'{therapy}:{_line_of(therapy, "tittle:")}: unknown key "tittle" (did you mean "title"?)'
        in lines
    )
    assert any(
        line.startswith(f"{content / 'branding.yaml'}:") and "colors.primary" in line
        for line in lines
    )
    assert "Traceback" not in result.output + result.stderr


def test_failed_build_keeps_the_last_good_booklet(
    content: Path, tmp_path: Path, edit: Edit
) -> None:
    out = tmp_path / "booklet.pdf"
    assert (
        CliRunner().invoke(cli, ["build", "--content", str(content), "--out", str(out)]).exit_code
        == 0
    )
    before = out.read_bytes()
    edit(content / "booklet.yaml", "disclaimer:", "disclaimer_:")
    result = CliRunner().invoke(cli, ["build", "--content", str(content), "--out", str(out)])
    assert result.exit_code == 1
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_output_that_is_a_folder_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["build", "--content", str(MINIMAL), "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert (
        result.stderr.strip()
        == f"{tmp_path}: the output is a folder: give a file name ending in .pdf"
    )


def test_output_has_ordinary_permissions(tmp_path: Path) -> None:
    out = tmp_path / "b.pdf"
    old = os.umask(0o022)
    try:
        CliRunner().invoke(cli, ["build", "--content", str(MINIMAL), "--out", str(out)])
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_hostile_text_prints_as_typed(content: Path, tmp_path: Path, edit: Edit) -> None:
    therapy = content / "therapies" / "biofeedback.yaml"
    hostile = 'Rate pain < 5 & mood > 3. <img src="x"/> <font color="red">red</font> &amp;'
    edit(therapy, "summary:", f"summary: '{hostile}'\n#")  # the old summary, a comment
    out = tmp_path / "b.pdf"
    result = CliRunner().invoke(
        cli, ["handout", "biofeedback", "--content", str(content), "--out-dir", str(tmp_path)]
    )
    assert result.exit_code == 0, result.stderr
    out = tmp_path / "biofeedback.pdf"
    assert hostile in " ".join(page_texts(out))
    assert not PdfReader(out).pages[0].images[1:], "an <img> tag was obeyed"


def test_names_in_other_scripts_get_real_glyphs(content: Path, tmp_path: Path, edit: Edit) -> None:
    edit(
        content / "branding.yaml", "name: Riverside", "name: Łódź Κλινική Клиника Nguyễn Riverside"
    )
    out = tmp_path / "b.pdf"
    result = CliRunner().invoke(cli, ["build", "--content", str(content), "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert "Łódź Κλινική Клиника Nguyễn Riverside" in page_texts(out)[1]
    assert any("DejaVuSans" in name for name in fonts(out))
    assert all(fonts(out).values())


def test_a_character_no_font_has_is_a_warning_with_file_and_line(
    content: Path, tmp_path: Path, edit: Edit
) -> None:
    therapy = content / "therapies" / "massage-therapy.yaml"
    edit(therapy, "title: Massage Therapy", "title: Massage Therapy ཀཁ")
    result = CliRunner().invoke(
        cli, ["build", "--content", str(content), "--out", str(tmp_path / "b.pdf")]
    )
    assert result.exit_code == 0
    line = _line_of(therapy, "title:")
    assert (
        f"{therapy}:{line}: warning: no bundled font can print ཀ (U+0F40, Tibetan), "
        "ཁ (U+0F41, Tibetan): left out" in result.stderr.splitlines()
    )


def test_every_command_has_help_and_is_in_the_readme(repo_root: Path) -> None:
    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    assert isinstance(cli.commands, dict)
    for name in cli.commands:
        result = CliRunner().invoke(cli, [name, "--help"])
        assert result.exit_code == 0
        assert f"cdbooklet {name}" in result.output
        assert f"cdbooklet {name}" in readme


def test_loading_content_does_not_import_reportlab_or_pypdf() -> None:
    code = (
        "import sys; from pathlib import Path; from cdbooklet.build.pipeline import load;"
        "from cdbooklet.errors import Report; load(Path(sys.argv[1]), Report());"
        "import cdbooklet.cli;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('reportlab', 'pypdf')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(COMPLETE)], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("command", [["--help"], ["list"], ["check"], ["check", "--strict"]])
def test_quick_commands_never_import_reportlab_or_pypdf(command: list[str]) -> None:
    """--help, list and check stay quick: the modules they import are read at exit."""
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('MODULES', sorted(m for m in sys.modules"
        " if m.split('.')[0] in ('reportlab', 'pypdf')), file=sys.stderr))\n"
        "from cdbooklet.cli import main\n"
        "sys.argv = ['cdbooklet', *sys.argv[1:]]\n"
        "main()\n"
    )
    args = command if command == ["--help"] else [*command, "--content", str(COMPLETE)]
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)
    assert out.returncode in (0, 1), out.stderr
    assert "MODULES []" in out.stderr.splitlines(), out.stderr


def _unprintable_warnings(stderr: str) -> set[str]:
    return {line for line in stderr.splitlines() if "no bundled font can print" in line}


def test_check_and_build_warn_alike_for_characters_no_font_has(
    content: Path, tmp_path: Path, edit: Edit
) -> None:
    """check finds them without laying anything out: the same warnings as a build, at the same
    lines, field by field."""
    booklet, branding = content / "booklet.yaml", content / "branding.yaml"
    therapy = content / "therapies" / "physical-therapy.yaml"
    edits = [
        (booklet, "title: Complementary", "title: ཀ Complementary"),
        (booklet, "subtitle: A guide", "subtitle: ཁ A guide"),
        (booklet, "This booklet tells you", "ག This booklet tells you"),
        (booklet, "Thank you for reading.", "Thank you ང for reading."),
        (booklet, "before you try any of these", "before ཅ you try any of these"),
        (booklet, "footer: General", "footer: ཆ General"),
        (branding, "name: Riverside", "name: ཇ Riverside"),
        (branding, "address: 100", "address: ཉ 100"),
        (branding, "phone: (555)", "phone: ཏ (555)"),
        (therapy, "title: Physical", "title: ཐ Physical"),
        (therapy, "summary: A physical", "summary: ད A physical"),
        (therapy, "A physical therapist can", "ན A physical therapist can"),
        (therapy, "  - Which exercises", "  - པ Which exercises"),
        (therapy, "  - Ask your therapist", "  - ཕ Ask your therapist"),
    ]
    for path, old, new in edits:
        edit(path, old, new)
    checked = CliRunner().invoke(cli, ["check", "--content", str(content)])
    built = CliRunner().invoke(
        cli, ["build", "--content", str(content), "--out", str(tmp_path / "b.pdf")]
    )
    assert checked.exit_code == 0 and built.exit_code == 0, checked.stderr + built.stderr
    warnings = _unprintable_warnings(checked.stderr)
    assert len(warnings) == len(edits)
    assert warnings == _unprintable_warnings(built.stderr)
    line = _line_of(therapy, "Ask your therapist")
    assert (
        f"{therapy}:{line}: warning: no bundled font can print ཕ (U+0F55, Tibetan): left out"
        in warnings
    )


@pytest.mark.parametrize(
    "damage", ["truncated png", "png with a bad checksum", "truncated jpeg", "text named .png"]
)
def test_check_finds_a_damaged_logo_as_build_does(
    content: Path, tmp_path: Path, damage: str
) -> None:
    from PIL import Image

    logo = content / "assets" / "logo.png"
    if damage == "truncated png":
        logo.write_bytes(logo.read_bytes()[:-40])
    elif damage == "png with a bad checksum":
        data = bytearray(logo.read_bytes())
        data[len(data) // 2] ^= 0xFF
        logo.write_bytes(bytes(data))
    elif damage == "truncated jpeg":
        with Image.open(logo) as image:
            image.convert("RGB").save(logo, format="JPEG")
        logo.write_bytes(logo.read_bytes()[: logo.stat().st_size // 2])
    else:
        logo.write_text("not an image at all\n", encoding="utf-8")
    line = _line_of(content / "branding.yaml", "logo:")
    # The loader already refuses a file that is not PNG or JPEG at all ("the logo file …").
    expected = f"{content / 'branding.yaml'}:{line}: the logo "
    for command in (["check"], ["build", "--out", str(tmp_path / "b.pdf")]):
        result = CliRunner().invoke(cli, [*command, "--content", str(content)])
        assert result.exit_code == 1, (command, result.output)
        assert result.stderr.startswith(expected), (command, result.stderr)
        assert "Traceback" not in result.stderr


def test_python_dash_m_runs_the_cli() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "cdbooklet", "--help"], capture_output=True, text=True, check=True
    )
    assert "cdbooklet build" in out.stdout


def test_a_damaged_logo_is_a_clear_error(content: Path, tmp_path: Path) -> None:
    logo = content / "assets" / "logo.png"
    logo.write_bytes(logo.read_bytes()[:200])
    out = tmp_path / "b.pdf"
    result = CliRunner().invoke(cli, ["build", "--content", str(content), "--out", str(out)])
    assert result.exit_code == 1
    line = _line_of(content / "branding.yaml", "logo:")
    [message] = result.stderr.splitlines()
    assert message.startswith(
        f'{content / "branding.yaml"}:{line}: the logo "logo.png" cannot be read'
    )
    assert not out.exists()


# -- handouts for one patient: --out, --note, --pack ----------------------------------------------


def test_a_note_without_out_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    out_dir = tmp_path / "handouts"
    result = CliRunner().invoke(
        cli,
        [
            "handout",
            "biofeedback",
            "--content",
            str(FIXTURES / "complete"),
            "--note",
            "Hi",
            "--out-dir",
            str(out_dir),
        ],
    )
    assert result.exit_code == 2
    assert "give --out FILE (or --out - for standard output)" in result.stderr
    assert not out_dir.exists()


def test_a_note_goes_only_into_the_file_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "patient.pdf"
    result = CliRunner().invoke(
        cli,
        [
            "handout",
            "biofeedback",
            "acupuncture",
            "--content",
            str(FIXTURES / "complete"),
            "--note",
            "Tuesday at 10.",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Wrote {out} (4 pages)\n"
    assert "Tuesday at 10." in " ".join(page_texts(out))
    # Nothing in the shared folder, nor in the build cache.
    assert not (tmp_path / "out").exists()
    cache = Path(os.environ["CDBOOKLET_CACHE"])
    assert all(b"Tuesday" not in p.read_bytes() for p in cache.rglob("*") if p.is_file())


def test_out_dash_writes_the_pdf_to_standard_output() -> None:
    result = CliRunner().invoke(
        cli,
        [
            "handout",
            "--pack",
            "new diagnosis",
            "--content",
            str(FIXTURES / "complete"),
            "--note",
            "Call us.",
            "--out",
            "-",
        ],
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(result.stdout_bytes))
    text = " ".join(p.extract_text() or "" for p in reader.pages)
    assert "Physical Therapy" in text and "Acupuncture" in text and "Call us." in text


def test_an_unknown_pack_names_the_packs_there_are() -> None:
    result = CliRunner().invoke(
        cli,
        [
            "handout",
            "--pack",
            "New diagnoses",
            "--content",
            str(FIXTURES / "complete"),
            "--out",
            "-",
        ],
    )
    assert result.exit_code == 2
    assert (
        'there is no pack "New diagnoses" (did you mean "New diagnosis"?); the packs are '
        '"New diagnosis", "Muscle tension"'
    ) in result.stderr


def test_a_pack_writes_its_handouts_to_the_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "handout",
            "--pack",
            "Muscle tension",
            "--content",
            str(FIXTURES / "complete"),
            "--out-dir",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == [
        "massage-therapy.pdf",
        "physical-therapy.pdf",
    ]
