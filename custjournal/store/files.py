"""Moving journal files aside: a damaged file is renamed with its side files, never written."""

from __future__ import annotations

import os
from pathlib import Path


def set_aside(path: Path) -> Path:
    """Rename a damaged journal (and its side files) out of the way, never writing to it."""
    target = path.with_name(path.name + ".damaged")
    n = 2
    while target.exists():
        target = path.with_name(f"{path.name}.damaged-{n}")
        n += 1
    os.replace(path, target)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            os.replace(side, target.with_name(target.name + suffix))
    return target


def create_private(path: Path) -> Path:
    """Create (or empty) a file only its owner can read, for a writer that opens it by name."""
    if not path.parent.is_dir():
        raise FileNotFoundError(2, "the folder does not exist", str(path.parent))
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    path.chmod(0o600)  # an existing file keeps its old mode through O_CREAT
    return path


def write_private(path: Path, data: str | bytes) -> Path:
    """Write an export readable by its owner only, atomically: it holds customer data."""
    if not path.parent.is_dir():
        raise FileNotFoundError(2, "the folder does not exist", str(path.parent))
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data.encode("utf-8") if isinstance(data, str) else data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    path.chmod(0o600)
    return path


def today_cache_file(journal: Path) -> Path:
    """Where the window keeps what Today showed last (derived data, safe to delete)."""
    return journal.with_name(f".{journal.name}.today.json")
