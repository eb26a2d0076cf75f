"""Every command shown in README.md and docs/*.md runs, and every option is documented.

As sqlite-utils tests its documentation: the fenced `sh`, `console`, `shell` and `bash` blocks
(and blocks without a language) are read as commands.  In a block with `$ ` prompts only those
lines are commands and the lines under one are its output; otherwise every line is a command
(`#` starts a comment).  `narrate` commands run in place, in the order shown, in a fresh folder
holding tests/docs_fixtures/ (plus a cover and a jingle made here), with the offline stand-in
voice in place of every real one; a `toml` block becomes the folder's narrator.toml for the
commands after it.  The output shown under `$ narrate normalize` and `$ narrate plan` must be
what they print.  A `narrate` command that would need the network (a command not in RUNS) is
parsed by click exactly as a real run would parse it, as is one given an http(s) URL to fetch.
`make` targets run with `make -n`,
Python scripts with `--help`; any other program must at least be installed.

A new page in docs/ is picked up by itself.  A synopsis that is not a command goes in a `text` block.
"""

from __future__ import annotations

import glob
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from PIL import Image

import narrator.cli as cli
from narrator.audio.ffmpeg import ffmpeg_exe
from narrator.engines import Availability
from narrator.engines.fake import FakeEngine

from .conftest import ROOT

DOCS = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md")])
FIXTURES = ROOT / "tests" / "docs_fixtures"
SHELL_BLOCKS = {"", "sh", "console", "shell", "bash"}
# narrate commands that run for real here (offline, with the stand-in voice); others are parsed.
RUNS = {"render", "plan", "normalize", "feed", "engines"}
# Commands whose shown output is compared with what they print (it depends on no voice).
COMPARED = {"plan", "normalize"}
FENCE = re.compile(r"^```(\S*)\s*$")


@dataclass(frozen=True, slots=True)
class Shown:
    line: int  # where the command is in its file, for the failure message
    command: str
    output: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Block:
    language: str
    line: int
    body: tuple[str, ...]


def fenced_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        opening = FENCE.match(lines[i])
        if opening is None:
            i += 1
            continue
        end = next((j for j in range(i + 1, len(lines)) if lines[j].strip() == "```"), len(lines))
        blocks.append(Block(opening.group(1).lower(), i + 1, tuple(lines[i + 1:end])))
        i = end + 1
    return blocks


def shown_commands(block: Block) -> list[Shown]:
    """The commands of a shell block (continuation lines joined), each with its shown output."""
    lines = list(block.body)
    prompted = any(line.startswith("$ ") for line in lines)
    found: list[Shown] = []
    i = 0
    while i < len(lines):
        line, number = lines[i], block.line + 1 + i
        i += 1
        if prompted and not line.startswith("$ "):
            continue
        command = line[2:] if prompted else line
        while command.rstrip().endswith("\\") and i < len(lines):
            command = command.rstrip()[:-1] + " " + lines[i].strip()
            i += 1
        output: list[str] = []
        while prompted and i < len(lines) and not lines[i].startswith("$ "):
            output.append(lines[i])
            i += 1
        if command.strip() and not command.lstrip().startswith("#"):
            found.append(Shown(number, command, tuple(output)))
    return found


def test_blocks_and_commands_are_read_as_documented():
    text = "x\n```sh\nnarrate a.md   # c\n\n# only a comment\nnarrate plan \\\n  b.md\n```\n```text\nnarrate [OPTIONS]\n```\n" \
           "```console\n$ echo 1 | narrate normalize\nواحد\n$ narrate engines\n```\n"
    blocks = fenced_blocks(text)
    assert [b.language for b in blocks] == ["sh", "text", "console"]
    assert [(s.command, s.output) for s in shown_commands(blocks[0])] == [
        ("narrate a.md   # c", ()), ("narrate plan  b.md", ())]
    assert [(s.command, s.output) for s in shown_commands(blocks[2])] == [
        ("echo 1 | narrate normalize", ("واحد",)), ("narrate engines", ())]


# -- running them ---------------------------------------------------------------------------------


def _workspace(folder: Path) -> None:
    shutil.copytree(FIXTURES, folder)
    Image.new("RGB", (1400, 1400), (18, 52, 86)).save(folder / "cover.jpg", quality=80)
    subprocess.run([ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:duration=1",
                    "-ac", "1", str(folder / "jingle.mp3")], check=True)


def _subcommand(args: list[str]) -> str:
    """As `DefaultGroup` decides: a first word that names a command, else the render command."""
    return args[0] if args and args[0] in cli.main.commands else "render"


def _needs_network(args: list[str]) -> bool:
    """An http(s) URL as an argument (an article or a source to fetch), not as --base-url's value."""
    return any(a.startswith(("http://", "https://")) and (i == 0 or args[i - 1] != "--base-url")
               for i, a in enumerate(args))


def _parse_only(args: list[str]) -> None:
    """Parse `narrate ARGS` as click would for a real run, down to the last subcommand."""
    context = cli.main.make_context("narrate", list(args))
    command: click.Command = cli.main
    rest = [*context.protected_args, *context.args]
    while isinstance(command, click.Group) and rest:
        name, sub, rest = command.resolve_command(context, rest)
        assert sub is not None, f"no command {name}"
        context = sub.make_context(name or "", rest, parent=context)
        command, rest = sub, [*context.protected_args, *context.args]


def _expand(tokens: list[str]) -> list[str]:
    out: list[str] = []
    for token in tokens:
        matches = sorted(glob.glob(token)) if any(c in token for c in "*?[") else []
        out.extend(matches or [token])
    return out


class ShownCommandRunner:
    def __init__(self, where: str) -> None:
        self.where = where

    def run(self, shown: Shown) -> None:
        tokens = _expand(shlex.split(shown.command, comments=True))
        stdin: str | None = None
        if "|" in tokens:
            cut = tokens.index("|")
            stdin, tokens = self._producer(tokens[:cut], shown), tokens[cut + 1:]
        program, args = tokens[0], tokens[1:]
        where = f"{self.where}:{shown.line}: {shown.command}"
        if program == "narrate":
            self._narrate(args, stdin, shown, where)
        elif program == "make":
            done = subprocess.run(["make", "-n", *args], cwd=ROOT, capture_output=True, text=True)
            assert done.returncode == 0, f"{where}\n{done.stderr}"
        elif Path(program).name.startswith("python") and args and args[0].endswith(".py"):
            done = subprocess.run([sys.executable, str(ROOT / args[0]), "--help"], capture_output=True, text=True)
            assert done.returncode == 0, f"{where}\n{done.stderr}"
        elif program in ("ffprobe", "ffmpeg"):
            exe = shutil.which(program) or (ffmpeg_exe() if program == "ffmpeg" else None)
            assert exe, f"{where}: {program} is not installed"
            done = subprocess.run([exe, *args], capture_output=True, text=True)
            assert done.returncode == 0, f"{where}\n{done.stderr[-2000:]}"
        else:
            assert shutil.which(program), f"{where}: {program} is not installed"

    @staticmethod
    def _producer(tokens: list[str], shown: Shown) -> str:
        if tokens[0] == "echo":
            return " ".join(tokens[1:]) + "\n"
        if tokens[0] == "cat":
            return "".join(Path(t).read_text(encoding="utf-8") for t in tokens[1:])
        raise AssertionError(f"line {shown.line}: the docs test can feed narrate only from echo or cat")

    def _narrate(self, args: list[str], stdin: str | None, shown: Shown, where: str) -> None:
        command = _subcommand(args)
        if command not in RUNS or _needs_network(args):
            try:
                _parse_only(args)
            except click.ClickException as exc:
                raise AssertionError(f"{where}: {exc.format_message()}") from None
            return
        result = CliRunner(mix_stderr=False).invoke(cli.main, args, input=stdin, catch_exceptions=False)
        assert result.exit_code == 0, f"{where}\nexit {result.exit_code}\n{result.stdout}\n{result.stderr}"
        if command in COMPARED and shown.output:
            printed = [line.rstrip() for line in result.stdout.splitlines()]
            assert printed == [line.rstrip() for line in shown.output], f"{where}: printed\n{result.stdout}"


def _stand_in_voice(name: str, options: object = None) -> tuple[FakeEngine, str]:
    return FakeEngine(), f"engine {name} (the docs test's stand-in voice)"


@pytest.mark.parametrize("document", DOCS, ids=[str(d.relative_to(ROOT)) for d in DOCS])
def test_every_command_shown_runs(document: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    work = tmp_path / "work"
    _workspace(work)
    monkeypatch.chdir(work)
    monkeypatch.setattr(cli, "create", _stand_in_voice)
    # `narrate engines` would ask Google whether gtts answers: tests never leave the machine.
    monkeypatch.setattr(cli, "state", lambda cls, options=None: Availability(True, "stand-in"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    runner = ShownCommandRunner(str(document.relative_to(ROOT)))
    ran = 0
    for block in fenced_blocks(document.read_text(encoding="utf-8")):
        if block.language == "toml":
            Path("narrator.toml").write_text("\n".join(block.body) + "\n", encoding="utf-8")
        elif block.language in SHELL_BLOCKS:
            for shown in shown_commands(block):
                runner.run(shown)
                ran += 1
    print(f"\n{document.name}: {ran} commands ran")


# -- every command and option is documented -------------------------------------------------------


def _options(command: click.Command, path: str) -> list[tuple[str, str]]:
    found = [(path, opt) for param in command.params if isinstance(param, click.Option)
             for opt in param.opts if opt.startswith("--") and opt not in ("--help", "--version")]
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            found += _options(sub, f"{path} {name}")
    return found


def test_every_command_and_option_appears_in_the_docs():
    text = "\n".join(d.read_text(encoding="utf-8") for d in DOCS)
    commands = [name for name in cli.main.commands if name != "render"]  # render is `narrate ARTICLE`
    assert [c for c in commands if f"narrate {c}" not in text] == []
    assert [f"{path}: {opt}" for path, opt in _options(cli.main, "narrate") if opt not in text] == []


def test_each_docs_page_is_linked_from_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert [d.name for d in DOCS if d.parent.name == "docs" and f"docs/{d.name}" not in readme] == []
    assert os.path.getsize(ROOT / "README.md") < 12_000  # a newcomer's page, not the reference


@pytest.mark.parametrize(
    ("args", "fetches"),
    [
        (["https://example.org/news/a"], True),
        (["sync", "https://example.org/rss.xml", "-o", "p", "--base-url", "https://example.org/p/"], True),
        (["feed", "episodes", "--base-url", "https://example.org/podcast/"], False),
        (["plan", "article.md"], False),
    ],
)
def test_commands_that_would_fetch_are_parsed_not_run(args: list[str], fetches: bool):
    assert _needs_network(args) is fetches
    _parse_only(args)  # and each parses as shown
