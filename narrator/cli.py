"""The `narrate` command: a thin shell around narrator.pipeline.

Only this module prints or exits.  Every NarratorError becomes one line on stderr and exit 1;
usage errors exit 2 (click's own convention).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__, signals
from .config import load_config
from .commands.options import RenderChoice, ShowChoice, TestableChoice, render_options, show_options  # noqa: F401
from .engines import PUBLIC_ENGINES, EngineOptions, create, engine_class, state, voice_choice, with_language
from .errors import Interrupted, NarratorError
from .model import Article
from .pipeline import Progress, check_batch, output_stem, read_checked, render_article
from .text.parse import read_article
from .commands import pronunciation
from .commands.pronunciation import editor_lexicon, lexicon_option, spoken_outline

F = TypeVar("F", bound=Callable[..., Any])


class DefaultGroup(click.Group):
    """`narrate ARTICLE...` renders; a first word that names a command runs that command."""

    default_command = "render"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = [self.default_command, *args]
        elif not args:
            args = [self.default_command]
        return super().parse_args(ctx, args)


def _fail(message: str) -> None:
    click.echo(f"narrate: error: {message}", err=True)
    sys.exit(1)


def _guard(fn: F) -> F:
    """Turn NarratorError (and a few OS conditions) into one clean line, never a traceback."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        signals.install()
        try:
            return fn(*args, **kwargs)
        except NarratorError as exc:
            _fail(str(exc))
        except (KeyboardInterrupt, Interrupted) as exc:
            # Partial and scratch files are gone by now (each `with` on the way out removed its own).
            click.echo("narrate: interrupted", err=True)
            sys.exit(signals.exit_code(exc))
        except OSError as exc:
            where = f" {exc.filename}" if exc.filename else ""
            _fail(f"{exc.strerror or exc}{where}")

    wrapper.__name__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
    return wrapper  # type: ignore[return-value]


class QuietProgress(Progress):
    """`--quiet`: no bar, no notices; warnings still say what went wrong."""

    def warn(self, message: str) -> None:
        click.echo(f"narrate: warning: {message}", err=True)


class BarProgress(QuietProgress):
    """Utterances done of total, with an ETA, on stderr."""

    def __init__(self, label: str) -> None:
        self.label = label
        self._bar: Any = None

    def start(self, total: int) -> None:
        self._bar = click.progressbar(
            length=total, label=self.label, file=sys.stderr, show_eta=True, show_pos=True
        )
        self._bar.__enter__()

    def advance(self) -> None:
        self._bar.update(1)

    def finish(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None


@click.group(cls=DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="narrate")
def main() -> None:
    """Turn Arabic news articles into chaptered, podcast-ready MP3 episodes.

    \b
    Examples:
      narrate article.md                 render audio_out/article.mp3
      narrate plan article.md            check the segmentation first
      narrate engines                    which voices work on this machine
    """


@main.command("render")
@click.argument("articles", nargs=-1, required=True, metavar="ARTICLE...")
@click.option("-o", "--out-dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("audio_out"), show_default=True, help="Folder for the MP3 and its sidecars.")
@render_options
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary on stdout.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or engine notice.")
@_guard
def render_command(articles: tuple[str, ...], out_dir: Path, render: RenderChoice, as_json: bool, quiet: bool) -> None:
    """Render each ARTICLE (.md, saved .html, scraped .txt, an http(s) URL of an article page;
    - for stdin) to OUT_DIR/STEM.mp3.

    \b
    Beside each MP3: STEM.chapters.json (Podcasting 2.0 chapters).
    Example: narrate --engine espeak -o episodes article.md
             narrate https://example.org/news/2024/05/article-slug
    """
    from .sources.single import fetch_page, is_url, render_page

    # Read (or fetch) every article first, so a bad one fails before any audio work.
    parsed = [(a, fetch_page(a) if is_url(a) else read_checked(a, render.max_hours)) for a in articles]
    articles_read = [(a, page if isinstance(page, Article) else page.article) for a, page in parsed]
    stems = [page.stem if not isinstance(page, Article) else output_stem(a) for a, page in parsed]
    config = load_config()  # narrator.toml in the working directory: show, intro, outro, voice
    voice, reason = create(*render.engine_for(config))
    if not quiet:
        click.echo(f"narrate: {reason}", err=True)
    options = render.options(out_dir, config)

    check_batch(articles_read, options, stems)  # duplicate names, --max-hours, disk space: before any audio work
    episodes = []
    for source, article in parsed:
        progress = QuietProgress() if quiet else BarProgress(source if is_url(source) else Path(source).name)
        try:
            if isinstance(article, Article):
                episode = render_article(article, source, with_language(voice, article.meta.language), options, progress)
            else:
                episode = render_page(article, voice.name, render.engine_options, options, progress)
        finally:
            progress.finish()  # an interrupted bar still ends its line
        episodes.append(episode)
        if not quiet and not as_json:
            click.echo(f"narrate: wrote {episode.mp3} ({episode.duration_ms / 1000:.1f} s, "
                       f"{len(episode.chapters)} chapters)", err=True)
    if as_json:
        click.echo(json.dumps({"episodes": [e.to_dict() for e in episodes]}, ensure_ascii=False, indent=2))


def _outline(article: Article) -> str:
    lines = [f"headline: {article.headline}", f"byline:   {article.byline or '(none)'}", ""]
    for number, chapter in enumerate(article.chapters, 1):
        count = len(chapter.paragraphs)
        lines.append(f"{number}. {chapter.title}  [{count} paragraph{'' if count == 1 else 's'}]")
        for paragraph in chapter.paragraphs:
            words = paragraph.split()
            lines.append("     - " + " ".join(words[:8]) + (" …" if len(words) > 8 else ""))
    if article.dropped:
        lines += ["", "dropped (not spoken):"]
        # Long furniture (contact boxes, tag lists) is cut: the editor needs to recognise it, not read it.
        lines += [f"  [{d.reason}] {d.text if len(d.text) <= 100 else d.text[:99] + '…'}" for d in article.dropped]
    return "\n".join(lines)


@main.command("plan")
@click.argument("article", metavar="ARTICLE")
@click.option("--json", "as_json", is_flag=True, help="Print the segmentation as JSON.")
@click.option("--spoken", is_flag=True,
              help="Print every utterance as the engine receives it, lexicon rules' words in ⟦ ⟧.")
@click.option("--engine", type=click.Choice(list(PUBLIC_ENGINES)), default="espeak", show_default=True,
              help="With --spoken: the engine whose text to show (espeak's is diacritized).")
@lexicon_option
@_guard
def plan_command(article: str, as_json: bool, spoken: bool = False, engine: str = "espeak",
                 lexicons: tuple[Path, ...] = ()) -> None:
    """Show how ARTICLE will be split, without synthesizing anything.

    The outline lists the headline, the byline, each chapter with its paragraph count and first
    words, and what was dropped, each with the name of the rule that dropped it.

    Example: narrate plan --json article.md
    """
    parsed = read_article(article)
    if spoken:
        click.echo(spoken_outline(parsed, editor_lexicon(lexicons), engine))
    elif as_json:
        click.echo(json.dumps(parsed.plan(), ensure_ascii=False, indent=2))
    else:
        click.echo(_outline(parsed))


@main.command("engines")
@click.option("--tld", default="com", show_default=True, help="Google host to ask for gtts (translate.google.TLD).")
@_guard
def engines_command(tld: str = "com") -> None:
    """List the speech engines and whether each is usable here.

    Example: narrate engines
    """
    voice = load_config().voice
    for name in PUBLIC_ENGINES:
        found = state(engine_class(name), voice_choice(name, None, voice, EngineOptions(tld=tld))[1])
        mark = "usable  " if found.usable else "unusable"
        click.echo(f"{name:8} {mark} {found.reason}")



@main.command("feed")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--base-url", required=True, help="Where FOLDER will be served, e.g. https://example.org/podcast/")
@show_options
@_guard
def feed_command(folder: Path, base_url: str, show_choice: ShowChoice) -> None:
    """Write FOLDER/feed.xml (podcast RSS) and FOLDER/index.html for every episode in FOLDER.

    \b
    Upload FOLDER to any static host at --base-url; podcast apps subscribe to BASE_URL/feed.xml.
    Example: narrate feed audio_out --base-url https://example.org/podcast/
    """
    from .publish.site import publish_folder

    report = publish_folder(folder, show_choice.config().show, base_url)
    for warning in report.warnings:
        click.echo(f"narrate: warning: {warning}", err=True)
    cover = "generated " if report.cover_generated else ""
    click.echo(f"narrate: wrote {report.feed} and {report.page} ({report.episodes} episodes, "
               f"{cover}cover {report.cover.name})", err=True)


@main.command("normalize")
@click.option("--diacritize", "with_tashkeel", is_flag=True,
              help="Add tashkeel, as the offline voice (espeak) receives the text.")
@click.option("--show-rules", is_flag=True, help="Put the words a lexicon rule said in ⟦ ⟧.")
@lexicon_option
@_guard
def normalize_command(with_tashkeel: bool, show_rules: bool = False, lexicons: tuple[Path, ...] = ()) -> None:
    """Print each line of standard input as it will be spoken (one line out per line in).

    Figures, dates, times, money, percent, symbols and Latin acronyms are read out in words, and
    the pronunciation rules (built-in, lexicon.tsv, --lexicon) applied: exactly what the engine gets.

    \b
    Example: echo 'بين 1500 و2000 دولار عام 2017' | narrate normalize
    """
    from .text.diacritize import diacritize
    from .text.pronounce import speakable
    from .text.spans import show_marks, unmark

    lexicon = editor_lexicon(lexicons)
    for line in click.get_text_stream("stdin", encoding="utf-8", errors="replace"):
        click.echo(speakable(line.rstrip("\r\n"), lexicon=lexicon, diacritizer=diacritize if with_tashkeel else None,
                             finish=show_marks if show_rules else unmark))


def _guarded(command: click.Command) -> click.Command:
    """A command from narrator/commands/ behind the same one-line error boundary as the rest."""
    if command.callback is not None:
        command.callback = _guard(command.callback)
    for sub in getattr(command, "commands", {}).values():
        _guarded(sub)
    return command


from .commands.sync import sync_command  # noqa: E402
from .commands.voices import voices_command  # noqa: E402

main.add_command(sync_command)
main.add_command(_guarded(pronunciation.lexicon_group))
main.add_command(_guarded(pronunciation.say_command))
main.add_command(voices_command)

if __name__ == "__main__":  # pragma: no cover
    main()
