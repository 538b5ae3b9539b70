"""Honest social presence: counts only from stored events, hidden below thresholds."""

from datetime import timedelta

import pytest
from click.testing import CliRunner

from socialproof import clock
from socialproof.cli import cli
from socialproof.db.store import connect
from socialproof.jobs import housekeeping
from socialproof.signals.presence import shown
from tests.client import TestClient
from tests.support import heartbeats, text, wait_until

EVENTS = "/api/v1/shops/kahvi/events"
ACTIVITY = "/api/v1/shops/kahvi/products/P1/activity"


@pytest.mark.parametrize(
    "count, threshold, expected",
    [
        (0, 3, None),
        (2, 3, None),
        (3, 3, (3, False)),
        (12, 3, (12, False)),
        (19, 3, (19, False)),
        (20, 3, (20, False)),
        (47, 3, (40, True)),
        (99, 3, (90, True)),
        (100, 3, (100, False)),
        (149, 3, (100, True)),
        (1234, 3, (1200, True)),
        (4, 5, None),
    ],
)
def test_thresholds_and_rounding_down(count, threshold, expected):
    result = shown(count, threshold)
    assert (None if result is None else (result.value, result.rounded)) == expected


def purchase(client, shops, **body):
    return client.post(EVENTS, json={"type": "purchase", "product": "P1"} | body, headers=shops.auth("kahvi"))


def test_purchases_count_this_week_only_and_hide_below_the_threshold(client, shops, monkeypatch):
    assert purchase(client, shops, quantity=2, town="Oulu").status_code == 202
    assert client.get(ACTIVITY).json()["ordered_this_week"] is None  # 2 < 3: nobody can be picked out
    assert text(client.get("/w/kahvi/activity?product=P1").text) == ""
    purchase(client, shops, town="oulu")
    assert client.get(ACTIVITY).json() == {
        "ordered_this_week": 3,
        "ordered_rounded": False,
        "viewers_now": None,
        "viewers_rounded": False,
        "towns": ["Oulu"],
    }
    assert "3 kpl tilattu tällä viikolla · eniten tilauksia: Oulu" in text(
        client.get("/w/kahvi/activity?product=P1").text
    )
    eight_days = clock.now() + timedelta(days=8)
    monkeypatch.setattr(clock, "now", lambda: eight_days)
    assert client.get(ACTIVITY).json()["ordered_this_week"] is None


def test_a_town_is_named_only_when_enough_orders_came_from_it(client, shops):
    for town in ("Oulu", "Oulu", "Oulu", "Kemi"):
        purchase(client, shops, town=town)
    assert client.get(ACTIVITY).json()["towns"] == ["Oulu"]


def test_rounded_counts_say_so(client, shops):
    for _ in range(4):
        purchase(client, shops, quantity=5)
    assert "20 kpl tilattu" in text(client.get("/w/kahvi/activity?product=P1").text)
    purchase(client, shops, quantity=3)
    assert "20+ kpl tilattu" in text(client.get("/w/kahvi/activity?product=P1").text)


@pytest.mark.parametrize(
    "body, field",
    [
        ({"type": "view", "product": "P1"}, "type"),
        ({"type": "purchase"}, "product"),
        ({"type": "purchase", "product": "P1", "quantity": 0}, "quantity"),
        ({"type": "purchase", "product": "P1", "quantity": 5000}, "quantity"),
        ({"type": "purchase", "product": "P1", "quantity": True}, "quantity"),
        ({"type": "purchase", "product": "P1", "town": "<script>x</script>123"}, "town"),
    ],
)
def test_bad_events_are_422_and_store_nothing(client, shops, body, field):
    answer = client.post(EVENTS, json=body, headers=shops.auth("kahvi"))
    assert answer.status_code == 422 and field in answer.json()["errors"]
    assert shops.sql("SELECT count(*) AS n FROM purchase_events")[0]["n"] == 0


def test_events_need_the_shops_key(client, shops):
    shops.create("toinen")
    assert client.post(EVENTS, json={"type": "purchase", "product": "P1"}).status_code == 401
    assert purchase(client, shops).status_code == 202
    assert (
        client.post(EVENTS, json={"type": "purchase", "product": "P1"}, headers=shops.auth("toinen")).status_code == 403
    )


def beat(client, visitor, ip="198.51.100.1"):
    shopper = TestClient(client.app, client=(ip, 1))
    return shopper.post("/api/v1/shops/kahvi/products/P1/heartbeat", json={"visitor": visitor}).json()


def test_viewers_are_distinct_recent_heartbeats_excluding_oneself(client, shops, monkeypatch):
    assert beat(client, "a" * 20)["viewers_now"] is None  # nobody else
    assert beat(client, "b" * 20)["viewers_now"] is None  # one other: below the default threshold of 2
    assert beat(client, "c" * 20)["viewers_now"] == 2
    assert beat(client, "c" * 20)["viewers_now"] == 2  # a second beat is still one visitor
    assert client.get(ACTIVITY).json()["viewers_now"] == 3  # a bystander sees all three
    a_minute_later = clock.now() + timedelta(seconds=61)
    monkeypatch.setattr(clock, "now", lambda: a_minute_later)
    assert beat(client, "d" * 20)["viewers_now"] is None


def test_viewer_threshold_is_the_shops_setting(client, shops):
    CliRunner().invoke(cli, ["shop", "set", "kahvi", "--viewer-threshold", "1", "--db", str(shops.path)])
    beat(client, "a" * 20)
    html = (
        TestClient(client.app, client=("198.51.100.2", 1))
        .post("/w/kahvi/activity?product=P1", data={"visitor": "b" * 20})
        .text
    )
    assert "1 muu asiakas katsoo tätä nyt" in text(html)
    refused = CliRunner().invoke(cli, ["shop", "set", "kahvi", "--purchase-threshold", "1", "--db", str(shops.path)])
    assert refused.exit_code != 0 and "at least 2" in refused.stderr


def test_housekeeping_forgets_old_heartbeats_counters_and_salts(client, shops, monkeypatch):
    beat(client, "a" * 20)
    client.post("/api/v1/shops/kahvi/products/P1/recommendations")
    wait_until(lambda: heartbeats(shops) == 1, timeout=5, what="the beat written (beats.FLUSH_SECONDS)")
    later = clock.now() + timedelta(days=3)
    monkeypatch.setattr(clock, "now", lambda: later)
    with connect(shops.path) as db, db.atomic():
        purged = housekeeping.purge(db)
    assert purged["heartbeats"] == 1 and purged["rate_limits"] >= 1 and purged["ip_salts"] == 1
    assert "old_details" in purged
    assert heartbeats(shops) == 0
