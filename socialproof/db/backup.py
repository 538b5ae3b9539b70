"""A consistent copy of the database while it is being served.

SQLite's online backup API copies pages under a read transaction, so the copy
is one moment's state even while the writer keeps writing. It is written
beside its destination and renamed into place, so a half-written backup is
never mistaken for a whole one. Photos are immutable files named by content
hash: copy the photo folder with any tool, before or after.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path


def backup(source: Path, destination: Path) -> int:
    """Copy ``source`` to ``destination``; the number of pages copied."""
    destination = destination.resolve()
    destination.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=destination.parent, prefix=f".{destination.name}.", suffix=".partial")
    os.close(fd)
    try:
        with sqlite3.connect(f"file:{source.resolve()}?mode=ro", uri=True) as src, sqlite3.connect(tmp) as dst:
            src.backup(dst, pages=1024)
            pages = dst.execute("PRAGMA page_count").fetchone()[0]
            if dst.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise RuntimeError("the copy failed its integrity check")
        os.replace(tmp, destination)
        return pages
    finally:
        Path(tmp).unlink(missing_ok=True)
