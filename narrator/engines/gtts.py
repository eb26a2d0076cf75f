"""The online voice: Google Translate's text-to-speech through the gtts package.

gtts speaks the protocol (the batchexecute form, the `jQ1olc` answer); narrator puts its own
discipline around it.  The text stage cuts the text into pieces of at most `max_chars` at clause
boundaries, so gtts's tokenizer never cuts Arabic mid-phrase and each piece is one request.
Every request is retried on throttling (429), server errors, timeouts and answers without audio,
with exponential backoff and jitter, honouring Retry-After; each answer is decoded to PCM on its own.
"""

from __future__ import annotations

import random
import threading
import time
import urllib.request
import warnings
from dataclasses import dataclass
from functools import reduce
from importlib.metadata import version
from typing import ClassVar

from pydub import AudioSegment

from ..audio.clip import decode
from ..errors import AudioError, EngineError, EngineUnavailable
from ..sources.fetch import retry_after_seconds as parse_retry_after
from . import Availability, EngineOptions

PROBE_TIMEOUT_S = 2.0


def host(tld: str = "com") -> str:
    return f"translate.google.{tld}"


def endpoint(tld: str = "com") -> str:
    return f"https://{host(tld)}/"


def _proxy_note(proxies: dict[str, str]) -> str:
    proxy = proxies.get("https")
    return f" via proxy {proxy}" if proxy else ""


def probe(tld: str = "com", timeout: float = PROBE_TIMEOUT_S) -> Availability:
    """Does Google's host answer within `timeout`?  The probe goes through the same stack as gtts's
    own requests (requests, the proxies urllib finds in the environment, no certificate check), so
    what it finds is what synthesis will meet."""
    try:
        import requests
        from gtts import gTTS
    except ImportError:
        return Availability(False, "the gtts package is missing; reinstall narrator")
    proxies = urllib.request.getproxies()
    request = requests.Request("HEAD", endpoint(tld), headers=gTTS.GOOGLE_TTS_HEADERS).prepare()
    started = time.monotonic()
    try:
        with warnings.catch_warnings(), requests.Session() as session:
            warnings.simplefilter("ignore")  # urllib3's InsecureRequestWarning: gtts disables it too
            answer = session.send(request, verify=False, proxies=proxies, timeout=timeout)
    except requests.RequestException as exc:
        waited = f": no answer within {timeout:g} s" if isinstance(exc, requests.Timeout) else ""
        return Availability(
            False, f"cannot reach {host(tld)}{_proxy_note(proxies)}{waited} ({type(exc).__name__})"
        )
    elapsed = time.monotonic() - started
    return Availability(
        True, f"{host(tld)} answered (HTTP {answer.status_code}) in {elapsed:.1f} s{_proxy_note(proxies)}"
    )


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How hard one piece is tried before the render gives up."""

    tries: int = 6
    # Backoff before try n+1 is drawn from [b/2, b] with b = base * 2**(n-1), capped: the jitter keeps
    # parallel workers that failed together from retrying together.
    base_s: float = 0.5
    cap_s: float = 16.0
    # Google may ask for a long wait; beyond this a user is better served by the error message.
    retry_after_cap_s: float = 60.0
    # (connect, read): Google answers a short piece in well under a second.
    timeout_s: tuple[float, float] = (5.0, 15.0)

    def delay(self, failed_tries: int, retry_after: float | None, rng: random.Random) -> float:
        ceiling = min(self.cap_s, self.base_s * 2 ** (failed_tries - 1))
        jittered = rng.uniform(ceiling / 2, ceiling)
        if retry_after is None:
            return jittered
        return max(min(retry_after, self.retry_after_cap_s), jittered)


class _Retryable(Exception):
    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


class _Throttle:
    """When Google says "wait", every worker waits, not just the one that was told."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._not_before = 0.0

    def hold(self, seconds: float) -> None:
        with self._lock:
            self._not_before = max(self._not_before, time.monotonic() + seconds)

    def remaining(self) -> float:
        with self._lock:
            return max(0.0, self._not_before - time.monotonic())


class GttsEngine:
    name: ClassVar[str] = "gtts"
    # Google's limit per request; the text stage cuts at clause boundaries to fit.
    max_chars: ClassVar[int] = 100
    needs_diacritics: ClassVar[bool] = False
    thread_safe: ClassVar[bool] = True
    # Its availability depends on the options (which Google host), and on the network.
    online: ClassVar[bool] = True

    def __init__(
        self,
        options: EngineOptions = EngineOptions(),
        policy: RetryPolicy = RetryPolicy(),
        rng: random.Random | None = None,
    ) -> None:
        self.options = options
        self.policy = policy
        self.language = _voice_language(options.language)
        self._rng = rng or random.Random()
        self._rng_lock = threading.Lock()
        self._throttle = _Throttle()
        self._stop = threading.Event()
        self.requests = 0  # sent, including retries: what a run cost Google

    @classmethod
    def availability(cls, options: EngineOptions = EngineOptions()) -> Availability:
        return probe(options.tld)

    def identity(self) -> str:
        o = self.options
        return f"gtts {version('gtts')}; lang {self.language}; tld {o.tld}; slow {o.slow}"

    def cancel(self) -> None:
        """Stop waiting between retries: the render has failed or was interrupted."""
        self._stop.set()

    def _sleep(self, seconds: float) -> None:
        if self._stop.wait(seconds):
            raise EngineError("gtts: synthesis cancelled")

    def synthesize(self, text: str) -> AudioSegment:
        failure: _Retryable | None = None
        for attempt in range(1, self.policy.tries + 1):
            self._sleep(self._throttle.remaining())
            try:
                return self._fetch(text)
            except _Retryable as exc:
                failure = exc
            if attempt == self.policy.tries:
                break
            with self._rng_lock:
                delay = self.policy.delay(attempt, failure.retry_after, self._rng)
            if failure.retry_after is not None:
                self._throttle.hold(delay)
            self._sleep(delay)
        assert failure is not None
        shown = text if len(text) <= 40 else text[:40] + "…"
        raise EngineError(
            f"gtts: {host(self.options.tld)} failed {self.policy.tries} times on «{shown}» "
            f"(last: {failure.reason}); clips fetched so far are cached: run again later, "
            "with fewer --jobs, or use --engine espeak"
        )

    def _fetch(self, text: str) -> AudioSegment:
        import requests
        from gtts import gTTS, gTTSError

        tts = gTTS(
            text, tld=self.options.tld, lang=self.language, slow=self.options.slow,
            lang_check=False, timeout=self.policy.timeout_s,
        )
        with self._rng_lock:
            self.requests += 1
        try:
            # One MP3 per request.  A piece normally makes one request; should gtts ever cut one,
            # each part is still decoded on its own: MP3 bytes are never joined.
            parts = list(tts.stream())
        except gTTSError as exc:
            raise _classify(exc) from None
        except requests.RequestException as exc:
            raise _Retryable(type(exc).__name__) from None
        except ValueError:  # the base64 inside the answer did not decode
            raise _Retryable("malformed audio in the answer") from None
        if not parts or not all(parts):
            raise _Retryable("an answer without audio")
        try:
            segments = [decode(part, "mp3") for part in parts]
        except AudioError as exc:
            raise _Retryable(f"undecodable audio ({exc})") from None
        return reduce(lambda a, b: a + b, segments)


def _classify(exc: Exception) -> Exception:
    """A gtts error as retryable (throttling, server trouble, timeouts, no audio) or final."""
    import requests

    answer = getattr(exc, "rsp", None)
    if answer is None:
        cause = exc.__context__
        kind = type(cause).__name__ if isinstance(cause, requests.RequestException) else "no answer"
        return _Retryable(kind)
    status = answer.status_code
    if status == 429:
        return _Retryable("429 Too Many Requests: Google is throttling",
                          parse_retry_after(answer.headers.get("Retry-After")))
    if status >= 500:
        return _Retryable(f"{status} {answer.reason}", parse_retry_after(answer.headers.get("Retry-After")))
    if status == 200:
        return _Retryable("an answer without audio")
    # 403/404 and the like do not get better by asking again: a wrong --tld or a changed API.
    return EngineError(f"gtts: {host_of(answer)} answered {status} {answer.reason} ({exc})")


def host_of(answer: object) -> str:
    url = getattr(answer, "url", "") or ""
    return url.split("/")[2] if url.count("/") >= 2 else "Google"


def _voice_language(language: str) -> str:
    """The gtts language code for an article's language tag (`ar`, `ar-SA`, `en`…)."""
    from gtts.lang import tts_langs

    voices = tts_langs()
    for candidate in (language, language.split("-")[0].lower()):
        if candidate in voices:
            return candidate
    raise EngineUnavailable(f"gtts has no voice for language {language!r}")
