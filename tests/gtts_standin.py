"""A stand-in for Google Translate's speech endpoint, on 127.0.0.1, for tests and the benchmark.

It is an HTTPS proxy: clients reach it through `HTTPS_PROXY`, exactly as gtts's own requests reach
Google through a proxy (gtts passes `urllib.request.getproxies()` and `verify=False`).  A CONNECT to
translate.google.<tld>:443 is answered with a TLS tunnel (a throwaway self-signed certificate made
with openssl); inside it speaks Google's batchexecute protocol as gtts 2.5 expects it:

  POST /_/TranslateWebserverUi/data/batchexecute, body `f.req=<urlencoded JSON>&`, where the JSON is
  [[["jQ1olc", "[\\"<text>\\",\\"<lang>\\",<null|true>,\\"null\\"]", null, "generic"]]]
  answer: `)]}'`, then length-prefixed JSON chunks; the first holds
  ["wrb.fr","jQ1olc","[\\"<base64 MP3>\\"]",null,null,null,"generic"].

The MP3 is real speech: the offline voice (espeak-ng) encoded with LAME at 24 kHz mono, 32 kbps, as
Google's is, padded with quiet noise before and after as Google's clips are.  Faults are settable:
latency, a share of 429s (with Retry-After), of 5xx, of requests left hanging, of malformed bodies;
or an exact plan of the first answers.  Any other host is refused, so nothing leaks to the internet.

Run it as a script for the benchmark:
  python tests/gtts_standin.py --latency 0.3 --rate-429 0.1
prints `HTTPS_PROXY=http://127.0.0.1:PORT` and serves until interrupted.
"""

from __future__ import annotations

import argparse
import base64
import json
import random
import re
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import numpy as np

try:
    from .standin_process import RecordsRequests, serve_until_terminated
except ImportError:  # run as a script: its folder, tests/, is on sys.path
    from standin_process import RecordsRequests, serve_until_terminated  # type: ignore[no-redef]

BATCH_PATH = "/_/TranslateWebserverUi/data/batchexecute"
RPC_ID = "jQ1olc"
GOOGLE_HOST = re.compile(r"^translate\.google\.[a-z.]+$")
FAULTS = ("429", "5xx", "timeout", "malformed")


@dataclass(frozen=True)
class Faults:
    latency_s: float = 0.0  # time to answer, the stand-in's own synthesis included
    rate_429: float = 0.0
    retry_after_s: int = 1
    rate_5xx: float = 0.0
    rate_timeout: float = 0.0
    hang_s: float = 30.0  # how long a "timeout" request is held before the connection is dropped
    rate_malformed: float = 0.0
    seed: int = 0
    # Answers for the first requests, in arrival order ("ok", "429", "5xx", "timeout", "malformed").
    plan: tuple[str, ...] = ()
    # Texts that always get a 503, whatever the order requests arrive in.
    broken_texts: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Seen:
    """One batchexecute request as the stand-in received it."""

    host: str
    text: str
    lang: str
    slow: bool
    answer: str


@dataclass
class _State:
    faults: Faults
    lead_ms: int
    tail_ms: int
    rng: random.Random
    plan: list[str]
    seen: list[Seen] = field(default_factory=list)
    mp3s: dict[tuple[str, bool], bytes] = field(default_factory=dict)
    # Whole answer bodies, made once per text: a warm stand-in spends no CPU on answers.
    bodies: dict[tuple[str, bool], bytes] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    stop: threading.Event = field(default_factory=threading.Event)
    tls: ssl.SSLContext | None = None
    in_flight: int = 0
    most_in_flight: int = 0

    def next_answer(self, text: str) -> str:
        if text in self.faults.broken_texts:
            return "5xx"
        with self.lock:
            if self.plan:
                return self.plan.pop(0)
            roll = self.rng.random()
        f = self.faults
        for name, rate in (("429", f.rate_429), ("5xx", f.rate_5xx), ("timeout", f.rate_timeout),
                           ("malformed", f.rate_malformed)):
            if roll < rate:
                return name
            roll -= rate
        return "ok"


def _self_signed(directory: Path) -> ssl.SSLContext:
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "2",
         "-subj", "/CN=translate.google.com", "-addext", "subjectAltName=DNS:translate.google.com"],
        check=True, capture_output=True,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


def speech_mp3(text: str, slow: bool, lead_ms: int, tail_ms: int) -> bytes:
    """Real speech as Google sends it: 24 kHz mono MPEG-2 layer III, padded with quiet noise."""
    from narrator.audio.ffmpeg import ffmpeg_exe
    from narrator.engines.espeak import _library

    lib = _library()
    voice = np.frombuffer(lib.synthesize(text), dtype=np.int16)
    rate = lib.sample_rate
    noise = np.random.default_rng(len(text))
    # About -66 dBFS: coded silence is never digital zero.
    pad = lambda ms: noise.normal(0, 16, rate * ms // 1000).astype(np.int16)
    pcm = np.concatenate([pad(lead_ms), voice, pad(tail_ms)]).tobytes()
    tempo = ["-af", "atempo=0.75"] if slow else []
    done = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-nostdin", "-v", "error", "-f", "s16le", "-ar", str(rate),
         "-ac", "1", "-i", "pipe:0", *tempo, "-ar", "24000", "-ac", "1", "-c:a", "libmp3lame",
         "-b:a", "32k", "-f", "mp3", "pipe:1"],
        input=pcm, capture_output=True, check=True,
    )
    return done.stdout


def _answer_body(mp3: bytes) -> bytes:
    inner = json.dumps([base64.b64encode(mp3).decode("ascii")])
    first = json.dumps([["wrb.fr", RPC_ID, inner, None, None, None, "generic"],
                        ["di", 52], ["af.httprm", 51, "-4337457436837013513", 2]], separators=(",", ":"))
    last = json.dumps([["e", 4, None, None, len(first) + 60]], separators=(",", ":"))
    return f")]}}'\n\n{len(first) + 1}\n{first}\n{len(last) + 1}\n{last}\n".encode()


def _malformed_body(rng: random.Random) -> bytes:
    kind = rng.randrange(3)
    if kind == 0:  # what Google sends when it will not speak: the rpc answers null
        chunk = json.dumps([["wrb.fr", RPC_ID, None, None, None, [3], "generic"]], separators=(",", ":"))
        return f")]}}'\n\n{len(chunk)}\n{chunk}\n".encode()
    if kind == 1:  # an HTML page in place of the rpc answer (a captcha, a consent wall)
        return b"<!doctype html><title>Sorry...</title><p>unusual traffic from your network</p>"
    garbage = base64.b64encode(bytes(rng.randrange(256) for _ in range(600))).decode()
    return _answer_body(b"").replace(b'[\\"\\"]', f'[\\"{garbage}\\"]'.encode())


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 60
    server: "_Server"

    def log_message(self, format: str, *args: object) -> None:  # quiet: tests read `seen`
        return

    def _state(self) -> _State:
        return self.server.state

    def _send(self, status: int, body: bytes, content_type: str = "text/plain", extra: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_CONNECT(self) -> None:
        target, _, port = self.path.partition(":")
        if not GOOGLE_HOST.match(target) or port != "443":
            self._send(403, b"the stand-in only speaks for translate.google.*\n")
            return
        self.send_response(200, "Connection established")
        self.end_headers()
        self.wfile.flush()
        try:
            tunnel = self._state().tls.wrap_socket(self.connection, server_side=True)  # type: ignore[union-attr]
        except (ssl.SSLError, OSError):
            self.close_connection = True
            return
        try:
            _Handler(tunnel, self.client_address, self.server)
        finally:
            tunnel.close()
        self.close_connection = True

    def _google_host(self) -> str | None:
        netloc = urlsplit(self.path).netloc or self.headers.get("Host", "")
        name = netloc.split(":")[0]
        return name if GOOGLE_HOST.match(name) else None

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        if self._google_host() is None:
            self._send(403, b"the stand-in only speaks for translate.google.*\n")
            return
        self._send(200, b"<!doctype html><title>Google Translate</title>", "text/html; charset=utf-8")

    def do_POST(self) -> None:
        state = self._state()
        with state.lock:
            state.in_flight += 1
            state.most_in_flight = max(state.most_in_flight, state.in_flight)
        try:
            self._batchexecute()
        finally:
            with state.lock:
                state.in_flight -= 1

    def _batchexecute(self) -> None:
        started = time.monotonic()
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        host = self._google_host()
        if host is None or urlsplit(self.path).path != BATCH_PATH:
            self._send(404, b"not found\n")
            return
        try:
            form = parse_qs(body.decode("utf-8"))
            (rpc,) = json.loads(form["f.req"][0])[0]
            rpc_id, parameter, _, generic = rpc
            text, lang, speed, null = json.loads(parameter)
            if rpc_id != RPC_ID or generic != "generic" or null != "null" or speed not in (None, True):
                raise ValueError("unexpected rpc")
            if not isinstance(text, str) or not text or not isinstance(lang, str):
                raise ValueError("unexpected parameters")
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            self._send(400, b"bad f.req\n")
            return
        state = self._state()
        answer = state.next_answer(text)
        with state.lock:
            state.seen.append(Seen(host, text, lang, speed is True, answer))
        if answer == "timeout":
            state.stop.wait(state.faults.hang_s)
            self.close_connection = True
            return
        body = b""
        if answer == "ok":
            key = (text, speed is True)
            with state.lock:
                body = state.bodies.get(key, b"")
            if not body:
                mp3 = speech_mp3(text, speed is True, state.lead_ms, state.tail_ms)
                body = _answer_body(mp3)
                with state.lock:
                    state.mp3s[key] = mp3
                    state.bodies[key] = body
        state.stop.wait(max(0.0, state.faults.latency_s - (time.monotonic() - started)))
        if answer == "429":
            self._send(429, b"Too Many Requests\n", extra={"Retry-After": str(state.faults.retry_after_s)})
        elif answer == "5xx":
            self._send(503, b"Service Unavailable\n")
        elif answer == "malformed":
            with state.lock:
                bad = _malformed_body(state.rng)
            self._send(200, bad, "application/json; charset=utf-8")
        else:
            self._send(200, body, "application/json; charset=utf-8")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    state: _State

    def handle_error(self, request: object, client_address: object) -> None:
        # A client that gave up (its timeout) closes the socket under us: expected, not news.
        if not isinstance(sys.exc_info()[1], (ConnectionError, ssl.SSLError, TimeoutError)):
            super().handle_error(request, client_address)


class StandIn(RecordsRequests):
    """`with StandIn(Faults(latency_s=0.3)) as google:` then use `google.env` as the environment."""

    def __init__(self, faults: Faults = Faults(), port: int = 0, lead_ms: int = 180, tail_ms: int = 420) -> None:
        from narrator.engines.espeak import _library

        # Load espeak-ng before the first requests arrive together: two threads initialising its
        # one global synthesizer at once crash the process.
        _library()
        self.faults = faults
        self._dir = tempfile.TemporaryDirectory(prefix="gtts-standin-")
        self.state = _State(faults, lead_ms, tail_ms, random.Random(faults.seed), list(faults.plan))
        self.state.tls = _self_signed(Path(self._dir.name))
        self._server = _Server(("127.0.0.1", port), _Handler)
        self._server.state = self.state
        self._thread = threading.Thread(target=self._server.serve_forever, name="gtts-standin", daemon=True)

    @property
    def proxy(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def env(self) -> dict[str, str]:
        """Environment that sends gtts (and anything using requests) through the stand-in."""
        return {"HTTPS_PROXY": self.proxy, "https_proxy": self.proxy, "HTTP_PROXY": self.proxy,
                "http_proxy": self.proxy, "NO_PROXY": "", "no_proxy": ""}

    def start(self) -> StandIn:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.state.stop.set()
        self._server.shutdown()
        self._server.server_close()
        self._dir.cleanup()

    def __enter__(self) -> StandIn:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def closed_port() -> int:
    """A local port nobody listens on: a proxy there is a network that is down."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds per answer")
    parser.add_argument("--rate-429", type=float, default=0.0)
    parser.add_argument("--retry-after", type=int, default=1)
    parser.add_argument("--rate-5xx", type=float, default=0.0)
    parser.add_argument("--rate-timeout", type=float, default=0.0)
    parser.add_argument("--rate-malformed", type=float, default=0.0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    faults = Faults(latency_s=args.latency, rate_429=args.rate_429, retry_after_s=args.retry_after,
                    rate_5xx=args.rate_5xx, rate_timeout=args.rate_timeout,
                    rate_malformed=args.rate_malformed, seed=args.seed)
    standin = StandIn(faults, port=args.port).start()
    serve_until_terminated(standin, f"HTTPS_PROXY={standin.proxy}")


if __name__ == "__main__":
    main()
