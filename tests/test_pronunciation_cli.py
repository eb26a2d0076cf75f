"""The pronunciation commands as an editor meets them: lexicon check, normalize, plan --spoken,
say, and --lexicon reaching the engine of a render."""

from __future__ import annotations

import wave
from pathlib import Path

import pytest
from click.testing import CliRunner

from narrator.cli import main
from narrator.engines.fake import FakeEngine
from narrator.pipeline import RenderOptions, render
from narrator.text.diacritize import shadda_first
from narrator.text.lexicon import Lexicon, Rule

from .conftest import ARTICLE_MD


@pytest.fixture
def runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        return CliRunner()


@pytest.fixture
def names(tmp_path: Path) -> Path:
    path = tmp_path / "names.tsv"
    path.write_text("# our names\nحمص\tحُمُص\nقسد\tsay-as letters\n", encoding="utf-8")
    return path


def test_lexicon_check_reports_line_numbers_and_fails(runner: CliRunner, tmp_path: Path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("حمص\tحِمْص\nno tab here\nحمص\tحُمُص\n«غزة»\tغَزَّة\n", encoding="utf-8")
    result = runner.invoke(main, ["lexicon", "check", str(bad)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert [line.split(":")[1] for line in lines] == ["2", "3", "4"]
    assert "already a rule on line 1" in lines[1]
    assert result.stderr.strip() == f"narrate: error: {bad}: 3 problems"


def test_lexicon_check_passes_a_good_file(runner: CliRunner, names: Path):
    result = runner.invoke(main, ["lexicon", "check", str(names)])
    assert result.exit_code == 0 and result.stdout == ""


def test_normalize_shows_what_the_engine_receives(runner: CliRunner, names: Path):
    text = "زار الوفد وحمص ومقر قسد في 03-2024\n"
    plain = runner.invoke(main, ["normalize", "--lexicon", str(names)], input=text)
    assert plain.exit_code == 0
    assert plain.stdout == "زار الوفد وحُمُص ومقر قاف سين دال في شهر مارس لعام ألفين وأربعة وعشرين\n"
    shown = runner.invoke(main, ["normalize", "--show-rules", "--lexicon", str(names)], input=text)
    assert "و⟦حُمُص⟧" in shown.stdout and "⟦قاف سين دال⟧" in shown.stdout
    vowelled = runner.invoke(main, ["normalize", "--diacritize", "--lexicon", str(names)], input=text)
    assert "وَحُمُص" in vowelled.stdout or "وحُمُص" in vowelled.stdout  # the rule's marks, as written


def test_a_malformed_lexicon_is_one_line_and_exit_1(runner: CliRunner, tmp_path: Path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("حمص\n", encoding="utf-8")
    result = runner.invoke(main, ["normalize", "--lexicon", str(bad)], input="حمص\n")
    assert result.exit_code == 1
    assert result.stderr.strip().startswith(f"narrate: error: {bad}:1: expected WRITTEN<TAB>SAY")


def test_plan_spoken_marks_the_words_a_rule_changed(runner: CliRunner, names: Path):
    result = runner.invoke(main, ["plan", "--spoken", "--engine", "gtts", "--lexicon", str(names), str(ARTICLE_MD)])
    assert result.exit_code == 0
    assert "⟦حُمُص⟧" in result.stdout and "⟦قاف سين دال⟧" in result.stdout
    assert shadda_first("⟦دَيْر الزُّور⟧") in result.stdout  # a built-in rule
    assert "-" not in result.stdout.split("⟦حُمُص⟧")[2][:2]  # حمص-دير الزور: still two places
    assert result.stdout.splitlines()[0].startswith("53 utterances for gtts;")  # pieces of at most 100 characters
    assert "ثلاثين عنصرًا" in result.stdout  # figures are read too
    used = result.stdout.split("rules used:")[1]
    assert f"حمص → حُمُص  ({names}:2) ×2" in used and "(built-in:" in used


def test_say_writes_a_clip_with_the_lexicon(runner: CliRunner, names: Path, tmp_path: Path):
    out = tmp_path / "clip.wav"
    result = runner.invoke(main, ["say", "زار الوفد حمص", "--engine", "fake", "--lexicon", str(names), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert "says: زار الوفد ⟦حُمُص⟧" in result.stderr
    with wave.open(str(out)) as clip:
        seconds = clip.getnframes() / clip.getframerate()
    assert abs(seconds - (len("زار الوفد حُمُص") * 40 + 370) / 1000) < 0.05


def test_say_refuses_what_it_cannot_write(runner: CliRunner, tmp_path: Path):
    assert runner.invoke(main, ["say", "نص", "--engine", "fake", "-o", str(tmp_path / "x.ogg")]).exit_code == 1
    empty = runner.invoke(main, ["say", "«»", "--engine", "fake", "-o", str(tmp_path / "x.wav")])
    assert empty.exit_code == 1 and "nothing to say" in empty.stderr
    assert not (tmp_path / "x.wav").exists()


def test_say_with_espeak_writes_an_mp3(runner: CliRunner, tmp_path: Path):
    from .conftest import ffprobe_json

    out = tmp_path / "clip.mp3"
    result = runner.invoke(main, ["say", "حمص", "--engine", "espeak", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert "⟦حِمْص" in result.stderr  # the built-in rule
    assert float(ffprobe_json(out, "-show_format")["format"]["duration"]) > 0.3


def test_render_lexicon_reaches_the_engine(tmp_path: Path):
    engine = FakeEngine()
    options = RenderOptions(out_dir=tmp_path / "out", cache_dir=tmp_path / "cache",
                            lexicon=Lexicon.of([Rule("حمص", "حُمُص")]))
    render(str(ARTICLE_MD), engine, options)
    said = " ".join(engine.calls)
    assert "حُمُص" in said and "حمص" not in said
    assert "\ue000" not in said and "\ue002" not in said  # no span marks reach an engine


def test_the_shared_render_options_carry_the_lexicon(tmp_path: Path, names: Path):
    """narrate and narrate sync build their RenderOptions through RenderChoice: --lexicon and the
    editor's file of narrator.toml both reach it, --lexicon last."""
    from narrator.commands.options import render_options
    from narrator.config import Config

    seen = {}

    @render_options
    def command(render):  # the shape every rendering command has
        seen["options"] = render.options(tmp_path, Config(lexicon=editor_file))

    editor_file = tmp_path / "lexicon.tsv"
    editor_file.write_text("حمص\tحَمَص\nمنبج\tمَنْبِج\n", encoding="utf-8")
    import click

    click.command()(command).main(["--lexicon", str(names)], standalone_mode=False)
    lexicon = seen["options"].lexicon
    assert "حُمُص" in lexicon.apply("حمص")  # --lexicon wins over the editor's file
    assert "مَنْبِج" in lexicon.apply("منبج")  # the editor file of narrator.toml
