"""The command line as users meet it: plans, engines, summaries, and one-line errors."""

from __future__ import annotations

import json
import os
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from narrator import engines
from narrator.cli import main
from narrator.engines import Availability

from .conftest import ARTICLE_MD, SEED_BYLINE


@pytest.fixture
def runner() -> CliRunner:
    try:  # click < 8.2 mixes stderr into output unless told not to; 8.2 always separates them
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        return CliRunner()


def test_plan_json_schema(runner: CliRunner):
    result = runner.invoke(main, ["plan", "--json", str(ARTICLE_MD)])
    assert result.exit_code == 0
    plan = json.loads(result.stdout)
    assert set(plan) == {"headline", "byline", "chapters", "dropped"}
    assert plan["byline"] == SEED_BYLINE
    assert plan["chapters"][0]["title"] == plan["headline"]
    assert [len(c["paragraphs"]) for c in plan["chapters"]] == [2, 3, 4, 7]
    # the article's own text, not the spoken form
    assert '"داعش"' in plan["chapters"][0]["paragraphs"][0]


def test_plan_outline_for_editors(runner: CliRunner, seed_txt: Path):
    result = runner.invoke(main, ["plan", str(seed_txt)])
    assert result.exit_code == 0
    assert "4. العلاقة بين ميليشيات إيران والتنظيم  [7 paragraphs]" in result.stdout
    assert "[site-name] It's Over 9000!" in result.stdout
    assert "[related-articles] مقالات ذات صلة" in result.stdout


def test_plan_reads_stdin(runner: CliRunner):
    result = runner.invoke(main, ["plan", "--json", "-"], input=ARTICLE_MD.read_bytes())
    assert result.exit_code == 0
    assert json.loads(result.stdout)["byline"] == SEED_BYLINE


def test_engines_lists_each_engine(runner: CliRunner, monkeypatch):
    monkeypatch.setattr(
        engines.engine_class("gtts"), "availability",
        classmethod(lambda cls, options=None: Availability(False, "https://translate.google.com/ did not answer")),
    )
    result = runner.invoke(main, ["engines"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("espeak   usable") and "espeak-ng" in lines[0]
    assert lines[1].startswith("gtts     unusable") and "did not answer" in lines[1]


def test_auto_falls_back_to_espeak_and_says_why(runner: CliRunner, monkeypatch, tmp_path: Path):
    monkeypatch.setattr(
        engines.engine_class("gtts"), "availability",
        classmethod(lambda cls, options=None: Availability(False, "https://translate.google.com/ did not answer within 2 s")),
    )
    voice, reason = engines.create("auto")
    assert voice.name == "espeak"
    assert "espeak" in reason and "did not answer" in reason


def test_gtts_without_network_is_one_line_and_writes_nothing(runner: CliRunner, monkeypatch, tmp_path: Path):
    monkeypatch.setattr(
        engines.engine_class("gtts"), "availability",
        classmethod(lambda cls, options=None: Availability(False, "https://translate.google.com/ did not answer within 2 s")),
    )
    result = runner.invoke(main, ["--engine", "gtts", "-o", str(tmp_path / "out"), str(ARTICLE_MD)])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "translate.google.com" in result.stderr and "--engine espeak" in result.stderr
    assert not (tmp_path / "out").exists()


def test_json_summary_with_fake_engine(runner: CliRunner, tmp_path: Path):
    result = runner.invoke(main, ["--engine", "fake", "--json", "-o", str(tmp_path), str(ARTICLE_MD)])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert len(summary["episodes"]) == 1
    assert summary["episodes"][0]["mp3"] == str(tmp_path / "article.mp3")
    assert "engine fake" in result.stderr  # the choice is announced on stderr, not stdout


def test_progress_bar_on_stderr_unless_quiet(runner: CliRunner, tmp_path: Path):
    loud = runner.invoke(main, ["--engine", "fake", "-o", str(tmp_path), str(ARTICLE_MD)])
    quiet = runner.invoke(main, ["--engine", "fake", "-q", "-o", str(tmp_path), str(ARTICLE_MD)])
    assert "article.md" in loud.stderr and "wrote" in loud.stderr
    assert quiet.stderr == "" and quiet.stdout == ""


def _error_cases(tmp_path: Path) -> dict[str, list[str]]:
    empty = tmp_path / "empty.md"
    empty.write_text("")
    blank = tmp_path / "blank.txt"
    blank.write_text("  \n\n \t\n")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    return {
        "missing": [str(tmp_path / "nope.md")],
        "directory": [str(tmp_path)],
        "empty": [str(empty)],
        "whitespace": [str(blank)],
        "binary": [str(binary)],
    }


@pytest.mark.parametrize("case", ["missing", "directory", "empty", "whitespace", "binary"])
def test_bad_input_is_one_line_exit_1_nothing_written(runner: CliRunner, tmp_path: Path, case: str):
    out = tmp_path / "out"
    args = _error_cases(tmp_path)[case]
    result = runner.invoke(main, ["--engine", "fake", "-o", str(out), *args])
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("narrate: error: ")
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.output
    assert not out.exists()


def test_unreadable_file(runner: CliRunner, tmp_path: Path, monkeypatch):
    locked = tmp_path / "locked.md"
    locked.write_text("# عنوان\n\nنص.\n")
    locked.chmod(0)
    if os.geteuid() == 0:  # root reads every file: make the refusal happen anyway

        def refuse(self: Path) -> bytes:
            raise PermissionError(13, "Permission denied", str(self))

        monkeypatch.setattr(Path, "read_bytes", refuse)
    result = runner.invoke(main, ["plan", str(locked)])
    assert result.exit_code == 1 and "permission denied" in result.stderr


def test_unwritable_output_folder(runner: CliRunner, tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = runner.invoke(main, ["--engine", "fake", "-q", "-o", str(blocker / "out"), str(ARTICLE_MD)])
    assert result.exit_code == 1
    assert result.stderr.startswith("narrate: error: cannot create output folder")


def test_usage_errors_exit_2(runner: CliRunner):
    assert runner.invoke(main, ["--engine", "nope", str(ARTICLE_MD)]).exit_code == 2
    assert runner.invoke(main, ["--bitrate", "7", str(ARTICLE_MD)]).exit_code == 2
    assert runner.invoke(main, ["plan"]).exit_code == 2


def test_every_command_and_option_is_documented():
    for name, command in main.commands.items():
        assert command.help and "Example" in command.help, name
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"{name} {param.opts}"
