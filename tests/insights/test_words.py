"""What shoppers write about: the words of published reviews by language and rating band, and the reviews behind one."""

from __future__ import annotations

import csv
import html
import io
import re

from socialproof import clock
from socialproof.app import create_app
from socialproof.config import Settings
from socialproof.db.store import connect, transaction
from socialproof.insights import rollups, words
from tests import support
from tests.client import TestClient
from tests.support import Moderator, published, text


def index(shops):
    """The background job's round, run now instead of within its five seconds."""
    with connect(shops.path) as db, transaction(db):
        return words.index_pending(db)


def signed_in(client, shops):
    return Moderator(client, support.make_moderator(shops.path, "mod@kahvi.example", "--shop", "kahvi"))


def a_shop_that_hears_about_delivery(client, shops):
    published(client, shops, rating=1, title="", body="Toimitus myöhästyi viikolla ja pakkaus oli rikki.")
    published(client, shops, rating=2, title="", body="Hidas toimitus.")
    published(client, shops, rating=5, title="", body="Nopea toimitus, hyvä kahvi.")
    published(client, shops, rating=3, title="", body="Toimitus kesti.")  # three stars: neither low nor high
    published(client, shops, rating=5, lang="sv", title="Snabbt", body="Snabb leverans och gott kaffe.")
    index(shops)  # the app's own job may have taken some of them first: either way, none waits now
    assert not shops.sql("SELECT review_id FROM terms_pending")


def test_words_of_low_and_high_ratings_are_counted_by_the_reviews_that_use_them(client, shops):
    a_shop_that_hears_about_delivery(client, shops)
    mod = signed_in(client, shops)
    rows = list(csv.reader(io.StringIO(mod.get("/admin/shops/kahvi/insights?table=words&format=csv").text)))
    assert rows[0] == ["language", "stars", "kind", "term", "shown", "reviews"]
    all_time = mod.get("/admin/shops/kahvi/insights?period=all&table=words&format=csv").text
    assert list(csv.reader(io.StringIO(all_time))) == rows  # all time is kept apart: the same counts here
    counted = {(r[0], r[1], r[3]): int(r[5]) for r in rows[1:]}
    assert counted[("fi", "low", "toimitus")] == 2 and counted[("fi", "high", "toimitus")] == 1
    assert counted[("fi", "low", "hidas toimitus")] == 1 and counted[("fi", "high", "nopea toimitus")] == 1
    assert ("fi", "low", "olla") not in counted  # "oli": a word that says nothing on its own
    swedish = {r[4] for r in rows[1:] if r[0] == "sv" and r[1] == "high"}  # as written: stems read badly
    assert {"snabb", "leverans", "snabb leverans", "kaffe"} <= swedish

    page = mod.get("/admin/shops/kahvi/insights?lang=en").text
    section = html.unescape(text(page[page.index('id="words"') :]))
    assert "Finnish In 1–2 star reviews Words toimitus 2 reviews" in section
    assert "Swedish" in section and "snabb leverans 1 review" in section


def test_a_word_leads_to_the_reviews_that_use_it_and_only_those(client, shops):
    a_shop_that_hears_about_delivery(client, shops)
    mod = signed_in(client, shops)
    page = mod.get("/admin/shops/kahvi/insights?lang=en").text
    link = html.unescape(re.search(r'href="(/admin/shops/kahvi/insights/reviews[^"]*term=toimitus)"', page).group(1))
    assert "band=low" in link
    listed = html.unescape(text(mod.get(link + "&lang=en").text))
    assert "2 published reviews in Finnish with 1–2 stars use it in this period." in listed
    assert "Toimitus myöhästyi" in listed and "Hidas toimitus." in listed and "Nopea toimitus" not in listed
    assert mod.get(link.replace("band=low", "band=middle")).status_code == 422
    assert mod.get("/admin/shops/kahvi/insights/reviews?term=").status_code == 422


def test_counts_follow_a_review_rejected_after_its_words_were_counted_and_equal_a_recount(client, shops):
    a_shop_that_hears_about_delivery(client, shops)
    slow = shops.sql("SELECT id FROM reviews WHERE body = 'Hidas toimitus.'")[0]["id"]
    answer = client.post(
        f"/api/v1/shops/kahvi/reviews/{slow}/moderation",
        json={"action": "reject", "reason": "off-topic"},
        headers=shops.auth("kahvi"),
    )
    assert answer.status_code == 200
    with connect(shops.path) as db:
        assert rollups.check(db) == []
    mod = signed_in(client, shops)
    rows = list(csv.reader(io.StringIO(mod.get("/admin/shops/kahvi/insights?table=words&format=csv").text)))
    assert {(r[1], r[3]): r[5] for r in rows[1:] if r[0] == "fi"}[("low", "toimitus")] == "1"


def test_serve_finds_the_words_of_stored_reviews_by_itself(client, shops, db_path):
    published(client, shops, rating=1, body="Pakkaus oli rikki.")
    with TestClient(create_app(Settings(db_path=db_path))):  # another server: its job's first round is at start
        support.wait_until(
            lambda: not shops.sql("SELECT review_id FROM terms_pending"),
            timeout=30,
            what="the background job to find the stored review's words",
        )
    assert "pakkaus" in text(signed_in(client, shops).get("/admin/shops/kahvi/insights?lang=en").text)


def test_words_are_counted_by_the_whole_months_a_period_touches_and_the_page_says_which(client, shops, travel):
    published(client, shops, rating=1, title="", body="Pakkaus oli rikki.")
    first = clock.now()
    travel(days=35)  # the review is older than 30 days, but in the first month the 30 days touch
    index(shops)
    mod = signed_in(client, shops)
    page = html.unescape(text(mod.get("/admin/shops/kahvi/insights?period=30d&lang=en").text))
    months = f"{first.strftime('%B %Y')} to {clock.now().strftime('%B %Y')}"
    assert f"Counted by whole months: {months}." in page and "pakkaus 1 review" in page
    listed = mod.get("/admin/shops/kahvi/insights/reviews?period=30d&language=fi&band=low&term=pakkaus&lang=en")
    assert "Pakkaus oli rikki." in text(listed.text)
