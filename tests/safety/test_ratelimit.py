"""GCRA buckets: a burst of N, then one every W/N; no second allowance at any edge."""

from datetime import timedelta

import pytest

from socialproof import clock
from socialproof.errors import Kind, TooMany
from socialproof.safety import ratelimit


@pytest.fixture
def moved(monkeypatch):
    start = clock.now()
    offset = [0.0]
    monkeypatch.setattr(clock, "now", lambda: start + timedelta(seconds=offset[0]))

    def to(seconds: float) -> None:
        offset[0] = seconds

    return to


def allowed(db, key="k", limit=20, window=60) -> bool:
    try:
        ratelimit.take(db, [(key, limit)], window, "slow down")
    except TooMany as refused:
        assert refused.kind is Kind.TOO_MANY
        return False
    return True


def test_a_burst_of_the_limit_passes_then_the_next_waits_the_real_interval(db, moved):
    assert all(allowed(db) for _ in range(20))
    with pytest.raises(TooMany) as refused:
        ratelimit.take(db, [("k", 20)], 60, "slow down")
    assert refused.value.retry_after == 3  # 60 s / 20: one comes back every 3 s
    moved(2.9)
    assert not allowed(db)
    moved(3.0)
    assert allowed(db) and not allowed(db)


def test_no_double_allowance_across_what_was_a_window_edge(db, moved):
    """The hostile tester got 20 + 20 in 1.8 s across a fixed window's end."""
    moved(59.0)
    passed = sum(allowed(db) for _ in range(20))
    moved(60.8)
    passed += sum(allowed(db) for _ in range(20))
    assert passed == 20


def test_over_any_long_stretch_the_rate_is_the_limit(db, moved):
    passed = 0
    for tenth in range(0, 6000, 5):  # ten minutes, a request every half second
        moved(tenth / 10)
        passed += allowed(db)
    assert 200 <= passed <= 220  # 20 at once, then one every 3 s: 20 + 600/3


def test_refused_requests_cost_nothing(db, moved):
    for _ in range(20):
        allowed(db)
    for _ in range(100):
        allowed(db)
    moved(3.0)
    assert allowed(db)


def test_keys_are_separate_and_full_buckets_are_purged(db, moved):
    for _ in range(20):
        allowed(db, "a")
    assert allowed(db, "b")
    moved(61)
    assert ratelimit.purge(db) == 2
    assert allowed(db, "a")


def test_a_failed_sign_in_is_spent_even_without_a_token(db, moved):
    for _ in range(5):
        ratelimit.spend(db, "login:x", 5, 900)
    assert ratelimit.blocked_for(db, "login:x", 5, 900) == 180
    moved(180)
    assert ratelimit.blocked_for(db, "login:x", 5, 900) is None
