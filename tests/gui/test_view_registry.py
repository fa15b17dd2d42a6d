"""The navigation table names each view as its class does; views are built when first shown."""

from __future__ import annotations

import pytest

from custjournal.gui.views.registry import VIEWS


@pytest.mark.parametrize("spec", VIEWS, ids=lambda spec: spec.name)
def test_the_table_matches_the_view_class(spec) -> None:
    view = spec.load()
    assert (view.name, view.title, view.icon_name) == (spec.name, spec.title, spec.icon_name)


def test_a_view_is_built_only_when_it_is_first_wanted(window, qtbot) -> None:
    assert window.views.built("search") is None  # nobody opened it yet
    assert "search" in window.views  # but the window knows it
    window.nav_actions["search"].trigger()
    search = window.views.built("search")
    assert search is not None and window.current_view() is search
    qtbot.waitUntil(lambda: search.isVisible())
    # Ctrl+N order is the table's.
    assert [a.text() for a in window.nav_bar.actions()] == [s.title for s in VIEWS]
