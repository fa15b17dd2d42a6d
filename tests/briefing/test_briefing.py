"""The briefing holds the right facts: the values, not only the headings."""

from __future__ import annotations

import re
import sys
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from custjournal.domain import Interaction, NotFoundError, ValidationError
from custjournal.domain.enums import Channel, Direction, InteractionKind, Stage, Temperament
from custjournal.services.briefing import build_briefing
from custjournal.services.briefing_guidance import STAGE_GUIDANCE, TEMPERAMENT_GUIDANCE
from custjournal.services.render.briefing_md import render_briefing_markdown
from custjournal.store import Journal
from tests.briefing.conftest import Ids

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


@pytest.fixture
def briefing(filled: Journal, ids: Ids):
    return build_briefing(filled, customer_id=ids.mills, now=NOW)


def test_meeting_time_in_both_zones_place_and_first_visit(briefing) -> None:
    m = briefing.meeting
    assert m is not None and not m.chosen  # their next appointment, picked automatically
    assert m.title == "Workshop at the mill"
    # The user sits in Lisbon (UTC+0 in winter), the mill is in Helsinki (UTC+2).
    assert m.when == "Wed 25 Nov 2026 07:00 your time — 09:00 in Helsinki"
    assert (m.location, m.channel, m.duration_minutes) == (
        "Mill HQ, Tampere",
        Channel.IN_PERSON,
        90,
    )
    assert (m.contact_name, m.project_name, m.confirmed) == ("Anna Virtanen", "ERP rollout", False)
    assert m.first_in_person is True
    assert briefing.their_time_now == "Mon 23 Nov 2026 10:00 your time — 12:00 in Helsinki"


def test_who_with_forms_of_address_attendee_first(briefing) -> None:
    assert [(c.name, c.form_of_address, c.attending) for c in briefing.contacts] == [
        ("Anna Virtanen", "Ms. Virtanen", True),
        ("Mikko Laine", "Mikko", False),
    ]


def test_root_need_stage_and_temperament_with_guidance(briefing) -> None:
    assert briefing.root_need == "Invoices out the same day the work is done"
    assert briefing.request == "A new ERP system"
    assert (briefing.stage, briefing.temperament) == (Stage.ACTIVE, Temperament.UNSURE)
    assert briefing.temperament_guidance == TEMPERAMENT_GUIDANCE[Temperament.UNSURE]
    assert "Ask why" in briefing.temperament_guidance
    assert briefing.stage_guidance == STAGE_GUIDANCE[Stage.ACTIVE]


def test_every_stage_and_temperament_has_guidance_and_questions() -> None:
    from custjournal.services.briefing_guidance import STAGE_QUESTIONS, TEMPERAMENT_QUESTIONS

    assert set(STAGE_GUIDANCE) == set(Stage) == set(STAGE_QUESTIONS)
    assert set(TEMPERAMENT_GUIDANCE) == set(Temperament) == set(TEMPERAMENT_QUESTIONS)


def test_etiquette_is_global_finnish_and_their_own(briefing) -> None:
    cultures = {r.culture for r in briefing.etiquette if r.culture}
    assert cultures == {"FI"}
    texts = " ".join(r.text for r in briefing.etiquette)
    assert "Tuesday mornings" in texts and "sauna" in texts and "swearing" in texts


def test_last_five_interactions_newest_first_with_their_bodies(briefing) -> None:
    titles = [i.title for i in briefing.interactions]
    assert titles == [
        "Angry call about invoices",
        "Status call",
        "Scope e-mail",
        "Weekly call 16",
        "Weekly call 9",
    ]
    assert "**VAT rounding**" in briefing.interactions[0].body
    assert briefing.interactions[0].mood == "upset"
    assert briefing.last_contact == "Thu 19 Nov 2026 12:00 (4 days ago)"


def test_open_promises_both_ways_with_lateness(briefing) -> None:
    mine = [(p.title, p.overdue, p.relative) for p in briefing.promises_mine]
    assert mine == [
        ("Send the data migration plan", True, "3 days overdue"),
        ("Draft the handover checklist", False, "in 11 days"),
    ]
    theirs = [(p.title, p.direction, p.relative) for p in briefing.promises_theirs]
    assert theirs == [("Provide anonymised test data", Direction.THEIRS, "7 days overdue")]


def test_agreed_terms_and_their_drift(briefing) -> None:
    (terms,) = briefing.projects
    assert terms.name == "ERP rollout"
    assert (terms.first_price, terms.price) == (Decimal("10000.00"), Decimal("11000.00"))
    assert terms.price_drift_pct == Decimal("10.0")
    assert (terms.first_end.isoformat(), terms.end.isoformat()) == ("2027-01-31", "2027-02-14")
    assert terms.timeline_drift_days == 14
    assert (terms.priced_additions, terms.unpriced_additions) == (1, 1)
    assert terms.agreed_extra_total == Decimal("800.00")
    assert [c.reason for c in terms.changes] == ["Second warehouse", "Their test data came late"]


def test_questions_mark_the_repeated_one_and_follow_open_items(briefing) -> None:
    first = briefing.questions[0]
    assert first.repeated and first.times == 3 and "“vat”" in first.text
    assert "How is VAT rounded?" in first.text
    texts = [q.text for q in briefing.questions]
    assert "How is “Provide anonymised test data” going — can I help?" in texts
    assert any("Small data cleanup" in t for t in texts)
    assert any("Invoices out the same day" in t for t in texts)
    assert sum(q.repeated for q in briefing.questions) == 1


def test_open_risks_come_from_the_rules(briefing) -> None:
    assert briefing.risks_available
    rules = {r.rule_id for r in briefing.risks}
    assert {"overdue", "their-promise-slipping", "unpriced-extra"} <= rules
    overdue = next(r for r in briefing.risks if r.rule_id == "overdue")
    assert overdue.severity == "critical" and "Send the data migration plan" in overdue.reason


def test_briefing_works_while_the_rules_are_missing(
    filled: Journal, ids: Ids, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "custjournal.services.risks", None)  # import fails
    b = build_briefing(filled, customer_id=ids.mills, now=NOW)
    assert (b.risks, b.risks_available) == ((), False)
    assert "Risk rules are not available" in render_briefing_markdown(b)


def test_a_chosen_appointment_and_an_earlier_visit(filled: Journal, ids: Ids) -> None:
    with filled.transaction() as s:
        s.add(
            Interaction(
                customer_id=ids.mills,
                occurred_at=datetime(2026, 9, 1, 9, tzinfo=UTC),
                created_at=NOW,
                kind=InteractionKind.VISIT,
                title="Site visit",
            )
        )
    b = build_briefing(filled, customer_id=ids.mills, appointment_id=ids.kickoff, now=NOW)
    assert b.meeting is not None and b.meeting.chosen
    assert b.meeting.first_in_person is False


def test_wrong_appointment_or_customer_is_refused(filled: Journal, ids: Ids) -> None:
    with pytest.raises(ValidationError) as caught:
        build_briefing(filled, customer_id=ids.harbour, appointment_id=ids.kickoff, now=NOW)
    assert caught.value.field == "appointment"
    with pytest.raises(NotFoundError):
        build_briefing(filled, customer_id=ids.mills, appointment_id=99999, now=NOW)
    with pytest.raises(NotFoundError):
        build_briefing(filled, customer_id=99999, now=NOW)


def test_markdown_holds_the_facts(briefing) -> None:
    md = render_briefing_markdown(briefing)
    for fact in (
        "# Briefing: Nordic Mills Oy",
        "Wed 25 Nov 2026 07:00 your time — 09:00 in Helsinki (90 min)",
        "Mill HQ, Tampere",
        "address as **Ms. Virtanen**",
        "**Root need:** Invoices out the same day the work is done",
        "First in-person meeting",
        "10,000.00 EUR → 11,000.00 EUR (+10.0 %",
        "end first agreed 2027-01-31 (+14 days",
        "1 priced (+800.00 EUR), 1 unpriced",
        "**[asked 3×]**",
        "Send the data migration plan [ERP rollout] — due Fri 20 Nov 2026 15:00",
        "**(OVERDUE)**",
        "Provide anonymised test data",
        "*Dress:* Smart casual",
        "Anna reads e-mail only on Tuesday mornings",
        "Angry call about invoices",
    ):
        assert fact in md, fact


def test_markdown_export_makes_raw_html_and_images_literal(briefing) -> None:
    md = render_briefing_markdown(briefing)
    # Every "<" and "![" from the note is backslash-escaped, so a viewer shows it as text.
    assert re.search(r"(?<!\\)<(script|img)", md) is None
    assert re.search(r"(?<!\\)!\[", md) is None
    assert "\\<script>alert('pwned')\\</script>" in md
    assert "\\![tracker](http://evil.example/t.gif)" in md


def test_a_private_note_is_not_the_last_contact(filled: Journal, ids: Ids) -> None:
    with filled.transaction() as s:
        s.add(
            Interaction(
                customer_id=ids.mills,
                occurred_at=datetime(2026, 11, 22, 9, tzinfo=UTC),
                created_at=NOW,
                kind=InteractionKind.NOTE,
                title="Thoughts before the workshop",
            )
        )
    b = build_briefing(filled, customer_id=ids.mills, now=NOW)
    assert b.last_contact == "Thu 19 Nov 2026 12:00 (4 days ago)"
    assert b.interactions[0].title == "Thoughts before the workshop"  # still shown as a note
