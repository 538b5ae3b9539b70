"""The README is the new user's manual: what it promises must be true."""

import re
from pathlib import Path

from socialproof.config import settings_help

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def command_after(marker: str) -> str:
    match = re.search(rf"<!-- {marker} -->\n```sh\n(.+?)\n```", README)
    assert match, f"README has no code block after <!-- {marker} -->"
    return match.group(1)


def test_ci_runs_exactly_the_readmes_test_command():
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    assert command_after("test-command") in ci


def test_readme_demo_command_installs_and_starts_the_demo():
    command = command_after("demo-command")
    assert "pip install ." in command and command.endswith("socialproof demo")


def test_every_setting_is_documented():
    for variable, _default, help_text in settings_help():
        assert f"| `{variable}` |" in README and help_text in README, variable


def test_screenshot_exists():
    assert (ROOT / "docs" / "demo.png").stat().st_size > 10_000
