"""The survey results page shows the figures of a seeded set, exports them and previews the blank form."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from motcua_desktop.services import surveys
from motcua_desktop.ui.pdf_preview import PdfPreviewDialog
from motcua_desktop.ui.survey_results_page import SurveyResultsPage

from .conftest import show_active

QIDS = ["access.1", "access.2", "procedure.1", "procedure.2", "procedure.3", "official.1",
        "official.2", "official.3", "result.1", "result.2", "feedback.1", "feedback.2"]  # fmt: skip
SEEDED = [  # (12 levels, overall, reasons)
    ([5] * 12, 5, []),
    ([4, 4, 3, 3, 3, 4, 4, 4, 2, 2, 5, None], 4, ["waiting"]),
    ([1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2], 1, ["waiting", "attitude"]),
    ([None] * 6 + [4] * 6, None, ["attitude", "waiting", "late"]),
]


@pytest.fixture
def seeded(ctx, users):
    batch = surveys.start_batch(ctx, users.clerk, surveyed_on=date(2026, 4, 8))
    for levels, overall, reasons in SEEDED:
        surveys.add_form(ctx, users.clerk, batch.id, dict(zip(QIDS, levels, strict=True)),
                         overall=overall, reasons=reasons)  # fmt: skip
    other = surveys.start_batch(ctx, users.clerk, surveyed_on=date(2026, 5, 8))  # another month
    surveys.add_form(ctx, users.clerk, other.id, dict.fromkeys(QIDS, 1), overall=1)
    return batch


@pytest.fixture
def page(qtbot, ctx, users, runner, seeded, no_dialogs):
    widget = SurveyResultsPage(ctx, users.clerk, runner, today=date(2026, 4, 20))
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    show_active(qtbot, widget)
    qtbot.waitUntil(lambda: widget.report is not None and not runner.is_busy())
    yield widget
    qtbot.waitUntil(lambda: not runner.is_busy())
    assert not no_dialogs


def cell(table, row, col) -> str:
    return table.item(row, col).text()


def test_the_page_shows_the_periods_figures(qtbot, page):
    answers = [v for levels, _o, _r in SEEDED for v in levels if v is not None]
    satisfied = sum(v >= 4 for v in answers)
    rate = round(100 * satisfied / len(answers), 2)
    report = page.report
    assert report.summary.forms == len(SEEDED)  # May's form is not in April
    assert report.summary.overall.rate == rate
    assert f"{rate:.2f}".rstrip("0").rstrip(".").replace(".", ",") in page.headline.text()
    assert page.warning.isVisible()  # four forms: far too few to mean much
    # First row: every answer of every question.
    assert cell(page.rates, 0, 1) == str(len(SEEDED))
    assert cell(page.rates, 0, 2) == str(len(answers))
    assert cell(page.rates, 0, 3) == str(satisfied)
    labels = [cell(page.rates, r, 0).strip() for r in range(page.rates.rowCount())]
    for factor in report.summary.factors:
        assert factor.label in labels
    # Reasons ranked: "waiting" three times, "attitude" twice, "late" once.
    assert page.reasons.rowCount() == 3
    assert [cell(page.reasons, r, 1) for r in range(3)] == ["3", "2", "1"]
    assert cell(page.reasons, 0, 0).endswith("Thời gian chờ đợi lâu")


def test_choosing_another_month_by_keyboard_reloads(qtbot, page, runner):
    page.picker.number.setFocus()
    qtbot.keyClick(page.picker.number, Qt.Key.Key_Down)  # April → May
    qtbot.waitUntil(lambda: page.report.period.date_from == date(2026, 5, 1))
    assert page.report.summary.forms == 1
    assert page.report.summary.overall.rate == 0


def test_export_xlsx_and_pdf_hold_the_figures(qtbot, page, runner, tmp_path):
    xlsx, pdf = tmp_path / "r.xlsx", tmp_path / "r.pdf"
    page.save_to(str(xlsx), "xlsx")
    page.save_to(str(pdf), "pdf")
    qtbot.waitUntil(lambda: xlsx.exists() and pdf.exists() and not runner.is_busy())
    book = openpyxl.load_workbook(xlsx)
    values = [c for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row]
    assert "Thời gian chờ đợi lâu" in values
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "Thời gian chờ đợi lâu" in text


def test_blank_form_is_previewed(qtbot, page, runner, monkeypatch):
    opened = []
    monkeypatch.setattr(PdfPreviewDialog, "exec", lambda d: opened.append(d.path) or 0)
    qtbot.keyClick(page, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(opened))
    text = "".join(p.extract_text() for p in PdfReader(opened[0]).pages)
    assert "PHIẾU KHẢO SÁT" in text
    assert "Rất hài lòng" in text
