"""A journal's passphrase remembered in the operating system's keyring, when the user allows.

Only ever used on request (`encrypt --remember`, or the window's "remember" box). Without a
keyring backend (a headless server, a minimal desktop) remembering is refused with a clear
message and recalling finds nothing: the passphrase is then asked for as usual.
"""

from __future__ import annotations

from pathlib import Path

SERVICE = "custjournal"


class KeyringUnavailable(RuntimeError):
    """No usable keyring on this machine; the passphrase cannot be remembered."""


def _keyring():  # type: ignore[no-untyped-def]
    try:
        import keyring  # noqa: PLC0415 - optional at run time
        from keyring.backends import fail  # noqa: PLC0415
    except ImportError:
        return None
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 1) <= 0:
        return None
    return keyring


def _account(path: Path) -> str:
    return str(path.expanduser().resolve())


def available() -> bool:
    return _keyring() is not None


def remember(path: Path, passphrase: str) -> None:
    keyring = _keyring()
    if keyring is None:
        raise KeyringUnavailable(
            "no system keyring is available here; the passphrase will be asked for each time"
        )
    keyring.set_password(SERVICE, _account(path), passphrase)


def recall(path: Path) -> str | None:
    keyring = _keyring()
    if keyring is None:
        return None
    try:
        return keyring.get_password(SERVICE, _account(path))
    except Exception:  # noqa: BLE001 - a locked or broken keyring: ask the user instead
        return None


def forget(path: Path) -> None:
    keyring = _keyring()
    if keyring is None:
        return
    try:
        keyring.delete_password(SERVICE, _account(path))
    except Exception:  # noqa: BLE001 - nothing remembered is fine
        return
