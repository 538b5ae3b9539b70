"""The app as `serve` runs it for webhook tests: loopback endpoints allowed, its own sender off (tests send)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from socialproof.app import create_app
from socialproof.config import Settings
from socialproof.db.store import writing
from socialproof.webhooks import sending
from socialproof.webhooks.sending import DeliveryOutcome
from tests.client import TestClient
from tests.receiving import Receiver, receiver
from tests.support import Shops

PUBLIC_URL = "https://reviews.kahvi.example"


@pytest.fixture
def hooked(db_path: Path, shops: Shops, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    shops.create("kahvi", "Kahvi Oy")
    monkeypatch.setenv("SOCIALPROOF_WEBHOOKS_ALLOW_LOOPBACK", "1")  # for the CLI, as a developer sets it
    settings = Settings(db_path=db_path, webhook_sender="off", webhooks_allow_loopback=1, public_url=PUBLIC_URL)
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture
def send_due(db_path: Path) -> Callable[[], list[DeliveryOutcome]]:
    """One sender run, as `socialproof webhooks send-due` makes it."""

    def run() -> list[DeliveryOutcome]:
        with writing(db_path) as write:
            return sending.run(write, PUBLIC_URL, loopback=True)

    return run


@pytest.fixture
def receiving() -> Iterator[Receiver]:
    with receiver() as box:
        yield box
