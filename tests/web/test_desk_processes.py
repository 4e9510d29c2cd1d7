"""The front desk the web tests start (tests/processes.py) never outlives its test: a server that
ignores Ctrl-C and SIGTERM is killed, a desk that never starts is stopped too, and in each case
its pid no longer exists once the fixture's teardown has returned."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from processes import desk, stop

READY = "Front desk: http://127.0.0.1:9/ (Ctrl-C to stop)"
STUBBORN = """\
import os, signal, sys, time
signal.signal(signal.SIGINT, signal.SIG_IGN)
signal.signal(signal.SIGTERM, signal.SIG_IGN)
open(sys.argv[1], "w").write(str(os.getpid()))
print(sys.argv[2], flush=True)
time.sleep(120)
"""
"""A server that ignores Ctrl-C and SIGTERM: writes its pid to argv[1], prints argv[2]."""


def _exists(pid: int) -> bool:
    """Whether a process with this pid exists (a zombie not yet reaped counts)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _stubborn(pid_file: Path, first_line: str = READY) -> list[str]:
    return [sys.executable, "-c", STUBBORN, str(pid_file), first_line]


def test_a_desk_that_ignores_ctrl_c_and_sigterm_is_killed_and_gone(tmp_path: Path) -> None:
    with desk(argv=_stubborn(tmp_path / "pid"), grace=0.1) as stubborn:
        pid = int((tmp_path / "pid").read_text())
        assert stubborn.proc.pid == pid and _exists(pid)
    assert stubborn.proc.returncode == -signal.SIGKILL
    assert not _exists(pid)


def test_a_desk_is_stopped_when_its_test_fails(tmp_path: Path) -> None:
    with pytest.raises(AssertionError, match="the test failed"):
        with desk(argv=_stubborn(tmp_path / "pid"), grace=0.1):
            raise AssertionError("the test failed")
    assert not _exists(int((tmp_path / "pid").read_text()))


def test_a_desk_that_never_starts_fails_its_test_and_is_gone(tmp_path: Path) -> None:
    with pytest.raises(pytest.fail.Exception, match="did not start: 'Traceback"):
        with desk(
            argv=_stubborn(tmp_path / "pid", "Traceback (most recent call last):"), grace=0.1
        ):
            pass  # pragma: no cover
    assert not _exists(int((tmp_path / "pid").read_text()))


GRANDPARENT = """\
import signal, subprocess, sys, time
signal.signal(signal.SIGINT, signal.SIG_IGN)
signal.signal(signal.SIGTERM, signal.SIG_IGN)
grandchild = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
open(sys.argv[1], "w").write(str(grandchild.pid))
time.sleep(120)
"""
"""A server that ignores Ctrl-C and SIGTERM and starts a process of its own, which inherits its
stdout and stderr; writes that process's pid to argv[1]."""


def test_stop_lets_go_of_pipes_a_grandchild_still_holds(tmp_path: Path) -> None:
    """Killed, the child is reaped and its pipes closed, though the process it started keeps
    them open (waiting for them to close would wait a minute)."""
    pid_file = tmp_path / "grandchild"
    proc = subprocess.Popen(
        [sys.executable, "-c", GRANDPARENT, str(pid_file)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while not pid_file.exists() or not pid_file.read_text():
            assert time.monotonic() < deadline, "the child did not start its own process"
            time.sleep(0.05)
        start = time.monotonic()
        assert stop(proc, grace=0.1) == ("", "")
        assert time.monotonic() - start < 5
        assert proc.returncode == -signal.SIGKILL
        assert not _exists(proc.pid)
        assert proc.stdout is not None and proc.stdout.closed
        assert proc.stderr is not None and proc.stderr.closed
    finally:
        stop(proc, grace=0.1)
        if pid_file.exists() and pid_file.read_text():
            with contextlib.suppress(ProcessLookupError):  # the process this test started
                os.kill(int(pid_file.read_text()), signal.SIGKILL)
