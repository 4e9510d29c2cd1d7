"""Incremental builds: a stamp beside each output says which inputs made it.

A stamp (`.<name>.stamp`, JSON) holds a digest of everything the output depends on (the content
files, the fonts, the options, the tool's version and today's date, for date warnings) and a
digest of the output file itself. Work is skipped only when both still match: a stamp is never
trusted over a missing, edited or replaced output. Never imports ReportLab or pypdf.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from cdbooklet import __version__
from cdbooklet.errors import Problem


@dataclass(frozen=True, slots=True)
class Stamp:
    """What made an output, and what the build said."""

    inputs: str
    output: str
    pages: int
    warnings: tuple[Problem, ...] = ()


def stamp_path(out: Path) -> Path:
    return out.with_name(f".{out.name}.stamp")


def content_files(root: Path, skip_therapies: bool = False) -> list[Path]:
    """Every file a build of this content folder may read, in a stable order.

    A nested content folder (one with its own booklet.yaml, like content/es) is a different
    booklet and is left out. With `skip_therapies`, the therapies/ folder is left out (a
    handout adds its own therapy file).
    """
    found: list[Path] = []
    real_root = root.resolve()
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        dirs[:] = sorted(
            d
            for d in dirs
            if not (here / d / "booklet.yaml").exists()
            and not (skip_therapies and here == root and d == "therapies")
            and not d.startswith(".")
        )
        found += [
            here / f
            for f in sorted(files)
            if not f.startswith(".") and _is_plain_file_inside(here / f, real_root)
        ]
    return found


def _is_plain_file_inside(path: Path, real_root: Path) -> bool:
    """A regular file in the content folder once links are followed: never a link out of it,
    a device (/dev/zero would never end) or a pipe (which would block)."""
    try:
        real = path.resolve()
        return real.is_relative_to(real_root) and stat.S_ISREG(real.stat().st_mode)
    except (OSError, RuntimeError):  # RuntimeError: a link loop, on Python 3.11
        return False


def digest_inputs(files: Iterable[Path], fonts: Path, options: object, today: date) -> str:
    """One digest of the files' names and bytes, the fonts, the options and the tool (its
    version and its own code, so that an upgrade or a local change is never stale)."""
    h = hashlib.sha256()
    h.update(f"cdbooklet {__version__}\n{options!r}\n{today.isoformat()}\n".encode())
    h.update(_code_digest())
    for path in [*files, *sorted(fonts.glob("*.ttf"))]:
        h.update(str(path.name).encode() + b"\0")
        try:
            h.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError:
            h.update(b"unreadable")
    return h.hexdigest()


@cache
def _code_digest() -> bytes:
    package = Path(__file__).parents[1]
    h = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".html", ".css", ".json", ".yaml") and path.is_file():
            h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return h.digest()


def digest_file(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def read_stamp(out: Path) -> Stamp | None:
    try:
        data = json.loads(stamp_path(out).read_text(encoding="utf-8"))
        warnings = tuple(
            Problem(Path(p), int(line), str(m), True) for p, line, m in data["warnings"]
        )
        return Stamp(str(data["inputs"]), str(data["output"]), int(data["pages"]), warnings)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def is_fresh(out: Path, inputs: str) -> Stamp | None:
    """The stamp when `out` is exactly what these inputs make; None when it must be built."""
    stamp = read_stamp(out)
    if stamp is None or stamp.inputs != inputs:
        return None
    if digest_file(out) != stamp.output:
        return None
    return stamp


def write_stamp(out: Path, inputs: str, pages: int, warnings: Iterable[Problem]) -> None:
    """Record what made `out` (best effort: a stamp that cannot be written only costs a rebuild)."""
    from cdbooklet.errors import BookletError
    from cdbooklet.press.output import write_atomic

    output = digest_file(out)
    if output is None:
        return
    data = {
        "inputs": inputs,
        "output": output,
        "pages": pages,
        "warnings": [[str(p.path), p.line, p.message] for p in warnings],
    }
    try:
        write_atomic(stamp_path(out), json.dumps(data, indent=1).encode())
    except BookletError:
        pass  # see the docstring: a missing stamp is harmless


def content_snapshot(root: Path) -> list[tuple[str, int, int]]:
    """Each content file's name, time and size: a cheap way to notice a save (--watch, the
    front desk's reload), a few hundred stat calls at most."""
    out = []
    for path in content_files(root):
        try:
            st = path.stat()
        except OSError:
            continue
        out.append((str(path), st.st_mtime_ns, st.st_size))
    return out
