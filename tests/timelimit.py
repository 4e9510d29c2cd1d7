"""A time limit for code that may hang inside the test's own process."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def time_limit(seconds: float, what: str = "the build") -> Iterator[None]:
    """Turn a hang into a TimeoutError after `seconds` (SIGALRM interrupts pure-Python loops
    such as ReportLab's layout)."""

    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"{what} still running after {seconds} s: it hangs")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
