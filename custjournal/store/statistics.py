"""Query-planner statistics: SQLite picks good plans for the rules' joins once it knows how
many rows each index narrows to (sqlite_stat1); without them it guesses, and on a large
journal a guess can read every open commitment once per customer."""

from __future__ import annotations

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError


def analyze(connection: Connection) -> None:
    """Measure every table now (after a bulk load): both SQLite and PostgreSQL."""
    connection.exec_driver_sql("ANALYZE")


def optimize(engine: Engine) -> None:
    """SQLite's own upkeep before closing: statistics for the tables queries used that have
    none or changed much since (nothing when none is due; measuring the whole stress journal
    takes under a second, and sampled statistics misled the planner). A journal that cannot
    be written now (read-only file, another writer) keeps the statistics it has."""
    if engine.dialect.name != "sqlite":
        return  # the server's autovacuum keeps its statistics
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("PRAGMA optimize")
    except DBAPIError:
        pass
