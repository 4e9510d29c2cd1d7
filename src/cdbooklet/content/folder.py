"""A content folder's files, and a digest of each: what `--watch` and the front desk compare to
notice that a file was saved, added or removed.

Digests, not times and sizes: a save that keeps a file's size within one timestamp tick (2 s on
a FAT USB stick) still changes its bytes. A content folder is a few hundred small files at most,
so hashing them all takes milliseconds.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable
from pathlib import Path


def content_files(root: Path) -> list[Path]:
    """Every file of a content folder, in a stable order: the folder and its subfolders, except
    hidden ones (.schemas, .git) and nested content folders (one with its own booklet.yaml, like
    content/es, is another booklet). A link out of the folder, a device or a pipe is left out."""
    found: list[Path] = []
    real_root = root.resolve()
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        dirs[:] = sorted(
            d for d in dirs if not (here / d / "booklet.yaml").exists() and not d.startswith(".")
        )
        found += [
            here / f
            for f in sorted(files)
            if not f.startswith(".") and is_plain_file_inside(here / f, real_root)
        ]
    return found


def is_plain_file_inside(path: Path, real_root: Path) -> bool:
    """A regular file in the content folder once links are followed: never a link out of it,
    a device (/dev/zero would never end) or a pipe (which would block)."""
    try:
        real = path.resolve()
        return real.is_relative_to(real_root) and stat.S_ISREG(real.stat().st_mode)
    except (OSError, RuntimeError):  # RuntimeError: a link loop, on Python 3.11
        return False


def snapshot(root: Path, also: Iterable[Path] = ()) -> dict[str, str]:
    """Each file of the folder (and each of `also`, such as a logo in a hidden folder that the
    last load read) -> the SHA-256 of its bytes ("" when it cannot be read)."""
    digests: dict[str, str] = {}
    for path in [*content_files(root), *also]:
        try:
            digests[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            digests[str(path)] = ""
    return digests
