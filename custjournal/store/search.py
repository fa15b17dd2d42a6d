"""Full-text search over notes: SQLite FTS5 (triggers), PostgreSQL text search (GIN), else LIKE."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import Connection, Integer, Select, TextualSelect, column, func, or_, select, text
from sqlalchemy.orm import Session

from custjournal.domain import Interaction

FTS_TABLE = "interactions_fts"

# Created by the migration that introduces the index; kept in sync by the database itself,
# so no code path that writes an interaction can forget to update it.
SQLITE_DDL = (
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5("
    "title, body, content='interactions', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER interactions_fts_ai AFTER INSERT ON interactions BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    f"CREATE TRIGGER interactions_fts_ad AFTER DELETE ON interactions BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, body) "
    f"VALUES ('delete', old.id, old.title, old.body); END",
    f"CREATE TRIGGER interactions_fts_au AFTER UPDATE OF title, body ON interactions BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, body) "
    f"VALUES ('delete', old.id, old.title, old.body); "
    f"INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES (new.id, new.title, new.body); END",
)
SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS interactions_fts_au",
    "DROP TRIGGER IF EXISTS interactions_fts_ad",
    "DROP TRIGGER IF EXISTS interactions_fts_ai",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
)


# PostgreSQL keeps each note's document in a stored column (migration 0006), computed by the
# server from the title and body, with a GIN index on it: ranking or re-checking a match reads
# the stored vector instead of parsing the note again. The text search configuration is
# 'simple' (no stemming: the notes mix languages, like FTS5's unicode61) with accents folded
# by `unaccent`, so "muller" finds Müller on both databases.
PG_CONFIG = "custjournal_search"
PG_COLUMN = "search_vector"
PG_INDEX = f"{FTS_TABLE}_gin"
PG_DDL = f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON interactions USING gin ({PG_COLUMN})"
PG_DROP = f"DROP INDEX IF EXISTS {PG_INDEX}"


def is_search_index_object(name: str | None) -> bool:
    """Search objects outside the models (FTS5 tables, the stored document column and its GIN
    index on PostgreSQL); drift checks ignore them."""
    return bool(name) and (str(name).startswith(FTS_TABLE) or name == PG_COLUMN)


def create_index(connection: Connection) -> None:
    """Create the search index this database supports (idempotent on PostgreSQL)."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(PG_DDL)
        return
    if connection.dialect.name != "sqlite":
        return
    for statement in SQLITE_DDL:
        connection.exec_driver_sql(statement)
    rebuild_index(connection)


def drop_index(connection: Connection) -> None:
    # On PostgreSQL only the GIN index goes: the stored column is part of the table and the
    # server fills it for every row written, index or not.
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(PG_DROP)
        return
    if connection.dialect.name != "sqlite":
        return
    for statement in SQLITE_DROP:
        connection.exec_driver_sql(statement)


def rebuild_index(connection: Connection) -> None:
    # PostgreSQL's GIN index is maintained by the server; nothing to rebuild.
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


@dataclass(frozen=True, slots=True)
class Term:
    """One thing a note must contain: a word, or several words in a row (a quoted phrase)."""

    words: tuple[str, ...]
    prefix: bool = False  # the word is only the beginning of one (the user is still typing)


# Letters and digits; underscores and punctuation separate words, as in both indexes.
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_PHRASE_OR_WORD = re.compile(r'"([^"]*)"|([^\W_]+)', re.UNICODE)


def words(query: str) -> list[str]:
    """The search words of a query, punctuation dropped (so user text is never FTS syntax)."""
    return _WORD.findall(unicodedata.normalize("NFC", query))


def terms(query: str) -> list[Term]:
    """What the user asked for: every word must occur; "quoted words" must occur in a row.

    Nothing the user types is query syntax: AND, OR, NEAR and * are words or punctuation like
    any other, and a quote without its partner is ignored. The last word is a prefix (search
    answers while the user types) unless it ends a quoted phrase, which asks for exactly that.
    """
    text = unicodedata.normalize("NFC", query)
    if text.count('"') % 2:
        text = text.replace('"', " ")
    found: list[Term] = []
    quoted = False  # whether the last term found was in quotes
    for match in _PHRASE_OR_WORD.finditer(text):
        if match.group(2) is not None:
            found.append(Term((match.group(2),)))
            quoted = False
        elif inside := tuple(_WORD.findall(match.group(1))):
            found.append(Term(inside))
            quoted = True
    if found and not quoted:
        found[-1] = Term(found[-1].words, prefix=True)
    return found


def fts_expression(query: str) -> str:
    """An FTS5 MATCH expression: each word or phrase quoted as a string, joined by AND."""
    parts = []
    for term in terms(query):
        # A quoted FTS5 string is one token or a phrase of several; words never hold quotes.
        part = '"' + " ".join(term.words) + '"'
        parts.append(part + "*" if term.prefix else part)
    return " AND ".join(parts)


def tsquery_expression(query: str) -> str:
    """A PostgreSQL to_tsquery text: each word quoted as one lexeme, phrases joined by <->."""
    parts = []
    for term in terms(query):
        lexemes = [f"'{word.lower()}'" for word in term.words]
        if term.prefix:
            lexemes[-1] += ":*"
        parts.append(lexemes[0] if len(lexemes) == 1 else "(" + " <-> ".join(lexemes) + ")")
    return " & ".join(parts)


def search_ids(
    session: Session,
    query: str,
    *,
    customer_id: int | None = None,
    limit: int = 200,
    offset: int = 0,
) -> list[int]:
    """Ids of matching interactions, the most recently written first; a page of them.

    Newest first, not "best match" first: a consultant searching "firewall" wants what was
    last said about it, and ranking costs time in proportion to the matches (bm25 over the
    37,000 notes that say "firewall" in a 500,000-note journal: 0.2 s in FTS5 alone), while
    both indexes hand out their matches newest-written first almost for free. Newest written
    is the order the ids were given; a note logged today about last week comes before notes
    written yesterday.
    """
    page = page_of_ids(session, query, customer_id=customer_id, limit=limit, offset=offset)
    return [] if page is None else list(session.scalars(page))


def page_of_ids(
    session: Session,
    query: str,
    *,
    customer_id: int | None = None,
    limit: int = 200,
    offset: int = 0,
) -> Select[tuple[int]] | TextualSelect | None:
    """The statement search_ids runs (one column, `id`), to use as a subquery; None when the
    query has no words to look for."""
    if not terms(query):
        return None
    dialect = session.get_bind().dialect.name
    params = {"limit": limit, "offset": offset}
    if customer_id is not None:
        params["cid"] = customer_id
    if dialect == "sqlite":
        params["q"] = fts_expression(query)
        sql = (
            _sqlite_matches(session, customer_id)
            + " ORDER BY f.rowid DESC LIMIT :limit OFFSET :offset"
        )
    elif dialect == "postgresql":
        params["q"] = tsquery_expression(query)
        sql = _pg_matches(customer_id) + " ORDER BY id DESC LIMIT :limit OFFSET :offset"
    else:
        return _like(query, customer_id).order_by(Interaction.id.desc()).offset(offset).limit(limit)
    return text(sql).bindparams(**params).columns(column("id", Integer))


def count_matches(
    session: Session, query: str, *, customer_id: int | None = None, cap: int = 1000
) -> int:
    """How many interactions match, counting no further than `cap` (a common word matches tens
    of thousands of notes; nobody reads past the first few hundred, and counting them all costs
    more than finding the page shown)."""
    if not terms(query):
        return 0
    dialect = session.get_bind().dialect.name
    params = {"cap": cap, "cid": customer_id}
    if dialect == "sqlite":
        params["q"] = fts_expression(query)
        inner = _sqlite_matches(session, customer_id)
    elif dialect == "postgresql":
        params["q"] = tsquery_expression(query)
        inner = _pg_matches(customer_id)
    else:
        capped = _like(query, customer_id).limit(cap).subquery()
        return int(session.scalar(select(func.count()).select_from(capped)) or 0)
    sql = f"SELECT count(*) FROM ({inner} LIMIT :cap) AS m"
    return int(session.execute(text(sql), params).scalar() or 0)


# A customer with at most this many notes has their ids listed first; see _sqlite_matches.
FEW_NOTES = 5000


def _sqlite_matches(session: Session, customer_id: int | None) -> str:
    if customer_id is None:
        return f"SELECT f.rowid AS id FROM {FTS_TABLE} f WHERE {FTS_TABLE} MATCH :q"
    # FTS5 hands out matches newest first and each is checked for the customer: against the
    # customer's ids listed once in memory when they are few (a 55-note customer, "firewall"
    # in 500,000 notes: 24 ms instead of 134 ms through the notes table), else against the
    # (customer, id) index (the 50,000-note customer: 17 ms instead of 67 ms). Asking FTS5
    # about each of the customer's notes instead costs a whole match per note: seconds.
    few = (
        session.execute(
            text(
                "SELECT count(*) FROM (SELECT 1 FROM interactions WHERE customer_id = :cid "
                "LIMIT :few)"
            ),
            {"cid": customer_id, "few": FEW_NOTES + 1},
        ).scalar_one()
        <= FEW_NOTES
    )
    if few:
        return (
            f"SELECT f.rowid AS id FROM {FTS_TABLE} f WHERE {FTS_TABLE} MATCH :q "
            "AND +f.rowid IN (SELECT id FROM interactions WHERE customer_id = :cid)"
        )
    return (
        f"SELECT f.rowid AS id FROM {FTS_TABLE} f "
        "JOIN interactions i INDEXED BY ix_interactions_customer_id "
        f"ON i.id = f.rowid AND i.customer_id = :cid WHERE {FTS_TABLE} MATCH :q"
    )


def _pg_matches(customer_id: int | None) -> str:
    where = " AND customer_id = :cid" if customer_id is not None else ""
    return f"SELECT id FROM interactions WHERE {PG_COLUMN} @@ to_tsquery('{PG_CONFIG}', :q){where}"


def _like(query: str, customer_id: int | None) -> Select[tuple[int]]:
    # Databases without a text index: every word somewhere in the title or body.
    stmt = select(Interaction.id)
    for word in words(query):
        pattern = f"%{word}%"
        stmt = stmt.where(or_(Interaction.title.ilike(pattern), Interaction.body.ilike(pattern)))
    if customer_id is not None:
        stmt = stmt.where(Interaction.customer_id == customer_id)
    return stmt
