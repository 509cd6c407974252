"""The security suite drives the app too: it shares the GUI tests' fixtures (real windows on
temporary vaults, an in-memory key store, Qt warnings failing the test)."""

from tests.gui.conftest import (  # noqa: F401  (fixtures, used by name)
    data_key,
    gui_clock,
    make_window,
    qt_warnings_fail,
    remembered_vault,
    ui_settings,
)
