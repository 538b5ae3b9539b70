"""The shop's all-reviews page: every published review of every product, newest first, filtered and paged."""

from __future__ import annotations

from click.testing import CliRunner

from socialproof.cli import cli
from socialproof.web.routes import widgets as widget_routes
from tests.support import post_review, published, text

PAGE = "/reviews/kahvi?lang=en"


def test_every_products_published_reviews_newest_first_linking_to_the_product_and_without_markup(client, shops, travel):
    named = CliRunner().invoke(
        cli,
        ["product", "set", "kahvi", "P1", "--name", "Tumma paahto", "--url", "https://kahvi.example/tumma"]
        + ["--db", str(shops.path)],
    )
    assert named.exit_code == 0, named.output
    for product, body in (("P1", "Ensimmäinen <b>arvio</b>"), ("P2", "Toinen arvio"), ("P1", "Kolmas arvio")):
        published(client, shops, product, body=body, rating=1 if body.startswith("Toinen") else 5)
        travel(minutes=1)
    post_review(client, "P2", body="Odottaa vielä")  # waiting for a decision: not shown
    page = client.get(PAGE)
    assert page.status_code == 200 and "max-age" in page.headers["Cache-Control"]
    assert "X-Robots-Tag" not in page.headers  # a page of its own, for search engines too
    said = text(page.text)
    assert said.index("Kolmas arvio") < said.index("Toinen arvio") < said.index("Ensimmäinen")  # whatever rating
    assert "Odottaa" not in said and "3 reviews" in said
    assert '<a href="https://kahvi.example/tumma">Tumma paahto</a>' in page.text and "&lt;b&gt;" in page.text
    assert '<link rel="canonical" href="http://testserver/reviews/kahvi?lang=en">' in page.text
    assert "application/ld+json" not in page.text and "itemprop" not in page.text  # self-serving: no markup
    assert "How reviews are checked" in said and 'data-sp-widget="trust"' in page.text  # the trust card


def test_filters_by_product_and_stars_and_pages_by_a_cursor_without_overlap(client, shops, travel):
    for n in range(23):
        published(client, shops, "P1" if n % 2 else "P2", body=f"Arvio numero {n:02d}", rating=4 if n % 3 else 2)
        travel(minutes=1)
    first = client.get(PAGE).text
    assert (
        "Arvio numero 22" in text(first) and "Arvio numero 03" in text(first) and "Arvio numero 02" not in text(first)
    )
    older = first.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    second = text(client.get(older.removeprefix("http://testserver")).text)
    assert "Arvio numero 00" in second and "Arvio numero 02" in second and "Arvio numero 03" not in second
    assert "Newest reviews" in second
    only = text(client.get(PAGE + "&product=P1&stars=2").text)
    shown = {n for n in range(23) if f"Arvio numero {n:02d}" in only}
    assert shown == {n for n in range(23) if n % 2 and not n % 3}
    assert "4 reviews" in only  # how many the filter leaves


def test_a_wrong_filter_is_named_and_the_trust_widget_links_to_the_page(client, shops):
    wrong = client.get(PAGE + "&stars=6&product=no%20such")
    assert wrong.status_code == 400
    assert set(wrong.json()["errors"]) == {"stars", "product"}
    assert client.get(PAGE + "&after=nonsense").status_code == 400
    published(client, shops, "P1")
    assert 'href="http://testserver/reviews/kahvi?lang=en"' in client.get("/w/kahvi/trust?lang=en").text


def test_a_page_its_reviews_widget_was_seen_on_becomes_the_products_link_unless_the_shop_gave_one(client, shops):
    shops.execute("UPDATE shops SET origins = ? WHERE slug = 'kahvi'", ['["https://kahvi.example"]'])
    for product in ("P1", "P2"):
        published(client, shops, product, body=f"Arvio {product}")
    shops.execute("UPDATE products SET name = external_id")

    def viewed(page: str, *widgets: str) -> None:  # embed.js's request from a page with these placeholders
        assert client.get("/w/kahvi", params=[*(("w", w) for w in widgets), ("u", page)]).status_code == 200

    viewed("https://kahvi.example/p2?utm=x", "reviews~P2")  # with a query: may carry the shopper's, not kept
    viewed("https://elsewhere.example/p2", "reviews~P2")  # not one of the shop's sites
    viewed("https://kahvi.example/both", "reviews~P1", "reviews~P2")  # two products' reviews: whose page?
    viewed("https://kahvi.example/list", "stars~P1", "stars~P2")  # stars only: a list, not a product's page
    assert shops.sql("SELECT url FROM products WHERE url IS NOT NULL") == []
    viewed("https://kahvi.example/kahvit/p2", "stars~P1", "reviews~P2", "questions~P2")
    assert '<a href="https://kahvi.example/kahvit/p2">P2</a>' in client.get(PAGE).text
    assert (
        CliRunner()
        .invoke(
            cli, ["product", "set", "kahvi", "P2", "--url", "https://kahvi.example/oikea"] + ["--db", str(shops.path)]
        )
        .exit_code
        == 0
    )
    viewed("https://kahvi.example/vanha", "reviews~P2")  # the shop's own word stays
    assert shops.sql("SELECT url FROM products ORDER BY external_id") == [
        {"url": None},
        {"url": "https://kahvi.example/oikea"},
    ]


def test_the_widgets_are_answered_when_keeping_the_page_fails(client, shops, monkeypatch, caplog):
    shops.execute("UPDATE shops SET origins = ? WHERE slug = 'kahvi'", ['["https://kahvi.example"]'])
    published(client, shops, "P1")

    def fails(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(widget_routes, "keep_page_seen", fails)
    answer = client.get("/w/kahvi", params=[("w", "reviews~P1"), ("u", "https://kahvi.example/p1")])
    assert answer.status_code == 200 and "Maistuu hyvältä." in answer.json()["widgets"][0]["html"]
    assert "keeping the page https://kahvi.example/p1 of product P1 of shop kahvi failed" in caplog.text
