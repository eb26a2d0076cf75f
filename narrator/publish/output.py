"""Output files that appear whole or not at all.

Everything is written to hidden `.NAME.partial-PID` files beside its final place (same file system,
so the last step is an atomic rename).  A render killed with -9 leaves only such files; the next
render in that folder removes those whose process is gone.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType

from ..cache import remove_stale_partials
from ..errors import PublishError
from ..signals import Deferred


class OutputSet:
    """Final paths mapped to their partial files; `commit()` renames sidecars first, MP3 last."""

    def __init__(self, folder: Path) -> None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise PublishError(f"cannot create output folder {folder}: {exc.strerror}") from None
        if not os.access(folder, os.W_OK | os.X_OK):
            raise PublishError(f"output folder {folder} is not writable")
        remove_stale_partials(folder)
        self.folder = folder
        self._partials: dict[Path, Path] = {}
        self._scratch: list[Path] = []

    def partial(self, name: str) -> Path:
        """A partial file that becomes `folder/name` on commit."""
        final = self.folder / name
        path = self.folder / f".{name}.partial-{os.getpid()}"
        self._partials[final] = path
        return path

    def scratch(self, name: str) -> Path:
        """A working file that is removed at the end, whatever happens."""
        path = self.folder / f".{name}.partial-{os.getpid()}"
        self._scratch.append(path)
        return path

    def write_text(self, name: str, text: str) -> None:
        self.partial(name).write_text(text, encoding="utf-8")

    def commit(self) -> None:
        # The MP3 goes last: a reader that sees the new MP3 also sees its new sidecars.
        ordered = sorted(self._partials.items(), key=lambda kv: kv[0].suffix == ".mp3")
        try:
            with Deferred():  # a signal now would leave new sidecars beside the old MP3
                for final, partial in ordered:
                    os.replace(partial, final)
        except OSError as exc:
            raise PublishError(f"cannot write {self.folder}: {exc.strerror}") from None
        self._partials.clear()

    def discard(self) -> None:
        for path in [*self._partials.values(), *self._scratch]:
            path.unlink(missing_ok=True)
        self._partials.clear()
        self._scratch.clear()

    def __enter__(self) -> OutputSet:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is not None:
            self.discard()
        else:
            for path in self._scratch:
                path.unlink(missing_ok=True)
