"""Doing many jobs at once: one process per core, each forked with the work already loaded;
and `WorkerPool`, long-lived workers for the front desk.

The caller makes the shared work (the content, the theme with its fonts registered) before the
pool starts; each worker inherits it from the fork, ready, and only the small jobs and their
results travel between processes. A few jobs, a single core or a system without fork run here,
one after another: a pool would cost more than it saves.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
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


class WorkerFailed(RuntimeError):
    """A worker died, took longer than its time limit, or raised: the job was not done."""


class WorkerPool:
    """A few long-lived processes, each running one job at a time, for a server that answers on
    several threads: `run(job)` waits for a free worker, hands it the job and returns its
    result, so renders on different cores never wait for one another.

    Start it while the process has one thread and its work is loaded (fonts registered): each
    worker is forked ready. Jobs and results travel pickled through a pipe. A worker that dies
    or takes longer than `timeout` seconds is killed and replaced, and that job raises
    `WorkerFailed`; so does a job whose function raised, naming the exception's type and the
    line that raised it but not its message, which may quote the job (a patient's note).
    Workers ignore Ctrl-C (the server stops them with `close`) and leave as soon as their pipe
    closes, so a server killed outright leaves none behind.
    """

    def __init__(
        self, func: Callable[[Any], Any], workers: int | None = None, timeout: float = 120.0
    ) -> None:
        import multiprocessing
        import queue
        import threading

        self.func = func
        self.timeout = timeout
        self._context = multiprocessing.get_context("fork")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._all: list[_Worker] = []
        self._closed = False
        for _ in range(max(1, workers or os.cpu_count() or 1)):
            self._start()

    @staticmethod
    def is_supported() -> bool:
        """Whether this system can fork workers (not Windows)."""
        import multiprocessing

        return "fork" in multiprocessing.get_all_start_methods()

    @property
    def pids(self) -> list[int]:
        """The workers' process ids, for tests and the curious."""
        with self._lock:
            return [w.process.pid for w in self._all if w.process.pid is not None]

    def _start(self) -> None:
        parent_end, child_end = self._context.Pipe()
        with self._lock:
            others = [w.conn for w in self._all]
            process = self._context.Process(
                target=_work, args=(child_end, self.func, others), daemon=True
            )
            process.start()
            child_end.close()
            worker = _Worker(process, parent_end)
            self._all.append(worker)
        self._idle.put(worker)

    def run(self, job: Any) -> Any:
        """`func(job)` in a free worker (waiting for one), or WorkerFailed."""
        worker = self._idle.get()
        try:
            worker.conn.send(job)
            if not worker.conn.poll(self.timeout):
                raise WorkerFailed(f"the job took more than {self.timeout:.0f} s")
            is_done, value = worker.conn.recv()
        except (EOFError, OSError, WorkerFailed) as exc:
            self._replace(worker)
            if isinstance(exc, WorkerFailed):
                raise
            raise WorkerFailed("the worker process stopped") from None
        self._idle.put(worker)
        if not is_done:
            raise WorkerFailed(value)
        return value

    def _replace(self, worker: _Worker) -> None:
        worker.stop(at_once=True)
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)
            closed = self._closed
        if not closed:
            self._start()

    def close(self) -> None:
        """Stop every worker and wait for it (killing one that does not stop)."""
        with self._lock:
            self._closed = True
            workers, self._all = self._all, []
        for worker in workers:
            worker.stop()


class _Worker:
    def __init__(self, process: Any, conn: Any) -> None:
        self.process = process
        self.conn = conn

    def stop(self, at_once: bool = False) -> None:
        try:
            self.conn.close()  # the worker reads end-of-file and leaves
        except OSError:
            pass
        self.process.join(0 if at_once else 2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(5)


def _work(conn: Any, func: Callable[[Any], Any], others: list[Any]) -> None:
    """A worker's life: run each job that comes through the pipe until it closes."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for other in others:  # the other workers' pipes, inherited from the fork: not ours
        other.close()
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            result = (True, func(job))
        except Exception as exc:  # a bug: what and where go back, and the worker goes on
            result = (False, _where(exc))
        try:
            conn.send(result)
        except (OSError, ValueError):
            return


def _where(exc: BaseException) -> str:
    """An exception's type and the file and line that raised it, without its message."""
    import traceback

    frames = traceback.extract_tb(exc.__traceback__)
    place = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    return f"{type(exc).__name__}{place}"
