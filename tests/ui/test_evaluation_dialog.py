"""Đánh giá hồ sơ at the return desk, by keyboard: offered after the return, pre-filled, Enter saves."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from motcua_desktop.domain.dossier import Applicant, Status
from motcua_desktop.i18n import _
from motcua_desktop.services import dossiers, intake, lifecycle, surveys
from motcua_desktop.ui.dossier_view import DossierView
from motcua_desktop.ui.evaluation_dialog import EvaluationDialog, load_evaluation

from .conftest import show_active

APPLICANT = Applicant(name="Trần Thị Bích Hằng", id_number="089185012345", phone="0912345678")


@pytest.fixture(autouse=True)
def _no_unexpected_errors(no_dialogs):
    yield
    assert not no_dialogs, no_dialogs


def finished_dossier(ctx, clerk) -> str:
    """A dossier handled and finished today, ready to be returned (early: due in days)."""
    req = intake.IntakeRequest("HT-05", APPLICANT, fee_vnd=15000)
    code = intake.accept(ctx, req, clerk).code
    lifecycle.start_processing(ctx, code, clerk, handler="clerk", unit="Tư pháp")
    lifecycle.finish(ctx, code, clerk)
    return code


def evaluation_dialogs() -> list[EvaluationDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, EvaluationDialog)]


def key(qtbot, k, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget(), k, modifier)


def test_return_at_the_desk_then_evaluate_in_a_few_keys(qtbot, ctx, users, runner):
    code = finished_dossier(ctx, users.clerk)
    view = DossierView(ctx, users.clerk, runner, code)
    qtbot.addWidget(view)
    show_active(qtbot, view)
    qtbot.waitUntil(lambda: view.snapshot is not None and not runner.is_busy())

    key(qtbot, Qt.Key.Key_F10)  # return the result
    qtbot.waitUntil(lambda: view.current_dialog is not None and view.current_dialog.isVisible())
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view.current_dialog)
    assert view.current_dialog.evaluate_now.isChecked()  # offered by default at the desk
    key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in evaluation_dialogs()), timeout=5000)
    dialog = evaluation_dialogs()[0]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.grid)
    assert dossiers.get_dossier(ctx, code).status == Status.RESULT_RETURNED

    # Pre-filled from the record (returned early, hand-overs, supplements): 1–3.
    suggested = surveys.suggest_evaluation(ctx, code).scores
    assert {k: suggested[k] for k in "123"} == {"1": 2, "2": 2, "3": 2}
    assert {k: dialog.grid.answers[k] for k in "123"} == {"1": 2, "2": 2, "3": 2}
    # The cursor waits on the first indicator the record cannot tell.
    assert dialog.grid.rows[dialog.grid.current].key == "4"
    for k in (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_1, Qt.Key.Key_3, Qt.Key.Key_2):
        key(qtbot, k)  # 4, 6, 7 then items 10 and 11 (5, 8, 9 are the period's: skipped)
    assert dialog.grid.current == len(dialog.grid.rows)
    key(qtbot, Qt.Key.Key_9)  # out of range anywhere: ignored
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.saved is not None)

    saved = surveys.get_evaluation(ctx, code)
    assert saved.scores == {"1": 2, "2": 2, "3": 2, "4": 1, "5": None, "6": 2, "7": 1,
                            "8": None, "9": None}  # fmt: skip
    assert (saved.item10, saved.item11) == (3, 2)
    assert (saved.points, saved.max_points) == (10, 12)
    assert saved.source == "desk"
    qtbot.waitUntil(lambda: not runner.is_busy())
    view.close()


def test_unticked_or_by_post_offers_nothing(qtbot, ctx, users, runner):
    code = finished_dossier(ctx, users.clerk)
    view = DossierView(ctx, users.clerk, runner, code)
    qtbot.addWidget(view)
    show_active(qtbot, view)
    qtbot.waitUntil(lambda: view.snapshot is not None and not runner.is_busy())
    key(qtbot, Qt.Key.Key_F10)
    qtbot.waitUntil(lambda: view.current_dialog is not None and view.current_dialog.isVisible())
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view.current_dialog)
    box = view.current_dialog.evaluate_now
    while QApplication.focusWidget() is not box:
        key(qtbot, Qt.Key.Key_Tab)
    key(qtbot, Qt.Key.Key_Space)
    assert not box.isChecked()
    key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.snapshot.record.status == Status.RESULT_RETURNED)
    qtbot.waitUntil(lambda: not runner.is_busy())
    qtbot.wait(50)
    assert not evaluation_dialogs()
    assert surveys.get_evaluation(ctx, code) is None
    view.close()


def test_reopened_evaluation_shows_the_saved_scores_and_a_correction_replaces_them(
    qtbot, ctx, users, runner
):
    code = finished_dossier(ctx, users.clerk)
    lifecycle.return_result(ctx, code, users.clerk, method="desk", collected_by=APPLICANT.name)
    surveys.record_evaluation(ctx, users.clerk, code, {"1": 2, "2": 1, "3": 2, "4": 2, "6": 2,
                                                       "7": 2}, item10=3, item11=3)  # fmt: skip
    dialog = EvaluationDialog(ctx, users.clerk, runner, load_evaluation(ctx, code))
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    assert dialog.grid.answers["2"] == 1
    assert dialog.grid.current == len(dialog.grid.rows)  # everything the clerk scores is there
    assert dialog.points.text() == _("{points} of {max} points on {n} indicators scored").format(
        points=11, max=12, n=6
    )
    key(qtbot, Qt.Key.Key_Home)
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Space)  # indicator 4: not scored after all
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.saved is not None)
    saved = surveys.get_evaluation(ctx, code)
    assert saved.scores["4"] is None
    assert (saved.points, saved.max_points) == (9, 10)
