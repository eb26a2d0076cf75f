"""The podcast's intro and outro around an article, each as its own chapter.

An intro goes before the headline and an outro after the last paragraph; each is a jingle (an
audio file), a spoken line, or the jingle followed by the line.  A jingle is an utterance with no
text: it never reaches the engine, gives no transcript cue, and its clip is the decoded file.

Loudness: a jingle is an utterance of its own role, and the encoder always cuts the programme
around it, so it is mastered as a piece of its own, to the same target loudness as the speech.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

from .audio.ffmpeg import ffmpeg_exe
from .audio.format import CHANNELS, SAMPLE_RATE
from .config import Frame, check_template
from .errors import AudioError, InputError
from .model import Clip, Pauses, Role, Script, Utterance
from .signals import signal_death
from .text.speak import clean

_MONTHS = (
    "يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو",
    "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر",
)


def arabic_date(iso_day: str) -> str:
    """`2026-11-25` → `25 نوفمبر 2026`, as a news reader says it; other text is left alone."""
    try:
        day = dt.date.fromisoformat(iso_day[:10])
    except ValueError:
        return iso_day
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def fill(template: str, *, show: str, date: str, title: str) -> str:
    check_template(template, "intro/outro text")
    return template.format(show=show, date=arabic_date(date), title=title)


# A jingle is mastered as one piece (it has no pauses to cut in), so its length bounds the memory
# a render needs: an hour-long "jingle" took 1.8 GB.  Ten minutes is far beyond any jingle.
MAX_JINGLE_S = 600


def decode_jingle(frame: Frame) -> bytes:
    """The jingle as program-format PCM (ffmpeg decodes any format it knows); ffmpeg stops just
    past the limit, so a long file costs no more than a long jingle."""
    assert frame.audio is not None
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-v", "error", "-i", str(frame.audio),
           "-t", str(MAX_JINGLE_S + 1), "-f", "s16le", "-ar", str(SAMPLE_RATE), "-ac", str(CHANNELS), "-"]
    done = subprocess.run(cmd, capture_output=True, check=False)
    interrupted = signal_death(done.returncode, done.stderr.decode(errors="replace"))
    if interrupted:
        raise interrupted
    if len(done.stdout) > MAX_JINGLE_S * SAMPLE_RATE * 2:
        raise InputError(f"jingle {frame.audio} ([intro]/[outro] audio) is longer than {MAX_JINGLE_S // 60} "
                         f"minutes; a jingle must be shorter")
    if done.returncode != 0 or not done.stdout:
        message = done.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["no audio"]
        raise AudioError(f"cannot decode jingle {frame.audio}: {message[0]}")
    return done.stdout


@dataclass(frozen=True, slots=True)
class FramedScript:
    script: Script
    jingles: dict[int, bytes]  # utterance index → PCM, for the utterances that are jingles


def _frame_utterances(
    frame: Frame, chapter: int, line: str | None, transform: Callable[[str], str] | None,
    max_chars: int, inner_pause: int, last_pause: int,
) -> tuple[list[Utterance], list[bytes | None]]:
    utterances: list[Utterance] = []
    clips: list[bytes | None] = []
    if frame.audio is not None:
        utterances.append(Utterance("", "", chapter, Role.JINGLE, inner_pause))
        clips.append(decode_jingle(frame))
    if line:
        spoken = clean(line)
        if len(spoken) > max_chars:
            raise InputError(f"the {frame.title} line is longer than this engine's {max_chars} characters")
        utterances.append(Utterance(line, transform(spoken) if transform else spoken, chapter, Role.HEADING, inner_pause))
        clips.append(None)
    utterances[-1] = replace(utterances[-1], pause_after_ms=last_pause)
    return utterances, clips


def frame_script(
    script: Script,
    intro: Frame | None,
    outro: Frame | None,
    *,
    show: str,
    date: str,
    headline: str,
    pauses: Pauses,
    max_chars: int,
    transform: Callable[[str], str] | None = None,
) -> FramedScript:
    """`script` with the intro as chapter 0 and the outro as a last chapter."""
    if intro is None and outro is None:
        return FramedScript(script, {})
    shift = 1 if intro else 0
    body = [replace(u, chapter=u.chapter + shift) for u in script.utterances]
    titles = list(script.chapter_titles)
    before: list[Utterance] = []
    before_clips: list[bytes | None] = []
    after: list[Utterance] = []
    after_clips: list[bytes | None] = []

    def line(frame: Frame) -> str | None:
        return fill(frame.text, show=show, date=date, title=headline) if frame.text else None

    if intro:
        before, before_clips = _frame_utterances(
            intro, 0, line(intro), transform, max_chars, pauses.sentence_ms, pauses.section_ms)
        titles.insert(0, intro.title)
    if outro:
        if body:
            body[-1] = replace(body[-1], pause_after_ms=pauses.section_ms)
        after, after_clips = _frame_utterances(
            outro, len(titles), line(outro), transform, max_chars, pauses.sentence_ms, 0)
        titles.append(outro.title)
    utterances = (*before, *body, *after)
    clip_slots = [*before_clips, *([None] * len(body)), *after_clips]
    jingles = {i: pcm for i, pcm in enumerate(clip_slots) if pcm is not None}
    return FramedScript(Script(utterances, tuple(titles)), jingles)


def speech_only(framed: FramedScript) -> Script:
    """The utterances an engine must say (jingles left out), for synthesis."""
    s = framed.script
    return Script(tuple(u for i, u in enumerate(s.utterances) if i not in framed.jingles), s.chapter_titles)


def interleave(framed: FramedScript, speech: Iterable[Clip | bytes]) -> Iterator[Clip | bytes]:
    """Clips in listening order: each jingle's PCM in its place, speech clips between."""
    spoken = iter(speech)
    for index in range(len(framed.script.utterances)):
        yield framed.jingles[index] if index in framed.jingles else next(spoken)
