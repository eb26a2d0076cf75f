"""Render a sync's jobs on a Dask distributed cluster: `narrate sync … --cluster ADDRESS`.

The engine was chosen by measurement (docs/cluster.md): Dask's 44 MB of pure-Python wheels install
wherever narrator does, a local cluster starts in about a second, a worker is one command, and a
worker that dies mid-task has its task re-run elsewhere by the scheduler.

What travels: each task carries one RenderJob (the page bytes and the options, never a cache or a
path of the client's) and returns the JobResult (the episode's files as bytes) or a JobFailure.
The workers share nothing with the client: no DIR, no file system.  Each keeps its own clip and
piece cache, on its own machine.  The client stays the only writer of DIR (runners.py).

Only a window of jobs is on the cluster at a time (one per worker thread): a sync of 200,000
articles must not hold 200,000 pages in the scheduler's memory, an interrupted client must not
leave the cluster busy with work nobody will collect, and a worker that dies takes no innocent
queued article down with it (see TASKS_PER_THREAD).
"""

from __future__ import annotations

import dataclasses
import logging
import signal
import uuid
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import CancelledError
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError, NarratorError
from .jobs import JobFailure, JobResult, RenderJob
from .runners import run_safely

if TYPE_CHECKING:
    from distributed import Client

LOCAL_PREFIX = "local:"
# Dask's own default for `distributed.scheduler.allowed-failures`, set explicitly for local
# clusters: a task whose worker died this many times is retried once more, then given up.
ALLOWED_FAILURES = 3
# Tasks on the cluster per worker thread: exactly one.  When a worker dies, the scheduler counts a
# failure against every task assigned to it, so an article queued behind one that crashes its
# worker would be given up with it; and tasks submitted a few at a time are not held back by the
# scheduler's own queue (that is for large groups), so the client keeps that queue itself.  The
# cost is one round trip between two articles on a worker: ~15 ms against ~2 s of rendering.
TASKS_PER_THREAD = 1
# A scheduler that was just started may take a few seconds to listen.
CONNECT_TIMEOUT_S = 30

Task = Callable[[RenderJob, "Path | None"], "JobResult | JobFailure"]


class ClusterError(NarratorError):
    """The cluster cannot be reached or was lost; what finished is kept, the next sync goes on."""


@dataclass(frozen=True, slots=True)
class ClusterAddress:
    """`local:N` (N worker processes started here) or a Dask scheduler's address."""

    scheduler: str | None = None
    local_workers: int = 0

    @property
    def is_local(self) -> bool:
        return self.scheduler is None


_DASK_SCHEMES = ("tcp://", "tls://", "ws://", "wss://", "inproc://", "ucx://")


def parse_address(text: str) -> ClusterAddress:
    """What `--cluster` accepts, or an InputError that says what would have been accepted."""
    value = text.strip()
    if value.startswith(LOCAL_PREFIX):
        count = value[len(LOCAL_PREFIX):]
        if not count.isdigit() or int(count) < 1:
            raise InputError(f"--cluster {text}: local:N needs a number of workers of at least 1, e.g. local:2")
        return ClusterAddress(local_workers=int(count))
    if value.startswith("ray://"):
        raise InputError(f"--cluster {text}: narrator runs on Dask distributed, not Ray "
                         "(docs/cluster.md); give a Dask scheduler's address, e.g. tcp://HOST:8786")
    if value.startswith(_DASK_SCHEMES):
        return ClusterAddress(scheduler=value)
    host, sep, port = value.rpartition(":")
    if sep and host and port.isdigit() and "/" not in value:
        return ClusterAddress(scheduler=f"tcp://{value}")  # HOST:PORT, as `dask worker` accepts it
    raise InputError(f"--cluster {text}: expected local:N or a Dask scheduler address such as tcp://HOST:8786")


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise InputError("--cluster needs Dask distributed: pip install 'narrator[cluster]'") from None
    return distributed


def _for_remote(job: RenderJob) -> RenderJob:
    """A cache folder named by the client means nothing on another machine: workers use their own."""
    if job.options.cache_dir is None:
        return job
    return dataclasses.replace(job, options=dataclasses.replace(job.options, cache_dir=None))


def _failure_of(job: RenderJob, exc: BaseException, killed: type[BaseException]) -> JobFailure:
    """A task that ended in an exception (run_safely already turned every expected one into a
    JobFailure): its worker died too often, or a bug in one render."""
    if isinstance(exc, killed):
        # Every worker that ran this one article died (the scheduler's allowed-failures + 1 of
        # them, 4 by default): the next run would kill them the same way.
        return JobFailure(job.key, "a render worker died every time it rendered this article "
                                   "(killed or crashed); the cluster gave up", permanent=True)
    return JobFailure(job.key, f"render failed on the cluster: {type(exc).__name__}: {exc}")


def _quiet_dask_logs() -> None:
    """Dask's configuration gives some of its loggers levels of their own (distributed.client:
    warning ...), so the parent's level alone is not enough."""
    for name in [*logging.root.manager.loggerDict, "distributed"]:
        if name == "distributed" or name.startswith("distributed."):
            logging.getLogger(name).setLevel(logging.CRITICAL)


def dask_setup(worker: Any) -> None:
    """Dask's preload hook, run in each worker of a local cluster as it starts.  Ctrl-C at a
    terminal reaches every process of its group; only the client decides what then happens (it
    cancels the rest and publishes what finished).  A worker that took it would die mid-article
    with a traceback on the user's terminal."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class ClusterRunner:
    """A JobRunner on a Dask cluster: an existing one (`tcp://HOST:8786`) or `local:N`."""

    def __init__(
        self,
        address: str,
        cache_dir: Path | None = None,
        *,
        task: Task = run_safely,
        connect_timeout_s: float = CONNECT_TIMEOUT_S,
    ) -> None:
        self.address = parse_address(address)
        distributed = _distributed()
        # For local clusters the workers share this machine, and so the client's cache folder.
        self.cache_dir = cache_dir if self.address.is_local else None
        self.task = task  # a module-level function: workers import it by name
        self._cluster: Any = None
        # Dask logs a lost connection or a dead worker with tracebacks; narrator reports each
        # outcome itself, in one line (a failed article, a lost cluster).
        _quiet_dask_logs()
        try:
            if self.address.is_local:
                self._cluster = self._start_local(distributed, self.address.local_workers)
                self.client: Client = distributed.Client(self._cluster)
            else:
                self.client = distributed.Client(self.address.scheduler, timeout=connect_timeout_s)
        except (OSError, TimeoutError) as exc:
            self.close()
            where = self.address.scheduler or address
            raise ClusterError(f"cannot reach the Dask scheduler at {where}: {exc}") from None

    @staticmethod
    def _start_local(distributed: Any, workers: int) -> Any:
        import dask

        # Processes, not threads: espeak keeps global state and rendering is CPU-bound.  Spawned,
        # as Dask does by default, never forked from a client that already runs threads.
        with dask.config.set({"distributed.scheduler.allowed-failures": ALLOWED_FAILURES}):
            return distributed.LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True,
                dashboard_address=None, silence_logs=logging.CRITICAL,
                preload=[__name__],  # dask_setup below, in each worker as it starts
            )

    @property
    def capacity(self) -> int:
        """Articles the cluster renders at once now: its worker threads."""
        return sum(self.client.nthreads().values())

    def _window(self) -> int:
        return max(1, TASKS_PER_THREAD * self.capacity)  # one at least, while workers are (re)starting

    def run(self, jobs: Sequence[RenderJob]) -> Iterator[JobResult | JobFailure]:
        if not jobs:
            return
        distributed = _distributed()
        waiting = list(reversed(jobs))  # popped from the end: the sync's order is kept
        on_cluster: dict[Any, RenderJob] = {}
        finished = distributed.as_completed()

        def refill() -> None:
            window = self._window()
            while waiting and len(on_cluster) < window:
                job = waiting.pop()
                sent = job if self.address.is_local else _for_remote(job)
                # A key of our own, readable in the dashboard; unique, so a re-sent job is a new task.
                future = self.client.submit(self.task, sent, self.cache_dir,
                                            key=f"narrate-{job.stem}-{uuid.uuid4().hex[:12]}")
                on_cluster[future] = job
                finished.add(future)

        try:
            refill()
            for future in finished:
                job = on_cluster.pop(future)
                try:
                    outcome = future.result()
                except CancelledError:
                    # The scheduler went away (Dask cancels every future once reconnecting fails).
                    raise ClusterError(f"lost the connection to the Dask scheduler at "
                                       f"{self.address.scheduler or 'the local cluster'}; what finished "
                                       "is kept and the next sync goes on") from None
                except Exception as exc:  # noqa: BLE001 - a task's own error, re-raised by Dask
                    outcome = _failure_of(job, exc, distributed.KilledWorker)
                future.release()  # the worker may drop the episode's bytes now
                refill()
                yield outcome
        finally:
            # An interrupted client (or an abandoned generator): nothing left running for nobody.
            if on_cluster:
                self.client.cancel(list(on_cluster))

    def close(self) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            client.close()
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def __enter__(self) -> ClusterRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
