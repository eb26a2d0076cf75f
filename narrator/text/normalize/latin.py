"""Latin script inside Arabic: addresses said by their domain, acronyms spelled as letters.

URLs and e-mail addresses are said by their domain (https://www.bbc.co.uk/news → bbc دوت co دوت uk;
a@b.org → a آت b دوت org): the path is noise to a listener, the site is what they might look up.
A Latin word that is not an acronym is kept as written for the engine to say (never dropped).
"""

from __future__ import annotations

import re

from ..symbols import LATIN_LETTER_NAMES

_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])([A-Za-z0-9._%+-]+)@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)(?![A-Za-z0-9-])")
_URL = re.compile(r"(?<![A-Za-z0-9])(?:https?://|www\.)[^\s]+|(?<![A-Za-z0-9.-])[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:com|org|net|gov|edu|info|io|sa|ae|eg|uk|fr|de|ly|ma|dz|tn|qa|kw|jo|lb|sy|iq)\b(?:/[^\s]*)?")
_ACRONYM = re.compile(r"(?<![A-Za-z])([A-Z]{1,6})s?(?![A-Za-z])")
_VOWELS = frozenset("AEIOU")


def _domain(address: str) -> str:
    host = re.sub(r"^(?:https?://)?(?:www\.)?", "", address, flags=re.IGNORECASE)
    host = re.split(r"[/?#:]", host, maxsplit=1)[0].rstrip(".,;")
    return " دوت ".join(p for p in host.split(".") if p)


def read_addresses(text: str) -> str:
    # Spaces around the result: scraped text glues addresses to the next word (…yahoo.comللتواصل).
    text = _EMAIL.sub(lambda m: f" {m.group(1).replace('.', ' دوت ')} آت {_domain(m.group(2))} ", text)
    return _URL.sub(lambda m: f" {_domain(m.group(0))} ", text)


def is_acronym(word: str) -> bool:
    """CD, BBC, HTML: letters; NATO, JASON: a word (four or more letters with a vowel)."""
    return len(word) <= 3 or not (_VOWELS & set(word))


def spell_acronyms(text: str) -> str:
    """`CD` → سي دي; an all-capitals word that reads as a word (JASON) is given in capitalised form,
    so the engine says it rather than spelling it."""

    def say(m: re.Match[str]) -> str:
        word = m.group(1)
        if is_acronym(word):
            return " ".join(LATIN_LETTER_NAMES[ch] for ch in word)
        return word.capitalize()

    return _ACRONYM.sub(say, text)
