"""Writing output files safely: a temporary file in the target folder, then an atomic rename.

A failed or killed run never leaves a partial file and never damages the last good one. The
finished file gets ordinary permissions (0644 under the usual umask), not the temporary file's 0600.
A run killed while writing (SIGKILL, a power cut) can leave its hidden `.NAME.*.part` file behind;
the next write to the same name removes such leftovers once they are `STALE_AFTER` seconds old.
"""

from __future__ import annotations

import errno
import glob
import os
import tempfile
import time
from pathlib import Path

from cdbooklet.errors import BookletError

STALE_AFTER = 15 * 60
"""Seconds after which a leftover temporary file is surely not another run still writing: the
data is complete in memory before its temporary file is created, so writing takes seconds."""


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` all at once, or raise BookletError and leave `path` as it was."""
    path = Path(path)
    if path.is_dir():
        raise BookletError.at(path, 0, "the output is a folder: give a file name ending in .pdf")
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BookletError.at(folder, 0, f"cannot create the output folder ({_why(exc)})") from None
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".part")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp_name, 0o666 & ~_umask())
        os.replace(tmp_name, path)
        tmp_name = None
        _remove_stale_parts(path)
    except OSError as exc:
        raise BookletError.at(path, 0, f"cannot write the output ({_why(exc)})") from None
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass


def _remove_stale_parts(path: Path) -> None:
    """Delete temporary files that killed runs left beside `path` (best effort)."""
    pattern = os.path.join(glob.escape(str(path.parent)), f".{glob.escape(path.name)}.*.part")
    now = time.time()
    for leftover in glob.glob(pattern):
        try:
            if now - os.lstat(leftover).st_mtime > STALE_AFTER:
                os.unlink(leftover)
        except OSError:
            pass  # gone already, or not ours to remove: it only costs disk space


def _why(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "no permission to write there"
    return exc.strerror or str(exc)
