"""A stand-in for Microsoft Edge's read-aloud service, on 127.0.0.1, for tests and the benchmark.

It speaks the protocol edge-tts speaks (edge-tts 7), over a plain websocket that narrator reaches
through `NARRATOR_EDGE_URL` (edge-tts's endpoint is a module constant; see narrator/engines/edge.py):

  GET /consumer/speech/synthesize/readaloud/edge/v1?TrustedClientToken=…&ConnectionId=…
      &Sec-MS-GEC=<token of the clock's 5-minute window>&Sec-MS-GEC-Version=…   (websocket upgrade)
  client → `Path:speech.config` (JSON: output format, word boundaries on), then `Path:ssml` (SSML with
           <voice name='Microsoft Server Speech Text to Speech Voice (ar-SA, HamedNeural)'><prosody …>)
  server → `Path:turn.start`; binary frames (2-byte big-endian header length, `Path:audio` headers,
           MP3 bytes) with `Path:audio.metadata` WordBoundary messages (Offset/Duration in 100 ns
           ticks) between them; `Path:turn.end`.
  GET /consumer/speech/synthesize/readaloud/voices/list?trustedclienttoken=…  → the voice list JSON.

A token that does not match the stand-in's clock (`clock_skew_s`) is refused with 403 and a Date
header, as the service does; edge-tts corrects its clock from it.  The audio is real speech: espeak-ng
encoded by LAME at 24 kHz mono 48 kbps CBR, as the service's `audio-24khz-48kbitrate-mono-mp3`, padded
with quiet noise; the word boundaries are espeak-ng's own word events.  Faults: latency, a share of
429s (Retry-After), of 403s, of connections dropped halfway through the audio, of answers without
audio; or an exact plan of the first answers.

Answers are made once per text and kept (`prepare()` makes them ahead), so that once warm the stand-in
costs no CPU but the websocket frames: each answer is ready right after the latency.

Run it as a script for the benchmark:
  python tests/edge_standin.py --latency 0.3
prints `NARRATOR_EDGE_URL=ws://127.0.0.1:PORT/…` and serves until interrupted.
"""

from __future__ import annotations

import argparse
import asyncio
import email.utils
import json
import random
import re
import subprocess
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from http import HTTPStatus
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import unescape

import numpy as np

try:
    from .standin_process import RecordsRequests, serve_until_terminated
except ImportError:  # run as a script: its folder, tests/, is on sys.path
    from standin_process import RecordsRequests, serve_until_terminated  # type: ignore[no-redef]

BASE_PATH = "/consumer/speech/synthesize/readaloud"
FAULTS = ("429", "403", "drop", "silent")
TICKS_PER_SECOND = 10_000_000
# 48 kbps: 6000 bytes a second; the service sends its audio in small frames like these.
CHUNK_BYTES = 2880
_VOICE_IN_SSML = re.compile(r"<voice name='Microsoft Server Speech Text to Speech Voice \(([a-z]{2,3}-[A-Z]{2}), ([A-Za-z]+)\)'>")
_PROSODY = re.compile(r"<prosody pitch='([^']*)' rate='([^']*)' volume='([^']*)'>(.*)</prosody>", re.S)
_WORD = re.compile(r"[^\s.,،؛؟!?:;«»\"'()]+")


@dataclass(frozen=True)
class Faults:
    latency_s: float = 0.0
    rate_429: float = 0.0
    retry_after_s: int = 1
    rate_403: float = 0.0
    rate_drop: float = 0.0
    rate_silent: float = 0.0
    # The stand-in's clock minus the client's: tokens made on the client's clock are refused (403).
    clock_skew_s: float = 0.0
    seed: int = 0
    plan: tuple[str, ...] = ()


@dataclass(frozen=True)
class Seen:
    text: str
    voice: str
    rate: str
    pitch: str
    answer: str


@dataclass(frozen=True)
class Answer:
    mp3: bytes
    # (offset ticks, duration ticks, word)
    words: tuple[tuple[int, int, str], ...]


def speech_answer(text: str, lead_ms: int = 120, tail_ms: int = 300) -> Answer:
    """espeak-ng's reading of `text`, as the service would send it, with its word boundaries."""
    from narrator.audio.ffmpeg import ffmpeg_exe
    from narrator.engines.espeak import _library

    lib = _library()
    pcm, words = lib.synthesize_words(text)
    rate = lib.sample_rate
    voice = np.frombuffer(pcm, dtype=np.int16)
    noise = np.random.default_rng(len(text))
    pad = lambda ms: noise.normal(0, 16, rate * ms // 1000).astype(np.int16)  # about -66 dBFS
    padded = np.concatenate([pad(lead_ms), voice, pad(tail_ms)]).tobytes()
    done = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-nostdin", "-v", "error", "-f", "s16le", "-ar", str(rate),
         "-ac", "1", "-i", "pipe:0", "-ar", "24000", "-ac", "1", "-c:a", "libmp3lame", "-b:a", "48k",
         "-f", "mp3", "pipe:1"],
        input=padded, capture_output=True, check=True,
    )
    ticks = lambda sample: (lead_ms * rate // 1000 + sample) * TICKS_PER_SECOND // rate
    end = ticks(len(voice))
    found = []
    for i, w in enumerate(words):
        match = _WORD.match(text, w.offset)
        if not match:
            continue
        following = ticks(words[i + 1].sample) if i + 1 < len(words) else end
        found.append((ticks(w.sample), max(0, following - ticks(w.sample)), match.group(0)))
    return Answer(done.stdout, tuple(found))


def voice_list() -> list[dict]:
    from narrator.engines.edge import ARABIC_VOICES

    return [
        {"Name": f"Microsoft Server Speech Text to Speech Voice ({v.locale}, {v.name.split('-', 2)[2]})",
         "ShortName": v.name, "Gender": v.gender, "Locale": v.locale,
         "SuggestedCodec": "audio-24khz-48kbitrate-mono-mp3", "FriendlyName": v.name,
         "Status": "GA", "VoiceTag": {"ContentCategories": ["General"], "VoicePersonalities": ["Friendly"]}}
        for v in ARABIC_VOICES
    ] + [{"Name": "Microsoft Server Speech Text to Speech Voice (en-US, EmmaMultilingualNeural)",
          "ShortName": "en-US-EmmaMultilingualNeural", "Gender": "Female", "Locale": "en-US",
          "SuggestedCodec": "audio-24khz-48kbitrate-mono-mp3", "FriendlyName": "Emma", "Status": "GA",
          "VoiceTag": {"ContentCategories": [], "VoicePersonalities": []}}]


def _text_message(path: str, request_id: str, body: str) -> str:
    return (f"X-RequestId:{request_id}\r\nContent-Type:application/json; charset=utf-8\r\n"
            f"Path:{path}\r\n\r\n{body}")


def _audio_frame(request_id: str, data: bytes) -> bytes:
    content = "Content-Type:audio/mpeg\r\n" if data else ""
    header = f"X-RequestId:{request_id}\r\n{content}X-StreamId:{request_id}\r\nPath:audio\r\n".encode()
    return len(header).to_bytes(2, "big") + header + data


def _headers(message: str) -> tuple[dict[str, str], str]:
    head, _, body = message.partition("\r\n\r\n")
    headers = dict(line.split(":", 1) for line in head.split("\r\n") if ":" in line)
    return headers, body


@dataclass
class _State:
    faults: Faults
    rng: random.Random
    plan: list[str]
    seen: list[Seen] = field(default_factory=list)
    answers: dict[str, Answer] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    in_flight: int = 0
    most_in_flight: int = 0
    refused: Counter = field(default_factory=Counter)

    def next_answer(self) -> str:
        with self.lock:
            if self.plan:
                return self.plan.pop(0)
            roll = self.rng.random()
        f = self.faults
        for name, rate in (("429", f.rate_429), ("403", f.rate_403), ("drop", f.rate_drop),
                           ("silent", f.rate_silent)):
            if roll < rate:
                return name
            roll -= rate
        return "ok"

    def answer(self, text: str) -> Answer:
        with self.lock:
            found = self.answers.get(text)
        if found is None:
            found = speech_answer(text)
            with self.lock:
                self.answers[text] = found
        return found


class StandIn(RecordsRequests):
    """`with StandIn(Faults(latency_s=0.3)) as edge:` then use `edge.env` as the environment."""

    def __init__(self, faults: Faults = Faults(), port: int = 0) -> None:
        from narrator.engines.espeak import _library

        _library()  # initialised once, before requests arrive together
        self.faults = faults
        self.state = _State(faults, random.Random(faults.seed), list(faults.plan))
        self._port = port
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="edge-standin", daemon=True)
        self._server = None
        self._stopping: asyncio.Event | None = None

    # --- protocol ------------------------------------------------------------------------------

    def _now(self) -> float:
        return time.time() + self.faults.clock_skew_s

    def _token_ok(self, token: str) -> bool:
        from edge_tts.drm import generate_sec_ms_gec_v2

        now = self._now()
        return token in {generate_sec_ms_gec_v2(now), generate_sec_ms_gec_v2(now - 300)}

    async def _process_request(self, connection, request):  # type: ignore[no-untyped-def]
        from websockets.datastructures import Headers
        from websockets.http11 import Response

        url = urlsplit(request.path)
        query = parse_qs(url.query)
        date = email.utils.formatdate(self._now(), usegmt=True)
        if url.path == f"{BASE_PATH}/voices/list":
            body = json.dumps(voice_list()).encode()
            return Response(200, "OK", Headers([("Content-Type", "application/json"), ("Date", date),
                                                ("Content-Length", str(len(body)))]), body)
        if url.path != f"{BASE_PATH}/edge/v1" or "TrustedClientToken" not in query:
            return connection.respond(HTTPStatus.NOT_FOUND, "not found\n")
        answer = "403" if not self._token_ok(query.get("Sec-MS-GEC", [""])[0]) else None
        if answer is None:
            answer = self.state.next_answer()
        if answer in ("429", "403"):
            await asyncio.sleep(self.faults.latency_s)
            status = HTTPStatus.TOO_MANY_REQUESTS if answer == "429" else HTTPStatus.FORBIDDEN
            response = connection.respond(status, f"{status.phrase}\n")
            del response.headers["Date"]
            response.headers["Date"] = date
            if answer == "429":
                response.headers["Retry-After"] = str(self.faults.retry_after_s)
            with self.state.lock:
                self.state.seen.append(Seen("", "", "", "", answer))
            return response
        connection.narrator_answer = answer
        return None

    async def _handler(self, ws) -> None:  # type: ignore[no-untyped-def]
        state = self.state
        with state.lock:
            state.in_flight += 1
            state.most_in_flight = max(state.most_in_flight, state.in_flight)
        try:
            await self._converse(ws, getattr(ws, "narrator_answer", "ok"))
        finally:
            with state.lock:
                state.in_flight -= 1

    async def _converse(self, ws, answer: str) -> None:  # type: ignore[no-untyped-def]
        config_seen = False
        async for message in ws:
            if not isinstance(message, str):
                continue
            headers, body = _headers(message)
            if headers.get("Path") == "speech.config":
                options = json.loads(body)["context"]["synthesis"]["audio"]
                config_seen = options["metadataoptions"]["wordBoundaryEnabled"] == "true"
                continue
            if headers.get("Path") != "ssml":
                continue
            voice = _VOICE_IN_SSML.search(body)
            prosody = _PROSODY.search(body)
            if not (voice and prosody and config_seen):
                await ws.close(1007, "bad request")
                return
            text = unescape(prosody.group(4), {"&quot;": '"', "&apos;": "'"})
            name = f"{voice.group(1)}-{voice.group(2)}"
            known = {v["ShortName"] for v in voice_list()}
            if name not in known:
                answer = "silent"  # the service answers an unknown voice with nothing
            with self.state.lock:
                self.state.seen.append(Seen(text, name, prosody.group(2), prosody.group(1), answer))
            started = time.monotonic()
            speech = await asyncio.get_running_loop().run_in_executor(None, self.state.answer, text) \
                if answer in ("ok", "drop") else None
            await asyncio.sleep(max(0.0, self.faults.latency_s - (time.monotonic() - started)))
            await self._send_answer(ws, headers.get("X-RequestId", uuid.uuid4().hex), answer, speech)
            return

    async def _send_answer(self, ws, request_id: str, answer: str, speech: Answer | None) -> None:  # type: ignore[no-untyped-def]
        await ws.send(_text_message("turn.start", request_id, '{"context":{"serviceTag":"standin"}}'))
        if speech is not None:
            chunks = [speech.mp3[i:i + CHUNK_BYTES] for i in range(0, len(speech.mp3), CHUNK_BYTES)]
            words = list(speech.words)
            if answer == "drop":
                chunks = chunks[: max(1, len(chunks) // 2)]
            sent = 0
            for chunk in chunks:
                sent += len(chunk)
                until = sent * 8 * TICKS_PER_SECOND // 48_000
                while words and words[0][0] < until:
                    offset, duration, word = words.pop(0)
                    meta = {"Metadata": [{"Type": "WordBoundary", "Data": {
                        "Offset": offset, "Duration": duration,
                        "text": {"Text": word, "Length": len(word), "BoundaryType": "WordBoundary"}}}]}
                    await ws.send(_text_message("audio.metadata", request_id, json.dumps(meta, ensure_ascii=False)))
                await ws.send(_audio_frame(request_id, chunk))
            if answer == "drop":
                ws.transport.abort()  # the connection is lost, not closed
                return
        await ws.send(_audio_frame(request_id, b""))
        await ws.send(_text_message("turn.end", request_id, "{}"))

    # --- lifecycle -----------------------------------------------------------------------------

    def _serve(self) -> None:
        from websockets.asyncio.server import serve

        async def main() -> None:
            self._stopping = asyncio.Event()
            # No permessage-deflate (the client offers it; a server may decline): compressing MP3
            # frames would only cost both sides CPU, and the benchmark's stand-in must cost none.
            async with serve(self._handler, "127.0.0.1", self._port, process_request=self._process_request,
                             max_size=2**22, compression=None) as server:
                self._server = server
                self._ready.set()
                await self._stopping.wait()

        self._loop.run_until_complete(main())
        self._loop.close()

    @property
    def port(self) -> int:
        assert self._server is not None
        return next(iter(self._server.sockets)).getsockname()[1]

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}{BASE_PATH}"

    @property
    def env(self) -> dict[str, str]:
        return {"NARRATOR_EDGE_URL": self.url}

    def prepare(self, texts: list[str]) -> None:
        """Make the answers ahead, so that serving them costs nothing but the latency."""
        for text in texts:
            self.state.answer(text)

    def start(self) -> StandIn:
        self._thread.start()
        self._ready.wait(10)
        return self

    def stop(self) -> None:
        if self._stopping is not None:
            self._loop.call_soon_threadsafe(self._stopping.set)
        self._thread.join(10)

    def __enter__(self) -> StandIn:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds per answer")
    parser.add_argument("--rate-429", type=float, default=0.0)
    parser.add_argument("--rate-403", type=float, default=0.0)
    parser.add_argument("--rate-drop", type=float, default=0.0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    faults = Faults(latency_s=args.latency, rate_429=args.rate_429, rate_403=args.rate_403,
                    rate_drop=args.rate_drop, seed=args.seed)
    standin = StandIn(faults, port=args.port).start()
    serve_until_terminated(standin, f"NARRATOR_EDGE_URL={standin.url}")


if __name__ == "__main__":
    main()
