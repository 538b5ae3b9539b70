"""Shoppers' photos for the demo shop, drawn here: the demo downloads no images.

Each goes through the same processing as an upload (photos/process.py), so
the demo shows exactly what a real photo becomes.
"""

from __future__ import annotations

import functools
import io
import random

from PIL import Image, ImageDraw, ImageFilter

from socialproof.photos.process import Photo, process


def _table(draw: ImageDraw.ImageDraw, size: tuple[int, int], rng: random.Random) -> None:
    width, height = size
    base = rng.choice([(150, 105, 70), (120, 85, 60), (196, 170, 140), (90, 70, 60)])
    for y in range(0, height, 6):  # wood grain
        shade = rng.randint(-12, 12)
        draw.rectangle((0, y, width, y + 6), fill=tuple(max(0, min(255, c + shade)) for c in base))


def _cup(draw: ImageDraw.ImageDraw, cx: int, cy: int, r: int, coffee: tuple[int, int, int], crema: bool) -> None:
    draw.ellipse((cx - r * 1.6, cy - r * 1.1, cx + r * 1.6, cy + r * 1.1), fill=(245, 245, 240))  # saucer
    draw.ellipse((cx - r, cy - r * 0.8, cx + r, cy + r * 0.8), fill=(250, 250, 250))  # cup rim
    draw.ellipse((cx - r * 0.85, cy - r * 0.65, cx + r * 0.85, cy + r * 0.65), fill=coffee)
    if crema:
        draw.ellipse((cx - r * 0.6, cy - r * 0.45, cx + r * 0.6, cy + r * 0.45), fill=(196, 140, 80))
        draw.ellipse((cx - r * 0.25, cy - r * 0.2, cx + r * 0.25, cy + r * 0.2), fill=(220, 180, 130))
    draw.rounded_rectangle((cx + r * 0.95, cy - r * 0.2, cx + r * 1.35, cy + r * 0.15), r // 6, fill=(250, 250, 250))


def _bag(
    draw: ImageDraw.ImageDraw, x: int, y: int, w: int, h: int, colour: tuple[int, int, int], torn: random.Random | None
) -> None:
    """A bag of coffee; ``torn``: the random source that scatters its beans, for a torn one."""
    draw.rounded_rectangle((x, y, x + w, y + h), 18, fill=colour)
    draw.rectangle((x, y, x + w, y + h // 7), fill=tuple(int(c * 0.8) for c in colour))
    draw.rounded_rectangle((x + w * 0.2, y + h * 0.35, x + w * 0.8, y + h * 0.65), 10, fill=(250, 247, 242))
    if torn is not None:
        draw.polygon([(x + w, y + h * 0.55), (x + w * 0.8, y + h * 0.7), (x + w, y + h * 0.85)], fill=(60, 40, 30))
        for _ in range(40):
            bx, by = x + w + torn.randint(5, 160), y + h * 0.6 + torn.randint(0, 220)
            draw.ellipse((bx, by, bx + 14, by + 9), fill=(70, 42, 25))


SCENES = {
    "latte": lambda d, s, rng: _cup(d, s[0] // 2, s[1] // 2, s[1] // 4, (205, 170, 130), False),
    "espresso": lambda d, s, rng: _cup(d, s[0] // 2, s[1] // 2, s[1] // 5, (60, 35, 20), True),
    "filter": lambda d, s, rng: _cup(d, s[0] // 2, int(s[1] * 0.55), s[1] // 4, (70, 40, 25), False),
    "bag": lambda d, s, rng: _bag(d, s[0] // 3, s[1] // 6, s[0] // 3, int(s[1] * 0.65), (200, 169, 126), None),
    "torn-bag": lambda d, s, rng: _bag(d, s[0] // 4, s[1] // 6, s[0] // 3, int(s[1] * 0.6), (200, 169, 126), rng),
    "dark-bag": lambda d, s, rng: _bag(d, s[0] // 3, s[1] // 6, s[0] // 3, int(s[1] * 0.65), (58, 42, 60), None),
}


@functools.cache  # a second seeding in one process (the tests seed many demo databases) draws nothing again
def photo(scene: str, seed: int) -> Photo:
    rng = random.Random(seed)
    size = rng.choice([(1600, 1200), (1200, 1600), (1500, 1500)])
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    _table(draw, size, rng)
    SCENES[scene](draw, size, rng)
    image = image.filter(ImageFilter.GaussianBlur(1.2))  # a phone camera's softness
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return process(f"{scene}.jpg", buffer.getvalue(), max_bytes=10 * 1024 * 1024, max_pixels=40_000_000)
