"""The online voice: Google Translate's text-to-speech through the gtts package.

gtts speaks the protocol; narrator cuts the text itself (at most 100 characters, at clause
boundaries) so gtts's own tokenizer never has to cut Arabic mid-phrase.
"""

from __future__ import annotations

import io
from importlib.metadata import version
from typing import ClassVar

from pydub import AudioSegment

from ..audio.ffmpeg import ffmpeg_exe
from ..errors import EngineError
from . import Availability, EngineOptions

PROBE_TIMEOUT_S = 2.0


def endpoint(tld: str = "com") -> str:
    return f"https://translate.google.{tld}/"


def probe(tld: str = "com", timeout: float = PROBE_TIMEOUT_S) -> Availability:
    """Does Google's endpoint answer within `timeout`?  Uses requests, as gtts does, so the
    same proxy settings apply."""
    import requests

    url = endpoint(tld)
    try:
        requests.head(url, timeout=timeout, allow_redirects=False)
    except requests.RequestException as exc:
        kind = type(exc).__name__
        return Availability(False, f"{url} did not answer within {timeout:g} s ({kind})")
    return Availability(True, f"{url} answered")


class GttsEngine:
    name: ClassVar[str] = "gtts"
    max_chars: ClassVar[int] = 100
    needs_diacritics: ClassVar[bool] = False
    thread_safe: ClassVar[bool] = True

    def __init__(self, options: EngineOptions = EngineOptions()) -> None:
        self.options = options

    @classmethod
    def availability(cls, tld: str = "com") -> Availability:
        return probe(tld)

    def identity(self) -> str:
        o = self.options
        return f"gtts {version('gtts')}; lang {o.language}; tld {o.tld}; slow {o.slow}"

    def synthesize(self, text: str) -> AudioSegment:
        from gtts import gTTS, gTTSError

        buffer = io.BytesIO()
        try:
            gTTS(text, lang=self.options.language, tld=self.options.tld, slow=self.options.slow).write_to_fp(buffer)
        except (gTTSError, AssertionError) as exc:
            raise EngineError(f"gtts failed: {exc}") from None
        AudioSegment.converter = ffmpeg_exe()
        buffer.seek(0)
        return AudioSegment.from_file(buffer, format="mp3", codec="mp3")
