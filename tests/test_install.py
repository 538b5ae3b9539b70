"""A plain, non-editable install serves the widgets and the embed script.

Builds the wheel, installs it into a new virtual environment and runs the
installed command from a folder where the source checkout can't be imported:
a widget or script that only exists in the checkout fails here.
"""

from __future__ import annotations

import os
import site
import subprocess
import sys
import venv
from pathlib import Path

import httpx2 as httpx
import pytest

from tests.support import answers, free_port, stop, wait_until

pytestmark = pytest.mark.served  # starts processes beside the test

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_install_serves_widgets_and_embed_js(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheel = next(wheels.glob("socialproof-*.whl"))

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps", str(wheel)],
        check=True,
        capture_output=True,
    )
    # Dependencies come from this environment (no network needed), but after
    # the new environment's own site-packages, where the wheel was installed.
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(purelib, "deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")

    command = env_dir / "bin" / "socialproof"
    run_dir = tmp_path / "elsewhere"
    run_dir.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "SOCIALPROOF_DB")}
    where = subprocess.run(
        [str(python), "-c", "import socialproof; print(socialproof.__file__)"],
        cwd=run_dir,
        check=True,
        capture_output=True,
        text=True,
        env=env,
    ).stdout
    assert str(env_dir) in where, f"imported from {where}, not from the install"

    db = str(run_dir / "shop.db")
    subprocess.run(
        [str(command), "shop", "create", "kauppa", "--name", "Kauppa", "--db", db],
        cwd=run_dir,
        check=True,
        capture_output=True,
        env=env,
    )
    port = free_port()
    server = subprocess.Popen(
        [str(command), "serve", "--port", str(port), "--db", db],
        cwd=run_dir,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until(lambda: answers(base), timeout=20, what="the installed server to start")
        embed = httpx.get(f"{base}/embed.js")
        assert embed.status_code == 200 and "data-socialproof" in embed.text
        widget = httpx.get(f"{base}/w/kauppa/reviews?product=P1&lang=en")
        assert widget.status_code == 200 and "Customer reviews" in widget.text
        batch = httpx.get(f"{base}/w/kauppa?w=stars~P1").json()
        assert "Ei vielä arvosteluja" in batch["widgets"][0]["html"] and ".sp-star" in batch["css"]
    finally:
        stop(server)
