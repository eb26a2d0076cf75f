"""`narrator.toml`: the show's settings and the optional intro and outro.

```toml
lexicon = "names.tsv"             # top-level, before any table: pronunciation rules (default: lexicon.tsv beside this file)

[show]
title = "نشرة بلدي"
description = "أخبار سوريا مقروءة"
author = "بلدي نيوز"
owner_name = "بلدي نيوز"          # defaults to author
owner_email = "podcast@example.org"
image = "cover.png"               # square JPEG or PNG, 1400-3000 px; generated when absent
category = "News"
link = "https://example.org"

[intro]                           # both keys optional; no [intro] table means no intro
audio = "jingle.mp3"              # paths are relative to narrator.toml
text = "{show}، {date}"           # {show}, {date}, {title} are filled in
title = "مقدمة"                   # the chapter's title

[outro]
text = "كان معكم {show}"

[voice]                           # the show's voice, so no command needs --engine/--voice
engine = "edge"                   # espeak, gtts or edge; --engine overrides it
name = "ar-SY-LaithNeural"        # edge: see `narrate voices`; --voice overrides it
rate = "+0%"                      # edge: speaking rate, e.g. "-10%"
pitch = "+0Hz"                    # edge: pitch, e.g. "-5Hz"
```

Everything is optional here; the command that needs a value says which one is missing.
"""

from __future__ import annotations

import string
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError
from .text.sanitize import sanitize

CONFIG_NAME = "narrator.toml"
_SHOW_KEYS = ("title", "description", "author", "owner_name", "owner_email", "image", "category", "link")


@dataclass(frozen=True, slots=True)
class ShowSettings:
    title: str | None = None
    description: str | None = None
    author: str | None = None
    owner_name: str | None = None
    owner_email: str | None = None
    image: Path | None = None
    category: str = "News"
    link: str | None = None

    def merged(self, **overrides: Any) -> ShowSettings:
        """These settings with every override that is not None (command-line options)."""
        values = {k: getattr(self, k) for k in _SHOW_KEYS}
        values.update({k: v for k, v in overrides.items() if v is not None})
        # Text from options and files is cleaned where it enters; blank counts as not given.
        for key, value in values.items():
            if isinstance(value, str):
                value = sanitize(value).strip()
                values[key] = value or ("News" if key == "category" else None)
        return ShowSettings(**values)


@dataclass(frozen=True, slots=True)
class Frame:
    """An intro or an outro: a jingle, a spoken line, or both (jingle first), as its own chapter."""

    title: str
    audio: Path | None = None
    text: str | None = None


@dataclass(frozen=True, slots=True)
class VoiceSettings:
    """narrator.toml's [voice]: None means the command line's or the engine's default."""

    engine: str | None = None
    name: str | None = None
    rate: str | None = None
    pitch: str | None = None


_VOICE_KEYS = ("engine", "name", "rate", "pitch")


@dataclass(frozen=True, slots=True)
class Config:
    show: ShowSettings = field(default_factory=ShowSettings)
    intro: Frame | None = None
    outro: Frame | None = None
    # The editor's pronunciation rules: the file named here, else lexicon.tsv beside narrator.toml.
    lexicon: Path | None = None
    voice: VoiceSettings = field(default_factory=VoiceSettings)


PLACEHOLDERS = ("show", "date", "title")


def check_template(template: str, setting: str) -> None:
    """Only `{show}`, `{date}` and `{title}` (and `{{`/`}}` for braces): a field, index, conversion
    or format of str.format would be spoken as Python's own text, or fail mid-render."""
    try:
        fields = [(f, spec, conv) for _, f, spec, conv in string.Formatter().parse(template) if f is not None]
    except ValueError as exc:
        raise InputError(f"{setting} {template!r}: {exc} (write {{{{ and }}}} for braces)") from None
    for field_name, spec, conversion in fields:
        if field_name not in PLACEHOLDERS or spec or conversion:
            shown = "{" + field_name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            raise InputError(f"{setting} {template!r}: unknown placeholder {shown}; "
                             f"use {', '.join('{' + p + '}' for p in PLACEHOLDERS)}")


def _table(data: dict[str, Any], name: str, source: Path) -> dict[str, Any]:
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise InputError(f"{source}: [{name}] must be a table")
    for key, value in table.items():
        if not isinstance(value, str):
            raise InputError(f"{source}: [{name}] {key} must be a string")
    return table


def _frame(data: dict[str, Any], name: str, default_title: str, source: Path) -> Frame | None:
    if name not in data:
        return None
    table = _table(data, name, source)
    unknown = set(table) - {"audio", "text", "title"}
    if unknown:
        raise InputError(f"{source}: [{name}] has unknown keys: {', '.join(sorted(unknown))}")
    audio = source.parent / table["audio"] if table.get("audio") else None
    if audio is not None and not audio.is_file():
        raise InputError(f"{source}: [{name}] audio {audio} does not exist")
    text = table.get("text") or None
    if text is not None:
        check_template(text, f"{source}: [{name}] text")
    if audio is None and text is None:
        raise InputError(f"{source}: [{name}] needs audio, text or both")
    return Frame(table.get("title") or default_title, audio, text)


def load_config(path: Path = Path(CONFIG_NAME)) -> Config:
    """The settings in `path`; a missing file means every default (no intro, no outro)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Config(lexicon=_beside(path))
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"{path} is not valid TOML: {exc}") from None
    show = _table(data, "show", path)
    unknown = set(show) - set(_SHOW_KEYS)
    if unknown:
        raise InputError(f"{path}: [show] has unknown keys: {', '.join(sorted(unknown))}")
    values: dict[str, Any] = {k: show[k] for k in _SHOW_KEYS if show.get(k)}
    if "image" in values:
        values["image"] = path.parent / values["image"]
    lexicon = data.get("lexicon")
    if lexicon is not None and not (isinstance(lexicon, str) and lexicon):
        raise InputError(f"{path}: lexicon must be the name of a file")
    named = path.parent / lexicon if lexicon else _beside(path)
    voice = _table(data, "voice", path)
    unknown = set(voice) - set(_VOICE_KEYS)
    if unknown:
        raise InputError(f"{path}: [voice] has unknown keys: {', '.join(sorted(unknown))}")
    return Config(
        show=ShowSettings(**values).merged(),
        intro=_frame(data, "intro", "مقدمة", path),
        outro=_frame(data, "outro", "خاتمة", path),
        lexicon=named,
        voice=VoiceSettings(**{k: voice[k] for k in _VOICE_KEYS if voice.get(k)}),
    )


LEXICON_NAME = "lexicon.tsv"


def _beside(path: Path) -> Path | None:
    """lexicon.tsv beside narrator.toml: the editor's pronunciation rules, used when present."""
    beside = path.parent / LEXICON_NAME
    return beside if beside.is_file() else None
