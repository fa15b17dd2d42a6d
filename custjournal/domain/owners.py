"""Who on our side owns a commitment, as seen from one computer (a team journal's laptop)."""

from __future__ import annotations


def colleague(owner: str, me: str) -> str:
    """`owner` when it names someone other than `me` (the person at this computer; names
    compared as people type them, case aside); '' for mine and for nobody's."""
    return owner if owner and owner.casefold() != me.casefold() else ""
