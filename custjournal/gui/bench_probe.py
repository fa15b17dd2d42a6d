"""Child process of the benchmark: start a window (the app's, or a bare baseline) and report.

Run as `python -m custjournal.gui.bench_probe MODE URL NOW` with MODE one of `app` (cold
start, through the command line's start-up, until Today is filled and the window has painted
it, then until its risks are fresh), `baseline` (the floor
this stack allows: PySide6 + the SQLAlchemy ORM, one query, an empty window) or `browse` (the
app, then the customer list and the busiest customer's timeline: rows loaded and peak memory).
Qt is imported inside the functions; it lives under gui/ because it drives Qt (the dependency
rule).
"""

from __future__ import annotations

import gc
import json
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

STARTED = time.perf_counter()


def _peak_rss_mb() -> float:
    """This process's peak resident memory, in MB."""
    # VmHWM starts afresh at exec; ru_maxrss would carry over the benchmark parent's peak.
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _wait(app: Any, done: Callable[[], bool], timeout: float = 300.0) -> None:
    limit = time.perf_counter() + timeout
    while not done():
        app.processEvents()
        if time.perf_counter() > limit:
            raise TimeoutError("the window did not finish loading")
        time.sleep(0.002)


def _report(**figures: Any) -> None:
    figures["elapsed_s"] = time.perf_counter() - STARTED
    figures["peak_rss_mb"] = _peak_rss_mb()
    print(json.dumps(figures), flush=True)


def baseline(url: str) -> None:
    # A floor carries no cost the app avoids: the collector off for the imports, and the ORM
    # imported before PySide6 (as cli.main and cli.window_app do). After PySide6 its import
    # hook reads every module's source again: the ORM took 0.55 s instead of 0.42 s.
    gc.disable()
    # The SQLAlchemy ORM, not the app's models: those are the app's own work (it creates
    # them after its first paint, on its worker).
    from sqlalchemy import create_engine, text
    from sqlalchemy.orm import Session

    # isort: split
    from PySide6.QtWidgets import QApplication, QMainWindow

    gc.enable()

    app = QApplication([sys.argv[0]])
    engine = create_engine(url)
    with Session(engine) as session:
        session.execute(text("SELECT count(*) FROM customers")).scalar()
    window = QMainWindow()
    window.resize(1200, 800)
    window.show()
    window.repaint()
    app.processEvents()
    _report(mode="baseline", painted_s=time.perf_counter() - STARTED)


def _count_paints(widget: Any, ready: Callable[[], bool]) -> Any:
    """An event filter counting `widget`'s paint events from when `ready()` is true."""
    from PySide6.QtCore import QEvent, QObject

    class Paints(QObject):
        count = 0

        def eventFilter(self, _watched: Any, event: Any) -> bool:  # Qt's name
            if event.type() == QEvent.Type.Paint and ready():
                self.count += 1
            return False

    paints = Paints(widget)  # the widget's child: lives as long as it
    widget.installEventFilter(paints)
    return paints


def _open_app(url: str, now: datetime) -> tuple[Any, Any, float, float]:
    """(app, window, seconds to Today painted, seconds to its risks fresh) since start."""
    # The way `custjournal --db URL` starts (custjournal.cli.main): the command line first,
    # the cyclic collector off for the start-up imports, the window's fast path and its
    # imports (cli.window_app), then gui.app.run's show_window.
    from custjournal.cli import window_app, window_db

    gc.disable()  # the window's collector takes over in create_window (gui/collector.py)
    assert window_db(["--db", url]) == url
    gui_app = window_app()
    from PySide6.QtCore import QSettings

    from custjournal.store import Journal

    app = gui_app.ensure_app([sys.argv[0]])
    journal = Journal.open(url, backup=False)
    # A throwaway file: QSettings saves by writing a new file and renaming it over the old
    # one, which as root replaced /dev/null itself with a plain file.
    ini = Path(tempfile.mkdtemp(prefix="custjournal-bench-")) / "window.ini"
    settings = QSettings(str(ini), QSettings.Format.IniFormat)
    window = gui_app.show_window(journal, clock=lambda: now, qsettings=settings)
    window.resize(1200, 800)
    window.show_view("today")
    today = window.views["today"]
    # Filled (the agenda and risks, the last start's when nothing changed since) and then
    # painted by the window itself: the first paint of Today after it was filled. The event
    # loop paints the whole window in one go, so its tables are done when this returns.
    paints = _count_paints(today, lambda: today.painted >= 1)
    _wait(app, lambda: paints.count >= 1)
    painted = time.perf_counter() - STARTED
    _wait(app, lambda: today.loads >= 1)  # and the rules' fresh verdict
    window.repaint()
    app.processEvents()
    return app, window, painted, time.perf_counter() - STARTED


def app_start(url: str, now: datetime) -> None:
    _app, _window, painted, fresh = _open_app(url, now)
    _report(mode="app", painted_s=painted, fresh_s=fresh)


def browse(url: str, now: datetime, customer_id: int) -> None:
    app, window, _painted, _fresh = _open_app(url, now)
    started = time.perf_counter()
    window.show_view("customers")
    customers = window.views["customers"]
    _wait(app, lambda: customers.loads >= 1)
    table = customers.table
    table.scrollToBottom()  # a user flicking to the end of the list: one more page, not all
    app.processEvents()
    customer_list = {"loaded": customers.model.loaded, "total": customers.model.total}
    list_s = time.perf_counter() - started
    _wait(app, lambda: not window.ctx.busy)  # the start's evaluations share the one Python
    scroll = _scroll_frames(app, table)
    scroll_floor = _scroll_frames(app, _plain_copy(table))
    started = time.perf_counter()
    window.show_customer(customer_id)
    workspace = window.views["workspace"]
    _wait(app, lambda: workspace.loads >= 1 and workspace.data is not None)
    timeline = {"loaded": len(workspace.notes), "total": workspace.data.note_total}
    _report(
        mode="browse",
        customer_list=customer_list,
        customer_list_s=list_s,
        scroll_frame_ms=scroll,
        scroll_floor_ms=scroll_floor,
        timeline=timeline,
        timeline_s=time.perf_counter() - started,
    )


def _scroll_frames(app: Any, table: Any, frames: int = 40) -> float:
    """Median milliseconds to scroll `table` a few rows and repaint it (best of three runs
    of `frames` frames; the first ten unmeasured)."""
    bar = table.verticalScrollBar()
    top = max(1, min(bar.maximum(), 60))

    def run(count: int) -> float:
        spent = []
        for step in range(count):
            begun = time.perf_counter()
            bar.setValue(step * 7 % top)
            table.viewport().repaint()
            spent.append(time.perf_counter() - begun)
        app.processEvents()
        return sorted(spent)[count // 2] * 1000

    run(10)
    return min(run(frames) for _ in range(3))


def _plain_copy(table: Any) -> Any:
    """A bare QTableWidget of the same size showing the same texts: what painting those
    cells costs when no Python runs per cell (the floor for scrolling)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QTableWidget

    model = table.model()
    rows, columns = model.rowCount(), model.columnCount()
    copy = QTableWidget(rows, columns)
    cells = copy.model()
    # Through the widget's model, not setItem: PySide6 6.12.0's setItem (and appendRow)
    # releases a reference to None per call, which crashes Python after a few thousand.
    for row in range(rows):
        for column in range(columns):
            text = model.index(row, column).data(Qt.ItemDataRole.DisplayRole)
            cells.setData(cells.index(row, column), str(text or ""))
    copy.setAlternatingRowColors(table.alternatingRowColors())
    copy.resize(table.size())
    copy.show()
    return copy


def main(argv: list[str]) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    mode, url = argv[0], argv[1]
    now = datetime.fromisoformat(argv[2]) if len(argv) > 2 else None
    if mode == "baseline":
        baseline(url)
    elif mode == "app":
        assert now is not None
        app_start(url, now)
    elif mode == "browse":
        assert now is not None
        browse(url, now, int(argv[3]))
    else:
        raise SystemExit(f"unknown mode {mode!r}")
    sys.stdout.flush()
    os._exit(0)  # skip Qt teardown: only the start matters here


if __name__ == "__main__":
    main(sys.argv[1:])
