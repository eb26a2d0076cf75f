"""Fold the spelling variants Arabic allows, to compare a reading with a reference.

أ/إ/آ/ا, ة/ه, ى/ي, مئة/مائة, ثماني/ثمان, ثلاث مئة/ثلاثمئة, a space after و, and case endings (-ون/-ين,
-ان/-ين, -ا/-ي of اثنا, the accusative tanwin alif, ثوانٍ/ثواني) are one reading said two ways.
"""

from __future__ import annotations

import re

_HARAKAT = re.compile("[\u064b-\u0652\u0670\u0640]")


def fold(text: str) -> str:
    text = re.sub("ًا|اً", "", text)  # accusative tanwin alif: دولارًا ≈ دولار
    text = re.sub("انٍ(?![^\\W\\d_])", "اني", text)  # ثوانٍ ≈ ثواني
    text = _HARAKAT.sub("", text)
    text = text.replace("مائة", "مئة").replace("ثماني", "ثمان")
    text = re.sub("[أإآٱ]", "ا", text).replace("ة", "ه").replace("ى", "ي")
    text = re.sub(r"(?<![^\W\d_])و\s+", "و", text)
    text = re.sub(r"(\S)\s+مئ", r"\1مئ", text)
    words = []
    for word in text.split():
        word = re.sub("(ون|ين|ان)$", "ين", word) if len(word) > 3 else word
        word = re.sub("^(و?اثنت?)ا$", r"\1ي", word)
        words.append(word)
    return " ".join(words)
