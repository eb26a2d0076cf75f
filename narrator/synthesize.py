"""Turn a Script into program-format clips, from the cache where possible, in listening order.

Missing clips are synthesized by up to `jobs` workers at once (an online voice spends most of its
time waiting for the network), submitted and yielded in the order the listener hears them.  Each
clip is cached the moment it exists, so an interrupted or failed render keeps what it fetched and
the next run asks only for what is missing.

An interruption stops it between utterances (`signals.check`): the main thread checks before each
clip, and a worker checks before it starts one, so only the utterances already being made finish.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Protocol

from . import signals
from .audio.clip import conform_clip
from .cache import clip_key
from .engines import Engine
from .model import Clip, Script

DEFAULT_JOBS = 6
# Clips held ahead of the listener, per worker: enough that no worker idles while the head of the
# queue is slow, few enough that memory stays small however long the article is.
LOOKAHEAD_PER_JOB = 2


class Cache(Protocol):
    def get(self, key: str) -> Clip | None: ...
    def put(self, key: str, clip: Clip) -> None: ...


@dataclass(slots=True)
class SynthesisStats:
    synthesized: int = 0
    cached: int = 0


def _make(engine: Engine, cache: Cache, key: str, text: str) -> Clip:
    signals.check()  # queued before the signal, not started: not worth making
    clip = conform_clip(engine.synthesize(text))
    cache.put(key, clip)
    return clip


def synthesize(
    script: Script,
    engine: Engine,
    cache: Cache,
    stats: SynthesisStats,
    on_clip: Callable[[], None] = lambda: None,
    jobs: int = DEFAULT_JOBS,
) -> Iterator[Clip]:
    """Yield one clip per utterance, in order."""
    identity = engine.identity()
    todo = iter([(clip_key(identity, u.spoken), u.spoken) for u in script.utterances])
    workers = max(1, jobs) if engine.thread_safe else 1
    if workers == 1:
        for key, text in todo:
            signals.check()
            clip = cache.get(key)
            if clip is None:
                clip = _make(engine, cache, key, text)
                stats.synthesized += 1
            else:
                stats.cached += 1
            on_clip()
            yield clip
        return

    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="narrator-synth")
    # Each entry is a cached clip or a clip being made, in listening order.
    window: deque[Clip | Future[Clip]] = deque()
    finished = False
    try:
        while True:
            while len(window) < workers * LOOKAHEAD_PER_JOB:
                signals.check()
                item = next(todo, None)
                if item is None:
                    break
                key, text = item
                clip = cache.get(key)
                window.append(clip if clip is not None else pool.submit(_make, engine, cache, key, text))
            if not window:
                break
            head = window.popleft()
            if isinstance(head, Future):
                clip = head.result()
                stats.synthesized += 1
            else:
                clip = head
                stats.cached += 1
            on_clip()
            yield clip
        finished = True
    finally:
        if not finished:
            # Failed or interrupted: queued work is dropped and workers waiting to retry stop now;
            # requests already on the wire finish, so their clips are cached for the next run.
            cancel = getattr(engine, "cancel", None)
            if cancel is not None:
                cancel()
        pool.shutdown(wait=True, cancel_futures=not finished)
