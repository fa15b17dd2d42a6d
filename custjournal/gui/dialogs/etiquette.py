"""The editor for etiquette reminders of the user's own."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QComboBox, QWidget

from custjournal.domain.enums import EtiquetteCategory, EtiquetteScope
from custjournal.gui.context import AppContext
from custjournal.gui.dialogs.fields import FormDialog, enum_combo, text_edit
from custjournal.gui.worker import ETIQUETTE, Change
from custjournal.services.views import CustomerView


class EtiquetteDialog(FormDialog):
    """An etiquette reminder of the user's own: for this customer, their culture, or everyone."""

    def __init__(
        self, ctx: AppContext, customer: CustomerView, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, f"Etiquette reminder — {customer.name}", parent)
        self.customer = customer
        self.scope = QComboBox()
        self.scope.addItem(f"Only for {customer.name}", EtiquetteScope.CUSTOMER)
        if customer.country or customer.culture:
            code = customer.culture or customer.country
            self.scope.addItem(f"Everyone in {code}", EtiquetteScope.CULTURE)
        self.scope.addItem("Every customer", EtiquetteScope.GLOBAL)
        self.add_field("scope", "&Applies to", self.scope, aliases=("customer", "culture"))
        self.category = self.add_field(
            "category", "&Kind", enum_combo(EtiquetteCategory, current=EtiquetteCategory.CONDUCT)
        )
        self.text = self.add_field(
            "text",
            "&Reminder",
            text_edit(
                placeholder="e.g. Address her as Dr. Sato until invited otherwise", height=60
            ),
        )

    def build(self) -> tuple[Callable[[], Any], Change]:
        scope, journal, c = self.scope.currentData(), self.ctx.journal, self.customer
        category, text = self.category.currentData(), self.text.toPlainText()
        culture = (c.culture or c.country) if scope == EtiquetteScope.CULTURE else None
        customer_id = c.id if scope == EtiquetteScope.CUSTOMER else None
        from custjournal.services.etiquette import add_reminder

        return (
            lambda: add_reminder(
                journal,
                scope=scope,
                category=category,
                text=text,
                culture=culture,
                customer_id=customer_id,
            ),
            Change.of(ETIQUETTE, customer_id=c.id),
        )
