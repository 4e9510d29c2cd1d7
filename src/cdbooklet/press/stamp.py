"""Incremental builds: what made each output, kept in one cache outside the output folders.

A record per output (keyed by its absolute path) holds a digest of everything the output was
made from: the bytes of every file the build read, wherever it is (the YAML files, the logo, the
fonts), the options, SOURCE_DATE_EPOCH, today's date (for the date warnings), and the tool's
version and code; then the digest of the bytes the build wrote (computed from those bytes, not
by reading the file back, so two builds racing to one file cannot leave a record that vouches
for the other's output), the page count and the warnings. Work is skipped only when the inputs
match and the file on disk still has the digest of what was written: a record is never trusted
over a missing, edited or replaced output.

Why a cache and not the PDF's own metadata: reading a record back must stay quick and free of
ReportLab and pypdf (an unchanged build takes under 0.1 s), and a tagged PDF keeps its
metadata in a compressed object stream that only a PDF parser can open. Nothing is written
beside the outputs: no sidecar files among a clinic's handouts.

The cache is $CDBOOKLET_CACHE, else $XDG_CACHE_HOME/cdbooklet, else ~/.cache/cdbooklet (on
Windows %LOCALAPPDATA%\\cdbooklet). Losing it only costs a rebuild. Never imports ReportLab or
pypdf.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from cdbooklet import __version__
from cdbooklet.errors import BookletError, Problem


@dataclass(frozen=True, slots=True)
class Stamp:
    """What made an output, and what the build said."""

    inputs: str
    written: str
    """The SHA-256 of the bytes the build wrote."""
    pages: int
    warnings: tuple[Problem, ...] = ()


def cache_dir() -> Path:
    """Where the records live (see the module's docstring)."""
    if os.environ.get("CDBOOKLET_CACHE"):
        return Path(os.environ["CDBOOKLET_CACHE"])
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "cdbooklet"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cdbooklet"


def digest_inputs(files: Iterable[Path], options: object, today: date) -> str:
    """One digest of every input: the files' names and bytes, the options, SOURCE_DATE_EPOCH,
    today's date and the tool (its version and its own code, so that an upgrade or a local
    change is never stale)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    h = hashlib.sha256()
    h.update(f"cdbooklet {__version__}\n{options!r}\n{today.isoformat()}\n{epoch}\n".encode())
    h.update(_code_digest())
    for path in files:
        h.update(str(path).encode() + b"\0")
        try:
            h.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError:
            h.update(b"unreadable")
    return h.hexdigest()


def digest_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fresh(out: Path, inputs: str) -> Stamp | None:
    """The record when `out` is exactly what these inputs made; None when it must be built."""
    stamp = _read(out)
    if stamp is None or stamp.inputs != inputs:
        return None
    try:
        on_disk = digest_bytes(Path(out).read_bytes())
    except OSError:
        return None
    return stamp if on_disk == stamp.written else None


def record(out: Path, inputs: str, data: bytes, pages: int, warnings: Iterable[Problem]) -> None:
    """Record what made `out` from the bytes just written to it (best effort: a record that
    cannot be written only costs a rebuild). Also removes the stamp file an older cdbooklet
    kept beside the output."""
    entry = {
        "output": str(_key_path(out)),
        "inputs": inputs,
        "written": digest_bytes(data),
        "pages": pages,
        "warnings": [[str(p.path), p.line, p.message] for p in warnings],
    }
    _write_json(_record_path(out), entry)
    _remove_sidecar(out)


def record_folder(folder: Path, written: Mapping[str, bytes | str]) -> None:
    """Remember which handouts cdbooklet wrote into `folder`: id -> the bytes written (or their
    digest), merged with what it remembered before."""
    known = written_into(folder)
    known.update({k: v if isinstance(v, str) else digest_bytes(v) for k, v in written.items()})
    _write_json(_folder_path(folder), {"folder": str(_key_path(folder)), "handouts": known})


def forget_in_folder(folder: Path, ids: Iterable[str]) -> None:
    known = written_into(folder)
    for therapy_id in ids:
        known.pop(therapy_id, None)
    _write_json(_folder_path(folder), {"folder": str(_key_path(folder)), "handouts": known})


def written_into(folder: Path) -> dict[str, str]:
    """The handouts cdbooklet wrote into `folder`: id -> the digest of the bytes it wrote."""
    try:
        data = json.loads(_folder_path(folder).read_text(encoding="utf-8"))
        return {str(k): str(v) for k, v in data["handouts"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _read(out: Path) -> Stamp | None:
    try:
        data = json.loads(_record_path(out).read_text(encoding="utf-8"))
        if data["output"] != str(_key_path(out)):
            return None
        warnings = tuple(
            Problem(Path(p), int(line), str(m), True) for p, line, m in data["warnings"]
        )
        return Stamp(str(data["inputs"]), str(data["written"]), int(data["pages"]), warnings)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _key_path(path: Path) -> Path:
    """The path a record is kept under: absolute, links followed (a --out that is a link is
    written through to its target)."""
    return Path(os.path.realpath(path))


def _record_path(out: Path) -> Path:
    key = hashlib.sha256(str(_key_path(out)).encode()).hexdigest()[:32]
    return cache_dir() / "outputs" / f"{key}.json"


def _folder_path(folder: Path) -> Path:
    key = hashlib.sha256(str(_key_path(folder)).encode()).hexdigest()[:32]
    return cache_dir() / "folders" / f"{key}.json"


def _write_json(path: Path, value: object) -> None:
    from cdbooklet.press.output import write_atomic

    try:
        write_atomic(path, json.dumps(value, indent=1).encode())
    except BookletError:
        pass  # an unwritable cache only costs a rebuild


def _remove_sidecar(out: Path) -> None:
    """Delete the `.NAME.stamp` file cdbooklet 0.2 wrote beside an output, if it is one."""
    sidecar = Path(out).with_name(f".{Path(out).name}.stamp")
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8"))
        if isinstance(data, dict) and {"inputs", "output", "pages"} <= data.keys():
            sidecar.unlink()
    except (OSError, ValueError):
        pass


@cache
def _code_digest() -> bytes:
    package = Path(__file__).parents[1]
    h = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".html", ".css", ".json", ".yaml") and path.is_file():
            h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return h.digest()
