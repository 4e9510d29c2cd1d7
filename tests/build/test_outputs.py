"""Outputs a clinic can trust: no input is ever overwritten, no stale PDF is reported unchanged,
no file is left beside the outputs, withdrawn handouts go, manual-duplex pairs match, and a
symlinked output is written through. Each case once reproduced a real mistake."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cdbooklet.build.watch import watch
from cdbooklet.cli import cli
from cdbooklet.press import output
from helpers import Edit, MakeContent


@pytest.fixture
def content(make_content: MakeContent) -> Path:
    """A private copy of tests/fixtures/complete/ (four therapies, every printed key)."""
    return make_content("complete")


def _run(*args: object) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def _build(content: Path, out: Path, *options: str) -> str:
    result = _run("build", "--content", content, "--out", out, *options)
    assert result.exit_code == 0, result.stderr
    return result.stdout.splitlines()[0]


# -- inputs are never outputs --------------------------------------------------------------------


@pytest.mark.parametrize(
    "target", ["booklet.yaml", "therapies/acupuncture.yaml", "assets/logo.png"]
)
def test_an_output_that_is_an_input_is_refused_and_the_input_kept(
    content: Path, target: str
) -> None:
    path = content / target
    before = path.read_bytes()
    result = _run("build", "--content", content, "--out", path)
    assert result.exit_code == 1
    what = "the logo" if target.endswith(".png") else "a content file"
    assert result.stderr == (
        f"{path}: this is {what}, an input of this run: write the PDF somewhere else (the "
        "output would replace it)\n"
    )
    assert path.read_bytes() == before


def test_a_bundled_font_is_never_an_output(content: Path) -> None:
    from cdbooklet.content.fonts import fonts_dir

    font = sorted(fonts_dir().glob("*.ttf"))[0]
    before = font.read_bytes()
    result = _run("build", "--content", content, "--out", font)
    assert result.exit_code == 1 and "this is a bundled font" in result.stderr
    assert font.read_bytes() == before


def test_impose_refuses_to_write_over_its_input(content: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "booklet.pdf"
    _build(content, pdf)
    before = pdf.read_bytes()
    result = _run("impose", pdf, pdf)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{pdf}: this is the PDF to impose, an input of this run: write the PDF somewhere else "
        "(the output would replace it)\n"
    )
    assert pdf.read_bytes() == before


def test_a_handout_folder_inside_the_content_cannot_replace_an_input(content: Path) -> None:
    # A logo named like a handout, in the folder the handouts go to.
    (content / "assets" / "acupuncture.pdf").write_bytes((content / "assets/logo.png").read_bytes())
    edit_logo = content / "branding.yaml"
    text = edit_logo.read_text(encoding="utf-8").replace(
        "assets/logo.png", "assets/acupuncture.pdf"
    )
    edit_logo.write_text(text, encoding="utf-8")
    result = _run("handout", "acupuncture", "--content", content, "--out-dir", content / "assets")
    assert result.exit_code == 1 and "this is the logo, an input of this run" in result.stderr


# -- never a stale "Unchanged" -------------------------------------------------------------------


def test_two_builds_racing_to_one_file_never_leave_a_stale_unchanged(
    content: Path, tmp_path: Path
) -> None:
    """The record vouches for the bytes its build wrote, not for whatever is on disk when it is
    written: a large-print record over a plain file must not say "Unchanged"."""
    from datetime import date

    from cdbooklet.build.options import Options
    from cdbooklet.build.pipeline import inputs_of, load
    from cdbooklet.errors import Report
    from cdbooklet.press import stamp
    from cdbooklet.press.output import write_atomic

    out = tmp_path / "booklet.pdf"
    _build(content, out, "--large-print")
    large = out.read_bytes()
    _build(content, out)  # plain
    plain = out.read_bytes()
    # The interleaving: large print's record is written last, after plain's file.
    loaded = load(content, Report())
    files = [path for path, _what in inputs_of(loaded)]
    inputs = stamp.digest_inputs(files, Options(is_large_print=True), date.today())
    stamp.record(out, inputs, large, 24, ())
    write_atomic(out, plain)
    assert _build(content, out, "--large-print").startswith("Wrote")
    assert out.read_bytes() == large


@pytest.mark.parametrize(
    "logo",
    [".brand/logo.png", "es/assets/logo.png", "therapies/logo.png"],
    ids=["hidden-folder", "nested-edition", "under-therapies"],
)
def test_a_changed_logo_wherever_it_is_rebuilds_the_booklet_and_the_handouts(
    content: Path, tmp_path: Path, edit: Edit, logo: str
) -> None:
    target = content / logo
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(content / "assets" / "logo.png", target)
    if logo.startswith("es/"):
        shutil.copy(content / "booklet.yaml", content / "es" / "booklet.yaml")  # a nested edition
    edit(content / "branding.yaml", "logo: assets/logo.png", f"logo: {logo}")
    out, handouts = tmp_path / "booklet.pdf", tmp_path / "handouts"
    _build(content, out)
    assert _build(content, out).startswith("Unchanged")
    assert (
        _run("handout", "acupuncture", "--content", content, "--out-dir", handouts).exit_code == 0
    )

    from PIL import Image

    with Image.open(target) as image:
        image.convert("L").save(target)  # the clinic's new logo, in gray
    assert _build(content, out).startswith("Wrote")
    again = _run("handout", "acupuncture", "--content", content, "--out-dir", handouts)
    assert again.stdout.startswith("Wrote")


def test_source_date_epoch_is_part_of_what_made_the_pdf(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "booklet.pdf"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    _build(content, out)
    first = out.read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1798761600")
    assert _build(content, out).startswith("Wrote")
    assert out.read_bytes() != first


def test_no_file_is_left_beside_the_outputs(content: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    _build(content, out_dir / "booklet.pdf")
    _build(content, out_dir / "booklet.pdf")
    result = _run("handout", "--all", "--content", content, "--out-dir", out_dir / "handouts")
    assert result.exit_code == 0
    _run("handout", "--all", "--content", content, "--out-dir", out_dir / "handouts")
    names = sorted(p.relative_to(out_dir).as_posix() for p in out_dir.rglob("*"))
    assert names == [
        "booklet.pdf",
        "handouts",
        *sorted(f"handouts/{p.stem}.pdf" for p in (content / "therapies").glob("*.yaml")),
    ]


def test_an_old_stamp_file_beside_an_output_is_cleared_away(content: Path, tmp_path: Path) -> None:
    out = tmp_path / "booklet.pdf"
    old = tmp_path / ".booklet.pdf.stamp"
    old.write_text('{"inputs": "x", "output": "y", "pages": 1, "warnings": []}', encoding="utf-8")
    _build(content, out)
    assert not old.exists()


# -- --watch compares digests --------------------------------------------------------------------


def test_watch_notices_a_save_that_keeps_the_size_and_the_time(content: Path) -> None:
    """A FAT USB stick keeps times to 2 s: "100 mg" -> "500 mg" in the same second and size."""
    therapy = content / "therapies" / "acupuncture.yaml"
    stat = therapy.stat()
    rebuilt: list[bool] = []
    polls = iter(range(4))

    def stop() -> bool:
        step = next(polls, 3)
        if step == 1:
            text = therapy.read_text(encoding="utf-8")
            therapy.write_text(text.replace("a", "b", 1), encoding="utf-8")
            os.utime(therapy, ns=(stat.st_atime_ns, stat.st_mtime_ns))
            assert therapy.stat().st_size == stat.st_size
        return step >= 3

    watch(content, lambda: rebuilt.append(True), interval=0, should_stop=stop)
    assert rebuilt == [True]


# -- withdrawn handouts --------------------------------------------------------------------------


def test_handout_all_removes_the_handouts_of_withdrawn_therapies_it_wrote(
    content: Path, tmp_path: Path, edit: Edit
) -> None:
    out_dir = tmp_path / "handouts"
    assert _run("handout", "--all", "--content", content, "--out-dir", out_dir).exit_code == 0
    (out_dir / "someone-elses.pdf").write_bytes(b"%PDF-1.4 not ours")
    (content / "therapies" / "biofeedback.yaml").unlink()
    edit(content / "booklet.yaml", "  - biofeedback\n", "")
    result = _run("handout", "--all", "--content", content, "--out-dir", out_dir)
    assert result.exit_code == 0
    assert (
        f"Removed {out_dir / 'biofeedback.pdf'} (its therapy is no longer in {content})"
        in result.stdout.splitlines()
    )
    assert not (out_dir / "biofeedback.pdf").exists()
    assert (out_dir / "someone-elses.pdf").exists()


def test_a_withdrawn_handout_changed_since_it_was_written_is_kept_with_a_warning(
    content: Path, tmp_path: Path, edit: Edit
) -> None:
    out_dir = tmp_path / "handouts"
    assert _run("handout", "--all", "--content", content, "--out-dir", out_dir).exit_code == 0
    kept = out_dir / "biofeedback.pdf"
    kept.write_bytes(kept.read_bytes() + b"\n% annotated by hand\n")
    (content / "therapies" / "biofeedback.yaml").unlink()
    edit(content / "booklet.yaml", "  - biofeedback\n", "")
    result = _run("handout", "--all", "--content", content, "--out-dir", out_dir)
    assert result.exit_code == 0 and kept.exists()
    assert (
        f'{kept}: warning: there is no therapy "biofeedback" any more, but this file changed '
        "since cdbooklet wrote it, so it was kept"
    ) in result.stderr.splitlines()


def test_handouts_named_one_by_one_remove_nothing(
    content: Path, tmp_path: Path, edit: Edit
) -> None:
    out_dir = tmp_path / "handouts"
    assert _run("handout", "--all", "--content", content, "--out-dir", out_dir).exit_code == 0
    (content / "therapies" / "biofeedback.yaml").unlink()
    edit(content / "booklet.yaml", "  - biofeedback\n", "")
    assert _run("handout", "acupuncture", "--content", content, "--out-dir", out_dir).exit_code == 0
    assert (out_dir / "biofeedback.pdf").exists()


# -- manual duplex as a pair, and links ----------------------------------------------------------


def test_manual_duplex_fronts_and_backs_are_both_new_or_both_as_they_were(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: Edit
) -> None:
    out = tmp_path / "print.pdf"
    fronts, backs = tmp_path / "print-fronts.pdf", tmp_path / "print-backs.pdf"
    args = ["--impose", "saddle-stitch", "--manual-duplex"]
    assert _run("build", "--content", content, "--out", out, *args).exit_code == 0
    old = fronts.read_bytes(), backs.read_bytes()
    edit(content / "booklet.yaml", "title: Complementary", "title: New Complementary")
    real = os.replace

    def fail_on_backs(src: str | Path, dst: str | Path) -> None:
        # The new backs cannot be put in place (a viewer holds the file, say).
        if Path(dst) == backs and str(src).endswith(".part"):
            raise PermissionError(13, "Permission denied")
        real(src, dst)

    monkeypatch.setattr(output.os, "replace", fail_on_backs)
    result = _run("build", "--content", content, "--out", out, *args)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{backs}: cannot write the output (no permission to write there), so {fronts} was "
        "left as before too: print both from the same run\n"
    )
    assert (fronts.read_bytes(), backs.read_bytes()) == old
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_a_symlinked_output_is_written_through_to_its_target(content: Path, tmp_path: Path) -> None:
    shared = tmp_path / "shared" / "clinic-booklet.pdf"
    shared.parent.mkdir()
    shared.write_bytes(b"old")
    link = tmp_path / "out" / "booklet.pdf"
    link.parent.mkdir()
    link.symlink_to(shared)
    _build(content, link)
    assert link.is_symlink() and link.resolve() == shared.resolve()
    assert shared.read_bytes().startswith(b"%PDF-")
    assert _build(content, link).startswith("Unchanged")


def test_layout_freezes_what_is_loaded_once_a_process(content: Path) -> None:
    """Before the first layout the garbage collector is told to pass over what is loaded by
    then (gc.freeze), once: a process that goes on building (--watch, the desk's workers)
    does not freeze each build's leftovers."""
    import gc

    from cdbooklet.build.options import Options
    from cdbooklet.build.pipeline import load, render_booklet
    from cdbooklet.errors import Report

    booklet = load(content, Report())
    render_booklet(booklet, Options(), Report())
    frozen = gc.get_freeze_count()
    assert frozen > 0
    render_booklet(booklet, Options(), Report())
    assert gc.get_freeze_count() == frozen
