"""A server killed with SIGKILL mid-burst loses no review it answered 201 for."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import httpx2 as httpx
from click.testing import CliRunner

from socialproof.cli import cli
from socialproof.db import connect
from tests.support import free_port


def test_every_answered_review_survives_a_kill(tmp_path):
    db = tmp_path / "crash.db"
    assert CliRunner().invoke(cli, ["shop", "create", "kahvi", "--name", "K", "--db", str(db)]).exit_code == 0
    port = free_port()
    # The test's client plays a proxy fronting many shoppers, so it is trusted to name them.
    server = subprocess.Popen([sys.executable, "-m", "socialproof", "serve", "--port", str(port), "--db", str(db),
                               "--trusted-proxy", "127.0.0.1"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/api/v1/shops/kahvi/products/P1/reviews"
    answered: list[int] = []
    lock = threading.Lock()
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                httpx.get(f"http://127.0.0.1:{port}/embed.js")
                break
            except httpx.TransportError:
                time.sleep(0.05)

        def burst(worker: int) -> None:
            with httpx.Client(timeout=5) as client:
                for n in range(60):  # bounded: at most 60 requests a worker
                    try:
                        # Each request as its own shopper behind the loopback proxy, so no rate limit applies.
                        answer = client.post(url, json={"rating": 1 + n % 5, "body": f"arvio {worker}-{n}",
                                                        "author_name": "Kuormittaja"},
                                             headers={"X-Forwarded-For": f"10.{worker}.{n // 250}.{n % 250}"})
                    except httpx.TransportError:
                        return  # the server is gone
                    if answer.status_code == 201:
                        with lock:
                            answered.append(answer.json()["id"])

        workers = [threading.Thread(target=burst, args=(w,)) for w in range(4)]
        for w in workers:
            w.start()
        while len(answered) < 30 and any(w.is_alive() for w in workers):
            time.sleep(0.01)
        os.kill(server.pid, signal.SIGKILL)  # mid-burst, no chance to flush or close
        for w in workers:
            w.join(timeout=10)
    finally:
        if server.poll() is None:
            server.kill()
        server.wait()
    assert len(answered) >= 30
    with connect(db) as database:  # as the restarted server would open it
        assert database.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {row[0] for row in database.execute("SELECT id FROM reviews")}
    assert set(answered) <= stored, f"lost {sorted(set(answered) - stored)}"
