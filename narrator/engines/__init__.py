"""Speech engines: each turns one string into one clip and knows nothing of chapters or files.

A new engine is one module with a class following `Engine`, plus one line in `REGISTRY`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar, Protocol

from pydub import AudioSegment

from ..config import VoiceSettings
from ..errors import EngineUnavailable
from ..model import WordTime


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
    # edge: the voice's short name (None: the default Arabic voice), speaking rate and pitch.
    voice: str | None = None
    rate: str = "+0%"
    pitch: str = "+0Hz"


@dataclass(frozen=True, slots=True)
class Speech:
    """What an engine may return instead of a bare clip: the clip and where its words start
    (samples at the clip's own rate, counted from its first sample)."""

    audio: AudioSegment
    words: tuple[WordTime, ...] = ()


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

    def synthesize(self, text: str) -> AudioSegment | Speech: ...


# Optional capabilities, looked up with getattr so offline engines need not declare them:
#   online: ClassVar[bool]  availability(options) depends on the options (which host) and the network
#   cancel(self) -> None     stop waiting between retries once a render has failed


def _registry() -> dict[str, type]:
    from .edge import EdgeEngine
    from .espeak import EspeakEngine
    from .fake import FakeEngine
    from .gtts import GttsEngine

    return {"espeak": EspeakEngine, "gtts": GttsEngine, "edge": EdgeEngine, "fake": FakeEngine}


# Engines shown to users; "fake" exists for tests and is accepted but not advertised.
PUBLIC_ENGINES = ("espeak", "gtts", "edge")


def engine_class(name: str) -> type:
    try:
        return _registry()[name]
    except KeyError:
        raise EngineUnavailable(f"unknown engine {name!r}") from None


def state(cls: type, options: EngineOptions = EngineOptions()) -> Availability:
    """Whether an engine is usable here; an online engine is asked about the host it would use."""
    return cls.availability(options) if getattr(cls, "online", False) else cls.availability()


def with_language(engine: Engine, language: str) -> Engine:
    """The same voice for an article in another language (front matter `language`)."""
    options = getattr(engine, "options", None)
    if not language or not isinstance(options, EngineOptions) or options.language == language:
        return engine
    return type(engine)(replace(options, language=language))


def voice_choice(
    engine: str, voice: str | None, settings: VoiceSettings, options: EngineOptions
) -> tuple[str, EngineOptions]:
    """The engine to ask for and its options, from the command line first, then narrator.toml's
    [voice] (`settings`: engine, name, rate, pitch).  `auto` stays auto unless the file names an
    engine or a voice is given (voice names are edge's)."""
    if engine == "auto":
        engine = settings.engine or ("edge" if voice else "auto")
    options = replace(
        options,
        voice=voice or settings.name,
        rate=settings.rate or options.rate,
        pitch=settings.pitch or options.pitch,
    )
    return engine, options


def create(name: str, options: EngineOptions = EngineOptions()) -> tuple[Engine, str]:
    """The engine to use and why; `auto` prefers gTTS when Google answers, else espeak."""
    if name == "auto":
        gtts_state = state(engine_class("gtts"), options)
        if gtts_state.usable:
            return engine_class("gtts")(options), f"auto: chose gtts ({gtts_state.reason})"
        chosen = engine_class("espeak")
        espeak_state = chosen.availability()
        if not espeak_state.usable:
            raise EngineUnavailable(
                f"no engine is usable: gtts: {gtts_state.reason}; espeak: {espeak_state.reason}"
            )
        return chosen(options), f"auto: chose espeak (offline voice) because gtts is unusable: {gtts_state.reason}"
    cls = engine_class(name)
    found = state(cls, options)
    if not found.usable:
        hint = "; use --engine espeak for the offline voice" if getattr(cls, "online", False) else ""
        raise EngineUnavailable(f"engine {name} is unusable: {found.reason}{hint}")
    return cls(options), f"engine {name} ({found.reason})"
