"""A server killed with SIGKILL mid-burst loses no review it answered 201 for."""

from __future__ import annotations

import os
import signal
import threading

import httpx2 as httpx
import pytest
from click.testing import CliRunner

from socialproof.cli import cli
from socialproof.db.store import connect
from tests.support import live_server, wait_until

pytestmark = pytest.mark.served  # starts processes beside the test


def test_every_answered_review_survives_a_kill(tmp_path):
    db = tmp_path / "crash.db"
    assert CliRunner().invoke(cli, ["shop", "create", "kahvi", "--name", "K", "--db", str(db)]).exit_code == 0
    answered: list[int] = []
    lock = threading.Lock()
    # The test's client plays a proxy fronting many shoppers, so it is trusted to name them.
    with live_server(db, "--trusted-proxy", "127.0.0.1") as (base, server):
        url = f"{base}/api/v1/shops/kahvi/products/P1/reviews"

        def burst(worker: int) -> None:
            with httpx.Client(timeout=5) as client:
                for n in range(60):  # bounded: at most 60 requests a worker
                    try:
                        # Each request as its own shopper behind the loopback proxy, so no rate limit applies.
                        answer = client.post(
                            url,
                            json={"rating": 1 + n % 5, "body": f"arvio {worker}-{n}", "author_name": "Kuormittaja"},
                            headers={"X-Forwarded-For": f"10.{worker}.{n // 250}.{n % 250}"},
                        )
                    except httpx.TransportError:
                        return  # the server is gone
                    if answer.status_code == 201:
                        with lock:
                            answered.append(answer.json()["id"])

        workers = [threading.Thread(target=burst, args=(w,)) for w in range(4)]
        for w in workers:
            w.start()
        wait_until(
            lambda: len(answered) >= 30 or not any(w.is_alive() for w in workers),
            timeout=60,
            what="30 answered reviews",
            interval=0.01,
        )
        os.kill(server.pid, signal.SIGKILL)  # mid-burst, no chance to flush or close
        for w in workers:
            w.join(timeout=10)
    assert len(answered) >= 30
    with connect(db) as database:  # as the restarted server would open it
        assert database.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {row[0] for row in database.execute("SELECT id FROM reviews")}
    assert set(answered) <= stored, f"lost {sorted(set(answered) - stored)}"
