"""Projects for the large demo journals: agreed terms, price drift, extras, retrospectives."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from custjournal.domain import Project, ProjectChange, Retrospective, ScopeAddition
from custjournal.domain.enums import ProjectField, ProjectStatus, Stage


def write_projects(w: Any) -> None:
    """Projects of the non-prospects, with price changes, extras and retrospectives

    (`w` is the large-demo writer: its random stream, customers, `now` and `put`)."""
    r, now = w.rng, w.now
    changes, extras, retros = [], [], []
    projects = []
    for c in w.customers:
        if c.stage == Stage.PROSPECT:
            continue
        for _ in range(r.choice((0, 1, 1, 2, 3))):
            pid = len(projects) + 1
            start = w.between(c.start, c.end)
            end = start + timedelta(days=r.randint(20, 200))
            status = ProjectStatus.RUNNING if end > now else r.choice(
                [ProjectStatus.CLOSED, ProjectStatus.CLOSED, ProjectStatus.DELIVERED,
                 ProjectStatus.CANCELLED])  # fmt: skip
            price = Decimal(r.randint(20, 600) * 100)
            projects.append({
                "id": pid, "customer_id": c.id, "name": f"Project {w.words.promise()}",
                "status": status, "currency": "EUR", "price": price,
                "start_date": start.date(), "end_date": end.date(), "notes": "",
                "scope": "As agreed in the proposal", "success_criteria": "Signed off",
                "handover_criteria": "Runbook handed over", "agreed_at": start,
                "delivered_at": min(end, now) if status != ProjectStatus.RUNNING else None,
                "created_at": start - timedelta(days=14), "version": 1,
            })  # fmt: skip
            for _ in range(r.choice((0, 0, 1, 2))):
                changes.append({
                    "project_id": pid, "field": ProjectField.PRICE, "reason": "More users",
                    "changed_at": w.between(start, min(end, now)), "old_amount": price,
                    "new_amount": price + 500, "old_date": None, "new_date": None,
                })  # fmt: skip
            if r.random() < 0.3:
                extras.append({
                    "project_id": pid, "added_at": w.between(start, min(end, now)),
                    "description": "Also the shared calendar", "customer_agreed": True,
                    "extra_price": Decimal(r.randint(1, 20) * 100),
                })  # fmt: skip
            if status == ProjectStatus.CLOSED:
                retros.append({
                    "project_id": pid, "went_well": "On time", "went_wrong": "",
                    "i_own": "", "satisfaction": r.randint(3, 5), "work_again": "yes",
                    "lessons": "Agree the scope in writing", "created_at": end,
                    "completed_at": end, "version": 1,
                })  # fmt: skip
    w.put(Project.__table__, iter(projects))
    w.put(ProjectChange.__table__, iter(changes))
    w.put(ScopeAddition.__table__, iter(extras))
    w.put(Retrospective.__table__, iter(retros))
