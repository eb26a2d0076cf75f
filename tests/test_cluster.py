"""`--cluster`: the address forms, the progress line, and rendering on a real local Dask cluster
(`local:2`): the same bytes as local workers, a worker killed mid-task, a task that always fails.

The cluster tests start worker processes and are slow (a few seconds each): few of them."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from narrator.errors import InputError
from narrator.sources.cluster import ClusterAddress, ClusterRunner, parse_address
from narrator.sources.jobs import JobFailure, JobResult
from narrator.sources.runners import LocalRunner, make_runner
from narrator.sources.tally import Tally

from . import cluster_support as support

pytest.importorskip("distributed")


@pytest.mark.parametrize(("text", "expected"), [
    ("local:2", ClusterAddress(local_workers=2)),
    ("local:16", ClusterAddress(local_workers=16)),
    ("tcp://10.0.0.5:8786", ClusterAddress(scheduler="tcp://10.0.0.5:8786")),
    ("tls://scheduler.example.org:8786", ClusterAddress(scheduler="tls://scheduler.example.org:8786")),
    ("scheduler:8786", ClusterAddress(scheduler="tcp://scheduler:8786")),
    (" tcp://[::1]:8786 ", ClusterAddress(scheduler="tcp://[::1]:8786")),
])
def test_cluster_addresses(text: str, expected: ClusterAddress) -> None:
    assert parse_address(text) == expected


@pytest.mark.parametrize(("text", "says"), [
    ("local:0", "at least 1"),
    ("local:", "at least 1"),
    ("local:two", "at least 1"),
    ("ray://head:10001", "not Ray"),
    ("scheduler", "expected local:N"),
    ("http://scheduler:8786", "expected local:N"),
    ("scheduler:port", "expected local:N"),
    ("", "expected local:N"),
])
def test_bad_cluster_addresses_say_what_is_expected(text: str, says: str) -> None:
    with pytest.raises(InputError, match=says):
        parse_address(text)


@pytest.mark.parametrize(("tally", "line"), [
    (Tally(total=40), "0/40 articles, 0 failed, 0.0/min, ETA --"),
    (Tally(total=40, done=10, failed=1, elapsed_s=60.0), "10/40 articles, 1 failed, 10.0/min, ETA 3m00s"),
    (Tally(total=200_000, done=1000, elapsed_s=500.0), "1000/200000 articles, 0 failed, 120.0/min, ETA 27h38m"),
    (Tally(total=3, done=3, failed=3, elapsed_s=9.0), "3/3 articles, 3 failed, 20.0/min, ETA 0m00s"),
])
def test_progress_line(tally: Tally, line: str) -> None:
    assert tally.line() == line


def test_status_lines_say_the_first_then_at_most_one_every_interval_and_the_last() -> None:
    from narrator.commands.sync import StatusLines

    said: list[str] = []
    quiet = StatusLines(said.append, every_s=3600)
    for text in ("1/3", "2/3", "3/3"):
        quiet.note(text)
    quiet.finish()
    assert said == ["1/3", "3/3"]
    chatty = StatusLines(said.append, every_s=0)
    said.clear()
    for text in ("1/2", "2/2"):
        chatty.note(text)
    chatty.finish()
    assert said == ["1/2", "2/2"]  # the last one once, not again at the end


def test_an_unreachable_scheduler_is_one_clear_error() -> None:
    from narrator.sources.cluster import ClusterError

    with pytest.raises(ClusterError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        ClusterRunner("tcp://127.0.0.1:9", connect_timeout_s=1)  # the discard port: nothing listens


class RecordingProgress:
    def __init__(self) -> None:
        self.events: list[tuple[str, object]] = []

    def start(self, total: int) -> None:
        self.events.append(("start", total))

    def advance(self) -> None:
        self.events.append(("advance", None))

    def note(self, text: str) -> None:
        self.events.append(("note", text))

    def finish(self) -> None:
        self.events.append(("finish", None))


def test_same_episode_files_as_local_workers_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The real offline voice on both paths, each from a cold cache of its own, so the cluster
    really renders.  SOURCE_DATE_EPOCH fixes the only date in the files; the encoder calibration
    (learned by a machine's first render ever, then kept in its state folder) is learned before
    both, as on any machine that has rendered before."""
    from narrator.sources.runners import run_safely

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    assert isinstance(run_safely(support.job("library"), tmp_path / "warm-cache"), JobResult)
    jobs = [support.job("bread", "espeak"), support.job("rain", "espeak"), support.job("library", "espeak")]
    with LocalRunner(2, tmp_path / "local-cache") as local:
        expected = {o.key: o for o in local.run(jobs)}
    with make_runner(1, "local:2", tmp_path / "cluster-cache") as cluster:  # type: ignore[attr-defined]
        assert isinstance(cluster, ClusterRunner)
        got = {o.key: o for o in cluster.run(jobs)}
    assert any((tmp_path / "cluster-cache").iterdir()), "the cluster workers used their own cache"

    assert set(got) == {j.key for j in jobs}
    for key, result in got.items():
        assert isinstance(result, JobResult), result
        assert isinstance(expected[key], JobResult), expected[key]
        assert sorted(result.files) == sorted(expected[key].files)
        assert any(name.endswith(".mp3") for name in result.files)
        for name, data in result.files.items():
            assert data == expected[key].files[name], f"{name} differs between cluster and local"
        assert result.content_hash == expected[key].content_hash


def test_a_worker_killed_mid_task_loses_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every job's first attempt hangs in its worker, which is then killed with SIGKILL mid-task:
    the scheduler re-runs each job on a restarted worker and every episode still comes back."""
    markers = tmp_path / "markers"
    markers.mkdir()
    monkeypatch.setenv(support.MARKERS_ENV, str(markers))  # before the workers are spawned
    jobs = [support.job(name) for name in ("bread", "rain", "library")]
    killed: set[str] = set()
    stop = threading.Event()

    def kill_stalled_workers() -> None:
        while not stop.is_set():
            for marker in markers.iterdir():
                pid = marker.read_text()
                if marker.name not in killed and pid:
                    os.kill(int(pid), signal.SIGKILL)
                    killed.add(marker.name)
            time.sleep(0.05)

    killer = threading.Thread(target=kill_stalled_workers, daemon=True)
    killer.start()
    try:
        with ClusterRunner("local:2", task=support.stall_first_attempt) as runner:
            results = list(runner.run(jobs))
    finally:
        stop.set()
        killer.join()
    assert killed == {f"{j.stem}.pid" for j in jobs}, "every job's first attempt was killed"
    assert sorted(o.key for o in results) == sorted(j.key for j in jobs)
    assert all(isinstance(o, JobResult) for o in results), results
    assert all(any(n.endswith(".mp3") for n in o.files) for o in results)


def test_a_task_that_always_fails_is_reported_and_the_rest_finish(monkeypatch: pytest.MonkeyPatch) -> None:
    """One article kills its worker every time (as a crash in a native library would), one page has
    no article: both come back as failures, the others as episodes."""
    from narrator.sources import cluster

    monkeypatch.setattr(cluster, "ALLOWED_FAILURES", 1)  # given up after 2 deaths, not 4: faster
    no_article = support.article_page("صفحة غير موجودة", ["عذرا، الصفحة التي طلبتها غير موجودة."])
    crash_page = support.article_page(*support.ARTICLES["rain"])
    jobs = [support.job("bread"), support.job("crash", page=crash_page),
            support.job("missing", page=no_article), support.job("library")]
    with ClusterRunner("local:2", task=support.kill_worker_on) as runner:
        outcomes = {o.key.rsplit("/", 1)[1]: o for o in runner.run(jobs)}

    assert set(outcomes) == {"bread", "crash", "missing", "library"}
    assert isinstance(outcomes["bread"], JobResult) and isinstance(outcomes["library"], JobResult)
    crash = outcomes["crash"]
    assert isinstance(crash, JobFailure) and crash.permanent
    assert "died every time" in crash.error
    missing = outcomes["missing"]
    assert isinstance(missing, JobFailure) and missing.permanent
    assert "no article found" in missing.error


# -- the whole sync on a cluster ------------------------------------------------------------------


def _published_files(folder: Path) -> dict[str, bytes]:
    """What a podcast app or a web server sees of DIR (the sync's private state aside)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and ".narrator" not in p.relative_to(folder).parts}


def test_sync_on_a_cluster_publishes_the_same_dir_as_local_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Same episodes, sidecars, feed, page and cover, byte for byte (SOURCE_DATE_EPOCH; the
    encoder calibration learned first, each run with a cold clip cache of its own)."""
    import dataclasses

    from narrator.pipeline import RenderOptions
    from narrator.sources.fetch import FetchSettings
    from narrator.sources.runners import run_safely
    from narrator.sources.sync import SyncSettings, sync

    from .news_site import NewsSite, small_site

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    assert isinstance(run_safely(support.job("library"), tmp_path / "warm-cache"), JobResult)
    site = NewsSite(small_site()).start()
    try:
        base = SyncSettings(sources=(site.url("/rss.xml"),), out_dir=tmp_path / "local", engine="fake",
                            base_url="https://example.org/podcast/", workers=2,
                            fetch=FetchSettings(delay=0.0, read_timeout=5.0, total_timeout=10.0))
        now = 1_790_000_000.0
        local = sync(dataclasses.replace(base, options=RenderOptions(cache_dir=tmp_path / "c1")),
                     clock=lambda: now)
        on_cluster = dataclasses.replace(base, out_dir=tmp_path / "cluster", cluster="local:2",
                                         options=RenderOptions(cache_dir=tmp_path / "c2"))
        progress = RecordingProgress()
        remote = sync(on_cluster, clock=lambda: now, progress=progress)
    finally:
        site.stop()
    assert len(remote.rendered) == len(local.rendered) >= 3 and not remote.failed
    expected, got = _published_files(tmp_path / "local"), _published_files(tmp_path / "cluster")
    assert sorted(got) == sorted(expected)
    assert "feed.xml" in got and sum(name.endswith(".mp3") for name in got) == len(local.rendered)
    assert [name for name in got if got[name] != expected[name]] == []
    kinds = [kind for kind, _ in progress.events]
    assert kinds[0] == "start" and kinds[-1] == "finish" and kinds.count("advance") == len(remote.rendered)
    notes = [text for kind, text in progress.events if kind == "note"]
    assert notes[-1].startswith(f"{len(local.rendered)}/{len(local.rendered)} articles, 0 failed")


# -- a cluster started the documented way ---------------------------------------------------------


@pytest.fixture
def dask_cluster(tmp_path: Path) -> Iterator[tuple[str, Path, subprocess.Popen]]:
    """`dask scheduler` and `dask worker ADDRESS --nworkers 1 --nthreads 1`, as docs/cluster.md
    says, on 127.0.0.1; the worker with a cache folder of its own.  Yields (address, worker
    cache, scheduler process)."""
    dask = Path(sys.executable).parent / "dask"
    if not dask.exists():
        pytest.skip("the dask command is not installed beside this Python")
    scheduler_file = tmp_path / "scheduler.json"
    worker_cache = tmp_path / "worker-cache"
    env = {**os.environ, "NARRATOR_CACHE_DIR": str(worker_cache)}
    common = ["--no-dashboard"]
    scheduler = subprocess.Popen([str(dask), "scheduler", "--host", "127.0.0.1", "--port", "0",
                                  "--scheduler-file", str(scheduler_file), *common],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    worker = None
    try:
        deadline = time.monotonic() + 60
        while not scheduler_file.exists() or not scheduler_file.read_text().strip().endswith("}"):
            assert time.monotonic() < deadline and scheduler.poll() is None, "the scheduler did not start"
            time.sleep(0.1)
        address = json.loads(scheduler_file.read_text())["address"]
        worker = subprocess.Popen([str(dask), "worker", address, "--nworkers", "1", "--nthreads", "1", *common],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        yield address, worker_cache, scheduler
    finally:
        for process in (worker, scheduler):
            if process is not None and process.poll() is None:
                process.terminate()
        for process in (worker, scheduler):
            if process is not None:
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def test_a_separately_started_cluster_renders_with_the_workers_own_cache(
    tmp_path: Path, dask_cluster: tuple[str, Path, subprocess.Popen],
) -> None:
    """The remote path: tcp:// address, the client's cache folder not sent, the worker's own used.
    Then the scheduler dies mid-run: one clear error, and what arrived before it is kept."""
    import dataclasses

    from narrator.sources.cluster import ClusterError

    address, worker_cache, scheduler = dask_cluster
    client_cache = tmp_path / "client-cache"
    jobs = [dataclasses.replace(j, options=dataclasses.replace(j.options, cache_dir=client_cache))
            for j in (support.job("bread"), support.job("rain"))]
    with ClusterRunner(address) as runner:
        runner.client.wait_for_workers(1, timeout=60)
        results = list(runner.run(jobs))
    assert sorted(r.key for r in results) == sorted(j.key for j in jobs)
    assert all(isinstance(r, JobResult) and f"{r.stem}.mp3" in r.files for r in results), results
    assert any(worker_cache.rglob("*")), "the worker kept its own cache"
    assert not client_cache.exists(), "the client's cache folder means nothing on a worker"

    arrived = []
    with ClusterRunner(address, connect_timeout_s=5) as runner:
        with pytest.raises(ClusterError, match=f"lost the connection to the Dask scheduler at {address}"):
            for outcome in runner.run([support.job(name) for name in ("library", "rain", "bread")]):
                arrived.append(outcome)
                scheduler.kill()
    assert len(arrived) == 1 and isinstance(arrived[0], JobResult)


def test_ctrl_c_of_a_cluster_sync_publishes_what_finished_and_the_next_sync_goes_on(tmp_path: Path) -> None:
    """SIGINT to the whole process group, as a terminal's Ctrl-C: one line, exit 1, the feed lists
    the episodes that arrived, and the next sync renders only the rest."""
    import feedparser

    from .news_site import NewsSite, small_site

    site = NewsSite(small_site()).start()
    out = tmp_path / "podcast"
    env = {**os.environ, "no_proxy": "127.0.0.1", "NO_PROXY": "127.0.0.1"}
    command = [sys.executable, "-m", "narrator.cli", "sync", site.url("/rss.xml"), "-o", str(out),
               "--base-url", "https://example.org/podcast/", "--engine", "fake", "--cluster", "local:2"]
    try:
        total = len(site.listed())
        process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=env, start_new_session=True)
        deadline = time.monotonic() + 120
        while not list(out.glob("*.mp3")):
            assert time.monotonic() < deadline and process.poll() is None, "no episode arrived"
            time.sleep(0.05)
        os.killpg(process.pid, signal.SIGINT)
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == 130  # 128 + SIGINT, the shell's convention
        assert stderr.strip().splitlines()[-1] == "narrate: interrupted"
        assert "Traceback" not in stderr
        episodes = sorted(out.glob("*.mp3"))
        assert 1 <= len(episodes) < total
        entries = feedparser.parse(str(out / "feed.xml")).entries
        assert len(entries) == len(episodes)

        # The next run goes on from DIR's state (local workers: that part is not the cluster's).
        again = subprocess.run([*command[:-2], "--workers", "1", "--json", "-q"], capture_output=True, text=True,
                               env=env, timeout=300)
        assert again.returncode == 0, again.stderr
        assert len(json.loads(again.stdout)["rendered"]) == total - len(episodes)
        assert len(feedparser.parse(str(out / "feed.xml")).entries) == total
    finally:
        site.stop()
