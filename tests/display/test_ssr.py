"""Server-side rendering: a shop's server inlines the widgets; the HTML holds the reviews."""

import json
import re

from tests.client import TestClient
from tests.support import load_example, published


def test_fragment_for_inlining_is_a_declarative_shadow_root_with_data_outside(client, shops):
    published(client, shops, body="Paras kahvi")
    html = client.get("/w/kahvi/reviews?product=P1&ssr=1").text
    assert html.startswith('<script type="application/ld+json">')
    assert html.index("</script>") < html.index('<template shadowrootmode="open">')
    assert re.search(r'<link rel="stylesheet" href="http://testserver/static/widget\.[0-9a-f]{12}\.css">', html)
    assert "Paras kahvi" in html and html.rstrip().endswith("</template>")
    assert "ld+json" not in client.get("/w/kahvi/stars?product=P1&ssr=1").text


def test_example_shop_page_holds_reviews_and_structured_data_without_javascript(client, shops):
    shops.create("paahtimo")
    review = client.post(
        "/api/v1/shops/paahtimo/products/aamukahvi/reviews",
        json={"rating": 5, "body": "Marjainen ja raikas", "author_name": "Anni"},
    ).json()
    client.post(
        f"/api/v1/shops/paahtimo/reviews/{review['id']}/moderation",
        json={"action": "approve"},
        headers=shops.auth("paahtimo"),
    )
    example = load_example()
    shop = TestClient(example.make_app("http://testserver", fetch=lambda url: client.get(url).text))
    page = shop.get("/").text
    visible = re.sub(r"<script.*?</script>", "", page, flags=re.DOTALL)  # what a crawler without JavaScript reads
    assert "Marjainen ja raikas" in visible and "Anni" in visible and "1 arvostelu" in visible
    [data] = [json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)]
    assert data["aggregateRating"]["reviewCount"] == 1 and data["review"][0]["reviewBody"] == "Marjainen ja raikas"


def test_example_shop_page_still_renders_when_socialproof_is_down(client):
    def unreachable(url):
        raise OSError("connection refused")

    page = TestClient(load_example().make_app("http://testserver", fetch=unreachable)).get("/")
    assert page.status_code == 200 and "Aamukahvi" in page.text
