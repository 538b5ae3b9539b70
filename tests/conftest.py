"""Fixtures: a fresh database per test, always closed; the smallest app a test needs."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import psycopg_pool.base
import pytest
from argon2 import PasswordHasher
from sqlite_utils import Database

import socialproof.app
from socialproof import clock
from socialproof.app import create_app
from socialproof.config import Settings
from socialproof.db import postgres, store
from socialproof.db.engine import Database as EngineDatabase
from socialproof.db.engine import Engine
from socialproof.db.store import open_migrated
from socialproof.moderation import accounts
from tests import support
from tests.client import TestClient
from tests.mailbox import SETTINGS, Inbox, receiving
from tests.postgres import Server
from tests.postgres import running as postgres_server
from tests.properties import FAST  # noqa: F401  (registers the fast loop's hypothesis profile)
from tests.support import Shops, moving_clock


@pytest.fixture(autouse=True)
def current_test(request: pytest.FixtureRequest) -> Iterator[None]:
    """Which test runs, for the helpers that start processes to check it is marked `served`."""
    support.CURRENT_TEST = request.node
    yield
    support.CURRENT_TEST = None


@pytest.fixture(autouse=True)
def cheap_passwords(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 at its lowest cost in the test process: the same code path, a thousandth of the time.
    Servers the tests start as subprocesses hash at full cost, as a user's would."""
    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


ENGINES = [e.value for e in Engine]


def pytest_configure(config: pytest.Config) -> None:
    # Declared here, not in setup.cfg: naming the category there imports hypothesis before tests/bytecode.py.
    config.addinivalue_line("filterwarnings", "error::hypothesis.errors.HypothesisDeprecationWarning")
    # Durability relaxed for the tests' own connections, as the test PostgreSQL runs without fsync:
    # nothing here survives a power cut anyway. Servers the tests start keep the shipped FULL.
    store.SYNCHRONOUS = "OFF"
    # Another process's change (the CLI a test runs) reaches an app's render cache at its next read of the
    # change feed: every 50 ms here rather than the shipped half second, so `shown` waits one poll, not ten.
    socialproof.app.FOLLOW_SECONDS = 0.05
    # psycopg_pool jitters each new connection's lifetime with the process-wide `random`, from the pool's own
    # threads; a hypothesis test on PostgreSQL then sees its data generation "depend on external state" and
    # fails as flaky. The pool gets a generator of its own here: nothing else about it changes.
    psycopg_pool.base.random = random.Random().random  # type: ignore[attr-defined]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--engine",
        choices=[*ENGINES, "all"],
        default=os.environ.get("SOCIALPROOF_TEST_ENGINE", "all"),
        help="the engines a test of the data layer runs on [env SOCIALPROOF_TEST_ENGINE; default all]",
    )


def _chosen(config: pytest.Config) -> list[str]:
    chosen = config.getoption("--engine")
    return ENGINES if chosen == "all" else [chosen]


def _marked_engine(node: pytest.Item | pytest.Function | Any) -> str | None:
    marker = node.get_closest_marker("engine")
    return None if marker is None else str(marker.args[0])


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test that reaches the data layer (it asks for ``engine``, itself or through ``db``, ``db_path``,
    ``shops``, ``client``…) runs once per engine; any other test can't tell the engines apart and runs once."""
    if "engine" not in metafunc.fixturenames:
        return
    marked = _marked_engine(metafunc.definition)
    engines = [e for e in _chosen(metafunc.config) if marked in (None, e)]
    if not engines:
        return  # marked for an engine not chosen: deselected below
    metafunc.parametrize("engine", [Engine(e) for e in engines], ids=engines, scope="session")


# Fixtures that start a process beside the test: such a test is `served` (the fast loop leaves it out).
SERVING_FIXTURES = {"pg_server", "browser", "seeded_demo", "demo_server", "fresh_demo"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests of one engine's own machinery are deselected (not skipped) where that engine isn't chosen;
    a test on PostgreSQL or with a serving fixture is marked `served`."""
    chosen = _chosen(config)
    keep, drop = [], []
    for item in items:
        on_postgresql = getattr(item, "callspec", None) and item.callspec.params.get("engine") is Engine.POSTGRESQL
        if on_postgresql or SERVING_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.served)
        marked = _marked_engine(item)
        (drop if marked is not None and marked not in chosen else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Server]:
    """One real PostgreSQL server for the session; each test gets databases of its own on it."""
    with postgres_server() as server:
        yield server


@pytest.fixture
def pg_url(pg_server: Server) -> Iterator[str]:
    """A fresh migrated PostgreSQL database, dropped after the test."""
    url = pg_server.take()
    try:
        yield url
    finally:
        pg_server.give_back(url)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite file migrated once for the session; each test works on a copy (well under a millisecond,
    where migrating from nothing costs a tenth of a second). tests/db/test_migrations.py migrates from zero."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    database = open_migrated(path)
    try:
        database.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the main file, so one file copies
    finally:
        database.close()
    return path


@pytest.fixture
def db(engine: Engine, request: pytest.FixtureRequest) -> Iterator[EngineDatabase]:
    """A fresh database with the current schema: in memory for SQLite."""
    database: EngineDatabase
    if engine is Engine.POSTGRESQL:
        database = postgres.connect(request.getfixturevalue("pg_url"))
    else:
        conn = sqlite3.connect(":memory:", check_same_thread=False)
        with closing(sqlite3.connect(request.getfixturevalue("sqlite_template"))) as template:
            template.backup(conn)
        database = Database(conn, execute_plugins=False)
        database.execute("PRAGMA foreign_keys=ON")
    try:
        yield database
    finally:
        database.close()


@pytest.fixture
def db_path(tmp_path: Path, engine: Engine, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Where the test's database is: a copy of the migrated SQLite template, or a fresh PostgreSQL database's URL."""
    if engine is Engine.POSTGRESQL:
        monkeypatch.chdir(tmp_path)  # photos go to ./socialproof-photos beside a PostgreSQL database
        return request.getfixturevalue("pg_url")
    path = tmp_path / "test.db"
    shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
    return path


@pytest.fixture(scope="module")
def shared_db_path(engine: Engine, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A database shared by one module's tests, for a server they share (started once, not per test).
    Each test works in shops of its own there (``shared_shops.fresh()``), so none sees another's data."""
    folder = tmp_path_factory.mktemp("shared")
    if engine is Engine.POSTGRESQL:
        server = request.getfixturevalue("pg_server")
        url = server.fresh_database()
        with pytest.MonkeyPatch.context() as patch:
            patch.chdir(folder)  # photos go to ./socialproof-photos beside a PostgreSQL database
            yield url
        server.drop(url)
        return
    path = folder / "shared.db"
    shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
    yield path


@pytest.fixture(scope="module")
def shared_shops(shared_db_path: Any) -> Iterator[Shops]:
    shops = Shops(shared_db_path)
    yield shops
    shops.close()


@pytest.fixture
def shops(db_path: Path) -> Iterator[Shops]:
    shops = Shops(db_path)
    yield shops
    shops.close()


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
    return moving_clock(monkeypatch, clock.now())


@pytest.fixture
def mailing_client(db_path: Path, shops: Shops, inbox: Inbox) -> Iterator[TestClient]:
    """The app as `serve` runs it with the mail settings of the environment (the sender itself off)."""
    shops.create("kahvi", "Kahvi Oy")
    with TestClient(create_app(Settings.from_env(db_path=db_path, mail_sender="off"))) as test_client:
        yield test_client
