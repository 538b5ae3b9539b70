"""A running demo server and Debian's chromium driven by Playwright."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx2 as httpx
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.support import free_port

CHROMIUM = os.environ.get("SOCIALPROOF_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
              "resultTypes": ["violations"]}


@dataclass
class DemoServer:
    url: str
    key: str
    password: str = ""
    db: str = ""
    shop: str = "paahtimo"
    moderator: str = "moderaattori@paahtimo.example"

    def api(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, headers={"Authorization": f"Bearer {self.key}"})


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    """`socialproof demo` as a user runs it, on a free port."""
    port = free_port()
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    process = subprocess.Popen(
        [sys.executable, "-m", "socialproof", "demo", "--port", str(port), "--db", str(db)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/"
    key = password = ""
    try:
        assert process.stdout is not None
        for line in process.stdout:
            if match := re.search(r"API key for this run: (\S+)", line):
                key = match.group(1)
            if match := re.search(r"password (\S+)", line):
                password = match.group(1)
            if line.startswith("Open the demo shop page"):
                assert url in line
                break
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if httpx.get(url).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        yield DemoServer(url=url.rstrip("/"), key=key, password=password, db=str(db))
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh context per test: its own cache and storage, like a new visitor."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    yield context.new_page()
    context.close()


def wait_for_widgets(page: Page, count: int) -> None:
    page.wait_for_function(f"document.querySelectorAll('[data-sp-state=ready]').length === {count}")
