"""Incremental builds: unchanged inputs skip the work, and the output is what a full build makes."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cdbooklet.cli import cli
from helpers import Edit, MakeContent


@pytest.fixture
def content(make_content: MakeContent) -> Path:
    """A private copy of tests/fixtures/complete/ (four therapies, every printed key)."""
    return make_content("complete")


def _run(*args: str) -> list[str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.stderr
    return result.stdout.splitlines()


def test_unchanged_booklet_is_skipped_and_identical(content: Path, tmp_path: Path) -> None:
    out = tmp_path / "b.pdf"
    assert _run("build", "--content", str(content), "--out", str(out))[0].startswith("Wrote")
    first = out.read_bytes()
    assert _run("build", "--content", str(content), "--out", str(out))[0].startswith("Unchanged")
    assert out.read_bytes() == first


def test_an_edit_rebuilds(content: Path, tmp_path: Path, edit: Edit) -> None:
    out = tmp_path / "b.pdf"
    _run("build", "--content", str(content), "--out", str(out))
    therapy = content / "therapies" / "biofeedback.yaml"
    edit(therapy, "Biofeedback uses", "Biofeedback, simply, uses")
    assert _run("build", "--content", str(content), "--out", str(out))[0].startswith("Wrote")
    assert b"simply" not in out.read_bytes()  # compressed, but rebuilt:
    assert _run("build", "--content", str(content), "--out", str(out))[0].startswith("Unchanged")


def test_other_options_rebuild(content: Path, tmp_path: Path) -> None:
    out = tmp_path / "b.pdf"
    _run("build", "--content", str(content), "--out", str(out))
    lines = _run("build", "--content", str(content), "--out", str(out), "--grayscale")
    assert lines[0].startswith("Wrote")


def test_a_changed_output_is_never_trusted(content: Path, tmp_path: Path) -> None:
    out = tmp_path / "b.pdf"
    _run("build", "--content", str(content), "--out", str(out))
    good = out.read_bytes()
    out.write_bytes(good[:-100])
    assert _run("build", "--content", str(content), "--out", str(out))[0].startswith("Wrote")
    assert out.read_bytes() == good
    out.unlink()
    assert _run("build", "--content", str(content), "--out", str(out))[0].startswith("Wrote")


def test_a_skipped_build_is_byte_identical_to_a_full_one(content: Path, tmp_path: Path) -> None:
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    _run("build", "--content", str(content), "--out", str(a))
    _run("build", "--content", str(content), "--out", str(a))
    _run("build", "--content", str(content), "--out", str(b))
    assert a.read_bytes() == b.read_bytes()


def test_only_the_edited_therapys_handout_is_remade(
    content: Path, tmp_path: Path, edit: Edit
) -> None:
    out = tmp_path / "h"
    first = _run("handout", "--all", "--content", str(content), "--out-dir", str(out))
    assert all(line.startswith("Wrote") for line in first) and len(first) == 4
    edit(content / "therapies" / "acupuncture.yaml", "thin needles", "very thin needles")
    again = _run("handout", "--all", "--content", str(content), "--out-dir", str(out))
    remade = [line for line in again if line.startswith("Wrote")]
    assert remade == [f"Wrote {out / 'acupuncture.pdf'} (2 pages)"]


def test_warnings_are_repeated_when_the_work_is_skipped(
    content: Path, tmp_path: Path, edit: Edit
) -> None:
    edit(content / "therapies" / "massage-therapy.yaml", "title: Massage", "title: ཀཁ Massage")
    out = tmp_path / "b.pdf"
    first = CliRunner().invoke(cli, ["build", "--content", str(content), "--out", str(out)])
    second = CliRunner().invoke(cli, ["build", "--content", str(content), "--out", str(out)])
    assert "no bundled font can print" in first.stderr
    assert second.stdout.startswith("Unchanged")
    assert second.stderr == first.stderr


def test_watch_rebuilds_when_a_file_is_saved(content: Path) -> None:
    """The watcher calls back once per change, and stops when asked."""
    import threading
    import time

    from cdbooklet.build.watch import watch

    calls: list[float] = []
    stop = threading.Event()
    thread = threading.Thread(
        target=watch,
        args=(content, lambda: calls.append(time.time())),
        kwargs={"interval": 0.05, "should_stop": stop.is_set},
    )
    thread.start()
    try:
        time.sleep(0.2)
        assert calls == []
        therapy = content / "therapies" / "biofeedback.yaml"
        therapy.write_text(therapy.read_text() + "\n# edited\n")
        deadline = time.time() + 5
        while not calls and time.time() < deadline:
            time.sleep(0.05)
        assert len(calls) == 1
    finally:
        stop.set()
        thread.join(timeout=5)
    assert not thread.is_alive()
