"""Python's own time formatting stays English inside the window."""

from __future__ import annotations

import locale


def english_times() -> None:
    """Times written by Python in English again, as in the command line.

    Creating the application sets the C library's locale to the desktop's, so every
    strftime("%a %d %b") in the window (reasons, reviews, the backups list) came out as
    "Mo 23 Nov" on a German desktop, mixed into English sentences. Qt's own widgets use
    QLocale and keep following the desktop.
    """
    locale.setlocale(locale.LC_TIME, "C")
