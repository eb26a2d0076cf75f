"""Options that several commands share, declared once so that they cannot drift apart.

`render_options` is every option that shapes an episode (`narrate ARTICLE`, `narrate URL`,
`narrate sync`); `show_options` is every show setting of the feed (`narrate feed`, `narrate sync`).
Each decorator hands the command one value object instead of a dozen keyword arguments.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from ..config import Config, ShowSettings, load_config
from ..engines import PUBLIC_ENGINES, EngineOptions, voice_choice
from ..model import Pauses
from ..pipeline import RenderOptions
from ..text.pronounce import load_lexicon

F = TypeVar("F", bound=Callable[..., Any])


class TestableChoice(click.Choice):
    """The public engines in --help and in error messages; `fake`, the tests' stand-in engine,
    is accepted but never offered to users."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        return value if value == "fake" else super().convert(value, param, ctx)


@dataclass(frozen=True, slots=True)
class RenderChoice:
    """What the render options chose: the engine by name and everything else."""

    engine: str
    engine_options: EngineOptions
    pauses: Pauses
    bitrate_kbps: int
    loudness_lufs: float
    show: str | None
    use_cache: bool
    jobs: int
    max_hours: float
    # --lexicon files, on top of the built-in rules and the editor's file of narrator.toml.
    lexicons: tuple[Path, ...] = ()
    voice: str | None = None

    def engine_for(self, config: Config) -> tuple[str, EngineOptions]:
        """The engine and its options: these options first, then narrator.toml's [voice]."""
        return voice_choice(self.engine, self.voice, config.voice, self.engine_options)

    def options(self, out_dir: Path, config: Config, fallback_show: str | None = None) -> RenderOptions:
        return RenderOptions(
            out_dir=out_dir,
            pauses=self.pauses,
            bitrate_kbps=self.bitrate_kbps,
            loudness_lufs=self.loudness_lufs,
            use_cache=self.use_cache,
            show=self.show,
            fallback_show=config.show.title or fallback_show,
            intro=config.intro,
            outro=config.outro,
            jobs=self.jobs,
            max_hours=self.max_hours,
            lexicon=load_lexicon(self.lexicons, editor=config.lexicon),
        )


# --lexicon FILE (repeatable): on every command that renders, and on plan, normalize and say.
lexicon_option = click.option(
    "--lexicon", "lexicons", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
    help="Pronunciation rules (WRITTEN<TAB>SAY) on top of the built-in ones and lexicon.tsv "
         "beside narrator.toml; may be given more than once.",
)

_RENDER_OPTIONS = (
    click.option("--engine", type=TestableChoice(["auto", *PUBLIC_ENGINES]), default="auto",
                 show_default=True, help="auto: narrator.toml's [voice] engine, else gtts when Google "
                 "answers within 2 s, else espeak (offline)."),
    click.option("--voice", default=None, metavar="NAME",
                 help="edge: the voice, e.g. ar-SY-LaithNeural (see narrate voices); implies --engine edge."),
    click.option("--pause-headline", type=click.FloatRange(0, 10), default=1.0, show_default=True,
                 help="Seconds of silence after the headline and byline."),
    click.option("--pause-paragraph", type=click.FloatRange(0, 10), default=0.6, show_default=True,
                 help="Seconds of silence between paragraphs."),
    click.option("--pause-section", type=click.FloatRange(0, 10), default=1.5, show_default=True,
                 help="Seconds of silence before each section."),
    click.option("--bitrate", type=click.IntRange(32, 160), default=64, show_default=True,
                 help="Constant MP3 bitrate in kbps (the episode is 22.05 kHz mono: at most 160)."),
    click.option("--loudness", type=click.FloatRange(-30, -10), default=-16.0, show_default=True,
                 help="Integrated loudness target in LUFS."),
    click.option("--show", default=None, help="Show name for the album tag (else front matter 'show')."),
    click.option("--tld", default="com", show_default=True, help="Google host for gtts (translate.google.TLD)."),
    click.option("--no-cache", is_flag=True, help="Synthesize everything again; store nothing."),
    click.option("--jobs", type=click.IntRange(1, 32), default=6, show_default=True,
                 help="Requests in flight at once (gtts, edge); espeak runs one at a time."),
    click.option("--slow", is_flag=True, help="gtts: Google's slower reading."),
    click.option("--max-hours", type=click.FloatRange(0, min_open=True), default=10.0, show_default=True,
                 help="Refuse an article estimated to last longer (checked before any audio work)."),
    lexicon_option,
)
_RENDER_NAMES = ("engine", "voice", "pause_headline", "pause_paragraph", "pause_section", "bitrate", "loudness",
                 "show", "tld", "no_cache", "jobs", "slow", "max_hours", "lexicons")


def render_options(fn: F) -> F:
    """Add every render option; the command receives them as one `render: RenderChoice`."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        values = {name: kwargs.pop(name) for name in _RENDER_NAMES}
        kwargs["render"] = RenderChoice(
            engine=values["engine"],
            engine_options=EngineOptions(tld=values["tld"], slow=values["slow"]),
            pauses=Pauses(
                headline_ms=round(values["pause_headline"] * 1000),
                paragraph_ms=round(values["pause_paragraph"] * 1000),
                section_ms=round(values["pause_section"] * 1000),
            ),
            bitrate_kbps=values["bitrate"],
            loudness_lufs=values["loudness"],
            show=values["show"],
            use_cache=not values["no_cache"],
            jobs=values["jobs"],
            max_hours=values["max_hours"],
            lexicons=values["lexicons"],
            voice=values["voice"],
        )
        return fn(*args, **kwargs)

    for option in reversed(_RENDER_OPTIONS):
        wrapper = option(wrapper)
    return wrapper  # type: ignore[return-value]


_SHOW_OPTIONS = (
    click.option("--title", default=None, help="Show title (else [show] title in narrator.toml)."),
    click.option("--description", default=None, help="Show description (else [show] description)."),
    click.option("--author", default=None, help="Show author (else [show] author)."),
    click.option("--owner-name", default=None,
                 help="Owner's name for podcast directories (else [show] owner_name, else the author)."),
    click.option("--owner-email", default=None,
                 help="Owner's e-mail for podcast directories (else [show] owner_email)."),
    click.option("--image", type=click.Path(dir_okay=False, path_type=Path), default=None,
                 help="Square JPEG/PNG cover, 1400-3000 px (else [show] image, else one is generated)."),
    click.option("--category", default=None, help="iTunes category (else [show] category, else News)."),
    click.option("--link", default=None, help="The show's web page (else [show] link, else the base URL)."),
    click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
                 default=Path("narrator.toml"), show_default=True, help="Show settings file."),
)
_SHOW_NAMES = ("title", "description", "author", "owner_name", "owner_email", "image", "category", "link")


@dataclass(frozen=True, slots=True)
class ShowChoice:
    """The show options as given; `config()` reads the settings file (inside the command, where
    its errors become one clean line) with the options taking precedence."""

    path: Path
    overrides: tuple[tuple[str, Any], ...]

    def config(self) -> Config:
        config = load_config(self.path)
        show: ShowSettings = config.show.merged(**dict(self.overrides))
        return Config(show=show, intro=config.intro, outro=config.outro, lexicon=config.lexicon, voice=config.voice)


def show_options(fn: F) -> F:
    """Add every show option; the command receives them as one `show_choice: ShowChoice`."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        overrides = tuple((name, kwargs.pop(name)) for name in _SHOW_NAMES)
        kwargs["show_choice"] = ShowChoice(kwargs.pop("config_path"), overrides)
        return fn(*args, **kwargs)

    for option in reversed(_SHOW_OPTIONS):
        wrapper = option(wrapper)
    return wrapper  # type: ignore[return-value]
