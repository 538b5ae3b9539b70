"""What the browser tests share: Chromium's flags, the demo server's handle, waiting for widgets."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import httpx2 as httpx
from playwright.sync_api import Page

CHROMIUM = os.environ.get("SOCIALPROOF_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
WCAG_21_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


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


WIDGETS = 9  # placeholders on the demo page


def wait_for_widgets(page: Page, count: int) -> None:
    page.wait_for_function(f"document.querySelectorAll('[data-sp-state=ready]').length === {count}")
