"""Transcript (.vtt/.srt), episode sidecar, narrator.toml and intro/outro framing."""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import struct
import wave
from pathlib import Path

import pytest
from mutagen.id3 import ID3

from narrator.audio.assemble import assemble
from narrator.audio.format import SAMPLE_RATE
from narrator.config import Frame, load_config
from narrator.errors import InputError
from narrator.model import Article, Chapter, Pauses
from narrator.publish.episode_meta import read_sidecar
from narrator.publish.transcript import (
    RLM, TranscriptCue, parse_vtt, rtl_safe, sentence_cues, to_srt, to_vtt, written_sentences,
)
from narrator.text.speak import build_script

from .conftest import ffmpeg_filter_log, render_short_articles

LONG = ("حيث عمل التنظيم على إعادة بناء مجموعاته وفرقه في منطقة البادية السورية، بل زادت عملياته "
        "بشكل كبير بعد مقتل \"البغدادي\"، الأمر الذي يدل على أن التنظيم تخلى عن مشروعه.")


def _program(article: Article, max_chars: int, tmp_path: Path):
    script = build_script(article, max_chars=max_chars)
    clips = [b"\x01\x00" * (100 * (i + 1)) for i in range(len(script.utterances))]
    return script, assemble(script, iter(clips), tmp_path / "p.pcm")


def test_pieces_of_one_sentence_become_one_cue_with_the_written_text(tmp_path: Path):
    article = Article("العنوان", "", (Chapter("العنوان", (f"جملة أولى. {LONG} جملة أخيرة؟",)),))
    script, program = _program(article, 60, tmp_path)
    assert len(script.utterances) > 4  # the long sentence was cut into pieces
    cues = sentence_cues(script, program, Pauses(), written_sentences(article))
    assert [c.text for c in cues] == ["العنوان", "جملة أولى.", LONG, "جملة أخيرة؟"]
    # The merged cue runs from its first piece's start to its last piece's end.
    pieces = program.cues[2:-1]
    assert cues[2].start_ms == pieces[0].start_sample * 1000 // SAMPLE_RATE
    assert cues[2].end_ms == pieces[-1].end_sample * 1000 // SAMPLE_RATE


def test_sentences_that_fit_are_left_one_cue_each(tmp_path: Path):
    article = Article("العنوان", "الكاتب", (Chapter("العنوان", ("أ ب. ج د.", "هـ و؟")),))
    script, program = _program(article, 200, tmp_path)
    cues = sentence_cues(script, program, Pauses(), written_sentences(article))
    assert [c.text for c in cues] == ["العنوان", "الكاتب", "أ ب.", "ج د.", "هـ و؟"]
    assert [c.start_ms for c in cues] == [c.start_sample * 1000 // SAMPLE_RATE for c in program.cues]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("قال الوزير", "قال الوزير"),  # Arabic first: untouched
        ("30 عنصراً قتلوا", "30 عنصراً قتلوا"),  # digits are weak; the first strong letter is Arabic
        ("«داعش» يصعد", "«داعش» يصعد"),
        ("ISIS هو الاسم", RLM + "ISIS هو الاسم"),  # Latin first would make the line left-to-right
        ("2020 COVID في سوريا", RLM + "2020 COVID في سوريا"),
        ("...", "..."),
        ("سطر  فيه\nفراغات", "سطر فيه فراغات"),
    ],
)
def test_rtl_safe(line: str, expected: str):
    assert rtl_safe(line) == expected


def test_vtt_and_srt_format_escape_and_read_back():
    cues = (TranscriptCue("أ < ب & ج", 0, 1500), TranscriptCue("ISIS --> هنا", 3_723_004, 3_725_000))
    vtt = to_vtt(cues)
    assert vtt.startswith("WEBVTT\n\n1\n00:00:00.000 --> 00:00:01.500\nأ &lt; ب &amp; ج\n")
    assert f"01:02:03.004 --> 01:02:05.000\n{RLM}ISIS --&gt; هنا\n" in vtt
    assert parse_vtt(vtt) == (TranscriptCue("أ < ب & ج", 0, 1500), TranscriptCue("ISIS --> هنا", 3_723_004, 3_725_000))
    srt = to_srt(cues)
    assert srt.startswith("1\n00:00:00,000 --> 00:00:01,500\nأ < ب & ج\n\n2\n01:02:03,004 --> ")
    # Where each sentence sits in the article travels in the VTT cue identifier; SRT keeps numbers.
    placed = (TranscriptCue("العنوان", 0, 900, "headline", 0, 0), TranscriptCue("قسم", 1000, 1500, "heading", 2, 7))
    vtt = to_vtt(placed)
    assert "\n1 headline-c0-p0\n00:00:00.000 --> " in vtt and "\n2 heading-c2-p7\n00:00:01.000 --> " in vtt
    assert parse_vtt(vtt) == placed
    assert to_srt(placed).startswith("1\n00:00:00,000 --> ")


def _id3_chapter_starts(mp3: Path) -> list[tuple[int, str]]:
    chaps = sorted(ID3(str(mp3)).getall("CHAP"), key=lambda c: c.start_time)
    return [(c.start_time, str(c.sub_frames["TIT2"].text[0])) for c in chaps]


def test_render_writes_transcripts_and_sidecar_that_agree_with_id3(rendered_folder: Path):
    names = sorted(p.name for p in rendered_folder.iterdir())
    assert names == sorted(f"{s}{x}" for s in ("first", "second")
                           for x in (".mp3", ".chapters.json", ".vtt", ".srt", ".episode.json"))
    for stem in ("first", "second"):
        mp3 = rendered_folder / f"{stem}.mp3"
        cues = parse_vtt((rendered_folder / f"{stem}.vtt").read_text(encoding="utf-8"))
        chapters = _id3_chapter_starts(mp3)
        doc = json.loads((rendered_folder / f"{stem}.chapters.json").read_text(encoding="utf-8"))
        # The JSON rounds seconds to 3 decimals, ID3 counts whole milliseconds: 1 ms apart at most.
        assert [c["title"] for c in doc["chapters"]] == [t for _, t in chapters]
        assert all(abs(c["startTime"] * 1000 - s) <= 1 for c, (s, _) in zip(doc["chapters"], chapters))
        # Same clock: every chapter starts exactly where one of its sentences starts.
        starts = {c.start_ms for c in cues}
        assert all(start in starts for start, _ in chapters), (chapters, sorted(starts))
        # Each section heading is a cue that starts its chapter.
        for start, title in chapters[1:]:
            assert next(c.text for c in cues if c.start_ms == start) == title
        # Cues are in order, do not overlap and end inside the episode.
        for a, b in zip(cues, cues[1:]):
            assert a.start_ms < a.end_ms <= b.start_ms
        assert cues[-1].end_ms <= read_sidecar(rendered_folder / f"{stem}.episode.json").duration_ms
    first = [c.text for c in parse_vtt((rendered_folder / "first.vtt").read_text(encoding="utf-8"))]
    # The long sentence (cut for the engine) is shown as written, with its quotes, in cues that fit
    # two lines of about 42 characters and follow each other.
    start = next(i for i, t in enumerate(first) if t.startswith("حيث عمل التنظيم"))
    end = next(i for i, t in enumerate(first) if t.endswith("محللين عسكريين."))
    assert end > start and '"البغدادي"' in " ".join(first[start:end + 1])
    vtt_lines = (rendered_folder / "first.vtt").read_text(encoding="utf-8").splitlines()
    assert max(len(line.replace(RLM, "")) for line in vtt_lines) <= 44
    assert "ISIS هو الاسم الذي تستخدمه الصحافة الغربية." in first
    assert f"{RLM}ISIS هو الاسم" in (rendered_folder / "first.vtt").read_text(encoding="utf-8")
    srt = (rendered_folder / "first.srt").read_text(encoding="utf-8")
    assert srt.count(" --> ") == len(first)


def test_sidecar_keeps_guid_and_publication_time_across_re_renders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    folder = tmp_path / "out"
    render_short_articles(folder, tmp_path / "cache", ("second",))
    first = read_sidecar(folder / "second.episode.json")
    assert first.published == "2026-11-22T00:00:00+00:00"  # the front matter date
    assert first.title == "الحلقة الثانية: أسعار الخبز في دمشق"
    assert first.description == "ارتفعت أسعار الخبز في دمشق للمرة الثالثة هذا العام."
    # Without a front matter date, the first render's time is kept by later renders.
    source = tmp_path / "out-sources" / "undated.md"
    source.write_text("# بلا تاريخ\n\nنص قصير.\n", encoding="utf-8")
    from narrator import RenderOptions, render
    from narrator.engines.fake import FakeEngine

    render(str(source), FakeEngine(), RenderOptions(out_dir=folder, cache_dir=tmp_path / "cache"))
    undated = read_sidecar(folder / "undated.episode.json")
    assert undated.published == "2026-09-21T14:13:20+00:00"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    source.write_text("# بلا تاريخ، بعد التصحيح\n\nنص قصير معدل.\n", encoding="utf-8")
    render(str(source), FakeEngine(), RenderOptions(out_dir=folder, cache_dir=tmp_path / "cache"))
    again = read_sidecar(folder / "undated.episode.json")
    assert (again.guid, again.published) == (undated.guid, undated.published)
    assert again.title == "بلا تاريخ، بعد التصحيح"
    # The same article rendered into a fresh folder gets the same guid; another article another.
    fresh = tmp_path / "fresh"
    render_short_articles(fresh, tmp_path / "cache", ("second", "first"))
    assert read_sidecar(fresh / "second.episode.json").guid == first.guid
    assert read_sidecar(fresh / "first.episode.json").guid != first.guid


# -- narrator.toml ---------------------------------------------------------------------------------


def test_config_reads_show_and_frames(tmp_path: Path):
    (tmp_path / "jingle.wav").write_bytes(b"")
    path = tmp_path / "narrator.toml"
    path.write_text(
        '[show]\ntitle = "نشرة"\nowner_email = "a@b.org"\nimage = "cover.png"\n'
        '[intro]\naudio = "jingle.wav"\ntext = "{show}، {date}"\n[outro]\ntext = "شكرا"\ntitle = "وداعا"\n',
        encoding="utf-8",
    )
    config = load_config(path)
    assert config.show.title == "نشرة" and config.show.owner_email == "a@b.org"
    assert config.show.image == tmp_path / "cover.png"
    assert config.show.category == "News" and config.show.author is None
    assert config.intro == Frame("مقدمة", tmp_path / "jingle.wav", "{show}، {date}")
    assert config.outro == Frame("وداعا", None, "شكرا")
    assert config.show.merged(title="أخرى", author=None).title == "أخرى"


def test_no_config_file_means_defaults_and_no_framing(tmp_path: Path):
    config = load_config(tmp_path / "narrator.toml")
    assert config.intro is None and config.outro is None and config.show.title is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[show\n", "is not valid TOML"),
        ('show = "x"\n', "[show] must be a table"),
        ("[show]\ntitel = 'x'\n", "unknown keys: titel"),
        ("[show]\ntitle = 3\n", "title must be a string"),
        ("[intro]\n", "needs audio, text or both"),
        ("[intro]\naudio = 'missing.mp3'\n", "does not exist"),
        ("[outro]\nvoice = 'x'\n", "unknown keys: voice"),
    ],
)
def test_bad_config_says_what_is_wrong(tmp_path: Path, text: str, message: str):
    path = tmp_path / "narrator.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(message)):
        load_config(path)


# -- intro and outro -------------------------------------------------------------------------------


def _quiet_jingle(path: Path, seconds: float = 2.0, amplitude: int = 900) -> None:
    """A 440 Hz tone far quieter than the fake voice, at another sample rate, in stereo."""
    rate = 48000
    frames = b"".join(
        struct.pack("<hh", v, v)
        for v in (int(amplitude * math.sin(2 * math.pi * 440 * i / rate)) for i in range(int(rate * seconds)))
    )
    with wave.open(str(path), "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(frames)


def _integrated(mp3: Path, start_s: float, end_s: float) -> float:
    log = ffmpeg_filter_log(mp3, f"atrim=start={start_s:.3f}:end={end_s:.3f},ebur128")
    summary = log[log.rindex("Summary:"):]
    return float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary).group(1))


def test_intro_and_outro_are_chapters_at_the_speech_loudness(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    jingle = tmp_path / "jingle.wav"
    _quiet_jingle(jingle)
    intro = Frame("مقدمة", jingle, "{show}، {date}")
    outro = Frame("خاتمة", None, "كان معكم {show}")
    folder = tmp_path / "out"
    (episode,) = render_short_articles(folder, tmp_path / "cache", ("second",), intro=intro, outro=outro, show="نشرة بلدي")
    titles = [c.title for c in episode.chapters]
    assert titles == ["مقدمة", "الحلقة الثانية: أسعار الخبز في دمشق", "ردود الفعل", "ما التالي؟", "خاتمة"]
    assert [t for _, t in _id3_chapter_starts(episode.mp3)] == titles
    cues = parse_vtt((folder / "second.vtt").read_text(encoding="utf-8"))
    # The jingle has no cue; the spoken line follows it; the headline starts chapter two.
    assert cues[0].text == "نشرة بلدي، 22 نوفمبر 2026"
    assert cues[0].start_ms >= 2000 - 15
    assert cues[1].start_ms == episode.chapters[1].start_ms
    assert cues[-1].text == "كان معكم نشرة بلدي" and cues[-1].start_ms == episode.chapters[-1].start_ms
    # The jingle was 30 dB quieter than the voice; in the MP3 both sit at one level.
    jingle_level = _integrated(episode.mp3, 0.1, 1.9)
    speech_level = _integrated(episode.mp3, episode.chapters[1].start_ms / 1000, episode.chapters[-1].start_ms / 1000)
    assert abs(jingle_level - speech_level) < 1.5, (jingle_level, speech_level)


def test_framing_is_off_by_default(rendered_folder: Path):
    titles = [t for _, t in _id3_chapter_starts(rendered_folder / "second.mp3")]
    assert titles == ["الحلقة الثانية: أسعار الخبز في دمشق", "ردود الفعل", "ما التالي؟"]


def test_narrate_reads_framing_and_show_from_narrator_toml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from click.testing import CliRunner

    from narrator.cli import main

    monkeypatch.chdir(tmp_path)
    Path("narrator.toml").write_text('[show]\ntitle = "نشرة بلدي"\n[outro]\ntext = "كان معكم {show}"\n', encoding="utf-8")
    Path("a.md").write_text("# عنوان قصير\n\nنص قصير.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["-q", "--engine", "fake", "--json", "a.md"])
    assert result.exit_code == 0, result.output
    (episode,) = json.loads(result.output)["episodes"]
    assert [c["title"] for c in episode["chapters"]] == ["عنوان قصير", "خاتمة"]
    assert read_sidecar(Path("audio_out/a.episode.json")).show == "نشرة بلدي"
    assert parse_vtt(Path("audio_out/a.vtt").read_text(encoding="utf-8"))[-1].text == "كان معكم نشرة بلدي"
    # The front matter's show wins over narrator.toml's.
    Path("b.md").write_text("---\nshow: برنامج آخر\n---\n# عنوان\n\nنص.\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["-q", "--engine", "fake", "b.md"]).exit_code == 0
    assert read_sidecar(Path("audio_out/b.episode.json")).show == "برنامج آخر"
