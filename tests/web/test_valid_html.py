"""Every page and fragment we serve passes the W3C Nu HTML checker (vnu.jar, installed by .ci/run)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from socialproof.app import create_app
from socialproof.config import Settings
from socialproof.db.store import open_migrated, transaction
from socialproof.demo.seed import DEMO_MODERATOR, DEMO_SHOP, seed
from socialproof.display.content import WIDGETS
from socialproof.photos.storage import LocalStorage
from socialproof.reviews import store_codes
from socialproof.shops.registry import require_shop
from tests.client import TestClient
from tests.support import answer_link, sign_in

pytestmark = pytest.mark.served  # starts processes beside the test

ROOT = Path(__file__).resolve().parents[2]
VNU_PACKAGE = "vnu-jar@26.9.27"  # the W3C Nu HTML checker, from npm
VNU_HOME = ROOT / ".ci/vnu"
VNU_JAR = Path(os.environ.get("SOCIALPROOF_VNU_JAR", VNU_HOME / "node_modules/vnu-jar/build/dist/vnu.jar"))


def nu_checker() -> Path:
    """The checker's jar, installed beside the tests on first use (npm and Java come from Debian)."""
    if not VNU_JAR.exists():
        npm = shutil.which("npm") or "npm"
        args = [npm, "install", "--prefix", str(VNU_HOME), "--no-audit", "--no-fund", "--ignore-scripts", VNU_PACKAGE]
        subprocess.run(args, check=True, capture_output=True, timeout=600)
    assert VNU_JAR.exists(), f"no Nu checker at {VNU_JAR} after npm install {VNU_PACKAGE}"
    return VNU_JAR


PRODUCT = "aamukahvi"
SHELL = '<!doctype html><html lang="fi"><head><meta charset="utf-8"><title>Kauppa</title></head><body>{}</body></html>'


def checked(pages: dict[str, str], folder: Path) -> dict[str, list[str]]:
    """The Nu checker's errors per page name; one JVM for them all."""
    files = {}
    for i, (name, html) in enumerate(pages.items()):
        path = folder / f"page{i}.html"
        path.write_text(html, encoding="utf-8")
        files[path.name] = name
    java = shutil.which("java") or "/usr/bin/java"
    run = subprocess.run(
        [
            java,
            # One short run: the JVM's quick compiler only and its simplest collector, not the optimising compiler
            # and the parallel collector a long-lived server would want (the same verdicts for less CPU). Its
            # less compact frames need a deeper stack for the HTML schema than the default megabyte.
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-Xss16m",
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--format",
            "json",
            *[str(folder / f"page{i}.html") for i in range(len(pages))],
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(run.stderr or run.stdout)
    errors: dict[str, list[str]] = {}
    for message in report["messages"]:
        page = message.get("url", "?").rsplit("/", 1)[-1]
        errors.setdefault(files.get(page, page), []).append(
            f"{message.get('lastLine', '?')}: {message['message']} [{message.get('extract', '')[:80]}]"
        )
    return errors


def unwrapped(ssr: str) -> str:
    """An ?ssr=1 fragment's shadow root content, as the browser attaches it, in a page of its own."""
    inner = re.search(r"<template shadowrootmode=\"open\">(.*)</template>", ssr, re.S)
    assert inner, ssr[:200]
    return SHELL.format(inner.group(1))


def test_every_widget_page_fragment_review_page_and_workspace_page_is_valid_html(tmp_path):
    nu_checker()
    db_path = tmp_path / "demo.db"
    with open_migrated(db_path) as db:
        _key, password = seed(db, LocalStorage(Settings(db_path=db_path).photo_path))
        with transaction(db):
            shop_id = require_shop(db, DEMO_SHOP).id
            (basket, anything, single) = (
                store_codes.create(db, shop_id, 1, products, by="cli:codes create")[1][0]
                for products in ([PRODUCT, "kenia-aa"], [], [PRODUCT])
            )
        to_answer = answer_link(db, DEMO_SHOP, PRODUCT)
    pages: dict[str, str] = {}
    with TestClient(create_app(Settings(db_path=db_path), demo_page=True), follow_redirects=False) as client:
        as_page = {"Sec-Fetch-Dest": "document"}
        for widget in WIDGETS:
            for lang in ("fi", "en"):
                url = f"/w/{DEMO_SHOP}/{widget}?product={PRODUCT}&lang={lang}"
                pages[f"{url} (page)"] = client.get(url, headers=as_page).text
                pages[f"{url}&ssr=1"] = unwrapped(client.get(url + "&ssr=1").text)
        review = client.get(f"/api/v1/shops/{DEMO_SHOP}/products/{PRODUCT}/reviews").json()["items"][0]["id"]
        pages["reviews, the review form and a report form asked for"] = client.get(
            f"/w/{DEMO_SHOP}/reviews?product={PRODUCT}&write=1&report=review:{review}", headers=as_page
        ).text
        pages["trust, its form to review the shop"] = client.get(f"/w/{DEMO_SHOP}/trust?write=1", headers=as_page).text
        pages["questions, searched"] = client.get(
            f"/w/{DEMO_SHOP}/questions?product={PRODUCT}&q=pannukahvi", headers=as_page
        ).text
        pages["review page"] = client.get(f"/review/{DEMO_SHOP}/{PRODUCT}").text
        pages["a buyer's answer page"] = client.get(to_answer).text
        pages["a buyer's answer page, its mistakes"] = client.post(to_answer, data={"body": "", "author_name": ""}).text
        pages["review page, in store"] = client.get(f"/review/{DEMO_SHOP}/{PRODUCT}?code={single}").text
        pages["code entry"] = client.get(f"/review/{DEMO_SHOP}?code=AAAA-BBBB-CCCC").text
        pages["code for a basket"] = client.get(f"/review/{DEMO_SHOP}?code={basket}").text
        pages["code for any product"] = client.get(f"/review/{DEMO_SHOP}?code={anything}&q=kahvi").text
        pages["integrity report"] = client.get(f"/trust/{DEMO_SHOP}").text
        pages["shop reviews page"] = client.get(f"/shop-reviews/{DEMO_SHOP}").text
        pages["all reviews page"] = client.get(f"/reviews/{DEMO_SHOP}").text
        pages["all reviews page, filtered"] = client.get(f"/reviews/{DEMO_SHOP}?product={PRODUCT}&stars=4").text
        pages["the form to review the shop, its mistakes"] = client.post(
            f"/shop-reviews/{DEMO_SHOP}/write", data={"body": ""}
        ).text
        pages["demo shop page"] = client.get("/").text
        assert sign_in(client, DEMO_MODERATOR, password).status_code == 303
        workspace = [
            "/admin/stats",
            f"/admin/shops/{DEMO_SHOP}",
            f"/admin/shops/{DEMO_SHOP}/log",
            f"/admin/shops/{DEMO_SHOP}/settings",
            f"/admin/shops/{DEMO_SHOP}/insights",
            f"/admin/shops/{DEMO_SHOP}/insights/reviews?period=all&language=fi&band=high&term=kahvi",
            f"/admin/shops/{DEMO_SHOP}/mail",
            f"/admin/shops/{DEMO_SHOP}/webhooks",
            f"/admin/shops/{DEMO_SHOP}/codes",
            f"/admin/shops/{DEMO_SHOP}/groups",
            f"/admin/shops/{DEMO_SHOP}/questions",
            f"/admin/shops/{DEMO_SHOP}/questions?view=answered",
            f"/admin/shops/{DEMO_SHOP}/shop-reviews",
        ]
        queue = client.get(f"/admin/shops/{DEMO_SHOP}").text
        workspace += sorted(set(re.findall(rf'href="(/admin/shops/{DEMO_SHOP}/reviews/\d+)"', queue)))[:2]
        for path in workspace:
            answer = client.get(path)
            assert answer.status_code == 200, path
            pages[path] = answer.text
    errors = checked(pages, tmp_path)
    assert not errors, json.dumps(errors, indent=1, ensure_ascii=False)[:6000]
