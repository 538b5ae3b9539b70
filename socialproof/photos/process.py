"""Turning an uploaded file into photos that are safe to publish.

Nothing about the upload is trusted: not its name, not its Content-Type.
Each file is decoded for real by Pillow and refused unless it is a single
still JPEG, PNG or WebP within the limits. What is stored is a fresh encode
of the pixels, turned upright by the EXIF orientation, so no metadata (GPS
position, camera serial, timestamps) and no trailing payload survives.
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

FULL_PX, THUMB_PX = 2048, 400
# Shown 80 px high in a review and ~150 px wide in the gallery: this on ordinary screens, the 400 px one on sharp ones.
SMALL_PX = 160
# Active content that has no business inside a photo: a file carrying it is a
# polyglot (an image that is also a page, script or archive). Each signature is
# long enough not to turn up by chance in megabytes of compressed pixels.
ACTIVE = re.compile(
    rb"<script|<html|<svg\s[^>]{0,300}?(?:xmlns|onload)|<\?php|<!doctype|<iframe|javascript:", re.IGNORECASE
)
TRAILING_ACTIVE = re.compile(rb"PK\x03\x04|%PDF-|\x7fELF|MZ\x90\x00")


class PhotoRefused(Exception):
    """Why one file can't be a photo; ``reason`` is a key the caller words for the shopper."""

    def __init__(self, filename: str, reason: str) -> None:
        super().__init__(f"{filename}: {reason}")
        self.filename = filename
        self.reason = reason


@dataclass(frozen=True)
class Photo:
    full: bytes
    thumb: bytes
    width: int
    height: int
    thumb_width: int
    thumb_height: int
    small: bytes

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.full).hexdigest()


def _image_end(data: bytes, kind: str) -> int:
    """Where the image data ends, so what follows can be inspected."""
    if kind == "PNG":
        end = data.rfind(b"IEND")
        return end + 8 if end >= 0 else len(data)
    if kind == "WEBP":
        return 8 + int.from_bytes(data[4:8], "little")
    end = data.rfind(b"\xff\xd9")
    return end + 2 if end >= 0 else len(data)


def _sniff(data: bytes) -> str | None:
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return None


def _encode(image: Image.Image, size: int, quality: int) -> tuple[bytes, int, int]:
    copy = image.copy()
    copy.thumbnail((size, size), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    copy.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
    return buffer.getvalue(), copy.width, copy.height


def process(filename: str, data: bytes, *, max_bytes: int, max_pixels: int) -> Photo:
    """A publishable Photo, or PhotoRefused saying why not."""
    if len(data) > max_bytes:
        raise PhotoRefused(filename, "too-large")
    kind = _sniff(data)
    if kind is None:
        raise PhotoRefused(filename, "not-a-photo")  # SVG, text, anything renamed .jpg
    if ACTIVE.search(data) or TRAILING_ACTIVE.search(data, _image_end(data, kind)):
        raise PhotoRefused(filename, "polyglot")
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=[kind]) as image:
                if image.width * image.height > max_pixels:
                    raise PhotoRefused(filename, "too-many-pixels")
                if getattr(image, "is_animated", False) or getattr(image, "n_frames", 1) > 1:
                    raise PhotoRefused(filename, "animated")
                if kind == "JPEG":
                    # Decode at the smallest DCT scale that still covers FULL_PX both ways: a 40 MP
                    # photo then needs a quarter of the memory, and what we store is no smaller.
                    image.draft(image.mode, (FULL_PX, FULL_PX))
                image.load()  # decode every pixel now: truncated or corrupt data fails here
                upright = ImageOps.exif_transpose(image)
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise PhotoRefused(filename, "too-many-pixels") from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
            raise PhotoRefused(filename, "unreadable") from None
    if upright.mode in ("RGBA", "LA") or (upright.mode == "P" and "transparency" in upright.info):
        background = Image.new("RGB", upright.size, "white")  # photos are shown on white
        background.paste(upright.convert("RGBA"), mask=upright.convert("RGBA").getchannel("A"))
        upright = background
    upright = upright.convert("RGB")
    full, width, height = _encode(upright, FULL_PX, 85)
    thumb, thumb_width, thumb_height = _encode(upright, THUMB_PX, 80)
    small, _, _ = _encode(upright, SMALL_PX, 80)
    return Photo(full, thumb, width, height, thumb_width, thumb_height, small)


def small_from(thumb: bytes) -> bytes:
    """The small size from a stored thumbnail: for photos stored before there was one."""
    with Image.open(io.BytesIO(thumb), formats=["JPEG"]) as image:
        return _encode(image.convert("RGB"), SMALL_PX, 80)[0]


def fitted(width: int, height: int, size: int) -> tuple[int, int]:
    """About the size Pillow's thumbnail() makes of width x height within size x size (for srcset)."""
    scale = min(1.0, size / max(width, height, 1))
    return max(1, round(width * scale)), max(1, round(height * scale))
