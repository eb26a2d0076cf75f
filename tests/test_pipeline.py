"""The pipeline with the deterministic fake engine: exact pauses, chapter marks, cache, atomicity."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from narrator import RenderOptions, render
from narrator.audio import clip as clip_module
from narrator.audio.assemble import assemble
from narrator.audio.format import SAMPLE_RATE, ms_to_samples
from narrator.audio.mp3frames import samples_per_frame
from narrator.engines.fake import FakeEngine
from narrator.errors import AudioError
from narrator.model import Pauses, Role, Script, Utterance
from narrator.publish.output import OutputSet

from .conftest import ARTICLE_MD, ffprobe_json


def _utt(chapter: int, pause: int, role: Role = Role.BODY) -> Utterance:
    return Utterance("x", "x", chapter, role, pause)


def test_assembly_counts_samples_exactly(tmp_path: Path):
    script = Script(
        (_utt(0, 1000, Role.HEADLINE), _utt(0, 1500), _utt(1, 600), _utt(1, 0)),
        ("الأول", "الثاني"),
    )
    clips = [b"\x01\x00" * 441, b"\x02\x00" * 882, b"\x03\x00" * 100, b"\x04\x00" * 50]
    program = assemble(script, iter(clips), tmp_path / "p.pcm")
    data = (tmp_path / "p.pcm").read_bytes()
    assert program.total_samples * 2 == len(data)
    # clip, exact silence, clip, ...
    first_pause = data[441 * 2: (441 + ms_to_samples(1000)) * 2]
    assert first_pause == bytes(len(first_pause))
    second_start = 441 + ms_to_samples(1000)
    assert data[second_start * 2: second_start * 2 + 2] == b"\x02\x00"
    # The pause before a chapter is where the encoder cuts: the part before the cut is rounded to
    # the MP3 frame grid (at most half a frame), the part after it is exact.
    nominal_cut = second_start + 882 + ms_to_samples(1500) // 2
    [cut] = program.cuts
    frame = samples_per_frame(SAMPLE_RATE)
    assert cut % frame == 0 and abs(cut - nominal_cut) <= frame // 2
    chapter_two = cut + ms_to_samples(1500) - ms_to_samples(1500) // 2
    assert data[(second_start + 882) * 2: chapter_two * 2] == bytes((chapter_two - second_start - 882) * 2)
    assert [(m.title, m.start_sample, m.end_sample) for m in program.chapters] == [
        ("الأول", 0, chapter_two),
        ("الثاني", chapter_two, program.total_samples),
    ]
    assert data[chapter_two * 2: chapter_two * 2 + 2] == b"\x03\x00"
    assert [c.start_sample for c in program.cues] == [0, second_start, chapter_two, chapter_two + 100 + ms_to_samples(600)]


def test_trimming_removes_engine_padding():
    from narrator.engines import fake

    segment = FakeEngine().synthesize("نص")
    pcm = clip_module.conform(segment)
    tone_ms = len("نص") * fake.MS_PER_CHAR
    assert abs(len(pcm) / 2 / SAMPLE_RATE * 1000 - tone_ms) <= 2 * clip_module.GUARD_MS + 2


def _render(tmp_path: Path, source: Path, engine: FakeEngine | None = None, **kw):
    engine = engine or FakeEngine()
    options = RenderOptions(out_dir=tmp_path / "out", cache_dir=tmp_path / "cache", **kw)
    return engine, render(str(source), engine, options)


def test_fake_render_writes_episode_and_chapters(tmp_path: Path):
    _, episode = _render(tmp_path, ARTICLE_MD)
    assert episode.mp3 == tmp_path / "out" / "article.mp3"
    assert [c.title for c in episode.chapters][1:] == [
        "إعادة البناء", "ما أثر الغارات الروسية؟", "العلاقة بين ميليشيات إيران والتنظيم",
    ]
    # chapters tile the file
    assert episode.chapters[0].start_ms == 0
    for a, b in zip(episode.chapters, episode.chapters[1:]):
        assert a.end_sample == b.start_sample
    assert episode.chapters[-1].end_ms == episode.duration_ms
    doc = json.loads((tmp_path / "out" / "article.chapters.json").read_text(encoding="utf-8"))
    assert doc["version"] == "1.2.0"
    assert [c["title"] for c in doc["chapters"]] == [c.title for c in episode.chapters]
    # The one clock rule: whole milliseconds elapsed, truncated from the sample count.
    assert [round(c["startTime"] * 1000) for c in doc["chapters"]] == [
        c.start_sample * 1000 // SAMPLE_RATE for c in episode.chapters
    ]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "article.chapters.json", "article.episode.json", "article.mp3", "article.srt", "article.vtt",
    ]


def test_second_run_synthesizes_nothing_and_an_edit_only_its_utterances(tmp_path: Path):
    source = tmp_path / "a.md"
    source.write_text(ARTICLE_MD.read_text(encoding="utf-8"), encoding="utf-8")
    engine, first = _render(tmp_path, source)
    assert first.cached == 0 and first.synthesized == len(engine.calls) > 10

    engine, second = _render(tmp_path, source)
    assert (second.synthesized, engine.calls) == (0, [])
    assert second.cached == first.synthesized

    text = source.read_text(encoding="utf-8")
    edited = text.replace("وأضاف أن عناصر التنظيم يأتون", "وأضاف أن مقاتلي التنظيم يأتون")
    assert edited != text
    source.write_text(edited, encoding="utf-8")
    engine, third = _render(tmp_path, source)
    assert third.synthesized == 1
    assert "مقاتلي" in engine.calls[0]


def test_corrupted_cache_entry_is_synthesized_again(tmp_path: Path):
    _render(tmp_path, ARTICLE_MD)
    entries = sorted((tmp_path / "cache" / "clips").rglob("*.wav"))
    entries[0].write_bytes(entries[0].read_bytes()[:30])
    engine, episode = _render(tmp_path, ARTICLE_MD)
    assert episode.synthesized == 1


def test_no_cache_stores_nothing(tmp_path: Path):
    _render(tmp_path, ARTICLE_MD, use_cache=False)
    assert not (tmp_path / "cache").exists()


def test_failed_render_leaves_earlier_episode_untouched_and_no_strays(tmp_path: Path, monkeypatch):
    _render(tmp_path, ARTICLE_MD)
    out = tmp_path / "out"
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def broken_encode(*args, **kwargs):
        raise AudioError("disk full")

    monkeypatch.setattr("narrator.audio.encode.PieceEncoder.finish", broken_encode)
    with pytest.raises(AudioError):
        _render(tmp_path, ARTICLE_MD, pauses=Pauses(paragraph_ms=900))
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_partials_of_dead_processes_are_swept(tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    stray = out / ".article.mp3.partial-999999999"
    stray.write_bytes(b"half")
    live = out / f".other.mp3.partial-{os.getpid()}"
    live.write_bytes(b"in progress")
    OutputSet(out)
    assert not stray.exists() and live.exists()


def test_pause_options_change_the_silence(tmp_path: Path):
    _, short = _render(tmp_path, ARTICLE_MD, pauses=Pauses(section_ms=500))
    _, long = _render(tmp_path, ARTICLE_MD, pauses=Pauses(section_ms=2500))
    # three section breaks, each 2 s longer; the encoder cuts in them, rounding the part before
    # each cut to the MP3 frame grid (at most 13 ms)
    assert long.duration_ms - short.duration_ms == pytest.approx(6000, abs=3 * 14)


def test_bitrate_option_is_constant_bitrate(tmp_path: Path):
    _, episode = _render(tmp_path, ARTICLE_MD, bitrate_kbps=96)
    stream = ffprobe_json(episode.mp3, "-show_streams")["streams"][0]
    assert (stream["codec_name"], stream["sample_rate"], stream["channels"]) == ("mp3", str(SAMPLE_RATE), 1)
    assert int(stream["bit_rate"]) == 96000


def test_diacritized_text_is_remembered_so_an_unchanged_article_needs_no_model(tmp_path: Path, monkeypatch):
    import narrator.text.diacritize as diacritize_module
    from narrator.engines import create
    from narrator.pipeline import RenderOptions, render

    article = tmp_path / "short.md"
    article.write_text("# عنوان الخبر\n\nقال المراسل إن الوضع هادئ في المدينة.\n", encoding="utf-8")
    engine, _ = create("espeak")
    options = RenderOptions(out_dir=tmp_path / "out", cache_dir=tmp_path / "cache")
    render(str(article), engine, options)

    def no_model():
        raise AssertionError("the diacritizer ran again for unchanged text")

    monkeypatch.setattr(diacritize_module, "_model", no_model)
    episode = render(str(article), engine, options)
    assert episode.synthesized == 0
    with pytest.raises(AssertionError):  # and new text does need it
        article.write_text("# عنوان آخر\n\nنص جديد تماما.\n", encoding="utf-8")
        render(str(article), engine, options)
