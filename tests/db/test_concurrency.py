"""Two worker processes and the CLI writing to one database at once: no 5xx, no lock errors."""

from __future__ import annotations

import secrets
import subprocess
import sys
import threading
from collections import Counter

import httpx2 as httpx
import pytest

from tests.support import PASSWORD, live_server, make_moderator

pytestmark = pytest.mark.served  # starts processes beside the test


def test_two_workers_and_the_cli_under_mixed_writes(shops, db_path, tmp_path):
    shops.create("kahvi", "Kahvi Oy", moderation="post")
    make_moderator(db_path, "mod@kahvi.example", "--shop", "kahvi")
    statuses: Counter[int] = Counter()
    cli_failures: list[str] = []
    lock = threading.Lock()
    log = tmp_path / "server.log"
    # The client plays a proxy fronting many shoppers (one address each), so limits don't mask the writes.
    with live_server(db_path, "--workers", "2", "--trusted-proxy", "127.0.0.1", log=log) as (url, _):
        api = f"{url}/api/v1/shops/kahvi"
        first = httpx.post(f"{api}/products/P1/reviews", json={"rating": 5, "body": "eka", "author_name": "A"})
        review_id = first.json()["id"]

        def shopper(worker: int) -> None:
            with httpx.Client(timeout=30) as client:
                for n in range(30):  # bounded: 30 mixed writes a shopper
                    visitor = secrets.token_urlsafe(12)
                    headers = {"X-Forwarded-For": f"198.51.{worker}.{n}"}
                    kind = n % 5 if n < 10 else n % 4  # two sign-ins each: Argon2 at full cost is slow by design
                    if kind == 0:
                        answer = client.post(
                            f"{api}/products/P{n % 3}/reviews",
                            headers=headers,
                            json={
                                "rating": 1 + n % 5,
                                "body": f"arvio {worker}-{n}",
                                "author_name": "K",
                                "visitor": visitor,
                            },
                        )
                    elif kind == 1:
                        answer = client.post(
                            f"{api}/products/P1/recommendations", headers=headers, json={"visitor": visitor}
                        )
                    elif kind == 2:
                        answer = client.post(
                            f"{api}/reviews/{review_id}/helpful", headers=headers, json={"visitor": visitor}
                        )
                    elif kind == 3:
                        answer = client.post(f"{api}/products/P1/heartbeat", headers=headers, json={"visitor": visitor})
                    else:
                        answer = client.post(
                            f"{url}/admin/login",
                            headers=headers | {"Origin": url},
                            data={"email": "mod@kahvi.example", "password": PASSWORD, "next": "/admin"},
                        )
                    with lock:
                        statuses[answer.status_code] += 1

        def operator() -> None:
            for n in range(4):  # bounded: the CLI changes the shop four times while it is served
                done = subprocess.run(
                    [
                        sys.executable,
                        "-m",
                        "socialproof",
                        "shop",
                        "set",
                        "kahvi",
                        "--name",
                        f"Kahvi {n}",
                        "--db",
                        str(db_path),
                    ],
                    capture_output=True,
                    text=True,
                    timeout=60,
                )
                if done.returncode != 0 or done.stderr.count("\n") > 1:
                    cli_failures.append(done.stderr)

        threads = [threading.Thread(target=shopper, args=(w,)) for w in range(4)] + [threading.Thread(target=operator)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=240)
    server_log = log.read_text()
    print(server_log)  # shown only when the test fails: the tracebacks behind a 5xx
    assert not cli_failures, cli_failures
    assert all(status < 500 for status in statuses), statuses
    assert sum(statuses.values()) == 120 and statuses[201] >= 24 and statuses[303] == 8, statuses
    assert "locked" not in server_log and "Traceback" not in server_log
    assert shops.sql("SELECT name FROM shops WHERE slug = 'kahvi'")[0]["name"] == "Kahvi 3"
