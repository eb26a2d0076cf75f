"""Written text → exactly what the engine receives."""

from __future__ import annotations

from collections.abc import Callable

from .diacritize import diacritize
from .speak import clean


def speakable(text: str, *, diacritizer: Callable[[str], str] | None = diacritize) -> str:
    spoken = clean(text)
    return diacritizer(spoken) if diacritizer and spoken else spoken
