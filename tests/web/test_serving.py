"""Against a real uvicorn: slow bodies, huge heads, spoofed addresses, clients that vanish, uploads in a crowd."""

from __future__ import annotations

import io
import os
import secrets
import select
import socket
import threading
import time
from pathlib import Path

import httpx2 as httpx
import pytest
from PIL import Image

from tests.support import live_server, until_refused, wait_until

pytestmark = pytest.mark.served  # starts processes beside the test


@pytest.fixture
def served(shops, db_path, tmp_path):
    shops.create("kahvi", "Kahvi Oy")

    def start(*args: str, **env: str):
        return live_server(
            db_path, *args, env={f"SOCIALPROOF_{k.upper()}": v for k, v in env.items()}, log=tmp_path / "server.log"
        )

    return start


@pytest.fixture(scope="module")
def default_served(shared_shops, tmp_path_factory):
    """`serve` with its shipped settings, started once for the tests that only talk to it: (URL, its log)."""
    shared_shops.create("kahvi", "Kahvi Oy")
    log = tmp_path_factory.mktemp("served") / "server.log"
    with live_server(shared_shops.path, log=log) as (url, _):
        yield url, log


def connect(url: str) -> socket.socket:
    host, port = url.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)), timeout=10)
    return sock


def read_answer(sock: socket.socket, within: float) -> bytes:
    """Everything the server sends until it closes the connection, waiting at most ``within`` seconds."""
    deadline, data = time.monotonic() + within, b""
    while time.monotonic() < deadline:
        ready, _, _ = select.select([sock], [], [], 0.1)
        if ready:
            chunk = sock.recv(65536)
            if not chunk:
                return data
            data += chunk
    raise AssertionError(f"no close within {within} s; got {data[:200]!r}")


def trickle(url: str, head: bytes, piece: bytes) -> tuple[bytes, float]:
    """Send ``head``, then ``piece`` every 0.3 s (40 at most) until the server answers or closes;
    its whole answer (up to its close) and how long that took."""
    sock = connect(url)
    sock.sendall(head)
    started, answer = time.monotonic(), b""
    for _ in range(40):
        try:
            sock.sendall(piece)
        except OSError:  # closed by the server
            break
        ready, _, _ = select.select([sock], [], [], 0.3)  # wait for an answer, or the next piece's turn
        if ready:
            answer = read_answer(sock, 5)
            break
    sock.close()
    return answer, time.monotonic() - started


def test_a_body_that_trickles_in_is_answered_408_and_closed(served):
    with served(body_seconds="2") as (url, _):
        # The error speaks the language the review would have been answered in: here the reader's.
        # A kilobyte every 0.3 s: it would take 12 s to send it all.
        answer, took = trickle(
            url,
            b"POST /api/v1/shops/kahvi/products/P1/reviews HTTP/1.1\r\nHost: x\r\nAccept-Language: en\r\n"
            b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
            b"400\r\n" + b" " * 1024 + b"\r\n",
        )
        assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
        assert b"within 2 seconds" in answer and b"connection: close" in answer.lower()
        assert took < 6
        assert httpx.get(f"{url}/embed.js").status_code == 200  # the worker is free


def test_an_answer_sent_before_the_body_is_read_closes_the_connection(default_served):
    """A 413 known from Content-Length alone: the server answers and closes without waiting for the 100 KB.
    No byte of the body is sent: a server closing with unread bytes resets the connection, and the reset
    may overtake its answer (a race in TCP, not in the server), which made this test fail now and then."""
    url, _ = default_served
    sock = connect(url)
    sock.sendall(
        b"POST /api/v1/shops/kahvi/products/P1/reviews HTTP/1.1\r\nHost: x\r\nAccept-Language: en\r\n"
        b"Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
    )
    with sock:
        answer = read_answer(sock, 12)  # generous for a loaded two-core machine; the body would never come
    assert answer.startswith(b"HTTP/1.1 413") and b"connection: close" in answer.lower(), answer[:300]


def send_head(url: str, padding: int) -> bytes:
    """A GET whose headers carry ``padding`` bytes (in 8 KB lines); the server's whole answer."""
    sock = connect(url)
    sock.sendall(
        b"GET /embed.js HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
        + b"".join(b"X-Pad: " + b"a" * min(8000, padding - n) + b"\r\n" for n in range(0, padding, 8000))
        + b"\r\n"
    )
    answer = read_answer(sock, 5)
    sock.close()
    return answer


def test_ten_megabytes_of_headers_are_refused_431_at_once(default_served):
    url, _ = default_served
    assert send_head(url, 60_000).startswith(b"HTTP/1.1 200")  # under the limit: served
    assert send_head(url, 70_000).startswith(b"HTTP/1.1 431")
    host, port = url.removeprefix("http://").split(":")
    sock = socket.socket()
    # A small send buffer, so what we manage to send is close to what the server took in.
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 65536)
    sock.settimeout(10)
    sock.connect((host, int(port)))
    sock.sendall(b"GET /embed.js HTTP/1.1\r\nHost: x\r\n")
    sent, cut = 0, False
    try:
        while sent < 10 * 1024 * 1024:
            sock.sendall(b"X-Padding: " + b"a" * 8000 + b"\r\n")
            sent += 8013
    except (BrokenPipeError, ConnectionResetError):
        cut = True  # the server closed the connection: what we want
    answer = read_answer(sock, 5) if not cut else sock.recv(65536)
    sock.close()
    assert cut, "the server read all 10 MB of headers"
    assert answer.startswith(b"HTTP/1.1 431") and b'"error"' in answer, answer[:200]


RECOMMEND = "{url}/api/v1/shops/kahvi/products/P1/recommendations"


def recommend(url: str, forwarded_for: str) -> int:
    return httpx.post(RECOMMEND.format(url=url), headers={"X-Forwarded-For": forwarded_for}).status_code


def test_a_direct_client_cannot_spoof_its_address(default_served):
    url, _ = default_served
    codes = until_refused(
        lambda n: httpx.post(RECOMMEND.format(url=url), headers={"X-Forwarded-For": f"203.0.113.{n}"})
    )
    assert codes[:20] == [200] * 20 and codes[-1] == 429  # one address, however it names itself


def test_a_trusted_proxy_names_its_shoppers(served):
    with served("--trusted-proxy", "127.0.0.1") as (url, _):
        codes = [recommend(url, f"203.0.113.{n}") for n in range(21)]
    assert codes == [200] * 21


def test_a_client_that_disconnects_mid_body_leaves_no_traceback(default_served):
    url, log = default_served
    logged = log.read_text().count("client disconnected")
    sock = connect(url)
    sock.sendall(
        b"POST /api/v1/shops/kahvi/products/P1/reviews HTTP/1.1\r\nHost: x\r\n"
        b'Content-Type: application/json\r\nContent-Length: 50000\r\n\r\n{"body": "' + b"a" * 1000
    )
    sock.close()
    wait_until(
        lambda: log.read_text().count("client disconnected") > logged, timeout=10, what="the disconnect to be logged"
    )
    assert httpx.get(f"{url}/embed.js").status_code == 200
    assert "Traceback" not in log.read_text()


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def noise_jpeg(megapixels: float) -> bytes:
    side = int((megapixels * 1_000_000) ** 0.5)
    out = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(out, "JPEG", quality=92)
    return out.getvalue()


@pytest.mark.engine("sqlite")  # the upload queue and its memory cap live in the process: the same on either engine
def test_uploads_in_a_crowd_queue_stay_under_the_memory_cap_and_others_keep_answering(served):
    """Eight shoppers send two 3 MB photos each at once; one process decodes two uploads at a time."""
    photo = noise_jpeg(3)
    answers: list[int] = []
    lock = threading.Lock()
    with served(uploads_in_flight="2", upload_wait_seconds="60") as (url, process):
        baseline = _rss_mb(process.pid)
        peak = [baseline]

        def shopper(n: int) -> None:
            with httpx.Client(timeout=90) as client:
                answer = client.post(
                    f"{url}/api/v1/shops/kahvi/products/P1/reviews",
                    data={
                        "rating": "4",
                        "body": f"kuva {n}",
                        "author_name": "Kuvaaja",
                        "visitor": secrets.token_urlsafe(12),
                    },
                    files=[
                        ("photos", (f"a{n}.jpg", photo, "image/jpeg")),
                        ("photos", (f"b{n}.jpg", photo[:-2] + b"\xff\xd9", "image/jpeg")),
                    ],
                )
            with lock:
                answers.append(answer.status_code)

        crowd = [threading.Thread(target=shopper, args=(n,)) for n in range(8)]
        for t in crowd:
            t.start()
        reads = []
        while any(t.is_alive() for t in crowd) and len(reads) < 2000:  # bounded
            started = time.monotonic()
            assert httpx.get(f"{url}/api/v1/shops/kahvi/products/P1/summary", timeout=10).status_code == 200
            reads.append(time.monotonic() - started)
            peak[0] = max(peak[0], _rss_mb(process.pid))
        for t in crowd:
            t.join(timeout=120)
    assert answers == [201] * 8, answers
    assert max(reads) < 5, f"a summary took {max(reads):.1f} s while photos were decoded"
    assert peak[0] - baseline < 300, f"memory grew {peak[0] - baseline:.0f} MB"


def test_past_the_wait_an_upload_is_told_to_come_back(served):
    with served(uploads_in_flight="1", upload_wait_seconds="1", body_seconds="30") as (url, _):
        holder = connect(url)  # takes the only place and keeps it by sending slowly
        holder.sendall(
            b"POST /api/v1/shops/kahvi/products/P1/reviews HTTP/1.1\r\nHost: x\r\n"
            b"Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 100000\r\n\r\n--b\r\n"
        )
        for _ in range(3):  # round trips after it, so the server has surely taken the holder's request in
            httpx.get(f"{url}/embed.js")
        answer = httpx.post(
            f"{url}/api/v1/shops/kahvi/products/P1/reviews",
            files={"photos": ("a.jpg", b"x", "image/jpeg")},
            data={"rating": "5"},
            timeout=10,
        )
        holder.close()
    assert answer.status_code == 503 and answer.headers["retry-after"] == "1"
    assert "busy" in answer.json()["error"]


def test_a_large_import_never_makes_another_shops_shopper_wait_long_or_fail(shops, db_path, tmp_path):
    """Two workers: one brings in 1,500 reviews (three batches) through the API while shoppers of another shop
    post theirs."""
    shops.create("kahvi", "Kahvi Oy")
    shops.create("toinen", "Toinen Oy")
    lines = [f"Mia {n},Hyvä kuppi {n},5,2024-01-10T12:00:00.000Z,p{n % 50},,," for n in range(1_500)]
    data = ("name,body,rating,dateCreated,handle,email,imageUrls,title\n" + "\n".join(lines) + "\n").encode()
    with live_server(db_path, "--workers", "2", log=tmp_path / "server.log") as (url, _):
        imported: list[httpx.Response] = []
        importing = threading.Thread(
            target=lambda: imported.append(
                httpx.post(
                    f"{url}/api/v1/shops/kahvi/imports?from=okendo",
                    content=data,
                    headers=shops.auth("kahvi"),
                    timeout=120,
                )
            )
        )
        importing.start()
        storing = "SELECT count(*) AS n FROM reviews r JOIN shops s ON s.id = r.shop_id WHERE s.slug = 'kahvi'"
        wait_until(lambda: shops.sql(storing)[0]["n"] > 0, timeout=60, what="the import to start storing")
        answers = []  # how long each waits is a benchmark's figure (closing note), not this test's
        while importing.is_alive() and len(answers) < 30:
            answers.append(
                httpx.post(
                    f"{url}/api/v1/shops/toinen/products/P1/reviews",
                    json={"rating": 4, "body": "Hyvää.", "author_name": "Anni", "visitor": secrets.token_urlsafe(16)},
                    timeout=30,
                ).status_code
            )
        importing.join(timeout=120)
    assert imported[0].status_code == 201 and imported[0].json()["reviews"] == 1_500
    # posted while it stored its batches: every one stored, none "database is locked"
    assert answers and set(answers) == {201}, answers
