"""GCRA buckets: a burst of N, then one every W/N; no second allowance at any edge."""

import math
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialproof import clock
from socialproof.errors import ProblemKind, TooMany
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
        assert refused.kind is ProblemKind.TOO_MANY
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


@given(
    stored=st.none() | st.floats(0, 10_000),
    moments=st.lists(st.floats(0, 10_000), max_size=30).map(sorted),
    limit=st.integers(1, 50),
    window=st.integers(1, 3600),
    split=st.integers(0, 30),
)
def test_takes_folded_in_memory_equal_takes_written_one_by_one(stored, moments, limit, window, split):
    one_by_one = stored
    for moment in moments:
        one_by_one = ratelimit._after(one_by_one, moment, limit, window)
    folded = [ratelimit.Takes(), ratelimit.Takes()]  # written in two batches, as beats.py does
    for n, moment in enumerate(moments):
        folded[n >= split] = folded[n >= split].then(ratelimit.Takes.one(moment, limit, window))
    result = folded[0].then(folded[1])(stored)
    assert (result is None) == (one_by_one is None)
    assert result is None or one_by_one is None or math.isclose(result, one_by_one, rel_tol=1e-12, abs_tol=1e-9)
