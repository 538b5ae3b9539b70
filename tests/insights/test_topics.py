"""What buyers mention: counted phrases that open the reviews that say them."""

from __future__ import annotations

from click.testing import CliRunner

from socialproof.cli import cli
from socialproof.db.store import open_migrated, transaction
from socialproof.insights import words
from socialproof.insights.topics import term_of
from socialproof.reviews.input import ReviewInput
from socialproof.reviews.submit import submit_review
from socialproof.shops.registry import require_shop
from tests.insights.buyers_say import EXPECTED, REVIEWS
from tests.support import text


def written(shops, reviews=REVIEWS, slug="paahtimo"):
    """The reviews published at once (the shop post-moderates), their words analysed as the job does."""
    shops.create(slug, slug.title(), moderation="post")
    with open_migrated(shops.path) as db, transaction(db):
        shop = require_shop(db, slug)
        for n, (product, lang, stars, body) in enumerate(reviews):
            submit_review(db, shop, product, ReviewInput(stars, "", body, f"Ostaja {n}", lang))
        while words.index_pending(db):
            pass


def test_the_phrases_shown_are_the_ones_a_reader_expects_for_each_product_and_language(client, shops):
    written(shops)
    for (product, lang), expected in EXPECTED.items():
        found = client.get(f"/api/v1/shops/paahtimo/products/{product}/topics?lang={lang}").json()
        assert found["based_on"] == 10 and found["lang"] == lang
        top = [term_of(item["phrase"], lang) for item in found["items"][:5]]
        wanted = {term_of(phrase, lang) for phrase in expected}
        assert len(set(top) & wanted) >= 4, (product, lang, [i["phrase"] for i in found["items"]])
        assert term_of({"fi": "nopea toimitus", "sv": "snabb leverans", "en": "fast delivery"}[lang], lang) not in top


def test_each_phrase_counts_its_reviews_by_stars_and_opens_them_with_the_sentence_marked(client, shops):
    written(shops)
    items = client.get("/api/v1/shops/paahtimo/products/muki/topics?lang=fi").json()["items"]
    handle = next(i for i in items if i["phrase"] == "kahva")
    assert handle == {"phrase": "kahva", "reviews": 6, "positive": 4, "negative": 1}  # "kahvan" counted as "kahva"
    found = client.get("/api/v1/shops/paahtimo/products/muki/reviews?topic=kahva&lang=fi").json()
    assert found["total"] == 6 and all("kahva" in i["body"].lower() for i in found["items"])
    page = client.get("/w/paahtimo/reviews?product=muki&lang=fi&topic=kahva").text
    assert "Näytetään arvostelut, joissa mainitaan ”kahva”." in text(page)
    assert "<mark>Kaunis ja iso muki, kahvan muoto sopii käteen.</mark>" in page  # the inflected form found
    assert "Tukeva kahva" in text(page) and "Nopea toimitus ja kaunis lasite." not in text(page)


def test_the_widget_lists_what_buyers_mention_each_a_link_and_nothing_under_five_reviews(client, shops):
    written(shops)
    page = client.get("/w/paahtimo/reviews?product=tumma&lang=en").text
    said = text(page)
    assert "What buyers mention" in said and "Counted from 10 reviews in this language" in said
    assert 'href="http://testserver/w/paahtimo/reviews?product=tumma&amp;lang=en&amp;topic=full+body"' in page
    written(shops, [r for r in REVIEWS if r[0] == "muki" and r[1] == "en"][:4], "pieni")
    found = client.get("/api/v1/shops/pieni/products/muki/topics?lang=en").json()
    assert found == {"based_on": 4, "items": [], "lang": "en"}
    assert "What buyers mention" not in text(client.get("/w/pieni/reviews?product=muki&lang=en").text)


def test_a_review_rejected_or_deleted_takes_its_phrases_with_it(client, shops):
    written(shops)

    def handle():
        items = client.get("/api/v1/shops/paahtimo/products/muki/topics?lang=en").json()["items"]
        return next(i for i in items if i["phrase"].startswith("handl"))

    assert handle() == {"phrase": "handle", "reviews": 6, "positive": 4, "negative": 1}
    (first,) = shops.sql("SELECT id FROM reviews WHERE body LIKE 'The handle came off%'")
    rejected = client.post(
        f"/api/v1/shops/paahtimo/reviews/{first['id']}/moderation",
        json={"action": "reject", "reason": "off-topic"},
        headers=shops.auth("paahtimo"),
    )
    assert rejected.status_code == 200, rejected.text
    assert handle() == {"phrase": "handle", "reviews": 5, "positive": 4, "negative": 0}
    (second,) = shops.sql("SELECT id FROM reviews WHERE body LIKE 'Okay mug%'")
    shops.execute("DELETE FROM reviews WHERE id = ?", [second["id"]])  # behind the app's back: the triggers count
    assert shops.sql(
        "SELECT reviews FROM topic_totals t JOIN products p ON p.id = t.product_id "
        "WHERE p.external_id = 'muki' AND t.lang = 'en' AND t.term IN ('', 'handl') ORDER BY t.term"
    ) == [{"reviews": 8}, {"reviews": 4}]


def test_doctor_holds_the_kept_counts_to_a_recount_and_repairs_them(client, shops):
    written(shops)
    assert CliRunner().invoke(cli, ["doctor", "--db", str(shops.path)]).exit_code == 0
    shops.execute("UPDATE topic_totals SET reviews = reviews + 3 WHERE term = 'kahva' AND product_id != 0")
    found = CliRunner().invoke(cli, ["doctor", "--db", str(shops.path)])
    assert found.exit_code == 1 and "topic_totals" in found.output and "kahva" in found.output
    repaired = CliRunner().invoke(cli, ["doctor", "--repair", "--db", str(shops.path)])
    assert repaired.exit_code == 0, repaired.output
    assert client.get("/api/v1/shops/paahtimo/products/muki/topics?lang=fi").json()["items"]
    assert CliRunner().invoke(cli, ["doctor", "--db", str(shops.path)]).exit_code == 0
