"""Where the widget templates, static files and examples live.

In a source checkout they sit beside the package (``../widgets``); in an
installed wheel setup.cfg maps them into it (``socialproof/widgets``).
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    installed = PACKAGE_DIR / name
    if installed.is_dir():
        return installed
    checkout = PACKAGE_DIR.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"socialproof resource folder {name!r} is missing from the install")


WIDGETS_DIR = resource_dir("widgets")
STATIC_DIR = resource_dir("static")
EXAMPLES_DIR = resource_dir("examples")
LOCALE_DIR = PACKAGE_DIR / "locale"
# The workspace's pages are not widgets: they live beside the routes that serve them.
WORKSPACE_TEMPLATES_DIR = PACKAGE_DIR / "web" / "workspace" / "templates"
