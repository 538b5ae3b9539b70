"""The read path: answers kept rendered until a change, compressed once, honest about freshness."""

from __future__ import annotations

import gzip
import re
from datetime import timedelta

import brotli
from click.testing import CliRunner

from socialproof import clock
from socialproof.cli import cli
from socialproof.safety import formguard
from tests.support import heartbeats, published, shown, text, wait_until

STAMP = re.compile(r'name="started" value="([^"]+)"')


def test_a_decision_made_here_shows_on_the_very_next_request(client, shops):
    published(client, shops, rating=5)
    assert "1 arvostelu" in text(client.get("/w/kahvi/stars?product=P1").text)  # now kept rendered
    published(client, shops, rating=3)
    assert "2 arvostelua" in text(client.get("/w/kahvi/stars?product=P1").text)
    summary = client.get("/api/v1/shops/kahvi/products/P1/summary").json()
    published(client, shops, rating=1)
    assert client.get("/api/v1/shops/kahvi/products/P1/summary").json()["review_count"] == summary["review_count"] + 1


def test_a_change_from_another_process_shows_within_a_second(client, shops):
    assert "Kahvi Oy" in client.get("/w/kahvi/trust").text
    renamed = CliRunner().invoke(cli, ["shop", "set", "kahvi", "--name", "Paahtimo Oy", "--db", str(shops.path)])
    assert renamed.exit_code == 0, renamed.output
    assert "Paahtimo Oy" in shown(client, "/w/kahvi/trust", lambda page: "Paahtimo Oy" in page)


def test_answers_are_compressed_as_the_client_accepts_and_vary_by_it(client, shops):
    published(client, shops)
    plain = client.get("/w/kahvi/stars?product=P1", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and "Accept-Encoding" in plain.headers["vary"]
    for coding in ("gzip", "br"):
        raw = client.get("/w/kahvi/stars?product=P1", headers={"Accept-Encoding": coding})
        assert raw.headers["content-encoding"] == coding
        assert raw.text == plain.text and raw.headers["etag"] == plain.headers["etag"]
    refused = client.get("/w/kahvi/stars?product=P1", headers={"Accept-Encoding": "br;q=0, gzip"})
    assert refused.headers["content-encoding"] == "gzip"
    js = client.get("/embed.js", headers={"Accept-Encoding": "br"})
    assert js.headers["content-encoding"] == "br" and "data-socialproof" in js.text


def test_a_kept_form_gets_a_fresh_signed_stamp_on_every_answer(client, monkeypatch):
    start = clock.now().replace(microsecond=0)
    for coding in ("gzip", "br", "identity"):
        for minutes in (0, 5):
            moment = start + timedelta(minutes=minutes)
            monkeypatch.setattr(clock, "now", lambda moment=moment: moment)
            answer = client.get("/w/kahvi/reviews?product=P1&write=1", headers={"Accept-Encoding": coding})
            (stamp,) = STAMP.findall(answer.text)
            assert int(stamp.split(".")[0]) == int(moment.timestamp())  # this answer's moment, not the render's
            assert (
                formguard.verdict(
                    client.app.state.socialproof.form_key, {"started": stamp}, now=moment.timestamp() + 10
                )
                is None
            )


def test_a_revalidation_is_answered_from_the_kept_etag(client, shops):
    published(client, shops)
    first = client.get("/w/kahvi", params={"w": ["stars~P1", "reviews~P1"]})
    again = client.get(
        "/w/kahvi", params={"w": ["stars~P1", "reviews~P1"]}, headers={"If-None-Match": first.headers["etag"]}
    )
    assert again.status_code == 304 and again.content == b""
    published(client, shops, rating=2)
    changed = client.get("/w/kahvi", params={"w": ["stars~P1"]}, headers={"If-None-Match": first.headers["etag"]})
    assert changed.status_code == 200


def test_the_stylesheet_is_left_out_when_the_script_holds_the_current_one(client, shops):
    first = client.get("/w/kahvi", params={"w": "stars~P1"}).json()
    assert first["css"] and first["css_hash"]
    held = client.get("/w/kahvi", params={"w": "stars~P1", "css": first["css_hash"]}).json()
    assert "css" not in held and held["css_hash"] == first["css_hash"] and held["widgets"]
    stale = client.get("/w/kahvi", params={"w": "stars~P1", "css": "0123456789abcdef"}).json()
    assert stale["css"] == first["css"]
    # Where its parts end (embed.js slices there): every widget's rules, the sections', the shop's theme (none).
    every, sections = first["css_split"]
    assert every > 0 and sections > 0 and every + sections == len(first["css"].encode("utf-16-le")) // 2


def test_search_engines_index_widgets_on_the_shops_pages_not_on_their_own(client):
    robots = client.get("/robots.txt")
    assert robots.status_code == 200 and "Disallow: /admin" in robots.text and "Allow: /" in robots.text
    for headers in ({}, {"Sec-Fetch-Dest": "document"}):
        assert client.get("/w/kahvi/stars?product=P1", headers=headers).headers["x-robots-tag"] == "noindex"


def test_crawlers_and_audit_tools_are_not_counted_as_looking(client, shops):
    for agent in ("Mozilla/5.0 (compatible; Googlebot/2.1)", "Mozilla/5.0 Chrome-Lighthouse", "HeadlessChrome/120"):
        answer = client.post(
            "/api/v1/shops/kahvi/products/P1/heartbeat", json={"visitor": "b" * 20}, headers={"User-Agent": agent}
        )
        assert answer.status_code == 200
    person = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120 Safari/537.36"
    client.post("/api/v1/shops/kahvi/products/P1/heartbeat", json={"visitor": "p" * 20}, headers={"User-Agent": person})
    # written in the same batch as the programs' beats or a later one: only the person's is there
    wait_until(lambda: heartbeats(shops) > 0, timeout=5, what="the person's beat written")
    assert heartbeats(shops) == 1


def test_compressed_bodies_decode_to_the_same_bytes():
    from socialproof.web.compression import Encoded, preferred

    body = b"<p>" + "Hyvää kahvia ".encode() * 500 + b"SLOT</p><i>" + b"x" * 3000 + b"SLOT"
    slotted = Encoded.of(body, b"SLOT")
    assert slotted.brotli is None
    for fill in (b"", b"1700000000.abcdef0123456789abcdef01"):
        assert gzip.decompress(slotted.gzip(fill)) == body.replace(b"SLOT", fill)
    whole = Encoded.of(body)
    assert gzip.decompress(whole.gzip()) == body and brotli.decompress(whole.brotli) == body
    assert preferred("gzip, deflate, br") == "br" and preferred("gzip;q=0.5") == "gzip"
    assert preferred("br;q=0, gzip;q=0") is None and preferred("") is None and preferred("*") == "br"
