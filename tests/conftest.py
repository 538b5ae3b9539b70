"""Fixtures: a fresh database per test, always closed; the smallest app a test needs."""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database
from starlette.testclient import TestClient

from socialproof.app import create_app
from socialproof.config import Settings
from socialproof.db.migrations import migrate
from socialproof.db.store import connect, open_migrated
from socialproof.shops.api_keys import create_api_key
from socialproof.shops.registry import create_shop


@pytest.fixture
def db() -> Iterator[Database]:
    """An in-memory database with the current schema."""
    database = Database(memory=True, execute_plugins=False)
    database.execute("PRAGMA foreign_keys=ON")
    migrate(database)
    try:
        yield database
    finally:
        database.close()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.db"


class Shops:
    """Shops created for a test, with their API keys."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.keys: dict[str, str] = {}

    def create(self, slug: str, name: str | None = None, **settings: Any) -> str:
        with open_migrated(self.path) as database:
            create_shop(database, slug, name or slug.title())
            if settings:
                from socialproof.shops.registry import update_shop

                update_shop(database, slug, **settings)
            self.keys[slug] = create_api_key(database, slug)
        return self.keys[slug]

    def auth(self, slug: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[slug]}"}

    def sql(self, query: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        with connect(self.path) as database:
            return list(database.query(query, params or []))


@pytest.fixture
def shops(db_path: Path) -> Shops:
    return Shops(db_path)


@pytest.fixture
def client(db_path: Path, shops: Shops) -> Iterator[TestClient]:
    """A client for an app over a database with the shop 'kahvi' (pre-moderated)."""
    shops.create("kahvi", "Kahvi Oy")
    with TestClient(create_app(Settings(db_path=db_path))) as test_client:
        yield test_client


def as_person(client: TestClient, **fields: Any) -> dict[str, Any]:
    """Form fields as a person's browser sends them: with the form's stamp, from ten seconds ago."""
    from socialproof.safety import formguard

    return {"started": formguard.stamp(client.app.state.form_key, time.time() - 10)} | fields


def review(**overrides: Any) -> dict[str, Any]:
    return {"rating": 5, "title": "Hyvää", "body": "Maistuu hyvältä.", "author_name": "Anni"} | overrides


def post_review(client: TestClient, product: str = "P1", shop: str = "kahvi", **overrides: Any) -> dict[str, Any]:
    """A review from a shopper of its own (a fresh visitor id), so tests don't meet the per-shopper limit."""
    body = {"visitor": secrets.token_urlsafe(16)} | review(**overrides)
    response = client.post(f"/api/v1/shops/{shop}/products/{product}/reviews", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def approve(client: TestClient, shops: Shops, review_id: int, shop: str = "kahvi") -> None:
    response = client.post(f"/api/v1/shops/{shop}/reviews/{review_id}/moderation", json={"action": "approve"},
                           headers=shops.auth(shop))
    assert response.status_code == 200, response.text


def published(client: TestClient, shops: Shops, product: str = "P1", **overrides: Any) -> int:
    """Submit and approve a review; its id."""
    review_id = post_review(client, product, **overrides)["id"]
    approve(client, shops, review_id)
    return review_id
