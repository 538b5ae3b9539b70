"""Heartbeats counted in memory at once, written in batches, limited as strictly as one by one."""

from __future__ import annotations

from datetime import timedelta

import pytest

from socialproof import clock, policy
from socialproof.app import create_app
from socialproof.config import Settings
from socialproof.errors import TooMany
from socialproof.safety import ratelimit
from socialproof.safety.shoppers import Shopper
from socialproof.shops.registry import create_shop
from socialproof.signals import beats
from tests.client import TestClient
from tests.support import wait_until


def shopper(n: int) -> Shopper:
    return Shopper(f"visitor{n:02d}" * 2, "office-address")


@pytest.fixture
def moved(monkeypatch):
    start = clock.now()
    offset = [0.0]
    monkeypatch.setattr(clock, "now", lambda: start + timedelta(seconds=offset[0]))
    return lambda seconds: offset.__setitem__(0, seconds)


def flushed(counted: beats.Beats, db) -> None:
    """What the app does every FLUSH_SECONDS: write what arrived, read back what every process wrote."""
    batch = counted.detach()
    with db.atomic():
        known = beats.flush(db, batch, counted.read_since())
    counted.refreshed(known)


def heartbeats(db) -> int:
    return db.execute("SELECT count(*) FROM heartbeats").fetchone()[0]


def test_beats_count_at_once_and_reach_the_database_in_one_flush(db):
    shop = create_shop(db, "kahvi", "Kahvi Oy")
    counted = beats.Beats()
    others = [counted.beat(shop, "P1", shopper(n)) for n in range(3)]
    assert others == [0, 1, 2] and heartbeats(db) == 0  # counted at once, nothing written per beat
    assert counted.beat(shop, "P1", shopper(0)) == 2  # a second beat is still one visitor
    flushed(counted, db)
    assert heartbeats(db) == 3
    assert counted.others(shop.id, "P1") == 3 and counted.others(shop.id, "P1", shopper(1).visitor_hash) == 2


def test_another_processes_beats_count_once_both_have_flushed(db):
    shop = create_shop(db, "kahvi", "Kahvi Oy")
    here, there = beats.Beats(), beats.Beats()
    there.beat(shop, "P1", shopper(1))
    flushed(here, db)
    assert here.others(shop.id, "P1") == 0
    flushed(there, db)
    flushed(here, db)
    assert here.others(shop.id, "P1") == 1
    assert here.beat(shop, "P1", shopper(1)) == 0 and here.beat(shop, "P1", shopper(2)) == 1  # one visitor, not two


def test_beats_leave_the_count_when_they_leave_the_window(db, moved):
    shop = create_shop(db, "kahvi", "Kahvi Oy")
    counted = beats.Beats()
    counted.beat(shop, "P1", shopper(1))
    flushed(counted, db)
    moved(policy.VIEWER_WINDOW.total_seconds() + 1)
    assert counted.others(shop.id, "P1") == 0


def test_a_programs_beat_is_never_counted(db):
    shop = create_shop(db, "kahvi", "Kahvi Oy")
    counted = beats.Beats()
    counted.beat(shop, "P1", Shopper("crawler" * 3, "datacentre", automated=True))
    assert counted.others(shop.id, "P1") == 0 and len(counted.detach().seen) == 0


def refusal(limit_beats, db, shop, who: Shopper) -> int | None:
    try:
        limit_beats(db, shop, who)
    except TooMany as refused:
        return refused.retry_after
    return None


def test_limits_in_memory_are_as_strict_as_writing_each_beat(db, moved):
    shop = create_shop(db, "kahvi", "Kahvi Oy")
    counted = beats.Beats()

    def in_memory(db, shop, who):
        counted.beat(shop, "P1", who)

    def one_by_one(db, shop, who):
        with db.atomic():
            ratelimit.guard_shopper(db, "heartbeat", who)
            ratelimit.guard_shop(db, "heartbeat", shop.id)

    limit, _ = policy.SHOPPER_LIMITS["heartbeat"]
    for decide, who in ((in_memory, shopper(1)), (one_by_one, shopper(2))):
        moved(0)
        answers = []
        for n in range(limit + 3):
            moved(n * 0.1)
            if decide is in_memory and n == limit // 2:  # half of them written meanwhile
                flushed(counted, db)
            answers.append(refusal(decide, db, shop, who))
        if decide is in_memory:
            expected = answers
        else:
            assert answers == expected
    assert expected[:limit] == [None] * limit and all(wait for wait in expected[limit:])


def test_another_process_sees_the_limit_spent_here_after_both_flush(db):
    shop = create_shop(db, "kahvi", "Kahvi Oy")
    here, there = beats.Beats(), beats.Beats()
    limit, _ = policy.SHOPPER_LIMITS["heartbeat"]
    for _ in range(limit):
        here.beat(shop, "P1", shopper(1))
    flushed(here, db)
    flushed(there, db)
    with pytest.raises(TooMany):
        there.beat(shop, "P1", shopper(1))


def test_another_workers_beat_is_counted_within_two_seconds(db_path, shops):
    shops.create("kahvi", "Kahvi Oy", viewer_threshold=1)
    settings = Settings(db_path=db_path)
    with TestClient(create_app(settings)) as first, TestClient(create_app(settings)) as second:
        first.post("/api/v1/shops/kahvi/products/P1/heartbeat", json={"visitor": "a" * 20})

        def others_seen_by_second() -> int | None:
            answer = second.post("/api/v1/shops/kahvi/products/P1/heartbeat", json={"visitor": "b" * 20})
            return answer.json()["viewers_now"]

        # FLUSH_SECONDS for the first to write, polled; more than two would be a failure of the design
        wait_until(
            lambda: others_seen_by_second() == 1, timeout=2 * beats.FLUSH_SECONDS + 0.5, what="a's beat", interval=0.2
        )  # b's polls stay under its limit
