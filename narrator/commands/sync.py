"""`narrate sync SOURCE... -o DIR --base-url URL`: the unattended newsroom run (see sources/sync.py)."""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Callable
from pathlib import Path

import click

from ..pipeline import Progress
from ..sources.fetch import FetchSettings
from .options import RenderChoice, ShowChoice, render_options, show_options

FETCH = FetchSettings()  # how sync fetches: polite defaults (tests replace it for their own site)


class StatusLines(Progress):
    """The renderer's status (a cluster's done/total, failures, throughput, ETA) as a line every
    `every_s` seconds and at the end: readable on a terminal and in a cron job's log alike."""

    def __init__(self, say: Callable[[str], None], every_s: float = 10.0) -> None:
        self.say = say
        self.every_s = every_s
        self._unsaid = ""
        self._said_at: float | None = None

    def note(self, text: str) -> None:
        now = time.monotonic()
        if self._said_at is None or now - self._said_at >= self.every_s:
            self._said_at = now
            self.say(text)
            self._unsaid = ""
        else:
            self._unsaid = text

    def finish(self) -> None:
        if self._unsaid:
            self.say(self._unsaid)
        self._unsaid = ""


@click.command("sync")
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@click.option("-o", "--out-dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="The published folder: episodes, feed.xml, index.html and the sync's state (.narrator/).")
@click.option("--base-url", required=True, help="Where DIR is served, e.g. https://example.org/podcast/")
@click.option("--limit", type=click.IntRange(1), default=None,
              help="Render at most N new articles this run (newest first); the rest wait for the next run.")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Articles rendered at once, each in its own process  [default: the number of cores]")
@click.option("--cluster", default=None, metavar="ADDRESS",
              help="Render on a Dask cluster: tcp://SCHEDULER:8786, or local:N for N workers here (docs/cluster.md).")
@click.option("--recheck-days", type=click.FloatRange(0), default=2.0, show_default=True,
              help="Re-check pages published this many days ago or less for corrections (conditional GET).")
@click.option("--wait", "wait_s", type=click.FloatRange(0), default=0.0, show_default=True,
              help="Seconds to wait for another sync working on DIR before giving up.")
@render_options
@show_options
@click.option("--json", "as_json", is_flag=True, help="Print what the run did as JSON on stdout.")
@click.option("-q", "--quiet", is_flag=True, help="Only failures on stderr.")
def sync_command(
    sources: tuple[str, ...], out_dir: Path, base_url: str, limit: int | None, workers: int | None,
    cluster: str | None, recheck_days: float, wait_s: float, render: RenderChoice, show_choice: ShowChoice,
    as_json: bool, quiet: bool,
) -> None:
    """Keep DIR a complete published podcast of each SOURCE: an RSS or Atom feed, a (news) sitemap
    or sitemap index, or a text file of article URLs, one a line (a URL or a file).

    Every run renders the articles not yet published, re-renders corrected ones (same guid),
    keeps episodes that dropped out of the source, retries failures with growing back-off, and
    writes feed.xml, index.html and the cover once at the end.  Exit 0: every current item is
    published; 1: some failed (one line each on stderr).

    \b
    Example (cron, every 10 minutes):
      narrate sync https://example.org/rss.xml -o /srv/podcast --base-url https://example.org/podcast/
    """
    from ..cli import _guard  # the one place errors become a line
    from ..sources.runners import default_workers
    from ..sources.sync import SyncSettings, sync

    @_guard
    def body() -> int:
        config = show_choice.config()
        engine, engine_options = render.engine_for(config)
        count = workers or default_workers()
        # The online voice: the workers share one budget of requests in flight, not N of them.
        per_worker = max(1, render.jobs // count)
        options = render.options(out_dir, config)
        settings = SyncSettings(
            sources=sources, out_dir=out_dir, base_url=base_url, show=config.show,
            options=dataclasses.replace(options, jobs=per_worker),
            engine=engine, engine_options=engine_options, limit=limit, workers=count,
            cluster=cluster, recheck_days=recheck_days, wait_s=wait_s, fetch=FETCH,
        )

        def notify(line: str) -> None:
            if not quiet:
                click.echo(f"narrate: {line}", err=True)

        progress = Progress() if quiet else StatusLines(notify)
        report = sync(settings, notify=notify, progress=progress)
        for failed in report.failed:
            click.echo(f"narrate: failed {failed.url}: {failed.error} (attempt {failed.attempts})", err=True)
        if as_json:
            click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        if not quiet:
            published = f"; wrote {report.site.feed}" if report.site else "; feed unchanged"
            click.echo(f"narrate: {len(report.rendered)} rendered, {report.unchanged} unchanged, "
                       f"{len(report.failed)} failed, {len(report.skipped)} skipped{published}", err=True)
        return report.exit_code

    code = body()
    if code:
        click.get_current_context().exit(code)
