"""`narrate sync --cluster local:2` in `make bench`: 40 local articles, cold, on a local Dask
cluster of 2 workers against local worker processes (`--workers 2` and `--workers 1`); the
engine's overhead per article is the difference to `--workers 2`, which uses the same 2 cores.

As in sync_bench.py: articles served from 127.0.0.1 by the test site (the 40 shortest corpus
pages, or variants of the built-in pages without the corpus), each run with an empty clip cache
and an empty DIR, the encoder's calibration learned before.  Others share this machine's 2 cores:
the load average is printed beside each run, and only the ratios of one run mean anything.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = 40
RUNS = (("w1", ["--workers", "1"]), ("w2", ["--workers", "2"]), ("local2", ["--cluster", "local:2"]))


def cluster_start_seconds() -> float:
    """Starting (and closing) a local cluster of 2 workers, in this process: paid once per sync."""
    sys.path.insert(0, str(ROOT))
    from narrator.sources.cluster import ClusterRunner

    started = time.perf_counter()
    runner = ClusterRunner("local:2")
    ready = time.perf_counter() - started
    runner.close()
    return ready


def bench_cluster(work: Path, timed: Callable[..., object], narrate: list[str]) -> dict[str, object]:
    sys.path.insert(0, str(ROOT / "bench"))
    sys.path.insert(0, str(ROOT))
    import sync_bench
    from tests.news_site import NewsSite

    sync_bench.ARTICLES = ARTICLES
    site = NewsSite(sync_bench._pages()).start()
    try:
        row: dict[str, object] = {"articles": len(site.pages), "start_s": cluster_start_seconds()}
        for name, option in RUNS:
            out = work / f"cluster-{name}"
            env = {**os.environ, "NARRATOR_CACHE_DIR": str(work / f"cluster-cache-{name}"),
                   "no_proxy": "127.0.0.1", "NO_PROXY": "127.0.0.1"}
            command = [*narrate, "sync", site.url("/rss.xml"), "-o", str(out), "--base-url",
                       "https://example.org/podcast/", "--engine", "espeak", "-q", *option]
            row[name] = timed(command, env)
            row[f"load_{name}"] = os.getloadavg()[0]
            row[f"episodes_{name}"] = len(list(out.glob("*.mp3")))
        return row
    finally:
        site.stop()


def cluster_table(row: dict[str, object]) -> str:
    n = row["articles"]
    cell = lambda run: f"{run.seconds:.1f} s (CPU {run.cpu_seconds:.1f} s)"  # type: ignore[attr-defined]  # noqa: E731
    w1, w2, c2 = row["w1"], row["w2"], row["local2"]
    per_article = (c2.seconds - w2.seconds) / n  # type: ignore[attr-defined, operator]
    return "\n".join([
        f"| {n} articles, cold | --workers 1 | --workers 2 | --cluster local:2 | cluster overhead per article vs --workers 2 | local cluster start | load average after w1 / w2 / cluster |",
        "|---|---|---|---|---|---|---|",
        f"| episodes {row['episodes_w1']} / {row['episodes_w2']} / {row['episodes_local2']} | {cell(w1)} | {cell(w2)} | {cell(c2)} "
        f"| {per_article * 1000:+.0f} ms | {row['start_s']:.1f} s "
        f"| {row['load_w1']:.1f} / {row['load_w2']:.1f} / {row['load_local2']:.1f} |",
        "",
        f"Per article: --workers 1 {w1.seconds / n:.2f} s, --workers 2 {w2.seconds / n:.2f} s, "  # type: ignore[attr-defined, operator]
        f"--cluster local:2 {c2.seconds / n:.2f} s of wall time.",  # type: ignore[attr-defined, operator]
    ])


if __name__ == "__main__":  # python bench/cluster_bench.py: this part alone
    sys.path.insert(0, str(ROOT / "bench"))
    from run import NARRATE, timed  # type: ignore[import-not-found]

    with tempfile.TemporaryDirectory(prefix="narrator-bench-cluster-") as tmp:
        warmup = Path(tmp) / "warmup"  # the encoder's calibration, as after any first render
        timed([*NARRATE, "--engine", "espeak", "-q", "-o", str(warmup), str(ROOT / "article.md")],
              {**os.environ, "NARRATOR_CACHE_DIR": str(warmup / "cache")})
        result = bench_cluster(Path(tmp), timed, NARRATE)
    print(cluster_table(result))
