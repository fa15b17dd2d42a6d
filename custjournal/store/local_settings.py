"""This computer's own settings file, apart from any journal: JSON in the user's settings
folder (services.profile says what may be in it)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from custjournal import paths
from custjournal.store.files import write_private

FILE_NAME = "profile.json"


def location() -> Path:
    return paths.config_dir() / FILE_NAME


def read() -> dict[str, Any]:
    """The stored values ({} when there is no file); ValueError for a file that is not a JSON
    object, OSError for one that cannot be read."""
    try:
        text = location().read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    return data


def write(values: dict[str, Any]) -> Path:
    """Replace the stored values, readable by this user only (OSError if it cannot)."""
    target = location()
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    target.parent.chmod(0o700)
    return write_private(target, json.dumps(values, indent=2, sort_keys=True) + "\n")
