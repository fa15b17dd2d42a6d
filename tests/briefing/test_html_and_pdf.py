"""Exports a person opens: escaped self-contained HTML, and a PDF whose text holds the facts."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest

from custjournal.domain import Commitment, Contact, Customer, Interaction, Project
from custjournal.domain.enums import Channel, CommitmentKind, ProjectStatus, Stage
from custjournal.services.briefing import build_briefing
from custjournal.services.render.briefing_html import render_briefing_html
from custjournal.services.render.safe import markdown_html
from custjournal.store import Journal
from tests.briefing.conftest import Ids
from tests.briefing.helpers import pdf_text

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


class Elements(HTMLParser):
    """Every element with its attributes, and the text a reader would see."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    return parser


@pytest.fixture
def html(filled: Journal, ids: Ids) -> str:
    return render_briefing_html(build_briefing(filled, customer_id=ids.mills, now=NOW))


def test_user_html_in_a_note_shows_as_text_and_loads_nothing(html: str) -> None:
    page = parse(html)
    names = [tag for tag, _ in page.tags]
    assert "script" not in names and "img" not in names and "iframe" not in names
    assert "link" not in names  # no external stylesheet
    assert not any("src" in attrs for _, attrs in page.tags)
    # Links stay clickable (http/https only) but a link loads nothing by itself; the image
    # syntax is shown as "!" and a link, never fetched.
    hrefs = [attrs["href"] for tag, attrs in page.tags if tag == "a"]
    assert hrefs == ["https://example.com/spec", "http://evil.example/t.gif"]
    loaders = {"src", "srcset", "background", "poster", "data", "action", "formaction", "style"}
    assert not any(loaders & attrs.keys() for _, attrs in page.tags)
    shown = "".join(page.text)
    assert "<script>alert('pwned')</script>" in shown  # visible, as text
    assert '<img src="http://evil.example/pixel.png">' in shown
    assert "[click me](javascript:alert(1))" in shown
    assert "url(" not in html and "@import" not in html
    assert "default-src 'none'" in html  # and the browser is told to load nothing anyway


@pytest.mark.parametrize(
    ("note", "forbidden"),
    [
        ("<script>alert(1)</script>", "<script"),
        ('<img src="http://x.example/p.png" onerror="alert(1)">', "<img"),
        ("![pixel](http://x.example/p.png)", "<img"),
        ("[x](javascript:alert(1))", "href"),
        ("[x](JaVaScRiPt:alert(1))", "href"),
        ("[x](data:text/html;base64,PHNjcmlwdD4=)", "href"),
        ("[x](file:///etc/passwd)", "href"),
        ("<javascript:alert(1)>", "href"),
        ('<a href="https://x.example">raw</a>', "<a "),
        ("<iframe src=https://x.example></iframe>", "<iframe"),
    ],
)
def test_note_markdown_cannot_smuggle_html_or_unsafe_links(note: str, forbidden: str) -> None:
    assert forbidden not in markdown_html(note)


def test_note_markdown_keeps_formatting_and_safe_links() -> None:
    rendered = markdown_html("**bold** [site](https://x.example) <mailto:a@b.example>")
    assert "<strong>bold</strong>" in rendered
    assert '<a href="https://x.example">site</a>' in rendered
    assert 'href="mailto:a@b.example"' in rendered


def test_a_customer_name_with_markup_is_escaped_everywhere(journal: Journal) -> None:
    with journal.transaction() as s:
        c = Customer(name='<b onmouseover="x()">Evil & Co</b>', created_at=NOW)
        s.add(c)
        s.flush()
        s.add(Contact(customer_id=c.id, name="<i>Bob</i>", form_of_address='"Mr." <Bob>'))
        cid = c.id
    page = parse(render_briefing_html(build_briefing(journal, customer_id=cid, now=NOW)))
    assert not any(attrs.get("onmouseover") for _, attrs in page.tags)
    assert "i" not in [tag for tag, _ in page.tags]
    shown = "".join(page.text)
    assert 'Briefing: <b onmouseover="x()">Evil & Co</b>' in shown
    assert '"Mr." <Bob>' in shown


def test_briefing_pdf_is_valid_and_holds_the_facts(html: str, tmp_path: Path, qapp) -> None:
    from custjournal.gui.pdf import write_pdf

    out = write_pdf(html, tmp_path / "brief.pdf", title="Briefing")
    pages, text = pdf_text(out)
    assert pages >= 1
    for fact in (
        "Briefing: Nordic Mills Oy",
        "Wed 25 Nov 2026 07:00 your time — 09:00 in Helsinki",
        "Mill HQ, Tampere",
        "Ms. Virtanen",
        "Invoices out the same day the work is done",
        "10,000.00 EUR → 11,000.00 EUR (+10.0 %",
        "+14 days",
        "Send the data migration plan",
        "3 days overdue",
        "asked 3×",
        "First in-person meeting",
        "sauna",
        "<script>alert('pwned')</script>",  # printed as the text it is
    ):
        assert fact in text, fact


def _typical(journal: Journal) -> int:
    """An ordinary customer: two contacts, three short notes, two promises, one project."""
    with journal.transaction() as s:
        c = Customer(
            name="Helios Architects",
            stage=Stage.ACTIVE,
            country="GB",
            timezone="Europe/London",
            request="A faster file server",
            root_need="Drawings open in seconds during client meetings",
            created_at=NOW,
        )
        s.add(c)
        s.flush()
        s.add_all(
            [
                Contact(
                    customer_id=c.id, name="Grace Hill", role="Partner", form_of_address="Grace"
                ),
                Contact(customer_id=c.id, name="Tom Reed", role="Office manager"),
                Project(
                    customer_id=c.id,
                    name="File server",
                    status=ProjectStatus.RUNNING,
                    price=Decimal("6400.00"),
                    start_date=date(2026, 11, 1),
                    end_date=date(2026, 12, 18),
                    scope="New server, migration, backup",
                    success_criteria="Largest drawing opens in under 5 s",
                    created_at=NOW,
                ),
            ]
        )
        for day in (2, 10, 18):
            s.add(
                Interaction(
                    customer_id=c.id,
                    occurred_at=datetime(2026, 11, day, 10, tzinfo=UTC),
                    created_at=NOW,
                    title=f"Call {day}",
                    body="Short update; they are happy with progress so far.",
                )
            )
        s.add(
            Commitment(
                uid="typical-1",
                customer_id=c.id,
                kind=CommitmentKind.APPOINTMENT,
                title="Migration review",
                due_at=datetime(2026, 11, 26, 10, tzinfo=UTC),
                timezone="Europe/London",
                duration_minutes=60,
                location="Their office",
                channel=Channel.IN_PERSON,
                created_at=NOW,
            )
        )
        return c.id


def test_a_typical_customer_fits_one_a4_page(journal: Journal, tmp_path: Path, qapp) -> None:
    from custjournal.gui.pdf import write_pdf
    from custjournal.services.etiquette import install_starter_pack

    install_starter_pack(journal)
    cid = _typical(journal)
    briefing = build_briefing(journal, customer_id=cid, now=NOW)
    pages, text = pdf_text(write_pdf(render_briefing_html(briefing), tmp_path / "t.pdf"))
    assert "Drawings open in seconds" in text
    assert pages == 1
