"""PySide6 6.12 on Python 3.11 drops a reference to None per void call; the shim must hold."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_many_void_qt_calls_do_not_kill_the_interpreter():
    # In a child process, so that a failure is a crash there, not here.
    script = textwrap.dedent(
        """
        import sys
        import motcua_desktop.ui  # applies the shim
        from PySide6.QtWidgets import QApplication, QLabel
        app = QApplication([])
        label = QLabel()
        before = sys.getrefcount(None)
        for i in range(200_000):
            label.setText("x")
        print("alive", before - sys.getrefcount(None) <= 200_000)
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=300,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "alive True"
