"""Helpers shared by test modules, so that no test module imports another."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx2 as httpx
from click.testing import CliRunner
from starlette.testclient import TestClient

from socialproof.cli import cli

PASSWORD = "correct horse battery"


def text(html: str) -> str:
    """Roughly what a reader sees: tags dropped, whitespace folded."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_moderator(db_path: Path, email: str, *args: str) -> str:
    result = CliRunner().invoke(cli, ["moderator", "create", email, *args, "--password-stdin", "--db", str(db_path)],
                                input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output + result.stderr
    return email


def sign_in(client: TestClient, email: str, password: str = PASSWORD, **headers: str) -> httpx.Response:
    return client.post("/admin/login", data={"email": email, "password": password, "next": "/admin"},
                       headers=headers, follow_redirects=False)


class Moderator:
    """A moderator signed in to the workspace, posting its forms with their token."""

    def __init__(self, client: TestClient, email: str) -> None:
        self.client = TestClient(client.app, follow_redirects=False)
        assert sign_in(self.client, email).status_code == 303

    def get(self, path: str, **kwargs: object) -> httpx.Response:
        return self.client.get(path, **kwargs)  # type: ignore[arg-type]

    def csrf(self) -> str:
        match = re.search(r'name="csrf" value="([^"]+)"', self.get("/admin/stats").text)
        assert match
        return match.group(1)

    def post(self, path: str, data: dict[str, object] | None = None, **kwargs: object) -> httpx.Response:
        return self.client.post(path, data={"csrf": self.csrf()} | (data or {}), **kwargs)  # type: ignore[arg-type]


@contextmanager
def live_server(db_path: Path, *args: str, env: dict[str, str] | None = None,
                log: Path | None = None) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`socialproof serve` as a user runs it, on a free loopback port; stopped at the end."""
    port = free_port()
    out = open(log, "wb") if log else subprocess.DEVNULL
    process = subprocess.Popen(
        [sys.executable, "-m", "socialproof", "serve", "--port", str(port), "--db", str(db_path), *args],
        stdout=out, stderr=subprocess.STDOUT, env=os.environ | (env or {}))
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: _answers(url), timeout=20, what="the server to start")
        yield url, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if log:
            out.close()  # type: ignore[union-attr]


def _answers(url: str) -> bool:
    try:
        return httpx.get(f"{url}/embed.js", timeout=2).status_code == 200
    except httpx.TransportError:
        return False


def wait_until(condition, *, timeout: float, what: str, interval: float = 0.05) -> None:  # type: ignore[no-untyped-def]
    """Poll ``condition`` until it holds; fail the test, naming ``what``, if it doesn't within ``timeout``."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)
