"""SIGINT and SIGTERM on real renders (issue 12, item 1), and espeak's output independent of what
it said before (item 4).  Real signals on real processes; kept few: the fake engine where it
will do, one espeak render interrupted through its process group as a terminal's Ctrl-C does."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
import wave
from pathlib import Path

import pytest

from narrator.errors import Interrupted
from narrator.signals import exit_code, signal_death
from narrator.synthesize import DEFAULT_JOBS, LOOKAHEAD_PER_JOB

from .conftest import ARTICLE_MD


def _narrate(args: list[str], env: dict[str, str], **kw) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "narrator.cli", *args],
        env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw,
    )


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def _wait_for_clips(proc: subprocess.Popen, clips: Path, count: int) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if clips.exists() and sum(1 for _ in clips.rglob("*.wav")) >= count:
            return
        time.sleep(0.02)
    assert proc.poll() is None, "the render finished before it could be interrupted"


def _assert_cache_whole(cache: Path) -> None:
    assert not list(cache.rglob("*.partial*"))
    for path in (cache / "clips").rglob("*.wav"):
        with wave.open(str(path), "rb") as w:
            assert len(w.readframes(w.getnframes())) == w.getnframes() * 2


# Clips the render has handed out at any moment: its workers (--jobs, 6) and their look-ahead.
# Only those may still be cached after a signal.
IN_FLIGHT = DEFAULT_JOBS * LOOKAHEAD_PER_JOB
# On a busy machine a few more may finish between the test counting the clips and the signal
# reaching the render; a lost signal lets the rest of the article's 600 utterances through.
SLACK = 12


def _long_article(path: Path) -> None:
    path.write_text("# عنوان الخبر\n\n" + "\n".join(
        f"## قسم {i}\n\nفقرة جديدة رقم {i} عن الأحداث في البادية السورية والتنظيم وما بعدها.\n" for i in range(300)
    ), encoding="utf-8")


def _clips(cache: Path) -> int:
    return sum(1 for _ in (cache / "clips").rglob("*.wav"))


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_stops_the_render_cleanly_and_keeps_the_earlier_episode(tmp_path: Path, signum: int, code: int):
    out, cache = tmp_path / "out", tmp_path / "cache"
    env = {"NARRATOR_CACHE_DIR": str(cache), "NARRATOR_STATE_DIR": str(tmp_path / "state")}
    article = tmp_path / "article.md"
    article.write_text("# عنوان الخبر\n\nفقرة أولى قصيرة.\n", encoding="utf-8")
    first = _narrate(["--engine", "fake", "-q", "-o", str(out), str(article)], env)
    assert first.wait(timeout=120) == 0, first.stderr.read()
    before = _digest(out)

    _long_article(article)
    victim = _narrate(["--engine", "fake", "-q", "-o", str(out), str(article)], env)
    _wait_for_clips(victim, cache / "clips", len(before) + 10)
    at_signal = _clips(cache)
    started = time.monotonic()
    victim.send_signal(signum)
    _, stderr = victim.communicate(timeout=60)
    assert victim.returncode == code, stderr
    assert stderr.decode() == "narrate: interrupted\n"
    # Promptly: between utterances, not at the end of the article's 600.  Counted in clips, which a
    # busy machine does not change; the seconds only bound a hang.
    assert _clips(cache) - at_signal <= IN_FLIGHT + SLACK
    assert time.monotonic() - started < 30
    assert _digest(out) == before  # the earlier episode, untouched; no partial or scratch file left
    _assert_cache_whole(cache)


# The render's own process signals itself from inside a finalizer, as when the signal lands while
# the main thread is in wave.Wave_read.__del__ (which runs on every cache miss): Python drops an
# exception raised there.  Before signals.check() the render went on to the end and exited 0.
_SIGNAL_IN_A_FINALIZER = """
import os, sys
from pathlib import Path
from narrator import start
from narrator.cache import ClipCache

signum, cache, after = int(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
lookups = 0
real_get = ClipCache.get


def tick():
    pass


class Finalizer:
    def __del__(self):
        (cache / "at-signal").write_text(str(sum(1 for _ in (cache / "clips").rglob("*.wav"))))
        os.kill(os.getpid(), signum)
        tick()  # the handler runs at this call: inside __del__, where its exception is dropped


def get(self, key):
    global lookups
    lookups += 1
    if lookups == after:
        Finalizer()
    return real_get(self, key)


ClipCache.get = get
sys.argv = ["narrate", *sys.argv[4:]]
start.main()
"""


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_whose_exception_python_drops_still_stops_the_render(tmp_path: Path, signum: int, code: int):
    cache, out = tmp_path / "cache", tmp_path / "out"
    article = tmp_path / "article.md"
    _long_article(article)
    done = subprocess.run(
        [sys.executable, "-c", _SIGNAL_IN_A_FINALIZER, str(int(signum)), str(cache), "40",
         "--engine", "fake", "-q", "-o", str(out), str(article)],
        env={**os.environ, "NARRATOR_CACHE_DIR": str(cache), "NARRATOR_STATE_DIR": str(tmp_path / "state")},
        capture_output=True, text=True, timeout=300,
    )
    assert (done.returncode, done.stderr) == (code, "narrate: interrupted\n")
    # Only the utterances in flight when the signal came were finished (the fix's promise).
    assert _clips(cache) - int((cache / "at-signal").read_text()) <= IN_FLIGHT
    assert not out.exists() or not list(out.iterdir())
    _assert_cache_whole(cache)


def test_ctrl_c_to_the_process_group_during_espeak_synthesis(tmp_path: Path):
    """The terminal's Ctrl-C reaches narrate, its espeak worker and ffmpeg at once: one line,
    exit 130, nothing left behind, and the clips cached so far give the same MP3 as a clean run."""
    env = {"NARRATOR_CACHE_DIR": str(tmp_path / "cache"), "SOURCE_DATE_EPOCH": "1700000000",
           "NARRATOR_STATE_DIR": str(tmp_path / "state")}
    out = tmp_path / "out"
    victim = _narrate(["--engine", "espeak", "-o", str(out), str(ARTICLE_MD)], env, start_new_session=True)
    _wait_for_clips(victim, tmp_path / "cache" / "clips", 4)
    os.killpg(victim.pid, signal.SIGINT)
    _, stderr = victim.communicate(timeout=60)
    assert victim.returncode == 130, stderr
    last = stderr.decode().replace("\r", "\n").strip().splitlines()[-1]
    assert last == "narrate: interrupted"
    assert "ffmpeg" not in stderr.decode() and "Traceback" not in stderr.decode()
    assert not out.exists() or not list(out.iterdir())
    _assert_cache_whole(tmp_path / "cache")

    resumed = _narrate(["--engine", "espeak", "-q", "-o", str(out), str(ARTICLE_MD)], env)
    assert resumed.wait(timeout=300) == 0, resumed.stderr.read()
    clean = _narrate(["--engine", "espeak", "-q", "--no-cache", "-o", str(tmp_path / "clean"), str(ARTICLE_MD)], env)
    assert clean.wait(timeout=300) == 0, clean.stderr.read()
    assert (out / "article.mp3").read_bytes() == (tmp_path / "clean" / "article.mp3").read_bytes()


def test_an_article_renders_byte_for_byte_the_same_alone_and_after_others(tmp_path: Path):
    body = ARTICLE_MD.read_text(encoding="utf-8").split("\n## ")
    (tmp_path / "s.md").write_text(body[0], encoding="utf-8")
    (tmp_path / "t.md").write_text("# " + body[1].split("\n", 1)[0] + "\n" + body[1].split("\n", 1)[1], encoding="utf-8")
    (tmp_path / "u.md").write_text("# " + body[2].split("\n", 1)[0] + "\n" + body[2].split("\n", 1)[1], encoding="utf-8")
    env = {"SOURCE_DATE_EPOCH": "1700000000", "NARRATOR_STATE_DIR": str(tmp_path / "state")}
    runs = {"alone": ["t.md"], "batch": ["s.md", "t.md", "u.md"], "reversed": ["u.md", "t.md"]}
    for name, inputs in runs.items():
        proc = _narrate(["--engine", "espeak", "-q", "--no-cache", "-o", str(tmp_path / name),
                         *(str(tmp_path / i) for i in inputs)], env)
        assert proc.wait(timeout=300) == 0, proc.stderr.read()
    alone = (tmp_path / "alone" / "t.mp3").read_bytes()
    assert (tmp_path / "batch" / "t.mp3").read_bytes() == alone
    assert (tmp_path / "reversed" / "t.mp3").read_bytes() == alone


def test_espeak_says_a_text_the_same_whatever_it_said_before():
    from narrator.engines.espeak import _library

    lib = _library()
    texts = ["هَذَا خَبَرٌ", "قَالَ الوَزِيرُ: إِنَّ الأَمْرَ صَعْبٌ؟", "مَرْحَبًا بِكُمْ فِي النَّشْرَةِ.",
             "Hello 123", "؟", "ثَلَاثُونَ عُنْصُرًا " * 20]
    first = {t: lib.synthesize(t) for t in texts}
    for t in reversed(texts):
        assert lib.synthesize(t) == first[t]
    assert len({first[t] for t in texts}) == len(texts)


@pytest.mark.parametrize(("returncode", "stderr", "expected"), [
    (-signal.SIGINT, "", 2),
    (-signal.SIGTERM, "", 15),
    (255, "Exiting normally, received signal 2.", 2),
    (255, "Exiting normally, received signal 15.", 15),
    (1, "No space left on device", None),
    (-signal.SIGKILL, "", None),  # killed outright: a failure, not an interruption we asked for
    (255, "received signal 9", None),
    (0, "received signal 2", None),  # it finished: no interruption to report
])
def test_a_child_that_died_of_our_signal_is_an_interruption(returncode: int, stderr: str, expected: int | None):
    found = signal_death(returncode, stderr)
    assert (found.signum if found else None) == expected


@pytest.mark.parametrize(("exc", "code"), [
    (Interrupted(signal.SIGINT), 130), (Interrupted(signal.SIGTERM), 143), (KeyboardInterrupt(), 130),
])
def test_exit_codes_follow_the_shell_convention(exc: BaseException, code: int):
    assert exit_code(exc) == code


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
@pytest.mark.parametrize("during", [
    "name == 'cli'",  # importing the CLI and the pipeline: seconds on a busy machine
    "'signals' in (fromlist or ())",  # narrator's own first import, before signals.install existed
])
def test_a_signal_while_narrate_is_still_starting_is_one_line(signum: int, code: int, during: str):
    """A Ctrl-C (or a supervisor's SIGTERM) while narrate is still importing is an interruption too."""
    program = (
        "import builtins, os, sys\n"
        "real = builtins.__import__\n"
        "def importing(name, globals=None, locals=None, fromlist=(), level=0):\n"
        f"    if name.startswith('narrator') or level:\n"
        f"        if {during}: os.kill(os.getpid(), {int(signum)})\n"
        "    return real(name, globals, locals, fromlist, level)\n"
        "builtins.__import__ = importing\n"
        "sys.argv = ['narrate', '--engine', 'fake', 'nothing.md']\n"
        "from narrator.start import main\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120)
    assert done.returncode == code
    assert done.stderr == "narrate: interrupted\n"


def test_an_interruption_ends_the_ffmpeg_runs_of_other_threads_and_refuses_new_ones(monkeypatch):
    """The encoder's pool runs ffmpeg in threads that no signal reaches: an interrupted render
    ends them (stop_running) rather than waiting for pieces nobody will use."""
    import threading

    from narrator import signals
    from narrator.audio.ffmpeg import run_ffmpeg, stop_running

    outcome: list[BaseException] = []

    def encode_for_a_minute() -> None:
        try:  # -re: read at the audio's own pace, so this takes a minute unless ended
            run_ffmpeg(["-re", "-f", "lavfi", "-i", "sine=d=60", "-f", "null", "-"], "a long run")
        except BaseException as exc:  # noqa: BLE001 (the thread's outcome is the assertion)
            outcome.append(exc)

    worker = threading.Thread(target=encode_for_a_minute)
    worker.start()
    time.sleep(0.5)
    monkeypatch.setattr(signals, "_received", signal.SIGTERM)
    stop_running()
    worker.join(timeout=20)
    assert not worker.is_alive()
    assert [type(e) for e in outcome] == [Interrupted] and outcome[0].signum == signal.SIGTERM
    with pytest.raises(Interrupted):
        run_ffmpeg(["-f", "lavfi", "-i", "sine=d=1", "-f", "null", "-"], "a run after the signal")
