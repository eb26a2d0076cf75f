"""The one place where text from outside is made safe to carry everywhere.

Everything an article, a file name, a setting or a hand-edited sidecar brings in passes here
once, where it enters, so every output (ID3, JSON, VTT, the page, the RSS feed, which XML 1.0
forbids most control characters in) can hold it.  Removed:

- C0 and C1 control characters, except tab and line breaks (they carry no text; XML forbids C0);
- code points XML 1.0 cannot hold or that are not characters: lone surrogates (from a YAML
  `"\\uD800"` escape or an undecodable file name), U+FFFE/U+FFFF and the other noncharacters;
- bidi embedding, override and isolate controls (U+202A-U+202E, U+2066-U+2069): an override
  reverses how text is shown (`gpj.exe` shows as `exe.jpg`), and nothing in a news article needs
  one.  The marks U+200E/U+200F/U+061C are kept: they only set a direction, and the transcript
  uses U+200F itself.

Everything else, Arabic presentation forms and zero-width joiners included, is left to the
speech rules, which know what each one means.
"""

from __future__ import annotations

import os
import re

_UNWANTED = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # controls (tab, LF, CR kept)
    "\u202a-\u202e\u2066-\u2069"  # bidi embeddings, overrides, isolates
    "\ud800-\udfff"  # surrogates: never characters on their own
    "\ufdd0-\ufdef\ufffe\uffff"  # noncharacters of the BMP
    "\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0003fffe\U0003ffff\U0004fffe\U0004ffff"
    "\U0005fffe\U0005ffff\U0006fffe\U0006ffff\U0007fffe\U0007ffff\U0008fffe\U0008ffff"
    "\U0009fffe\U0009ffff\U000afffe\U000affff\U000bfffe\U000bffff\U000cfffe\U000cffff"
    "\U000dfffe\U000dffff\U000efffe\U000effff\U000ffffe\U000fffff\U0010fffe\U0010ffff]"
)
# `&#1;`, `&#x0c;`, `&#xFFFE;`: a character reference to a code point XML cannot hold makes a
# strict parser give up on the whole page.
_CHAR_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));?")


def sanitize(text: str) -> str:
    """`text` without the characters listed in the module's docstring."""
    return _UNWANTED.sub("", text)


def _unwanted_reference(match: re.Match[str]) -> str:
    hexa, decimal = match.groups()
    code = int(hexa, 16) if hexa else int(decimal)
    if code > 0x10FFFF or _UNWANTED.match(chr(code)) or code == 0:
        return ""
    return match.group(0)


def sanitize_markup(text: str) -> str:
    """`sanitize`, and character references to the same characters dropped too (for HTML)."""
    return _CHAR_REF.sub(_unwanted_reference, sanitize(text)) if "&#" in text else sanitize(text)


def file_stem(name: str) -> str:
    """A file name's stem as the stem of every output file: the documented rule is
    - bytes that are not UTF-8 become `_` (the name is written out as UTF-8 text everywhere);
    - the characters `sanitize` removes are removed; leading dots and spaces go (an output file
      must not be hidden, or the feed would leave it out); an empty result is `article`."""
    raw = os.fsencode(name).decode("utf-8", "replace").replace("\ufffd", "_")
    stem = sanitize(raw).replace("\t", " ").replace("\n", " ").replace("\r", " ")
    return stem.lstrip(". ").rstrip() or "article"
