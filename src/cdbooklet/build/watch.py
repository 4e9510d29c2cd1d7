"""`build --watch`: noticing that a content folder changed, by polling its files.

Polls file names, times and sizes (a few hundred files at most), so it needs no extra library
and works the same on every system; the caller keeps ReportLab loaded between rebuilds.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from cdbooklet.press.stamp import content_snapshot


def watch(
    content_dir: Path,
    rebuild: Callable[[], None],
    interval: float = 0.3,
    should_stop: Callable[[], bool] = lambda: False,
) -> None:
    """Call `rebuild` whenever a file of the content folder is saved, added or removed, until
    `should_stop` says so (or Ctrl-C)."""
    last = content_snapshot(content_dir)
    while not should_stop():
        time.sleep(interval)
        now = content_snapshot(content_dir)
        if now != last:
            last = now
            rebuild()
