"""`python -m custjournal.bench [--size decade|stress] [--db URL]`: figures next to baselines."""

from __future__ import annotations

import argparse
import compileall
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import text

import custjournal
from custjournal.bench import raw
from custjournal.store import Journal
from custjournal.store.engine import sqlite_path

# The large journals are written relative to this moment, and measured at it.
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
WORDS = ("firewall", "migr", "Kavin")  # a common word, a prefix typed halfway, a rare name


def timed(fn: Callable[[], Any], repeat: int = 5) -> tuple[float, Any]:
    """Median seconds of `repeat` runs (after one warm-up run), and the last result."""
    result = fn()
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs), result


class Table:
    """The report: one line per figure, printed as it is measured."""

    def __init__(self) -> None:
        self.lines: list[tuple[str, str, str, str, str]] = []
        print(f"{'figure':44} {'value':>12} {'baseline':>12} {'ratio':>7}  target")

    def add(self, name: str, value: str, base: str = "", ratio: str = "", target: str = "") -> None:
        self.lines.append((name, value, base, ratio, target))
        print(f"{name:44} {value:>12} {base:>12} {ratio:>7}  {target}", flush=True)

    def ms(self, name: str, seconds: float, base: float | None = None, target: str = "") -> None:
        ratio = f"{seconds / base:.2f}×" if base else ""
        based = f"{base * 1000:.1f} ms" if base is not None else ""
        self.add(name, f"{seconds * 1000:.1f} ms", based, ratio, target)

    def markdown(self) -> str:
        out = ["| figure | value | baseline | ratio | target |", "|---|---:|---:|---:|---|"]
        out += ["| " + " | ".join(line) + " |" for line in self.lines]
        return "\n".join(out) + "\n"


def ensure_journal(url: str, size: str, table: Table) -> None:
    """Generate the journal once; later runs reuse it."""
    journal = Journal.open(url, backup=False)
    try:
        with journal.reading() as session:
            customers = session.execute(text("SELECT count(*) FROM customers")).scalar()
        if customers:
            return
        from custjournal.services.demo_large import build_large_demo  # noqa: PLC0415

        started, cpu = time.perf_counter(), time.process_time()
        build_large_demo(journal, now=NOW, size=size)
        table.add(
            f"write the {size} journal",
            f"{time.perf_counter() - started:.1f} s",
            f"cpu {time.process_time() - cpu:.1f} s",
            "",
            "stress < 2 min",
        )
    finally:
        journal.close()


def probe(mode: str, url: str, *extra: str) -> tuple[float, dict[str, Any]]:
    """Start a fresh process; wall seconds until it reports, and its report."""
    started = time.perf_counter()
    command = [sys.executable, "-m", "custjournal.gui.bench_probe", mode, url, NOW.isoformat()]
    out = subprocess.run(
        [*command, *extra],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    report = json.loads(out.strip().splitlines()[-1])
    return time.perf_counter() - started, report


def window_figures(url: str, busiest: int, table: Table, rounds: int) -> None:
    starts: dict[str, list[float]] = {"app": [], "fresh": [], "baseline": []}
    reports: dict[str, dict[str, Any]] = {}
    # An installed app starts from compiled modules; a checkout run with
    # PYTHONDONTWRITEBYTECODE (as on the CI machines) would compile custjournal from source
    # at every start: ~0.1 s that no user pays. Compiled once here, both kinds read them.
    compileall.compile_dir(Path(custjournal.__file__).parent, quiet=1)
    probe("app", url)  # once unmeasured: a start after a start, as a user's day has them
    for _ in range(rounds):  # alternate, so a busy moment on the machine hits both
        for mode in ("baseline", "app"):
            _seconds, reports[mode] = probe(mode, url)
            starts[mode].append(reports[mode]["painted_s"])
        starts["fresh"].append(reports["app"]["fresh_s"])
    app, base = statistics.median(starts["app"]), statistics.median(starts["baseline"])
    fresh = statistics.median(starts["fresh"])
    table.ms("cold start to painted Today (new process)", app, base, "≤ 1.3×")
    table.ms("– until its risks are freshly evaluated", fresh, base)
    _seconds, report = probe("browse", url, str(busiest))
    cl, tl = report["customer_list"], report["timeline"]
    table.add("customer list: rows loaded / total", f"{cl['loaded']} / {cl['total']}", "", "",
              "paged")  # fmt: skip
    table.add("busiest timeline: notes loaded / total", f"{tl['loaded']} / {tl['total']}", "",
              "", "paged")  # fmt: skip
    table.ms("open busiest customer's workspace", report["timeline_s"])
    table.ms("scrolling the customer list, a frame", report["scroll_frame_ms"] / 1000,
             report["scroll_floor_ms"] / 1000)  # fmt: skip
    table.add(
        "peak memory of the window (RSS)",
        f"{report['peak_rss_mb']:.0f} MB",
        f"{reports['baseline']['peak_rss_mb']:.0f} MB",
        f"{report['peak_rss_mb'] / reports['baseline']['peak_rss_mb']:.2f}×",
        "≤ 300 MB",
    )


def service_figures(journal: Journal, busiest: int, table: Table) -> None:
    from custjournal.services.briefing import build_briefing  # noqa: PLC0415
    from custjournal.services.commitments import agenda  # noqa: PLC0415
    from custjournal.services.journal import search_interactions  # noqa: PLC0415
    from custjournal.services.risk_refresh import (  # noqa: PLC0415
        evaluate_again,
        evaluate_journal,
        refresh_customer,
    )
    from custjournal.services.risks import evaluate_risks  # noqa: PLC0415

    connection = journal.engine.raw_connection()
    dbapi = connection.driver_connection
    try:
        statements = _statements(journal, lambda: evaluate_risks(journal, now=NOW))
        base, _ = timed(lambda: raw.replay(dbapi, statements), 3)
        whole, _ = timed(lambda: raw.fetch_all(dbapi, raw.RULE_FACTS), 3)
        rules, risks = timed(lambda: evaluate_risks(journal, now=NOW), 3)
        table.ms(f"all risk rules ({len(risks)} risks)", rules, base, "≤ 2×, ≤ 250 ms")
        table.ms("  vs reading every row of the tables the rules use", rules, whole)
        hour = timedelta(hours=1)
        keeping, kept = timed(lambda: evaluate_journal(journal, now=NOW, keep_for=hour), 3)
        table.ms("  the window's full pass (its reading kept for an hour)", keeping, rules)
        later = NOW + timedelta(minutes=1)
        again, _ = timed(lambda: evaluate_again(journal, kept, now=later), 3)
        table.ms("  the next minute's pass, nothing saved (on the kept reading)", again, rules,
                 "≤ 250 ms")  # fmt: skip
        for label, customer_id in (("the busiest", busiest), ("a typical", _typical(risks))):
            after, _ = timed(
                lambda c=customer_id: refresh_customer(journal, kept, customer_id=c, now=NOW), 3
            )
            table.ms(f"  after a change of {label} customer", after, rules, "≤ 250 ms")
        for word in WORDS:
            base, _ = timed(lambda w=word: raw.search_facts(dbapi, w))
            found, hits = timed(lambda w=word: search_interactions(journal, w))
            table.ms(f"search “{word}” ({len(hits)} hits shown)", found, base, "≤ 50 ms")
            page, _ = timed(lambda w=word: search_interactions(journal, w, limit=50))
            table.ms("  the window's first page (50 notes)", page, base, "≤ 50 ms")
            ids, _ = timed(lambda w=word: _search_ids(journal, w))
            table.ms("  of which finding the ids (store.search)", ids, base)
        _beside_the_rules(journal, table, lambda: evaluate_risks(journal, now=NOW))
        now_text = _db_time(journal, NOW)
        base, _ = timed(lambda: raw.briefing_facts(dbapi, busiest, now_text))
        brief, _ = timed(lambda: build_briefing(journal, customer_id=busiest, now=NOW), 3)
        table.ms("briefing of the busiest customer", brief, base, "≤ 200 ms")
        end = NOW + timedelta(days=7)
        base, _ = timed(lambda: raw.agenda_facts(dbapi, now_text, _db_time(journal, end)))
        week, items = timed(lambda: agenda(journal, start=NOW, end=end))
        table.ms(f"a week's agenda ({len(items)} items)", week, base, "≤ 50 ms")
    finally:
        connection.close()


def _beside_the_rules(journal: Journal, table: Table, rules: Callable[[], Any]) -> None:
    """The window's first page of a search typed while a full pass of the rules runs on the
    rules worker (its own thread and connection), against the same search alone."""
    from custjournal.services.journal import search_interactions  # noqa: PLC0415

    def search() -> Any:
        return search_interactions(journal, WORDS[0], limit=50)

    alone, _ = timed(search)
    runs = []
    for _ in range(5):
        started = threading.Event()

        def pass_(started: threading.Event = started) -> None:
            started.set()
            rules()

        thread = threading.Thread(target=pass_)
        thread.start()
        started.wait()
        time.sleep(0.05)  # well into the pass's reading
        begun = time.perf_counter()
        search()
        runs.append(time.perf_counter() - begun)
        thread.join()
    table.ms(f"search “{WORDS[0]}” while the rules run", statistics.median(runs), alone,
             "≤ 50 ms")  # fmt: skip


def _statements(journal: Journal, work: Callable[[], Any]) -> list[tuple[str, Any]]:
    """The SQL `work` sends to the driver, with its parameters, to replay on the bare driver:
    the same facts, read without SQLAlchemy, records or rules."""
    from sqlalchemy import event  # noqa: PLC0415

    seen: list[tuple[str, Any]] = []

    def keep(_conn: Any, _cursor: Any, statement: str, params: Any, *_: Any) -> None:
        seen.append((statement, params))

    event.listen(journal.engine, "before_cursor_execute", keep)
    try:
        work()
    finally:
        event.remove(journal.engine, "before_cursor_execute", keep)
    return seen


def _typical(risks: list[Any]) -> int:
    """The customer with the median number of risks (of those who have any)."""
    counts = Counter(r.customer_id for r in risks if r.customer_id is not None)
    ranked = sorted(counts, key=lambda c: (counts[c], c))
    return ranked[len(ranked) // 2]


def _search_ids(journal: Journal, word: str) -> list[int]:
    from custjournal.store.search import search_ids  # noqa: PLC0415

    with journal.reading() as session:
        return search_ids(session, word)


def _db_time(journal: Journal, moment: datetime) -> str:
    # How UTCDateTime stores a time on SQLite (text compares in time order).
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.000000")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m custjournal.bench", description=__doc__)
    parser.add_argument("--size", choices=("decade", "stress"), default="decade")
    parser.add_argument("--db", metavar="URL", help="journal to measure (generated if empty)")
    parser.add_argument("--rounds", type=int, default=3, help="cold starts of each kind")
    parser.add_argument("--no-window", action="store_true", help="skip the window figures")
    parser.add_argument("--window-only", action="store_true", help="only the window figures")
    parser.add_argument("--markdown", metavar="FILE", help="also write the table as Markdown")
    args = parser.parse_args(argv)
    url = args.db or f"sqlite:////tmp/custjournal-bench-{args.size}.db"
    table = Table()
    if hasattr(os, "getloadavg"):
        print(f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores at start)")
    ensure_journal(url, args.size, table)
    journal = Journal.open(url, backup=False)
    try:
        with journal.reading() as session:
            busiest = int(session.execute(text(raw.BUSIEST)).scalar() or 1)
        if not args.window_only:
            service_figures(journal, busiest, table)
    finally:
        journal.close()  # the window processes take the journal's lock themselves
    if not args.no_window:
        window_figures(url, busiest, table, args.rounds)
    if args.markdown:
        Path(args.markdown).write_text(table.markdown(), encoding="utf-8")
    if sqlite_path(url) is None:
        print("(PostgreSQL: baselines read through psycopg, not sqlite3)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
