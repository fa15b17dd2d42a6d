"""Promises found in notes: the pure finder, and suggestions offered from saved notes."""

from custjournal.services.promises.finder import Finding, find_promises

__all__ = ["Finding", "find_promises"]
