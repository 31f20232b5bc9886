"""The operation runner: one worker thread, results and errors back on the GUI thread."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QApplication, QProgressDialog

from motcua_desktop.domain.errors import NotFound, ValidationError
from motcua_desktop.services import setup as setup_service
from motcua_desktop.ui.operations import OpRunner


def _where(value):
    return value, threading.get_ident()


def test_result_arrives_on_gui_thread(qtbot, runner):
    gui = threading.get_ident()
    got = []
    runner.run(_where, 41, on_success=lambda r: got.append((r, threading.get_ident())))
    qtbot.waitUntil(lambda: bool(got))
    (value, worker), callback_thread = got[0]
    assert value == 41
    assert worker != gui
    assert callback_thread == gui


def test_typed_error_goes_to_on_error_on_gui_thread(qtbot, runner, no_dialogs):
    def fail():
        raise ValidationError("Enter the applicant's name.", field="name")

    errors = []
    runner.run(fail, on_error=lambda exc: errors.append((exc, threading.get_ident())))
    qtbot.waitUntil(lambda: bool(errors))
    exc, thread = errors[0]
    assert isinstance(exc, ValidationError) and exc.field == "name"
    assert thread == threading.get_ident()
    assert no_dialogs == []


def test_typed_error_without_handler_goes_to_show_error(qtbot, runner, no_dialogs):
    def fail():
        raise NotFound("No such dossier.")

    runner.run(fail)
    qtbot.waitUntil(lambda: bool(no_dialogs))
    assert isinstance(no_dialogs[0], NotFound)


def test_unexpected_error_bypasses_on_error(qtbot, runner, no_dialogs):
    def boom():
        raise ZeroDivisionError("bug")

    handled = []
    runner.run(boom, on_error=handled.append)
    qtbot.waitUntil(lambda: bool(no_dialogs))
    assert isinstance(no_dialogs[0], ZeroDivisionError)
    assert handled == []


def test_real_service_through_runner(qtbot, runner, ctx, users):
    got = []
    runner.run(setup_service.get_profile, ctx, on_success=got.append)
    qtbot.waitUntil(lambda: bool(got))
    assert got[0].commune_name == "An Phú"


def test_one_worker_runs_tasks_in_order(qtbot, runner):
    threads, order = set(), []

    def task(i):
        threads.add(threading.get_ident())
        return i

    for i in range(20):
        runner.run(task, i, on_success=order.append)
    qtbot.waitUntil(lambda: len(order) == 20)
    assert order == list(range(20))
    assert len(threads) == 1


def test_changed_signal_after_write(qtbot, runner):
    with qtbot.waitSignal(runner.changed) as blocker:
        runner.run(lambda: None, changes="calendar")
    assert blocker.args == ["calendar"]


def test_progress_dialog_only_for_slow_work(qtbot, runner):
    def dialogs():
        return [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog)]

    done = []
    runner.run(lambda: 1, on_success=done.append, progress_label="Quick")
    qtbot.waitUntil(lambda: bool(done))
    assert not any(d.isVisible() for d in dialogs())

    release = threading.Event()
    runner.run(release.wait, on_success=done.append, progress_label="Counting the dossiers…")
    qtbot.waitUntil(lambda: any(d.isVisible() for d in dialogs()))
    visible = [d for d in dialogs() if d.isVisible()][0]
    assert visible.labelText() == "Counting the dossiers…"
    release.set()
    qtbot.waitUntil(lambda: len(done) == 2)
    assert not any(d.isVisible() for d in dialogs())


def test_call_returns_and_raises(qtbot, runner):
    assert runner.call(lambda a, b: a + b, 2, 3) == 5
    with pytest.raises(NotFound):
        runner.call(lambda: (_ for _ in ()).throw(NotFound("gone")))
    with pytest.raises(KeyError):
        runner.call(lambda: {}["missing"])


def test_shutdown_finishes_queued_work_and_stops(qtbot):
    runner = OpRunner()
    ran = []
    for i in range(5):
        runner.run(ran.append, i)
    assert runner.shutdown()
    assert ran == [0, 1, 2, 3, 4]
    assert not runner._worker.isRunning()
    assert not runner.is_busy()
    with pytest.raises(RuntimeError):
        runner.run(ran.append, 5)
    assert runner.shutdown()  # a second shutdown is harmless


def test_a_screen_deleted_while_its_query_runs_is_not_called_back(qtbot, runner):
    from PySide6.QtWidgets import QLabel
    from shiboken6 import delete

    release = threading.Event()
    delivered = []

    class Screen(QLabel):
        def show_result(self, value):
            delivered.append(value)
            self.setText(str(value))  # would crash on a deleted widget

    screen = Screen()
    runner.run(lambda: release.wait(5) and 7, on_success=screen.show_result)
    delete(screen)  # the C++ object goes, the Python wrapper stays
    release.set()
    qtbot.waitUntil(lambda: not runner.is_busy())
    # A live screen on the same runner still gets its answer.
    live = Screen()
    runner.run(lambda: 8, on_success=live.show_result)
    qtbot.waitUntil(lambda: delivered == [8])
    assert live.text() == "8"
