"""Translated editions: each file records its source and the source's text, `check` and `list`
say which are stale, missing or extra, a draft prints a band on every page, and `build --strict`
refuses it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from cdbooklet.cli import cli

ROOT = Path(__file__).resolve().parents[2]
BAND_EN = "Draft translation: not yet checked by a qualified translator"


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def source(tmp_path: Path) -> Path:
    """An English content folder with a French edition started from it (`translate --to fr`)."""
    root = tmp_path / "content"
    shutil.copytree(ROOT / "content", root, ignore=shutil.ignore_patterns("es"))
    code, _out, err = _run("translate", "--to", "fr", "--content", str(root))
    assert code == 0, err
    return root


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _first_body_line(path: Path) -> str:
    lines = path.read_text(encoding="utf-8").splitlines()
    return lines[lines.index("body: |") + 1]


def test_translate_starts_a_draft_edition_that_records_every_source_file(source: Path) -> None:
    edition = source / "fr"
    therapies = sorted(p.name for p in (source / "therapies").glob("*.yaml"))
    assert sorted(p.name for p in (edition / "therapies").glob("*.yaml")) == therapies
    text = (edition / "therapies" / "acupuncture.yaml").read_text(encoding="utf-8")
    assert "translation:\n  source: ../../therapies/acupuncture.yaml\n  status: draft\n" in text
    assert "language: fr" in (edition / "booklet.yaml").read_text(encoding="utf-8")
    code, _out, err = _run("check", "--content", str(edition))
    assert code == 0
    assert "a draft translation (12 of 12 files not yet checked" in err


def test_an_edited_source_makes_its_translation_stale_until_marked_current(source: Path) -> None:
    english = source / "therapies" / "acupuncture.yaml"
    french = source / "fr" / "therapies" / "acupuncture.yaml"
    line = _first_body_line(english)
    _edit(english, line, line + " Changed.")
    code, _out, err = _run("check", "--content", str(source / "fr"))
    assert code == 0
    stale = [e for e in err.splitlines() if e.startswith(f"{french}:")]
    assert len(stale) == 1
    assert "warning: the English source changed since this translation (body)" in stale[0]
    _code, listed, _err = _run("list", "--content", str(source / "fr"))
    row = next(r for r in listed.splitlines() if r.startswith("acupuncture "))
    assert row.endswith("draft, source changed since (body)")

    code, out, _err = _run(
        "translations", "--content", str(source / "fr"), "--mark-current", str(french)
    )
    assert code == 0 and f"Updated {french}" in out
    _code, _out, err = _run("check", "--content", str(source / "fr"))
    assert not [e for e in err.splitlines() if e.startswith(f"{french}:")]


def test_a_removed_translation_is_reported_missing(source: Path) -> None:
    edition = source / "fr"
    (edition / "therapies" / "biofeedback.yaml").unlink()
    _edit(edition / "booklet.yaml", "  - biofeedback\n", "")
    code, _out, err = _run("check", "--content", str(edition))
    assert code == 0
    assert (
        f"{edition / 'therapies' / 'biofeedback.yaml'}: warning: not translated yet: the "
        f"English source has {source / 'therapies' / 'biofeedback.yaml'}"
    ) in err.splitlines()


def test_a_translation_without_a_source_is_reported_extra(source: Path) -> None:
    edition = source / "fr"
    shutil.copy(edition / "therapies" / "biofeedback.yaml", edition / "therapies" / "extra.yaml")
    _code, _out, err = _run("check", "--content", str(edition))
    assert any(
        line.startswith(f"{edition / 'therapies' / 'extra.yaml'}:")
        and "source has no such file any more" in line
        for line in err.splitlines()
    ), err


def _page_texts(pdf: Path) -> list[str]:
    pages = len(PdfReader(pdf).pages)
    texts = []
    for page in range(1, pages + 1):
        done = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        )
        texts.append(" ".join(done.stdout.split()))
    return texts


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
def test_a_draft_edition_prints_the_band_on_every_page_and_a_reviewed_one_does_not(
    source: Path, tmp_path: Path
) -> None:
    edition = source / "fr"
    booklet, handout = tmp_path / "draft.pdf", tmp_path / "handouts"
    assert _run("build", "--content", str(edition), "--out", str(booklet))[0] == 0
    assert (
        _run("handout", "yoga-and-tai-chi", "--content", str(edition), "--out-dir", str(handout))[0]
        == 0
    )
    for pdf in (booklet, handout / "yoga-and-tai-chi.pdf"):
        texts = _page_texts(pdf)
        missing = [i + 1 for i, text in enumerate(texts) if BAND_EN not in text]
        assert not missing, f"{pdf.name}: no draft band on pages {missing}"

    code, _out, _err = _run("translations", "--content", str(edition), "--reviewed-by", "Ana López")
    assert code == 0
    reviewed = tmp_path / "reviewed.pdf"
    assert _run("build", "--content", str(edition), "--out", str(reviewed))[0] == 0
    assert not [t for t in _page_texts(reviewed) if BAND_EN in t]
    assert 'reviewed_by: "Ana López"' in (edition / "booklet.yaml").read_text(encoding="utf-8")


def test_build_strict_refuses_a_draft_in_one_sentence(source: Path, tmp_path: Path) -> None:
    out = tmp_path / "booklet.pdf"
    code, _out, err = _run("build", "--strict", "--content", str(source / "fr"), "--out", str(out))
    assert code == 1
    errors = [line for line in err.splitlines() if ": warning: " not in line]
    assert errors == [
        f"{source / 'fr' / 'booklet.yaml'}:{_line_of(source / 'fr' / 'booklet.yaml')}: this "
        "edition is a draft translation, not yet checked by a qualified translator, and "
        "--strict refuses to print it (see cdbooklet translations)"
    ]
    assert not out.exists()


def _line_of(path: Path) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return lines.index("translation:") + 1


def test_a_reviewed_file_must_say_who_and_when(source: Path) -> None:
    path = source / "fr" / "therapies" / "acupuncture.yaml"
    _edit(path, "  status: draft\n", "  status: reviewed\n")
    code, _out, err = _run("check", "--content", str(source / "fr"))
    assert code == 1
    assert (
        f'{path}:{_line_of(path)}: "translation" says reviewed: add reviewed_by: (who checked '
        "it) and reviewed_on: (a date like 2026-12-01)"
    ) in err.splitlines()
