"""The front desk's worker processes (`build.pool.WorkerPool`): jobs run in parallel, a worker
that crashes or hangs is replaced and its job fails cleanly, and closing leaves no process."""

from __future__ import annotations

import os
import time

import pytest

from cdbooklet.build.pool import WorkerFailed, WorkerPool

pytestmark = pytest.mark.skipif(not WorkerPool.is_supported(), reason="needs fork")


def _job(job: str) -> str:
    if job == "crash":
        os._exit(3)
    if job == "hang":
        time.sleep(60)
    if job == "raise":
        raise ValueError("a note a patient typed")
    return f"done {job} in {os.getpid()}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_crash_or_a_hang_fails_its_job_and_the_worker_is_replaced() -> None:
    pool = WorkerPool(_job, workers=2, timeout=2)
    try:
        first = set(pool.pids)
        assert len(first) == 2
        assert pool.run("a").startswith("done a in ")
        with pytest.raises(WorkerFailed, match="stopped"):
            pool.run("crash")
        with pytest.raises(WorkerFailed, match="more than 2 s"):
            pool.run("hang")
        with pytest.raises(WorkerFailed) as raised:
            pool.run("raise")
        assert "ValueError at test_worker_pool.py:" in str(raised.value)
        assert "patient" not in str(raised.value)  # the message may quote a note: never sent
        assert len(pool.pids) == 2 and set(pool.pids) != first
        assert pool.run("b").startswith("done b in ")
    finally:
        pids = pool.pids
        pool.close()
    assert not any(_alive(pid) for pid in pids)
