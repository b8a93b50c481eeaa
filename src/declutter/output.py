"""Writing results safely: atomically, and never over an input."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from declutter.errors import DeclutterError


class OutputError(DeclutterError):
    """An output path is unusable (it is an input, or cannot be written)."""


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file and a rename.

    An interrupted run leaves either the old file or the new one, never half of one.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)  # only still there if the rename did not happen
