"""The edge voice against a local stand-in for Microsoft's read-aloud service: edge-tts's own
websocket code, the real protocol, faults.  Nothing here reaches the internet."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from narrator import engines
from narrator.audio.clip import conform_clip
from narrator.audio.format import SAMPLE_RATE
from narrator.cache import ClipCache, clip_key
from narrator.cli import main
from narrator.config import VoiceSettings, load_config
from narrator.engines import EngineOptions, voice_choice
from narrator.engines.edge import ARABIC_VOICES, DEFAULT_VOICE, EdgeEngine, word_times
from narrator.engines.retry import RetryPolicy
from narrator.errors import EngineError, EngineUnavailable, InputError
from narrator.model import Clip, WordTime
from narrator.synthesize import SynthesisStats, synthesize
from narrator.text.parse import read_article
from narrator.text.speak import build_script

from .conftest import ARTICLE_MD
from .edge_standin import Faults, StandIn

FAST = RetryPolicy(base_s=0.01, cap_s=0.05)
TEXT = "ذهب الولد إلى المدرسة، ثم عاد إلى البيت مسرعا."


def _runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        return CliRunner()


@pytest.fixture
def service(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest):
    faults = getattr(request, "param", Faults())
    with StandIn(faults) as standin:
        for name, value in standin.env.items():
            monkeypatch.setenv(name, value)
        yield standin


# --- the protocol and the clip -------------------------------------------------------------------


def test_request_is_the_edge_protocol_and_words_come_back_timed(service: StandIn):
    speech = EdgeEngine(EngineOptions(voice="ar-SY-LaithNeural", rate="-10%", pitch="+2Hz"), FAST).synthesize(TEXT)
    (seen,) = service.seen
    assert (seen.text, seen.voice, seen.rate, seen.pitch) == (TEXT, "ar-SY-LaithNeural", "-10%", "+2Hz")
    assert speech.audio.frame_rate == 24000 and len(speech.audio) > 1500
    # One time per word, in order, at the word's place in the text.
    assert [TEXT[w.offset:].split()[0].strip("،.") for w in speech.words] == [
        w.strip("،.") for w in TEXT.split()]
    samples = [w.sample for w in speech.words]
    assert samples == sorted(samples) and samples[0] > 0  # the service's lead-in comes first
    clip = conform_clip(speech)
    assert clip.words[0].sample < SAMPLE_RATE * 40 // 1000  # the lead-in was trimmed, times moved with it
    assert all(0 <= w.sample <= len(clip.pcm) // 2 for w in clip.words)


def test_word_times_skip_what_they_cannot_find():
    events = [(10_000_000, "ذهب"), (20_000_000, "غائب"), (30_000_000, "الولد")]
    assert word_times("ذهب الولد", events, 24000) == (WordTime(0, 24000), WordTime(4, 72000))


def test_identity_changes_with_voice_rate_and_pitch():
    ids = {EdgeEngine(EngineOptions(voice=v, rate=r, pitch=p)).identity()
           for v, r, p in [(None, "+0%", "+0Hz"), ("ar-SY-LaithNeural", "+0%", "+0Hz"),
                           (None, "-10%", "+0Hz"), (None, "+0%", "+5Hz")]}
    assert len(ids) == 4
    assert clip_key(EdgeEngine().identity(), "x") != clip_key(EdgeEngine(EngineOptions(rate="+1%")).identity(), "x")


@pytest.mark.parametrize("options", [EngineOptions(voice="Laith"), EngineOptions(rate="fast"),
                                     EngineOptions(pitch="+5%")])
def test_bad_voice_settings_are_one_clear_error(options: EngineOptions):
    with pytest.raises(EngineUnavailable, match="edge:"):
        EdgeEngine(options)


def test_built_in_table_has_every_arabic_locale_in_both_genders():
    locales = {v.locale for v in ARABIC_VOICES}
    assert len(locales) == 16 and {"ar-SY", "ar-EG", "ar-MA", "ar-SA", "ar-TN"} <= locales
    for locale in locales:
        assert sorted(v.gender for v in ARABIC_VOICES if v.locale == locale) == ["Female", "Male"]
    assert DEFAULT_VOICE in {v.name for v in ARABIC_VOICES}


# --- faults --------------------------------------------------------------------------------------


@pytest.mark.parametrize("service", [Faults(plan=("429", "403", "silent", "drop"))], indirect=True)
def test_every_fault_is_retried_until_whole_audio_comes(service: StandIn):
    engine = EdgeEngine(EngineOptions(), FAST)
    speech = engine.synthesize(TEXT)
    # edge-tts itself asks again once after a 403 (correcting its clock); narrator retries the rest.
    assert list(service.answers().elements()) == ["429", "403", "silent", "drop", "ok"]
    assert engine.requests == 4
    whole = conform_clip(EdgeEngine(EngineOptions(), FAST).synthesize(TEXT))
    assert len(conform_clip(speech).pcm) == len(whole.pcm)  # the dropped answer was not kept


@pytest.mark.parametrize("service", [Faults(clock_skew_s=3600)], indirect=True)
def test_a_skewed_clock_is_corrected_by_edge_tts(service: StandIn):
    engine = EdgeEngine(EngineOptions(), FAST)
    engine.synthesize(TEXT)
    assert [s.answer for s in service.seen] == ["403", "ok"]
    assert engine.requests == 1  # no retry of narrator's own: the library's correction sufficed


@pytest.mark.parametrize("service", [Faults(plan=("429",) * 6)], indirect=True)
def test_six_tries_then_one_clear_error_naming_the_service(service: StandIn):
    with pytest.raises(EngineError) as raised:
        EdgeEngine(EngineOptions(), FAST).synthesize(TEXT)
    message = str(raised.value)
    assert "Microsoft Edge's read-aloud service" in message and "6 times" in message and "429" in message
    assert "\n" not in message


@pytest.mark.parametrize("service", [Faults(latency_s=0.2)], indirect=True)
def test_parallel_requests_cache_words_and_resume(service: StandIn, tmp_path: Path):
    script = build_script(read_article(str(ARTICLE_MD)), max_chars=EdgeEngine.max_chars)
    script = type(script)(script.utterances[:8], script.chapter_titles)
    cache = ClipCache(tmp_path)
    first = list(synthesize(script, EdgeEngine(EngineOptions(), FAST), cache, SynthesisStats(), jobs=4))
    assert 2 <= service.most_in_flight <= 4
    assert all(isinstance(c, Clip) and c.words for c in first)
    stats = SynthesisStats()
    again = list(synthesize(script, EdgeEngine(EngineOptions(), FAST), cache, stats, jobs=4))
    assert again == first and stats.cached == 8 and len(service.seen) == 8  # words came from the cache


# --- choosing the voice --------------------------------------------------------------------------


def test_voice_choice_command_line_then_narrator_toml():
    toml = VoiceSettings(engine="edge", name="ar-EG-SalmaNeural", rate="-5%", pitch="+1Hz")
    assert voice_choice("auto", None, VoiceSettings(), EngineOptions())[0] == "auto"
    engine, options = voice_choice("auto", None, toml, EngineOptions())
    assert (engine, options.voice, options.rate, options.pitch) == ("edge", "ar-EG-SalmaNeural", "-5%", "+1Hz")
    engine, options = voice_choice("espeak", "ar-SY-LaithNeural", toml, EngineOptions())
    assert (engine, options.voice) == ("espeak", "ar-SY-LaithNeural")
    assert voice_choice("auto", "ar-SY-LaithNeural", VoiceSettings(), EngineOptions())[0] == "edge"


def test_narrator_toml_voice_table(tmp_path: Path):
    path = tmp_path / "narrator.toml"
    path.write_text('[voice]\nengine = "edge"\nname = "ar-SY-LaithNeural"\nrate = "-10%"\n', encoding="utf-8")
    assert load_config(path).voice == VoiceSettings("edge", "ar-SY-LaithNeural", "-10%", None)
    path.write_text('[voice]\nspeed = "fast"\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"\[voice\] has unknown keys: speed"):
        load_config(path)


def test_voices_lists_the_service_or_the_built_in_table(service: StandIn, monkeypatch: pytest.MonkeyPatch):
    online = _runner().invoke(main, ["voices"])
    assert online.exit_code == 0 and "offline" not in online.stderr
    lines = online.stdout.splitlines()
    assert len(lines) == 32 and "en-US" not in online.stdout
    assert any(line.split() == ["ar-SY-LaithNeural", "ar-SY", "Male"] for line in lines)
    monkeypatch.setenv("NARRATOR_EDGE_URL", "ws://127.0.0.1:9/consumer/speech/synthesize/readaloud")
    offline = _runner().invoke(main, ["voices", "--engine", "edge"])
    assert offline.exit_code == 0 and offline.stdout == online.stdout
    assert "offline" in offline.stderr and "built-in" in offline.stderr


def test_engines_reports_edge(service: StandIn, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")  # gtts's probe stays on this machine too
    up = _runner().invoke(main, ["engines"])
    assert f"edge     usable   127.0.0.1:{service.port} reachable" in up.stdout
    assert service.seen == []  # a voice of the built-in table costs no request to check


def test_a_voice_outside_the_table_is_looked_up_in_the_service_list(service: StandIn):
    found = engines.state(engines.engine_class("edge"), EngineOptions(voice="en-US-EmmaMultilingualNeural"))
    assert found.usable and f"127.0.0.1:{service.port} answered" in found.reason


def test_unknown_voice_is_refused_before_any_audio_work(service: StandIn, tmp_path: Path):
    result = _runner().invoke(main, ["--voice", "ar-XX-NobodyNeural", "-o", str(tmp_path / "o"), str(ARTICLE_MD)])
    assert result.exit_code == 1 and "no voice 'ar-XX-NobodyNeural'" in result.stderr
    assert not (tmp_path / "o").exists()


def test_no_network_is_one_line_naming_the_service(tmp_path: Path):
    result = _runner().invoke(main, ["--engine", "edge", "-o", str(tmp_path / "out"), str(ARTICLE_MD)])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "Microsoft Edge's read-aloud service: cannot reach 127.0.0.1" in result.stderr
    assert "--engine espeak" in result.stderr
    assert not (tmp_path / "out").exists()


def test_mp3_is_decoded_in_process_to_the_samples_ffmpeg_gives():
    import numpy as np

    from narrator.audio.clip import _decode_in_process, _decode_with_ffmpeg

    from .edge_standin import speech_answer

    mp3 = speech_answer(TEXT).mp3
    ours, theirs = _decode_in_process(mp3), _decode_with_ffmpeg(mp3, "mp3")
    assert ours is not None and (ours.frame_rate, len(ours.raw_data)) == (theirs.frame_rate, len(theirs.raw_data))
    a, b = (np.frombuffer(x.raw_data, dtype=np.int16).astype(int) for x in (ours, theirs))
    assert np.abs(a - b).max() <= 2
    assert _decode_in_process(b"<!doctype html><p>not audio") is None


LONG_ARTICLE = """# عنوان قصير للخبر

شهد يوم الأربعاء مقتل أكثر من 30 عنصرا من الفرقة الرابعة التابعة لجيش النظام، وجرح العشرات في هجوم واسع أعلن التنظيم مسؤوليته عنه، حيث استهدف ثلاث باصات مبيت على طريق دير الزور حمص.
"""


def test_caption_cues_start_where_the_service_said_their_first_word(service: StandIn, tmp_path: Path):
    from narrator.audio.assemble import assemble
    from narrator.cache import NoCache
    from narrator.model import Pauses
    from narrator.publish.transcript import caption_cues, written_sentences
    from narrator.text.parse import parse_text

    article = parse_text(LONG_ARTICLE)
    script = build_script(article, max_chars=EdgeEngine.max_chars)
    clips = synthesize(script, EdgeEngine(EngineOptions(), FAST), NoCache(), SynthesisStats(), jobs=2)
    program = assemble(script, clips, tmp_path / "p.pcm")
    body = program.cues[-1]
    # The word times on the programme clock are the service's boundaries, moved by the clip's place:
    # the gaps between words are the service's own, to the sample.  (The first word is announced
    # before its sound is audible; trimming the lead-in puts it where the speech starts.)
    ticks = [offset for offset, _, _ in service.state.answers[body.spoken].words]
    assert len(body.words) == len(ticks) and body.words[0].sample == body.start_sample
    for (w1, w2), (t1, t2) in zip(zip(body.words[1:], body.words[2:]), zip(ticks[1:], ticks[2:])):
        assert abs((w2.sample - w1.sample) - (t2 - t1) * SAMPLE_RATE // 10_000_000) <= 1
    cues = caption_cues(script, program, Pauses(), written_sentences(article))
    body_cues = [c for c in cues if c.start_ms >= body.start_sample * 1000 // SAMPLE_RATE]
    assert len(body_cues) >= 3
    said = {w.sample * 1000 // SAMPLE_RATE for w in body.words}
    for cue in body_cues[1:]:
        assert cue.start_ms in said, (cue.text, cue.start_ms, sorted(said))
        first_word = cue.text.split()[0].strip("،.")
        word = next(w for w in body.words if w.sample * 1000 // SAMPLE_RATE == cue.start_ms)
        assert body.spoken[word.offset:].startswith(first_word)
