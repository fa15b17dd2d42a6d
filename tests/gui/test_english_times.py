"""The window writes times in English whatever the desktop's language, like the CLI."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
import locale
from custjournal.gui.app import ensure_app
ensure_app()
print(locale.setlocale(locale.LC_TIME))
"""


def test_the_application_leaves_python_times_in_english() -> None:
    # Creating a QApplication adopts the desktop's locale for the C library (here C.UTF-8,
    # the one non-C locale every machine has); Python's strftime would follow it.
    env = dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8", QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip().splitlines()[-1] == "C"
