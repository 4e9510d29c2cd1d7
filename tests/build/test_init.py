"""`cdbooklet init DIR`: a content folder that builds at once, explains every key, names its
schemas on the first line of each YAML file, and never overwrites anything."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from cdbooklet.build import starter as init_module
from cdbooklet.build.starter import init_content
from cdbooklet.cli import cli
from cdbooklet.content.keys import file_kind
from cdbooklet.content.load import load_content
from cdbooklet.content.schema import schema_text
from cdbooklet.errors import BookletError
from helpers import SHIPPED

YAML_FILES = {
    "booklet.yaml": "booklet",
    "branding.yaml": "branding",
    "therapies/example-therapy.yaml": "therapy",
}
_MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


@pytest.fixture
def new(tmp_path: Path) -> Path:
    """A content folder written by `cdbooklet init` (dated 2026-03-01)."""
    folder = tmp_path / "my-clinic"
    init_content(folder, today=date(2026, 3, 1))
    return folder


def test_init_writes_a_folder_that_builds_at_once(tmp_path: Path) -> None:
    folder = tmp_path / "my-clinic"
    result = CliRunner().invoke(cli, ["init", str(folder)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"Wrote 8 files to {folder}.")
    out = tmp_path / "booklet.pdf"
    built = CliRunner().invoke(cli, ["build", "--content", str(folder), "--out", str(out)])
    assert built.exit_code == 0, built.stderr
    assert built.stderr == ""
    reader = PdfReader(out)
    assert len(reader.pages) >= 4
    assert reader.metadata is not None and reader.metadata.author == "REPLACE: Your Clinic Name"


def test_a_new_folder_passes_check_strict(tmp_path: Path) -> None:
    """No warnings at all: the example text reads below grade 8 and the dates are current."""
    new = tmp_path / "my-clinic"
    init_content(new)  # dated today, as `check` reads the clock
    result = CliRunner().invoke(cli, ["check", "--strict", "--content", str(new)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout == f"{new}: no errors (1 therapies, 0 warnings)\n"


def test_a_new_folder_holds_the_expected_files(new: Path) -> None:
    files = sorted(str(p.relative_to(new)) for p in new.rglob("*") if p.is_file())
    assert files == [
        ".schemas/booklet.schema.json",
        ".schemas/branding.schema.json",
        ".schemas/therapy.schema.json",
        "assets/README.md",
        "assets/logo.png",
        "booklet.yaml",
        "branding.yaml",
        "therapies/example-therapy.yaml",
    ]
    assert (new / "assets" / "logo.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


@pytest.mark.parametrize(("name", "kind"), sorted(YAML_FILES.items()))
def test_each_yaml_file_names_its_schema_on_the_first_line(new: Path, name: str, kind: str) -> None:
    path = new / name
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = _MODELINE.match(first)
    assert match, first
    schema = (path.parent / match.group(1)).resolve()
    assert schema == (new / ".schemas" / f"{kind}.schema.json").resolve()
    assert schema.read_text(encoding="utf-8") == schema_text(kind)
    assert json.loads(schema.read_text(encoding="utf-8"))["properties"]


def test_the_clinic_is_a_placeholder_marked_replace(new: Path) -> None:
    content, _warnings = load_content(new, today=date(2026, 3, 1))
    contact = content.branding.contact
    assert contact.name.startswith("REPLACE:")
    assert contact.address and contact.address.startswith("REPLACE:")
    assert contact.phone and contact.phone.startswith("REPLACE:")
    assert contact.email and "replace" in contact.email
    assert contact.website and "replace" in contact.website
    assert content.branding.logo_alt.startswith("REPLACE:")


def test_the_disclaimer_is_the_standard_one(new: Path) -> None:
    """The one the shipped content/ prints: a new clinic starts from the same words."""
    standard, _ = load_content(SHIPPED)
    content, _ = load_content(new, today=date(2026, 3, 1))
    assert content.booklet.disclaimer == standard.booklet.disclaimer


def test_one_example_therapy_in_the_order(new: Path) -> None:
    content, _ = load_content(new, today=date(2026, 3, 1))
    assert [t.id for t in content.booklet.therapies] == ["example-therapy"]
    therapy = content.booklet.therapies[0]
    assert therapy.tips and therapy.cautions and therapy.questions


def test_the_dates_start_today_and_ask_for_a_review_in_two_years(new: Path) -> None:
    content, _ = load_content(new, today=date(2026, 3, 1))
    assert content.booklet.published == date(2026, 3, 1)
    assert content.booklet.review_by == date(2028, 3, 1)


def test_a_new_folder_made_on_29_february_reviews_on_28_february(tmp_path: Path) -> None:
    init_content(tmp_path / "leap", today=date(2028, 2, 29))
    content, _ = load_content(tmp_path / "leap", today=date(2028, 2, 29))
    assert content.booklet.review_by == date(2030, 2, 28)


@pytest.mark.parametrize(("name", "kind"), sorted(YAML_FILES.items()))
def test_every_key_is_explained_by_a_note_above_it(new: Path, name: str, kind: str) -> None:
    """Each key the loader knows appears in the file, in use or as a commented example, and the
    line above each key in use is a note (or another key of the same group)."""
    lines = (new / name).read_text(encoding="utf-8").splitlines()
    declared = file_kind(kind).keys
    keys = [key.name for key in declared] + [inner.name for key in declared for inner in key.keys]
    for key in keys:
        assert any(re.match(rf"^\s*(#\s*)?{key}:", line) for line in lines), (
            f"{key} is not in {name}"
        )
    for i, line in enumerate(lines):
        if re.match(r"^[a-z_]+:", line):
            above = lines[i - 1].strip()
            assert above.startswith("#"), f"{name}:{i + 1}: {line!r} has no note above it"


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    folder = tmp_path / "clinic"
    folder.mkdir()
    (folder / "notes.txt").write_text("ours", encoding="utf-8")
    result = CliRunner().invoke(cli, ["init", str(folder)])
    assert result.exit_code == 1
    assert result.stderr == f"{folder}: this folder is not empty: choose a new folder name\n"
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]


def test_init_refuses_a_folder_it_already_wrote(new: Path) -> None:
    before = {p: p.read_bytes() for p in new.rglob("*") if p.is_file()}
    with pytest.raises(BookletError, match="this folder is not empty"):
        init_content(new)
    assert {p: p.read_bytes() for p in new.rglob("*") if p.is_file()} == before


def test_init_refuses_a_file(tmp_path: Path) -> None:
    path = tmp_path / "booklet"
    path.write_text("x", encoding="utf-8")
    result = CliRunner().invoke(cli, ["init", str(path)])
    assert result.exit_code == 1
    assert result.stderr == f"{path}: this is a file, not a folder: choose a new folder name\n"


def test_init_fills_an_empty_folder(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    assert CliRunner().invoke(cli, ["init", str(folder)]).exit_code == 0
    assert (folder / "booklet.yaml").is_file()


def test_a_failed_init_leaves_no_half_written_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []
    real = init_module.write_atomic

    def fail_on_third(path: Path, data: bytes) -> None:
        calls.append(path)
        if len(calls) == 3:
            raise BookletError.at(path, 0, "cannot write the output (the disk is full)")
        real(path, data)

    monkeypatch.setattr(init_module, "write_atomic", fail_on_third)
    folder = tmp_path / "clinic"
    with pytest.raises(BookletError, match="the disk is full"):
        init_content(folder)
    assert not folder.exists()
