"""The online voice: Google Translate's text-to-speech through the gtts package.

gtts speaks the protocol (the batchexecute form, the `jQ1olc` answer); narrator puts its own
discipline around it.  The text stage cuts the text into pieces of at most `max_chars` at clause
boundaries, so gtts's tokenizer never cuts Arabic mid-phrase and each piece is one request.
Every request is retried on throttling (429), server errors, timeouts and answers without audio,
with exponential backoff and jitter, honouring Retry-After; each answer is decoded to PCM on its own.
"""

from __future__ import annotations

import base64
import random
import re
import threading
import time
import urllib.request
import warnings
from functools import reduce
from importlib.metadata import version
from typing import Any, ClassVar

from pydub import AudioSegment

from ..audio.clip import decode
from ..errors import AudioError, EngineError, EngineUnavailable
from . import Availability, EngineOptions
from .retry import Retrier, RetryPolicy, gave_up, parse_retry_after
from .retry import Retryable as _Retryable

__all__ = ["GttsEngine", "RetryPolicy", "parse_retry_after", "probe"]

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
        self._retrier = Retrier("gtts", policy, rng)
        self._local = threading.local()
        _quiet_insecure_warning()

    @property
    def requests(self) -> int:
        """Sent, including retries: what a run cost Google."""
        return self._retrier.requests

    @classmethod
    def availability(cls, options: EngineOptions = EngineOptions()) -> Availability:
        return probe(options.tld)

    def identity(self) -> str:
        o = self.options
        return f"gtts {version('gtts')}; lang {self.language}; tld {o.tld}; slow {o.slow}"

    def cancel(self) -> None:
        """Stop waiting between retries: the render has failed or was interrupted."""
        self._retrier.cancel()

    def synthesize(self, text: str) -> AudioSegment:
        service = host(self.options.tld)
        return self._retrier.run(
            lambda: self._fetch(text), lambda failure: gave_up("gtts", service, self.policy.tries, text, failure)
        )

    def _session(self) -> Any:
        """This worker thread's HTTP session.  gtts opens a new session, so a new connection, a
        new TLS handshake and a fresh load of the system's certificates, for every request;
        keeping one per worker sends the next request down the same connection (what costs a
        user round trips to Google, and this machine CPU)."""
        import requests

        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
        return session

    def _fetch(self, text: str) -> AudioSegment:
        import requests
        from gtts import gTTS, gTTSError

        tts = gTTS(
            text, tld=self.options.tld, lang=self.language, slow=self.options.slow,
            lang_check=False, timeout=self.policy.timeout_s,
        )
        parts: list[bytes | None] = []
        try:
            # gtts builds the batchexecute request(s); one MP3 per request.  A piece normally makes
            # one request; should gtts ever cut one, each part is still decoded on its own.
            for prepared in tts._prepare_requests():
                answer = self._session().send(
                    prepared, verify=False, proxies=urllib.request.getproxies(), timeout=self.policy.timeout_s,
                )
                if answer.status_code >= 400:
                    raise gTTSError(tts=tts, response=answer)
                parts.append(_audio_in(answer.content))
        except gTTSError as exc:
            raise _classify(exc) from None
        except requests.RequestException as exc:
            self._local.session = None  # a broken connection is not reused
            raise _Retryable(type(exc).__name__) from None
        except ValueError:  # the base64 inside the answer did not decode
            raise _Retryable("malformed audio in the answer") from None
        if not parts or not all(parts):
            raise _Retryable("an answer without audio")
        try:
            segments = [decode(part, "mp3") for part in parts if part]
        except AudioError as exc:
            raise _Retryable(f"undecodable audio ({exc})") from None
        return reduce(lambda a, b: a + b, segments)


# The audio in a batchexecute answer, as gtts's own stream() finds it (gtts 2.5, tts.py).
_AUDIO_IN_ANSWER = re.compile(rb'jQ1olc","\[\\"(.*?)\\"]')


def _audio_in(body: bytes) -> bytes | None:
    found = _AUDIO_IN_ANSWER.search(body)
    return base64.b64decode(found.group(1), validate=True) if found else None


def _quiet_insecure_warning() -> None:
    """gtts talks to Google without checking the certificate (for proxies and firewalls) and
    silences urllib3's warning about it; the same requests made here are silenced the same way."""
    import requests

    requests.packages.urllib3.disable_warnings(requests.packages.urllib3.exceptions.InsecureRequestWarning)


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
