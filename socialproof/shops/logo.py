"""The shop's logo: what its mail to shoppers (and its pages) carry at the top, so they look like the shop's.

Given as a file, re-encoded from its pixels as a PNG that fits LOGO_BOX (transparency kept, every
byte of metadata left behind) and kept inline in the database like the founder's photo: one small
image needs no file storage, and mail carries it as a part of its own, never a remote image.
"""

from __future__ import annotations

import base64
import io
import warnings
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from socialproof.errors import Message
from socialproof.i18n import N_

LOGO_BOX = (480, 160)  # shown at most 240 x 80 in mail: twice that for sharp screens
LOGO_FILE_MAX = 5 * 1024 * 1024
LOGO_PIXELS_MAX = 40_000_000
PREFIX = "data:image/png;base64,"


def logo_data_uri(source: Path | bytes) -> str | Message:
    """A logo file (the command line) or an upload's bytes as a PNG data URI; or what is wrong with it."""
    if isinstance(source, Path):
        shown = str(source)[:200]
        not_an_image = Message(N_("%(value)s is not a PNG, JPEG or WebP image"), params={"value": shown})
        path = source.expanduser()
        if not path.is_file():
            return Message(N_("no such file: %(value)s"), params={"value": shown})
        if path.stat().st_size > LOGO_FILE_MAX:
            return Message(N_("%(value)s is larger than 5 MB"), params={"value": shown})
        source = path.read_bytes()
    elif len(source) > LOGO_FILE_MAX:
        return Message(N_("the logo is larger than 5 MB"))
    else:
        not_an_image = Message(N_("the logo is not a PNG, JPEG or WebP image"))
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(source), formats=["PNG", "JPEG", "WEBP"]) as image:
                if image.width * image.height > LOGO_PIXELS_MAX:
                    raise ValueError("too many pixels")
                logo = ImageOps.exif_transpose(image).convert("RGBA")
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombWarning):
            return not_an_image
    logo.thumbnail(LOGO_BOX)
    buffer = io.BytesIO()
    logo.save(buffer, "PNG", optimize=True)  # a fresh encode carries no EXIF, text chunks or ICC profile
    return PREFIX + base64.b64encode(buffer.getvalue()).decode()


def logo_png(uri: str) -> tuple[bytes, int, int]:
    """A stored logo's PNG and its size in pixels."""
    data = base64.b64decode(uri.removeprefix(PREFIX))
    with Image.open(io.BytesIO(data)) as image:
        return data, image.width, image.height
