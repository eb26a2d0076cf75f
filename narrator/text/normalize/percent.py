"""Percent: 25%, 25 %, %25 (the sign before the figure, as right-to-left text often stores it)."""

from __future__ import annotations

import re

from .cardinals import decimal
from .digits import NUMBER, parse

_PERCENT = re.compile(rf"%\s?({NUMBER})|({NUMBER})\s?%")


def read_percent(text: str) -> str:
    def say(m: re.Match[str]) -> str:
        figure = parse(m.group(1) or m.group(2))
        if figure is None:
            return m.group(0)
        return f"{decimal(figure.whole, figure.digits)} في المئة"

    return _PERCENT.sub(say, text)
