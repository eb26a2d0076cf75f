"""Pronunciation commands: `narrate lexicon check FILE`, `narrate say TEXT`, and what `plan --spoken`,
`normalize --lexicon` and `--lexicon` on the other commands share.

Only click lives here; the work is in narrator/text/pronounce.py and narrator/text/lexicon.py.
Errors are raised as NarratorError and turned into one line by cli.py.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from ..cache import write_atomically
from ..config import CONFIG_NAME, load_config
from ..engines import PUBLIC_ENGINES, EngineOptions, Speech, create, engine_class
from ..errors import InputError
from ..model import Article, Role
from ..text.diacritize import diacritize
from ..text.lexicon import Lexicon, Rule, check, read
from ..text.pronounce import load_lexicon, speakable, spoken_rules
from ..text.spans import show_marks
from .options import lexicon_option
from ..text.speak import build_script

F = TypeVar("F", bound=Callable[..., Any])

# Players tried in order for `narrate say` without -o: (program, arguments before the file).
PLAYERS = (("ffplay", ("-nodisp", "-autoexit", "-loglevel", "quiet")), ("paplay", ()), ("pw-play", ()),
           ("aplay", ("-q",)), ("afplay", ()))


def editor_lexicon(extra: tuple[Path, ...] | list[Path] = (), config: Path = Path(CONFIG_NAME)) -> Lexicon:
    """Built-in rules, the file narrator.toml names (or lexicon.tsv beside it), then `extra`
    (the render options do the same for narrate and sync: RenderChoice.options)."""
    return load_lexicon(tuple(extra), editor=load_config(config).lexicon)


def spoken_outline(article: Article, lexicon: Lexicon, engine: str) -> str:
    """Every utterance as `engine` receives it, the words a lexicon rule said in ⟦ ⟧."""
    cls = engine_class(engine)
    script = build_script(
        article, max_chars=cls.max_chars, transform=diacritize if cls.needs_diacritics else None,
        spoken_rules=spoken_rules(lexicon), finish=show_marks,
    )
    lines: list[str] = []
    chapter = -1
    changed = 0
    used: Counter[Rule] = Counter()
    for utterance in script.utterances:
        used.update(hit.rule for hit in lexicon.hits(utterance.text))
        if utterance.chapter != chapter:
            chapter = utterance.chapter
            lines += ["", f"{chapter + 1}. {script.chapter_titles[chapter]}"] if chapter < len(script.chapter_titles) else []
        label = "" if utterance.role is Role.BODY else f"[{utterance.role.value}] "
        lines.append(f"  {label}{utterance.spoken}")
        changed += utterance.spoken.count("⟦")
    summary = f"{len(script.utterances)} utterances for {engine}; {changed} spans said by a lexicon rule, in ⟦ ⟧"
    # Which rule said what, and where it comes from: an editor fixes the rule, not the article.
    rules = [f"  {rule.written} → {rule.say}  ({rule.where}) ×{count}" for rule, count in used.most_common()]
    return "\n".join([summary, *lines, *(["", "rules used:", *rules] if rules else [])])


@click.group("lexicon")
def lexicon_group() -> None:
    """Pronunciation rules: one WRITTEN<TAB>SAY a line (see docs/pronunciation.md).

    \b
    Example: narrate lexicon check lexicon.tsv
    """


@lexicon_group.command("check")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def lexicon_check_command(file: Path) -> None:
    """Report malformed lines, duplicates and rules that can never match, with line numbers.

    Exit status 1 when anything is reported.

    \b
    Example: narrate lexicon check lexicon.tsv
    """
    problems = check(read(file), str(file))
    for problem in problems:
        click.echo(f"{file}:{problem.line}: {problem.message}")
    if problems:
        raise InputError(f"{file}: {len(problems)} problem{'s' if len(problems) > 1 else ''}")
    click.echo(f"{file}: ok", err=True)


def _encode(clip: Any, suffix: str) -> bytes:
    """The clip as WAV, or as MP3 through the project's ffmpeg."""
    wav = io.BytesIO()
    clip.export(wav, format="wav")
    if suffix == ".wav":
        return wav.getvalue()
    from ..audio.ffmpeg import run_ffmpeg

    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / f"clip{suffix}"
        run_ffmpeg(["-f", "wav", "-i", "pipe:0", str(target)], f"encoding {suffix}", stdin=wav.getvalue())
        return target.read_bytes()


def _player() -> list[str] | None:
    for program, arguments in PLAYERS:
        found = shutil.which(program)
        if found:
            return [found, *arguments]
    return None


@click.command("say")
@click.argument("text")
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the clip to this .wav or .mp3 instead of playing it.")
@click.option("--engine", type=click.Choice(["auto", *PUBLIC_ENGINES, "fake"]), default="auto",
              show_default=True, help="The voice, as for narrate.")
@click.option("--tld", default="com", show_default=True, help="Google host for gtts.")
@lexicon_option
def say_command(text: str, out: Path | None, engine: str, tld: str, lexicons: tuple[Path, ...]) -> None:
    """Say TEXT with the current engine, lexicon and settings: played when a player is found
    (ffplay, paplay, pw-play, aplay, afplay), else written to say.wav.

    What the engine receives is printed on stderr, the words a rule said in ⟦ ⟧.

    \b
    Example: narrate say "وصل الوفد إلى حمص" --lexicon names.tsv -o test.wav
    """
    if out is not None and out.suffix.lower() not in (".wav", ".mp3"):
        raise InputError(f"{out}: the clip is written as .wav or .mp3")
    lexicon = editor_lexicon(lexicons)
    voice, reason = create(engine, EngineOptions(tld=tld))
    diacritizer = diacritize if voice.needs_diacritics else None
    marked = speakable(text, lexicon=lexicon, diacritizer=diacritizer, finish=show_marks)
    spoken = speakable(text, lexicon=lexicon, diacritizer=diacritizer)
    if not spoken.strip():
        raise InputError("nothing to say: the text is empty once cleaned")
    if len(spoken) > voice.max_chars:
        raise InputError(f"{len(spoken)} characters once spoken: more than one clip of {voice.name} "
                         f"({voice.max_chars}); render longer text with narrate")
    click.echo(f"narrate: {reason}", err=True)
    click.echo(f"narrate: says: {marked}", err=True)
    result = voice.synthesize(spoken)
    # Engines with word times return a Speech; the clip is its audio.
    clip = result.audio if isinstance(result, Speech) else result
    player = _player() if out is None else None
    if player is not None:
        with tempfile.TemporaryDirectory() as folder:
            wav = Path(folder) / "say.wav"
            wav.write_bytes(_encode(clip, ".wav"))
            subprocess.run([*player, str(wav)], check=False)
        return
    target = out or Path("say.wav")
    data = _encode(clip, target.suffix.lower())
    write_atomically(target, lambda f: f.write(data))
    click.echo(f"narrate: wrote {target} ({len(clip) / 1000:.2f} s)", err=True)
