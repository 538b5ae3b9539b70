"""Insights count by calendar month: their tests start the clock mid-month, so hours of travel stay in it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from socialproof import clock
from tests.support import moving_clock


@pytest.fixture
def travel(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """tests/conftest.py's clock, but started at 09:00 UTC on the 10th of last month (always in the past)."""
    today = clock.now()
    start = (today - timedelta(days=today.day + 5)).replace(day=10, hour=9, minute=0, second=0, microsecond=0)
    return moving_clock(monkeypatch, start)
