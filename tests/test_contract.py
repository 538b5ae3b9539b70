"""Every command the public contract names runs as written (docs/CONTRACT.md, a copy of ../shared/CONTRACT.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from socialproof.cli import cli

ROOT = Path(__file__).resolve().parents[1]
CONTRACT = ROOT / "docs" / "CONTRACT.md"
SHARED = ROOT.parent / "shared" / "CONTRACT.md"  # beside the working copy the team works in, not in a clone


# Issues the contract already names whose commands are still to be built; a command that arrives
# fails its strict xfail, and its issue leaves this list.
NOT_BUILT_YET: set[str] = set()


def commands() -> list[pytest.param]:
    found = {}
    for line in CONTRACT.read_text().splitlines():
        issue = re.search(r"\(issue: ([^)]+)\)", line)
        for command in re.findall(r"`(socialproof [^`]+)`", line):
            found[command] = issue.group(1) if issue else ""
    return [
        pytest.param(
            command,
            id=command.replace("\\|", "|"),
            marks=[pytest.mark.xfail(strict=True, reason=f"issue: {issue}")] if issue in NOT_BUILT_YET else [],
        )
        for command, issue in sorted(found.items())
    ]


def words_and_options(command: str) -> tuple[list[str], list[str]]:
    """('socialproof shop set SLUG --logo FILE') -> (['shop', 'set'], ['--logo'])."""
    words = []
    for token in command.split()[1:]:
        if not re.fullmatch(r"[a-z][a-z-]*", token):
            break
        words.append(token)
    return words, re.findall(r"--[a-z][a-z-]*", command)


def test_the_copy_of_the_contract_is_the_contract():
    if SHARED.exists():  # a fresh clone has only the copy; the team's working copy has both
        assert CONTRACT.read_text() == SHARED.read_text(), "copy ../shared/CONTRACT.md to docs/CONTRACT.md"
    assert len(commands()) >= 25


@pytest.mark.parametrize("command", commands())
def test_every_command_of_the_contract_takes_its_options_as_written(command):
    words, options = words_and_options(command)
    shown = CliRunner().invoke(cli, [*words, "--help"])
    assert shown.exit_code == 0, f"{command}: {shown.output}"
    usage = shown.output
    for option in [*options, "--db"]:
        assert re.search(rf"(^|[\s,/\[]){re.escape(option)}\b", usage, re.MULTILINE), f"{command}: no {option}"
    for option, choices in re.findall(r"(--[a-z-]+) ([a-z]+(?:\\?[|/][a-z]+)+)", command):
        for choice in re.split(r"\\?[|/]", choices):
            assert choice in usage, f"{command}: {option} does not take {choice}"
