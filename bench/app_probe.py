"""Run the desktop app exactly as ``reflect`` does, and report its first painted, unlocked frame.

Used by :mod:`bench.app` while the app has no ``REFLECT_BENCH_EXIT_AFTER_PAINT`` hook of its own:
an application-wide event filter, installed from outside before ``reflect``'s own ``main`` runs,
waits for the first paint event of a widget in an *unlocked* main window, lets that paint pass
finish, then prints ``REFLECT_BENCH painted rss_kb=N`` and quits. Nothing in the app is changed.

    python bench/app_probe.py        # with REFLECT_DATA_DIR, the keyring env and offscreen Qt

With ``REFLECT_BENCH_PROFILE=FILE`` it also writes a cProfile of the start-up to FILE (read it with
``python -m pstats FILE``).
"""

import os
import sys


def _rss_kb():
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return 0
    return 0


def main():
    profile_to = os.environ.get("REFLECT_BENCH_PROFILE")
    profiler = None
    if profile_to:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    here = os.path.dirname(os.path.abspath(__file__))  # bench/ must not shadow anything
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != here]
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication(["reflect"])

    class FirstPaint(QObject):
        done = False

        def eventFilter(self, watched, event):
            if not self.done and event.type() == QEvent.Type.Paint:
                window = watched.window() if hasattr(watched, "window") else None
                if window is not None and getattr(window, "is_locked", True) is False:
                    self.done = True
                    QTimer.singleShot(0, self.report)
            return False

        def report(self):
            sys.stdout.write(f"REFLECT_BENCH painted rss_kb={_rss_kb()}\n")
            sys.stdout.flush()
            if profiler is not None:
                profiler.disable()
                profiler.dump_stats(profile_to)
            os._exit(0)  # the measurement is taken; skip teardown (and its autosave/lock work)

    probe = FirstPaint()
    app.installEventFilter(probe)
    from reflect.__main__ import main as reflect_main

    return reflect_main([])


if __name__ == "__main__":
    sys.exit(main())
