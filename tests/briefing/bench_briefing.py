"""Time to build and render the busiest customer's briefing in a generated journal.

Run: python -m tests.briefing.bench_briefing [--customers 200] [--notes 100000]
(not collected by pytest; the figures go into the report of the change that measures them).
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import insert

from custjournal.domain import (
    Commitment,
    Contact,
    Customer,
    CustomerQuestion,
    Interaction,
    Project,
    ProjectChange,
    ScopeAddition,
)
from custjournal.domain.enums import (
    Channel,
    CommitmentKind,
    CommitmentStatus,
    Direction,
    InteractionKind,
    ProjectField,
    ProjectStatus,
    Stage,
)
from custjournal.services.briefing import build_briefing
from custjournal.services.etiquette import install_starter_pack
from custjournal.services.render.briefing_html import render_briefing_html
from custjournal.services.render.briefing_md import render_briefing_markdown
from custjournal.store import Journal

NOW = datetime(2026, 11, 23, 10, tzinfo=UTC)
COUNTRIES = ["FI", "DE", "JP", "US", "BR", "IN", "AE", "NG", "GB", "FR"]


def generate(journal: Journal, customers: int, notes: int) -> int:
    """Customer 1 is the busiest: a quarter of all notes and most commitments."""
    rnd = random.Random(7)
    install_starter_pack(journal)
    with journal.transaction() as s:
        s.execute(
            insert(Customer),
            [
                {
                    "name": f"Customer {i:05d}",
                    "stage": Stage.ACTIVE,
                    "country": COUNTRIES[i % len(COUNTRIES)],
                    "timezone": "Europe/Helsinki",
                    "root_need": "Fewer surprises",
                    "created_at": NOW,
                }
                for i in range(1, customers + 1)
            ],
        )
        s.execute(
            insert(Contact),
            [
                {"customer_id": c, "name": f"Person {c}-{k}", "form_of_address": f"Dr. P{k}"}
                for c in range(1, customers + 1)
                for k in range(3)
            ],
        )
        rows = []
        for n in range(notes):
            cid = 1 if n % 4 == 0 else rnd.randint(2, customers)
            when = NOW - timedelta(minutes=rnd.randint(1, 10 * 365 * 24 * 60))
            rows.append(
                {
                    "customer_id": cid,
                    "occurred_at": when,
                    "timezone": "UTC",
                    "kind": InteractionKind.CALL,
                    "channel": Channel.PHONE,
                    "title": f"Call {n}",
                    "body": "We talked about **the plan**.\n\n- item one\n- item two\n" * 3,
                    "created_at": when,
                }
            )
        s.execute(insert(Interaction), rows)
        s.execute(
            insert(CustomerQuestion),
            [
                {"interaction_id": i, "text": f"Question {i}", "topic": f"topic-{i % 40}"}
                for i in range(1, notes, 40)
            ],
        )
        s.execute(
            insert(Commitment),
            [
                {
                    "uid": f"bench-{k}",
                    "customer_id": 1 if k % 3 == 0 else rnd.randint(2, customers),
                    "kind": CommitmentKind.PROMISE,
                    "direction": Direction.MINE if k % 2 else Direction.THEIRS,
                    "title": f"Promise {k}",
                    "due_at": NOW + timedelta(hours=rnd.randint(-2000, 2000)),
                    "timezone": "Europe/Helsinki",
                    "status": CommitmentStatus.OPEN if k % 5 else CommitmentStatus.DONE,
                    "created_at": NOW,
                }
                for k in range(3000)
            ],
        )
        s.add(
            Commitment(
                uid="bench-meeting",
                customer_id=1,
                kind=CommitmentKind.APPOINTMENT,
                title="Steering group",
                due_at=NOW + timedelta(days=2),
                timezone="Europe/Helsinki",
                duration_minutes=60,
                channel=Channel.IN_PERSON,
                location="HQ",
                created_at=NOW,
            )
        )
        for p in range(5):
            project = Project(
                customer_id=1,
                name=f"Project {p}",
                status=ProjectStatus.RUNNING,
                price=Decimal("50000.00"),
                start_date=date(2026, 1, 1),
                end_date=date(2027, 6, 30),
                scope="Everything",
                success_criteria="Happy",
                created_at=NOW,
            )
            s.add(project)
            s.flush()
            for k in range(20):
                s.add(
                    ProjectChange(
                        project_id=project.id,
                        field=ProjectField.PRICE,
                        changed_at=NOW - timedelta(days=100 - k),
                        old_amount=Decimal(40000 + 500 * k),
                        new_amount=Decimal(40500 + 500 * k),
                    )
                )
                s.add(
                    ScopeAddition(
                        project_id=project.id,
                        added_at=NOW - timedelta(days=50 - k),
                        description=f"Extra {k}",
                        extra_price=Decimal(100) if k % 2 else None,
                        customer_agreed=bool(k % 2),
                    )
                )
    return 1


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=200)
    parser.add_argument("--notes", type=int, default=100_000)
    parser.add_argument("--pdf", action="store_true", help="also time the PDF")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    journal = Journal.open(f"sqlite:///{folder / 'bench.db'}")
    started = time.perf_counter()
    cid = generate(journal, args.customers, args.notes)
    print(
        f"generated {args.notes} notes, {args.customers} customers "
        f"in {time.perf_counter() - started:.1f} s"
    )
    for attempt in range(3):
        t0 = time.perf_counter()
        briefing = build_briefing(journal, customer_id=cid, now=NOW)
        t1 = time.perf_counter()
        render_briefing_markdown(briefing)
        t2 = time.perf_counter()
        html = render_briefing_html(briefing)
        t3 = time.perf_counter()
        print(
            f"run {attempt + 1}: build {1000 * (t1 - t0):.0f} ms, markdown "
            f"{1000 * (t2 - t1):.0f} ms, html {1000 * (t3 - t2):.0f} ms, "
            f"risks {len(briefing.risks)}"
        )
    if args.pdf:
        from custjournal.gui.pdf import write_pdf

        t4 = time.perf_counter()
        write_pdf(html, folder / "bench.pdf")
        print(f"pdf {1000 * (time.perf_counter() - t4):.0f} ms")


if __name__ == "__main__":
    main()
