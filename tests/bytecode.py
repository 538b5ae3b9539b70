"""Where the test processes keep their bytecode: loaded by ``-p tests.bytecode`` (setup.cfg's addopts),
before pytest imports its plugins.

Where PYTHONDONTWRITEBYTECODE is set (this machine sets it), every test process compiled the package and
pytest rewrote the asserts of every test module, and of every module of its plugins (schemathesis,
hypothesis, anyio, xdist: 250 modules, imported before any conftest), from source on every run: seconds
of each process's start on every run of the fast loop. The tests keep their bytecode under
.pytest_cache instead, never beside the sources: the test processes, and the processes they start
(`serve`, `demo`, the nodes of a cluster, the CLI), which compiled the package's 270 modules afresh at
each start (0.2 s of its CPU).
"""

import os
import sys
from pathlib import Path

if sys.dont_write_bytecode and sys.pycache_prefix is None:
    sys.pycache_prefix = str(Path(__file__).resolve().parent.parent / ".pytest_cache" / "pycache")
    sys.dont_write_bytecode = False
    os.environ["PYTHONPYCACHEPREFIX"] = sys.pycache_prefix
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
