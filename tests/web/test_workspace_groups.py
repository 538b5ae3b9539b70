"""The workspace's product groups page: a moderator groups products, changes the group and undoes it."""

from __future__ import annotations

import html

import pytest

from tests import support
from tests.support import Moderator, approve, post_review, text


@pytest.fixture
def mod(client, shops):
    return Moderator(client, support.make_moderator(shops.path, "mod@kahvi.example", "--shop", "kahvi"))


def said(answer) -> str:
    return html.unescape(text(answer.text))


def test_a_moderator_groups_products_and_their_widgets_pool_the_reviews(client, shops, mod):
    approve(client, shops, post_review(client, "P1", rating=5, product_name="Tumma 250 g")["id"])
    approve(client, shops, post_review(client, "P2", rating=3, product_name="Tumma 1 kg")["id"])
    assert "Tuoteryhmiä ei ole vielä." in said(mod.get("/admin/shops/kahvi/groups"))
    saved = mod.post("/admin/shops/kahvi/groups", {"group": "tumma", "name": "Tumma paahto", "products": "P1, P2"})
    assert saved.status_code == 303 and saved.headers["location"] == "/admin/shops/kahvi/groups?done=saved#group-tumma"
    listed = said(mod.get("/admin/shops/kahvi/groups?done=saved"))
    assert "Tallennettu." in listed and "Tumma paahto (tumma) Tumma 250 g, Tumma 1 kg 2 · 4,0" in listed
    widget = text(client.get("/w/kahvi/reviews?product=P1&lang=en").text)
    assert "2 reviews of Tumma paahto in all its variants." in widget and "About: Tumma 1 kg" in widget
    editing = mod.get("/admin/shops/kahvi/groups?edit=tumma").text
    assert 'name="products" type="text" required autocomplete="off" spellcheck="false" value="P1 P2"' in editing
    undone = mod.post("/admin/shops/kahvi/groups/tumma", {"action": "ungroup"})
    assert undone.status_code == 303 and undone.headers["location"] == "/admin/shops/kahvi/groups?done=ungrouped"
    assert "Ryhmä on purettu" in said(mod.get("/admin/shops/kahvi/groups?done=ungrouped"))
    assert shops.sql("SELECT count(*) AS n FROM product_groups") == [{"n": 0}]


def test_a_bad_group_is_refused_on_the_page_with_what_was_typed_and_nothing_stored(client, shops, mod):
    refused = mod.post("/admin/shops/kahvi/groups", {"group": "tumma paahto", "name": "", "products": "P1"})
    assert refused.status_code == 422
    page = said(refused)
    assert "tumma paahto" in page and 'value="tumma paahto"' in html.unescape(refused.text)
    empty = mod.post("/admin/shops/kahvi/groups", {"group": "tumma", "name": "", "products": " "})
    assert empty.status_code == 422 and "Ryhmässä on oltava vähintään yksi tuote." in said(empty)
    assert shops.sql("SELECT count(*) AS n FROM product_groups") == [{"n": 0}]
    other = mod.post("/admin/shops/kahvi/groups/none", {"action": "ungroup"})
    assert other.status_code == 404
