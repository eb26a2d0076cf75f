"""What a sync remembers, kept inside DIR (`DIR/.narrator/state.sqlite`), so DIR is self-contained:
copied elsewhere, the next sync there goes on where this one stopped.

One row per item ever seen: its stem and guid (fixed at the first render, kept through
corrections), the source's date and the validators (ETag, Last-Modified) at the last check, the
hash of the article text that was published, and the failures since the last success with when to
try again.

Two syncs on one DIR: an exclusive lock on `DIR/.narrator/lock` (held for the whole run, released
by the kernel when the process dies, so a killed sync never leaves DIR locked) makes the second
wait or say that DIR is busy.  SQLite in WAL mode with every change in its own transaction: a crash
loses at most the row of the episode being written.  The episode's files are written first and its
row after, so a crash between the two leaves files without a row (or an old row), which the next
run repairs by checking and rendering that item again.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..errors import BusyError, PublishError

STATE_DIR = ".narrator"
FORMAT_VERSION = 1
# A permanent failure (404, not HTML, no article on the page) is tried this many times, then
# reported without asking the server again; a transient one is retried for ever, ever less often.
PERMANENT_ATTEMPTS = 3
_FIRST_DELAY_S = 15 * 60
_MAX_DELAY_S = 24 * 3600

_SCHEMA = """
CREATE TABLE IF NOT EXISTS items (
    key TEXT PRIMARY KEY,
    link TEXT NOT NULL,
    stem TEXT UNIQUE,
    guid TEXT,
    source_date TEXT,
    published TEXT,
    etag TEXT,
    last_modified TEXT,
    content_hash TEXT,
    rendered_at TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    permanent INTEGER NOT NULL DEFAULT 0,
    next_attempt REAL
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass(frozen=True, slots=True)
class ItemState:
    key: str
    link: str
    stem: str | None
    guid: str | None
    source_date: str | None
    published: str | None
    etag: str | None
    last_modified: str | None
    content_hash: str | None  # None: never published
    rendered_at: str | None
    attempts: int  # failures since the last success
    last_error: str | None
    permanent: bool
    next_attempt: float | None  # epoch seconds; None with `permanent`: given up

    @property
    def is_published(self) -> bool:
        return self.content_hash is not None

    @property
    def given_up(self) -> bool:
        return self.permanent and self.attempts >= PERMANENT_ATTEMPTS


def retry_delay(attempts: int) -> float:
    """Seconds to wait after the `attempts`-th failure in a row: the first failure is retried on
    the next run; then 15 min, 1 h, 4 h ... at most a day."""
    if attempts <= 1:
        return 0.0
    return float(min(_FIRST_DELAY_S * 4 ** (attempts - 2), _MAX_DELAY_S))


def state_dir(folder: Path) -> Path:
    return folder / STATE_DIR


@contextmanager
def dir_lock(folder: Path, wait_s: float = 0.0) -> Iterator[None]:
    """Hold DIR for one sync; another sync waits up to `wait_s` seconds, then fails as busy."""
    import fcntl

    path = state_dir(folder) / "lock"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise PublishError(f"cannot create {path}: {exc.strerror}") from None
    try:
        deadline = time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
                    who = f" (pid {holder})" if holder.isdigit() else ""
                    raise BusyError(f"{folder} is busy: another narrate sync{who} is working on it; "
                                    "try again when it has finished") from None
                time.sleep(0.2)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)  # closing releases the lock


class SyncState:
    """The items table of one DIR.  Open it only under `dir_lock`."""

    def __init__(self, folder: Path) -> None:
        path = state_dir(folder) / "state.sqlite"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, timeout=30)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
            found = self._db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
            if found is None:
                with self._db:
                    self._db.execute("INSERT INTO meta VALUES ('format', ?)", (str(FORMAT_VERSION),))
            elif int(found[0]) > FORMAT_VERSION:
                raise PublishError(f"{path} was written by a newer narrator (state format {found[0]})")
        except sqlite3.Error as exc:
            raise PublishError(f"{path}: unreadable sync state ({exc})") from None
        self.path = path

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> SyncState:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading --------------------------------------------------------------------------------

    def get(self, key: str) -> ItemState | None:
        self._db.row_factory = sqlite3.Row
        row = self._db.execute("SELECT * FROM items WHERE key = ?", (key,)).fetchone()
        self._db.row_factory = None
        if row is None:
            return None
        values = dict(row)
        values["permanent"] = bool(values["permanent"])
        return ItemState(**values)

    def stems(self) -> set[str]:
        return {r[0] for r in self._db.execute("SELECT stem FROM items WHERE stem IS NOT NULL")}

    def meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self._db:
            self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # -- writing: one transaction each --------------------------------------------------------

    def _ensure(self, key: str, link: str) -> None:
        self._db.execute("INSERT OR IGNORE INTO items (key, link) VALUES (?, ?)", (key, link))

    def published(
        self, key: str, link: str, *, stem: str, guid: str, source_date: str | None, published: str,
        etag: str | None, last_modified: str | None, content_hash: str, now: float,
    ) -> None:
        rendered_at = dt.datetime.fromtimestamp(now, dt.timezone.utc).isoformat()
        with self._db:
            self._ensure(key, link)
            self._db.execute(
                """UPDATE items SET link = ?, stem = ?, guid = ?, source_date = ?, published = ?, etag = ?,
                   last_modified = ?, content_hash = ?, rendered_at = ?, attempts = 0, last_error = NULL,
                   permanent = 0, next_attempt = NULL WHERE key = ?""",
                (link, stem, guid, source_date, published, etag, last_modified, content_hash, rendered_at, key),
            )

    def checked(self, key: str, *, source_date: str | None, etag: str | None, last_modified: str | None) -> None:
        """A published item found unchanged: remember the validators for the next conditional GET."""
        with self._db:
            self._db.execute(
                """UPDATE items SET source_date = ?, etag = COALESCE(?, etag),
                   last_modified = COALESCE(?, last_modified) WHERE key = ?""",
                (source_date, etag, last_modified, key),
            )

    def failed(
        self, key: str, link: str, error: str, *, permanent: bool, now: float, retry_at: float | None = None,
    ) -> int:
        """Record one more failure; returns how many in a row."""
        with self._db:
            self._ensure(key, link)
            (attempts,) = self._db.execute("SELECT attempts FROM items WHERE key = ?", (key,)).fetchone()
            attempts += 1
            next_attempt: float | None = now + retry_delay(attempts)
            if retry_at is not None:
                next_attempt = max(next_attempt or now, retry_at)
            if permanent and attempts >= PERMANENT_ATTEMPTS:
                next_attempt = None
            self._db.execute(
                "UPDATE items SET attempts = ?, last_error = ?, permanent = ?, next_attempt = ? WHERE key = ?",
                (attempts, error, int(permanent), next_attempt, key),
            )
        return attempts
