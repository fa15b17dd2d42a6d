"""The journal's domain: typed SQLAlchemy models, enums and value types (no Qt, no I/O).

The models are imported on first use of any of them, all together (their mappers name each
other): a cold start paints Today from what it kept before it needs them, and the declarative
classes cost about a fifth of a second to create. The enums, times and errors are light.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from custjournal.domain.errors import ConflictError, NotFoundError, ValidationError

if TYPE_CHECKING:
    from custjournal.domain.base import Base
    from custjournal.domain.commitments import Commitment, DueChange, Notice
    from custjournal.domain.customers import Contact, Customer
    from custjournal.domain.etiquette import EtiquetteReminder
    from custjournal.domain.journal import CustomerQuestion, Interaction, interaction_contacts
    from custjournal.domain.projects import Project, ProjectChange, Retrospective, ScopeAddition
    from custjournal.domain.settings import RiskSnooze, Setting
    from custjournal.domain.suggestions import PromiseDecision, SuggestionDecision
    from custjournal.domain.trash import TrashItem, TrashKind

# Each model's module, in the order the eager package imported them.
_MODELS = {
    "Base": "base",
    "Commitment": "commitments",
    "DueChange": "commitments",
    "Notice": "commitments",
    "Contact": "customers",
    "Customer": "customers",
    "EtiquetteReminder": "etiquette",
    "CustomerQuestion": "journal",
    "Interaction": "journal",
    "interaction_contacts": "journal",
    "Project": "projects",
    "ProjectChange": "projects",
    "Retrospective": "projects",
    "ScopeAddition": "projects",
    "RiskSnooze": "settings",
    "Setting": "settings",
    "PromiseDecision": "suggestions",
    "SuggestionDecision": "suggestions",
    "TrashItem": "trash",
    "TrashKind": "trash",
}


def load_models() -> None:
    """Import every model, so that any mapper can find the others it names."""
    for module in dict.fromkeys(_MODELS.values()):
        import_module(f"{__name__}.{module}")


if not TYPE_CHECKING:  # type checkers see the imports above, and misspelt names stay errors

    def __getattr__(name: str) -> Any:
        module = _MODELS.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        load_models()
        value = getattr(import_module(f"{__name__}.{module}"), name)
        globals()[name] = value
        return value


__all__ = [
    "Base",
    "Commitment",
    "ConflictError",
    "Contact",
    "Customer",
    "CustomerQuestion",
    "DueChange",
    "EtiquetteReminder",
    "Interaction",
    "Notice",
    "NotFoundError",
    "Project",
    "ProjectChange",
    "PromiseDecision",
    "Retrospective",
    "RiskSnooze",
    "ScopeAddition",
    "Setting",
    "SuggestionDecision",
    "TrashItem",
    "TrashKind",
    "ValidationError",
    "interaction_contacts",
]
