"""No network access of any kind, through a whole session of the app.

Promise (DESIGN.md, security model): no network access of any kind; Markdown previews never fetch
remote resources. Three walls are watched at once during a session that sets up a vault, writes
entries full of remote images and links (in bodies, titles and tags), previews them, searches,
shows the summary, opens the trash, and exports in every format:

- Python's sockets: ``connect``, ``connect_ex``, ``create_connection`` and ``getaddrinfo`` record
  and refuse every call;
- Qt's own networking does not go through Python: every "remote" address points at a local
  listener, which records any connection from any layer;
- the preview and every other safe text view (``SafeTextBrowser``) record each resource a document
  asks them to load; after sanitising there must be none at all.

``tests/gui/test_preview.py`` checks the preview on its own; this is the whole app.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTextBrowser

from reflect.core.exporters import export, names
from reflect.core.keystore import MemoryKeyStore
from reflect.core.vault import Vault
from reflect.gui.export_dialog import ExportDialog
from reflect.gui.summary_view import SummaryView
from reflect.gui.widgets import SafeTextBrowser
from tests.conftest import PASSPHRASE
from tests.gui.helpers import type_text

CTRL = Qt.KeyboardModifier.ControlModifier


class Listener:
    """A local server standing in for "the internet": it notices any connection at all."""

    def __init__(self) -> None:
        self.server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(16)
        self.server.setblocking(False)
        self.base = f"http://127.0.0.1:{self.server.getsockname()[1]}"

    def connections(self) -> int:
        count = 0
        while True:
            try:
                connection, _ = self.server.accept()
            except BlockingIOError:
                return count
            connection.close()
            count += 1


@pytest.fixture
def listener() -> Iterator[Listener]:
    found = Listener()
    yield found
    found.server.close()


@pytest.fixture
def socket_guard(monkeypatch, listener) -> list[str]:
    """Every outgoing connection or name lookup from Python code: recorded, then refused."""
    attempts: list[str] = []

    def refuse(what: str):
        def call(*args, **kwargs):
            attempts.append(f"{what}{args[1:] if what.startswith('socket.') else args}")
            raise OSError(f"network access during a Reflect test: {what}")

        return call

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    return attempts


@pytest.fixture
def asked_to_load(monkeypatch) -> list[str]:
    """Every resource any safe text view is asked for, whatever the document."""
    asked: list[str] = []
    real = SafeTextBrowser.loadResource

    def load(self, kind, url):
        asked.append(url.toString() if hasattr(url, "toString") else str(url))
        return real(self, kind, url)

    monkeypatch.setattr(SafeTextBrowser, "loadResource", load)
    return asked


def hostile(base: str, n: int) -> str:
    """Markdown that would fetch (or point at) ``base`` in every way a page can."""
    return (
        f"Reflection {n} about a home visit.\n\n"
        f"![beacon]({base}/md-{n}.png)\n\n"
        f'<img src="{base}/raw-{n}.png" srcset="{base}/set-{n}.png 2x">\n\n'
        f"[the trust's policy]({base}/policy-{n}) and <{base}/autolink-{n}>\n\n"
        f'<link rel="stylesheet" href="{base}/style-{n}.css">\n\n'
        f'<p style="background: url({base}/bg-{n}.png)">styled</p>\n\n'
        f'<iframe src="{base}/frame-{n}"></iframe>\n\n'
        f'<video poster="{base}/poster-{n}.png"></video>\n\n'
        f"![also](https://evil.example/{n}.png) [there](http://evil.example/{n})\n"
    )


def test_a_whole_session_of_the_app_makes_no_network_access(
    qtbot, make_window, tmp_path, listener, socket_guard, asked_to_load
) -> None:
    """Set-up, writing remote images and links, preview, search, history, trash, summary and every
    export: no socket call, no connection to the listener, nothing asked of a safe view."""
    base = listener.base
    vault = Vault(tmp_path / "journal", keystore=MemoryKeyStore(available=False))
    window = make_window(vault)

    # Set-up: a new vault, its recovery code re-typed.
    setup = window.setup_view
    type_text(qtbot, setup.form.passphrase, PASSPHRASE)
    type_text(qtbot, setup.form.confirm, PASSPHRASE)
    qtbot.mouseClick(setup.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: setup.pages.currentIndex() == 1, timeout=15_000)
    type_text(qtbot, setup.retype, setup.code.text())
    qtbot.mouseClick(setup.continue_button, Qt.MouseButton.LeftButton)
    assert not window.is_locked
    workspace = window.workspace

    # Writing, with the preview following the text.
    for n in range(2):
        qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
        editor = workspace.editor
        type_text(qtbot, editor.body, hostile(base, n))
        qtbot.waitUntil(
            lambda n=n, editor=editor: f"Reflection {n}" in editor.preview.toPlainText()
        )
        editor.title.setFocus()
        type_text(qtbot, editor.title, f'Visit <img src="{base}/title-{n}.png"> {n}')
        editor.tags.setFocus()
        type_text(qtbot, editor.tags, f"<img src={base}/tag-{n}.png>")
        workspace.flush()
    window.new_cpd_action.trigger()
    workspace.editor.cpd_fields.learnt.setFocus()
    type_text(qtbot, workspace.editor.cpd_fields.learnt, f"![x]({base}/learnt.png)")
    workspace.flush()
    assert window.journal.count() == 3

    # Finding, reopening, the history of an item, the trash.
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(workspace.find_bar.search, "reflection")
    qtbot.waitUntil(lambda: workspace.results_model.rowCount() == 2)
    first = window.journal.list()[-1].id
    workspace.open_item(first)
    workspace.show_history(first)
    qtbot.wait(20)
    workspace.trash_item(first)
    workspace.select_section("trash")
    qtbot.wait(20)

    # The summary of the review year.
    summary = SummaryView(today=date.today)
    window.set_summary_widget(summary)
    summary.set_journal(window.journal)
    workspace.select_section("summary")
    qtbot.wait(20)

    # Exports: through the dialog, and every format through the core exporters.
    dialog = ExportDialog(window.journal, window)
    dialog.show()
    dialog.set_format("html")
    qtbot.waitUntil(lambda: not dialog.runner.busy, timeout=10_000)
    dialog.check_button.click()
    qtbot.waitUntil(lambda: not dialog.runner.busy and dialog.export_button.isEnabled())
    dialog.keep_all_button.click()
    with qtbot.waitSignal(dialog.exported, timeout=10_000):
        dialog.export_to(tmp_path / "from-the-dialog.html")
    for fmt in names():
        out = tmp_path / f"summary.{fmt}"
        export(window.journal, fmt, out, allow_identifiable=True)
        assert out.stat().st_size > 0

    window.lock()
    window.close()
    qtbot.wait(50)

    assert socket_guard == [], f"Python tried to reach the network: {socket_guard}"
    assert listener.connections() == 0, "something (Qt included) connected to a remote address"
    assert asked_to_load == [], f"a safe view was asked to load {asked_to_load}"
    for browser in QApplication.allWidgets():
        if isinstance(browser, QTextBrowser) and not isinstance(browser, SafeTextBrowser):
            assert base not in browser.toHtml(), "a plain QTextBrowser showed user content"


def test_the_guard_itself_catches_a_connection(socket_guard, listener):
    """The walls above are real: a plain connection attempt is caught and refused."""
    with pytest.raises(OSError, match="network access"):
        socket.create_connection(("127.0.0.1", 9))
    client = socket.socket()
    with pytest.raises(OSError, match="network access"):
        client.connect(("127.0.0.1", int(listener.base.rsplit(":", 1)[1])))
    client.close()
    assert len(socket_guard) == 2
    assert listener.connections() == 0


def test_a_safe_view_records_what_a_document_asks_for(qtbot, listener, asked_to_load):
    """The recorder sees requests: unsanitised HTML given straight to a safe view asks for its
    image, which is refused (so an empty record above means nothing was asked at all)."""
    browser = SafeTextBrowser()
    qtbot.addWidget(browser)
    browser.show()
    browser.setHtml(f'<img src="{listener.base}/direct.png">')
    qtbot.wait(20)
    assert f"{listener.base}/direct.png" in asked_to_load
    assert listener.connections() == 0
