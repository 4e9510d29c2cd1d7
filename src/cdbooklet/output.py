"""Writing output files safely: a temporary file in the target folder, then an atomic rename.

A failed or killed run never leaves a partial file and never damages the last good one. The
finished file gets ordinary permissions (0644 under the usual umask), not the temporary file's 0600.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from cdbooklet.errors import BookletError


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
    except OSError as exc:
        raise BookletError.at(path, 0, f"cannot write the output ({_why(exc)})") from None
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass


def _why(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "no permission to write there"
    return exc.strerror or str(exc)
