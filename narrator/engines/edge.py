"""Microsoft Edge's neural voices (the browser's read-aloud service) through the edge-tts package.

edge-tts speaks the protocol: a websocket to speech.platform.bing.com carrying a `speech.config`
message and one SSML request, answered by binary frames of 24 kHz mono MP3 (48 kbps), `audio.metadata`
messages with a WordBoundary per word (offset and duration in 100 ns ticks from the start of the
audio) and `turn.end`.  Each connection carries a Sec-MS-GEC token derived from the clock; when the
service refuses it (403, a skewed clock), edge-tts corrects its clock from the answer's Date header and
tries once more by itself.

narrator puts its own discipline around it, as for gtts (`retry`): one request per utterance (the
text stage cuts at sentence and clause boundaries, far inside the service's 4096 bytes and ten
minutes of audio a request), retries with backoff on throttling, refusals, dropped connections and
answers without audio, and each answer decoded to PCM on its own.  The word boundaries come back as
`WordTime`s, so captions can be cut into short lines with exact times.

Where it connects: edge-tts has no endpoint argument, and its certificate check uses certifi's
bundle only, so no proxy can stand in for the service over TLS.  Its endpoint is the module constant
`WSS_URL` (and `VOICE_LIST`), imported by name into `edge_tts.communicate` and `edge_tts.voices`.
`NARRATOR_EDGE_URL` (the readaloud base, e.g. `ws://127.0.0.1:8765/consumer/speech/synthesize/readaloud`)
points both there: the tests' stand-in, or a relay of one's own.  Proxies in the environment are
honoured by edge-tts itself (aiohttp's trust_env): WSS_PROXY for the websocket (aiohttp looks up
the proxy by the URL's scheme), HTTPS_PROXY for the voice list.
"""

from __future__ import annotations

import asyncio
import os
import re
import socket
import time
import urllib.request
from dataclasses import dataclass
from importlib.metadata import version
from typing import Any, ClassVar
from urllib.parse import urlsplit

from ..audio.clip import decode
from ..errors import AudioError, EngineError, EngineUnavailable
from ..model import WordTime
from . import Availability, EngineOptions, Speech
from .retry import Retrier, Retryable, RetryPolicy, gave_up, parse_retry_after

SERVICE = "Microsoft Edge's read-aloud service"
DEFAULT_HOST = "speech.platform.bing.com"
ENDPOINT_ENV = "NARRATOR_EDGE_URL"
DEFAULT_VOICE = "ar-SA-HamedNeural"
TICKS_PER_SECOND = 10_000_000
PROBE_TIMEOUT_S = 2.0
# Whole answer, however long: beyond this the connection is treated as dropped.
ANSWER_TIMEOUT_S = 60.0

_VOICE = re.compile(r"^[a-z]{2,3}-[A-Z]{2}(?:-[A-Za-z]+)?-[A-Za-z]+Neural$")
_RATE = re.compile(r"^[+-]\d{1,3}%$")
_PITCH = re.compile(r"^[+-]\d{1,3}Hz$")


@dataclass(frozen=True, slots=True)
class VoiceInfo:
    name: str
    locale: str
    gender: str


def _table(rows: str) -> tuple[VoiceInfo, ...]:
    voices = []
    for row in rows.split():
        locale_code, female, male = row.split(":")
        voices += [VoiceInfo(f"{locale_code}-{female}Neural", locale_code, "Female"),
                   VoiceInfo(f"{locale_code}-{male}Neural", locale_code, "Male")]
    return tuple(voices)


# The service's Arabic voices (its voice list, 2025): shown by `narrate voices` when it cannot be asked.
ARABIC_VOICES = _table(
    "ar-AE:Fatima:Hamdan ar-BH:Laila:Ali ar-DZ:Amina:Ismael ar-EG:Salma:Shakir ar-IQ:Rana:Bassel "
    "ar-JO:Sana:Taim ar-KW:Noura:Fahed ar-LB:Layla:Rami ar-LY:Iman:Omar ar-MA:Mouna:Jamal "
    "ar-OM:Aysha:Abdullah ar-QA:Amal:Moaz ar-SA:Zariyah:Hamed ar-SY:Amany:Laith ar-TN:Reem:Hedi "
    "ar-YE:Maryam:Saleh"
)


def endpoint_base() -> str | None:
    return os.environ.get(ENDPOINT_ENV) or None


def host() -> str:
    base = endpoint_base()
    return base.split("/")[2] if base and base.count("/") >= 2 else DEFAULT_HOST


def _point_library_at_endpoint() -> None:
    """Set edge-tts's endpoint constants from NARRATOR_EDGE_URL (or back to the service's)."""
    import edge_tts.communicate
    import edge_tts.constants as constants
    import edge_tts.voices

    base = endpoint_base()
    if base is None:
        wss, voices = constants.WSS_URL, constants.VOICE_LIST
    else:
        base = base.rstrip("/")
        token = constants.TRUSTED_CLIENT_TOKEN
        wss = f"{base}/edge/v1?TrustedClientToken={token}"
        http_base = re.sub(r"^ws", "http", base)
        voices = f"{http_base}/voices/list?trustedclienttoken={token}"
    edge_tts.communicate.WSS_URL = wss  # type: ignore[attr-defined]
    edge_tts.voices.VOICE_LIST = voices  # type: ignore[attr-defined]


def fetch_voices(timeout: float = PROBE_TIMEOUT_S) -> tuple[VoiceInfo, ...]:
    """Every voice the service offers, from its voice list; EngineUnavailable when it cannot be asked."""
    try:
        import aiohttp
        import edge_tts
    except ImportError:
        raise EngineUnavailable("the edge-tts package is missing; reinstall narrator") from None
    _point_library_at_endpoint()
    try:
        listed = asyncio.run(asyncio.wait_for(edge_tts.list_voices(), timeout))
    except (asyncio.TimeoutError, TimeoutError):
        raise EngineUnavailable(f"cannot reach {host()}: no answer within {timeout:g} s") from None
    except aiohttp.ClientResponseError as exc:
        raise EngineUnavailable(f"{host()} answered {exc.status} {exc.message}") from None
    except (aiohttp.ClientError, OSError, ValueError) as exc:
        raise EngineUnavailable(f"cannot reach {host()} ({type(exc).__name__})") from None
    return tuple(VoiceInfo(v["ShortName"], v["Locale"], v["Gender"]) for v in listed)


def _reach(timeout: float) -> Availability:
    """Does the host that synthesis will connect to (or the WSS_PROXY in front of it) accept a
    connection?  One round trip, no request: what a known voice needs to know before rendering."""
    base = endpoint_base() or f"wss://{DEFAULT_HOST}"
    proxy = urllib.request.getproxies().get("wss") if not urllib.request.proxy_bypass(host().split(":")[0]) else None
    target = urlsplit(proxy or base)
    port = target.port or (443 if target.scheme in ("wss", "https") else 80)
    started = time.monotonic()
    try:
        socket.create_connection((target.hostname or DEFAULT_HOST, port), timeout=timeout).close()
    except OSError as exc:
        via = f" via proxy {proxy}" if proxy else ""
        waited = f": no answer within {timeout:g} s" if isinstance(exc, TimeoutError) else ""
        return Availability(False, f"{SERVICE}: cannot reach {host()}{via}{waited} ({type(exc).__name__})")
    elapsed = time.monotonic() - started
    return Availability(True, f"{host()} reachable in {elapsed:.1f} s")


def probe(voice: str, timeout: float = PROBE_TIMEOUT_S) -> Availability:
    """Does the service answer, and does it have the voice?  A voice of the built-in table needs
    only the host to be reachable; another one is looked up in the service's voice list."""
    if voice in {v.name for v in ARABIC_VOICES}:
        reached = _reach(timeout)
        if not reached.usable:
            return reached
        return Availability(True, f"{reached.reason}; voice {voice}")
    started = time.monotonic()
    try:
        voices = fetch_voices(timeout)
    except EngineUnavailable as exc:
        return Availability(False, f"{SERVICE}: {exc}")
    if voices and voice not in {v.name for v in voices}:
        return Availability(False, f"{SERVICE} has no voice {voice!r} (see: narrate voices)")
    elapsed = time.monotonic() - started
    return Availability(True, f"{host()} answered in {elapsed:.1f} s; voice {voice}")


def word_times(text: str, events: list[tuple[int, str]], rate: int) -> tuple[WordTime, ...]:
    """WordBoundary events (offset in ticks, word) as positions in `text` and samples at `rate`.
    Words are found in order; one the service spelled differently is skipped, not guessed."""
    out: list[WordTime] = []
    cursor = 0
    for ticks, word in events:
        found = text.find(word, cursor) if word else -1
        if found < 0:
            continue
        out.append(WordTime(found, ticks * rate // TICKS_PER_SECOND))
        cursor = found + len(word)
    return tuple(out)


class EdgeEngine:
    name: ClassVar[str] = "edge"
    # One sentence (or clause) a request, as for the other voices, so our pauses are the pauses
    # heard.  Well inside the service's 4096 bytes even if every character became an XML entity.
    max_chars: ClassVar[int] = 600
    needs_diacritics: ClassVar[bool] = False
    thread_safe: ClassVar[bool] = True
    online: ClassVar[bool] = True

    def __init__(
        self,
        options: EngineOptions = EngineOptions(),
        policy: RetryPolicy = RetryPolicy(),
        retrier: Retrier | None = None,
    ) -> None:
        self.options = options
        self.policy = policy
        self.voice = options.voice or DEFAULT_VOICE
        if not _VOICE.match(self.voice):
            raise EngineUnavailable(f"edge: {self.voice!r} is not a voice name like {DEFAULT_VOICE}")
        if not _RATE.match(options.rate):
            raise EngineUnavailable(f"edge: rate {options.rate!r} should look like +0%, -10% or +15%")
        if not _PITCH.match(options.pitch):
            raise EngineUnavailable(f"edge: pitch {options.pitch!r} should look like +0Hz or -5Hz")
        self._retrier = retrier or Retrier("edge", policy)

    @classmethod
    def availability(cls, options: EngineOptions = EngineOptions()) -> Availability:
        return probe(options.voice or DEFAULT_VOICE)

    @property
    def requests(self) -> int:
        return self._retrier.requests

    def identity(self) -> str:
        o = self.options
        return f"edge-tts {version('edge-tts')}; voice {self.voice}; rate {o.rate}; pitch {o.pitch}"

    def cancel(self) -> None:
        self._retrier.cancel()

    def synthesize(self, text: str) -> Speech:
        service = f"{SERVICE} ({host()})"
        return self._retrier.run(
            lambda: self._fetch(text), lambda failure: gave_up("edge", service, self.policy.tries, text, failure)
        )

    def _fetch(self, text: str) -> Speech:
        import aiohttp
        import edge_tts
        from edge_tts import exceptions

        _point_library_at_endpoint()
        connect_s, read_s = self.policy.timeout_s
        communicate = edge_tts.Communicate(
            text, self.voice, rate=self.options.rate, pitch=self.options.pitch,
            boundary="WordBoundary", connect_timeout=max(1, round(connect_s)),
            receive_timeout=max(1, round(read_s)),
        )
        audio = bytearray()
        events: list[tuple[int, str]] = []
        heard_until = 0  # ticks: the end of the last word the service announced

        async def collect() -> None:
            nonlocal heard_until
            chunk: Any
            async for chunk in communicate.stream():
                if chunk["type"] == "audio":
                    audio.extend(chunk["data"])
                elif chunk["type"] == "WordBoundary":
                    events.append((int(chunk["offset"]), str(chunk["text"])))
                    heard_until = int(chunk["offset"]) + int(chunk["duration"])

        try:
            asyncio.run(asyncio.wait_for(collect(), ANSWER_TIMEOUT_S))
        except aiohttp.ClientResponseError as exc:
            raise _classify(exc) from None
        except aiohttp.ClientConnectorError as exc:
            raise Retryable(f"cannot reach {host()} ({type(exc).__name__})") from None
        except (aiohttp.ClientError, asyncio.TimeoutError, TimeoutError, OSError) as exc:
            raise Retryable(f"the connection failed ({type(exc).__name__})") from None
        except exceptions.NoAudioReceived:
            raise Retryable("an answer without audio") from None
        except exceptions.EdgeTTSException as exc:
            raise Retryable(f"an answer edge-tts could not read ({type(exc).__name__})") from None
        try:
            clip = decode(bytes(audio), "mp3")
        except AudioError as exc:
            raise Retryable(f"undecodable audio ({exc})") from None
        words = word_times(text, events, clip.frame_rate)
        # edge-tts ends quietly when the connection is lost before turn.end: the clip would be cut.
        if _cut_short(text, words, events, heard_until, len(clip)):
            raise Retryable("the connection was lost before the end of the answer")
        return Speech(clip, words)


_WORD = re.compile(r"[^\s.,،؛؟!?:;«»\"'()]+")


def _cut_short(
    text: str, words: tuple[WordTime, ...], events: list[tuple[int, str]], heard_until: int, clip_ms: int
) -> bool:
    """Whether an answer stops before its text does: two or more words after the last one announced,
    or audio ending well before the last announced word does."""
    if not events:
        return False
    last = words[-1].offset if words else 0
    if len(_WORD.findall(text[last:])) > 2:
        return True
    return heard_until * 1000 // TICKS_PER_SECOND > clip_ms + 100


def _classify(exc: Any) -> Exception:
    """A refused connection as retryable (throttling, server trouble, a token refused) or final."""
    status = exc.status
    retry_after = parse_retry_after((exc.headers or {}).get("Retry-After"))
    if status == 429:
        return Retryable(f"429: {SERVICE} is throttling", retry_after)
    if status == 403:
        # The token is made from the clock; edge-tts corrected its clock once already.  The service
        # also refuses now and then for no reason it tells: worth a few more tries.
        return Retryable("403: the service refused the connection token (clock skew?)", retry_after)
    if status >= 500:
        return Retryable(f"{status} {exc.message}", retry_after)
    return EngineError(f"edge: {host()} answered {status} {exc.message}; edge-tts may need an update")
