"""The test suite. Imported before any test module, so the bytecode cache below covers them all.

Where PYTHONDONTWRITEBYTECODE is set (this machine sets it), every test process compiled the
package and pytest rewrote every test module's asserts from source on every run: about 3.5 s
of each xdist worker's start, on every run of the fast loop. The tests keep their bytecode
under .pytest_cache instead, never beside the sources, and only in the test processes.
"""

import sys
from pathlib import Path

if sys.dont_write_bytecode and sys.pycache_prefix is None:
    sys.pycache_prefix = str(Path(__file__).resolve().parent.parent / ".pytest_cache" / "pycache")
    sys.dont_write_bytecode = False
