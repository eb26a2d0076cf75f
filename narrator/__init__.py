"""narrator: turn a written Arabic news article into a chaptered, podcast-ready MP3."""

import warnings

__version__ = "0.1.0"

# pydub looks for an `ffmpeg` on PATH when imported and warns if there is none; narrator hands it
# the ffmpeg from the imageio-ffmpeg wheel explicitly wherever it decodes, so the warning is noise.
warnings.filterwarnings("ignore", message="Couldn't find ffmpeg or avconv", category=RuntimeWarning)

from .pipeline import RenderOptions, render, render_article  # noqa: E402

__all__ = ["RenderOptions", "__version__", "render", "render_article"]
