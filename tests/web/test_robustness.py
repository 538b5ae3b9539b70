"""Hostile input everywhere: never a 5xx, errors in the contract's shape, text kept as the rule says.

Hypothesis generates text from the kinds of input that broke things before
(lone surrogates, control characters, bidi overrides, joiners, combining
marks, entities and markup, non-ASCII and huge digit strings) mixed with
arbitrary Unicode, and posts it into every field and parameter.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
from datetime import timedelta
from typing import Any
from urllib.parse import quote, urlencode

import markupsafe
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from socialproof import clock
from socialproof.cli import cli
from socialproof.sanitize import plain_text
from tests.properties import examples
from tests.support import Moderator, approve, as_person, make_moderator, published

NAUGHTY = [
    "\ud800",
    "\udfff",
    "\x00",
    "\x1b",
    "\x07",
    "\x0b",
    "\x0c",
    "\x7f",
    "\x85",
    "\u202e",
    "\u2066",
    "\u200d",
    "\u200c",
    "\u200b",
    "\ufeff",
    "e\u0301",
    "\u0308\u0308\u0308",
    "&lt;script&gt;",
    "&amp;",
    "&#0;",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "¹",
    "₀₁₂",
    "٣",
    "５",
    "9" * 30,
    "-1",
    "1e308",
    "\r\n",
    "'\"`",
    "{{7*7}}",
    "%s%n",
    "𝕳",
    "👩\u200d👩\u200d👧",
    "عربى",
    "null",
    "true",
    "[]",
    "{}",
]
hostile = st.lists(st.one_of(st.sampled_from(NAUGHTY), st.text(max_size=12)), max_size=5).map("".join)
value = st.one_of(
    hostile,
    st.integers(min_value=-(10**30), max_value=10**30),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=False),
    st.lists(hostile, max_size=2),
)
EXAMPLES = examples(40)


def json_body(data: Any) -> bytes:
    """JSON as a hostile client writes it: ensure_ascii escapes lone surrogates as \\ud800."""
    return json.dumps(data).encode()


def form_body(data: dict[str, str]) -> bytes:
    """A form as bytes; a lone surrogate becomes the invalid UTF-8 a broken client would send."""
    return urlencode(data, encoding="utf-8", errors="surrogatepass").encode()


def check(response: Any) -> None:
    """Never a 5xx; every JSON error in the contract's one shape."""
    assert response.status_code < 500, (response.status_code, response.text[:500])
    if response.status_code >= 400 and response.headers.get("content-type", "").startswith("application/json"):
        body = response.json()
        assert isinstance(body["error"], str) and body["error"]
        assert set(body) <= {"error", "errors"}
        assert all(isinstance(k, str) and isinstance(v, str) for k, v in body.get("errors", {}).items())


@pytest.fixture
def client(client, shops):
    client.key = shops.keys["kahvi"]
    return client


@pytest.fixture
def mod(client, shops):
    """Created once for a test function, and reused by all of hypothesis's examples."""
    return Moderator(client, make_moderator(shops.path, "mod@kahvi.example", "--shop", "kahvi"))


@pytest.fixture
def later(monkeypatch):
    """Moves the project's clock on by more than any shopper's window before each example."""
    start, steps = clock.now(), [0]
    monkeypatch.setattr(clock, "now", lambda: start + timedelta(seconds=700 * steps[0]))

    def step() -> None:
        steps[0] += 1

    return step


@given(
    fields=st.fixed_dictionaries(
        {},
        optional=dict.fromkeys(
            (
                "rating",
                "title",
                "body",
                "author_name",
                "email",
                "recommend",
                "lang",
                "product_name",
                "product_url",
                "product_image",
                "invitation",
                "visitor",
            ),
            value,
        ),
    )
)
@EXAMPLES
def test_review_json_never_fails_and_keeps_what_it_accepts(client, shops, later, fields):
    later()
    answer = client.post(
        "/api/v1/shops/kahvi/products/P1/reviews",
        content=json_body(fields),
        headers={"Content-Type": "application/json"},
    )
    check(answer)
    if answer.status_code != 201:
        assert answer.status_code in (400, 422, 429)
        return
    approve(client, shops, answer.json()["id"])
    stored = next(
        r
        for r in client.get("/api/v1/shops/kahvi/products/P1/reviews").json()["items"]
        if r["id"] == answer.json()["id"]
    )
    assert stored["title"] == plain_text(str(fields.get("title") or ""))
    assert stored["body"] == plain_text(str(fields["body"]), multiline=True)
    assert stored["author_name"] == plain_text(str(fields["author_name"]))
    html = client.get("/w/kahvi/reviews?product=P1&lang=en").text
    assert str(markupsafe.escape(stored["author_name"])) in html  # shown escaped, as stored


@given(
    fields=st.dictionaries(
        st.sampled_from(
            ["rating", "title", "body", "author_name", "email", "recommend", "visitor", "website", "started"]
        ),
        hostile,
        max_size=9,
    ),
    product=hostile,
    page=hostile,
)
@EXAMPLES
def test_the_no_js_review_form_answers_a_page_whatever_is_posted(client, later, fields, product, page):
    later()
    answer = client.post(
        f"/w/kahvi/reviews?product={quote(product, errors='surrogatepass')}&page={quote(page, errors='surrogatepass')}",
        content=form_body(as_person(client) | fields),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Dest": "document"},
    )
    check(answer)
    assert "\x00" not in answer.text


@given(
    params=st.dictionaries(
        st.sampled_from(["page", "sort", "stars", "photos", "lang", "product", "name", "ssr", "theme"]),
        hostile,
        max_size=6,
    ),
    widget=st.sampled_from(["stars", "reviews", "gallery", "trust", "recommend", "activity", "nope"]),
)
@EXAMPLES
def test_every_read_parameter(client, params, widget):
    query = urlencode(params, encoding="utf-8", errors="surrogatepass")
    for path in (
        f"/w/kahvi/{widget}",
        "/api/v1/shops/kahvi/products/P1/reviews",
        "/api/v1/shops/kahvi/products/P1/summary",
        "/api/v1/shops/kahvi/summary",
        "/api/v1/shops/kahvi/products/P1/activity",
        "/api/v1/shops/kahvi/moderation",
    ):
        check(
            client.get(
                f"{path}?{query}", headers={"Authorization": f"Bearer {client.key}"} if "moderation" in path else {}
            )
        )
    batch = urlencode(
        [("w", f"{widget}~{params.get('product', 'P1')}~{params.get('lang', '')}")] * 3,
        encoding="utf-8",
        errors="surrogatepass",
    )
    check(client.get(f"/w/kahvi?{batch}"))


@given(segment=hostile)
@EXAMPLES
def test_every_path_segment(client, segment):
    part = quote(segment, safe="", errors="surrogatepass") or "x"
    for path in (
        f"/api/v1/shops/{part}/summary",
        f"/api/v1/shops/kahvi/products/{part}/summary",
        f"/w/{part}/stars?product=P1",
        f"/review/kahvi/{part}",
        f"/photos/{part}.jpg",
        f"/api/v1/shops/kahvi/reviews/{part}/helpful",
        f"/static/{part}",
    ):
        check(client.get(path))
        check(client.post(path, content=b"{}", headers={"Content-Type": "application/json"}))


@given(visitor=value, reason=value, note=value, review=hostile, undo=hostile)
@EXAMPLES
def test_shoppers_signals_and_their_forms(client, later, visitor, reason, note, review, undo):
    later()
    headers = {"Content-Type": "application/json"}
    check(
        client.post(
            "/api/v1/shops/kahvi/products/P1/recommendations", content=json_body({"visitor": visitor}), headers=headers
        )
    )
    check(
        client.post(
            "/api/v1/shops/kahvi/products/P1/heartbeat", content=json_body({"visitor": visitor}), headers=headers
        )
    )
    check(
        client.post(
            "/api/v1/shops/kahvi/reviews/1/reports",
            content=json_body({"reason": reason, "note": note}),
            headers=headers,
        )
    )
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    for action in ("reviews/helpful", "recommend", "activity"):
        check(
            client.post(
                f"/w/kahvi/{action}?product=P1",
                headers=form,
                content=form_body({"review": review, "undo": undo, "visitor": str(visitor)}),
            )
        )


@given(
    order=value, name=value, email=value, lang=value, product_name=value, product_id=value, town=value, quantity=value
)
@EXAMPLES
def test_the_merchant_api(client, later, order, name, email, lang, product_name, product_id, town, quantity):
    later()
    headers = {"Authorization": f"Bearer {client.key}", "Content-Type": "application/json"}
    check(
        client.post(
            "/api/v1/shops/kahvi/invitations",
            headers=headers,
            content=json_body(
                {
                    "order": order,
                    "name": name,
                    "email": email,
                    "lang": lang,
                    "products": [{"id": product_id, "name": product_name}, {"id": "P1", "name": product_name}],
                }
            ),
        )
    )
    check(
        client.post(
            "/api/v1/shops/kahvi/events",
            headers=headers,
            content=json_body({"type": "purchase", "product": product_id, "quantity": quantity, "town": town}),
        )
    )
    check(
        client.post(
            "/api/v1/shops/kahvi/reviews/1/moderation",
            headers=headers,
            content=json_body({"action": name, "reason": town}),
        )
    )


PLATFORM_SECRET = "hostile-platform-secret-0123"


@pytest.fixture
def platforms(shops):
    """Shop 'kahvi' takes Shopify's orders, shop 'kauppa' WooCommerce's, both signed with PLATFORM_SECRET."""
    shops.create("kauppa", "Kauppa Oy")
    for slug, platform in (("kahvi", "shopify"), ("kauppa", "woocommerce")):
        done = CliRunner().invoke(
            cli,
            ["shop", "set", slug, "--platform", platform, "--platform-secret-stdin", "--db", str(shops.path)],
            input=PLATFORM_SECRET + "\n",
        )
        assert done.exit_code == 0, done.output
    return itertools.count()


def platform_signature(body: bytes) -> str:
    return base64.b64encode(hmac.new(PLATFORM_SECRET.encode(), body, hashlib.sha256).digest()).decode()


ORDER_FIELDS = (
    "id",
    "email",
    "status",
    "customer_locale",
    "customer",
    "billing",
    "line_items",
    "fulfillments",
    "financial_status",
    "fulfillment_status",
    "cancelled_at",
    "date_completed_gmt",
)
LINE_FIELDS = ("product_id", "title", "name", "quantity", "sku")


A_PAID_ORDER = {
    "id": 1001,
    "financial_status": "paid",
    "status": "completed",
    "email": "ostaja@example.fi",
    "line_items": [{"product_id": 7, "title": "Tumma", "name": "Tumma", "quantity": 1}],
}


@given(
    order=st.dictionaries(st.sampled_from(ORDER_FIELDS), value, max_size=3),
    line=st.dictionaries(st.sampled_from(LINE_FIELDS), value, max_size=2),
    topic=st.sampled_from(["orders/paid", "orders/fulfilled", "orders/cancelled", "orders/updated", ""]),
)
@EXAMPLES
def test_signed_order_hooks_whatever_the_platform_sends(client, platforms, order, line, topic):
    """What a platform signs is still read as hostile: an order whose fields (and its line's) hold
    anything of any type is answered 2xx or 4xx, never 5xx."""
    sent = A_PAID_ORDER | {"line_items": [A_PAID_ORDER["line_items"][0] | line]} | order
    body = json_body(sent)
    delivery = f"hostile-{next(platforms)}"
    headers = {"Content-Type": "application/json", "X-Shopify-Topic": topic, "X-Shopify-Webhook-Id": delivery}
    shopify = headers | {"X-Shopify-Hmac-Sha256": platform_signature(body)}
    check(client.post("/hooks/kahvi/shopify", content=body, headers=shopify))
    woo = {"X-WC-Webhook-Signature": platform_signature(body)}
    check(client.post("/hooks/kauppa/woocommerce", content=body, headers=woo))


@given(cells=st.lists(hostile, min_size=6, max_size=6), service=st.sampled_from(["judgeme", "yotpo", "okendo", "auto"]))
@EXAMPLES
def test_an_import_of_any_cells_is_a_report_or_a_4xx(client, cells, service):
    header = "product_id,rating,title,body,reviewer_name,review_date"
    row = ",".join('"' + cell.replace('"', '""') + '"' for cell in cells)
    body = f"{header}\r\n{row}\r\n".encode("utf-8", "surrogatepass")
    headers = {"Authorization": f"Bearer {client.key}"}
    check(client.post(f"/api/v1/shops/kahvi/imports?from={service}&dry_run=true", content=body, headers=headers))
    check(client.post(f"/api/v1/shops/kahvi/imports?from={service}&partial=true", content=body, headers=headers))


@given(page=hostile, review=hostile, reply=hostile)
@examples(25)
def test_the_workspace(mod, shops, client, page, review, reply):
    q = quote(page, errors="surrogatepass")
    for path in (f"/admin/shops/kahvi?page={q}&rating={q}&q={q}&product={q}", f"/admin/shops/kahvi/log?page={q}"):
        check(mod.get(path))
    review, page = as_browser_sends(review), as_browser_sends(page)  # a browser's form can't hold a lone surrogate
    check(mod.post("/admin/shops/kahvi/decide", {"review": review, "bulk": "approve"}))
    check(mod.post("/admin/shops/kahvi/decide", {"reject_one": review, f"reason_{review}": page}))
    reviewed = published(client, shops)
    check(mod.post(f"/admin/shops/kahvi/reviews/{reviewed}/reply", {"reply": as_browser_sends(reply)}))


def as_browser_sends(text: str) -> str:
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


JSON_ENDPOINTS = [
    ("POST", "/api/v1/shops/kahvi/products/P1/reviews", False),
    ("POST", "/api/v1/shops/kahvi/products/P1/recommendations", False),
    ("POST", "/api/v1/shops/kahvi/recommendations", False),
    ("POST", "/api/v1/shops/kahvi/products/P1/heartbeat", False),
    ("POST", "/api/v1/shops/kahvi/reviews/1/helpful", False),
    ("POST", "/api/v1/shops/kahvi/reviews/1/reports", False),
    ("POST", "/api/v1/shops/kahvi/invitations", True),
    ("POST", "/api/v1/shops/kahvi/events", True),
    ("POST", "/api/v1/shops/kahvi/reviews/1/moderation", True),
    ("POST", "/api/v1/shops/kahvi/photos/1/moderation", True),
]


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 20_000 + b"]" * 20_000,
        b'{"a":' * 5000 + b"1" + b"}" * 5000,
        b'{"rating": ' + b"9" * 5000 + b"}",
        b'{"rating": NaN}',
        b'{"x": "\xff"}',
        b'{"a": ' + b"[" * 40 + b"]" * 40 + b"}",
    ],
    ids=["deep-array", "deep-object", "5000-digits", "nan", "bad-utf8", "41-deep"],
)
@pytest.mark.parametrize("method, path, keyed", JSON_ENDPOINTS, ids=[p for _, p, _ in JSON_ENDPOINTS])
def test_json_the_parser_gives_up_on_is_a_400(client, method, path, keyed, body):
    headers = {"Content-Type": "application/json"} | ({"Authorization": f"Bearer {client.key}"} if keyed else {})
    answer = client.request(method, path, content=body, headers=headers)
    assert answer.status_code == 400, answer.text
    check(answer)


def test_a_lone_surrogate_is_dropped_from_stored_text(client, shops):
    body = (
        b'{"rating": 5, "title": "x\\ud800y", "body": "hyv\\udfff\\u00e4\\u0000", "author_name": "A\\ud83d",'
        b' "visitor": "v\\ud800"}'
    )
    answer = client.post(
        "/api/v1/shops/kahvi/products/P1/reviews", content=body, headers={"Content-Type": "application/json"}
    )
    assert answer.status_code == 201, answer.text
    approve(client, shops, answer.json()["id"])
    item = client.get("/api/v1/shops/kahvi/products/P1/reviews").json()["items"][0]
    assert (item["title"], item["body"], item["author_name"]) == ("xy", "hyvä", "A")
