"""The dependency rule: nothing below gui/ needs Qt; only gui/ imports PySide6 at module level."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from .conftest import REPO, cli_env

PACKAGE = REPO / "custjournal"

# Runs in a fresh interpreter: PySide6 made unimportable, then every module outside gui/.
IMPORT_ALL = r"""
import importlib, json, pkgutil, sys

class NoQt:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("PySide6", "shiboken6"):
            raise ImportError(f"{name} is blocked for this test")
        return None

sys.meta_path.insert(0, NoQt())
import custjournal

def walk(package, prefix):
    for info in pkgutil.iter_modules(package.__path__, prefix):
        if info.name.startswith("custjournal.gui") or info.name.endswith("__main__"):
            continue
        yield info.name
        if info.ispkg:
            yield from walk(importlib.import_module(info.name), info.name + ".")

names, failed = [], []
for name in walk(custjournal, "custjournal."):
    names.append(name)
    try:
        importlib.import_module(name)
    except Exception as exc:
        failed.append(f"{name}: {type(exc).__name__}: {exc}")
try:
    import PySide6.QtCore
    blocked = False
except ImportError:
    blocked = True
qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
print(json.dumps({"names": names, "failed": failed, "qt": qt, "blocked": blocked}))
"""


def test_everything_below_gui_imports_without_pyside6() -> None:
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_ALL],
        capture_output=True,
        text=True,
        env=cli_env(),
        cwd=REPO,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.splitlines()[-1])
    assert report["blocked"], "the PySide6 blocker did not work"
    assert report["failed"] == []
    assert report["qt"] == []
    names = set(report["names"])
    for expected in (
        "custjournal.domain.times",
        "custjournal.store.journal",
        "custjournal.services.commitments",
        "custjournal.services.interchange.json_format",
        "custjournal.cli.cmd_agenda",
        "custjournal.rules",
    ):
        assert expected in names


MODULE_LEVEL_QT = re.compile(r"^(?:import\s+PySide6\b|from\s+PySide6\b)", re.M)


def test_no_module_outside_gui_imports_pyside6_at_module_level() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] == "gui":
            continue
        for match in MODULE_LEVEL_QT.finditer(path.read_text(encoding="utf-8")):
            line = path.read_text(encoding="utf-8").count("\n", 0, match.start()) + 1
            offenders.append(f"custjournal/{relative}:{line}")
    assert offenders == []


def test_the_grep_would_catch_an_offender() -> None:
    assert MODULE_LEVEL_QT.search("x = 1\nfrom PySide6.QtCore import Qt\n")
    assert MODULE_LEVEL_QT.search("import PySide6\n")
    assert not MODULE_LEVEL_QT.search("def f():\n    from PySide6.QtCore import Qt\n")
