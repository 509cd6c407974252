"""Auto-lock: notices when nobody has touched the app for a while.

Time comes from an injected clock (wall time, so a laptop that slept past the limit locks on
waking) and is checked by a timer whose interval tests can shorten.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

Clock = Callable[[], datetime]

#: Input that counts as someone being there.
ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.InputMethod,
    }
)


class IdleWatcher(QObject):
    """Emits ``idle`` once, after ``minutes`` without keyboard or mouse input."""

    idle = Signal()

    def __init__(self, clock: Clock, check_ms: int = 15_000, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self._limit = timedelta(minutes=10)
        self._last = clock()
        self._active = False
        self._timer = QTimer(self)
        self._timer.setInterval(check_ms)
        self._timer.timeout.connect(self.check)
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    @property
    def active(self) -> bool:
        return self._active

    def start(self, minutes: int) -> None:
        """Watch from now, locking after ``minutes`` of no input."""
        self._limit = timedelta(minutes=minutes)
        self._last = self._clock()
        self._active = True
        self._timer.start()

    def set_minutes(self, minutes: int) -> None:
        self._limit = timedelta(minutes=minutes)

    def stop(self) -> None:
        self._active = False
        self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._active and event.type() in ACTIVITY:
            self._last = self._clock()
        return False

    def check(self) -> None:
        if self._active and self._clock() - self._last >= self._limit:
            self.stop()
            self.idle.emit()
