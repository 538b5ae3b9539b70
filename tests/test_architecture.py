"""The rules of the house that no linter holds by itself: every package ships, every module has a place."""

from __future__ import annotations

import configparser
from pathlib import Path

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
