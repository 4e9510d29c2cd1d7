"""Child processes a test starts and must never leave behind: the front desk (`cdbooklet serve`)
above all, which the web tests run on a free port.

A server left running outlives its test: its Popen object, collected later, warns "subprocess
... is still running", and under filterwarnings=error that fails whichever unrelated test is
running then. `stop` ends a child for sure (Ctrl-C, then SIGTERM, then SIGKILL, each waited for
with a timeout) and closes its pipes; `desk` starts the front desk and stops it that way however
the test ends.
"""

from __future__ import annotations

import os
import re
import select
import signal
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

GRACE = 10.0
"""Seconds a child gets after each signal before the next, stronger one."""
STARTUP = 60.0
"""Seconds the desk gets to say where it answers."""
_READY = re.compile(r"Front desk: (http://127\.0\.0\.1:\d+/) \(Ctrl-C to stop\)\n")


def stop(proc: subprocess.Popen[str], grace: float = GRACE) -> tuple[str, str]:
    """End `proc` and reap it: Ctrl-C (SIGINT, how the desk is meant to stop), then SIGTERM,
    then SIGKILL, each followed by a wait of at most `grace` seconds. Returns what it wrote to
    stdout and stderr since it was last read; its pipes are closed, and its pid no longer exists
    when this returns (even when it ignored the first two signals)."""
    if proc.returncode is not None and all(
        pipe is None or pipe.closed for pipe in (proc.stdout, proc.stderr)
    ):
        return "", ""  # stopped already
    for send in (lambda: proc.send_signal(signal.SIGINT), proc.terminate, proc.kill):
        if proc.poll() is None:
            send()
        try:
            out, err = proc.communicate(timeout=grace)
        except subprocess.TimeoutExpired:
            continue
        return out or "", err or ""
    # Killed, yet its pipes are still open: a grandchild holds them (or the machine is slow).
    # Reap it, which SIGKILL makes quick, and let go of the pipes.
    proc.wait(timeout=GRACE)
    for pipe in (proc.stdin, proc.stdout, proc.stderr):
        if pipe is not None:
            pipe.close()
    return "", ""


def _ctrl_c_stops_it() -> None:
    """In the child, before it starts: Ctrl-C (SIGINT) at its default, so Python turns it into
    KeyboardInterrupt. A process started in the background by a shell without job control
    ignores SIGINT, and its children inherit that: a desk started from such a test run would
    ignore the Ctrl-C that `stop` sends first."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@dataclass
class Desk:
    """A running front desk: its process and address; once stopped, what it wrote last."""

    proc: subprocess.Popen[str]
    url: str = ""
    stdout: str = ""
    stderr: str = ""


@contextmanager
def desk(*content: Path, argv: Sequence[str] | None = None, grace: float = GRACE) -> Iterator[Desk]:
    """`cdbooklet serve` with these content folders on a free port, in a process of its own,
    stopped with `stop` on the way out, whether the test passed, failed or the desk never
    started. `argv` runs another command in its place (it must print the desk's first line)."""
    if argv is None:
        folders = [arg for folder in content for arg in ("--content", str(folder))]
        argv = [sys.executable, "-m", "cdbooklet", "serve", *folders, "--port", "0"]
    proc = subprocess.Popen(
        list(argv),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        preexec_fn=_ctrl_c_stops_it,
    )
    running = Desk(proc)
    try:
        assert proc.stdout is not None
        ready, _, _ = select.select([proc.stdout], [], [], STARTUP)
        line = proc.stdout.readline() if ready else f"(nothing in {STARTUP:.0f} s)"
        match = _READY.fullmatch(line)
        if not match:
            _out, err = stop(proc, grace)
            pytest.fail(f"cdbooklet serve did not start: {line!r} {err}")
        running.url = match.group(1)
        yield running
    finally:
        running.stdout, running.stderr = stop(proc, grace)
