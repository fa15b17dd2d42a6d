"""A small journal built through the ORM: one customer met soon, one finished project."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

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
    Mood,
    ProjectField,
    ProjectStatus,
    Stage,
    Temperament,
)
from custjournal.services.etiquette import add_reminder, install_starter_pack
from custjournal.services.settings import set_setting
from custjournal.store import Journal

EVIL_BODY = (
    "Discussed **VAT rounding** again.\n\n"
    "<script>alert('pwned')</script>\n\n"
    '<img src="http://evil.example/pixel.png">\n\n'
    "[click me](javascript:alert(1)) and [the spec](https://example.com/spec)\n\n"
    "![tracker](http://evil.example/t.gif)"
)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@dataclass(frozen=True)
class Ids:
    mills: int
    harbour: int
    kickoff: int
    erp: int
    audit: int
    anna: int


_uid = iter(range(1, 10_000))


def _commit(session, **fields) -> Commitment:
    fields.setdefault("uid", f"test-{next(_uid)}@custjournal")
    fields.setdefault("created_at", utc(2026, 1, 1))
    row = Commitment(**fields)
    session.add(row)
    return row


def _note(session, customer: Customer, when: datetime, **fields) -> Interaction:
    fields.setdefault("kind", InteractionKind.CALL)
    fields.setdefault("channel", Channel.PHONE)
    fields.setdefault("title", "Call")
    row = Interaction(
        customer_id=customer.id, occurred_at=when, created_at=when, timezone="UTC", **fields
    )
    session.add(row)
    return row


def build(journal: Journal) -> Ids:
    install_starter_pack(journal)
    with journal.transaction() as s:
        set_setting(s, "user.timezone", "Europe/Lisbon")
        mills = Customer(
            name="Nordic Mills Oy",
            stage=Stage.ACTIVE,
            organisation_type="paper mill",
            temperament=Temperament.UNSURE,
            preferred_channel=Channel.PHONE,
            request="A new ERP system",
            root_need="Invoices out the same day the work is done",
            country="FI",
            timezone="Europe/Helsinki",
            created_at=utc(2026, 8, 1),
        )
        harbour = Customer(
            name="Harbour Logistics Ltd",
            stage=Stage.PAST,
            temperament=Temperament.BUSINESS_ONLY,
            country="GB",
            timezone="Europe/London",
            created_at=utc(2026, 5, 1),
        )
        s.add_all([mills, harbour])
        s.flush()
        anna = Contact(
            customer_id=mills.id,
            name="Anna Virtanen",
            role="CFO",
            form_of_address="Ms. Virtanen",
            email="anna@mills.example",
        )
        mikko = Contact(
            customer_id=mills.id, name="Mikko Laine", role="CTO", form_of_address="Mikko"
        )
        s.add_all([anna, mikko])
        erp = Project(
            customer_id=mills.id,
            name="ERP rollout",
            status=ProjectStatus.RUNNING,
            price=Decimal("11000.00"),
            start_date=date(2026, 9, 1),
            end_date=date(2027, 2, 14),
            scope="Finance and invoicing modules",
            success_criteria="Invoices sent the same day for 4 weeks",
            agreed_at=utc(2026, 8, 20),
            created_at=utc(2026, 8, 10),
        )
        s.add(erp)
        s.flush()
        s.add_all(
            [
                ProjectChange(
                    project_id=erp.id,
                    field=ProjectField.PRICE,
                    changed_at=utc(2026, 10, 5),
                    old_amount=Decimal("10000.00"),
                    new_amount=Decimal("11000.00"),
                    reason="Second warehouse",
                ),
                ProjectChange(
                    project_id=erp.id,
                    field=ProjectField.END,
                    changed_at=utc(2026, 10, 20),
                    old_date=date(2027, 1, 31),
                    new_date=date(2027, 2, 14),
                    reason="Their test data came late",
                ),
                ScopeAddition(
                    project_id=erp.id,
                    added_at=utc(2026, 10, 1),
                    description="Monthly margin report",
                    extra_price=Decimal("800.00"),
                    customer_agreed=True,
                ),
                ScopeAddition(
                    project_id=erp.id,
                    added_at=utc(2026, 11, 2),
                    description="Small data cleanup",
                    extra_price=None,
                    customer_agreed=False,
                ),
            ]
        )
        s.flush()
        kickoff = _commit(
            s,
            customer_id=mills.id,
            project_id=erp.id,
            contact_id=anna.id,
            kind=CommitmentKind.APPOINTMENT,
            title="Workshop at the mill",
            due_at=utc(2026, 11, 25, 7, 0),  # 09:00 in Helsinki, 07:00 in Lisbon
            timezone="Europe/Helsinki",
            duration_minutes=90,
            location="Mill HQ, Tampere",
            channel=Channel.IN_PERSON,
        )
        _commit(
            s,
            customer_id=mills.id,
            project_id=erp.id,
            title="Send the data migration plan",
            due_at=utc(2026, 11, 20, 15, 0),
        )
        _commit(
            s,
            customer_id=mills.id,
            project_id=erp.id,
            direction=Direction.THEIRS,
            title="Provide anonymised test data",
            due_at=utc(2026, 11, 16, 15, 0),
        )
        _commit(
            s,
            customer_id=mills.id,
            title="Draft the handover checklist",
            due_at=utc(2026, 12, 4, 15, 0),
        )
        for day in (2, 9, 16):
            n = _note(s, mills, utc(2026, 10, day, 12), title=f"Weekly call {day}")
            s.flush()
            s.add(CustomerQuestion(interaction_id=n.id, text="How is VAT rounded?", topic="vat"))
        _note(
            s,
            mills,
            utc(2026, 11, 2, 12),
            kind=InteractionKind.EMAIL,
            channel=Channel.EMAIL,
            title="Scope e-mail",
        )
        _note(s, mills, utc(2026, 11, 9, 12), title="Status call")
        _note(
            s,
            mills,
            utc(2026, 11, 19, 12),
            title="Angry call about invoices",
            body=EVIL_BODY,
            mood=Mood.UPSET,
        )
        s.flush()
        mills_id, harbour_id, kickoff_id, erp_id, anna_id = (
            mills.id,
            harbour.id,
            kickoff.id,
            erp.id,
            anna.id,
        )
        audit_id = build_audit(s, harbour)
    add_reminder(
        journal,
        scope="customer",
        customer_id=mills_id,
        category="channels",
        text="Anna reads e-mail only on Tuesday mornings; call for anything urgent.",
    )
    return Ids(mills_id, harbour_id, kickoff_id, erp_id, audit_id, anna_id)


def build_audit(s, harbour: Customer) -> int:
    """A delivered project whose figures are worked out by hand in test_retrospective.py."""
    audit = Project(
        customer_id=harbour.id,
        name="Warehouse audit",
        status=ProjectStatus.DELIVERED,
        price=Decimal("22000.00"),
        start_date=date(2026, 6, 1),
        end_date=date(2026, 9, 15),
        scope="Audit of three warehouses",
        success_criteria="Report accepted by the board",
        agreed_at=utc(2026, 5, 20),
        delivered_at=utc(2026, 9, 20, 12),
        created_at=utc(2026, 5, 10),
    )
    s.add(audit)
    s.flush()
    s.add_all(
        [
            ProjectChange(
                project_id=audit.id,
                field=ProjectField.PRICE,
                changed_at=utc(2026, 7, 1),
                old_amount=Decimal("20000.00"),
                new_amount=Decimal("23000.00"),
            ),
            ProjectChange(
                project_id=audit.id,
                field=ProjectField.PRICE,
                changed_at=utc(2026, 8, 1),
                old_amount=Decimal("23000.00"),
                new_amount=Decimal("22000.00"),
            ),
            ProjectChange(
                project_id=audit.id,
                field=ProjectField.END,
                changed_at=utc(2026, 8, 10),
                old_date=date(2026, 8, 31),
                new_date=date(2026, 9, 15),
            ),
            ScopeAddition(
                project_id=audit.id,
                added_at=utc(2026, 7, 3),
                description="Fourth warehouse",
                extra_price=Decimal("3000.00"),
                customer_agreed=True,
            ),
            ScopeAddition(
                project_id=audit.id,
                added_at=utc(2026, 7, 20),
                description="Forklift check",
                extra_price=Decimal("0.00"),
                customer_agreed=True,
            ),
            ScopeAddition(
                project_id=audit.id,
                added_at=utc(2026, 8, 5),
                description="Extra photos",
                extra_price=None,
                customer_agreed=False,
            ),
        ]
    )
    p = {"customer_id": harbour.id, "project_id": audit.id}
    done = CommitmentStatus.DONE
    # Mine: on time, late, broken, cancelled (not counted as made).
    _commit(
        s,
        **p,
        title="Plan",
        due_at=utc(2026, 6, 10, 17),
        status=done,
        completed_at=utc(2026, 6, 9, 10),
    )
    _commit(
        s,
        **p,
        title="Interim report",
        due_at=utc(2026, 7, 15, 17),
        status=done,
        completed_at=utc(2026, 7, 18, 10),
    )
    _commit(
        s, **p, title="Photo archive", due_at=utc(2026, 9, 1, 17), status=CommitmentStatus.BROKEN
    )
    _commit(
        s, **p, title="Dropped idea", due_at=utc(2026, 8, 1, 17), status=CommitmentStatus.CANCELLED
    )
    # Theirs: on time, late.
    theirs = Direction.THEIRS
    _commit(
        s,
        **p,
        direction=theirs,
        title="Site access",
        due_at=utc(2026, 6, 5, 17),
        status=done,
        completed_at=utc(2026, 6, 5, 9),
    )
    _commit(
        s,
        **p,
        direction=theirs,
        title="Inventory lists",
        due_at=utc(2026, 7, 1, 17),
        status=done,
        completed_at=utc(2026, 7, 10, 9),
    )
    # Contact in June, August and September; July has only a private note (not contact).
    _note(s, harbour, utc(2026, 6, 2, 10), title="Kick-off")
    _note(
        s, harbour, utc(2026, 7, 14, 10), kind=InteractionKind.NOTE, channel=None, title="Thoughts"
    )
    _note(
        s,
        harbour,
        utc(2026, 8, 12, 10),
        kind=InteractionKind.MEETING,
        channel=Channel.IN_PERSON,
        title="Review",
    )
    _note(
        s,
        harbour,
        utc(2026, 9, 20, 10),
        kind=InteractionKind.EMAIL,
        channel=Channel.EMAIL,
        title="Delivered",
    )
    s.flush()
    return audit.id


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Ids]:
    """Built once per run; each test gets its own copy of the file (building takes seconds)."""
    path = tmp_path_factory.mktemp("template") / "journal.db"
    journal = Journal.open(f"sqlite:///{path}")
    built = build(journal)
    journal.close()
    return path, built


@pytest.fixture
def filled_url(tmp_path: Path, template: tuple[Path, Ids]) -> str:
    target = tmp_path / "filled.db"
    shutil.copyfile(template[0], target)
    target.chmod(0o600)
    return f"sqlite:///{target}"


@pytest.fixture
def filled(filled_url: str) -> Iterator[Journal]:
    """A journal holding the customers, meetings and projects of build()."""
    opened = Journal.open(filled_url)
    yield opened
    opened.close()


@pytest.fixture
def ids(template: tuple[Path, Ids]) -> Ids:
    return template[1]
