"""Notes render without fetching anything; links open only http/https/mailto, after asking."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QTextDocument

from custjournal.gui.browser import SafeBrowser, note_html
from custjournal.gui.tray import due_alerts
from custjournal.services.commitments import add_appointment, add_promise
from custjournal.services.customers import create_customer


def test_note_markdown_cannot_load_images_or_run_html(qtbot):
    browser = SafeBrowser()
    qtbot.addWidget(browser)
    html = note_html("**Bold** <script>alert(1)</script> ![pixel](https://tracker.example/p.gif)")
    assert "<script>" not in html
    browser.setHtml(html)
    assert "Bold" in browser.toPlainText()
    url = QUrl("https://tracker.example/p.gif")
    assert browser.loadResource(int(QTextDocument.ResourceType.ImageResource), url) is None


def test_links_open_only_safe_schemes_after_confirmation(qtbot, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", staticmethod(lambda u: opened.append(u.toString()))
    )
    browser = SafeBrowser()
    qtbot.addWidget(browser)
    asked: list[str] = []
    browser.confirm = lambda url: asked.append(url.toString()) or len(asked) > 1
    for link in ("javascript:alert(1)", "file:///etc/passwd", "https://example.com/a"):
        browser.anchorClicked.emit(QUrl(link))
    assert asked == ["https://example.com/a"] and opened == []  # declined
    browser.anchorClicked.emit(QUrl("mailto:anna@example.com"))
    assert opened == ["mailto:anna@example.com"]


def test_tray_alerts_for_new_critical_risks_and_near_appointments(qapp, journal, now):
    customer = create_customer(journal, name="Hanbit Robotics", now=now, stage="active")
    add_promise(
        journal,
        customer_id=customer.id,
        title="Send specs",
        due_at=now - timedelta(hours=2),
        now=now - timedelta(days=2),
    )
    add_appointment(
        journal,
        customer_id=customer.id,
        title="Line review",
        starts_at=now + timedelta(minutes=10),
        duration_minutes=30,
        now=now - timedelta(days=1),
        channel="video",
    )
    alerts = due_alerts(journal, now, frozenset())
    titles = [title for _, title, _ in alerts]
    assert "Critical: Hanbit Robotics" in titles
    assert "Soon: Line review" in titles
    seen = frozenset(key for key, _, _ in alerts)
    assert due_alerts(journal, now, seen) == []  # each is announced once
