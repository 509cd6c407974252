"""Make ``docs/screenshot-summary.png``: the Summary view over the demo journal, in a real window.

Run under a display (or Xvfb)::

    xvfb-run -a -s "-screen 0 1280x900x24" .venv/bin/python docs/make_summary_screenshot.py

The journal is the invented demo (``reflect demo``) in a temporary folder that is deleted again;
"today" is fixed so the picture is the same on every run.
"""

from __future__ import annotations

import secrets
import sys
import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from reflect.core.demo import build_demo_journal
from reflect.core.journal import Journal
from reflect.core.storage.connection import connect
from reflect.core.storage.schema import migrate
from reflect.gui.summary_view import SummaryView

TODAY = date(2026, 5, 16)
OUT = Path(__file__).resolve().parent / "screenshot-summary.png"


def main() -> int:
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Reflect")
    with tempfile.TemporaryDirectory() as folder:
        key = secrets.token_bytes(32)
        path = Path(folder) / "reflect.db"
        conn = connect(path, key, create=True)
        migrate(conn)
        conn.close()
        with Journal.open(path, key) as journal:
            build_demo_journal(journal, TODAY)
            view = SummaryView(today=lambda: TODAY)
            view.setWindowTitle("Reflect: Summary")
            view.resize(1200, 800)
            view.set_journal(journal)
            view.show()
            saved: list[bool] = []

            def grab() -> None:
                saved.append(view.grab().save(str(OUT)))
                app.quit()

            QTimer.singleShot(500, grab)
            app.exec()
            view.set_journal(None)
    if not saved or not saved[0]:
        print("could not save the screenshot", file=sys.stderr)
        return 1
    print(f"saved {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
