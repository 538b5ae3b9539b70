"""A running demo server and Debian's chromium driven by Playwright."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx2 as httpx
import pytest
from click.testing import CliRunner
from playwright.sync_api import Browser, Page, sync_playwright

from socialproof.cli import cli
from socialproof.config import Settings
from socialproof.db.store import open_migrated, transaction
from socialproof.demo.seed import seed
from socialproof.photos.storage import LocalStorage
from tests.browser.support import CHROMIUM, CHROMIUM_ARGS, DISABLED_FEATURES, DemoServer, disabled_by_playwright
from tests.support import answers, free_port, starting_a_process, stop, wait_until


@contextmanager
def running_demo(db: Path) -> Iterator[DemoServer]:
    """`socialproof demo` as a user runs it, on a free port, over ``db``; stopped at the end."""
    starting_a_process("`socialproof demo`")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "socialproof", "demo", "--port", str(port), "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
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
        wait_until(lambda: answers(url.rstrip("/")), timeout=20, what="the demo server to start")
        yield DemoServer(url=url.rstrip("/"), key=key, password=password, db=str(db))
    finally:
        stop(process)


def seeded(db: Path) -> Path:
    """The demo's database and photos at ``db``, as `socialproof demo` seeds them (scripts/shopper_cost.py too)."""
    database = open_migrated(db)
    try:
        with transaction(database):
            seed(database, LocalStorage(Settings(db_path=db).photo_path))
    finally:
        database.close()
    return db


@pytest.fixture(scope="session")
def seeded_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's database and photos, seeded once; tests that change the demo work on copies."""
    return seeded(tmp_path_factory.mktemp("seeded") / "demo.db")


@pytest.fixture(scope="session")
def demo_server(seeded_demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    """One demo server for the tests that only look: they may run in any order."""
    with running_demo(_copy(seeded_demo, tmp_path_factory.mktemp("shared"))) as server:
        yield server


@pytest.fixture
def fresh_demo(seeded_demo: Path, tmp_path: Path) -> Iterator[DemoServer]:
    """A demo server of this test's own, for a test that writes reviews, votes or decisions."""
    with running_demo(_copy(seeded_demo, tmp_path)) as server:
        yield server


@pytest.fixture(scope="module")
def grouped_demo(seeded_demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    """A demo server whose morning coffee and Christmas roast are one group ("Kahvit"), shared by a
    module's tests that only look at it."""
    with running_demo(_copy(seeded_demo, tmp_path_factory.mktemp("grouped"))) as server:
        grouped = CliRunner().invoke(
            cli,
            ["group", "set", server.shop, "kahvit", "--product", "aamukahvi", "--product", "tumma-joulu"]
            + ["--name", "Kahvit", "--db", server.db],
        )
        assert grouped.exit_code == 0, grouped.output
        widget = f"{server.url}/w/{server.shop}/reviews?product=aamukahvi"
        wait_until(lambda: "Kahvit" in httpx.get(widget).text, timeout=10, what="the group on the widget")
        yield server


def _copy(db: Path, folder: Path) -> Path:
    shutil.copy(db, folder / db.name)
    photos = Settings(db_path=db).photo_path
    shutil.copytree(photos, Settings(db_path=folder / db.name).photo_path)
    return folder / db.name


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        ignored = disabled_by_playwright() - set(DISABLED_FEATURES)
        assert not ignored, f"Playwright now disables {sorted(ignored)} too: add them to DISABLED_FEATURES"
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh context per test: its own cache and storage, like a new visitor."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    yield context.new_page()
    context.close()
