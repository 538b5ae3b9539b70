"""The command line of the contract."""

import hashlib
import json
import socket
import subprocess
import sys

import httpx2 as httpx
import pytest
from click.testing import CliRunner
from PIL import Image

from socialproof.cli import cli
from socialproof.db.store import connect
from tests.support import answers, free_port, starting_a_process, stop, wait_until


@pytest.fixture
def run(db_path):
    runner = CliRunner()

    def invoke(*args, env=None):
        return runner.invoke(cli, [*args], env=env, catch_exceptions=False)

    return invoke


def test_shop_create_and_key_create(run, db_path):
    created = run(
        "shop",
        "create",
        "kahvila",
        "--name",
        "Kahvila Oy",
        "--origin",
        "https://Kahvila.example.fi/",
        "--db",
        str(db_path),
    )
    assert created.exit_code == 0, created.output
    keyed = run("key", "create", "kahvila", "--db", str(db_path))
    assert keyed.exit_code == 0
    key = keyed.output.strip().splitlines()[-1]
    assert key.startswith("sp_") and len(key) > 40
    with connect(db_path) as db:
        stored = list(db.query("SELECT key_hash FROM api_keys"))
        shop = list(db.query("SELECT * FROM shops"))[0]
    assert stored == [{"key_hash": hashlib.sha256(key.encode()).hexdigest()}]
    assert key not in str(stored)
    assert shop["origins"] == '["https://kahvila.example.fi"]' and shop["lang"] == "fi"


@pytest.mark.parametrize(
    "args, message",
    [
        (["shop", "create", "A", "--name", "x"], "Invalid shop slug"),
        (["shop", "create", "a", "--name", "x"], "Invalid shop slug"),
        (["shop", "create", "ok-shop", "--name", "x", "--origin", "shop.example"], "Invalid origin"),
        (["shop", "create", "ok-shop", "--name", "x", "--lang", "de"], "Unsupported language"),
        (["key", "create", "nope"], "There is no shop 'nope'."),
        (["shop", "set", "nope", "--moderation", "post"], "There is no shop 'nope'."),
    ],
)
def test_errors_are_one_line_on_stderr_and_exit_nonzero(db_path, args, message):
    result = CliRunner().invoke(cli, [*args, "--db", str(db_path)])
    assert result.exit_code != 0
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def test_duplicate_shop_is_refused(run, db_path):
    run("shop", "create", "kahvila", "--name", "K", "--db", str(db_path))
    result = CliRunner().invoke(cli, ["shop", "create", "kahvila", "--name", "K", "--db", str(db_path)])
    assert result.exit_code != 0 and "exists already" in result.stderr


def test_shop_set_moderation(run, db_path):
    run("shop", "create", "kahvila", "--name", "K", "--db", str(db_path))
    result = run("shop", "set", "kahvila", "--moderation", "post", "--db", str(db_path))
    assert result.exit_code == 0 and "moderation post" in result.output
    with connect(db_path) as db:
        assert next(db.query("SELECT moderation FROM shops"))["moderation"] == "post"


def test_database_from_environment_or_default(run, tmp_path, monkeypatch):
    env_db = tmp_path / "from-env.db"
    assert run("shop", "create", "kahvila", "--name", "K", env={"SOCIALPROOF_DB": str(env_db)}).exit_code == 0
    assert env_db.exists()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOCIALPROOF_DB", raising=False)
    assert run("shop", "create", "kahvila", "--name", "K").exit_code == 0
    assert (tmp_path / "socialproof.db").exists()
    assert run("--db", str(tmp_path / "group.db"), "shop", "create", "kahvila", "--name", "K").exit_code == 0
    assert (tmp_path / "group.db").exists()


def test_a_path_that_is_not_a_database_is_one_clear_line(tmp_path):
    not_db = tmp_path / "notes.txt"
    not_db.write_text("this is not SQLite " * 100)
    result = CliRunner().invoke(cli, ["shop", "create", "kahvila", "--name", "K", "--db", str(not_db)])
    assert result.exit_code != 0 and "cannot open the database" in result.stderr


@pytest.mark.parametrize("command", [["demo"], ["serve"]])
def test_a_busy_port_is_said_before_anything_is_created_or_printed(tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOCIALPROOF_DB", raising=False)
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        port = held.getsockname()[1]
        done = CliRunner().invoke(cli, [*command, "--port", str(port)])
    assert done.exit_code == 1
    assert f"port {port} is in use; choose another with --port" in done.output
    assert "API key" not in done.output and "serving" not in done.output and "Open the demo" not in done.output
    assert list(tmp_path.iterdir()) == []  # no database, no photo folder


@pytest.mark.served
def test_the_demo_keeps_to_a_database_of_its_own_so_serve_never_finds_the_demo_shop(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOCIALPROOF_DB", raising=False)
    starting_a_process("`socialproof demo`")
    port = free_port()
    demo = subprocess.Popen(
        [sys.executable, "-m", "socialproof", "demo", "--port", str(port)], stdout=subprocess.PIPE, text=True
    )
    try:
        wait_until(lambda: answers(f"http://127.0.0.1:{port}"), timeout=20, what="the demo to start")
        assert demo.stdout is not None
        printed = [demo.stdout.readline() for _ in range(6)]  # written before it began to serve
        (code_line,) = [line for line in printed if "?code=" in line]
        counter = httpx.get(code_line.split()[-1], timeout=10)  # the code it prints works, as a buyer's would
        assert counter.status_code == 200 and "Kiitos ostoksestasi." in counter.text
    finally:
        stop(demo)
    assert (tmp_path / "socialproof-demo.db").exists() and not (tmp_path / "socialproof.db").exists()
    assert (tmp_path / "socialproof-demo-photos").is_dir()
    listed = CliRunner().invoke(cli, ["shop", "set", "paahtimo", "--moderation", "post"])  # the production default
    assert listed.exit_code == 1 and "no shop 'paahtimo'" in listed.output


def test_shop_list_and_show_tell_the_settings_and_never_a_secret(run, db_path, tmp_path):
    assert "No shops yet" in run("shop", "list", "--db", str(db_path)).output
    run(
        "shop",
        "create",
        "kahvila",
        "--name",
        "Kahvila Oy",
        "--origin",
        "https://kahvila.example.fi",
        "--db",
        str(db_path),
    )
    run("shop", "create", "putiikki", "--name", "Putiikki", "--lang", "sv", "--db", str(db_path))
    key = run("key", "create", "kahvila", "--db", str(db_path)).output.strip().splitlines()[-1]
    photo = tmp_path / "aino.png"
    Image.new("RGB", (400, 300), "#a16207").save(photo)
    shop_set = ["shop", "set", "kahvila", "--business-id", "0112038-9", "--founder-photo", str(photo)]
    done = CliRunner().invoke(
        cli, [*shop_set, "--platform", "shopify", "--platform-secret-stdin", "--db", str(db_path)],
        input="shpss_secret_0123456789abcdef\n",
    )  # fmt: skip
    assert done.exit_code == 0 and "base64" not in done.output and "a photo stored here" in done.output
    listed = run("shop", "list", "--db", str(db_path)).output.splitlines()
    assert [line.split("\t")[:4] for line in listed] == [
        ["kahvila", "Kahvila Oy", "fi", "pre-moderated"],
        ["putiikki", "Putiikki", "sv", "pre-moderated"],
    ]
    shown = json.loads(run("shop", "show", "kahvila", "--json", "--db", str(db_path)).output)
    assert shown["origins"] == ["https://kahvila.example.fi"] and shown["business_id"] == "0112038-9"
    assert shown["platforms"] == ["shopify"] and shown["founder_photo"].startswith("(a photo")
    text = run("shop", "show", "kahvila", "--db", str(db_path)).output
    for secret in (key, "shpss_secret", "base64", "sp_"):
        assert secret not in text
    missing = CliRunner().invoke(cli, ["shop", "show", "nobody", "--db", str(db_path)])
    assert missing.exit_code == 1 and "nobody" in missing.output
