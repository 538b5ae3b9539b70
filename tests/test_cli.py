"""The command line of the contract."""

import hashlib

import pytest
from click.testing import CliRunner

from socialproof.cli import cli
from socialproof.db.store import connect


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
