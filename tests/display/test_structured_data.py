"""schema.org structured data: one Product per product, matching the database and the page."""

from tests.support import post_review, published, structured


def test_reviews_fragment_carries_product_aggregate_and_the_reviews_shown(client, shops):
    for rating, author in ((5, "Anni"), (4, "Pekka"), (2, "Sari")):
        published(
            client,
            shops,
            rating=rating,
            author_name=author,
            title=f"otsikko {author}",
            product_name="Aamukahvi 500 g",
            product_url="https://shop.example/aamu",
        )
    post_review(client, rating=1, author_name="Odottava")  # pending: not shown, not counted
    [data] = structured(client.get("/w/kahvi/reviews?product=P1").text)
    db_rows = shops.sql(
        "SELECT rating, author_name, body, created_at FROM reviews WHERE status = 'approved' ORDER BY created_at DESC"
    )
    assert (
        data["@type"] == "Product" and data["name"] == "Aamukahvi 500 g" and data["url"] == "https://shop.example/aamu"
    )
    assert data["aggregateRating"] == {
        "@type": "AggregateRating",
        "ratingValue": 3.7,
        "reviewCount": 3,
        "bestRating": 5,
        "worstRating": 1,
    }
    assert [
        (r["author"]["name"], r["reviewRating"]["ratingValue"], r["reviewBody"], r["datePublished"])
        for r in data["review"]
    ] == [(r["author_name"], r["rating"], r["body"], r["created_at"][:10]) for r in db_rows]


def test_nothing_without_reviews_and_never_in_stars_or_trust(client, shops):
    assert structured(client.get("/w/kahvi/reviews?product=P1").text) == []
    published(client, shops)
    assert structured(client.get("/w/kahvi/stars?product=P1").text) == []
    assert structured(client.get("/w/kahvi/trust").text) == []  # never the shop's rating of itself
    batch = client.get("/w/kahvi", params=[("w", "stars~P1"), ("w", "reviews~P1")]).json()["widgets"]
    assert sum(len(structured(w["html"])) for w in batch) == 1  # one aggregate per product per page


def test_the_placeholders_product_name_names_an_unknown_product(client, shops):
    published(client, shops)
    batch = client.get("/w/kahvi", params=[("w", "reviews~P1~fi~Tumma paahto ~ 250 g")]).json()["widgets"]
    assert structured(batch[0]["html"])[0]["name"] == "Tumma paahto ~ 250 g"
    assert structured(client.get("/w/kahvi/reviews?product=P1&name=Kahvi").text)[0]["name"] == "Kahvi"


def test_markup_in_reviews_cannot_break_out_of_the_structured_data(client, shops):
    published(client, shops, title="</script><script>alert(1)</script>", author_name="Eve <img src=x onerror=alert(1)>")
    html = client.get("/w/kahvi/reviews?product=P1").text
    assert html.count("</script>") == 1 and "alert(1)" in structured(html)[0]["review"][0]["name"]
