"""The one HTTP client of narrator's sources: every page, feed, sitemap and robots.txt goes through it.

It behaves as a polite crawler should: it says who it is (`narrator/VERSION (+URL)`), gives up on
slow servers (connect, read and whole-body time limits), follows a few redirects and no more,
aborts a body larger than the cap while streaming it (never holding more than the cap), honours
robots.txt for its user agent, keeps at most `per_host` requests in flight to one host with a small
delay between their starts, and answers 429/503 by waiting for `Retry-After` (seconds or an HTTP
date) when that is short, else by failing the item with the time it may be retried.

requests does the HTTP itself (gzip, the proxies in HTTPS_PROXY/HTTP_PROXY/NO_PROXY, TLS); the
standard library's robotparser reads robots.txt; charset_normalizer (requests' own detector)
guesses the charset of a page that declares none.
"""

from __future__ import annotations

import codecs
import datetime as dt
import email.message
import email.utils
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from .. import __version__
from ..errors import InputError

PROJECT_URL = "https://github.com/narrator-tts/narrator"
USER_AGENT = f"narrator/{__version__} (+{PROJECT_URL})"
MB = 1024 * 1024
_CHUNK = 64 * 1024
_HTML_TYPES = ("text/html", "application/xhtml+xml")
# <meta charset="x"> or <meta http-equiv="Content-Type" content="text/html; charset=x">, looked for
# in the first bytes only, as browsers do (the HTML standard's prescan reads 1024 bytes; pages put
# comments and scripts first, so a little more).
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_PRESCAN_BYTES = 8192
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


class FetchError(InputError):
    """A URL could not be fetched.  `permanent`: asking again will fail the same way (404, 410,
    not HTML, too large, disallowed); `retry_after`: the server named when to come back (epoch s)."""

    def __init__(self, message: str, *, permanent: bool = False, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.permanent = permanent
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class FetchSettings:
    user_agent: str = USER_AGENT
    connect_timeout: float = 10.0
    read_timeout: float = 30.0  # the longest silence between two packets
    total_timeout: float = 90.0  # the whole body, so a server trickling bytes cannot hold a run
    max_bytes: int = 10 * MB
    max_redirects: int = 5
    per_host: int = 2  # requests in flight to one host
    delay: float = 0.25  # seconds between the starts of two requests to one host
    retry_after_max: float = 60.0  # wait this long for a 429/503 within a run; longer: retry next run
    retries: int = 2  # 429/503 answers waited out per request
    obey_robots: bool = True


@dataclass(frozen=True, slots=True)
class Response:
    url: str  # after redirects
    status: int  # 200, or 304 for a conditional request whose page has not changed
    content: bytes
    content_type: str  # the media type alone, lower case ("text/html")
    charset: str | None  # declared in the Content-Type header
    etag: str | None
    last_modified: str | None
    retry_after: str | None = None  # the header, on 429/503

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def headers_for_feedparser(self) -> dict[str, str]:
        headers = {"content-location": self.url}
        if self.content_type:
            headers["content-type"] = self.content_type + (f"; charset={self.charset}" if self.charset else "")
        return headers


def _known_codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def meta_charset(content: bytes) -> str | None:
    found = _META_CHARSET.search(content[:_PRESCAN_BYTES])
    return _known_codec(found.group(1).decode("ascii", "replace")) if found else None


def page_encoding(content: bytes, declared: str | None) -> str:
    """The charset of an HTML page: its byte-order mark, else the HTTP header, else its <meta>,
    else what charset_normalizer detects (windows-1256 Arabic pages often declare nothing)."""
    for bom, name in _BOMS:
        if content.startswith(bom):
            return name
    found = _known_codec(declared) or meta_charset(content)
    if found:
        # A page labelled "iso-8859-1" is, as browsers treat it, windows-1252 (the HTML standard).
        return "cp1252" if found in ("latin-1", "iso8859-1") else found
    from charset_normalizer import from_bytes

    best = from_bytes(content[: 2 * MB]).best()
    return (_known_codec(best.encoding) if best is not None else None) or "utf-8"


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """`Retry-After` as seconds from now: either delay-seconds or an HTTP date (RFC 9110 §10.2.3)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:  # "-0000" (RFC 2822's unknown zone): HTTP dates are GMT
        when = when.replace(tzinfo=dt.timezone.utc)
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _content_type(header: str | None) -> tuple[str, str | None]:
    message = email.message.Message()
    message["content-type"] = header or ""
    charset = message.get_param("charset")
    return message.get_content_type() if header else "", str(charset) if isinstance(charset, str) else None


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return f"HTTP {status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"HTTP {status}"


class _Host:
    def __init__(self, slots: int) -> None:
        self.slots = threading.BoundedSemaphore(slots)
        self.lock = threading.Lock()
        self.next_start = 0.0


class Fetcher:
    """One client for a whole run (its connections, robots.txt files and host budgets are shared);
    safe to use from several threads."""

    def __init__(
        self,
        settings: FetchSettings = FetchSettings(),
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
    ) -> None:
        import requests

        self.settings = settings
        self._sleep = sleep
        self._clock = clock
        self._session = requests.Session()
        self._session.max_redirects = settings.max_redirects
        self._session.headers["User-Agent"] = settings.user_agent
        self._hosts: dict[str, _Host] = {}
        self._robots: dict[str, RobotFileParser] = {}
        self._lock = threading.Lock()
        self.requests = 0  # how many requests went out (the tests and the benchmark count them)

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the public calls -------------------------------------------------------------------

    def get(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None, html: bool = False,
    ) -> Response:
        """GET `url` as robots.txt allows; `etag`/`last_modified` make it conditional (304 comes
        back as a Response with `not_modified`); `html` refuses any other content type."""
        if not url.startswith(("http://", "https://")):
            raise FetchError(f"{url}: not an http(s) URL", permanent=True)
        if self.settings.obey_robots and not self._allowed(url):
            raise FetchError(f"{url}: robots.txt disallows narrator", permanent=True)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        if html:
            headers["Accept"] = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"
        response = self._get_waiting(url, headers)
        if html and not response.not_modified and response.content_type not in _HTML_TYPES:
            raise FetchError(f"{url}: not an HTML page ({response.content_type or 'no content type'})",
                             permanent=True)
        return response

    # -- politeness ---------------------------------------------------------------------------

    def _host(self, url: str) -> _Host:
        netloc = urlsplit(url).netloc.lower()
        with self._lock:
            return self._hosts.setdefault(netloc, _Host(self.settings.per_host))

    def _allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            robots = self._robots.get(origin)
        if robots is None:
            robots = self._read_robots(origin)
            with self._lock:
                self._robots[origin] = robots
        return robots.can_fetch(self.settings.user_agent, url)

    def _read_robots(self, origin: str) -> RobotFileParser:
        """robots.txt as the standard library reads it: missing (4xx) allows all, 401/403
        forbid all; a server error or no answer forbids all for this run (Google does the same)."""
        robots = RobotFileParser(origin + "/robots.txt")
        try:
            response = self._get_waiting(origin + "/robots.txt", {}, fail_on_status=False)
        except FetchError:
            robots.disallow_all = True
            return robots
        if response.status in (401, 403) or response.status >= 500:
            robots.disallow_all = True
        elif response.status >= 400:
            robots.allow_all = True
        else:
            robots.parse(response.content.decode("utf-8", "replace").splitlines())
        return robots

    # -- the request itself ---------------------------------------------------------------------

    def _get_waiting(self, url: str, headers: dict[str, str], fail_on_status: bool = True) -> Response:
        """One GET, waiting out 429/503 answers whose Retry-After is short."""
        for attempt in range(self.settings.retries + 1):
            response = self._get_once(url, headers)
            if response.status not in (429, 503):
                break
            wait = retry_after_seconds(response.retry_after, self._clock())
            if wait is None:
                wait = 2.0 ** attempt
            if wait > self.settings.retry_after_max or attempt == self.settings.retries:
                raise FetchError(f"{url}: {_reason(response.status)}, retry after {wait:.0f} s",
                                 retry_after=self._clock() + wait)
            self._sleep(wait)
        if fail_on_status and response.status >= 400:
            permanent = response.status in (404, 410, 401, 403, 451) or 400 <= response.status < 500
            raise FetchError(f"{url}: {_reason(response.status)}", permanent=permanent)
        return response

    def _get_once(self, url: str, headers: dict[str, str]) -> Response:
        import requests

        host = self._host(url)
        with host.slots:
            with host.lock:
                now = time.monotonic()
                start = max(now, host.next_start)
                host.next_start = start + self.settings.delay
            if start > now:
                self._sleep(start - now)
            with self._lock:
                self.requests += 1
            timeouts = (self.settings.connect_timeout, self.settings.read_timeout)
            try:
                with self._session.get(url, headers=headers, timeout=timeouts, stream=True) as r:
                    body = self._read_body(url, r) if r.status_code == 200 else b""
                    content_type, charset = _content_type(r.headers.get("Content-Type"))
                    response = Response(
                        url=r.url, status=r.status_code, content=body, content_type=content_type,
                        charset=charset, etag=r.headers.get("ETag"),
                        last_modified=r.headers.get("Last-Modified"), retry_after=r.headers.get("Retry-After"),
                    )
            except requests.TooManyRedirects:
                raise FetchError(f"{url}: more than {self.settings.max_redirects} redirects (a redirect loop?)",
                                 permanent=True) from None
            except requests.Timeout:
                raise FetchError(f"{url}: timed out (no answer within {self.settings.read_timeout:g} s)") from None
            except requests.RequestException as exc:
                raise FetchError(f"{url}: {_connection_reason(exc)}") from None
        return response

    def _read_body(self, url: str, r: object) -> bytes:
        cap = self.settings.max_bytes
        length = getattr(r, "headers", {}).get("Content-Length", "")
        if length.isdigit() and int(length) > cap:
            raise FetchError(f"{url}: larger than {cap // MB} MB ({int(length) // MB} MB announced)", permanent=True)
        deadline = time.monotonic() + self.settings.total_timeout
        chunks: list[bytes] = []
        size = 0
        for chunk in r.iter_content(_CHUNK):  # type: ignore[attr-defined]
            size += len(chunk)
            if size > cap:
                raise FetchError(f"{url}: larger than {cap // MB} MB", permanent=True)
            if time.monotonic() > deadline:
                raise FetchError(f"{url}: timed out (the page took over {self.settings.total_timeout:g} s)")
            chunks.append(chunk)
        return b"".join(chunks)


def _connection_reason(exc: Exception) -> str:
    text = str(exc)
    for needle, reason in (("Name or service not known", "unknown host"), ("Connection refused", "connection refused"),
                           ("certificate", "TLS certificate error")):
        if needle in text:
            return reason
    return f"cannot connect ({type(exc).__name__})"


def absolute(base: str, href: str) -> str:
    return urljoin(base, href.strip())
