"""Speech engines: each turns one string into one clip and knows nothing of chapters or files.

A new engine is one module with a class following `Engine`, plus one line in `REGISTRY`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Protocol

from pydub import AudioSegment

from ..errors import EngineUnavailable


@dataclass(frozen=True, slots=True)
class Availability:
    usable: bool
    reason: str


@dataclass(frozen=True, slots=True)
class EngineOptions:
    """Options an engine may read; `None` means the engine's own default."""

    language: str = "ar"
    tld: str = "com"
    slow: bool = False


class Engine(Protocol):
    name: ClassVar[str]
    # The longest text one request may carry; the text stage cuts at clause boundaries to fit.
    max_chars: ClassVar[int]
    # Whether the engine needs tashkeel added before it can pronounce Arabic.
    needs_diacritics: ClassVar[bool]
    # Whether synthesize() may run in several threads at once.
    thread_safe: ClassVar[bool]

    @classmethod
    def availability(cls) -> Availability: ...

    def identity(self) -> str:
        """Everything that changes the sound besides the text: part of every cache key."""
        ...

    def synthesize(self, text: str) -> AudioSegment: ...




def _registry() -> dict[str, type]:
    from .espeak import EspeakEngine
    from .fake import FakeEngine
    from .gtts import GttsEngine

    return {"espeak": EspeakEngine, "gtts": GttsEngine, "fake": FakeEngine}


# Engines shown to users; "fake" exists for tests and is accepted but not advertised.
PUBLIC_ENGINES = ("espeak", "gtts")


def engine_class(name: str) -> type:
    try:
        return _registry()[name]
    except KeyError:
        raise EngineUnavailable(f"unknown engine {name!r}") from None


def create(name: str, options: EngineOptions = EngineOptions()) -> tuple[Engine, str]:
    """The engine to use and why; `auto` prefers gTTS when Google answers, else espeak."""
    if name == "auto":
        gtts_state = engine_class("gtts").availability()
        if gtts_state.usable:
            return engine_class("gtts")(options), f"auto: chose gtts ({gtts_state.reason})"
        chosen = engine_class("espeak")
        state = chosen.availability()
        if not state.usable:
            raise EngineUnavailable(
                f"no engine is usable: gtts: {gtts_state.reason}; espeak: {state.reason}"
            )
        return chosen(options), f"auto: chose espeak (offline voice) because gtts is unusable: {gtts_state.reason}"
    cls = engine_class(name)
    state = cls.availability()
    if not state.usable:
        hint = " (try --engine espeak)" if name == "gtts" else ""
        raise EngineUnavailable(f"engine {name} is unusable: {state.reason}{hint}")
    return cls(options), f"engine {name} ({state.reason})"
