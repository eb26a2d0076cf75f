"""Turn a Script into program-format clips, from the cache where possible, in listening order."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol

from .audio.clip import conform
from .cache import clip_key
from .engines import Engine
from .model import Script


class Cache(Protocol):
    def get(self, key: str) -> bytes | None: ...
    def put(self, key: str, pcm: bytes) -> None: ...


@dataclass(slots=True)
class SynthesisStats:
    synthesized: int = 0
    cached: int = 0


def synthesize(
    script: Script,
    engine: Engine,
    cache: Cache,
    stats: SynthesisStats,
    on_clip: Callable[[], None] = lambda: None,
) -> Iterator[bytes]:
    """Yield one clip per utterance; each is cached as soon as it exists, so an interrupted render
    resumes where it stopped."""
    identity = engine.identity()
    for utterance in script.utterances:
        key = clip_key(identity, utterance.spoken)
        pcm = cache.get(key)
        if pcm is None:
            pcm = conform(engine.synthesize(utterance.spoken))
            cache.put(key, pcm)
            stats.synthesized += 1
        else:
            stats.cached += 1
        on_clip()
        yield pcm
