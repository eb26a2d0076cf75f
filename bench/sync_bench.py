"""`narrate sync` in `make bench`: 20 local articles, cold, with one worker and with two, then a
second sync with nothing new.

The articles are served from 127.0.0.1 by the test site (tests/news_site.py): the 20 shortest
of the corpus's real saved pages and gold articles in a page (../shared/corpus), or, without the
corpus, variants of its built-in pages.  Each cold run has an empty clip cache and an empty DIR;
the encoder's calibration is learned before (as after any first render).  The server is a thread
of this process and does no work a render waits for beyond sending bytes.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = 20


def _pages() -> list:  # type: ignore[type-arg]
    sys.path.insert(0, str(ROOT))
    from tests.news_site import built_in_variants, corpus_pages

    pages = sorted((p for p in corpus_pages() if p.kind != "built-in"), key=lambda p: p.words)[:ARTICLES]
    # No corpus (or too little of it): variants of the built-in pages make up the number.
    return pages + built_in_variants(ARTICLES - len(pages))


def bench_sync(work: Path, timed: Callable[..., object], narrate: list[str]) -> dict[str, object]:
    """Wall time and peak RSS of: cold sync --workers 1, cold sync --workers 2, a no-op sync."""
    sys.path.insert(0, str(ROOT))
    from tests.news_site import NewsSite

    site = NewsSite(_pages()).start()
    try:
        row: dict[str, object] = {"articles": len(site.pages)}
        for workers in (1, 2):
            out = work / f"sync-w{workers}"
            env = {**os.environ, "NARRATOR_CACHE_DIR": str(work / f"sync-cache-w{workers}"),
                   "no_proxy": "127.0.0.1", "NO_PROXY": "127.0.0.1"}
            command = [*narrate, "sync", site.url("/rss.xml"), "-o", str(out), "--base-url",
                       "https://example.org/podcast/", "--engine", "espeak", "-q", "--workers", str(workers)]
            row[f"cold_w{workers}"] = timed(command, env)
            row[f"load_w{workers}"] = os.getloadavg()[0]  # others' work on the machine meanwhile
            if workers == 2:
                before = dict(site.hits)
                row["noop"] = timed(command, env)
                row["noop_requests"] = sum(site.hits.values()) - sum(before.values())
                row["episodes"] = len(list(out.glob("*.mp3")))
        return row
    finally:
        site.stop()


def sync_table(row: dict[str, object]) -> str:
    # CPU: the narrate process and what it waited for (the worker processes of a pool are reaped by
    # their server process, so for cold runs this is the client's share, not the workers').
    cell = lambda run: f"{run.seconds:.1f} s (CPU {run.cpu_seconds:.1f} s), {run.peak_rss_mb:.0f} MB"  # type: ignore[attr-defined]  # noqa: E731
    one, two, noop = row["cold_w1"], row["cold_w2"], row["noop"]
    return "\n".join([
        "| sync of local articles | cold, --workers 1 | cold, --workers 2 | speed-up | second sync, nothing new | its requests | load average (1 min) after w1 / w2 |",
        "|---|---|---|---|---|---|---|",
        f"| {row['articles']} articles ({row['episodes']} episodes) | {cell(one)} | {cell(two)} "
        f"| {one.seconds / two.seconds:.2f}x | {cell(noop)} | {row['noop_requests']} "  # type: ignore[attr-defined]
        f"| {row['load_w1']:.1f} / {row['load_w2']:.1f} |",
    ])


def sync_targets(row: dict[str, object]) -> list[tuple[str, bool, str]]:
    one, two, noop = row["cold_w1"], row["cold_w2"], row["noop"]
    speedup = one.seconds / two.seconds  # type: ignore[attr-defined]
    return [
        ("sync --workers 2 >= 1.7x --workers 1 (2 cores)", speedup >= 1.7, f"{speedup:.2f}x"),
        ("second sync with nothing new < 1 s", noop.seconds < 1.0, f"{noop.seconds:.2f} s"),  # type: ignore[attr-defined]
        ("second sync requests only the sources", row["noop_requests"] == 2, f"{row['noop_requests']} requests"),
    ]


if __name__ == "__main__":  # python bench/sync_bench.py: this part alone
    sys.path.insert(0, str(ROOT / "bench"))
    from run import NARRATE, timed  # type: ignore[import-not-found]

    with tempfile.TemporaryDirectory(prefix="narrator-bench-sync-") as tmp:
        warmup = Path(tmp) / "warmup"  # the encoder's calibration, as after any first render
        timed([*NARRATE, "--engine", "espeak", "-q", "-o", str(warmup), str(ROOT / "article.md")],
              {**os.environ, "NARRATOR_CACHE_DIR": str(warmup / "cache")})
        result = bench_sync(Path(tmp), timed, NARRATE)
    print(sync_table(result))
    for name, ok, value in sync_targets(result):
        print(f"{name}: {'yes' if ok else 'NO'} ({value})")
