"""The main views, by name: built the first time they are shown, not all at start-up.

Importing and building every view (with their models, dialogs and the services behind them)
cost more than a second of a cold start, for views most sessions never open. The navigation
bar needs only each view's name, title and icon, so those live here; the class is imported
when the view is first wanted. tests/gui/test_view_registry.py keeps this table and the view
classes in step.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from custjournal.gui.views.base import View


@dataclass(frozen=True, slots=True)
class ViewSpec:
    name: str
    title: str
    icon_name: str
    module: str
    cls: str

    def load(self) -> type[View]:
        return getattr(importlib.import_module(self.module), self.cls)  # type: ignore[no-any-return]


def _spec(name: str, title: str, module: str, cls: str, icon: str = "") -> ViewSpec:
    return ViewSpec(name, title, icon or name, f"custjournal.gui.views.{module}", cls)


# In navigation order: Ctrl+1 is the first. New views go last, so shortcuts people already
# use keep their views.
VIEWS: tuple[ViewSpec, ...] = (
    _spec("today", "Today", "today", "TodayView"),
    _spec("customers", "Customers", "customers", "CustomersView"),
    _spec("workspace", "Customer", "workspace", "WorkspaceView"),
    _spec("projects", "Projects", "projects", "ProjectsView"),
    _spec("risks", "Risks", "risks", "RisksView"),
    _spec("search", "Search", "search", "SearchView"),
    _spec("briefing", "Briefing", "briefing", "BriefingView"),
    _spec("week", "Week ahead", "week", "WeekView"),
)


class LazyViews(dict[str, "View"]):
    """name -> view; a view is built (by `build`) the first time it is asked for."""

    def __init__(self, specs: tuple[ViewSpec, ...], build: Callable[[ViewSpec], View]) -> None:
        super().__init__()
        self.specs = {spec.name: spec for spec in specs}
        self._build = build

    def __missing__(self, name: str) -> View:
        spec = self.specs[name]  # KeyError for a name no view has
        view = self._build(spec)
        self[name] = view
        return view

    def get(self, name: str, default: Any = None) -> Any:  # type: ignore[override]
        return self[name] if name in self.specs else default

    def __contains__(self, name: object) -> bool:
        return name in self.specs

    def built(self, name: str) -> View | None:
        """The view if it has been built, without building it."""
        return dict.get(self, name)
