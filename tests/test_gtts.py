"""The gtts voice against a local stand-in for Google: gtts's real request code, over real HTTP(S)
through a proxy, with faults.  Nothing here reaches the internet."""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from gtts import gTTS

from narrator import engines
from narrator.audio.clip import conform, decode
from narrator.audio.format import SAMPLE_RATE
from narrator.cache import ClipCache
from narrator.cli import main
from narrator.engines import EngineOptions
from narrator.engines.gtts import GttsEngine, RetryPolicy, parse_retry_after
from narrator.errors import AudioError, EngineError
from narrator.pipeline import RenderOptions, render_article
from narrator.synthesize import SynthesisStats, synthesize
from narrator.text.parse import read_article
from narrator.text.speak import build_script

from .conftest import ARTICLE_MD, SHARED
from .gtts_standin import Faults, StandIn, closed_port

def _runner() -> CliRunner:
    try:  # click < 8.2 mixes stderr into output unless told not to; 8.2 always separates them
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        return CliRunner()


# Retries without the real waits.
FAST = RetryPolicy(base_s=0.01, cap_s=0.05)
# ... and a short read timeout, for the test where the stand-in leaves a request hanging.
IMPATIENT = RetryPolicy(base_s=0.01, cap_s=0.05, timeout_s=(2.0, 1.0))


@pytest.fixture
def google(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest):
    """A stand-in for Google, and the environment pointing gtts at it (through HTTPS_PROXY)."""
    faults = getattr(request, "param", Faults())
    with StandIn(faults) as standin:
        for name, value in standin.env.items():
            monkeypatch.setenv(name, value)
        yield standin


def _pieces(article_path: Path) -> list[str]:
    script = build_script(read_article(str(article_path)), max_chars=GttsEngine.max_chars)
    return [u.spoken for u in script.utterances]


def _corpus_articles(tmp_path: Path) -> list[Path]:
    folder = SHARED / "corpus" / "articles"
    paths = []
    for source in sorted(folder.glob("*.json")):
        raw = json.loads(source.read_text(encoding="utf-8")).get("raw_text") or ""
        if not raw.strip():
            continue  # a saved page without its text (the corpus keeps some as HTML only)
        target = tmp_path / f"{source.stem}.txt"
        target.write_text(raw, encoding="utf-8")
        paths.append(target)
    return paths


# --- gtts's tokenizer never has to cut our pieces ------------------------------------------------


def _bodies(text: str) -> list[str]:
    return gTTS(text, lang="ar", lang_check=False).get_bodies()


def test_each_piece_of_the_seed_and_corpus_is_one_request_to_gtts(tmp_path: Path):
    articles = [ARTICLE_MD, *_corpus_articles(tmp_path)]
    checked = 0
    for article in articles:
        for piece in _pieces(article):
            assert len(piece) <= GttsEngine.max_chars
            bodies = _bodies(piece)
            assert len(bodies) == 1, (article.name, piece)
            assert _sent_text(bodies[0]) == piece  # the whole piece, uncut
            checked += 1
    assert checked > 40


@pytest.mark.parametrize(
    "text",
    [
        # a full 100-character piece ending in "!": gtts's tone-mark rule pads it to 101 characters
        ("ق" * 9 + " ") * 9 + "ق" * 9 + "!",
        "هل عاد التنظيم؟ نعم؛ عاد بقوة، وفي البادية تحديدا: حمص ودير الزور",
        "قال المسؤول إن 3.5 مليون شخص نزحوا, وإن الوضع يتدهور",
    ],
)
def test_edge_pieces_stay_whole(text: str):
    assert len(text) <= GttsEngine.max_chars
    (body,) = _bodies(text)
    assert _sent_text(body) == text


def _sent_text(body: str) -> str:
    """The text inside one batchexecute form body."""
    from urllib.parse import parse_qs

    rpc = json.loads(parse_qs(body)["f.req"][0])
    return json.loads(rpc[0][0][1])[0]


def test_long_arabic_sentence_is_cut_at_clauses_not_mid_phrase():
    sentence = ("وأكد المرصد أن خلايا التنظيم نفذت هجمات متكررة في بادية حمص؛ "
                "واستهدفت مواقع للقوات الحكومية، وقتلت عددا من العناصر وأصابت آخرين بجروح خطيرة.")
    from narrator.model import Article, Chapter

    script = build_script(Article("عنوان", "", (Chapter("عنوان", (sentence,)),)), max_chars=GttsEngine.max_chars)
    pieces = [u.spoken for u in script.utterances[1:]]
    assert len(pieces) > 1 and all(len(p) <= 100 for p in pieces)
    assert all(p[-1] in "؛،" for p in pieces[:-1])  # cut only at clause marks
    assert " ".join(pieces) == sentence  # nothing lost, nothing added


# --- one request, as Google sees it --------------------------------------------------------------


def test_request_is_googles_protocol_and_clip_is_trimmed_pcm(google: StandIn):
    engine = GttsEngine(EngineOptions(), FAST)
    text = "زاد نشاط تنظيم الدولة في البادية السورية"
    clip = engine.synthesize(text)
    (seen,) = google.seen
    assert (seen.host, seen.text, seen.lang, seen.slow, seen.answer) == ("translate.google.com", text, "ar", False, "ok")
    assert clip.frame_rate == 24000 and clip.channels == 1  # decoded, not MP3 bytes
    # Google's padding (here 180 ms before, 420 ms after) is trimmed: the clip matches the offline
    # voice's own trimmed speech within MP3 coding's blur.
    from narrator.engines.espeak import EspeakEngine

    offline = len(conform(EspeakEngine().synthesize(text)))
    online = len(conform(clip))
    assert abs(online - offline) / 2 / SAMPLE_RATE < 0.06
    assert len(clip) / 1000 - online / 2 / SAMPLE_RATE > 0.5


def test_slow_and_tld_reach_the_request(google: StandIn):
    GttsEngine(EngineOptions(tld="com.eg", slow=True), FAST).synthesize("مرحبا")
    (seen,) = google.seen
    assert (seen.host, seen.slow) == ("translate.google.com.eg", True)


def test_identity_changes_with_what_changes_the_sound():
    base = GttsEngine(EngineOptions()).identity()
    assert GttsEngine(EngineOptions(slow=True)).identity() != base
    assert GttsEngine(EngineOptions(tld="co.uk")).identity() != base
    assert GttsEngine(EngineOptions(language="en")).identity() != base
    assert GttsEngine(EngineOptions(language="ar-SA")).identity() == base  # the same voice


def test_unknown_language_is_a_clear_error():
    with pytest.raises(EngineError, match="no voice for language 'xx'"):
        GttsEngine(EngineOptions(language="xx"))


def test_decode_rejects_what_is_not_audio():
    with pytest.raises(AudioError):
        decode(b"<html>not audio</html>")


# --- retries --------------------------------------------------------------------------------------


@pytest.mark.parametrize("google", [Faults(plan=("429", "5xx", "timeout", "malformed", "malformed", "ok"), hang_s=3, seed=1)], indirect=True)
def test_every_retryable_fault_is_retried_until_audio_comes(google: StandIn):
    engine = GttsEngine(EngineOptions(), IMPATIENT)
    clip = engine.synthesize("مرحبا بكم")
    assert len(clip) > 200
    assert [s.answer for s in google.seen] == ["429", "5xx", "timeout", "malformed", "malformed", "ok"]
    assert engine.requests == 6


@pytest.mark.parametrize("google", [Faults(plan=("429", "ok"), retry_after_s=1)], indirect=True)
def test_retry_after_is_honoured(google: StandIn):
    started = time.monotonic()
    GttsEngine(EngineOptions(), FAST).synthesize("مرحبا")
    assert time.monotonic() - started >= 1.0  # the backoff alone would have waited 10 ms
    assert [s.answer for s in google.seen] == ["429", "ok"]


@pytest.mark.parametrize("google", [Faults(plan=("5xx",) * 7)], indirect=True)
def test_six_tries_then_one_clear_error(google: StandIn):
    with pytest.raises(EngineError) as failure:
        GttsEngine(EngineOptions(), FAST).synthesize("مرحبا بكم في النشرة")
    message = str(failure.value)
    assert "\n" not in message
    assert "translate.google.com failed 6 times" in message and "503" in message
    assert "--engine espeak" in message and "cached" in message
    assert len(google.seen) == 6


@pytest.mark.parametrize("failed, retry_after, low, high", [
    (1, None, 0.25, 0.5), (2, None, 0.5, 1.0), (3, None, 1.0, 2.0), (5, None, 4.0, 8.0),
    (9, None, 8.0, 16.0),   # capped
    (1, 3.0, 3.0, 3.0),     # Retry-After is a floor
    (5, 1.0, 4.0, 8.0),     # ... but not a ceiling
    (1, 500.0, 60.0, 60.0),  # an absurd wait is capped: the error message serves better
])
def test_backoff_grows_with_jitter_and_honours_retry_after(failed, retry_after, low, high):
    rng = random.Random(7)
    delays = [RetryPolicy().delay(failed, retry_after, rng) for _ in range(50)]
    assert all(low <= d <= high for d in delays)
    if low < high:
        assert len(set(delays)) > 1  # jitter


def test_retry_after_forms():
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:10 GMT", now=1445412485.0) == pytest.approx(5.0)
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


# --- parallel, ordered, bounded; resume --------------------------------------------------------


@pytest.mark.parametrize("google", [Faults(latency_s=0.2)], indirect=True)
def test_parallel_requests_are_bounded_and_clips_come_in_listening_order(google: StandIn, tmp_path: Path):
    script = build_script(read_article(str(ARTICLE_MD)), max_chars=GttsEngine.max_chars)
    script = type(script)(script.utterances[:14], script.chapter_titles)
    engine = GttsEngine(EngineOptions(), FAST)
    parallel = list(synthesize(script, engine, ClipCache(tmp_path / "a"), SynthesisStats(), jobs=4))
    assert google.most_in_flight == 4
    # requests leave in listening order: none overtakes the ones before it by more than the workers
    order = [u.spoken for u in script.utterances]
    arrived = list(dict.fromkeys(order.index(s.text) for s in google.seen))
    assert sorted(arrived) == list(range(len(order)))
    assert all(index < position + 4 for position, index in enumerate(arrived))
    sequential = list(synthesize(script, engine, ClipCache(tmp_path / "b"), SynthesisStats(), jobs=1))
    assert parallel == sequential


def _small_article(tmp_path: Path) -> Path:
    path = tmp_path / "small.md"
    path.write_text(
        "# عنوان الخبر\n\nبقلم محرر\n\nالفقرة الأولى من الخبر.\n\nالفقرة الثانية من الخبر.\n\n"
        "## قسم\n\nالفقرة الثالثة من الخبر.\n\nالفقرة الرابعة من الخبر.\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("google", [Faults(plan=("ok", "ok", "ok") + ("5xx",) * 6)], indirect=True)
def test_a_failed_render_keeps_its_clips_and_the_next_run_fetches_only_the_rest(google: StandIn, tmp_path: Path):
    article = read_article(str(_small_article(tmp_path)))
    options = RenderOptions(out_dir=tmp_path / "out", cache_dir=tmp_path / "cache", jobs=1)
    with pytest.raises(EngineError):
        render_article(article, "small.md", GttsEngine(EngineOptions(), FAST), options)
    assert not (tmp_path / "out" / "small.mp3").exists()
    first = [s.text for s in google.seen if s.answer == "ok"]
    assert len(first) == 3

    episode = render_article(article, "small.md", GttsEngine(EngineOptions(), FAST), options)
    assert episode.cached == 3 and episode.synthesized == 4
    again = [s.text for s in google.seen[len(first) + 6:]]
    assert not set(again) & set(first)  # nothing fetched twice
    assert (tmp_path / "out" / "small.mp3").exists()


def test_parallel_failure_keeps_every_clip_that_arrived(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    article = read_article(str(_small_article(tmp_path)))
    options = RenderOptions(out_dir=tmp_path / "out", cache_dir=tmp_path / "cache", jobs=4)
    pieces = [u.spoken for u in build_script(article, max_chars=GttsEngine.max_chars).utterances]
    broken = pieces[2]
    with StandIn(Faults(latency_s=0.1, broken_texts=frozenset({broken}))) as google:
        for name, value in google.env.items():
            monkeypatch.setenv(name, value)
        with pytest.raises(EngineError, match="failed 6 times"):
            render_article(article, "small.md", GttsEngine(EngineOptions(), FAST), options)
        fetched = {s.text for s in google.seen if s.answer == "ok"}
    assert broken not in fetched and len(fetched) >= 2
    with StandIn(Faults()) as google:
        for name, value in google.env.items():
            monkeypatch.setenv(name, value)
        episode = render_article(article, "small.md", GttsEngine(EngineOptions(), FAST), options)
        asked = {s.text for s in google.seen}
    assert broken in asked and not asked & fetched  # only what was missing
    assert episode.cached == len(fetched) and episode.cached + episode.synthesized == len(pieces)


# --- engine choice and the CLI ---------------------------------------------------------------------


def test_auto_probes_through_the_proxy_and_says_why(google: StandIn):
    voice, reason = engines.create("auto")
    assert voice.name == "gtts"
    assert "translate.google.com answered" in reason and google.proxy in reason


def test_engines_reports_gtts_truthfully(google: StandIn, monkeypatch: pytest.MonkeyPatch):
    up = _runner().invoke(main, ["engines"])
    assert "gtts     usable   translate.google.com answered" in up.stdout
    other = _runner().invoke(main, ["engines", "--tld", "com.eg"])
    assert "gtts     usable   translate.google.com.eg answered" in other.stdout
    monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{closed_port()}")
    monkeypatch.setenv("https_proxy", f"http://127.0.0.1:{closed_port()}")
    down = _runner().invoke(main, ["engines"])
    assert "gtts     unusable cannot reach translate.google.com" in down.stdout


def test_no_network_auto_falls_back_and_gtts_fails_in_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    proxy = f"http://127.0.0.1:{closed_port()}"
    for name in ("HTTPS_PROXY", "https_proxy"):
        monkeypatch.setenv(name, proxy)
    voice, reason = engines.create("auto")
    assert voice.name == "espeak" and "cannot reach translate.google.com" in reason
    result = _runner().invoke(main, ["--engine", "gtts", "-o", str(tmp_path / "out"), str(ARTICLE_MD)])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "cannot reach translate.google.com" in result.stderr and "--engine espeak" in result.stderr
    assert not (tmp_path / "out").exists()


def test_language_comes_from_the_article(google: StandIn, tmp_path: Path):
    article = tmp_path / "en.md"
    article.write_text("---\nlanguage: en\n---\n# A headline\n\nThe body says hello.\n", encoding="utf-8")
    result = _runner().invoke(main, ["--engine", "gtts", "-q", "--json", "-o", str(tmp_path / "out"), str(article)])
    assert result.exit_code == 0, result.output
    assert {s.lang for s in google.seen} == {"en"}


@pytest.mark.net
def test_the_real_google_speaks_arabic():
    """Off by default (`-m net`): the one test that talks to Google itself."""
    clip = GttsEngine(EngineOptions()).synthesize("مرحبا بكم")
    assert clip.frame_rate == 24000 and len(clip) > 300
