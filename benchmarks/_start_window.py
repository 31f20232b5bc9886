"""Child process for bench_startup: show a window, print READY once it is on screen, quit.

``bare``: a plain QMainWindow (the baseline). ``app DATA_DIR``: the real start-up path
of motcua-desktop (open and migrate the data folder, load the language, build and show
the main window for the clerk), minus the login dialog, which waits on a person.
"""

from __future__ import annotations

import sys

mode = sys.argv[1]

if mode == "bare":
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication([])
    window = QMainWindow()
    window.resize(1200, 800)
    window.show()
else:
    # The real entry point (motcua_desktop.ui.app:main) imports the package first.
    import motcua_desktop.ui  # noqa: F401, I001
    from PySide6.QtCore import QTimer

    from motcua_desktop import i18n
    from motcua_desktop.services import users
    from motcua_desktop.services.context import open_app
    from motcua_desktop.ui.app import create_application, ui_language
    from motcua_desktop.ui.main_window import MainWindow
    from motcua_desktop.ui.operations import OpRunner

    app = create_application([])
    ctx = open_app(sys.argv[2])
    i18n.set_language(ui_language(ctx, None))
    runner = OpRunner()
    window = MainWindow(ctx, users.get_user(ctx, "clerk"), runner)
    window.resize(1200, 800)
    window.show()


def ready() -> None:
    print("READY", flush=True)
    app.quit()


QTimer.singleShot(0, ready)
app.exec()
if mode != "bare":
    runner.shutdown()
