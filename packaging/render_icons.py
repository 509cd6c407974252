"""Render the icon master (SVG) to the PNG sizes desktops and installers ask for.

Run from the repository root after editing the master:
``QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/render_icons.py``. It writes the freedesktop
``hicolor`` tree under ``packaging/icons/`` and the copies the app itself loads from
``resources/icons/``. Qt's own SVG renderer is used so no tool beyond the project's dependencies is
needed; ``rsvg-convert`` (Debian ``librsvg2-bin``) gives the same picture if you prefer it.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

APP_ID = "io.github.reflect_journal.Reflect"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ROOT = Path(__file__).resolve().parent.parent
HICOLOR = ROOT / "packaging" / "icons" / "hicolor"
MASTER = HICOLOR / "scalable" / "apps" / f"{APP_ID}.svg"
APP_ICONS = ROOT / "resources" / "icons"


def png_path(size: int) -> Path:
    """Where the PNG of one size lives in the hicolor tree."""
    return HICOLOR / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def render(svg: Path, size: int, out: Path) -> None:
    """Draw ``svg`` into a transparent ``size`` x ``size`` PNG with antialiasing."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"render_icons: {svg} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(out), "PNG"):
        raise SystemExit(f"render_icons: could not write {out}")


def main() -> int:
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    for size in SIZES:
        render(MASTER, size, png_path(size))
    APP_ICONS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(MASTER, APP_ICONS / "reflect.svg")
    shutil.copyfile(png_path(256), APP_ICONS / "reflect-256.png")
    del app
    print(f"rendered {len(SIZES)} sizes from {MASTER.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
