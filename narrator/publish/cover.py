"""The show's square cover: checked when given, generated from the show's title when not.

Apple asks for a square JPEG or PNG of 1400 to 3000 pixels.  A generated cover sets the title in
Noto Sans Arabic (shipped as a wheel, fontpkg-noto-sans-arabic, OFL) and lays it out with Pillow's
raqm layout (HarfBuzz shaping and FriBiDi ordering), so the letters join and run right to left;
Pillow's basic layout would draw isolated letters left to right.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, UnidentifiedImageError, features

from ..errors import PublishError

SIDE = 1400
DPI = 72
MIN_SIDE, MAX_SIDE = 1400, 3000
_BACKGROUND = (18, 52, 86)
_INK = (250, 250, 245)
_ACCENT = (232, 176, 48)


def font_path() -> Path:
    try:
        import fontpkg_noto_sans_arabic as pkg
    except ImportError:
        raise PublishError("the Arabic font package is missing: pip install fontpkg-noto-sans-arabic") from None
    found = sorted((Path(pkg.__file__).parent / "files").glob("NotoSansArabic*.ttf"))
    if not found:
        raise PublishError("the Arabic font package holds no font file; reinstall fontpkg-noto-sans-arabic")
    return found[0]


def check_cover(path: Path) -> str:
    """The MIME type of a usable cover, or a PublishError saying what is wrong with it."""
    try:
        with warnings.catch_warnings():
            # Past Pillow's pixel limit it warns, then refuses: either way far beyond 3000 px.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                kind, (width, height) = image.format, image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PublishError(f"cover {path} (--image or [show] image) is far larger than "
                           f"{MAX_SIDE}x{MAX_SIDE} px; podcast apps need {MIN_SIDE} to {MAX_SIDE} px") from None
    except (OSError, UnidentifiedImageError, ValueError):
        raise PublishError(f"cover {path} (--image or [show] image) is not a readable image") from None
    if kind not in ("JPEG", "PNG"):
        raise PublishError(f"cover {path} is {kind}; podcast apps need JPEG or PNG")
    if width != height or not MIN_SIDE <= width <= MAX_SIDE:
        raise PublishError(f"cover {path} is {width}x{height}; it must be square, {MIN_SIDE} to {MAX_SIDE} px")
    return "image/jpeg" if kind == "JPEG" else "image/png"


def _font(size: int) -> ImageFont.FreeTypeFont:
    font = ImageFont.truetype(str(font_path()), size, layout_engine=ImageFont.Layout.RAQM)
    try:
        font.set_variation_by_name("Bold")
    except (OSError, ValueError):
        pass  # a static font: its one weight will do
    return font


def _wrap(draw: ImageDraw.ImageDraw, words: list[str], font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in words:
        trial = f"{current} {word}".strip()
        if current and draw.textlength(trial, font=font, direction="rtl", language="ar") > width:
            lines.append(current)
            current = word
        else:
            current = trial
    return [*lines, current] if current else lines


def generate_cover(title: str, path: Path) -> None:
    """A PNG of SIDE x SIDE with `title` centred in shaped Arabic, as large as fits."""
    if not features.check("raqm"):
        raise PublishError(
            "Pillow cannot shape Arabic here (libraqm/FriBiDi missing: apt-get install libfribidi0); "
            "give a cover with --image or [show] image"
        )
    image = Image.new("RGB", (SIDE, SIDE), _BACKGROUND)
    draw = ImageDraw.Draw(image)
    margin = SIDE // 10
    draw.rectangle((margin, SIDE - margin - 24, SIDE - margin, SIDE - margin), fill=_ACCENT)
    words = title.split()
    for size in range(220, 40, -10):
        font = _font(size)
        lines = _wrap(draw, words, font, SIDE - 2 * margin)
        widest = max(draw.textlength(line, font=font, direction="rtl", language="ar") for line in lines)
        height = len(lines) * size * 1.6
        if widest <= SIDE - 2 * margin and height <= SIDE - 3 * margin:
            break
    top = (SIDE - height) / 2
    for number, line in enumerate(lines):
        draw.text(
            (SIDE / 2, top + number * size * 1.6 + size * 0.8), line, font=font, fill=_INK,
            anchor="mm", direction="rtl", language="ar",
        )
    # pHYs at 72 dpi: Apple's artwork requirements name that resolution; Pillow writes none unless asked.
    image.save(path, format="PNG", optimize=True, dpi=(DPI, DPI))
