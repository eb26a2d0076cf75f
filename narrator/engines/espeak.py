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
from . import Availability, EngineOptions

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_PARAM_RATE = 1
# espeak_TextToPhonemes' mode: mnemonics (not IPA), with this separator in bits 8-23.
_PHONEME_SEPARATOR = ord("_") << 8
_SYNTH_CALLBACK = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
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
        # Keep a reference: ctypes frees the trampoline when the Python object dies.
        self._callback = _SYNTH_CALLBACK(self._collect)
        self.lib.espeak_SetSynthCallback(self._callback)
        if self.lib.espeak_SetVoiceByName(b"ar") != 0:
            raise EngineUnavailable("espeak-ng has no Arabic voice in its data")
        self.lib.espeak_SetParameter(_PARAM_RATE, RATE_WPM, 0)
        self.lock = threading.Lock()

    def _collect(self, wav: ctypes.Array, count: int, _events: ctypes.c_void_p) -> int:
        if count > 0:
            self._buffer.extend(ctypes.string_at(wav, count * 2))
        return 0

    def synthesize(self, text: str) -> bytes:
        data = text.encode("utf-8")
        with self.lock:
            self._buffer.clear()
            status = self.lib.espeak_Synth(
                ctypes.c_char_p(data), ctypes.c_size_t(len(data) + 1),
                0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None,
            )
            if status != 0:
                raise EngineError(f"espeak-ng failed (status {status}) on: {text[:60]}")
            return bytes(self._buffer)

    def phonemes(self, text: str) -> str:
        """espeak-ng's phoneme mnemonics for `text` (as `espeak-ng -x`), one `_` between phonemes
        and a space between words: what the voice will say, to compare readings without listening."""
        self.lib.espeak_TextToPhonemes.restype = ctypes.c_char_p
        self.lib.espeak_TextToPhonemes.argtypes = [ctypes.POINTER(ctypes.c_void_p), ctypes.c_int, ctypes.c_int]
        buffer = ctypes.create_string_buffer(text.encode("utf-8") + b"\0")
        pointer = ctypes.c_void_p(ctypes.addressof(buffer))
        clauses: list[str] = []
        with self.lock:
            # The call returns one clause at a time and moves the pointer on; NULL at the end.
            while pointer.value:
                clause = self.lib.espeak_TextToPhonemes(ctypes.byref(pointer), _CHARS_UTF8, _PHONEME_SEPARATOR)
                if clause:
                    clauses.append(clause.decode("utf-8", "replace").strip())
        return " ".join(c for c in clauses if c)


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


def phonemize(text: str) -> str:
    """The phonemes the offline voice says for `text` (see `_Library.phonemes`)."""
    return _library().phonemes(text)


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
        return f"espeak-ng {self._lib.version}; voice ar; rate {RATE_WPM}; {model_version()}"

    def synthesize(self, text: str) -> AudioSegment:
        pcm = self._lib.synthesize(text)
        return AudioSegment(data=pcm, sample_width=2, frame_rate=self._lib.sample_rate, channels=1)
