"""Writing output files safely: a temporary file in the target folder, then an atomic rename.

A failed or killed run never leaves a partial file and never damages the last good one. The
finished file gets ordinary permissions (0644 under the usual umask), not the temporary file's
0600. A run killed while writing (SIGKILL, a power cut) can leave its hidden `.NAME.*.part` file
behind: the next write to the same name removes every such leftover, whatever its age.

An output that is a symbolic link is written through to its target (the link stays, pointing
at the new file): a clinic may link out/booklet.pdf into a shared folder. Files that belong
together (the fronts and backs of a manual-duplex print) are written all or none
(`write_together`). No output may be one of the run's inputs (`refuse_inputs`).
"""

from __future__ import annotations

import errno
import glob
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from cdbooklet.errors import BookletError, Problem


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` all at once, or raise BookletError and leave `path` as it was."""
    write_together([(Path(path), data)])


def write_together(files: Sequence[tuple[Path, bytes]]) -> None:
    """Write every (path, data) so that afterwards all are new or all are as they were; on a
    failure, a BookletError names the file that failed and says the others were put back."""
    targets = [(path, _through_links(path), data) for path, data in files]
    temporaries: list[str] = []
    moved_aside: list[tuple[Path, str]] = []  # (target, where its old version waits)
    replaced: list[Path] = []
    failed = targets[0][0]
    try:
        for shown, target, data in targets:
            failed = shown
            temporaries.append(_write_temporary(shown, target, data))
        for (shown, target, _data), temporary in zip(targets, temporaries, strict=True):
            failed = shown
            if len(targets) > 1 and target.exists():
                aside = _temporary_name(target, ".old")
                os.replace(target, aside)
                moved_aside.append((target, aside))
            os.replace(temporary, target)
            replaced.append(target)
    except OSError as exc:
        _put_back(replaced, moved_aside)
        raise _cannot_write(failed, exc, [path for path, _data in files]) from None
    finally:
        for temporary in temporaries:
            _unlink(temporary)
    for _target, aside in moved_aside:
        _unlink(aside)
    for _shown, target, _data in targets:
        _remove_leftovers(target)


def refuse_inputs(outputs: Iterable[Path], inputs: Iterable[tuple[Path, str]]) -> None:
    """A BookletError for each output that is one of the run's inputs (a content file, the
    logo, a font, impose's input): writing it would destroy the input. `inputs` are (path, what
    it is, e.g. "the logo")."""
    known = {os.path.realpath(path): what for path, what in inputs}
    problems = [
        Problem(
            out,
            0,
            f"this is {known[os.path.realpath(out)]}, an input of this run: write the PDF "
            "somewhere else (the output would replace it)",
        )
        for out in outputs
        if os.path.realpath(out) in known
    ]
    if problems:
        raise BookletError(problems)


def _through_links(path: Path) -> Path:
    """Where `path` really is: a symbolic link's target (written through), else itself."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _write_temporary(shown: Path, target: Path, data: bytes) -> str:
    """`data` in a new temporary file beside `target`, complete and on disk; its name."""
    if target.is_dir():
        raise BookletError.at(shown, 0, "the output is a folder: give a file name ending in .pdf")
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BookletError.at(folder, 0, f"cannot create the output folder ({_why(exc)})") from None
    fd, name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(name, 0o666 & ~_umask())
    except OSError:
        _unlink(name)
        raise
    return name


def _temporary_name(target: Path, suffix: str) -> str:
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=suffix)
    os.close(fd)
    return name


def _put_back(replaced: list[Path], moved_aside: list[tuple[Path, str]]) -> None:
    """Undo a half-done `write_together`: the old versions back in place, new files gone."""
    old = dict(moved_aside)
    for target in replaced:
        if target not in old:
            _unlink(str(target))  # it did not exist before
    for target, aside in moved_aside:
        try:
            os.replace(aside, target)
        except OSError:
            pass


def _cannot_write(failed: Path, exc: OSError, paths: list[Path]) -> BookletError:
    others = [p for p in paths if p != failed]
    if not others:
        return BookletError.at(failed, 0, f"cannot write the output ({_why(exc)})")
    names = " and ".join(str(p) for p in others)
    return BookletError.at(
        failed,
        0,
        f"cannot write the output ({_why(exc)}), so {names} "
        f"{'was' if len(others) == 1 else 'were'} left as before too: print both from the "
        "same run",
    )


def _remove_leftovers(target: Path) -> None:
    """Delete the temporary files killed runs left beside `target` (best effort)."""
    folder, name = glob.escape(str(target.parent)), glob.escape(target.name)
    for pattern in (f".{name}.*.part", f".{name}.*.old"):
        for leftover in glob.glob(os.path.join(folder, pattern)):
            _unlink(leftover)


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass  # gone already, or not ours to remove: it only costs disk space


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _why(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "no permission to write there"
    return exc.strerror or str(exc)
