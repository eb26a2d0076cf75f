"""Clips already synthesized, keyed by everything that shapes their sound.

One WAV file per utterance, in the program format, written atomically: a killed render leaves
either a whole entry or none, and the next run fetches only what is missing.  An entry that does not
read back as a well-formed WAV of the program format is treated as missing and replaced.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import tempfile
import threading
import wave
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from platformdirs import user_cache_dir, user_state_dir

from .audio.format import CHANNELS, SAMPLE_RATE, SAMPLE_WIDTH
from .model import Clip, WordTime

CACHE_FORMAT = 1


def write_atomically(path: Path, write: Callable[[BinaryIO], None]) -> None:
    """Write `path` through a temporary file beside it, renamed into place when whole: readers
    (and a render killed midway) see the old file or the new one, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # Named like every partial file of narrator's (`.NAME.….partial-PID`), so that one left by a
    # process killed midway is recognised and swept by the next one (`remove_stale_partials`).
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=f".partial-{os.getpid()}")
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


_PARTIAL = re.compile(r"^\..+\.partial-(\d+)$")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_partials(folder: Path, pattern: str = ".*.partial-*") -> None:
    """Remove the partial files of processes that are gone (a `kill -9` midway): never read as
    entries, but they would pile up.  A live process's partial file is left alone."""
    try:
        for path in folder.glob(pattern):
            match = _PARTIAL.match(path.name)
            if match and not _alive(int(match.group(1))):
                path.unlink(missing_ok=True)
    except OSError:
        pass  # a folder we cannot list or clean: nothing of ours to sweep there


def default_cache_dir() -> Path:
    return Path(os.environ.get("NARRATOR_CACHE_DIR") or user_cache_dir("narrator"))


def default_state_dir() -> Path:
    """What narrator learns about this machine (the encoder's calibration): not a cache of
    articles, so an emptied clip cache or `--no-cache` keeps it."""
    return Path(os.environ.get("NARRATOR_STATE_DIR") or user_state_dir("narrator"))


def clip_key(engine_identity: str, spoken: str) -> str:
    payload = f"narrator-cache {CACHE_FORMAT}\n{engine_identity}\n{spoken}".encode()
    return hashlib.sha256(payload).hexdigest()


class ClipCache:
    """A clip is `KEY.wav`; the word times its engine gave, if any, are `KEY.words.json` beside it,
    written first: an entry whose words are missing or unreadable is still a good clip (captions
    then share its time by characters)."""

    def __init__(self, root: Path) -> None:
        self.root = root / "clips"
        remove_stale_partials(self.root, "*/.*.partial-*")

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.wav"

    def _words_path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.words.json"

    def get(self, key: str) -> Clip | None:
        pcm = self._pcm(key)
        if pcm is None:
            return None
        try:
            pairs = json.loads(self._words_path(key).read_text(encoding="utf-8"))
            words = tuple(WordTime(int(offset), int(sample)) for offset, sample in pairs)
        except (OSError, ValueError, TypeError):
            words = ()
        return Clip(pcm, words)

    def _pcm(self, key: str) -> bytes | None:
        path = self._path(key)
        try:
            with wave.open(str(path), "rb") as w:
                ok = (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (CHANNELS, SAMPLE_WIDTH, SAMPLE_RATE)
                frames = w.getnframes()
                pcm = w.readframes(frames)
        except FileNotFoundError:
            return None
        except (wave.Error, EOFError, OSError):
            ok, pcm, frames = False, b"", 0
        if not ok or len(pcm) != frames * SAMPLE_WIDTH * CHANNELS:
            try:
                path.unlink(missing_ok=True)  # damaged: made again (and stored, if the cache allows)
            except OSError:
                pass
            return None
        return pcm

    def put(self, key: str, clip: Clip) -> None:
        pcm = clip.pcm
        if clip.words:
            payload = json.dumps([[w.offset, w.sample] for w in clip.words]).encode()
            write_atomically(self._words_path(key), lambda f: f.write(payload))

        def write(f: BinaryIO) -> None:
            with wave.open(f, "wb") as w:
                w.setnchannels(CHANNELS)
                w.setsampwidth(SAMPLE_WIDTH)
                w.setframerate(SAMPLE_RATE)
                w.writeframes(pcm)

        write_atomically(self._path(key), write)


class ReadOnlyTolerant:
    """A cache whose writes may fail (a read-only or full cache folder, another user's cache):
    the first failure is reported once through `warn`, and the render goes on without storing.
    Reads go on too: what is there is still good."""

    def __init__(self, inner: ClipCache, warn: Callable[[str], None]) -> None:
        self.inner = inner
        self.warn = warn
        self.writable = True
        self._lock = threading.Lock()  # workers store clips at once; the warning is said once

    def get(self, key: str) -> bytes | None:
        return self.inner.get(key)

    def put(self, key: str, pcm: bytes) -> None:
        if not self.writable:
            return
        try:
            self.inner.put(key, pcm)
        except OSError as exc:
            with self._lock:
                if not self.writable:
                    return
                self.writable = False
            self.warn(f"cannot write to the cache {self.inner.root.parent} ({exc.strerror or exc}); "
                      f"rendering without storing clips")


class NoCache:
    """`--no-cache`: synthesize everything, store nothing."""

    def get(self, key: str) -> Clip | None:
        return None

    def put(self, key: str, clip: Clip) -> None:
        return None


class PieceStore:
    """Encoded MP3 pieces of episodes (see `audio.encode`), keyed by their PCM and settings, so
    that an unchanged paragraph is never encoded twice."""

    def __init__(self, root: Path) -> None:
        self.root = root / "pieces"
        remove_stale_partials(self.root, "*/.*.partial-*")

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.mp3"

    def get(self, key: str) -> bytes | None:
        try:
            return self._path(key).read_bytes()
        except OSError:
            return None

    def put(self, key: str, data: bytes) -> None:
        try:
            write_atomically(self._path(key), lambda f: f.write(data))
        except OSError:
            pass  # a read-only cache only costs speed

    def discard(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)



class TextMemo:
    """Results of slow pure text functions (the diacritizer: ~10 ms a sentence plus loading its
    model), kept in one SQLite file, so an unchanged article needs neither.  SQLite because two
    renders at once may both write, and a killed one must not leave a damaged file."""

    def __init__(self, root: Path) -> None:
        self.path = root / "text.sqlite"
        self._db: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
                # WAL: readers never wait for a writer, and a commit needs no full sync.
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
                db.execute("CREATE TABLE IF NOT EXISTS memo (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
                db.commit()
            except (OSError, sqlite3.Error):
                return None  # only a speed-up: without it, the function simply runs
            self._db = db
        return self._db

    def wrap(self, fn: Callable[[str], str], namespace: str) -> Callable[[str], str]:
        def memoized(text: str) -> str:
            key = hashlib.sha256(f"{namespace}\n{text}".encode()).hexdigest()
            db = self._connect()
            if db is not None:
                try:
                    row = db.execute("SELECT value FROM memo WHERE key = ?", (key,)).fetchone()
                    if row is not None:
                        return str(row[0])
                except sqlite3.Error:
                    pass
            value = fn(text)
            if db is not None:
                try:
                    with db:
                        db.execute("INSERT OR REPLACE INTO memo VALUES (?, ?)", (key, value))
                except sqlite3.Error:
                    pass
            return value

        return memoized

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
