"""The one source of the current time, so tests can move it."""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> datetime:
    return datetime.now(UTC)


def now_iso() -> str:
    """UTC, ISO 8601 with microseconds: sorts as text and as time alike."""
    return now().isoformat(timespec="microseconds")


def wall() -> datetime:
    """The real time, whatever tests do to ``now``: for what other machines check against their own clocks."""
    return datetime.now(UTC)
