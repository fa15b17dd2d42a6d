"""Every retrospective figure against a value worked out by hand from conftest.build_audit."""

from __future__ import annotations

import sys
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from custjournal.domain import NotFoundError, ValidationError
from custjournal.domain.enums import CommitmentKind, Direction, FollowUpKind, WorkAgain
from custjournal.domain.errors import ConflictError
from custjournal.services import retro_risks
from custjournal.services.commitments import agenda
from custjournal.services.render.retro_html import render_retro_html
from custjournal.services.render.retro_md import render_retro_markdown
from custjournal.services.render.timeline_svg import timeline_svg
from custjournal.services.retro_followups import propose_follow_ups, schedule_follow_ups
from custjournal.services.retrospective import build_retrospective, save_retrospective
from custjournal.store import Journal
from tests.briefing.conftest import Ids
from tests.briefing.helpers import pdf_has_image, pdf_text

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


@pytest.fixture
def report(filled: Journal, ids: Ids):
    return build_retrospective(filled, project_id=ids.audit, now=NOW)


def test_promises_made_kept_and_on_time_both_ways(report) -> None:
    # Mine: Plan (done a day early), Interim report (3 days late), Photo archive (broken);
    # the cancelled "Dropped idea" was never a promise made.
    m = report.mine
    assert (m.made, m.kept, m.kept_on_time, m.broken, m.late_open) == (3, 2, 1, 1, 0)
    assert (m.kept_pct, m.on_time_pct) == (67, 33)  # 2/3, 1/3
    # Theirs: Site access (on time), Inventory lists (9 days late).
    t = report.theirs
    assert (t.made, t.kept, t.kept_on_time, t.broken) == (2, 2, 1, 0)
    assert (t.kept_pct, t.on_time_pct) == (100, 50)


def test_price_and_timeline_drift_from_the_change_history(report) -> None:
    terms = report.terms
    # 20,000 first agreed -> 23,000 -> 22,000 now: (22,000 - 20,000) / 20,000 = +10.0 %.
    assert (terms.first_price, terms.price) == (Decimal("20000.00"), Decimal("22000.00"))
    assert terms.price_drift_pct == Decimal("10.0")
    assert terms.price_changes == 2
    # End first agreed 31 Aug, now 15 Sep: +15 days; delivered 20 Sep: +20 days.
    assert terms.timeline_drift_days == 15
    assert report.delivered_vs_first_end_days == 20


def test_scope_additions_priced_and_unpriced(report) -> None:
    # Fourth warehouse (3,000 agreed), forklift check (agreed free), extra photos (no price).
    assert (report.terms.priced_additions, report.terms.unpriced_additions) == (2, 1)
    assert report.terms.agreed_extra_total == Decimal("3000.00")


def test_contact_cadence_counts_months_with_real_contact(report) -> None:
    # 1 Jun - 20 Sep: four months; July held only a private note, which is not contact.
    assert (report.period_start, report.period_end) == (date(2026, 6, 1), date(2026, 9, 20))
    assert [(m.month, m.contacts) for m in report.months] == [
        ("2026-06", 1),
        ("2026-07", 0),
        ("2026-08", 1),
        ("2026-09", 1),
    ]
    assert (report.months_with_contact, report.cadence_pct) == (3, 75)


def test_risks_raised_with_the_real_rules(report) -> None:
    # Weekly from 1 Jun noon to 20 Sep: day 0, 7, ..., 105 -> 16 evaluations.
    assert report.risks_available and report.risk_checks == 16
    unpriced = [r for r in report.risks if r.rule_id == "unpriced-extra"]
    assert len(unpriced) == 1 and unpriced[0].count == 1  # "Extra photos", once
    assert "Extra photos" in unpriced[0].example


@dataclass(frozen=True)
class FakeRisk:
    rule_id: str
    key: str
    subject_type: str
    subject_id: int | None
    reason: str = "reason"


def test_risks_raised_method_counts_distinct_keys_for_this_project(
    filled: Journal, ids: Ids, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[datetime] = []

    def fake(moment: datetime) -> list[FakeRisk]:
        calls.append(moment)
        found = [
            FakeRisk("moving-target", "p", "project", ids.audit),  # every week, counted once
            FakeRisk("moving-target", "other", "project", ids.erp),  # another project: no
            FakeRisk("double-booked", "d", "day", None),  # the calendar, not this project: no
        ]
        if moment.month == 7:
            found.append(FakeRisk("silent-customer", "s", "customer", ids.harbour))
        if moment.month == 8:
            found.append(FakeRisk("silent-customer", "s2", "customer", ids.harbour))
        return found

    seen: list[int] = []

    def evaluator(journal: Journal, customer_id: int, latest: datetime):
        seen.append(customer_id)
        return fake

    monkeypatch.setattr(retro_risks, "evaluator", evaluator)
    report = build_retrospective(filled, project_id=ids.audit, now=NOW)
    assert [(r.rule_id, r.count) for r in report.risks] == [
        ("silent-customer", 2),
        ("moving-target", 1),
    ]
    assert report.risk_total == 3
    assert seen == [ids.harbour]
    assert calls[0] == datetime(2026, 6, 1, 11, 0, tzinfo=UTC)  # noon in Lisbon (WEST)
    assert all(b - a == timedelta(days=7) for a, b in zip(calls, calls[1:], strict=False))
    assert len(calls) == 16


def test_risks_raised_without_the_rules_engine(
    filled: Journal, ids: Ids, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "custjournal.services.risks", None)
    report = build_retrospective(filled, project_id=ids.audit, now=NOW)
    assert (report.risks, report.risks_available, report.risk_checks) == ((), False, 0)
    assert "risk rules not available" in render_retro_markdown(report)


def test_timeline_events_and_their_outcomes(report) -> None:
    seen = [(e.title, e.kind, e.outcome) for e in report.events]
    assert seen == [
        ("Kick-off", "contact", "contact"),
        ("Site access", "promise", "kept"),
        ("Plan", "promise", "kept"),
        ("Inventory lists", "promise", "late"),
        ("Interim report", "promise", "late"),
        ("Review", "contact", "contact"),
        ("Photo archive", "promise", "broken"),
        ("Delivered", "contact", "contact"),
    ]


def test_answers_saved_by_a_colleague_since_they_were_read_are_kept(
    filled: Journal, ids: Ids
) -> None:
    read = build_retrospective(filled, project_id=ids.audit, now=NOW).answers
    assert read.version == 0  # nothing saved yet
    first = save_retrospective(
        filled, project_id=ids.audit, now=NOW, went_well="Ben's", expected_version=read.version
    )
    with pytest.raises(ConflictError, match="retrospective of .* was changed elsewhere"):
        save_retrospective(
            filled, project_id=ids.audit, now=NOW, went_well="Anna's", expected_version=0
        )
    assert build_retrospective(filled, project_id=ids.audit, now=NOW).answers.went_well == "Ben's"
    later = save_retrospective(
        filled, project_id=ids.audit, now=NOW, lessons="Price extras",
        expected_version=first.version,
    )  # fmt: skip
    assert (later.went_well, later.lessons, later.version) == (
        "Ben's", "Price extras", first.version + 1,
    )  # fmt: skip


def test_answers_are_saved_updated_and_validated(filled: Journal, ids: Ids) -> None:
    saved = save_retrospective(
        filled,
        project_id=ids.audit,
        now=NOW,
        went_well="Board accepted the report",
        went_wrong="Photos never archived",
        i_own="I let the interim report slip",
        satisfaction=4,
        work_again="yes",
        lessons="Price every extra before doing it",
    )
    assert (saved.satisfaction, saved.work_again, saved.completed_at) == (4, WorkAgain.YES, NOW)
    again = save_retrospective(filled, project_id=ids.audit, now=NOW, satisfaction="5")
    assert again.satisfaction == 5 and again.went_well == "Board accepted the report"
    report = build_retrospective(filled, project_id=ids.audit, now=NOW)
    assert report.answers.i_own == "I let the interim report slip"
    for value in (0, 6, "great"):
        with pytest.raises(ValidationError) as caught:
            save_retrospective(filled, project_id=ids.audit, now=NOW, satisfaction=value)
        assert caught.value.field == "satisfaction"
    with pytest.raises(ValidationError) as caught:
        save_retrospective(filled, project_id=ids.audit, now=NOW, work_again="perhaps")
    assert caught.value.field == "work_again"
    with pytest.raises(NotFoundError):
        save_retrospective(filled, project_id=9999, now=NOW, lessons="x")
    assert build_retrospective(filled, project_id=ids.audit, now=NOW).answers.satisfaction == 5


def test_follow_ups_are_proposed_a_week_two_weeks_and_three_months_after_delivery(
    filled: Journal, ids: Ids
) -> None:
    # Delivered Sun 20 Sep. +7 = Sun 27 Sep -> Mon 28 Sep 12:00 London (BST, UTC+1);
    # +14 = Sun 4 Oct -> Mon 5 Oct 10:00 BST; +3 months = Sun 20 Dec -> Mon 21 Dec 10:00 GMT.
    day_after = datetime(2026, 9, 21, 10, tzinfo=UTC)
    proposals = propose_follow_ups(filled, project_id=ids.audit, now=day_after)
    assert [(p.follow_up, p.kind, p.due_at) for p in proposals] == [
        (
            FollowUpKind.CELEBRATION,
            CommitmentKind.APPOINTMENT,
            datetime(2026, 9, 28, 11, tzinfo=UTC),
        ),
        (FollowUpKind.FEEDBACK, CommitmentKind.PROMISE, datetime(2026, 10, 5, 9, tzinfo=UTC)),
        (FollowUpKind.CHECK_IN, CommitmentKind.APPOINTMENT, datetime(2026, 12, 21, 10, tzinfo=UTC)),
    ]
    assert all(p.timezone == "Europe/London" for p in proposals)


def test_late_proposals_start_tomorrow_in_order(filled: Journal, ids: Ids) -> None:
    proposals = propose_follow_ups(filled, project_id=ids.audit, now=NOW)
    assert [p.due_at for p in proposals] == [
        datetime(2026, 11, 24, 12, tzinfo=UTC),  # tomorrow, lunch
        datetime(2026, 12, 1, 10, tzinfo=UTC),  # a week later
        datetime(2026, 12, 21, 10, tzinfo=UTC),  # three months after delivery still ahead
    ]


def _no_follow_up(journal: Journal, ids: Ids) -> list[int | None]:
    from custjournal.services.risks import evaluate_risks

    found = evaluate_risks(journal, now=NOW, customer_id=ids.harbour)
    return [r.subject_id for r in found if r.rule_id == "no-follow-up"]


def test_scheduled_follow_ups_land_in_the_agenda_once(filled: Journal, ids: Ids) -> None:
    assert _no_follow_up(filled, ids) == [ids.audit]  # delivered nine weeks ago
    proposals = propose_follow_ups(filled, project_id=ids.audit, now=NOW)
    moved = replace(proposals[0], due_at=datetime(2026, 11, 27, 19, tzinfo=UTC))  # a dinner
    created = schedule_follow_ups(
        filled, project_id=ids.audit, proposals=[moved, *proposals[1:]], now=NOW
    )
    assert [c.follow_up for c in created] == [
        FollowUpKind.CELEBRATION,
        FollowUpKind.FEEDBACK,
        FollowUpKind.CHECK_IN,
    ]
    items = agenda(filled, start=NOW, end=NOW + timedelta(days=40), customer_id=ids.harbour)
    found = {(i.commitment.title, i.starts_at) for i in items}
    assert (created[0].title, datetime(2026, 11, 27, 19, tzinfo=UTC)) in found
    assert (created[1].title, datetime(2026, 12, 1, 10, tzinfo=UTC)) in found
    views = [i.commitment for i in items if i.commitment.id in {c.id for c in created}]
    assert all(v.direction == Direction.MINE for v in views)
    assert propose_follow_ups(filled, project_id=ids.audit, now=NOW) == []
    assert _no_follow_up(filled, ids) == []  # the risk is resolved
    report = build_retrospective(filled, project_id=ids.audit, now=NOW)
    assert [f.kind for f in report.follow_ups] == ["celebration", "feedback", "check-in"]
    assert report.mine.made == 3  # follow-ups are not project promises


def test_a_follow_up_in_the_past_is_refused(filled: Journal, ids: Ids) -> None:
    proposals = propose_follow_ups(filled, project_id=ids.audit, now=NOW)
    past = replace(proposals[1], due_at=NOW - timedelta(days=1))
    with pytest.raises(ValidationError) as caught:
        schedule_follow_ups(filled, project_id=ids.audit, proposals=[proposals[0], past], now=NOW)
    assert caught.value.field == "proposals[1].due_at"
    assert len(propose_follow_ups(filled, project_id=ids.audit, now=NOW)) == 3  # nothing saved


def test_markdown_holds_every_figure(report) -> None:
    md = render_retro_markdown(report)
    for fact in (
        "# Retrospective: Warehouse audit",
        "3 made, 2 kept (67 %), 1 on time (33 %), 1 broken",
        "2 made, 2 kept (100 %), 1 on time (50 %), 0 broken",
        "20,000.00 EUR → 22,000.00 EUR (+10.0 %, 2 change(s))",
        "end 2026-08-31 → 2026-09-15 (+15 days); delivered +20 days",
        "2 priced (+3,000.00 EUR), 1 unpriced",
        "3 of 4 months (75 %)",
        "unpriced-extra ×1",
        "| 2026-07-15 | mine | Interim report | late |",
        "| 2026-09-01 | mine | Photo archive | broken |",
    ):
        assert fact in md, fact


def test_html_has_the_picture_inline_and_escapes_answers(filled: Journal, ids: Ids) -> None:
    save_retrospective(
        filled, project_id=ids.audit, now=NOW, went_wrong="<script>alert(1)</script> photos"
    )
    report = build_retrospective(filled, project_id=ids.audit, now=NOW)
    html = render_retro_html(report)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; photos" in html
    svg = html[html.index("<svg") : html.index("</svg>")]
    # Five promises (kept twice as circles, late twice as triangles, one broken cross)...
    assert svg.count("<polygon") == 2 + 1  # + the legend's triangle
    assert svg.count('<g stroke="#b91c1c"') == 1 + 1
    # ... and three contacts as bars, plus the legend's.
    assert svg.count('<rect x="') - 2 == 3 + 1  # minus background and period band
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")


def test_retro_pdf_holds_the_figures_and_the_picture(report, tmp_path: Path, qapp) -> None:
    from custjournal.gui.pdf import write_pdf

    html = render_retro_html(report, image_src="cj-timeline")
    out = write_pdf(html, tmp_path / "retro.pdf", images={"cj-timeline": timeline_svg(report)})
    _, text = pdf_text(out)
    for fact in ("Warehouse audit", "+10.0 %", "+15 days", "3 of 4 months (75 %)", "67 %"):
        assert fact in text, fact
    assert pdf_has_image(out)
