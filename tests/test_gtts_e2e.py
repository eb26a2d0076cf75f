"""The gtts path end to end, against the local stand-in for Google (one request in ten answered
429): the same chapters, pauses and loudness as the offline path."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from narrator.audio.format import SAMPLE_RATE
from narrator.cli import main

from .conftest import ARTICLE_MD, ffprobe_json, loudness, silences
from .gtts_standin import Faults, StandIn


def _render(root, engine: str, env: dict[str, str]) -> dict:
    try:
        runner = CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        runner = CliRunner()
    out = root / engine
    result = runner.invoke(
        main, ["--engine", engine, "--json", "-q", "-o", str(out), str(ARTICLE_MD)],
        env={"NARRATOR_CACHE_DIR": str(root / f"cache-{engine}"), **env},
    )
    assert result.exit_code == 0, result.output
    return {"summary": json.loads(result.stdout)["episodes"][0], "mp3": out / "article.mp3",
            "vtt": out / "article.vtt"}


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("gtts-e2e")
    with StandIn(Faults(rate_429=0.1, retry_after_s=1, seed=5)) as google:
        online = _render(root, "gtts", google.env)
        answers = google.answers()
    offline = _render(root, "espeak", {})
    return {"gtts": online, "espeak": offline, "answers": answers}


def test_it_really_went_through_google_and_its_throttling(both: dict):
    assert both["gtts"]["summary"]["engine"] == "gtts"
    assert both["answers"]["ok"] == both["gtts"]["summary"]["synthesized"]
    assert both["answers"]["429"] >= 1  # seed 5 throttles some requests; they were retried


def test_same_chapters_as_the_offline_path(both: dict):
    titles = lambda r: [c["tags"]["title"] for c in ffprobe_json(r["mp3"], "-show_chapters")["chapters"]]
    assert titles(both["gtts"]) == titles(both["espeak"])
    assert len(titles(both["gtts"])) == 4
    starts = [c["start_ms"] for c in both["gtts"]["summary"]["chapters"]]
    assert starts == sorted(starts) and starts[0] == 0


@pytest.mark.parametrize("engine", ["gtts", "espeak"])
def test_pauses_are_the_promised_lengths(both: dict, engine: str):
    gaps = [end - start for start, end in silences(both[engine]["mp3"])]
    near = lambda target: [g for g in gaps if abs(g - target) <= 0.06]
    assert len(near(1.5)) == 3  # before each of the three sections
    assert len(near(1.0)) >= 2  # after the headline and after the byline
    assert len(near(0.6)) >= 10  # between paragraphs
    assert max(gaps) < 1.6  # Google's padding around each clip was trimmed


def test_chapters_start_at_speech(both: dict):
    ends = [end for _, end in silences(both["gtts"]["mp3"])]
    for chapter in both["gtts"]["summary"]["chapters"][1:]:
        start = chapter["start_ms"] / 1000
        onset = min(ends, key=lambda e: abs(e - start))
        assert 0 <= onset - start <= 0.05, (chapter["title"], start, onset)


@pytest.mark.parametrize("engine", ["gtts", "espeak"])
def test_loudness_is_podcast_standard(both: dict, engine: str):
    integrated, true_peak = loudness(both[engine]["mp3"])
    assert -17.0 <= integrated <= -15.0
    assert true_peak <= -1.0


def test_stream_is_the_episode_format_not_googles(both: dict):
    stream = ffprobe_json(both["gtts"]["mp3"], "-show_streams")["streams"][0]
    assert (stream["sample_rate"], stream["channels"], int(stream["bit_rate"])) == (str(SAMPLE_RATE), 1, 64000)
