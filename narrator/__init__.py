"""narrator: turn a written Arabic news article into a chaptered, podcast-ready MP3."""

import warnings

__version__ = "0.1.0"

# pydub looks for an `ffmpeg` on PATH when imported and warns if there is none; narrator hands it
# the ffmpeg from the imageio-ffmpeg wheel explicitly wherever it decodes, so the warning is noise.
warnings.filterwarnings("ignore", message="Couldn't find ffmpeg or avconv", category=RuntimeWarning)

__all__ = ["RenderOptions", "__version__", "render", "render_article"]


def __getattr__(name: str) -> object:
    """The public names, imported on first use: `narrate` installs its signal handlers (see
    `narrator.start`) before the seconds of imports that the pipeline costs on a busy machine."""
    if name in ("RenderOptions", "render", "render_article"):
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'narrator' has no attribute {name!r}")
