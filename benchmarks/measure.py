"""Timing one command in a fresh process: wall time, CPU time, peak memory and its output.

Each run is a new child process, started and reaped with `os.wait4` by a small launcher, so the
figures are the child's own: user+sys CPU and `ru_maxrss` come from its rusage (including any
worker processes it waited for), wall time from the launcher's clock around start and reap.
Imports, font loading and interpreter start-up all count, as they do for a clinic's receptionist.
Never imports cdbooklet or ReportLab.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Sample:
    """One run of one command."""

    wall: float
    """Seconds from start to reap, on the parent's monotonic clock."""
    cpu: float
    """User + system seconds of the child."""
    peak_kib: int
    """The child's peak resident set (Linux reports `ru_maxrss` in KiB)."""


class CommandFailed(RuntimeError):
    """A measured command exited with a non-zero code."""


def cdbooklet_argv() -> list[str]:
    """How to start the cdbooklet console script of the interpreter running the benchmarks."""
    script = Path(sys.executable).parent / "cdbooklet"
    if script.is_file():
        return [str(script)]
    found = shutil.which("cdbooklet")
    return [found] if found else [sys.executable, "-m", "cdbooklet"]


# The child is started by a small launcher process, which times it and reaps it. Linux carries a
# process's peak RSS across exec(), and a forked child starts as a copy of its parent: started
# straight from this (large, pypdf-laden) process, `cdbooklet --help` would report our peak, not
# its own. The launcher is a bare interpreter, smaller than any command measured here.
_LAUNCHER = """
import json, os, sys, time
report, argv = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(argv[0], argv)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
with open(report, "w") as fh:
    json.dump({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
               "peak_kib": usage.ru_maxrss}, fh)
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_once(argv: list[str], cwd: Path = ROOT, env: dict[str, str] | None = None) -> Sample:
    """Run `argv` to completion; return its figures, or raise CommandFailed with its stderr.

    The launcher starts a session of its own, so an interrupted benchmark ends the command and
    any workers it started, not just the launcher.
    """
    with tempfile.TemporaryDirectory(prefix="cdbooklet-run-") as tmp:
        report = Path(tmp) / "rusage.json"
        with open(Path(tmp) / "stderr", "w+b") as err:
            launcher = subprocess.Popen(
                [sys.executable, "-S", "-c", _LAUNCHER, str(report), *argv],
                cwd=cwd,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=err,
                start_new_session=True,
            )
            try:
                code = launcher.wait()
            except BaseException:
                os.killpg(launcher.pid, signal.SIGKILL)
                launcher.wait()
                raise
            if code != 0 or not report.exists():
                err.seek(0)
                tail = err.read().decode("utf-8", "replace").strip().splitlines()[-5:]
                raise CommandFailed(f"{' '.join(argv)} exited {code}: " + " | ".join(tail))
        figures = json.loads(report.read_text(encoding="utf-8"))
    return Sample(wall=figures["wall"], cpu=figures["cpu"], peak_kib=figures["peak_kib"])


@dataclass
class Command:
    """One benchmarked command line at one size, and what it writes."""

    name: str
    """As shown in the results, e.g. "cdbooklet build"."""
    argv: list[str]
    output: Path | None = None
    """The PDF, or a folder of PDFs, that the command writes (None: nothing)."""
    cdbooklet_args: list[str] | None = None
    """The arguments after `cdbooklet` (for profiling with `-m cdbooklet`); None for others."""
    samples: list[Sample] = field(default_factory=list)
    figures: tuple[int, int] | None = None
    """(pages, bytes) of the output after the last run."""
    error: str | None = None
    """Why the command has no (more) runs: it failed, or it does not exist yet ("skipped: …")."""

    def prepare(self) -> None:
        """Remove the previous output so every run writes from scratch."""
        if self.output is None:
            return
        if self.output.is_dir():
            shutil.rmtree(self.output)
        elif self.output.exists():
            self.output.unlink()

    def median(self, pick: Callable[[Sample], float]) -> float | None:
        return statistics.median(pick(s) for s in self.samples) if self.samples else None


def pdf_figures(output: Path | None) -> tuple[int, int] | None:
    """(pages, bytes) of a PDF, or summed over the PDFs in a folder; None when there are none."""
    if output is None or not output.exists():
        return None
    from pypdf import PdfReader

    paths = sorted(output.glob("*.pdf")) if output.is_dir() else [output]
    if not paths:
        return None
    return (sum(len(PdfReader(p).pages) for p in paths), sum(p.stat().st_size for p in paths))
