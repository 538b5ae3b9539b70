"""Images made inside the tests with Pillow (the tests download nothing)."""

from __future__ import annotations

import io
import random
import struct
import zlib

from PIL import Image

SERIAL = "CAM-SERIAL-0042"


def jpeg(size=(640, 480), *, colour="#a07a4f", gps=False, orientation=None, noise=False, quality=90) -> bytes:
    image = Image.new("RGB", size, colour)
    if noise:  # incompressible pixels, for size limits
        rng = random.Random(size[0])
        image = Image.frombytes("RGB", size, bytes(rng.getrandbits(8) for _ in range(size[0] * size[1] * 3)))
    else:  # a marker in the top-left corner shows which way is up
        image.paste("#000000", (0, 0, size[0] // 4, size[1] // 4))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0xA431] = SERIAL  # body serial number
    exif[0x9003] = "2026:11:20 09:41:00"  # when it was taken
    if gps:
        exif[0x8825] = {1: "N", 2: (65.0, 0.0, 46.0), 3: "E", 4: (25.0, 28.0, 0.0)}  # Oulu
    if orientation:
        exif[0x0112] = orientation
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=quality)
    return buffer.getvalue()


def png(size=(300, 200), mode="RGBA") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, (10, 120, 200, 128) if mode == "RGBA" else 0).save(buffer, "PNG")
    return buffer.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(width=50_000, height=50_000) -> bytes:
    """A small file that claims billions of pixels: a decompression bomb."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"\x00" * 1000))
        + _chunk(b"IEND", b"")
    )


def animated(fmt: str) -> bytes:
    frames = [Image.new("RGB", (64, 64), c) for c in ("red", "blue", "green")]
    buffer = io.BytesIO()
    frames[0].save(buffer, fmt, save_all=True, append_images=frames[1:], duration=100, loop=0)
    return buffer.getvalue()


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="40"/></svg>'
