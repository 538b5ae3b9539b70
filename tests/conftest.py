"""Fixtures: a fresh database per test, always closed; the smallest app a test needs."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlite_utils import Database
from starlette.testclient import TestClient

from socialproof import clock
from socialproof.app import create_app
from socialproof.config import Settings
from socialproof.db import postgres
from socialproof.db.engine import Database as EngineDatabase
from socialproof.db.engine import Engine
from socialproof.db.migrations import migrate
from socialproof.moderation import accounts
from tests.mailbox import SETTINGS, Inbox, receiving
from tests.postgres import Server
from tests.postgres import running as postgres_server
from tests.support import Shops


@pytest.fixture(autouse=True)
def cheap_passwords(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 at its lowest cost in the test process: the same code path, a thousandth of the time.
    Servers the tests start as subprocesses hash at full cost, as a user's would."""
    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--engine",
        choices=[e.value for e in Engine],
        default=os.environ.get("SOCIALPROOF_TEST_ENGINE", Engine.SQLITE.value),
        help="the database engine every test runs on [env SOCIALPROOF_TEST_ENGINE; default sqlite]",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests of one engine's own machinery are deselected (not skipped) in the other engine's pass."""
    chosen = config.getoption("--engine")
    keep, drop = [], []
    for item in items:
        marker = item.get_closest_marker("engine")
        (drop if marker is not None and marker.args[0] != chosen else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture(scope="session")
def engine(request: pytest.FixtureRequest) -> Engine:
    return Engine(request.config.getoption("--engine"))


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Server]:
    """One real PostgreSQL server for the session; each test gets databases of its own on it."""
    with postgres_server() as server:
        yield server


@pytest.fixture
def pg_url(pg_server: Server) -> Iterator[str]:
    """A fresh migrated PostgreSQL database, dropped after the test."""
    url = pg_server.fresh_database()
    try:
        yield url
    finally:
        pg_server.drop(url)


@pytest.fixture
def db(engine: Engine, request: pytest.FixtureRequest) -> Iterator[EngineDatabase]:
    """A fresh database with the current schema: in memory for SQLite."""
    database: EngineDatabase
    if engine is Engine.POSTGRESQL:
        database = postgres.connect(request.getfixturevalue("pg_url"))
    else:
        database = Database(memory=True, execute_plugins=False)
        database.execute("PRAGMA foreign_keys=ON")
        migrate(database)
    try:
        yield database
    finally:
        database.close()


@pytest.fixture
def db_path(tmp_path: Path, engine: Engine, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Where the test's database is: an SQLite file not yet made, or a fresh PostgreSQL database's URL."""
    if engine is Engine.POSTGRESQL:
        monkeypatch.chdir(tmp_path)  # photos go to ./socialproof-photos beside a PostgreSQL database
        return request.getfixturevalue("pg_url")
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


@pytest.fixture
def inbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    """A real SMTP server, and the settings that send to it."""
    with receiving() as box:
        for name, value in (SETTINGS | {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(box.port)}).items():
            monkeypatch.setenv(f"SOCIALPROOF_{name}", value)
        yield box


@pytest.fixture
def travel(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """Move the project's clock forward from now: travel(days=14)."""
    start = clock.now()
    offset = [timedelta()]
    monkeypatch.setattr(clock, "now", lambda: start + offset[0])

    def to(**delta: float) -> None:
        offset[0] += timedelta(**delta)

    return to


@pytest.fixture
def mailing_client(db_path: Path, shops: Shops, inbox: Inbox) -> Iterator[TestClient]:
    """The app as `serve` runs it with the mail settings of the environment (the sender itself off)."""
    shops.create("kahvi", "Kahvi Oy")
    with TestClient(create_app(Settings.from_env(db_path=db_path, mail_sender="off"))) as test_client:
        yield test_client
