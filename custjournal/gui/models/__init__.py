"""Qt item models over the services' query functions (rows are frozen dataclasses)."""
