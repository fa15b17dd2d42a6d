"""Drafts of notes being written, saved as you type, so a crash never loses an edit in progress."""

from __future__ import annotations

import json
import os
import re
from datetime import datetime
from pathlib import Path
from typing import Any

from custjournal.paths import data_dir
from custjournal.store import Journal


def drafts_dir(journal: Journal) -> Path:
    """Beside the journal file (private, like it); in the data folder for a server journal."""
    base = journal.path
    folder = base.with_name(base.name + ".drafts") if base else data_dir() / "drafts"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


class DraftStore:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _file(self, key: str) -> Path:
        return self.folder / (re.sub(r"[^A-Za-z0-9_-]", "_", key) + ".json")

    def save(self, key: str, fields: dict[str, Any], *, at: datetime) -> None:
        path = self._file(key)
        temp = path.with_suffix(".tmp")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"saved_at": at.isoformat(), "fields": fields}, handle, ensure_ascii=False)
        os.replace(temp, path)

    def load(self, key: str) -> tuple[dict[str, Any], str] | None:
        try:
            data = json.loads(self._file(key).read_text(encoding="utf-8"))
            return dict(data["fields"]), str(data.get("saved_at", ""))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def discard(self, key: str) -> None:
        self._file(key).unlink(missing_ok=True)
