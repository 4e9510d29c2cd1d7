"""Doing many jobs at once: one process per core, each forked with the work already loaded.

The caller makes the shared work (the content, the theme with its fonts registered) before the
pool starts; each worker inherits it from the fork, ready, and only the small jobs and their
results travel between processes. A few jobs, a single core or a system without fork run here,
one after another: a pool would cost more than it saves.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

Work = TypeVar("Work")
Job = TypeVar("Job")
Result = TypeVar("Result")

PARALLEL_FROM = 4
"""Fewer jobs than this are done in this process."""

_inherited: tuple[Callable[[Any, Any], Any], Any] | None = None
"""In a worker process only: the function and the work it was forked with."""


def map_forked(
    func: Callable[[Work, Job], Result], work: Work, jobs: list[Job]
) -> Iterator[Result]:
    """`func(work, job)` for every job, as each finishes (in any order)."""
    import multiprocessing

    workers = min(len(jobs), os.cpu_count() or 1)
    has_fork = "fork" in multiprocessing.get_all_start_methods()
    if workers < 2 or len(jobs) < PARALLEL_FROM or not has_fork:
        yield from (func(work, job) for job in jobs)
        return
    # With fork, a worker's start arguments are inherited, never pickled: `work` may hold fonts
    # and styles that could not be sent to another process.
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, initializer=_inherit, initargs=(func, work)) as pool:
        yield from pool.imap_unordered(_call, jobs)


def _inherit(func: Callable[[Any, Any], Any], work: Any) -> None:
    global _inherited
    _inherited = (func, work)


def _call(job: Any) -> Any:
    assert _inherited is not None, "a job ran outside a worker made by map_forked"
    func, work = _inherited
    return func(work, job)
