"""The offline voice: espeak-ng's Arabic voice, called in-process through its C API.

The library and its voice data come inside the espeakng-loader wheel, so no system package is
needed.  Speech is made in a small worker process that forks a fresh copy of the initialised
library per utterance (espeak_worker.py): the same text always gives the same samples, whatever
was said before it, and a signal to the render never lands inside the library's callback.
"""

from __future__ import annotations

import atexit
import ctypes
import struct
import subprocess
import sys
import threading
from pathlib import Path
from functools import lru_cache
from typing import ClassVar

from pydub import AudioSegment

from ..errors import EngineError, EngineUnavailable
from ..text.diacritize import model_version
from ..model import WordTime
from . import Availability, EngineOptions, Speech

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_CHARS_UTF8 = 1
# espeak_TextToPhonemes' mode: mnemonics (not IPA), with this separator in bits 8-23.
_PHONEME_SEPARATOR = ord("_") << 8

# Words per minute: espeak's default (175) is brisk for news read to a phone speaker.
RATE_WPM = 160


class _Library:
    """The loaded libespeak-ng, initialised once in this process: its version, and whether it
    works here.  Speech itself comes from `_Worker` (see espeak_worker.py for why)."""

    def __init__(self) -> None:
        import espeakng_loader

        self.path = espeakng_loader.get_library_path()
        self.data_path = espeakng_loader.get_data_path()
        self.lib = ctypes.CDLL(self.path)
        self.lib.espeak_Info.restype = ctypes.c_char_p
        self.sample_rate = self.lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, self.data_path.encode(), 0)
        if self.sample_rate <= 0:
            raise EngineUnavailable("espeak-ng failed to initialise its voice data")
        self.version = (self.lib.espeak_Info(None) or b"?").decode()
        if self.lib.espeak_SetVoiceByName(b"ar") != 0:
            raise EngineUnavailable("espeak-ng has no Arabic voice in its data")

    def synthesize(self, text: str) -> bytes:
        """16-bit PCM at `sample_rate`, from the shared worker."""
        return _shared_worker(self).synthesize(text)

    def synthesize_words(self, text: str) -> tuple[bytes, tuple[WordTime, ...]]:
        """The PCM, and where each word starts (its character in `text`, its sample)."""
        return _shared_worker(self).synthesize_words(text)

    def phonemes(self, text: str) -> str:
        """espeak-ng's phoneme mnemonics for `text` (as `espeak-ng -x`), one `_` between phonemes
        and a space between words: what the voice will say, to compare readings without listening.
        Phonemizing keeps no state between calls, so this process's library serves it."""
        self.lib.espeak_TextToPhonemes.restype = ctypes.c_char_p
        self.lib.espeak_TextToPhonemes.argtypes = [ctypes.POINTER(ctypes.c_void_p), ctypes.c_int, ctypes.c_int]
        buffer = ctypes.create_string_buffer(text.encode("utf-8") + b"\0")
        pointer = ctypes.c_void_p(ctypes.addressof(buffer))
        clauses: list[str] = []
        with _PHONEMES_LOCK:
            # The call returns one clause at a time and moves the pointer on; NULL at the end.
            while pointer.value:
                clause = self.lib.espeak_TextToPhonemes(ctypes.byref(pointer), _CHARS_UTF8, _PHONEME_SEPARATOR)
                if clause:
                    clauses.append(clause.decode("utf-8", "replace").strip())
        return " ".join(c for c in clauses if c)


# espeak-ng keeps one translator per process: one phonemizing call at a time.
_PHONEMES_LOCK = threading.Lock()


class _Worker:
    """One espeak_worker.py process: each request is synthesized from espeak's pristine state."""

    def __init__(self, lib: _Library) -> None:
        script = Path(__file__).with_name("espeak_worker.py")
        try:
            self.process = subprocess.Popen(
                [sys.executable, str(script), lib.path, lib.data_path, "ar", str(RATE_WPM)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            )
        except OSError as exc:
            raise EngineUnavailable(f"cannot start the espeak-ng worker: {exc.strerror}") from None
        self.lock = threading.Lock()
        status, hello = self._answer()
        if status != 0:
            self.close()
            raise EngineUnavailable(f"espeak-ng worker: {hello.decode(errors='replace')}")
        self.sample_rate = int(hello.split()[0])

    def _read(self, size: int) -> bytes:
        assert self.process.stdout is not None
        data = self.process.stdout.read(size)
        if len(data) != size:
            raise EngineError("the espeak-ng worker stopped unexpectedly")
        return data

    def _answer(self) -> tuple[int, bytes]:
        status, size = struct.unpack("<II", self._read(8))
        return status, self._read(size)

    def synthesize(self, text: str) -> bytes:
        return self.synthesize_words(text)[0]

    def synthesize_words(self, text: str) -> tuple[bytes, tuple[WordTime, ...]]:
        data = text.encode("utf-8")
        with self.lock:
            if self.process.poll() is not None:
                raise EngineError("the espeak-ng worker stopped unexpectedly")
            assert self.process.stdin is not None
            try:
                self.process.stdin.write(struct.pack("<I", len(data)) + data)
                self.process.stdin.flush()
                status, payload = self._answer()
            except BaseException:
                # Interrupted or broken mid-answer: the stream is out of step; never reuse it.
                self.close()
                raise
        if status != 0:
            raise EngineError(f"espeak-ng failed ({payload.decode(errors='replace')}) on: {text[:60]}")
        # espeak-ng's word events (from its synthesis callback): the captions' clock.
        (count,) = struct.unpack_from("<I", payload)
        pairs = struct.unpack_from(f"<{2 * count}I", payload, 4)
        words = tuple(WordTime(pairs[i], pairs[i + 1]) for i in range(0, len(pairs), 2))
        return payload[4 + 8 * count:], words

    def close(self) -> None:
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                try:
                    stream.close()
                except OSError:
                    pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


_WORKER_LOCK = threading.Lock()
_worker: _Worker | None = None


def _shared_worker(lib: _Library) -> _Worker:
    """One worker per process, started on first use and replaced if it stopped."""
    global _worker
    with _WORKER_LOCK:
        if _worker is None or _worker.process.poll() is not None or _worker.process.stdin.closed:  # type: ignore[union-attr]
            _worker = _Worker(lib)
            atexit.register(_worker.close)
        return _worker


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
        # "words": clips cached before word times were kept are made again, with them.
        return f"espeak-ng {self._lib.version}; voice ar; rate {RATE_WPM}; {model_version()}; words"

    def synthesize(self, text: str) -> Speech:
        worker = _shared_worker(self._lib)
        pcm, words = worker.synthesize_words(text)
        audio = AudioSegment(data=pcm, sample_width=2, frame_rate=worker.sample_rate, channels=1)
        return Speech(audio, words)
