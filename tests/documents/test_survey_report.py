"""The survey report PDF read back and its workbook opened, on a hand-made report."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from motcua_desktop.documents.survey_report import build_satisfaction_pdf, build_satisfaction_xlsx
from motcua_desktop.domain.errors import ValidationError
from motcua_desktop.domain.periods import quarter
from motcua_desktop.domain.report_models import ReportHeader
from motcua_desktop.domain.survey_results import EvaluationLine, summarise_evaluations
from motcua_desktop.domain.survey_summary import FormAnswers, SatisfactionReport, summarise_forms
from motcua_desktop.services.survey_templates import shipped_templates

T = next(t for t in shipped_templates() if t.kind == "satisfaction")
HEADER = ReportHeader(reporting_unit="UBND xã An Phú", parent_unit="UBND huyện Phú Tân",
                      place="An Phú", made_on=date(2026, 4, 2), signer_title="Chủ tịch",
                      signer_name="Trần Văn Hùng", preparer="Nguyễn Thị Ngọc Lan")  # fmt: skip


def report(header=HEADER) -> SatisfactionReport:
    forms = [
        FormAnswers(T.code, T.version, {"access.1": 5, "official.1": 4}, overall=5,
                    procedure_code="HT-05", procedure_name="Đăng ký khai sinh",
                    official_name="Lê Thị Thu Hà"),
        FormAnswers(T.code, T.version, {"access.1": 2, "official.1": 4}, overall=2,
                    reasons=("waiting", "late"), reason_text="Phòng chờ nóng"),
        FormAnswers(T.code, T.version, {"access.1": 4}, reasons=("waiting",)),
    ]  # fmt: skip
    evaluations = summarise_evaluations([
        EvaluationLine("000.31.25.H56-260310-0001", "Đăng ký khai sinh", "Lê Thị Thu Hà", 16, 18, 3, 3),
        EvaluationLine("000.31.25.H56-260311-0002", "Đăng ký kết hôn", "", 8, 12, 2, 2),
    ])  # fmt: skip
    return SatisfactionReport(HEADER if header is HEADER else header, quarter(2026, 1),
                              summarise_forms(forms, {T.key: T}), evaluations, batches=2)  # fmt: skip


def test_pdf_reads_back_with_the_figures_and_warnings():
    data = build_satisfaction_pdf(report())
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())
    for expected in (
        "BÁO CÁO KẾT QUẢ KHẢO SÁT", "Quý I năm 2026", "UBND XÃ AN PHÚ",
        "số phiếu thu về: 3", "4 / 5 = 80,00%",  # 5,4 | 2,4 | 4 → 4 of 5 satisfied
        "Tiếp cận dịch vụ", "66,67%",  # access: 5, 2, 4
        "Đăng ký khai sinh", "Lê Thị Thu Hà", "100,00%", "Ít phiếu",
        "Thời gian chờ đợi lâu", "Phòng chờ nóng",
        "điểm bình quân 12,00 / 15,00", "tỷ lệ điểm đạt 80,00%", "Khá",  # 24 / 30
        "không phải quy định của pháp luật", "Tốt: từ 90%",
        "Trần Văn Hùng", "NGƯỜI LẬP BIỂU",
    ):  # fmt: skip
        assert expected in text, expected
    assert text.index("Thời gian chờ đợi lâu") < text.index("Trả kết quả trễ hẹn")  # ranked


def test_pdf_needs_a_reporting_unit():
    with pytest.raises(ValidationError):
        build_satisfaction_pdf(report(ReportHeader(reporting_unit="")))


def test_xlsx_has_numbers_as_numbers():
    wb = load_workbook(io.BytesIO(build_satisfaction_xlsx(report())))
    summary = {row[0]: row[1] for row in wb["Tổng hợp"].iter_rows(min_row=4, values_only=True)}
    assert summary["Số phiếu"] == 3 and summary["Số câu trả lời"] == 5
    assert summary["Tỷ lệ hài lòng chung"] == pytest.approx(0.8)
    assert summary["Điểm bình quân"] == 12.0 and summary["Xếp loại"] == "Khá"
    assert wb["Tổng hợp"]["B11"].number_format == "0.00%"
    factors = list(wb["Theo yếu tố"].iter_rows(min_row=2, values_only=True))
    assert factors[0][:6] == (1, "Tiếp cận dịch vụ", 3, 3, 2, pytest.approx(0.6667))
    assert factors[0][6] == "Ít phiếu"
    reasons = list(wb["Lý do"].iter_rows(min_row=2, values_only=True))
    assert reasons[0] == (1, "Thời gian chờ đợi lâu", 2, pytest.approx(0.6667))
    lines = list(wb["Đánh giá hồ sơ"].iter_rows(min_row=2, values_only=True))
    assert [x[4] for x in lines] == [16, 8] and lines[0][6] == "Rất hài lòng"
