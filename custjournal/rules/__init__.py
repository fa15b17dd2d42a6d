"""Pure risk rules over a read-only snapshot and an explicit `now` (no I/O, no Qt)."""
