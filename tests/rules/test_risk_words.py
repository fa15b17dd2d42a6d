"""A risk's reason, facts and action are written when first read (thousands of risks on a
large journal, a hundred on screen), and read the same as if written at once."""

from __future__ import annotations

import copy
import threading
from dataclasses import FrozenInstanceError, replace
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

import pytest

from custjournal.rules.risk import Risk, Severity, Words, write_words
from custjournal.services.commitments import add_appointment, add_promise
from custjournal.services.customers import create_customer
from custjournal.services.risks import evaluate_risks
from custjournal.store import Journal

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def _risk(words: Words) -> Risk:
    return Risk.described_later(
        rule_id="overdue", severity=Severity.CRITICAL, customer_id=1, customer_name="Aalto Oy",
        subject_type="commitment", subject_id=5, words=words, key="overdue:commitment:5",
        at=NOW,
    )  # fmt: skip


def test_words_are_written_once_when_first_read() -> None:
    calls: list[int] = []

    def write() -> tuple[str, list[tuple[str, str]], str]:
        calls.append(1)
        return "You promised the report", [("due", "Fri 20 Nov")], "Deliver it today"

    risk = _risk(Words(write))
    assert calls == [] and not risk.words.is_written
    assert risk.reason == "You promised the report"
    assert risk.facts == (("due", "Fri 20 Nov"),) and risk.action == "Deliver it today"
    assert calls == [1]  # reason, facts and action from one writing


def test_a_risk_described_later_equals_one_written_at_once() -> None:
    later = _risk(Words(lambda: ("Late", [("due", "today")], "Call")))
    now = Risk("overdue", Severity.CRITICAL, 1, "Aalto Oy", "commitment", 5, "Late",
               [("due", "today")], "Call", "overdue:commitment:5", NOW)  # fmt: skip
    assert later == now and hash(later) == hash(now)
    assert Risk.from_dict(later.to_dict()) == later
    assert later != _risk(Words(lambda: ("Late", [("due", "today")], "Call them")))
    moved = replace(later, subject_id=6)
    assert moved.subject_id == 6 and moved.reason == "Late"
    with pytest.raises(FrozenInstanceError):
        later.key = "other"  # type: ignore[misc]


def test_readers_on_two_threads_read_the_same_words() -> None:
    started = threading.Barrier(2)

    def write() -> tuple[str, tuple[()], str]:
        return "Nobody has talked to Aalto Oy for 5 weeks", (), "Call"

    risks = [_risk(Words(write)) for _ in range(2000)]
    seen: list[list[str]] = [[], []]

    def read(into: list[str]) -> None:
        started.wait()
        into.extend(risk.reason for risk in risks)

    threads = [threading.Thread(target=read, args=(out,)) for out in seen]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen[0] == seen[1] == ["Nobody has talked to Aalto Oy for 5 weeks"] * 2000


def test_an_evaluation_leaves_the_words_of_busy_rules_for_later(tmp_path) -> None:
    journal = Journal.open(f"sqlite:///{tmp_path / 'j.db'}", backup=False)
    aalto = create_customer(journal, name="Aalto Oy", now=NOW - timedelta(days=3))
    start = NOW + timedelta(days=1)
    for title, offset in (("Kick-off", 0), ("Review", 30)):
        add_appointment(
            journal, customer_id=aalto.id, title=title, starts_at=start + timedelta(minutes=offset),
            duration_minutes=60, channel="video", now=NOW - timedelta(days=2),
        )  # fmt: skip
    add_promise(
        journal, customer_id=aalto.id, title="Send the audit report",
        due_at=NOW - timedelta(days=2), now=NOW - timedelta(days=3),
    )  # fmt: skip
    risks = {r.rule_id: r for r in evaluate_risks(journal, now=NOW)}
    clash, late = risks["double-booked"], risks["overdue"]
    assert not clash.words.is_written and not late.words.is_written
    assert "“Review” with Aalto Oy" in clash.reason and "overlaps" in clash.reason
    assert "by 30 min" in clash.reason
    assert late.reason.startswith("You promised Aalto Oy “Send the audit report”")
    assert ("late by", "2 days") in late.facts
    write_words(risks.values())
    assert all(r.words.is_written for r in risks.values())


def test_copying_a_risk_shares_its_words_and_never_copies_what_the_writer_holds() -> None:
    class Evaluation:  # what a writer holds: every record of the evaluation
        def __deepcopy__(self, memo: dict[int, Any]) -> Evaluation:
            raise AssertionError("the whole evaluation was copied")

    def write(_evaluation: Evaluation) -> tuple[str, tuple[()], str]:
        return "Late", (), "Call"

    risk = _risk(Words(partial(write, Evaluation())))
    copied = copy.deepcopy(risk)  # as dataclasses.asdict does with a review holding risks
    assert copied.words is risk.words and copied == risk
    assert risk.reason == "Late"


def test_a_risk_built_fast_has_every_field_set_as_given() -> None:
    # Risks are filled slot by slot (no __init__): a field added later must be filled too.
    from dataclasses import fields  # noqa: PLC0415

    words = Words.written("You promised the report", (), "Deliver it today")
    risk = _risk(words)
    given = {
        "rule_id": "overdue", "severity": Severity.CRITICAL, "customer_id": 1,
        "customer_name": "Aalto Oy", "subject_type": "commitment", "subject_id": 5,
        "words": words, "key": "overdue:commitment:5", "at": NOW, "also": (),
    }  # fmt: skip
    assert {f.name: getattr(risk, f.name) for f in fields(Risk)} == given
    assert risk == Risk("overdue", Severity.CRITICAL, 1, "Aalto Oy", "commitment", 5,
                        "You promised the report", (), "Deliver it today",
                        key="overdue:commitment:5", at=NOW)  # fmt: skip
