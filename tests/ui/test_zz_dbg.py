from PySide6.QtWidgets import QApplication
from motcua_desktop.ui.operations import OpRunner
from motcua_desktop.ui.settings_page import SettingsPage
def test_a(qtbot):
    runner = OpRunner()
    ran = []
    for i in range(5):
        runner.run(ran.append, i)
    assert runner.shutdown()
    print("shut")

def test_b(qtbot, ctx, runner, users):
    print("b start")
    page = SettingsPage(ctx, users.admin, runner)
    qtbot.addWidget(page)
    print("b made")
    page.show()
    print("b shown")
    qtbot.waitUntil(lambda: page.profile is not None)
    print("b loaded")
