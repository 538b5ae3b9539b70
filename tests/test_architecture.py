"""The rules of the house that no linter holds by itself: every package ships, every module has a place."""

from __future__ import annotations

import configparser
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "socialproof"
SETUP = configparser.ConfigParser()
SETUP.read(ROOT / "setup.cfg")


def listed(section: str, option: str) -> set[str]:
    return {name.strip() for line in SETUP[section][option].splitlines() for name in line.split("|") if name.strip()}


def modules() -> set[str]:
    found = set()
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        found.add(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return found


def test_every_package_of_the_code_is_in_the_wheel():
    packages = {p for p in listed("options", "packages") if not p.endswith((".widgets", ".static", ".examples"))}
    on_disk = {m for m in modules() if (ROOT / m.replace(".", "/") / "__init__.py").exists()}
    assert on_disk - packages == set(), "add these to [options] packages in setup.cfg, or the wheel leaves them out"


def test_every_module_is_held_by_an_import_contract():
    """A module is placed when the layers name it (or a package holding it) or it is a shared base module."""
    placed = listed("importlinter:contract:layers", "layers") | listed("importlinter:contract:base", "source_modules")
    loose = {
        m
        for m in modules() - {"socialproof", "socialproof.__main__"}
        if not any(m == p or m.startswith(p + ".") for p in placed)
    }
    assert loose == set(), "put these in a layer or the base modules of setup.cfg's import contracts"


@pytest.mark.served  # a Python process beside the test
def test_on_sqlite_no_command_or_server_loads_the_postgresql_driver(tmp_path):
    """PostgreSQL's driver (a tenth of a second of each start) is loaded by a PostgreSQL connection only: a
    shop on SQLite runs its commands, its server and its widgets without it."""
    db = tmp_path / "shop.db"
    script = f"""
import sys
from click.testing import CliRunner
from socialproof.app import create_app
from socialproof.cli import cli
from socialproof.config import Settings
from tests.client import TestClient

made = CliRunner().invoke(cli, ["shop", "create", "kahvi", "--name", "Kahvi Oy", "--db", {str(db)!r}])
assert made.exit_code == 0, made.output
with TestClient(create_app(Settings(db_path={str(db)!r}))) as client:
    assert client.get("/w/kahvi/reviews?product=P1").status_code == 200
print(sorted(name for name in sys.modules if name.startswith("psycopg")))
"""
    ran = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == "[]"
