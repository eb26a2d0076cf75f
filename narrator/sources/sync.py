"""`narrate sync`: keep DIR a complete published podcast of its sources.

One run: read every source; decide for each item whether it needs its page (new, failed and due
again, its source date changed, or published within the last `recheck_days`: then a conditional
GET); fetch those pages politely; send the new and the changed articles to the runner; write each
result into DIR as it arrives (files first, atomically, MP3 last; then the state row); publish
feed.xml, index.html and the cover once at the end, as `narrate feed` does.

Only this client writes DIR; the runner's workers return bytes.  A correction keeps its guid,
stem and first publication time.  An item that drops out of the source stays published.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import signals
from ..config import ShowSettings
from ..engines import EngineOptions, create
from ..errors import InputError, Interrupted, NarratorError, PublishError
from ..pipeline import Progress, RenderOptions
from ..publish.episode_meta import read_sidecar, sidecar_path
from .channel import channel_cover, show_with_channel, with_cover
from .feeds import Channel, Listing, SourceItem, newest_first, read_listing
from .fetch import Fetcher, FetchError, FetchSettings, Response, page_encoding
from .jobs import ItemMeta, JobFailure, JobResult, RenderJob, episode_guid, write_result
from .names import stem_from_url, unique_stem
from .page import NoArticle, content_hash, read_page
from .runners import JobRunner, make_runner
from .tally import Tally
from .state import ItemState, SyncState, dir_lock

FETCH_THREADS = 8  # pages fetched at once over all hosts; the fetcher keeps ≤ per_host per host
# Pages are fetched and rendered in batches, the next batch fetched while this one renders: memory
# holds a batch of pages, not a whole sitemap's, and the first episodes appear early.  Large
# enough that workers seldom wait at a batch's end for its slowest article.
BATCH = 32


@dataclass(frozen=True, slots=True)
class SyncSettings:
    sources: tuple[str, ...]
    out_dir: Path
    base_url: str
    show: ShowSettings = field(default_factory=ShowSettings)  # config and options; the feed fills gaps
    options: RenderOptions = field(default_factory=RenderOptions)
    engine: str = "espeak"  # "auto" is resolved once, when the first article is to be rendered
    engine_options: EngineOptions = field(default_factory=EngineOptions)
    limit: int | None = None  # renders of new (or failed) items per run
    workers: int = 1
    cluster: str | None = None
    recheck_days: float = 2.0
    fetch: FetchSettings = field(default_factory=FetchSettings)
    wait_s: float = 0.0  # how long to wait for another sync on DIR


@dataclass(frozen=True, slots=True)
class Rendered:
    url: str
    mp3: str
    guid: str
    corrected: bool


@dataclass(frozen=True, slots=True)
class Failed:
    url: str
    error: str
    attempts: int


@dataclass(frozen=True, slots=True)
class SkippedItem:
    url: str
    reason: str


@dataclass(frozen=True, slots=True)
class SyncReport:
    rendered: tuple[Rendered, ...]
    unchanged: int
    failed: tuple[Failed, ...]
    skipped: tuple[SkippedItem, ...]
    site: Any  # publish.site.SiteReport, or None: nothing changed, the published feed is current
    requests: int  # HTTP requests made (sources, robots.txt, pages)

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "rendered": [{"url": r.url, "mp3": r.mp3, "guid": r.guid} for r in self.rendered],
            "unchanged": self.unchanged,
            "failed": [{"url": f.url, "error": f.error, "attempts": f.attempts} for f in self.failed],
            "skipped": [{"url": s.url, "reason": s.reason} for s in self.skipped],
        }


@dataclass(frozen=True, slots=True)
class _Check:
    """An item whose page is requested this run."""

    item: SourceItem
    row: ItemState | None
    conditional: bool  # a published item re-checked for a correction


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


class _Run:
    def __init__(self, settings: SyncSettings, state: SyncState, fetcher: Fetcher,
                 notify: Callable[[str], None], clock: Callable[[], float]) -> None:
        self.settings = settings
        self.state = state
        self.fetcher = fetcher
        self.notify = notify
        self.clock = clock
        self.now = clock()
        self.rendered: list[Rendered] = []
        self.failed: list[Failed] = []
        self.skipped: list[SkippedItem] = []
        self.unchanged = 0
        self.taken_stems = state.stems()
        self.job_options = settings.options  # with the show's name once the sources are read
        self._engine: str | None = None

    # -- sources ----------------------------------------------------------------------------------

    def listings(self) -> list[Listing]:
        found = []
        for source in self.settings.sources:
            try:
                listing = read_listing(source, self.fetcher)
            except NarratorError as exc:
                self.fail_source(source, str(exc))
                continue
            found.append(listing)
            self.skipped.extend(SkippedItem(s.what, s.reason) for s in listing.skipped)
        return found

    def fail_source(self, source: str, error: str) -> None:
        message = error if error.startswith(source) else f"{source}: {error}"
        self.failed.append(Failed(source, message, 1))

    # -- deciding ---------------------------------------------------------------------------------

    def recent(self, row: ItemState) -> bool:
        if not row.published:
            return False
        published = dt.datetime.fromisoformat(row.published).timestamp()
        return self.now - published <= self.settings.recheck_days * 86400

    def decide(self, items: list[SourceItem]) -> list[_Check]:
        checks: list[_Check] = []
        new_budget = self.settings.limit
        for item in items:
            row = self.state.get(item.key)
            if row is not None and row.is_published:
                mp3_there = row.stem is not None and (self.settings.out_dir / f"{row.stem}.mp3").exists()
                waiting = row.attempts > 0 and (row.given_up or (row.next_attempt or 0) > self.now)
                date_changed = item.date is not None and _iso(item.date) != row.source_date
                if mp3_there and (waiting or not (date_changed or self.recent(row))):
                    self.unchanged += 1
                    continue
                checks.append(_Check(item, row, conditional=mp3_there))
                continue
            if row is not None and row.attempts > 0:
                if row.given_up or (row.next_attempt or 0) > self.now:
                    when = "gave up" if row.given_up else "next try " + dt.datetime.fromtimestamp(
                        row.next_attempt or 0, dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
                    self.failed.append(Failed(item.link, f"{row.last_error} ({when})", row.attempts))
                    continue
            if new_budget is not None:
                if new_budget <= 0:
                    self.skipped.append(SkippedItem(item.link, "over --limit; rendered by a later run"))
                    continue
                new_budget -= 1
            checks.append(_Check(item, row, conditional=False))
        return checks

    def engine(self) -> str:
        """The engine's name, chosen (and checked usable) at the first article to render: a run
        with nothing new never loads a voice or asks Google whether it answers."""
        if self._engine is None:
            voice, reason = create(self.settings.engine, self.settings.engine_options)
            self.notify(reason)
            self._engine = voice.name
        return self._engine

    # -- fetching ---------------------------------------------------------------------------------

    def fetch(self, check: _Check) -> Response | FetchError:
        row = check.row
        try:
            return self.fetcher.get(
                check.item.link, html=True,
                etag=row.etag if check.conditional and row else None,
                last_modified=row.last_modified if check.conditional and row else None,
            )
        except FetchError as exc:
            return exc

    def new_stem(self, item: SourceItem) -> str:
        """The file name of a new item: its URL's, unless another item, or a file in DIR that is
        not this item's episode (one rendered by hand), has it."""
        stem = stem_from_url(item.link)
        sidecar = sidecar_path(self.settings.out_dir, stem)
        if stem not in self.taken_stems and (self.settings.out_dir / f"{stem}.mp3").exists():
            try:
                ours = read_sidecar(sidecar).guid == episode_guid(item.key)
            except PublishError:
                ours = False
            if not ours:
                self.taken_stems.add(stem)
        return unique_stem(stem, item.key, self.taken_stems)

    def job_for(self, check: _Check, response: Response) -> RenderJob | None:
        """The render job for a fetched page, or None when a re-checked page is unchanged."""
        item, row = check.item, check.row
        encoding = page_encoding(response.content, response.charset)
        if row is not None and row.is_published and check.conditional:
            try:
                facts = read_page(response.content.decode(encoding, "replace"), response.url)
            except NoArticle as exc:
                self.record_failure(item, str(exc), permanent=True, recheck=True)
                return None
            if content_hash(facts.article) == row.content_hash:
                self.state.checked(item.key, source_date=_iso(item.date), etag=response.etag,
                                   last_modified=response.last_modified)
                self.unchanged += 1
                return None
        stem = row.stem if row and row.stem else self.new_stem(item)
        self.taken_stems.add(stem)
        published = (row.published if row and row.published else None) or _iso(item.published) \
            or dt.datetime.fromtimestamp(self.now, dt.timezone.utc).replace(microsecond=0).isoformat()
        return RenderJob(
            key=item.key,
            guid=row.guid if row and row.guid else episode_guid(item.key),
            url=response.url,
            page=response.content,
            encoding=encoding,
            stem=stem,
            meta=ItemMeta(author=item.author, published=published, image=item.image, link=item.link),
            options=self.job_options,
            engine=self.engine(),
            engine_options=self.settings.engine_options,
        )

    def fetched_batches(self, checks: list[_Check], size: int) -> Iterator[list[tuple[_Check, Response | FetchError]]]:
        """The checks with their pages, `size` at a time; the next batch's pages are fetched
        (in threads) while the caller renders this one."""
        batches = [checks[i:i + size] for i in range(0, len(checks), size)]
        pool = ThreadPoolExecutor(max_workers=FETCH_THREADS)
        try:
            pending = [pool.submit(self.fetch, c) for c in batches[0]] if batches else []
            for n, batch in enumerate(batches):
                responses = [f.result() for f in pending]
                pending = [pool.submit(self.fetch, c) for c in batches[n + 1]] if n + 1 < len(batches) else []
                yield list(zip(batch, responses))
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def jobs_from(self, fetched: list[tuple[_Check, Response | FetchError]]) -> list[tuple[RenderJob, _Check, Response]]:
        """Record what needs no render (failed fetches, 304s, unchanged articles); the rest as jobs."""
        jobs = []
        for check, response in fetched:
            if isinstance(response, FetchError):
                self.record_failure(check.item, str(response), permanent=response.permanent,
                                    retry_at=response.retry_after, recheck=check.conditional)
            elif response.not_modified:
                self.state.checked(check.item.key, source_date=_iso(check.item.date), etag=response.etag,
                                   last_modified=response.last_modified)
                self.unchanged += 1
            else:
                job = self.job_for(check, response)
                if job is not None:
                    jobs.append((job, check, response))
        return jobs

    # -- recording --------------------------------------------------------------------------------

    def record_failure(self, item: SourceItem, error: str, *, permanent: bool, retry_at: float | None = None,
                       recheck: bool = False) -> None:
        """A failure, with its back-off.  A published item whose re-check failed keeps its
        episode: it is reported as skipped, not failed (every current item is still published)."""
        attempts = self.state.failed(item.key, item.link, error, permanent=permanent, now=self.now, retry_at=retry_at)
        if recheck:
            self.skipped.append(SkippedItem(item.link, f"re-check failed, the published episode stays: {error}"))
        else:
            self.failed.append(Failed(item.link, error, attempts))

    def record_result(self, result: JobResult, job: RenderJob, item: SourceItem, response: Response) -> None:
        mp3 = write_result(result, self.settings.out_dir)
        row = self.state.get(item.key)
        corrected = bool(row and row.is_published)
        self.state.published(
            item.key, item.link, stem=result.stem, guid=result.guid, source_date=_iso(item.date),
            published=job.meta.published or "", etag=response.etag, last_modified=response.last_modified,
            content_hash=result.content_hash, now=self.clock(),
        )
        self.rendered.append(Rendered(item.link, str(mp3), result.guid, corrected))
        self.notify(f"{'corrected' if corrected else 'rendered'} {item.link} -> {mp3.name} "
                    f"({result.duration_ms / 1000:.1f} s)")


def _merged_items(listings: list[Listing]) -> list[SourceItem]:
    """Every listed item once (the first source to list an article wins), newest first."""
    seen: set[str] = set()
    items = []
    for listing in listings:
        for item in listing.items:
            if item.key not in seen:
                seen.add(item.key)
                items.append(item)
    return newest_first(items)


def _publish_key(show: ShowSettings, base_url: str) -> str:
    return hashlib.sha256(repr((show, base_url)).encode()).hexdigest()


def _channel(listings: list[Listing]) -> Channel:
    return next((listing.channel for listing in listings if listing.channel.title), Channel())


def sync(
    settings: SyncSettings,
    *,
    runner: JobRunner | None = None,
    notify: Callable[[str], None] = lambda line: None,
    clock: Callable[[], float] = time.time,
    progress: Progress | None = None,
) -> SyncReport:
    """One run of `narrate sync` (see the module's note)."""
    if not settings.base_url.startswith(("http://", "https://")):
        raise InputError(f"--base-url {settings.base_url!r} must start with http:// or https://")
    out_dir = settings.out_dir
    with dir_lock(out_dir, settings.wait_s), SyncState(out_dir) as state, Fetcher(settings.fetch) as fetcher:
        run = _Run(settings, state, fetcher, notify, clock)
        listings = run.listings()
        channel = _channel(listings)
        show = show_with_channel(settings.show, channel)
        if show.image is None:
            cover, problem = channel_cover(channel, out_dir, state, fetcher)
            show = with_cover(show, cover)
            if problem:
                run.skipped.append(SkippedItem(channel.image or "", problem))
        run.job_options = dataclasses.replace(
            settings.options, fallback_show=settings.options.fallback_show or show.title)
        checks = run.decide(_merged_items(listings))
        key = _publish_key(show, settings.base_url)
        stale = state.meta("published") != key or not (out_dir / "feed.xml").exists()
        if checks or stale:
            # feedgen (publish/) is imported only when there may be something to publish: a run
            # with nothing to ask stays quick.  The settings are checked before any audio work.
            from ..publish.feed import missing_settings

            missing = missing_settings(show)
            if missing:
                raise InputError("the feed needs " + "; ".join(missing) + " (the source feed does not say)")
        own_runner = runner is None
        active = runner
        tally = Tally(total=len(checks))
        progress = progress or Progress()
        interrupted: BaseException | None = None
        try:
            size = max(BATCH, 4 * settings.workers)
            if settings.cluster and checks and active is None:
                # A cluster is as wide as its workers: batches as narrow as this machine would
                # leave most of it idle at every batch's end.
                active = make_runner(settings.workers, settings.cluster)
                size = max(size, 4 * getattr(active, "capacity", 0))
            progress.start(len(checks))
            for fetched in run.fetched_batches(checks, size):
                jobs = run.jobs_from(fetched)
                if not jobs:
                    continue
                active = active or make_runner(settings.workers, settings.cluster)
                # Episodes are written as they arrive: until the feed lists them, the next run
                # must publish even if this one is killed before it does.
                state.set_meta("published", "")
                by_key = {job.key: (job, check, response) for job, check, response in jobs}
                for outcome in active.run([job for job, _, _ in jobs]):
                    job, check, response = by_key[outcome.key]
                    if isinstance(outcome, JobFailure):
                        run.record_failure(check.item, outcome.error, permanent=outcome.permanent,
                                           recheck=check.conditional)
                    else:
                        run.record_result(outcome, job, check.item, response)
                    tally = tally.counted(failed=isinstance(outcome, JobFailure))
                    progress.advance()
                    progress.note(tally.line())
                    # A signal whose exception Python dropped (signals.py): stop once this is recorded.
                    signals.check()
        except (KeyboardInterrupt, Interrupted) as exc:
            # Ctrl-C or SIGTERM during a long (cluster) run: what finished is published below,
            # then the interruption goes on to the CLI; the next sync renders the rest.
            interrupted = exc
        finally:
            progress.finish()
            if own_runner and active is not None:
                active.close()
        site = None
        # A batch that started may have written an episode whose state row an interruption cut
        # off: its files are whole (the MP3 last), so the feed lists it and the next run takes it back.
        stale = stale or state.meta("published") != key
        if interrupted is not None and not (run.rendered or stale):
            raise interrupted
        if run.rendered or stale:
            from ..publish.site import publish_folder

            state.set_meta("published", "")  # a crash before the feed is written republishes next run
            site = publish_folder(out_dir, show, settings.base_url)
            state.set_meta("published", key)
        if interrupted is not None:
            raise interrupted
        return SyncReport(tuple(run.rendered), run.unchanged, tuple(run.failed), tuple(run.skipped),
                          site, fetcher.requests)
