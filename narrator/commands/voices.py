"""`narrate voices`: the voices an editor can choose from, with locale and gender."""

from __future__ import annotations

import click

from ..engines import edge
from ..errors import EngineUnavailable


@click.command("voices")
@click.option("--engine", type=click.Choice(["edge", "espeak", "gtts"]), default="edge", show_default=True,
              help="Whose voices to list.")
def voices_command(engine: str) -> None:
    """List the Arabic voices of an engine (edge: from the service's own list when it answers).

    \b
    Put the one you choose in narrator.toml ([voice] name = "...") or pass --voice NAME.
    Example: narrate voices --engine edge
    """
    if engine == "espeak":
        click.echo("ar  espeak-ng's Arabic voice (offline; one voice)")
        return
    if engine == "gtts":
        click.echo("ar  Google Translate's Arabic voice (one voice; --tld picks the Google host)")
        return
    try:
        voices = tuple(v for v in edge.fetch_voices() if v.locale.startswith("ar-"))
        source = None
    except EngineUnavailable as exc:
        voices, source = edge.ARABIC_VOICES, str(exc)
    if source is not None:
        click.echo(f"narrate: offline ({edge.SERVICE}: {source}); the built-in list, which may be "
                   "out of date", err=True)
    width = max(len(v.name) for v in voices)
    for v in sorted(voices, key=lambda v: (v.locale, v.gender, v.name)):
        default = "  (default)" if v.name == edge.DEFAULT_VOICE else ""
        click.echo(f"{v.name:{width}}  {v.locale}  {v.gender}{default}")
