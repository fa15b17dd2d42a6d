"""The journal's domain: typed SQLAlchemy models, enums and value types (no Qt, no I/O)."""

from custjournal.domain.base import Base
from custjournal.domain.commitments import Commitment, DueChange, Notice
from custjournal.domain.customers import Contact, Customer
from custjournal.domain.errors import ConflictError, NotFoundError, ValidationError
from custjournal.domain.etiquette import EtiquetteReminder
from custjournal.domain.journal import CustomerQuestion, Interaction, interaction_contacts
from custjournal.domain.projects import Project, ProjectChange, Retrospective, ScopeAddition
from custjournal.domain.settings import RiskSnooze, Setting
from custjournal.domain.suggestions import PromiseDecision, SuggestionDecision
from custjournal.domain.trash import TrashItem, TrashKind

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
