"""PDF export of briefings and retrospectives: HTML laid out by QTextDocument onto A4 pages.

Headless callers (the CLI) get an offscreen QGuiApplication when none exists, so no window
or display is needed. SVG pictures are drawn into images the document embeds: nothing is
loaded from outside, and the text stays real text (searchable and extractable).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QMarginsF, QSizeF, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from custjournal.gui.english import english_times
from custjournal.store.files import create_private

MARGIN_MM = 10.0
IMAGE_SCALE = 3
TIMELINE_IMAGE = "cj-timeline"  # draw pictures at 3x so they stay sharp in print
_app: QGuiApplication | None = None


def ensure_gui_app() -> QGuiApplication:
    """The running application, or a headless one kept for the life of the process.

    A full QApplication (not just QGuiApplication), so that widgets created later in the
    same process (the window, or GUI tests) still work.
    """
    global _app
    existing = QGuiApplication.instance()
    if existing is not None:
        return existing  # type: ignore[return-value]
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QApplication(["custjournal-pdf"])
    english_times()
    return _app


def svg_image(svg: str) -> QImage:
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    size = renderer.defaultSize()
    image = QImage(
        size.width() * IMAGE_SCALE, size.height() * IMAGE_SCALE, QImage.Format.Format_ARGB32
    )
    image.fill(QColor("white"))
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    return image


def write_pdf(
    html: str,
    path: str | Path,
    *,
    title: str = "",
    images: Mapping[str, str] | None = None,
) -> Path:
    """Lay `html` out on A4 and write it to `path`; `images` maps <img src> names to SVG."""
    ensure_gui_app()
    target = Path(path)
    document = QTextDocument()
    font = QFont("DejaVu Sans")
    font.setPointSizeF(8.5)
    document.setDefaultFont(font)
    for name, svg in (images or {}).items():
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), svg_image(svg))
    document.setHtml(html)
    writer = QPdfWriter(str(create_private(target)))
    writer.setCreator("custjournal")
    writer.setTitle(title)
    writer.setResolution(300)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
            QPageLayout.Unit.Millimeter,
        )
    )
    # Lay out in 96-dpi units of the printable area: without an explicit page size Qt
    # scales point sizes by 96/72 when printing and the page holds a third less.
    width_mm = 210.0 - 2 * MARGIN_MM
    height_mm = 297.0 - 2 * MARGIN_MM
    document.setPageSize(QSizeF(width_mm / 25.4 * 96, height_mm / 25.4 * 96))
    document.print_(writer)
    del writer  # closes the file
    target.chmod(0o600)
    return target


def briefing_pdf(briefing: Any, path: str | Path) -> Path:
    """A Briefing (services.briefing) as a PDF at `path`."""
    from custjournal.services.render.briefing_html import render_briefing_html  # noqa: PLC0415

    return write_pdf(
        render_briefing_html(briefing), path, title=f"Briefing: {briefing.customer_name}"
    )


def retrospective_pdf(report: Any, path: str | Path, *, proposals: Sequence[Any] = ()) -> Path:
    """A RetroReport (services.retrospective) as a PDF, its timeline drawn as an image."""
    from custjournal.services.render.retro_html import render_retro_html  # noqa: PLC0415
    from custjournal.services.render.timeline_svg import timeline_svg  # noqa: PLC0415

    html = render_retro_html(report, proposals=proposals, image_src=TIMELINE_IMAGE)
    return write_pdf(
        html,
        path,
        title=f"Retrospective: {report.project_name}",
        images={TIMELINE_IMAGE: timeline_svg(report)},
    )
