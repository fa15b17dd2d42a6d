"""Baselines: the same facts read by hand-written SQL straight through the DBAPI driver."""

from __future__ import annotations

from typing import Any

# The columns services.risks.load_snapshot reads, one statement per table, plus the
# settings and snoozes the rules need: what the rules cost above merely fetching their input.
RULE_FACTS = (
    "SELECT id, name, stage, temperament, preferred_channel, cadence_days, country, culture, "
    "timezone, created_at FROM customers",
    "SELECT id, customer_id, occurred_at, kind, channel, project_id, timezone, title, mood "
    "FROM interactions",
    "SELECT q.id, q.interaction_id, i.customer_id, i.occurred_at, q.topic, q.text "
    "FROM customer_questions q JOIN interactions i ON i.id = q.interaction_id",
    "SELECT id, customer_id, title, due_at, kind, direction, status, timezone, project_id, "
    "interaction_id, completed_at, duration_minutes, location, channel, rrule, confirmed_at, "
    "follow_up, created_at, owner FROM commitments",
    "SELECT id, commitment_id, changed_at, old_due_at, new_due_at, notice_id FROM due_changes",
    "SELECT id, customer_id, kind, title, effective_at, sent_at, channel, commitment_id, "
    "what_changes, timezone, acknowledged_at, acknowledged_by FROM notices",
    "SELECT id, customer_id, name, status, currency, price, start_date, end_date, scope, "
    "success_criteria, handover_criteria, agreed_at, delivered_at, created_at FROM projects",
    "SELECT id, project_id, field, changed_at, old_amount, new_amount, old_date, new_date, "
    "reason FROM project_changes",
    "SELECT id, project_id, added_at, description, extra_price, customer_agreed "
    "FROM scope_additions",
    "SELECT id, project_id, created_at, completed_at FROM retrospectives",
    "SELECT scope, culture, customer_id, count(*) FROM etiquette_reminders WHERE enabled "
    "GROUP BY scope, culture, customer_id",
    "SELECT key, value FROM settings",
    "SELECT key, until FROM risk_snoozes",
)

BUSIEST = (
    "SELECT customer_id, count(*) AS n FROM interactions GROUP BY customer_id "
    "ORDER BY n DESC LIMIT 1"
)


def fetch_all(raw: Any, statements: tuple[str, ...]) -> int:
    """Run each statement on a raw DBAPI connection; the number of rows read."""
    cursor = raw.cursor()
    rows = 0
    for sql in statements:
        cursor.execute(sql)
        rows += len(cursor.fetchall())
    cursor.close()
    return rows


def replay(raw: Any, statements: list[tuple[str, Any]]) -> int:
    """Run captured (statement, parameters) pairs on a raw DBAPI connection; rows read.
    Ended as the app ends a reading (the rules' begins with BEGIN on SQLite): rolled back."""
    cursor = raw.cursor()
    rows = 0
    for sql, params in statements:
        cursor.execute(sql, params)
        rows += len(cursor.fetchall()) if cursor.description else 0
    cursor.close()
    raw.rollback()
    return rows


def briefing_facts(raw: Any, customer_id: int, now_text: str) -> int:
    """What a briefing shows, fetched bare: the customer, recent notes, open promises, projects."""
    mark = "?" if type(raw).__module__.startswith("sqlite3") else "%s"
    cursor = raw.cursor()
    rows = 0
    for sql, params in (
        (f"SELECT * FROM customers WHERE id = {mark}", (customer_id,)),
        (f"SELECT * FROM contacts WHERE customer_id = {mark}", (customer_id,)),
        (
            f"SELECT * FROM interactions WHERE customer_id = {mark} "
            "ORDER BY occurred_at DESC LIMIT 10",
            (customer_id,),
        ),
        (
            f"SELECT * FROM commitments WHERE customer_id = {mark} AND status = 'open' "
            "ORDER BY due_at",
            (customer_id,),
        ),
        (f"SELECT * FROM projects WHERE customer_id = {mark}", (customer_id,)),
        (
            f"SELECT * FROM commitments WHERE customer_id = {mark} AND kind = 'appointment' "
            f"AND due_at >= {mark} ORDER BY due_at LIMIT 1",
            (customer_id, now_text),
        ),
    ):
        cursor.execute(sql, params)
        rows += len(cursor.fetchall())
    cursor.close()
    return rows


def agenda_facts(raw: Any, start_text: str, end_text: str) -> int:
    mark = "?" if type(raw).__module__.startswith("sqlite3") else "%s"
    cursor = raw.cursor()
    cursor.execute(
        "SELECT c.*, u.name FROM commitments c JOIN customers u ON u.id = c.customer_id "
        f"WHERE c.status = 'open' AND c.due_at >= {mark} AND c.due_at < {mark} "
        "ORDER BY c.due_at",
        (start_text, end_text),
    )
    rows = len(cursor.fetchall())
    cursor.close()
    return rows


def search_facts(raw: Any, word: str) -> int:
    """The newest 200 matching ids straight from the index (FTS5 on SQLite, the stored
    tsvector on PostgreSQL): the order the service shows, without its snippets and rows."""
    cursor = raw.cursor()
    if type(raw).__module__.startswith("sqlite3"):
        cursor.execute(
            "SELECT rowid FROM interactions_fts WHERE interactions_fts MATCH ? "
            "ORDER BY rowid DESC LIMIT 200",
            (f'"{word}"*',),
        )
    else:
        cursor.execute(
            "SELECT id FROM interactions WHERE search_vector @@ "
            "to_tsquery('custjournal_search', %s) ORDER BY id DESC LIMIT 200",
            (f"'{word.lower()}':*",),
        )
    rows = len(cursor.fetchall())
    cursor.close()
    return rows
