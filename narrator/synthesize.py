"""Turn a Script into program-format clips, from the cache where possible, in listening order.

Missing clips are synthesized by up to `jobs` workers at once (an online voice spends most of its
time waiting for the network), submitted and yielded in the order the listener hears them.  Each
clip is cached the moment it exists, so an interrupted or failed render keeps what it fetched and
the next run asks only for what is missing.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Protocol

from .audio.clip import conform
from .cache import clip_key
from .engines import Engine
from .model import Script

DEFAULT_JOBS = 6
# Clips held ahead of the listener, per worker: enough that no worker idles while the head of the
# queue is slow, few enough that memory stays small however long the article is.
LOOKAHEAD_PER_JOB = 2


class Cache(Protocol):
    def get(self, key: str) -> bytes | None: ...
    def put(self, key: str, pcm: bytes) -> None: ...


@dataclass(slots=True)
class SynthesisStats:
    synthesized: int = 0
    cached: int = 0


def _make(engine: Engine, cache: Cache, key: str, text: str) -> bytes:
    pcm = conform(engine.synthesize(text))
    cache.put(key, pcm)
    return pcm


def synthesize(
    script: Script,
    engine: Engine,
    cache: Cache,
    stats: SynthesisStats,
    on_clip: Callable[[], None] = lambda: None,
    jobs: int = DEFAULT_JOBS,
) -> Iterator[bytes]:
    """Yield one clip per utterance, in order."""
    identity = engine.identity()
    todo = iter([(clip_key(identity, u.spoken), u.spoken) for u in script.utterances])
    workers = max(1, jobs) if engine.thread_safe else 1
    if workers == 1:
        for key, text in todo:
            pcm = cache.get(key)
            if pcm is None:
                pcm = _make(engine, cache, key, text)
                stats.synthesized += 1
            else:
                stats.cached += 1
            on_clip()
            yield pcm
        return

    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="narrator-synth")
    # Each entry is a cached clip or a clip being made, in listening order.
    window: deque[bytes | Future[bytes]] = deque()
    finished = False
    try:
        while True:
            while len(window) < workers * LOOKAHEAD_PER_JOB:
                item = next(todo, None)
                if item is None:
                    break
                key, text = item
                pcm = cache.get(key)
                window.append(pcm if pcm is not None else pool.submit(_make, engine, cache, key, text))
            if not window:
                break
            head = window.popleft()
            if isinstance(head, Future):
                pcm = head.result()
                stats.synthesized += 1
            else:
                pcm = head
                stats.cached += 1
            on_clip()
            yield pcm
        finished = True
    finally:
        if not finished:
            # Failed or interrupted: queued work is dropped and workers waiting to retry stop now;
            # requests already on the wire finish, so their clips are cached for the next run.
            cancel = getattr(engine, "cancel", None)
            if cancel is not None:
                cancel()
        pool.shutdown(wait=True, cancel_futures=not finished)
