"""Where the time goes in one cdbooklet command: a cProfile table, and import times.

- `cprofile`: `python -m cProfile -m cdbooklet ARGS` in a child process; the functions with the
  most cumulative time, each as FILE:LINE(FUNCTION) with FILE shortened to what follows
  site-packages, the standard library or a folder on PYTHONPATH (the snapshot's src/), so no
  module of cdbooklet is named here; and the layout passes, the calls of ReportLab's
  `BaseDocTemplate.build`. cProfile slows call-heavy code two to three times: read its seconds
  as shares of the run, not as the command's time.
- `import_times`: `PYTHONPROFILEIMPORTTIME=1` (as `python -X importtime`); module bodies' self
  time summed per top-level package.

Never imports cdbooklet: its runs are all child processes.
"""

from __future__ import annotations

import os
import pstats
import site
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

from measure import ROOT

RUNNER = ("<string>", "<frozen runpy>")
"""cProfile's own way into `-m cdbooklet`, left out of the table."""


@dataclass(frozen=True)
class Profile:
    """One command under cProfile."""

    rows: list[tuple[str, str, float, float]]
    """(FILE:LINE(FUNCTION), calls, cumulative s, own s), most cumulative time first; calls
    read "total/primitive" for recursive functions, as pstats prints them."""
    passes: int
    """Calls of ReportLab's BaseDocTemplate.build: one per layout pass."""
    total: float
    """Seconds of the whole run under cProfile."""


def _roots() -> list[str]:
    """Folders whose prefix is cut from file names, longest first."""
    paths = sysconfig.get_paths()
    found = [*site.getsitepackages(), paths["purelib"], paths["stdlib"], paths["platstdlib"]]
    found += [*os.environ.get("PYTHONPATH", "").split(os.pathsep), str(ROOT / "src")]
    return sorted({os.path.join(p, "") for p in found if p}, key=len, reverse=True)


def _where(key: tuple[str, int, str], roots: list[str]) -> str:
    path, line, func = key
    if path == "~":
        return func  # a built-in, as "<built-in method …>"
    short = next((path[len(r) :] for r in roots if path.startswith(r)), path)
    return f"{short.replace(os.sep, '/')}:{line}({func})"


def cprofile(cdbooklet_args: list[str], out: Path, top: int = 25) -> Profile | str:
    """Run `python -m cdbooklet ARGS` under cProfile, saving the stats to `out`; its `top`
    functions by cumulative time, or why the run failed."""
    argv = [sys.executable, "-m", "cProfile", "-o", str(out), "-m", "cdbooklet", *cdbooklet_args]
    done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0 or not out.exists():
        return (done.stderr.strip().splitlines() or [f"exit {done.returncode}"])[-1]
    stats = pstats.Stats(str(out))
    entries = stats.stats  # type: ignore[attr-defined]
    roots = _roots()
    ranked = sorted(
        ((key, value) for key, value in entries.items() if key[0] not in RUNNER),
        key=lambda item: -item[1][3],
    )
    rows = [
        (_where(key, roots), f"{nc:,}" if nc == cc else f"{nc:,}/{cc:,}", ct, tt)
        for key, (cc, nc, tt, ct, _callers) in ranked[:top]
    ]
    passes = max(  # the most calls of any `build` there (SimpleDocTemplate's calls the base's)
        (
            nc
            for (path, _line, func), (_cc, nc, *_rest) in entries.items()
            if func == "build" and path.replace(os.sep, "/").endswith("platypus/doctemplate.py")
        ),
        default=0,
    )
    return Profile(rows, passes, stats.total_tt)  # type: ignore[attr-defined]


def import_times(argv: list[str]) -> dict[str, float]:
    """Run `argv` with `PYTHONPROFILEIMPORTTIME=1`; milliseconds of module bodies' self time
    per top-level package."""
    env = dict(os.environ, PYTHONPROFILEIMPORTTIME="1")
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    per_package: dict[str, float] = {}
    for line in done.stderr.splitlines():
        parts = line.split("|")
        if not line.startswith("import time:") or len(parts) != 3 or "self [us]" in line:
            continue
        package = parts[2].strip().split(".")[0]
        per_package[package] = per_package.get(package, 0) + int(parts[0].split(":")[1]) / 1000
    return per_package
