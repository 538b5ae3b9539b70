"""Where photo files live: a small interface, and its local-folder implementation.

Files are immutable and named by content hash, so an object store can take
this interface's place without touching anything else. Local writes are
atomic: a temporary file in the same folder, synced, then renamed.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Protocol


class PhotoStorage(Protocol):
    def put(self, name: str, data: bytes) -> bool:
        """Store ``data`` as ``name``; False when it was there already."""

    def get(self, name: str) -> bytes | None: ...

    def delete(self, name: str) -> None: ...


class LocalStorage:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _path(self, name: str) -> Path:
        if "/" in name or "\\" in name or name.startswith("."):
            raise ValueError(f"not a photo file name: {name!r}")
        return self.root / name

    def put(self, name: str, data: bytes) -> bool:
        path = self._path(name)
        if path.exists():
            return False
        self.root.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return True

    def get(self, name: str) -> bytes | None:
        try:
            return self._path(name).read_bytes()
        except (FileNotFoundError, ValueError):
            return None

    def delete(self, name: str) -> None:
        self._path(name).unlink(missing_ok=True)
