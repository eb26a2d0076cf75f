"""The offline voice: espeak-ng's Arabic voice, called in-process through its C API.

The library and its voice data come inside the espeakng-loader wheel, so no system package is
needed.  espeak-ng keeps one global synthesizer per process, hence the lock and `thread_safe=False`.
"""

from __future__ import annotations

import ctypes
import threading
from functools import lru_cache
from typing import ClassVar

from pydub import AudioSegment

from ..errors import EngineError, EngineUnavailable
from ..text.diacritize import model_version
from ..model import WordTime
from . import Availability, EngineOptions, Speech

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_PARAM_RATE = 1
_EVENT_LIST_TERMINATED = 0
_EVENT_WORD = 1


class _Event(ctypes.Structure):
    """espeak_EVENT (speak_lib.h): what the synthesis callback is told besides the samples."""

    _fields_ = [
        ("type", ctypes.c_int),
        ("unique_identifier", ctypes.c_uint),
        ("text_position", ctypes.c_int),  # 1-based, in characters of the text given
        ("length", ctypes.c_int),
        ("audio_position", ctypes.c_int),  # ms from the start of this synthesis
        ("sample", ctypes.c_int),
        ("user_data", ctypes.c_void_p),
        ("id", ctypes.c_char * 8),
    ]


_SYNTH_CALLBACK = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(_Event)
)

# Words per minute: espeak's default (175) is brisk for news read to a phone speaker.
RATE_WPM = 160


class _Library:
    """The loaded libespeak-ng, initialised once; synthesis collects PCM through a callback."""

    def __init__(self) -> None:
        import espeakng_loader

        self.lib = ctypes.CDLL(espeakng_loader.get_library_path())
        self.lib.espeak_Info.restype = ctypes.c_char_p
        data = espeakng_loader.get_data_path().encode()
        self.sample_rate = self.lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, data, 0)
        if self.sample_rate <= 0:
            raise EngineUnavailable("espeak-ng failed to initialise its voice data")
        self.version = (self.lib.espeak_Info(None) or b"?").decode()
        self._buffer = bytearray()
        self._words: list[WordTime] = []
        # Keep a reference: ctypes frees the trampoline when the Python object dies.
        self._callback = _SYNTH_CALLBACK(self._collect)
        self.lib.espeak_SetSynthCallback(self._callback)
        if self.lib.espeak_SetVoiceByName(b"ar") != 0:
            raise EngineUnavailable("espeak-ng has no Arabic voice in its data")
        self.lib.espeak_SetParameter(_PARAM_RATE, RATE_WPM, 0)
        self.lock = threading.Lock()

    def _collect(self, wav: ctypes.Array, count: int, events: ctypes.Array) -> int:
        if count > 0:
            self._buffer.extend(ctypes.string_at(wav, count * 2))
        index = 0
        while events and events[index].type != _EVENT_LIST_TERMINATED:
            event = events[index]
            if event.type == _EVENT_WORD:
                sample = event.audio_position * self.sample_rate // 1000
                self._words.append(WordTime(max(0, event.text_position - 1), sample))
            index += 1
        return 0

    def synthesize(self, text: str) -> bytes:
        return self.synthesize_words(text)[0]

    def synthesize_words(self, text: str) -> tuple[bytes, tuple[WordTime, ...]]:
        """PCM, and where each word starts (its character in `text`, its sample)."""
        data = text.encode("utf-8")
        with self.lock:
            self._buffer.clear()
            self._words.clear()
            status = self.lib.espeak_Synth(
                ctypes.c_char_p(data), ctypes.c_size_t(len(data) + 1),
                0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None,
            )
            if status != 0:
                raise EngineError(f"espeak-ng failed (status {status}) on: {text[:60]}")
            return bytes(self._buffer), tuple(self._words)


_LOADING = threading.Lock()


@lru_cache(maxsize=1)
def _unlocked_library() -> _Library:
    try:
        return _Library()
    except OSError as exc:
        raise EngineUnavailable(f"cannot load libespeak-ng: {exc}") from None
    except ImportError:
        raise EngineUnavailable("the espeakng-loader package is missing; reinstall narrator") from None


def _library() -> _Library:
    """The library, initialised once: lru_cache alone would let two threads initialise it at
    once, and espeak-ng's initialisation is not reentrant."""
    with _LOADING:
        return _unlocked_library()


class EspeakEngine:
    name: ClassVar[str] = "espeak"
    # espeak-ng has no request limit; sentences are its natural unit, long ones cut at clauses.
    max_chars: ClassVar[int] = 400
    needs_diacritics: ClassVar[bool] = True
    thread_safe: ClassVar[bool] = False
    # The Arabic voice only (engines without this attribute take any language).
    languages: ClassVar[frozenset[str]] = frozenset({"ar"})

    def __init__(self, options: EngineOptions = EngineOptions()) -> None:
        self.options = options
        self._lib = _library()

    @classmethod
    def availability(cls) -> Availability:
        try:
            lib = _library()
        except EngineUnavailable as exc:
            return Availability(False, str(exc))
        return Availability(True, f"espeak-ng {lib.version}, Arabic voice, offline")

    def identity(self) -> str:
        # "words": clips cached before word times were kept are made again, with them.
        return f"espeak-ng {self._lib.version}; voice ar; rate {RATE_WPM}; {model_version()}; words"

    def synthesize(self, text: str) -> Speech:
        pcm, words = self._lib.synthesize_words(text)
        audio = AudioSegment(data=pcm, sample_width=2, frame_rate=self._lib.sample_rate, channels=1)
        return Speech(audio, words)
