"""Heartbeats answered before routing (web/heartbeats.py), exactly as the route answers them."""

from __future__ import annotations

import re

import pytest

from socialproof import policy
from socialproof.app import create_app
from socialproof.config import Settings
from socialproof.web.routes import activity
from tests.client import TestClient

BEAT = "/w/kahvi/activity?product=P1"
STAMP = re.compile(r'name="started" value="[^"]+"')


@pytest.fixture
def app_client(db_path, shops):
    shops.create("kahvi", "Kahvi Oy", origins=("https://kahvi.example",), viewer_threshold=1)
    with TestClient(create_app(Settings(db_path=db_path)), client=("198.51.100.7", 1)) as client:
        yield client


@pytest.fixture
def routed(monkeypatch) -> list[str]:
    """The beats the route counted (the others were answered before routing)."""
    calls: list[str] = []
    counted_beat = activity.counted_beat

    async def spy(request, product, visitor):
        calls.append(visitor)
        return await counted_beat(request, product, visitor)

    monkeypatch.setattr(activity, "counted_beat", spy)
    return calls


def beat(client: TestClient, visitor: str, **headers: str):
    return client.post(BEAT, data={"visitor": visitor}, headers=headers)


@pytest.mark.parametrize(
    "headers",
    [{}, {"Accept-Encoding": "br"}, {"Origin": "https://kahvi.example"}, {"Sec-Fetch-Dest": "document"}],
)
def test_a_beat_before_routing_is_answered_as_the_route_answers_it(app_client, routed, headers):
    first = beat(app_client, "a" * 20, **headers)  # the shop isn't in memory yet: the route answers
    assert routed == ["a" * 20]
    again = beat(app_client, "a" * 20, **headers)  # the same count shown: answered before routing
    assert routed == ["a" * 20]
    assert again.status_code == first.status_code == 200
    assert again.headers == first.headers
    assert STAMP.sub("", again.text) == STAMP.sub("", first.text)


def test_others_are_counted_the_same_on_both_paths(app_client, routed):
    beat(app_client, "a" * 20)
    assert "1 muu asiakas" in beat(app_client, "b" * 20).text
    assert "1 muu asiakas" in beat(app_client, "a" * 20).text
    assert routed == ["a" * 20]  # only the first, before the shop was in memory


def test_what_the_fast_path_cant_answer_goes_to_the_route_with_its_body(app_client, routed):
    beat(app_client, "a" * 20)  # the shop is in memory from here on
    refused = app_client.post(BEAT, data={"visitor": "b" * 20}, headers={"Origin": "https://elsewhere.example"})
    assert refused.status_code == 403 and refused.json()["error"]
    as_json = app_client.post(BEAT, json={"visitor": "b" * 20})
    assert as_json.status_code == 415 and as_json.json()["error"]
    bad = app_client.post("/w/kahvi/activity?product=%3Cscript%3E", data={"visitor": "b" * 20})
    assert bad.status_code == 422 and bad.json()["error"]
    limit, _ = policy.SHOPPER_LIMITS["heartbeat"]
    answers = [beat(app_client, "c" * 20).status_code for _ in range(limit + 1)]
    assert answers[:limit] == [200] * limit and answers[-1] == 429
    assert routed[-1] == "c" * 20  # the refusal is the route's, in the contract's shape
    assert beat(app_client, "c" * 20).json()["error"]
