"""`build --watch`: noticing that a content folder changed, by comparing the digests of its files.

Digests, not times and sizes (see `content.folder`); the caller keeps ReportLab loaded between
rebuilds.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

from cdbooklet.content.folder import snapshot


def watch(
    content_dir: Path,
    rebuild: Callable[[], None],
    interval: float = 0.3,
    should_stop: Callable[[], bool] = lambda: False,
    also: Callable[[], Iterable[Path]] = lambda: (),
) -> None:
    """Call `rebuild` whenever a file of the content folder is saved, added or removed, until
    `should_stop` says so (or Ctrl-C). `also` gives files outside the folder's usual places
    that the last build read (a logo in a hidden folder), watched too."""
    last = snapshot(content_dir, also())
    while not should_stop():
        time.sleep(interval)
        now = snapshot(content_dir, also())
        if now != last:
            last = now
            rebuild()
