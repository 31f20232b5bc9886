"""MOTCUA_SMOKE_QUIT_MS: the program says which window it showed, then leaves its loops."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QProgressDialog

from motcua_desktop.ui.smoke import ENV_SMOKE_QUIT_MS, install_from_env


def test_without_the_variable_nothing_is_installed(qapp, monkeypatch):
    monkeypatch.delenv(ENV_SMOKE_QUIT_MS, raising=False)
    assert install_from_env(qapp) is None


def test_a_modal_dialog_is_announced_then_closed(qapp, qtbot, monkeypatch, capsys):
    monkeypatch.setenv(ENV_SMOKE_QUIT_MS, "50")
    timer = install_from_env(QApplication.instance())
    dialog = QDialog(windowTitle="Đăng nhập")
    qtbot.addWidget(dialog)
    result = dialog.exec()  # returns only because the smoke watch ends the loop
    assert result == QDialog.DialogCode.Rejected
    assert "smoke: window shown: QDialog" in capsys.readouterr().out
    assert not timer.isActive() and not dialog.isVisible()
    timer.deleteLater()
    # exit() makes every later local event loop return at once until the application's
    # exec() runs again (the real program is ending anyway); run one for the next tests.
    QTimer.singleShot(0, qapp.quit)
    qapp.exec()


def test_the_progress_box_is_not_the_window(qapp, qtbot):
    from motcua_desktop.ui.smoke import _visible_window

    progress = QProgressDialog("Đang mở thư mục dữ liệu…", "", 0, 0)
    progress.setWindowTitle("motcua-desktop")
    qtbot.addWidget(progress)
    progress.show()
    qtbot.waitExposed(progress)
    assert _visible_window(qapp) is None
    dialog = QDialog(windowTitle="Chào mừng")
    qtbot.addWidget(dialog)
    dialog.show()
    assert _visible_window(qapp) is dialog
