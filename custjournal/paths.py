"""Where custjournal finds its shipped resources and the user's data folder."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "custjournal"
RESOURCES = Path(__file__).resolve().parent.parent / "resources"


def data_dir() -> Path:
    """The per-user data folder, created private (0700) on first use."""
    path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    path.chmod(0o700)
    return path


def config_dir() -> Path:
    """The per-user settings folder of this computer (not any journal's); not created here:
    whoever writes into it does (store.local_settings)."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def default_db_url() -> str:
    return f"sqlite:///{data_dir() / 'journal.db'}"
