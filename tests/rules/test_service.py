"""services.risks on a real journal: fixed query count, acting clears risks, snoozing hides."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import event, func, select

from custjournal.domain import (
    Commitment,
    Contact,
    Customer,
    CustomerQuestion,
    DueChange,
    EtiquetteReminder,
    Interaction,
    NotFoundError,
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
    InteractionKind,
    NoticeKind,
    ProjectField,
    ProjectStatus,
    Stage,
)
from custjournal.rules import evaluate
from custjournal.rules.catalogue import RULES
from custjournal.services import commitments, customers, projects
from custjournal.services import journal as notes
from custjournal.services.risks import (
    SNAPSHOT_QUERIES,
    evaluate_risks,
    list_rules,
    list_snoozes,
    load_snapshot,
    rule_settings,
    snooze_risk,
    unsnooze_risk,
)
from custjournal.services.settings import get_setting, set_setting
from custjournal.store import Journal

from .build import DAY, HOUR, MINUTE, NOW


@contextmanager
def counted(journal: Journal) -> Iterator[list[str]]:
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ANN001
        statements.append(statement)

    event.listen(journal.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(journal.engine, "before_cursor_execute", record)


def fill(journal: Journal, count: int, now) -> None:  # noqa: ANN001
    """`count` customers, each with a little of everything the snapshot reads."""
    with journal.transaction() as s:
        s.add(EtiquetteReminder(scope=EtiquetteScope.GLOBAL, category=EtiquetteCategory.CONDUCT,
                                text="No bad-mouthing"))  # fmt: skip
        for n in range(count):
            c = Customer(name=f"Customer {n}", stage=Stage.ACTIVE, created_at=now - 90 * DAY)
            s.add(c)
            s.flush()
            s.add(Contact(customer_id=c.id, name=f"Person {n}"))
            i = Interaction(customer_id=c.id, occurred_at=now - 40 * DAY, kind=InteractionKind.CALL,
                            created_at=now)  # fmt: skip
            s.add(i)
            s.flush()
            s.add(CustomerQuestion(interaction_id=i.id, text="Why?", topic="why"))
            m = Commitment(uid=f"c{n}", customer_id=c.id, title="Quote", due_at=now - DAY,
                           created_at=now)  # fmt: skip
            s.add(m)
            s.flush()
            s.add(DueChange(commitment_id=m.id, changed_at=now - 2 * DAY, old_due_at=now - 3 * DAY,
                            new_due_at=now - DAY))  # fmt: skip
            s.add(Notice(customer_id=c.id, kind=NoticeKind.PLANNED_CHANGE, title="Reboot",
                         effective_at=now + HOUR, channel=Channel.EMAIL, sent_at=now - DAY,
                         created_at=now))  # fmt: skip
            p = Project(
                customer_id=c.id, name=f"P{n}", status=ProjectStatus.RUNNING, created_at=now
            )
            s.add(p)
            s.flush()
            s.add(ProjectChange(project_id=p.id, field=ProjectField.PRICE, changed_at=now - DAY,
                                old_amount=Decimal(1), new_amount=Decimal(2)))  # fmt: skip
            s.add(ScopeAddition(project_id=p.id, added_at=now - DAY, description="Extra"))
            s.add(Retrospective(project_id=p.id, created_at=now))
            s.add(EtiquetteReminder(scope=EtiquetteScope.CUSTOMER, customer_id=c.id,
                                    category=EtiquetteCategory.DRESS, text="Suit"))  # fmt: skip


@pytest.mark.parametrize("size", [2, 20])
def test_snapshot_reads_the_journal_in_a_fixed_number_of_queries(journal, now, size) -> None:
    fill(journal, size, now)
    with journal.reading() as session:
        settings = rule_settings(session)
        with counted(journal) as statements:
            snap = load_snapshot(session, now=now, settings=settings)
        with counted(journal) as reduced:
            load_snapshot(session, now=now, settings=settings, reduced=True)
    selects = [s for s in statements if s.lstrip().upper().startswith(("SELECT", "WITH"))]
    assert len(selects) == len(statements) == len(reduced) == SNAPSHOT_QUERIES
    assert len(snap.customers) == size and len(snap.questions) == size
    assert len(snap.due_changes) == size and len(snap.retrospectives) == size
    assert snap.etiquette.global_count == 1 and len(snap.etiquette.by_customer) == size
    with counted(journal) as statements:
        found = evaluate_risks(journal, now=now)
    assert len([s for s in statements if "SELECT" in s.upper()]) <= SNAPSHOT_QUERIES + 3
    assert {r.rule_id for r in found} >= {"overdue", "silent-customer", "change-unacknowledged"}


def test_query_count_does_not_grow_with_the_journal(journal, tmp_path, now) -> None:
    fill(journal, 2, now)
    big = Journal.open(f"sqlite:///{tmp_path / 'big.db'}")
    try:
        fill(big, 20, now)
        with counted(journal) as small_q:
            evaluate_risks(journal, now=now)
        with counted(big) as big_q:
            evaluate_risks(big, now=now)
    finally:
        big.close()
    # The journal under test may be on a server, the large one is a file: only the reading
    # statements compare (SQLite's also begin the reading and read its change mark, a
    # server's reads its snapshot).
    assert len(_selects(small_q)) == len(_selects(big_q))
    assert len(_selects(big_q)) >= 10


def _selects(statements: list[str]) -> list[str]:
    return [
        s
        for s in statements
        if s.lstrip().upper().startswith(("SELECT", "WITH")) and "pg_current_snapshot" not in s
    ]


def rule_ids(journal: Journal, now, **kwargs) -> set[str]:  # noqa: ANN001
    return {r.rule_id for r in evaluate_risks(journal, now=now, **kwargs)}


@pytest.fixture
def acme(journal, now) -> int:
    view = customers.create_customer(journal, name="Acme Oy", now=now - 100 * DAY, stage="active",
                                     timezone="Europe/Helsinki")  # fmt: skip
    return view.id


def test_completing_the_promise_clears_overdue(journal, now, acme) -> None:
    promise = commitments.add_promise(journal, customer_id=acme, title="Send quote",
                                      due_at=now - DAY, now=now - 5 * DAY)  # fmt: skip
    assert "overdue" in rule_ids(journal, now)
    commitments.complete_commitment(journal, commitment_id=promise.id, now=now)
    assert "overdue" not in rule_ids(journal, now)


def test_logging_the_call_clears_silent_customer(journal, now, acme) -> None:
    notes.log_interaction(journal, customer_id=acme, now=now, occurred_at=now - 40 * DAY,
                          kind="call", channel="phone", title="Check-in")  # fmt: skip
    assert "silent-customer" in rule_ids(journal, now)
    notes.log_interaction(journal, customer_id=acme, now=now, kind="note", title="Thought")
    assert "silent-customer" in rule_ids(journal, now), "a note is not contact"
    notes.log_interaction(journal, customer_id=acme, now=now, kind="call", channel="phone",
                          title="Called Liisa")  # fmt: skip
    assert "silent-customer" not in rule_ids(journal, now)


def test_acknowledging_the_notice_clears_change_unacknowledged(journal, now, acme) -> None:
    notice = commitments.record_notice(
        journal, customer_id=acme, kind="planned-change", title="Mail-server reboot",
        what_changes="Mail is down 22:00-23:00", effective_at=now + 20 * HOUR, channel="email",
        sent_at=now - 2 * DAY, now=now - 2 * DAY,
    )  # fmt: skip
    with journal.transaction() as session:
        set_setting(session, "user.timezone", "Europe/Lisbon")
    [risk] = [r for r in evaluate_risks(journal, now=now) if r.rule_id == "change-unacknowledged"]
    assert risk.severity == "critical" and risk.subject_id == notice.id
    assert "is in 20 h (Tue 24 Nov 06:00 your time — 08:00 in Helsinki): call them" in risk.reason
    commitments.acknowledge_notice(journal, notice_id=notice.id, now=now, by="Liisa")
    assert "change-unacknowledged" not in rule_ids(journal, now)


def test_scheduling_the_follow_up_clears_upset(journal, now, acme) -> None:
    upset = notes.log_interaction(journal, customer_id=acme, now=now, occurred_at=now - HOUR,
                                  kind="call", channel="phone", mood="angry",
                                  title="Invoice dispute")  # fmt: skip
    assert "upset-no-follow-up" in rule_ids(journal, now)
    commitments.add_promise(journal, customer_id=acme, title="Call back with a plan",
                            due_at=now + DAY, now=now, follow_up="after-upset",
                            interaction_id=upset.id)  # fmt: skip
    assert "upset-no-follow-up" not in rule_ids(journal, now)


def test_agreeing_the_extra_price_clears_unpriced_extra(journal, now, acme) -> None:
    project = projects.create_project(journal, customer_id=acme, name="Mail server", now=now,
                                      price="4800", scope="Move mail", success_criteria="No loss",
                                      status="running")  # fmt: skip
    projects.add_scope(journal, project_id=project.id, description="Small extra report", now=now)
    [risk] = [r for r in evaluate_risks(journal, now=now) if r.rule_id == "unpriced-extra"]
    addition_id = int(risk.key.rsplit(":", 1)[1])
    projects.agree_scope_price(journal, scope_addition_id=addition_id, extra_price="0", now=now)
    assert "unpriced-extra" not in rule_ids(journal, now)


def test_snooze_hides_until_the_date_passes(journal, now, acme) -> None:
    commitments.add_promise(
        journal, customer_id=acme, title="Send quote", due_at=now - DAY, now=now
    )
    [risk] = [r for r in evaluate_risks(journal, now=now) if r.rule_id == "overdue"]
    until = now + 2 * DAY
    snooze_risk(journal, key=risk.key, until=until, now=now, reason="waiting for prices")
    assert "overdue" not in rule_ids(journal, now)
    assert "overdue" not in rule_ids(journal, until - MINUTE)
    assert "overdue" in rule_ids(journal, until)
    assert "overdue" in rule_ids(journal, now, include_snoozed=True)
    assert [s.key for s in list_snoozes(journal, now=now)] == [risk.key]
    unsnooze_risk(journal, key=risk.key)
    assert "overdue" in rule_ids(journal, now)
    with pytest.raises(NotFoundError):
        unsnooze_risk(journal, key=risk.key)


@pytest.mark.parametrize(
    ("key", "until", "field"),
    [("overdue:commitment:1", -MINUTE, "until"), ("overdue:commitment:1", timedelta(0), "until"),
     ("nonsense", DAY, "key"), ("no-such-rule:x:1", DAY, "key"), ("", DAY, "key")],
)  # fmt: skip
def test_snooze_refuses_bad_input(journal, now, key, until, field) -> None:
    with pytest.raises(ValidationError) as caught:
        snooze_risk(journal, key=key, until=now + until, now=now)
    assert caught.value.field == field
    assert list_snoozes(journal, now=now - DAY) == []


def test_thresholds_and_switches_are_settings(journal, now, acme) -> None:
    notes.log_interaction(journal, customer_id=acme, now=now, occurred_at=now - 25 * DAY,
                          kind="call", channel="phone", title="Check-in")  # fmt: skip
    assert "silent-customer" not in rule_ids(journal, now)
    with journal.transaction() as session:
        assert set_setting(session, "rules.silent-customer.days", "21") == 21
    with journal.reading() as session:
        assert get_setting(session, "contact.cadence_days") == 21
    assert "silent-customer" in rule_ids(journal, now)
    with journal.transaction() as session:
        set_setting(session, "rules.silent-customer.enabled", "off")
    assert "silent-customer" not in rule_ids(journal, now)
    rules = {r.id: r for r in list_rules(journal)}
    assert not rules["silent-customer"].enabled
    assert rules["silent-customer"].thresholds[0].value == 21
    with journal.transaction() as session, pytest.raises(ValidationError):
        set_setting(session, "rules.double-booked.travel_buffer_minutes", "-5")
    # No appointment may last over two weeks, so neither may one without a length: the
    # reading of what can clash looks back that far for appointments still under way.
    key = "rules.double-booked.default_minutes"
    with journal.transaction() as session, pytest.raises(ValidationError, match="20160"):
        set_setting(session, key, "20161")
    with journal.transaction() as session:
        assert set_setting(session, key, "20160") == 20160


def test_customer_filter(journal, now, acme) -> None:
    other = customers.create_customer(journal, name="Beta Ltd", now=now - 100 * DAY, stage="active")
    for cid in (acme, other.id):
        commitments.add_promise(journal, customer_id=cid, title="Quote", due_at=now - DAY, now=now)
    found = evaluate_risks(journal, now=now, customer_id=other.id)
    assert found and {r.customer_name for r in found} == {"Beta Ltd"}
    assert CommitmentKind.PROMISE == "promise"


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Iterator[Journal]:
    from custjournal.services.demo import build_demo  # noqa: PLC0415

    opened = Journal.open(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}")
    build_demo(opened, now=NOW)
    yield opened
    opened.close()


def test_the_demo_journal_raises_every_rule(demo) -> None:
    assert {r.rule_id for r in evaluate_risks(demo, now=NOW)} == {r.id for r in RULES}


@pytest.mark.parametrize("days", [-200, -30, -3, 0, 1, 4, 15, 40])
def test_reading_only_what_the_rules_see_gives_the_same_risks(demo, days) -> None:
    # The snapshot reads old history as "latest per customer" facts; it must not change a risk.
    now = NOW + days * DAY
    with demo.reading() as session:
        settings = rule_settings(session)
        reduced = load_snapshot(session, now=now, settings=settings, reduced=True)
        complete = load_snapshot(session, now=now, settings=settings)
    assert len(reduced.interactions) < len(complete.interactions)
    # Unless asked to reduce, every interaction is there: callers may replay other moments.
    with demo.reading() as session:
        assert len(complete.interactions) == session.scalar(select(func.count(Interaction.id)))
    assert evaluate(reduced, now, settings) == evaluate(complete, now, settings)
