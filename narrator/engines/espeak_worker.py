"""A small process that speaks with espeak-ng, each utterance from the same pristine state.

libespeak-ng keeps state across calls that no API resets (the pitch flutter's phase, the echo
buffer, the gain control are static variables in its wave generator): the same sentence comes out
a few samples different depending on what was said before it, so an article rendered alone and
the same article rendered after another differed, and a clip from the cache could differ from the
one a fresh render would make.  Re-initialising the library does not clear them.  So this worker
loads and initialises the library once, then forks a child per utterance: every child starts from
the state right after initialisation, and the same text always gives the same samples.  Forking
a process this small costs well under a millisecond.

Run as a script (`python espeak_worker.py`), not as part of the package: it imports nothing of
narrator, so it starts in a few milliseconds.  Protocol on stdin/stdout, all integers 4-byte
little-endian: request = length + UTF-8 text; answer = status (0 ok) + length + payload (the number
of words N, N pairs (character offset, sample) where each word starts, then 16-bit PCM; or an error
message).  It ignores SIGINT and SIGTERM, which a terminal sends to the whole process
group: the render decides what an interruption means, and the worker ends when its stdin closes.
"""

from __future__ import annotations

import ctypes
import os
import signal
import struct
import sys

AUDIO_OUTPUT_SYNCHRONOUS = 2
POS_CHARACTER = 1
CHARS_UTF8 = 1
PARAM_RATE = 1
EVENT_LIST_TERMINATED = 0
EVENT_WORD = 1


class Event(ctypes.Structure):
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


CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(Event))


def _read_exact(fd: int, size: int) -> bytes | None:
    parts = []
    while size:
        chunk = os.read(fd, size)
        if not chunk:
            return None
        parts.append(chunk)
        size -= len(chunk)
    return b"".join(parts)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _frame(status: int, payload: bytes) -> bytes:
    return struct.pack("<II", status, len(payload)) + payload


def main() -> int:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    library, data_path, voice, rate = sys.argv[1], sys.argv[2].encode(), sys.argv[3].encode(), int(sys.argv[4])
    lib = ctypes.CDLL(library)
    lib.espeak_Info.restype = ctypes.c_char_p
    sample_rate = lib.espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, data_path, 0)
    buffer = bytearray()
    words: list[tuple[int, int]] = []  # (character offset in the text, sample) of each word's start

    def collect(wav: ctypes.Array, count: int, events: ctypes.Array) -> int:
        if count > 0:
            buffer.extend(ctypes.string_at(wav, count * 2))
        index = 0
        while events and events[index].type != EVENT_LIST_TERMINATED:
            event = events[index]
            if event.type == EVENT_WORD:
                words.append((max(0, event.text_position - 1), event.audio_position * sample_rate // 1000))
            index += 1
        return 0

    callback = CALLBACK(collect)
    lib.espeak_SetSynthCallback(callback)
    ready = sample_rate > 0 and lib.espeak_SetVoiceByName(voice) == 0
    if ready:
        lib.espeak_SetParameter(PARAM_RATE, rate, 0)
    version = (lib.espeak_Info(None) or b"?").decode()
    hello = f"{sample_rate} {version}" if ready else "cannot initialise espeak-ng or its voice"
    _write_all(1, _frame(0 if ready else 1, hello.encode()))
    if not ready:
        return 1
    while True:
        header = _read_exact(0, 4)
        if header is None:
            return 0
        text = _read_exact(0, struct.unpack("<I", header)[0])
        if text is None:
            return 0
        read_end, write_end = os.pipe()
        child = os.fork()
        if child == 0:  # pragma: no cover - runs in the forked child
            os.close(read_end)
            status = lib.espeak_Synth(ctypes.c_char_p(text), ctypes.c_size_t(len(text) + 1),
                                      0, POS_CHARACTER, 0, CHARS_UTF8, None, None)
            if status == 0:
                timed = struct.pack("<I", len(words)) + b"".join(struct.pack("<II", *w) for w in words)
                # Written in parts, not joined: every byte a fresh child allocates is a page fault
                # (two copies of the samples were a third of the child's page faults and about
                # 2 ms an utterance; measured with bench-like runs of the seed's utterances).
                parts = [struct.pack("<II", 0, len(timed) + len(buffer)), timed, memoryview(buffer)]
            else:
                parts = [_frame(1, f"status {status}".encode())]
            for part in parts:
                _write_all(write_end, part)
            os._exit(0)
        os.close(write_end)
        chunks = []
        while chunk := os.read(read_end, 1 << 16):
            chunks.append(chunk)
        os.close(read_end)
        _, code = os.waitpid(child, 0)
        answer = b"".join(chunks)
        whole = len(answer) >= 8 and len(answer) == 8 + struct.unpack("<II", answer[:8])[1]
        if code != 0 or not whole:
            answer = _frame(1, f"synthesis process ended abnormally (wait status {code})".encode())
        _write_all(1, answer)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # the render stopped listening (interrupted): nothing left to do
        sys.exit(0)
