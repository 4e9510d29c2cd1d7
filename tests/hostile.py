"""Helpers for the hostile-input tests (test_hostile_*.py in content/, layout/, build/ and
press/): nothing runs, nothing leaks, nothing is lost.

Content files travel: a volunteer emails a YAML file, a clinic downloads a logo, someone pastes
text from a web page. Each hostile test is one hazard, named for it, and fails on a naive
implementation (yaml.load, unescaped paragraph markup, Pillow with no size check, writing the
output in place...). Where a test runs a whole build it goes through the command line, as a clinic
would, and where the hazard is a hang, a crash or memory, in a child process with a time or memory
limit so that the suite itself cannot hang.

A test marked xfail(strict=True) is a hazard not yet stopped; its reason names the file and the
change that stops it (the fix lies outside this suite's files). Strict: once fixed it fails as
XPASS, and the mark must go.
"""

from __future__ import annotations

import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml
from click.testing import CliRunner, Result
from pypdf import PdfReader

from cdbooklet.cli import cli

MiB = 1024 * 1024
PROBLEM = re.compile(r"^(?P<path>.+?):(?P<line>\d+): (?P<warning>warning: )?(?P<message>\S.*)$")
"""A PATH:LINE: message line, as every problem and warning is given."""


def invoke(*args: str | Path) -> Result:
    """Run the command line in this process; an exception escapes (and fails the test) rather
    than becoming an exit code, because a traceback is never an acceptable answer."""
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def build(root: Path, out: Path) -> Result:
    return invoke("build", "--content", root, "--out", out)


def line_of(path: Path, start: str) -> int:
    """The 1-based line of `path` that starts with `start`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.startswith(start))


def set_yaml(path: Path, keys: tuple[str | int, ...], value: object) -> None:
    """Set one value in a YAML file, written back with PyYAML's own quoting."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    node = data
    for key in keys[:-1]:
        if isinstance(key, str) and key not in node:
            node[key] = []
        node = node[key]
    last = keys[-1]
    if isinstance(last, int):
        node[:] = [value]
    else:
        node[last] = value
    path.write_text(
        yaml.safe_dump(data, allow_unicode=True, width=2**31, sort_keys=False), encoding="utf-8"
    )


def pdf_text(path: Path) -> str:
    return "".join(page.extract_text() or "" for page in PdfReader(path).pages)


@dataclass(frozen=True)
class Child:
    """What a child process did: exit code, stderr, wall-clock seconds, peak memory (MiB)."""

    returncode: int
    stderr: str
    seconds: float
    peak_mib: float


CHILD = """\
import sys
from cdbooklet.cli import cli
try:
    cli(sys.argv[2:], prog_name="cdbooklet")
finally:
    with open("/proc/self/status") as status:
        peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    with open(sys.argv[1], "w") as fh:
        fh.write(peak)
"""
"""The child's own peak memory is its VmHWM (KiB), which starts again at exec. Not ru_maxrss:
Linux carries that over from the forked test process (preexec_fn makes subprocess fork), so a
child of a test run grown to 240 MB would report at least that."""


def run_child(
    args: list[str | Path],
    timeout: float,
    memory: int | None = None,
    code: str = CHILD,
    cwd: Path | None = None,
) -> Child:
    """Run `cdbooklet ARGS` in a fresh Python, with a wall-clock timeout (TimeoutExpired fails
    the test) and optionally an address-space limit, and measure its own peak memory."""

    def limit() -> None:
        if memory is not None:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        start = time.monotonic()
        proc = subprocess.run(
            [sys.executable, "-c", code, rss.name, *map(str, args)],
            capture_output=True,
            text=True,
            timeout=timeout,
            preexec_fn=limit,
            cwd=cwd,
        )
        seconds = time.monotonic() - start
        peak = int(rss.read() or 0) / 1024  # KiB
    return Child(proc.returncode, proc.stderr, seconds, peak)


def many_therapies(root: Path, count: int) -> None:
    """Replace root's therapies with `count` ordinary ones (two paragraphs and a tip each)."""
    shutil.rmtree(root / "therapies")
    (root / "therapies").mkdir()
    (root / "booklet.yaml").write_text(
        "title: Many therapies\nlanguage: en\ndisclaimer: Ask your care team first.\n",
        encoding="utf-8",
    )
    body = " ".join(["Gentle stretches may ease neck pain for some people."] * 8)
    for i in range(count):
        (root / "therapies" / f"therapy-{i:04d}.yaml").write_text(
            f"title: Therapy {i}\nsummary: What therapy {i} is, in one sentence.\n"
            f"body: |\n  {body}\n\n  {body}\ntips:\n  - Start slowly.\n",
            encoding="utf-8",
        )


def previous_booklet(content: Path, out: Path) -> bytes:
    """Build a good booklet at `out`, then change the content so the next build has something
    new to write: the bytes of the booklet now at `out`."""
    assert build(content, out).exit_code == 0
    set_yaml(content / "booklet.yaml", ("title",), "A new title")
    return out.read_bytes()
