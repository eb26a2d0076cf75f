"""Automatic tashkeel for the offline voice: espeak-ng reads bare Arabic as consonants.

The model is libtashkeel's ONNX network as shipped inside the piper-tts wheel; it is loaded once per
process, on first use, so commands that never diacritize do not pay for onnxruntime.

Measured (scripts/measure_normalization.py): 7.16 % diacritic error rate on 200 test lines of
Fadel et al. 2019, sukun ignored; the target is 10 %.  Alternatives on PyPI were looked at and
not taken: catt-tashkeel's wheel carries no weights (it fetches them at run time, which we must
not do); arabic-diacritizer claims 6.6 % but needs torch and answers from a cache of Tashkeela
sentences, the corpus the benchmark's test lines come from.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Protocol

from ..errors import EngineUnavailable
from .symbols import has_arabic_letter


class Diacritizer(Protocol):
    def __call__(self, text: str) -> str: ...


@lru_cache(maxsize=1)
def _model() -> Diacritizer:
    try:
        from piper.tashkeel import TashkeelDiacritizer
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise EngineUnavailable(f"the diacritization model is missing ({exc}); reinstall narrator") from None
    return TashkeelDiacritizer()  # type: ignore[no-any-return]


def model_version() -> str:
    from importlib.metadata import version

    return f"libtashkeel/piper-tts {version('piper-tts')}"


# libtashkeel refuses text longer than 12,000 characters ("Text length cannot exceed 12000").
# Longer text (a paragraph without punctuation) is diacritized in pieces cut at spaces.
MAX_CHARS = 12_000
_PIECE_CHARS = 10_000


def _pieces(text: str, limit: int) -> list[str]:
    """`text` cut into pieces of at most `limit` characters, each ending after a space where
    there is one (a single word longer than the limit is cut where it must be)."""
    pieces = []
    while len(text) > limit:
        cut = text.rfind(" ", 0, limit) + 1 or limit
        pieces.append(text[:cut])
        text = text[cut:]
    return [*pieces, text] if text else pieces


def diacritize(text: str) -> str:
    """Text with harakat added; text without Arabic letters comes back unchanged."""
    if not has_arabic_letter(text):
        return text
    if len(text) <= MAX_CHARS:
        return _model()(text)
    return "".join(_model()(piece) if has_arabic_letter(piece) else piece for piece in _pieces(text, _PIECE_CHARS))
