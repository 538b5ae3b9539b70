"""What people type never runs: a corpus of XSS payloads in every text field, rendered everywhere.

Runs last among the browser tests (it fills the demo shop with hostile reviews).
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

import httpx2 as httpx
import pytest
from click.testing import CliRunner
from playwright.sync_api import Browser, Page

from socialproof.cli import cli
from tests.browser.support import WIDGETS, DemoServer, in_store_code, wait_for_widgets

pytestmark = pytest.mark.browser

PAYLOADS = [
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=1">',
    '<svg onload="window.__xss=1"><circle r=1></svg>',
    '"><script>window.__xss=1</script>',
    "'><img src=x onerror=window.__xss=1>",
    "javascript:window.__xss=1",
    '<a href="javascript:window.__xss=1">click</a>',
    "data:text/html,<script>window.__xss=1</script>",
    "&lt;script&gt;window.__xss=1&lt;/script&gt;",
    "&amp;lt;img src=x onerror=window.__xss=1&amp;gt;",
    "%3Cscript%3Ewindow.__xss%3D1%3C%2Fscript%3E",
    "<scr<script>ipt>window.__xss=1</scr</script>ipt>",
    '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
    '<div style="background:url(javascript:window.__xss=1)">x</div>',
    "\u202e<script>window.__xss=1</script>\u202c",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>",
    "</textarea><script>window.__xss=1</script>",
    "</title><script>window.__xss=1</script>",
    '<details open ontoggle="window.__xss=1">',
    "{{7*7}} ${7*7} <%= 7*7 %>",
]

SCALE = PAYLOADS[0][:40]  # an attribute scale named and labelled with payloads (scale set)

CHECK = """() => {
  const found = [];
  const visit = (root) => {
    for (const el of root.querySelectorAll('*')) {
      for (const attr of el.attributes) {
        if (/^on/i.test(attr.name)) found.push(el.tagName + '[' + attr.name + ']');
        if (/^(href|src|action|formaction|srcdoc)$/i.test(attr.name) && /^\\s*(javascript|data:text)/i.test(attr.value))
          found.push(el.tagName + '[' + attr.name + '=' + attr.value.slice(0, 30) + ']');
      }
      if (/^(IFRAME|OBJECT|EMBED|MATH)$/.test(el.tagName)) found.push(el.tagName);
      if (el.tagName === 'SCRIPT' && el.type !== 'application/ld+json' && !/\\/(embed|static\\/admin)\\.?[^/]*\\.js$|\\/static\\/admin\\.[0-9a-f]+\\.js$/.test(el.src))
        found.push('SCRIPT ' + (el.src || el.textContent.slice(0, 40)));
      if (el.shadowRoot) visit(el.shadowRoot);
    }
  };
  visit(document);
  return {ran: window.__xss === 1 || window.__xss === '1', injected: found};
}"""


def plant(server: DemoServer) -> list[int]:
    """Every payload in every field a person can type into, approved."""
    ids = []
    labels = [PAYLOADS[n][:30] for n in (1, 3, 18)]
    products = [arg for n in range(3) for arg in ("--product", f"xss-{n}")]
    asked = CliRunner().invoke(
        cli, ["scale", "set", server.shop, SCALE, "--labels", "|".join(labels), *products, "--db", server.db]
    )
    assert asked.exit_code == 0, asked.output
    group = ["group", "set", server.shop, "xss", "--product", "xss-0", "--product", "xss-1", "--name", PAYLOADS[2]]
    grouped = CliRunner().invoke(cli, [*group, "--db", server.db])
    assert grouped.exit_code == 0, grouped.output
    with httpx.Client(base_url=server.url) as client:
        for n, payload in enumerate(PAYLOADS):
            answer = client.post(
                f"/api/v1/shops/{server.shop}/products/xss-{n % 3}/reviews",
                json={
                    "rating": 1 + n % 5,
                    "title": payload[:120],
                    "body": f"Sisältö {payload}",
                    "author_name": f"X{payload}"[:60],
                    "product_name": f"Tuote {payload}"[:200],
                    "visitor": f"xss-visitor-{n:04d}-abcdef",
                    "scales": {SCALE: labels[n % 3]},
                },
                headers={"X-Forwarded-For": f"10.9.0.{n + 1}"},
            )
            assert answer.status_code == 201, answer.text
            ids.append(answer.json()["id"])
    with server.api() as api:
        for review_id in ids:
            api.post(f"/api/v1/shops/{server.shop}/reviews/{review_id}/moderation", json={"action": "approve"})
    with httpx.Client(base_url=server.url) as client, server.api() as api:
        for n, payload in enumerate(PAYLOADS):  # a question and the shop's answer, each a payload
            asked = client.post(
                f"/api/v1/shops/{server.shop}/products/xss-{n % 3}/questions",
                json={
                    "body": f"Kysymys {payload}",
                    "author_name": f"Q{payload}"[:60],
                    "visitor": f"xss-asker-{n:04d}-abcdef",
                },
                headers={"X-Forwarded-For": f"10.9.2.{n + 1}"},
            )
            assert asked.status_code == 201, asked.text
            answer = api.post(
                f"/api/v1/shops/{server.shop}/questions/{asked.json()['id']}/answers",
                json={"body": f"Vastaus {PAYLOADS[-1 - n]}"},
            )
            assert answer.status_code == 201, answer.text
            of_shop = client.post(  # and a review of the shop itself
                f"/api/v1/shops/{server.shop}/shop-reviews",
                json={
                    "rating": 1 + n % 5,
                    "title": payload[:120],
                    "body": f"Kauppa {payload}",
                    "author_name": f"S{payload}"[:60],
                    "visitor": f"xss-shop-{n:04d}-abcdef",
                },
                headers={"X-Forwarded-For": f"10.9.3.{n + 1}"},
            )
            assert of_shop.status_code == 201, of_shop.text
            api.post(
                f"/api/v1/shops/{server.shop}/shop-reviews/{of_shop.json()['id']}/moderation",
                json={"action": "approve"},
            )
    with httpx.Client(base_url=server.url) as client:
        for n, review_id in enumerate(ids[:3]):
            client.post(
                f"/api/v1/shops/{server.shop}/reviews/{review_id}/reports",
                json={"reason": "spam", "note": PAYLOADS[n]},
                headers={"X-Forwarded-For": f"10.9.1.{n + 1}"},
            )
    greeting = CliRunner().invoke(
        cli,
        [
            "shop",
            "set",
            server.shop,
            "--greeting",
            " ".join(PAYLOADS[:6]),
            "--founder-name",
            PAYLOADS[1][:80],
            "--db",
            server.db,
        ],
    )
    assert greeting.exit_code == 0, greeting.output + greeting.stderr
    return ids


def moderator_replies(page: Page, server: DemoServer, ids: list[int]) -> None:
    page.goto(f"{server.url}/admin/login?lang=en")
    page.get_by_label("E-mail address").fill(server.moderator)
    page.get_by_label("Password").fill(server.password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/shops/**")
    for n, review_id in enumerate(ids[:4]):
        page.goto(f"{server.url}/admin/shops/{server.shop}/reviews/{review_id}")
        page.get_by_label("Reply, shown under the review").fill(PAYLOADS[-1 - n])
        page.get_by_role("button", name="Save the reply").click()


def assert_clean(page: Page, where: str) -> None:
    result = page.evaluate(CHECK)
    assert not result["ran"] and result["injected"] == [], f"{where}: {result}"


def test_no_payload_runs_or_injects_anything_anywhere(browser: Browser, fresh_demo: DemoServer):
    ids = plant(fresh_demo)
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    moderator_replies(page, fresh_demo, ids)
    base, shop = fresh_demo.url, fresh_demo.shop
    pages = [f"{base}/admin/shops/{shop}?view=all&page={n}" for n in (1, 2)]
    pages += [f"{base}/admin/shops/{shop}/reviews/{i}" for i in ids[:6]]
    pages += [f"{base}/admin/shops/{shop}?view=reported", f"{base}/admin/shops/{shop}/log", f"{base}/admin/stats"]
    for product in ("xss-0", "xss-1", "xss-2"):
        pages += [
            f"{base}/w/{shop}/{w}?product={product}" for w in ("stars", "reviews", "gallery", "recommend", "questions")
        ]
        pages += [f"{base}/w/{shop}/reviews?product={product}&page=2", f"{base}/review/{shop}/{product}"]
    newest = ids[(len(ids) - 1) // 3 * 3]  # xss-0's newest: on the widget's first page, its report form open
    pages += [f"{base}/w/{shop}/reviews?product=xss-0&write=1&report=review:{newest}"]
    pages += [f"{base}/w/{shop}/trust", f"{base}/w/{shop}/trust?write=1", f"{base}/w/{shop}/gallery"]
    pages += [f"{base}/w/{shop}/badge", f"{base}/w/{shop}/carousel", f"{base}/w/{shop}/carousel?product=xss-1"]
    basket, anything = (in_store_code(fresh_demo, *products) for products in (("xss-0", "xss-1", "xss-2"), ()))
    pages += [f"{base}/review/{shop}?code={basket}", f"{base}/review/{shop}?code={anything}&q=Tuote"]
    pages += [f"{base}/review/{shop}/xss-0?code={basket}"]
    pages += [f"{base}/review/{shop}?" + urlencode({"code": p[:40], "q": p}) for p in PAYLOADS[:4]]
    pages += [f"{base}/w/{shop}/questions?" + urlencode({"product": "xss-0", "q": p[:100]}) for p in PAYLOADS[:4]]
    pages += [f"{base}/w/{shop}/reviews?" + urlencode({"product": "xss-1", "topic": p}) for p in PAYLOADS[:4]]
    pages += [f"{base}/w/{shop}/reviews?" + urlencode({"product": "xss-2", "q": p[:100]}) for p in PAYLOADS[:4]]
    pages += [f"{base}/shop-reviews/{shop}?page={n}" for n in (1, 2)]
    pages += [f"{base}/reviews/{shop}", f"{base}/reviews/{shop}?product=xss-1&stars=5"]
    pages += [
        f"{base}/admin/shops/{shop}/shop-reviews?view=approved",
        f"{base}/admin/shops/{shop}/questions?view=answered",
    ]
    pages += [
        f"{base}/shop-reviews/{shop}/write?" + urlencode({"invitation": p[:200], "rating": p}) for p in PAYLOADS[:4]
    ]
    for url in pages:
        page.goto(url)
        assert_clean(page, url)
    # And through embed.js, in shadow roots, on a shop page.
    page.goto(f"{base}/")
    page.evaluate("""() => { for (const n of [0, 1, 2]) for (const w of ['stars', 'reviews', 'questions']) {
        const div = document.createElement('div'); div.dataset.socialproof = w; div.dataset.product = 'xss-' + n;
        document.querySelector('main').append(div); } socialproof.refresh(); }""")
    wait_for_widgets(page, WIDGETS + 9)
    assert_clean(page, "the demo page with embedded widgets")
    text = page.locator('[data-socialproof="reviews"][data-product="xss-0"] .sp-list').inner_text()
    assert "window.__xss" in text  # shown as text, harmlessly, where it wasn't removed as markup
    context.close()
    assert dialogs == []
    assert not re.search(r"<script>window", httpx.get(f"{base}/w/{shop}/reviews?product=xss-0").text)
