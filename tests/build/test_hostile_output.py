"""Hostile paths and failed writes: a build reads nothing outside the content folder, the
fonts and Python, follows no link out of the folder, refuses an output that is a folder, keeps
the last good output through a read-only folder, a full disk or a kill, gives outputs
ordinary permissions, and builds 500 therapies in bounded memory.

One hazard a test; see tests/hostile.py for what these tests hold to.
"""

from __future__ import annotations

import errno
import io
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

import cdbooklet
from cdbooklet.content import fonts
from cdbooklet.press import output
from hostile import (
    PROBLEM,
    MiB,
    build,
    invoke,
    many_therapies,
    run_child,
    set_yaml,
)

# -- paths and output -------------------------------------------------------------------------

_AUDITED = """\
import os, sys
log = open(sys.argv[1], "w")
def record(event, args):
    if event == "open" and not isinstance(args[0], int):
        log.write(os.path.abspath(os.fsdecode(args[0])) + "\\n")
        log.flush()
sys.addaudithook(record)
from cdbooklet.cli import cli
cli(sys.argv[2:], prog_name="cdbooklet")
"""


def _files_opened(args: list[str | Path], tmp_path: Path) -> tuple[int, str, list[Path]]:
    """Run `cdbooklet ARGS` in a child that logs every file it opens (Python's audit hook sees
    every open(), Python's, ReportLab's and Pillow's alike); its exit code, stderr and the files."""
    log = tmp_path / "opened.log"
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    proc = subprocess.run(
        [sys.executable, "-c", _AUDITED, log, *map(str, args)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "HOME": str(home)},
    )
    # Resolved: a file read through a symbolic link counts as the file it points to.
    return proc.returncode, proc.stderr, [Path(p).resolve() for p in log.read_text().splitlines()]


def _allowed_roots(content: Path, out: Path) -> list[Path]:
    """What a build may read: the content folder, the fonts, cdbooklet's own files, Python and
    its packages, the output folder, and the cache of what made each output (CDBOOKLET_CACHE)."""
    import site
    import sysconfig

    roots = [
        content,
        fonts.fonts_dir(),
        Path(cdbooklet.__file__).parent,
        out.parent,
        Path(os.environ["CDBOOKLET_CACHE"]),
        Path(sys.prefix),
        Path(sys.base_prefix),
        Path(sys.exec_prefix),
        *map(Path, site.getsitepackages()),
        Path(sysconfig.get_paths()["stdlib"]),
    ]
    return [r.resolve() for r in roots]


def _outside(opened: list[Path], roots: list[Path]) -> list[Path]:
    # ReportLab's own configuration files in the home folder are not even opened (see
    # test_reportlab_configuration_files_run_nothing).
    return sorted(
        {
            p
            for p in opened
            if not any(p.is_relative_to(r) for r in roots)
            and str(p) not in ("/dev/null", "/dev/urandom")
        }
    )


def test_a_build_reads_nothing_outside_the_content_folder_fonts_and_python(
    content: Path,
    tmp_path: Path,
) -> None:
    secret = tmp_path / "secret" / "passwords.txt"
    secret.parent.mkdir()
    secret.write_text("hunter2\n", encoding="utf-8")
    # Every way ReportLab's markup can read a file, typed where an unescaped paragraph would
    # obey it.
    set_yaml(
        content / "therapies" / "acupuncture.yaml",
        ("body",),
        f'<img src="{secret}" width="10" height="10"/> <font name="{secret}">x</font> '
        f'<a href="file://{secret}">y</a> <span face="{secret}">z</span>',
    )
    out = tmp_path / "out" / "booklet.pdf"
    code, stderr, opened = _files_opened(["build", "--content", content, "--out", out], tmp_path)
    assert code == 0, stderr
    assert secret.resolve() not in opened
    assert _outside(opened, _allowed_roots(content, out)) == []


def test_reportlab_configuration_files_run_nothing(content: Path, tmp_path: Path) -> None:
    folder = tmp_path / "bundle"  # where the clinic runs the command, and its home folder
    folder.mkdir()
    for name in (
        "reportlab_mods.py",
        "reportlab_settings.py",
        ".reportlab_mods",
        ".reportlab_settings",
    ):
        (folder / name).write_text(
            f"open({str(folder / ('ran' + name))!r}, 'w')\n", encoding="utf-8"
        )
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "cdbooklet",
            "build",
            "--content",
            str(content),
            "--out",
            str(tmp_path / "b.pdf"),
        ],
        cwd=folder,
        env={**os.environ, "HOME": str(folder)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in folder.glob("ran*")) == []


def test_a_link_in_the_content_folder_to_a_file_outside_it_is_not_followed(
    content: Path,
    tmp_path: Path,
) -> None:
    secret = tmp_path / "secret" / "passwords.txt"
    secret.parent.mkdir()
    secret.write_text("hunter2\n", encoding="utf-8")
    (content / "assets" / "notes.txt").symlink_to(secret)  # named by no YAML file
    out = tmp_path / "out" / "booklet.pdf"
    code, stderr, opened = _files_opened(["build", "--content", content, "--out", out], tmp_path)
    assert code == 0, stderr
    assert secret.resolve() not in opened, "the build read a file outside the content folder"


def test_a_link_to_dev_zero_in_the_content_folder_does_not_exhaust_memory(
    content: Path,
    tmp_path: Path,
) -> None:
    (content / "assets" / "zero.bin").symlink_to("/dev/zero")
    child = run_child(
        ["build", "--content", content, "--out", tmp_path / "b.pdf"], timeout=30, memory=1536 * MiB
    )
    assert "Traceback" not in child.stderr, child.stderr[-1500:]
    assert child.returncode in (0, 1), child.stderr[-1500:]
    assert all(PROBLEM.match(line) for line in child.stderr.splitlines()), child.stderr


def test_therapy_file_symlinked_out_of_the_content_folder_is_refused_unread(
    content: Path,
    tmp_path: Path,
) -> None:
    outside = tmp_path / "elsewhere" / "massage.yaml"
    outside.parent.mkdir()
    shutil.copy(content / "therapies" / "acupuncture.yaml", outside)
    link = content / "therapies" / "massage.yaml"
    link.symlink_to(outside)
    out = tmp_path / "booklet.pdf"
    code, stderr, opened = _files_opened(["build", "--content", content, "--out", out], tmp_path)
    assert code == 1
    assert stderr == (
        f"{link}: this file points outside the content folder: copy it into the folder\n"
    )
    assert outside.resolve() not in opened
    assert not out.exists()


def test_output_path_that_is_a_folder_is_refused_and_left_alone(
    content: Path,
    tmp_path: Path,
) -> None:
    folder = tmp_path / "booklet.pdf"
    folder.mkdir()
    (folder / "keep.txt").write_text("mine\n", encoding="utf-8")
    result = build(content, folder)
    assert result.exit_code == 1
    assert result.stderr == f"{folder}: the output is a folder: give a file name ending in .pdf\n"
    assert [p.name for p in folder.iterdir()] == ["keep.txt"]
    assert [p.name for p in tmp_path.iterdir() if p.name != "content"] == ["booklet.pdf"]


def _leftovers(folder: Path, name: str) -> list[str]:
    return sorted(
        p.name
        for p in folder.iterdir()
        if p.name.startswith(f".{name}.") and p.name.endswith(".part")
    )


def test_output_in_a_read_only_folder_is_refused_and_the_old_output_kept(
    content: Path,
    previous: tuple[Path, bytes],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out, before = previous
    if os.geteuid() != 0:
        out.parent.chmod(0o555)
    else:
        # Root may write in a read-only folder: make creating the temporary file fail as it
        # would for anyone else.
        def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
            raise PermissionError(errno.EACCES, "Permission denied")

        monkeypatch.setattr(tempfile, "mkstemp", refuse)
    try:
        result = build(content, out)
    finally:
        out.parent.chmod(0o755)
    assert result.exit_code == 1
    assert result.stderr == f"{out}: cannot write the output (no permission to write there)\n"
    assert out.read_bytes() == before


def test_full_disk_is_refused_and_the_old_output_kept_without_leftovers(
    content: Path,
    previous: tuple[Path, bytes],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out, before = previous
    real_fdopen = os.fdopen

    class FillsUp(io.BufferedWriter):
        """A file on a disk that fills halfway through the write."""

        def write(self, data: object) -> int:
            super().write(bytes(data)[: len(data) // 2])  # type: ignore[arg-type]
            self.flush()
            raise OSError(errno.ENOSPC, "No space left on device")

    def fdopen(fd: int, mode: str = "r", *args: object, **kwargs: object) -> object:
        if mode == "wb":
            return FillsUp(io.FileIO(fd, "wb"))
        return real_fdopen(fd, mode, *args, **kwargs)

    monkeypatch.setattr(output.os, "fdopen", fdopen)
    result = build(content, out)
    assert result.exit_code == 1
    assert result.stderr == f"{out}: cannot write the output (the disk is full)\n"
    assert out.read_bytes() == before
    assert _leftovers(out.parent, out.name) == []


def test_build_killed_midway_leaves_the_previous_output_byte_identical(
    content: Path,
    previous: tuple[Path, bytes],
) -> None:
    out, before = previous
    many_therapies(content, 300)  # about 4 s to build
    others = sorted(p.name for p in out.parent.iterdir())
    proc = subprocess.Popen(
        [sys.executable, "-m", "cdbooklet", "build", "--content", str(content), "--out", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(1.0)
    assert proc.poll() is None, "the build finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(timeout=10) == -signal.SIGKILL
    assert out.read_bytes() == before
    assert sorted(p.name for p in out.parent.iterdir()) == others


_KILLED_WHILE_RENAMING = """\
import os, signal, sys
os.replace = lambda src, dst: os.kill(os.getpid(), signal.SIGKILL)
from cdbooklet.cli import cli
cli(sys.argv[1:], prog_name="cdbooklet")
"""


def test_temporary_file_left_by_a_kill_during_the_write_is_removed_by_the_next_run(
    content: Path,
    previous: tuple[Path, bytes],
) -> None:
    out, before = previous
    # Killed at the last moment: the temporary file written in full, not yet renamed.
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            _KILLED_WHILE_RENAMING,
            "build",
            "--content",
            str(content),
            "--out",
            str(out),
        ],
        capture_output=True,
        timeout=60,
    )
    assert proc.returncode == -signal.SIGKILL
    assert out.read_bytes() == before
    [_leftover] = _leftovers(out.parent, out.name)
    # The next run writing the same output removes it, whatever its age.
    set_yaml(content / "booklet.yaml", ("title",), "Another title")
    assert build(content, out).exit_code == 0
    assert _leftovers(out.parent, out.name) == []


def test_outputs_get_ordinary_permissions_under_the_umask(content: Path, tmp_path: Path) -> None:
    for umask, mode in ((0o022, 0o644), (0o027, 0o640)):
        folder = tmp_path / f"umask-{umask:03o}"
        folder.mkdir()
        # An old output with a temporary file's mode is replaced by one with the ordinary mode.
        (folder / "booklet.pdf").write_bytes(b"old")
        (folder / "booklet.pdf").chmod(0o600)
        old = os.umask(umask)
        try:
            assert build(content, folder / "booklet.pdf").exit_code == 0
            assert (
                invoke(
                    "handout", "acupuncture", "--content", content, "--out-dir", folder
                ).exit_code
                == 0
            )
            assert invoke("impose", folder / "booklet.pdf", folder / "print.pdf").exit_code == 0
        finally:
            os.umask(old)
        for name in ("booklet.pdf", "acupuncture.pdf", "print.pdf"):
            assert stat.S_IMODE((folder / name).stat().st_mode) == mode, (name, oct(umask))


# -- scale ------------------------------------------------------------------------------------


def test_500_therapies_build_in_bounded_memory(content: Path, tmp_path: Path) -> None:
    many_therapies(content, 500)
    out = tmp_path / "booklet.pdf"
    child = run_child(["build", "--content", content, "--out", out], timeout=300)
    assert child.returncode == 0, child.stderr
    assert child.peak_mib < 400, f"peak memory {child.peak_mib:.0f} MiB"
    assert len(PdfReader(out).pages) > 500
