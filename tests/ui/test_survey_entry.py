"""Twenty paper forms typed by keyboard alone; the stored forms and the results match what was typed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from motcua_desktop.domain import periods
from motcua_desktop.services import dossiers, surveys
from motcua_desktop.services import users as users_service
from motcua_desktop.services.demo import DEMO_PASSWORD, seed_demo
from motcua_desktop.services.survey_report import satisfaction_report
from motcua_desktop.ui.survey_entry_page import SurveyEntryPage

from .conftest import show_active

SURVEY_DAY = date(2026, 3, 10)  # after the demo year: no demo survey in this month
DIGIT_KEYS = {str(d): getattr(Qt.Key, f"Key_{d}") for d in range(10)}
# The five factors of the shipped template, by question position (12 questions, then overall).
FACTOR_OF = (
    ["access"] * 2 + ["procedure"] * 3 + ["official"] * 3 + ["result"] * 2 + ["feedback"] * 2
)


@dataclass(frozen=True)
class Paper:
    """One paper form: 13 answers ("1".."5", " " or "0" blank), reasons by number, the rest."""

    answers: str
    reasons: str = ""
    age: str = ""  # a digit: the option's number
    sex: str = ""
    dossier: int | None = None  # index into the demo dossier codes

    def levels(self) -> list[int | None]:
        return [int(c) if c in "12345" else None for c in self.answers]


PAPERS = [
    Paper("4545345545455"),
    Paper("5555555555555", age="2", sex="1"),
    Paper("3 21 4  55545", reasons="25", dossier=0),
    Paper("4444444444444", dossier=1),
    Paper("2212312221112", reasons="147"),
    Paper("5454545454545", age="5", sex="2"),
    Paper("3333333333333"),
    Paper("3 21 4  55545", reasons="25", dossier=0),  # typed twice: kept on confirmation
    Paper("0000045555555"),
    Paper("4545454545454", dossier=2),
    Paper("1111111111111", reasons="1234567"),
    Paper("5544332211554"),
    Paper("4545454545454", dossier=2),  # typed twice: refused, then dropped
    Paper("45 45 45 45 4", reasons="3"),
    Paper("5555544444333", age="1"),
    Paper("4444455555444", sex="2"),
    Paper("3434343434343", reasons="6"),
    Paper("5555555555550"),
    Paper("2323232323232", reasons="27", dossier=3),
    Paper("4455445544554"),
]
CONFIRMED, REFUSED = 7, 12
KEPT = [p for i, p in enumerate(PAPERS) if i != REFUSED]
assert all(len(p.answers) == 13 for p in PAPERS)  # 12 questions and the overall one


@pytest.fixture
def demo(ctx):
    """The demo commune (its users and dossiers) with the year ending before the survey month."""
    seed_demo(ctx, dossiers=24, seed=3, today=date(2025, 12, 31))
    clerk = users_service.authenticate(ctx, "clerk", DEMO_PASSWORD)
    codes = [r.code for r in dossiers.recent(ctx, limit=4)]
    return clerk, codes


@pytest.fixture
def page(qtbot, ctx, demo, runner, no_dialogs):
    widget = SurveyEntryPage(ctx, demo[0], runner, today=SURVEY_DAY)
    qtbot.addWidget(widget)
    widget.resize(1400, 900)
    show_active(qtbot, widget)
    qtbot.waitUntil(lambda: not runner.is_busy())
    yield widget
    qtbot.waitUntil(lambda: not runner.is_busy())


def focused():
    return QApplication.focusWidget()


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focused(), key, modifier)


def when_modal(name: str, keys) -> list:
    """Answer the modal window ``name`` by keyboard once it shows (it runs its own event loop)."""
    seen = []

    def poll() -> None:
        window = QApplication.activeModalWidget()
        if (
            window is None
            or window.objectName() != name
            or QApplication.activeWindow() is not window
            or window.focusWidget() is None
        ):
            QTimer.singleShot(10, poll)
            return
        seen.append(window)
        for key, modifier, text in keys:
            if text:
                QTest.keyClicks(window.focusWidget(), text)
            else:
                QTest.keyClick(window.focusWidget(), key, modifier)

    QTimer.singleShot(0, poll)
    return seen


def start_batch(qtbot, page) -> None:
    seen = when_modal("newBatchDialog", [
        (Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier, ""),
        (None, None, "Hom phieu thang 3"),
        (Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier, ""),
    ])  # fmt: skip
    press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert seen
    qtbot.waitUntil(lambda: page.batch is not None and page.editor.template is not None)
    qtbot.waitUntil(lambda: focused() is page.editor.grid)


def type_paper(qtbot, page, paper: Paper, codes: list[str]) -> None:
    """Type one form as a clerk does, keys only, ending with Enter (or the scanner's Enter)."""
    grid = page.editor.grid
    assert focused() is grid and grid.current == 0
    for ch in paper.answers:
        press(qtbot, Qt.Key.Key_Space if ch == " " else DIGIT_KEYS[ch])
    assert focused() is page.editor.reasons  # after the overall question: the reasons
    for ch in paper.reasons:
        press(qtbot, DIGIT_KEYS[ch])
    if paper.age or paper.sex:
        press(qtbot, Qt.Key.Key_Tab)  # the free text
        press(qtbot, Qt.Key.Key_Tab)  # the respondent's facts
        assert focused() is page.editor.respondent
        press(qtbot, DIGIT_KEYS[paper.age] if paper.age else Qt.Key.Key_Space)
        if paper.sex:
            press(qtbot, DIGIT_KEYS[paper.sex])
    if paper.dossier is not None:
        press(qtbot, Qt.Key.Key_F2)
        assert focused() is page.editor.dossier_code
        QTest.keyClicks(focused(), codes[paper.dossier])  # a scanner types, then Enter
    press(qtbot, Qt.Key.Key_Return)


def test_twenty_forms_by_keyboard_match_the_results(qtbot, ctx, page, demo, runner, no_dialogs):
    clerk, codes = demo
    start_batch(qtbot, page)
    for index, paper in enumerate(PAPERS):
        before = len(page.forms)
        if index == CONFIRMED:
            box = when_modal("duplicateBox", [
                (Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier, "")])  # fmt: skip
        elif index == REFUSED:
            box = when_modal(
                "duplicateBox", [(Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, "")]
            )
        type_paper(qtbot, page, paper, codes)
        if index == REFUSED:
            qtbot.waitUntil(lambda b=box: bool(b) and not page.saving)
            assert len(page.forms) == before
            assert page.editor.value().dossier_code == codes[paper.dossier]  # the form stays
            assert page.status.property("kind") == "error"
            qtbot.waitUntil(lambda: focused() is page.editor.grid)
            press(qtbot, Qt.Key.Key_Escape)  # drop it
            assert page.editor.value().dossier_code == ""
        else:
            qtbot.waitUntil(lambda b=before: len(page.forms) == b + 1 and not page.saving)
            if index == CONFIRMED:
                assert box, "the duplicate was not questioned"
        qtbot.waitUntil(lambda: focused() is page.editor.grid)
        assert page.editor.grid.current == 0
    assert not no_dialogs
    assert page.count_label.text().startswith(f"{len(KEPT)} ")

    # The stored forms are what was typed.
    stored = surveys.batch_forms(ctx, page.batch.id)
    template = page.editor.template
    qids = [q.id for q in template.questions]
    reason_ids = [r.id for r in template.reasons]
    age_ids = [o.id for o in template.respondent[0].options]
    assert len(stored) == len(KEPT)
    for form, paper in zip(stored, KEPT, strict=True):
        levels = paper.levels()
        assert [form.answers[q] for q in qids] == levels[:12]
        assert form.overall == levels[12]
        assert form.missing == levels.count(None)
        assert sorted(form.reasons) == sorted(reason_ids[int(c) - 1] for c in paper.reasons)
        assert form.dossier_code == ("" if paper.dossier is None else codes[paper.dossier])
        assert form.respondent.get("age") == (age_ids[int(paper.age) - 1] if paper.age else None)
        assert form.respondent.get("sex") == {"1": "male", "2": "female", "": None}[paper.sex]

    # The results are computed from the typed data, not read back from the page.
    report = satisfaction_report(ctx, periods.month(2026, 3))
    summary = report.summary
    answers = [v for p in KEPT for v in p.levels()[:12] if v is not None]
    assert summary.forms == len(KEPT)
    assert summary.overall.answered == len(answers)
    assert summary.overall.satisfied == sum(v >= 4 for v in answers)
    assert summary.overall.rate == round(100 * sum(v >= 4 for v in answers) / len(answers), 2)
    overall_levels = [p.levels()[12] for p in KEPT if p.levels()[12] is not None]
    assert summary.overall_question.answered == len(overall_levels)
    assert summary.overall_question.satisfied == sum(v >= 4 for v in overall_levels)
    for factor in summary.factors:
        levels = [v for p in KEPT for f, v in zip(FACTOR_OF, p.levels(), strict=False)
                  if f == factor.key and v is not None]  # fmt: skip
        assert factor.answered == len(levels)
        assert factor.satisfied == sum(v >= 4 for v in levels)
    ticked = {}
    for p in KEPT:
        for c in p.reasons:
            ticked[reason_ids[int(c) - 1]] = ticked.get(reason_ids[int(c) - 1], 0) + 1
    assert {r.id: r.count for r in summary.reasons} == ticked
    assert summary.reasons[0].count == max(ticked.values())
    linked = [p for p in KEPT if p.dossier is not None]
    assert sum(r.forms for r in summary.procedures) == len(linked)


def test_a_failed_save_keeps_the_form_and_a_correction_replaces_it(
    qtbot, ctx, page, demo, runner, no_dialogs
):
    clerk, codes = demo
    start_batch(qtbot, page)
    type_paper(qtbot, page, Paper("4444444444444"), codes)
    qtbot.waitUntil(lambda: len(page.forms) == 1 and not page.saving)

    # An unknown dossier code: the service refuses, the clerk is told, nothing typed is lost.
    for ch in "5555555555555":
        press(qtbot, DIGIT_KEYS[ch])
    press(qtbot, Qt.Key.Key_F2)
    QTest.keyClicks(focused(), "000.00.20.H56-991231-9999")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(no_dialogs) and not page.saving)
    qtbot.waitUntil(lambda: focused() is page.editor.dossier_code)
    assert "991231-9999" in no_dialogs[0].message
    assert page.editor.value().answers["access.1"] == 5
    assert focused() is page.editor.dossier_code and page.editor.dossier_code.hasSelectedText()
    QTest.keyClicks(focused(), codes[0])  # replaces the wrong code
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(page.forms) == 2 and not page.saving)
    assert surveys.batch_forms(ctx, page.batch.id)[1].dossier_code == codes[0]
    no_dialogs.clear()

    # Out of range cannot be typed: 6–9 are ignored, the cursor stays.
    for key in (Qt.Key.Key_6, Qt.Key.Key_9):
        press(qtbot, key)
    assert page.editor.grid.current == 0 and page.editor.value().answers["access.1"] is None

    # Correct form no. 1 from the list: F6, Home, Enter, then a new first answer and Enter.
    press(qtbot, Qt.Key.Key_F6)
    assert focused() is page.table
    press(qtbot, Qt.Key.Key_Home)
    press(qtbot, Qt.Key.Key_Return)
    assert page.editing is not None and page.editing.number == 1
    assert focused() is page.editor.grid
    press(qtbot, Qt.Key.Key_2)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.editing is None and not page.saving)
    first = surveys.batch_forms(ctx, page.batch.id)[0]
    assert first.number == 1 and first.answers["access.1"] == 2
    assert len(surveys.batch_forms(ctx, page.batch.id)) == 2
