"""`cdbooklet init DIR`: a new content folder a clinic can edit, ready to build at once.

Copies the starter files shipped in the package (`cdbooklet/starter/`): booklet.yaml with the
standard disclaimer, branding.yaml with a placeholder clinic marked REPLACE, one example therapy
and a placeholder logo, each YAML file with notes on every key. It also writes the JSON Schemas
into DIR/.schemas/, which the first line of each YAML file names so that an editor can complete
and check keys (nothing is published online to point at instead). Refuses a folder that already
holds anything: it never overwrites a clinic's work. Never imports ReportLab.
"""

from __future__ import annotations

from datetime import date
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from cdbooklet.content.schema import KINDS, file_name, schema_text
from cdbooklet.errors import BookletError
from cdbooklet.press.output import write_atomic

SCHEMA_FOLDER = ".schemas"
"""Where in a new content folder the schemas go (hidden: nothing there for a clinic to edit)."""


def init_content(folder: Path, today: date | None = None) -> list[Path]:
    """Write a new content folder at `folder` and return the files written, or raise
    BookletError if `folder` is a file or a folder that is not empty."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise BookletError.at(folder, 0, "this is a file, not a folder: choose a new folder name")
    if folder.is_dir() and any(folder.iterdir()):
        raise BookletError.at(folder, 0, "this folder is not empty: choose a new folder name")
    files = _starter_files(today or date.today())
    written: list[Path] = []
    existed = folder.is_dir()
    try:
        for relative, data in files:
            path = folder / relative
            write_atomic(path, data)
            written.append(path)
    except BookletError:
        _remove(folder, written, existed)
        raise
    return written


def _starter_files(today: date) -> list[tuple[str, bytes]]:
    """(path inside the new folder, bytes) for every file a new content folder gets."""
    published = today.isoformat()
    try:
        review_by = today.replace(year=today.year + 2)
    except ValueError:  # 29 February
        review_by = today.replace(year=today.year + 2, day=28)
    out: list[tuple[str, bytes]] = []
    for relative, entry in _walk(resources.files("cdbooklet.content") / "starter"):
        data = entry.read_bytes()
        if relative == "booklet.yaml":
            text = data.decode("utf-8")
            text = text.replace("@PUBLISHED@", published)
            text = text.replace("@REVIEW_BY@", review_by.isoformat())
            data = text.encode("utf-8")
        out.append((relative, data))
    for kind in KINDS:
        out.append((f"{SCHEMA_FOLDER}/{file_name(kind)}", schema_text(kind).encode("utf-8")))
    return out


def _walk(root: Traversable, prefix: str = "") -> list[tuple[str, Traversable]]:
    """Every file under a package folder, as (relative path, entry), in a stable order."""
    found: list[tuple[str, Traversable]] = []
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.name.startswith(("_", ".")):
            continue  # __pycache__ and the like
        relative = f"{prefix}{entry.name}"
        if entry.is_dir():
            found += _walk(entry, relative + "/")
        else:
            found.append((relative, entry))
    return found


def _remove(folder: Path, written: list[Path], existed: bool) -> None:
    """Undo a half-written folder so that `init` can simply be run again."""
    for path in written:
        path.unlink(missing_ok=True)
    inner = {p.parent for p in written} - {folder}
    folders = sorted(inner, key=lambda p: len(p.parts), reverse=True)
    for path in [*folders, *([] if existed else [folder])]:
        try:
            path.rmdir()
        except OSError:
            pass
