"""custjournal — a meeting and relationship journal for independent consultants."""

__version__ = "0.1.0"
