"""Answers compressed once, when they are cached, never per request.

A cached body may hold slots for what must be fresh on every answer (the
review form's signed start stamp). Its gzip form is built so the slots can be
filled without compressing again: each run of fixed bytes is deflated up to a
full flush (which resets the compressor's history, so nothing after it refers
back), and a slot's bytes travel between the runs as a stored (uncompressed)
deflate block. Filling a slot costs one CRC over the body, no compression.
Brotli has no such seam in its Python binding, so a body with slots is sent
gzip or plain; one without slots also has its brotli form. The stamp changes
once a second, so the last filled form is remembered: a hot answer is joined
and checksummed once a second, not once per request.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, field

import brotli  # type: ignore[import-untyped]

BROTLI_QUALITY = 6  # ~as small as gzip -9 at a fraction of quality 11's time; done once per entry
GZIP_LEVEL = 6
_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # deflate, no name, no mtime, unknown OS


@dataclass(frozen=True)
class Encoded:
    """One body in every form it is sent in; ``parts`` are the fixed runs around the slots."""

    parts: tuple[bytes, ...]
    deflated: tuple[bytes, ...]  # each part deflated up to a full flush; the last one finished
    brotli: bytes | None  # only without slots
    gzipped: bytes | None  # whole, only without slots
    # (coding, fill) -> body, only the last: replaced whole, so threads never see half of it
    _last: dict[tuple[str, bytes], bytes] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def of(cls, body: bytes, slot: bytes | None = None) -> Encoded:
        parts = tuple(body.split(slot)) if slot else (body,)
        compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, -15)
        deflated = [compressor.compress(p) + compressor.flush(zlib.Z_FULL_FLUSH) for p in parts[:-1]]
        deflated.append(compressor.compress(parts[-1]) + compressor.flush(zlib.Z_FINISH))
        if len(parts) > 1:
            return cls(parts, tuple(deflated), None, None)
        whole = _GZIP_HEADER + deflated[0] + struct.pack("<II", zlib.crc32(body), len(body) & 0xFFFFFFFF)
        return cls(parts, (), brotli.compress(body, quality=BROTLI_QUALITY), whole)

    @property
    def size(self) -> int:
        whole = sum(map(len, self.parts + self.deflated)) + len(self.brotli or b"") + len(self.gzipped or b"")
        return whole + (sum(map(len, self.parts)) if len(self.parts) > 1 else 0)  # room for the last filled form

    def plain(self, fill: bytes = b"") -> bytes:
        if len(self.parts) == 1:
            return self.parts[0]
        return self._filled("identity", fill) or self._remember("identity", fill, fill.join(self.parts))

    def gzip(self, fill: bytes = b"") -> bytes:
        if self.gzipped is not None:
            return self.gzipped
        known = self._filled("gzip", fill)
        if known is not None:
            return known
        stored = b"\x00" + struct.pack("<HH", len(fill), len(fill) ^ 0xFFFF) + fill  # BFINAL=0, BTYPE=00
        body = fill.join(self.parts)
        crc = struct.pack("<II", zlib.crc32(body), len(body) & 0xFFFFFFFF)
        return self._remember("gzip", fill, _GZIP_HEADER + stored.join(self.deflated) + crc)

    def _filled(self, coding: str, fill: bytes) -> bytes | None:
        return self._last.get((coding, fill))

    def _remember(self, coding: str, fill: bytes, body: bytes) -> bytes:
        object.__setattr__(self, "_last", {(coding, fill): body})
        return body


def preferred(accept_encoding: str) -> str | None:
    """'br', 'gzip' or None (identity), from an Accept-Encoding header; q=0 refuses."""
    accepted: dict[str, float] = {}
    for item in accept_encoding.lower().split(","):
        name, _, params = item.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        accepted[name.strip()] = q
    for coding in ("br", "gzip"):
        if accepted.get(coding, accepted.get("*", 0.0)) > 0:
            return coding
    return None
