"""The Markdown preview shows hostile text harmlessly and never reaches the network."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from reflect.gui.widgets import SafeTextBrowser
from tests.gui.helpers import type_text


@pytest.fixture
def listener() -> Iterator[tuple[socket.socket, str]]:
    """A local server that records whether anything tried to connect to it."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.setblocking(False)
    yield server, f"http://127.0.0.1:{server.getsockname()[1]}"
    server.close()


def connection_attempted(server: socket.socket) -> bool:
    try:
        connection, _ = server.accept()
    except BlockingIOError:
        return False
    connection.close()
    return True


def test_hostile_markdown_in_the_editor_preview(qtbot, window, listener) -> None:
    server, base = listener
    hostile = (
        f"![beacon]({base}/pixel.png)\n\n"
        f'<img src="{base}/raw.png" onerror="alert(1)">\n\n'
        "<script>document.title = 'owned'</script>\n\n"
        "[click me](javascript:alert(1))\n\n"
        f'<iframe src="{base}/frame"></iframe>\n\n'
        f'<link rel="stylesheet" href="{base}/style.css">\n\n'
        f'<p style="background: url({base}/bg.png)">styled</p>\n\n'
        "The **real** reflection."
    )
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = window.workspace.editor
    type_text(qtbot, editor.body, hostile)
    qtbot.waitUntil(lambda: "real reflection" in editor.preview.toPlainText())
    shown = editor.preview.toHtml().lower()
    for marker in ("<script", "onerror", "javascript:", "<img", "<iframe", base):
        assert marker not in shown
    assert "[image: beacon]" in editor.preview.toPlainText()
    assert editor.preview.refused == [], "nothing was even asked for"
    qtbot.wait(50)
    assert not connection_attempted(server)
    assert window.windowTitle() == "Reflect"


def test_the_browser_refuses_anything_it_is_asked_to_load(qtbot, listener) -> None:
    """The second wall: even unsanitised HTML cannot make the preview fetch anything."""
    server, base = listener
    browser = SafeTextBrowser()
    qtbot.addWidget(browser)
    browser.show()
    browser.setHtml(
        f'<img src="{base}/a.png"><img src="file:///etc/hostname">'
        f'<table background="{base}/b.png"><tr><td>x</td></tr></table>'
    )
    qtbot.wait(50)
    assert f"{base}/a.png" in browser.refused
    assert "file:///etc/hostname" in browser.refused
    assert not connection_attempted(server)


def test_links_in_the_preview_go_nowhere(qtbot) -> None:
    browser = SafeTextBrowser()
    qtbot.addWidget(browser)
    assert not browser.openLinks()
    assert not browser.openExternalLinks()
