"""Packaging smoke test support: quit by itself a moment after the first window is on screen.

Set ``MOTCUA_SMOKE_QUIT_MS=N`` and the program prints ``smoke: window shown: <class>`` once a
window (welcome, login or main window) is visible, then leaves every event loop with exit
code 0 after N ms. The line also goes to the log file. ``packaging/smoke_test.py`` uses it
on the built bundle.
"""

from __future__ import annotations

import logging
import os
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog

ENV_SMOKE_QUIT_MS = "MOTCUA_SMOKE_QUIT_MS"
POLL_MS = 100
log = logging.getLogger(__name__)


def _visible_window(app: QApplication):
    """A shown window the clerk works in; the runner's progress box does not count."""
    for widget in app.topLevelWidgets():
        if isinstance(widget, QProgressDialog):
            continue
        if widget.isWindow() and widget.isVisible() and widget.windowTitle():
            return widget
    return None


def install_from_env(app: QApplication) -> QTimer | None:
    """Start the watch when the environment asks for it; returns the polling timer."""
    value = os.environ.get(ENV_SMOKE_QUIT_MS, "").strip()
    if not value:
        return None
    delay = max(int(value), 0)
    timer = QTimer(app)
    timer.setInterval(POLL_MS)

    def poll() -> None:
        window = _visible_window(app)
        if window is None:
            return
        timer.stop()
        message = f"smoke: window shown: {type(window).__name__}"
        # Also to the log file: a windowed Windows program has no stdout.
        print(message, flush=True)
        log.info(message)
        # exit() ends the modal dialog's loop too: the dialog returns "rejected" and
        # start() unwinds as if the clerk had closed it.
        QTimer.singleShot(delay, lambda: _quit(app))

    timer.timeout.connect(poll)
    timer.start()
    return timer


def _quit(app: QApplication) -> None:
    print("smoke: quitting", file=sys.stderr, flush=True)
    app.closeAllWindows()
    app.exit(0)
