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


def diacritize(text: str) -> str:
    """Text with harakat added; text without Arabic letters comes back unchanged."""
    if not has_arabic_letter(text):
        return text
    return _model()(text)
