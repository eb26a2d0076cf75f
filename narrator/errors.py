"""The one family of errors that the CLI turns into a single clean line."""


class NarratorError(Exception):
    """Base of every error a user can cause or fix; the CLI prints it as one line, exit 1."""


class InputError(NarratorError):
    """The article cannot be read or holds nothing to say."""


class EngineError(NarratorError):
    """A speech engine failed while synthesizing."""


class EngineUnavailable(EngineError):
    """A speech engine cannot run on this machine (missing library, no network, ...)."""


class AudioError(NarratorError):
    """Decoding, loudness measurement or encoding failed."""


class PublishError(NarratorError):
    """Output files could not be written."""


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived: the render stops, its partial files go, exit 128 + signal.

    A BaseException, like KeyboardInterrupt, so that no `except Exception` on the way up
    mistakes it for a failure to recover from."""

    def __init__(self, signum: int) -> None:
        super().__init__(f"interrupted by signal {signum}")
        self.signum = signum


class BusyError(NarratorError):
    """Another process holds what this one needs (a sync already running on the same folder)."""
