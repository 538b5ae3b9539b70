"""Fixtures: a fresh database per test, always closed; the smallest app a test needs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlite_utils import Database
from starlette.testclient import TestClient

from socialproof.app import create_app
from socialproof.config import Settings
from socialproof.db.migrations import migrate
from socialproof.moderation import accounts
from tests.support import Shops


@pytest.fixture(autouse=True)
def cheap_passwords(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 at its lowest cost in the test process: the same code path, a thousandth of the time.
    Servers the tests start as subprocesses hash at full cost, as a user's would."""
    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


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


@pytest.fixture
def shops(db_path: Path) -> Shops:
    return Shops(db_path)


@pytest.fixture
def client(db_path: Path, shops: Shops) -> Iterator[TestClient]:
    """A client for an app over a database with the shop 'kahvi' (pre-moderated)."""
    shops.create("kahvi", "Kahvi Oy")
    with TestClient(create_app(Settings(db_path=db_path))) as test_client:
        yield test_client
