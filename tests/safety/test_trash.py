"""The trash: a deleted customer or project comes back whole within 30 days, then is purged."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select, text

from custjournal.cli import main
from custjournal.domain import (
    Commitment,
    Contact,
    Customer,
    CustomerQuestion,
    DueChange,
    EtiquetteReminder,
    Interaction,
    Notice,
    Project,
    ProjectChange,
    Retrospective,
    ScopeAddition,
    ValidationError,
)
from custjournal.domain.enums import (
    Channel,
    CommitmentKind,
    EtiquetteCategory,
    EtiquetteScope,
    NoticeKind,
    ProjectField,
)
from custjournal.services.trash import (
    delete_customer,
    delete_project,
    list_trash,
    purge_trash,
    restore_from_trash,
)
from custjournal.store.search import search_ids

TABLES = (
    "customers contacts interactions interaction_contacts customer_questions commitments "
    "due_changes notices projects project_changes scope_additions retrospectives "
    "etiquette_reminders"
).split()


def _everything(journal) -> dict[str, list[tuple]]:
    with journal.reading() as session:
        return {
            name: [tuple(r) for r in session.execute(text(f"SELECT * FROM {name} ORDER BY 1, 2"))]
            for name in TABLES
        }


@pytest.fixture
def customer_id(journal, now) -> int:
    with journal.transaction() as session:
        customer = Customer(name="Kuusi Oy", created_at=now, timezone="Europe/Helsinki")
        other = Customer(name="Other Ltd", created_at=now)
        session.add_all([customer, other])
        session.flush()
        anna = Contact(customer_id=customer.id, name="Anna Virtanen", email="anna@kuusi.fi")
        session.add(anna)
        project = Project(
            customer_id=customer.id,
            name="Mail migration",
            created_at=now,
            price=Decimal("12000.50"),
        )
        session.add(project)
        session.flush()
        session.add(
            ProjectChange(
                project_id=project.id,
                field=ProjectField.PRICE,
                changed_at=now,
                old_amount=Decimal("10000"),
                new_amount=Decimal("12000.50"),
            )
        )
        session.add(ScopeAddition(project_id=project.id, added_at=now, description="Archive"))
        session.add(Retrospective(project_id=project.id, created_at=now, lessons="Ask why"))
        note = Interaction(
            customer_id=customer.id,
            project_id=project.id,
            occurred_at=now,
            created_at=now,
            title="Kick-off",
            body="Zebra crossing plans",
        )
        note.contacts.append(anna)
        note.questions.append(CustomerQuestion(text="Why IMAP?", topic="imap"))
        session.add(note)
        # A note of another customer that mentions this project keeps its link on restore.
        session.add(
            Interaction(
                customer_id=other.id,
                project_id=project.id,
                occurred_at=now,
                created_at=now,
                title="Referral",
                body="zebra",
            )
        )
        meeting = Commitment(
            uid="m1",
            customer_id=customer.id,
            project_id=project.id,
            kind=CommitmentKind.APPOINTMENT,
            title="Workshop",
            due_at=now,
            duration_minutes=60,
            created_at=now,
            contact_id=anna.id,
        )
        session.add(meeting)
        session.flush()
        notice = Notice(
            customer_id=customer.id,
            commitment_id=meeting.id,
            kind=NoticeKind.RESCHEDULE,
            title="Moved",
            channel=Channel.PHONE,
            effective_at=now,
            sent_at=now,
            created_at=now,
        )
        session.add(notice)
        session.flush()
        session.add(
            DueChange(
                commitment_id=meeting.id,
                changed_at=now,
                old_due_at=now,
                new_due_at=now,
                notice_id=notice.id,
            )
        )
        session.add(
            EtiquetteReminder(
                scope=EtiquetteScope.CUSTOMER,
                customer_id=customer.id,
                category=EtiquetteCategory.ADDRESS,
                text="Use Dr.",
            )
        )
        return customer.id


def test_deleting_a_customer_trashes_everything_and_restore_brings_it_back_whole(
    journal, customer_id, now
):
    before = _everything(journal)
    entry = delete_customer(journal, customer_id=customer_id, now=now)
    assert entry.label == "Kuusi Oy"
    assert entry.expires_at == now + timedelta(days=30)
    assert "1 contact" in entry.summary and "1 note" in entry.summary
    with journal.reading() as session:
        assert session.get(Customer, customer_id) is None
        assert session.scalar(select(func.count()).select_from(Commitment)) == 0
        assert search_ids(session, "zebra crossing") == []
        referral = session.scalars(select(Interaction).where(Interaction.title == "Referral")).one()
        assert referral.project_id is None
    assert [e.label for e in list_trash(journal, now=now)] == ["Kuusi Oy"]

    restored = restore_from_trash(journal, trash_id=entry.id, now=now + timedelta(days=29))
    assert (restored.kind, restored.id) == ("customer", customer_id)
    assert _everything(journal) == before
    with journal.reading() as session:
        assert len(search_ids(session, "zebra crossing")) == 1
    assert list_trash(journal, now=now) == []
    with journal.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []


def test_deleting_a_project_keeps_the_notes_and_restore_relinks_them(journal, customer_id, now):
    with journal.reading() as session:
        project_id = session.scalar(select(Project.id))
    before = _everything(journal)
    entry = delete_project(journal, project_id=project_id, now=now)
    assert entry.label == "Mail migration (Kuusi Oy)"
    with journal.reading() as session:
        assert session.scalar(select(func.count()).select_from(Interaction)) == 2
        assert session.scalar(select(func.count()).select_from(Retrospective)) == 0
    restore_from_trash(journal, trash_id=entry.id, now=now)
    assert _everything(journal) == before


def test_restore_refuses_when_the_name_is_taken_again(journal, customer_id, now):
    entry = delete_customer(journal, customer_id=customer_id, now=now)
    with journal.transaction() as session:
        session.add(Customer(name="Kuusi Oy", created_at=now))
    with pytest.raises(ValidationError, match="exists again") as caught:
        restore_from_trash(journal, trash_id=entry.id, now=now)
    assert caught.value.field == "trash_id"
    assert len(list_trash(journal, now=now)) == 1


def test_restore_under_a_new_id_when_the_old_one_was_reused(journal, now):
    with journal.transaction() as session:
        session.add(Customer(name="First", created_at=now))
        last = Customer(name="Last", created_at=now)
        session.add(last)
        session.flush()
        session.add(Interaction(customer_id=last.id, occurred_at=now, created_at=now, body="x"))
        old_id = last.id
    entry = delete_customer(journal, customer_id=old_id, now=now)
    with journal.transaction() as session:
        newcomer = Customer(name="Newcomer", created_at=now)
        session.add(newcomer)
        session.flush()
        assert newcomer.id == old_id  # SQLite hands the freed id out again
    restored = restore_from_trash(journal, trash_id=entry.id, now=now)
    assert restored.id != old_id
    with journal.reading() as session:
        note = session.scalars(select(Interaction)).one()
        assert note.customer_id == restored.id


def test_purge_removes_only_what_is_older_than_30_days(journal, customer_id, now):
    old = delete_customer(journal, customer_id=customer_id, now=now - timedelta(days=31))
    with journal.transaction() as session:
        fresh_id = session.scalar(select(Customer.id).where(Customer.name == "Other Ltd"))
    fresh = delete_customer(journal, customer_id=fresh_id, now=now - timedelta(days=2))
    assert purge_trash(journal, now=now) == 1
    assert [e.id for e in list_trash(journal, now=now)] == [fresh.id]
    assert old.id != fresh.id


def test_cli_trash_list_restore_purge(journal, customer_id, db_url, capsys):
    journal.close()
    stamp = "--now=2026-11-23T10:00:00Z"
    assert main(["trash", "customer", str(customer_id), "--db", db_url, stamp]) == 0
    out = capsys.readouterr().out
    assert "moved customer Kuusi Oy" in out and "trash restore 1" in out
    assert main(["trash", "--db", db_url, stamp]) == 0
    assert "Kuusi Oy" in capsys.readouterr().out
    assert main(["trash", "restore", "1", "--db", db_url, stamp]) == 0
    assert "restored customer Kuusi Oy" in capsys.readouterr().out
    assert main(["trash", "list", "--db", db_url, stamp]) == 0
    assert capsys.readouterr().out.strip() == "the trash is empty"
    assert main(["trash", "purge", "--db", db_url, stamp]) == 0
    assert main(["trash", "restore", "--db", db_url]) == 2
