"""The report workbooks: the II.06a layout, numbers as numbers, formulas, print setup."""

from __future__ import annotations

import io
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from report_fixtures import (
    district_report,
    make_figures_report,
    make_objectives_report,
    many_lines_report,
    seed_report,
)

from motcua_desktop.documents.report_xlsx import figures_xlsx, ii06a_xlsx, objectives_xlsx
from motcua_desktop.domain.errors import ValidationError
from motcua_desktop.domain.report_ii06a import II06aCounts


def book(data: bytes):
    return load_workbook(io.BytesIO(data))


def find(ws, text: str) -> tuple[int, int]:
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == text:
                return cell.row, cell.column
    raise AssertionError(f"{text!r} not in the sheet")


def evaluate(ws, formula: str) -> float:
    """The few formulas the workbook uses, worked out from the cells they name."""
    refs = re.findall(r"\b([A-M])(\d+)\b", formula)
    if formula.startswith("=SUM(") and ":" in formula:
        (col, first), (_c, last) = refs
        return sum(ws[f"{col}{r}"].value for r in range(int(first), int(last) + 1))
    return sum(ws[f"{c}{r}"].value for c, r in refs)


def test_ii06a_layout_numbers_and_formulas():
    report = seed_report()
    ws = book(ii06a_xlsx(report))["II.06a"]
    assert ws["A1"].value == "UBND TỈNH ĐỒNG THÁP"
    assert ws["A2"].value == "UBND XÃ AN PHÚ"
    assert ws["F1"].value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert ws["F3"].value == "An Phú, ngày 15 tháng 12 năm 2026"
    assert ws["A5"].value == "BÁO CÁO TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
    assert ws["A7"].value == "Biểu số II.06a/VPCP/KSTT"
    assert "Kỳ báo cáo: Năm 2026" in ws["D7"].value
    assert ws["I8"].value == "Đơn vị nhận báo cáo: Văn phòng UBND tỉnh Đồng Tháp"
    head, _col = find(ws, "Số hồ sơ nhận giải quyết")
    merged = {str(r) for r in ws.merged_cells.ranges}
    for span in (
        f"A{head}:A{head + 2}",
        f"B{head}:B{head + 2}",
        f"C{head}:F{head}",
        f"G{head}:M{head}",
        f"D{head + 1}:E{head + 1}",
        f"G{head + 1}:J{head + 1}",
        f"K{head + 1}:M{head + 1}",
    ):
        assert span in merged, span
    numbers = [ws.cell(row=head + 3, column=c).value for c in range(1, 14)]
    assert numbers == [f"({n})" for n in range(1, 14)]
    first = head + 4
    assert [ws.cell(row=first, column=c).value for c in range(1, 14)] == [
        1, "Chứng thực", 12000, 3000, 8500, 500, 11500, 1899, 9101, 500, 500, 450, 50,
    ]  # fmt: skip
    total = first + 2
    assert ws[f"A{total}"].value == "TỔNG CỘNG"
    assert ws[f"C{total}"].value == f"=SUM(C{first}:C{first + 1})"
    assert [evaluate(ws, ws.cell(row=total, column=c).value) for c in range(3, 14)] == (
        report.total.counts.columns()
    )
    assert ws[f"C{first}"].number_format == "#,##0"
    assert ws.freeze_panes == f"C{first}"
    assert ws.print_area == f"'II.06a'!$A$1:$M${ws.max_row}"
    assert ws.print_title_rows == f"${head}:${head + 3}"
    assert ws.page_setup.orientation == "landscape"
    assert ws["A5"].font.name == "Times New Roman"


def test_ii06a_rates_are_formulas_over_the_total_row():
    ws = book(ii06a_xlsx(seed_report()))["II.06a"]
    total, _c = find(ws, "TỔNG CỘNG")
    formulas = [ws[f"I{r}"].value for r in range(total + 3, total + 7)]
    assert formulas[0] == f"=IF(G{total}=0,100,ROUND((H{total}+I{total})/G{total}*100,2))"
    assert formulas[3] == (
        f"=IF((D{total}+E{total})=0,0,ROUND(D{total}/(D{total}+E{total})*100,2))"
    )
    assert ws[f"I{total + 3}"].number_format == '0.00"%"'
    assert "[(8) + (9)] / (7) × 100%" in ws[f"A{total + 3}"].value


def test_ii06a_sub_lines_are_left_out_of_the_total():
    report = many_lines_report(fields=4, procedures=2)
    ws = book(ii06a_xlsx(report))["II.06a"]
    total, _c = find(ws, "TỔNG CỘNG")
    formula = ws[f"C{total}"].value
    assert formula.startswith("=SUM(") and ":" not in formula
    assert evaluate(ws, formula) == report.total.counts.received
    assert ws[f"B{total - 1}"].value.strip() == "- " + report.lines[-1].children[-1].row.label


@settings(max_examples=25, deadline=None)
@given(fields=st.integers(0, 12), procedures=st.integers(0, 3), seed=st.integers(0, 10_000))
def test_totals_add_up_whatever_the_shape(fields, procedures, seed):
    report = many_lines_report(fields=fields, procedures=procedures, seed=seed)
    ws = book(ii06a_xlsx(report))["II.06a"]
    total, _c = find(ws, "TỔNG CỘNG")
    got = []
    for c in range(3, 14):
        value = ws.cell(row=total, column=c).value
        got.append(evaluate(ws, value) if isinstance(value, str) else value)
    assert got == report.total.counts.columns()


def test_district_workbook_shows_freshness_and_marks_stale_in_red():
    ws = book(ii06a_xlsx(district_report()))["II.06a"]
    row, _c = find(ws, "Xã Tân Hòa (*)\n(không có số liệu mới 43 ngày)")
    assert ws.cell(row=row, column=2).font.color.rgb.endswith("C00000")
    assert find(ws, "Xã An Phú\n(số liệu đến 14/12/2026)")
    assert find(ws, "Đơn vị")[1] == 2


def test_unbalanced_report_writes_nothing():
    report = seed_report()
    report.lines[0].row.counts = II06aCounts(received=3, received_online=1)
    with pytest.raises(ValidationError, match="Chứng thực"):
        ii06a_xlsx(report)


def test_figures_workbook():
    report = make_figures_report()
    wb = book(figures_xlsx(report))
    assert wb.sheetnames == ["Tổng hợp", "Theo thủ tục", "Theo công chức"]
    ws = wb["Tổng hợp"]
    row, _c = find(ws, "Qua dịch vụ bưu chính công ích")
    assert ws.cell(row=row, column=3).value == 995
    row, _c = find(ws, "Phiếu xin lỗi và hẹn lại ngày trả kết quả")
    assert ws.cell(row=row, column=3).value == 57
    row, _c = find(ws, "Tỷ lệ giải quyết đúng hạn (kể cả trước hạn)")
    assert ws.cell(row=row, column=3).value.startswith("=IF(")
    assert ws.page_setup.orientation == "portrait"
    procedures = wb["Theo thủ tục"]
    row, _c = find(procedures, "Đăng ký khai sinh")
    values = [procedures.cell(row=row, column=c).value for c in range(1, 13)]
    assert values[:7] == [1, "1.001193", "Đăng ký khai sinh", 4100, 4020, 3990, 30]
    assert values[7] == f'=IF(E{row}=0,"",ROUND(F{row}/E{row}*100,2))'
    assert values[11] == 2.4
    assert procedures.freeze_panes == f"D{row}"
    assert len(list(wb["Theo công chức"].iter_rows(min_row=row))) == len(report.by_official)


def test_objectives_workbook():
    ws = book(objectives_xlsx(make_objectives_report()))["Mục tiêu 2026"]
    row, _c = find(ws, "Giải quyết hồ sơ đúng hạn")
    values = [ws.cell(row=row, column=c).value for c in range(1, 9)]
    assert values == [
        1, "Giải quyết hồ sơ đúng hạn", "Tỷ lệ hồ sơ giải quyết đúng hạn (kể cả trước hạn)",
        "≥", 98.0, 95.01, "Không đạt", "18.738 hồ sơ đã giải quyết",
    ]  # fmt: skip
    assert ws.cell(row=row, column=5).number_format == '0.00"%"'
    row, _c = find(ws, "Người dân hài lòng")
    assert ws.cell(row=row, column=6).value is None
    assert ws.cell(row=row, column=7).value == "Chưa có số liệu"
    row, _c = find(ws, "Hồ sơ đang giải quyết quá hạn")
    assert ws.cell(row=row, column=5).number_format == "#,##0"
    assert ws.print_area.endswith(f"$H${ws.max_row}")
