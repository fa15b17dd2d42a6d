"""The etiquette library: the shipped pack, installing it safely, and the user's own reminders."""

from __future__ import annotations

import json

import pytest

from custjournal import paths
from custjournal.domain import NotFoundError, ValidationError
from custjournal.domain.enums import EtiquetteCategory, EtiquetteScope
from custjournal.services import etiquette
from custjournal.store import Journal
from tests.briefing.conftest import Ids

REGIONS = {
    "Europe": {"FI", "SE", "DE", "FR", "GB"},
    "Americas": {"US", "BR", "MX"},
    "Asia": {"JP", "CN", "KR", "IN"},
    "Middle East": {"AE", "SA"},
    "Africa": {"NG", "ZA"},
}
TOPICS = {"dress", "address", "punctuality", "meals", "gifts", "channels", "decisions"}


def test_pack_covers_twelve_countries_on_every_continent_with_every_topic() -> None:
    pack = etiquette.load_pack()
    by_country: dict[str, set[str]] = {}
    for entry in pack:
        if entry.scope == EtiquetteScope.CULTURE:
            by_country.setdefault(entry.culture, set()).add(entry.category.value)
    assert len(by_country) >= 12
    for region, codes in REGIONS.items():
        assert codes & by_country.keys(), region
    for code, topics in by_country.items():
        assert topics >= TOPICS, (code, TOPICS - topics)


def test_pack_has_the_conduct_rules_that_apply_everywhere() -> None:
    keys = {e.pack_key for e in etiquette.load_pack() if e.scope == EtiquetteScope.GLOBAL}
    assert {
        "global.on-time",
        "global.announce-changes",
        "global.agree-up-front",
        "global.no-bad-mouthing",
        "global.no-swearing",
        "global.no-overpromising",
    } <= keys
    texts = " ".join(e.text for e in etiquette.load_pack() if e.scope == EtiquetteScope.GLOBAL)
    assert "phone" in texts and "acknowledged" in texts and "swearing" in texts


def test_pack_files_are_valid_json_with_every_field() -> None:
    for file in sorted((paths.RESOURCES / "etiquette").glob("*.json")):
        for raw in json.loads(file.read_text(encoding="utf-8"))["reminders"]:
            assert set(raw) == {"pack_key", "scope", "culture", "category", "text"}, file
            EtiquetteCategory(raw["category"])


def test_install_is_idempotent_and_keeps_the_users_edits(journal: Journal) -> None:
    first = etiquette.install_starter_pack(journal)
    assert first.added == len(etiquette.load_pack()) and first.kept == 0
    fi_dress = etiquette.list_reminders(journal, culture="fi", scope="culture")[0]
    assert fi_dress.pack_key == "fi.dress"
    etiquette.update_reminder(journal, reminder_id=fi_dress.id, text="Suit, always, at this mill.")
    again = etiquette.install_starter_pack(journal)
    assert again.added == 0 and again.kept == first.added
    texts = [r.text for r in etiquette.list_reminders(journal, culture="FI")]
    assert "Suit, always, at this mill." in texts
    assert len(texts) == 7


def test_deleting_a_pack_reminder_survives_a_reinstall(journal: Journal) -> None:
    etiquette.install_starter_pack(journal)
    swear = next(
        r for r in etiquette.list_reminders(journal, scope="global") if "swearing" in r.text
    )
    assert etiquette.delete_reminder(journal, reminder_id=swear.id) is False
    etiquette.install_starter_pack(journal)
    assert swear.id not in {r.id for r in etiquette.list_reminders(journal)}
    hidden = etiquette.list_reminders(journal, include_disabled=True)
    assert [r.enabled for r in hidden if r.id == swear.id] == [False]
    etiquette.update_reminder(journal, reminder_id=swear.id, enabled=True)
    assert swear.id in {r.id for r in etiquette.list_reminders(journal)}


def test_user_reminders_are_added_edited_and_really_deleted(journal: Journal) -> None:
    own = etiquette.add_reminder(
        journal, scope="culture", culture="pt", category="meals", text=" Lunch starts at 13:00 "
    )
    assert (own.culture, own.text, own.from_pack) == ("PT", "Lunch starts at 13:00", False)
    changed = etiquette.update_reminder(journal, reminder_id=own.id, category="punctuality")
    assert changed.category == EtiquetteCategory.PUNCTUALITY
    assert etiquette.delete_reminder(journal, reminder_id=own.id) is True
    assert etiquette.list_reminders(journal, culture="PT", include_disabled=True) == []
    with pytest.raises(NotFoundError):
        etiquette.delete_reminder(journal, reminder_id=own.id)


def test_reminders_for_a_customer_are_global_country_and_their_own(
    filled: Journal, ids: Ids
) -> None:
    journal = filled
    found = etiquette.reminders_for_customer(journal, ids.mills)
    scopes = {r.scope for r in found}
    assert scopes == {EtiquetteScope.GLOBAL, EtiquetteScope.CULTURE, EtiquetteScope.CUSTOMER}
    assert {r.culture for r in found if r.scope == EtiquetteScope.CULTURE} == {"FI"}
    assert any("Tuesday mornings" in r.text for r in found)
    harbour = etiquette.reminders_for_customer(journal, ids.harbour)
    assert {r.culture for r in harbour if r.culture} == {"GB"}
    assert not any("Tuesday mornings" in r.text for r in harbour)
    listed = etiquette.list_reminders(journal, customer_id=ids.mills)
    assert [r.text for r in listed] == [
        "Anna reads e-mail only on Tuesday mornings; call for anything urgent."
    ]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"scope": "culture", "culture": "Finland", "category": "dress", "text": "x"}, "culture"),
        ({"scope": "culture", "culture": "", "category": "dress", "text": "x"}, "culture"),
        ({"scope": "global", "category": "wine", "text": "x"}, "category"),
        ({"scope": "planet", "category": "dress", "text": "x"}, "scope"),
        ({"scope": "global", "category": "dress", "text": "   "}, "text"),
        ({"scope": "customer", "category": "dress", "text": "x"}, "customer"),
        ({"scope": "global", "category": "dress", "text": "x", "culture": "FI"}, "culture"),
        ({"scope": "global", "category": "dress", "text": "x", "customer_id": 1}, "customer"),
    ],
)
def test_bad_input_names_the_field(journal: Journal, fields: dict, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        etiquette.add_reminder(journal, **fields)
    assert caught.value.field == field


def test_a_reminder_for_a_missing_customer_is_refused(journal: Journal) -> None:
    with pytest.raises(NotFoundError):
        etiquette.add_reminder(
            journal, scope="customer", customer_id=999, category="dress", text="Ties"
        )
