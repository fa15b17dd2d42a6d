"""The sample journal: realistic enough to try every workflow and fire every rule."""

from __future__ import annotations

from collections import Counter
from zoneinfo import ZoneInfo

import pytest

from custjournal.domain.enums import CommitmentKind, CommitmentStatus, Direction, ProjectStatus
from custjournal.domain.errors import ValidationError
from custjournal.services import commitments, customers, projects
from custjournal.services.demo import build_demo
from custjournal.services.interchange import json_format
from custjournal.store import Journal

from .conftest import NOW


def test_the_sample_spans_countries_zones_stages_and_project_phases(
    demo_journal: Journal,
) -> None:
    rows = customers.list_customers(demo_journal, now=NOW)
    assert len(rows) == 30
    assert len({r.country for r in rows}) >= 10
    assert len({r.timezone for r in rows}) >= 10
    assert {r.stage.value for r in rows} == {"prospect", "active", "past", "lost"}
    phases = {p.status for p in projects.list_projects(demo_journal)}
    assert ProjectStatus.PROPOSED in phases  # before delivery
    assert ProjectStatus.RUNNING in phases  # during
    assert phases & {ProjectStatus.DELIVERED, ProjectStatus.CLOSED}  # after
    data = json_format.export_journal(demo_journal)
    assert data["etiquette_reminders"]
    assert data["notices"] and data["due_changes"] and data["scope_additions"]


def test_the_sample_refuses_to_overwrite_a_journal(demo_journal: Journal) -> None:
    before = json_format.dumps(json_format.export_journal(demo_journal))
    with pytest.raises(ValidationError) as caught:
        build_demo(demo_journal, now=NOW)
    assert caught.value.field == "journal"
    assert json_format.dumps(json_format.export_journal(demo_journal)) == before


def test_the_sample_has_commitments_in_every_state_both_ways(demo_journal: Journal) -> None:
    seen = Counter((c.direction, c.status) for c in commitments.list_commitments(demo_journal))
    missing = [(d.value, s.value) for d in Direction for s in CommitmentStatus if not seen[(d, s)]]
    assert missing == []


def test_upcoming_sample_appointments_fall_on_working_days(demo_journal: Journal) -> None:
    weekend = [
        f"{c.title} — {c.customer_name}: {c.due_at.astimezone(ZoneInfo(c.timezone)):%a %d %b}"
        for c in commitments.list_commitments(demo_journal, kind=CommitmentKind.APPOINTMENT)
        if c.due_at > NOW and c.due_at.astimezone(ZoneInfo(c.timezone)).weekday() >= 5
    ]
    assert weekend == []
