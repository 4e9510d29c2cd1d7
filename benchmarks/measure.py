"""Timing one command in a fresh process: wall time, CPU time, peak memory and its output.

Each run is a new child process, started and reaped with `os.wait4` by a small launcher, so the
figures are the child's own: user+sys CPU and `ru_maxrss` come from its rusage (including any
worker processes it waited for), wall time from the launcher's clock around start and reap.
Imports, font loading and interpreter start-up all count, as they do for a clinic's receptionist.

Two measurements are not one fresh process per run:
- an unchanged build (`Command.reuse_output`): the output and its stamp from an identical, earlier
  full build stay in place, so each run takes the incremental path, which must skip the work;
- a warm rebuild under `cdbooklet build --watch` (`WatchSession`): one long-running process, one
  therapy file edited again and again; each figure is the time the process prints for a rebuild.
Never imports cdbooklet or ReportLab.
"""

from __future__ import annotations

import json
import os
import queue
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
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
    samples: list[Sample] = field(default_factory=list)
    figures: tuple[int, int] | None = None
    """(pages, bytes) of the output after the last run."""
    error: str | None = None
    """Why the command has no (more) runs: it failed, or it does not exist yet ("skipped: …")."""
    reuse_output: bool = False
    """True for an unchanged build: every run finds the output and stamp of an identical earlier
    build (`prime` makes them once), so it measures the incremental path, which must skip the
    work. `prepare` then leaves the output alone."""
    findings: dict[str, object] = field(default_factory=dict)
    """What checks of this command found (see `prime`, `check_skipped`, `check_identical`)."""

    def prepare(self) -> None:
        """Remove the previous output so every run writes from scratch (not for `reuse_output`)."""
        if not self.reuse_output:
            self._remove_output()

    def _remove_output(self) -> None:
        if self.output is None:
            return
        if self.output.is_dir():
            shutil.rmtree(self.output)
        elif self.output.exists():
            self.output.unlink()

    def prime(self, run: Callable[[list[str]], object] = run_once) -> None:
        """For `reuse_output`: one unmeasured full build by `run` (the output removed first, so
        the stamp cannot match), and the output's identity, to tell later whether a run rewrote
        it."""
        self._remove_output()
        run(self.argv)
        self.findings["primed"] = _identity(self.output)

    def check_skipped(self) -> bool | None:
        """For `reuse_output`, after the runs: True when no run rewrote the output (the same
        file, inode and time as `prime` left it: the work was skipped); None if not primed."""
        primed = self.findings.get("primed")
        if primed is None:
            return None
        skipped = _identity(self.output) == primed
        self.findings["skipped"] = skipped
        return skipped

    def check_identical(self) -> bool:
        """For `reuse_output`: is the output as the unchanged runs left it byte for byte what a
        full build writes? Keeps it, removes it, runs one full build and compares."""
        assert self.output is not None
        kept = self.output.read_bytes()
        self._remove_output()
        run_once(self.argv)
        full = self.output.read_bytes()
        same = kept == full
        self.findings["identical"] = same
        self.findings["compared_bytes"] = (len(kept), len(full))
        if not same:
            self.findings["first_difference"] = next(
                (i for i, (a, b) in enumerate(zip(kept, full, strict=False)) if a != b),
                min(len(kept), len(full)),
            )
        # The full build left a fresh output and stamp: later runs (imports) are unchanged ones.
        self.findings["primed"] = _identity(self.output)
        return same

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


def _identity(path: Path | None) -> tuple[int, int, int] | None:
    """(inode, modification time in ns, size): changes whenever the file is written anew (an
    atomic write replaces the inode)."""
    if path is None:
        return None
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


# -- a warm rebuild under `cdbooklet build --watch` ------------------------------------------------

WATCH_POLL = 0.3
"""How often `cdbooklet build --watch` looks for saved files (seconds)."""
_BUILT = re.compile(r"^Built .* in (\d+(?:\.\d+)?) ms\s*$")
_SUMMARY = re.compile(r"(?m)^summary:[^\n]*\n(?:(?:[ \t]+[^\n]*|[ \t]*)\n)*")


def edit_summary(text: str, number: int) -> str:
    """A therapy file's text with its summary changed (" (edit N)" appended), still valid YAML:
    the summary's line (and any indented lines of a block scalar) become one double-quoted
    scalar, which a JSON string always is."""
    import yaml

    summary = str(yaml.safe_load(text)["summary"]).strip()
    line = "summary: " + json.dumps(f"{summary} (edit {number})", ensure_ascii=False) + "\n"
    new, count = _SUMMARY.subn(lambda _m: line, text if text.endswith("\n") else text + "\n", 1)
    if count != 1:
        raise ValueError("the therapy file has no top-level summary line to edit")
    return new


def _write_atomic(path: Path, data: bytes, scratch: Path) -> None:
    # Written outside the content folder (`scratch`, on the same file system) and moved in, so
    # that the watcher never reads half a file.
    tmp = scratch / f".{path.name}.bench-edit"
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _cpu_seconds(pid: int) -> float | None:
    """Time the process's main thread has spent on a CPU (Linux /proc: schedstat in ns, else
    utime + stime in clock ticks); None elsewhere."""
    try:
        with open(f"/proc/{pid}/schedstat", encoding="ascii") as fh:
            return int(fh.read().split()[0]) / 1e9
    except (OSError, ValueError, IndexError):
        pass
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def _peak_kib(pid: int) -> int:
    """The process's peak resident set so far (VmHWM, KiB); 0 when unknown."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


class WatchSession:
    """`cdbooklet build --watch` kept running while a therapy file is edited.

    `start` launches it (stdout piped and read line by line on a thread) and waits for its first
    "Built … in N ms" line, a cold build. Each `edit` then waits a little over the watcher's poll
    interval, changes the therapy's summary (so the content really changes; the file written
    beside the folder and moved in whole), and waits for the next "Built" line: its N ms, the
    time the process measured for that rebuild (loading the content and building, ReportLab
    already loaded), is the figure. CPU time is what the process's main thread spent from the
    save to that line (the rebuild and one or two polls), peak memory its VmHWM so far. `stop`
    sends SIGINT (Ctrl-C), then puts the therapy file back as it was.
    """

    def __init__(
        self, argv: list[str], therapy: Path, scratch: Path, timeout: float = 120.0
    ) -> None:
        self.argv = argv
        self.therapy = therapy
        self.scratch = scratch
        """A folder outside the watched one, on the same file system, for writing edits."""
        self.timeout = timeout
        """Seconds to wait for any one "Built" line."""
        self.edits = 0
        self._original: bytes | None = None
        self._proc: subprocess.Popen[str] | None = None
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._reader: threading.Thread | None = None
        self._stderr = tempfile.TemporaryFile()

    def start(self) -> float:
        """Launch the watcher; return the milliseconds of its first (cold) build."""
        self._original = self.therapy.read_bytes()
        self._proc = subprocess.Popen(
            self.argv,
            cwd=ROOT,
            env=dict(os.environ, PYTHONUNBUFFERED="1"),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
            encoding="utf-8",
            errors="replace",
            bufsize=1,
            start_new_session=True,
        )
        self._reader = threading.Thread(target=self._read, args=(self._proc,), daemon=True)
        self._reader.start()
        first = self._wait_built()
        try:  # printed before the watcher's first look at the files; the wait in `edit` covers it
            self._wait_line(lambda line: line.startswith("Watching"), timeout=10.0)
        except CommandFailed:
            if self._proc.poll() is not None:
                raise
        return first

    def _read(self, proc: subprocess.Popen[str]) -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            self._lines.put(line.rstrip("\n"))
        self._lines.put(None)

    def _wait_line(self, wanted: Callable[[str], bool], timeout: float | None = None) -> str:
        limit = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + limit
        while True:
            try:
                line = self._lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise CommandFailed(
                    f"{' '.join(self.argv)}: nothing expected printed within {limit:.0f} s"
                    + self._stderr_tail()
                ) from None
            if line is None:
                code = self._proc.wait() if self._proc else None
                raise CommandFailed(f"{' '.join(self.argv)} exited {code}" + self._stderr_tail())
            if wanted(line):
                return line

    def _wait_built(self) -> float:
        line = self._wait_line(lambda text: _BUILT.match(text) is not None)
        match = _BUILT.match(line)
        assert match is not None
        return float(match.group(1))

    def _stderr_tail(self) -> str:
        # pread: the child shares the file's offset, which must stay at its end.
        fd = self._stderr.fileno()
        size = os.fstat(fd).st_size
        text = os.pread(fd, 1 << 16, max(0, size - (1 << 16))).decode("utf-8", "replace")
        tail = text.strip().splitlines()[-5:]
        return (": " + " | ".join(tail)) if tail else ""

    def edit(self) -> Sample:
        """Save one edit of the therapy file and wait for the rebuild; its figures."""
        assert self._proc is not None and self._original is not None
        # A little over the poll interval since the last rebuild (or since "Watching", when the
        # watcher takes its first look at the files).
        time.sleep(WATCH_POLL + 0.05)
        self.edits += 1
        text = edit_summary(self._original.decode("utf-8"), self.edits)
        pid = self._proc.pid
        cpu_before = _cpu_seconds(pid)
        _write_atomic(self.therapy, text.encode("utf-8"), self.scratch)
        ms = self._wait_built()
        time.sleep(0.02)  # let the process go back to sleep, so its CPU figure is complete
        cpu_after = _cpu_seconds(pid)
        cpu = (
            cpu_after - cpu_before
            if cpu_before is not None and cpu_after is not None
            else ms / 1000
        )
        return Sample(wall=ms / 1000, cpu=cpu, peak_kib=_peak_kib(pid))

    def stop(self) -> None:
        """Ctrl-C the watcher (then SIGTERM, SIGKILL if it lingers); put the therapy file back."""
        try:
            # SIGINT as Ctrl-C would; SIGTERM if it lingers (a process started from a shell's
            # background job inherits SIGINT ignored), SIGKILL last.
            for signum, wait in ((signal.SIGINT, 5), (signal.SIGTERM, 5), (signal.SIGKILL, None)):
                if self._proc is None or self._proc.poll() is not None:
                    break
                try:
                    os.killpg(self._proc.pid, signum)
                    self._proc.wait(timeout=wait)
                except subprocess.TimeoutExpired:
                    continue
                except ProcessLookupError:
                    break
            if self._reader is not None:
                self._reader.join(timeout=5)
        finally:
            if self._original is not None and self.therapy.read_bytes() != self._original:
                _write_atomic(self.therapy, self._original, self.scratch)
            self._stderr.close()


@dataclass
class WatchCommand(Command):
    """A warm rebuild under `cdbooklet build --watch`: one `WatchSession` for all the runs at a
    size, started before the first round; each of its runs is one edit and one rebuild."""

    therapy: Path | None = None
    """The therapy file edited (in a content folder of its own: the edits must not reach the
    other commands' content)."""
    scratch: Path | None = None
    session: WatchSession | None = field(default=None, repr=False)

    def start(self) -> None:
        assert self.therapy is not None and self.scratch is not None
        self.prepare()
        self.session = WatchSession(self.argv, self.therapy, self.scratch)
        self.findings["cold_ms"] = self.session.start()

    def edit(self) -> Sample:
        assert self.session is not None
        return self.session.edit()

    def stop(self) -> None:
        if self.session is not None:
            self.session.stop()
            self.session = None
