"""`cdbooklet init DIR`: writing a new content folder a clinic can edit (`content.starter`'s
files), all or nothing. Refuses a folder that already holds anything: it never overwrites a
clinic's work.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from cdbooklet.content.starter import starter_files
from cdbooklet.errors import BookletError
from cdbooklet.press.output import write_atomic


def init_content(folder: Path, today: date | None = None) -> list[Path]:
    """Write a new content folder at `folder` and return the files written, or raise
    BookletError if `folder` is a file or a folder that is not empty."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise BookletError.at(folder, 0, "this is a file, not a folder: choose a new folder name")
    if folder.is_dir() and any(folder.iterdir()):
        raise BookletError.at(folder, 0, "this folder is not empty: choose a new folder name")
    files = starter_files(today or date.today())
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
