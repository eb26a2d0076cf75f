"""Who renders the jobs of a sync: worker processes on this machine, or (later) a cluster.

A runner takes RenderJobs and yields a JobResult or JobFailure for each as it finishes, in any
order.  It never writes the sync's DIR: the sync loop writes each result as it arrives.

Local workers are separate processes, not threads: synthesis and encoding are CPU-bound, and the
espeak library keeps global state (one voice, one callback) that threads must not share.  They are
started with "forkserver" (or "spawn" where there is none), never plain fork: forking a process
that already runs threads (the encoder's, requests' pools) can copy a held lock into the child.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Protocol

from ..errors import InputError, NarratorError
from .jobs import JobFailure, JobResult, RenderJob, run_job
from .page import NoArticle


class JobRunner(Protocol):
    def run(self, jobs: Sequence[RenderJob]) -> Iterator[JobResult | JobFailure]:
        """Render every job; yield each outcome as it finishes, in any order."""
        ...

    def close(self) -> None: ...


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def run_safely(job: RenderJob, cache_dir: Path | None = None) -> JobResult | JobFailure:
    """run_job with its errors turned into a JobFailure: what a worker sends back.

    A page without an article fails the same way next time (permanent); an engine or encoder
    error may not (a busy service, a full disk)."""
    try:
        return run_job(job, cache_dir)
    except NoArticle as exc:
        return JobFailure(job.key, str(exc), permanent=True)
    except NarratorError as exc:
        return JobFailure(job.key, str(exc), permanent=False)
    except OSError as exc:
        return JobFailure(job.key, f"{exc.strerror or exc}", permanent=False)


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


class LocalRunner:
    """`workers` processes on this machine, each rendering one article at a time."""

    def __init__(self, workers: int, cache_dir: Path | None = None) -> None:
        if workers < 1:
            raise InputError(f"--workers must be at least 1, not {workers}")
        self.workers = workers
        self.cache_dir = cache_dir
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=_context())
        return self._pool

    def run(self, jobs: Sequence[RenderJob]) -> Iterator[JobResult | JobFailure]:
        if not jobs:
            return
        pool = self._executor()
        pending: dict[Future[JobResult | JobFailure], RenderJob] = {
            pool.submit(run_safely, job, self.cache_dir): job for job in jobs
        }
        try:
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    job = pending.pop(future)
                    try:
                        yield future.result()
                    except BrokenProcessPool:
                        # A worker died (killed, out of memory, a crash in a native library): the
                        # pool is gone, so every job still in it fails now and is retried next run.
                        self._pool = None
                        yield JobFailure(job.key, "a render worker died (killed or crashed)")
                    except Exception as exc:  # noqa: BLE001 - an unexpected bug in one job
                        yield JobFailure(job.key, f"render failed: {type(exc).__name__}: {exc}")
        finally:
            for future in pending:
                future.cancel()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> LocalRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class InlineRunner:
    """Every job in this process, one after the other: for tests and debugging (a failure's
    traceback stays in one process)."""

    def __init__(self, cache_dir: Path | None = None) -> None:
        self.cache_dir = cache_dir

    def run(self, jobs: Sequence[RenderJob]) -> Iterator[JobResult | JobFailure]:
        for job in jobs:
            yield run_safely(job, self.cache_dir)

    def close(self) -> None:
        return None


def make_runner(workers: int, cluster: str | None = None, cache_dir: Path | None = None) -> JobRunner:
    """The runner for `--workers N`, or for `--cluster ADDRESS` (where the cluster decides how many)."""
    if cluster:
        from .cluster import ClusterRunner  # imports Dask only when a cluster is asked for

        return ClusterRunner(cluster, cache_dir)
    return LocalRunner(workers, cache_dir)
