"""The survey report as PDF (A4, Decree 30) and XLSX: rates with their counts, reasons, evaluations.

Vietnamese, like the other reports (``documents.report_common``). Every rate
shows the forms and answers behind it; a figure on fewer than
``SMALL_SAMPLE`` forms is marked as too few to mean much.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from motcua_desktop.documents.blocks import grid_table
from motcua_desktop.documents.formatting import markup
from motcua_desktop.documents.pdf import build_pdf
from motcua_desktop.documents.report_common import (
    period_text,
    report_signatures,
    report_top,
    require_unit,
    table_styles,
    vn_decimal,
    vn_int,
    vn_rate,
)
from motcua_desktop.documents.styles import styles_for
from motcua_desktop.domain.survey_results import Rate
from motcua_desktop.domain.survey_summary import SatisfactionReport

REPORT_VERSION = "BC-KSHL.1"
TITLE = "BÁO CÁO KẾT QUẢ KHẢO SÁT SỰ HÀI LÒNG CỦA NGƯỜI DÂN, TỔ CHỨC"
TITLE_LINES = "BÁO CÁO KẾT QUẢ KHẢO SÁT<br/>SỰ HÀI LÒNG CỦA NGƯỜI DÂN, TỔ CHỨC"
GRADES_VI = {"good": "Tốt", "fair": "Khá", "average": "Trung bình", "poor": "Yếu"}
ITEM_LEVELS_VI = {3: "Rất hài lòng", 2: "Hài lòng", 1: "Không hài lòng"}
FEW = "Ít phiếu"
MAX_COMMENTS = 15
RATE_HEAD = ("Số phiếu", "Số câu trả lời", "Hài lòng (mức 4, 5)", "Tỷ lệ hài lòng", "Ghi chú")


def bands_text(report: SatisfactionReport) -> str:
    bands = sorted(report.evaluations.bands, key=lambda b: -b[0])
    return "; ".join(f"{GRADES_VI.get(k, k)}: từ {vn_decimal(lo, 0)}%" for lo, k in bands)


def _rate_table(title: str, rates: tuple[Rate, ...], limit: int, st: dict, styles) -> list:
    width = styles.page.width
    widths = [9 * mm, width - 9 * mm - 4 * 19 * mm - 18 * mm, 19 * mm, 19 * mm, 19 * mm,
              19 * mm, 18 * mm]  # fmt: skip
    rows: list[list] = [[Paragraph(h, st["head"]) for h in ("TT", title, *RATE_HEAD)]]
    for i, r in enumerate(rates, start=1):
        rows.append([
            Paragraph(str(i), st["center"]), Paragraph(markup(r.label), st["cell"]),
            Paragraph(vn_int(r.forms), st["number"]), Paragraph(vn_int(r.answered), st["number"]),
            Paragraph(vn_int(r.satisfied), st["number"]), Paragraph(vn_rate(r.rate), st["number"]),
            Paragraph(FEW if r.small_sample else "", st["note"]),
        ])  # fmt: skip
    if not rates:
        rows.append([Paragraph("Không có phiếu nào.", st["note"])] + [""] * 6)
    return [grid_table(rows, widths, styles,
                       extra=[("SPAN", (0, 1), (-1, 1))] if not rates else [])]  # fmt: skip


def _section(text: str, styles) -> Paragraph:
    return Paragraph(f"<b>{markup(text)}</b>", styles.body_left)


def build_satisfaction_pdf(report: SatisfactionReport) -> bytes:
    """The survey report, A4 portrait; ``ValidationError`` when the header has no unit."""
    require_unit(report.header)
    styles = styles_for("A4")
    st = table_styles(styles, 10)
    body = styles.body.clone("survey-report-body", fontSize=12, leading=15)
    note = st["note"].clone("survey-report-note", fontSize=10.5, leading=13)
    s, ev, limit = report.summary, report.evaluations, report.small_sample_limit
    o = s.overall
    story = [
        report_top(report.header, styles),
        Paragraph(TITLE_LINES, styles.title),
        Paragraph(markup(period_text(report.period)), styles.subtitle),
    ]
    if report.scope:
        story.append(Paragraph(markup(report.scope), styles.subtitle))
    facts = (
        f"Số đợt khảo sát: {vn_int(report.batches)}; số phiếu thu về: {vn_int(s.forms)}"
        f" (trong đó {vn_int(s.blank_forms)} phiếu để trống). Tỷ lệ hài lòng chung = (số câu trả"
        f" lời mức 4 và 5) / (số câu trả lời) × 100% = {vn_int(o.satisfied)} / "
        f"{vn_int(o.answered)} = <b>{vn_rate(o.rate)}</b>."
    )
    story += [Spacer(1, 2 * mm), Paragraph(facts, body)]
    q = s.overall_question
    if q.answered:
        story.append(Paragraph(f"Câu hỏi đánh giá chung: {vn_int(q.satisfied)} / "
                               f"{vn_int(q.answered)} câu trả lời hài lòng = {vn_rate(q.rate)}.",
                               body))  # fmt: skip
    story.append(Paragraph(
        f"Ghi chú: “{FEW}” là số liệu dựa trên dưới {limit} phiếu, chưa đủ để kết luận."
        + (" Số phiếu của cả kỳ dưới mức này." if o.small_sample else ""), note))  # fmt: skip
    story += [_section("1. Tỷ lệ hài lòng theo từng yếu tố", styles)]
    story += _rate_table("Yếu tố", s.factors, limit, st, styles)
    story += [_section("2. Tỷ lệ hài lòng theo thủ tục hành chính", styles)]
    story += _rate_table("Thủ tục hành chính", s.procedures, limit, st, styles)
    story += [_section("3. Tỷ lệ hài lòng theo công chức giải quyết", styles)]
    story += _rate_table("Công chức", s.officials, limit, st, styles)
    story += [_section("4. Lý do chưa hài lòng (xếp theo số phiếu)", styles)]
    width = styles.page.width
    rows: list[list] = [
        [Paragraph(h, st["head"]) for h in ("TT", "Lý do", "Số phiếu", "Tỷ lệ số phiếu")]
    ]
    for i, r in enumerate(s.reasons, start=1):
        rows.append([Paragraph(str(i), st["center"]), Paragraph(markup(r.text), st["cell"]),
                     Paragraph(vn_int(r.count), st["number"]),
                     Paragraph(vn_rate(r.share), st["number"])])  # fmt: skip
    if not s.reasons:
        rows.append(
            [Paragraph("Không có phiếu nào nêu lý do chưa hài lòng.", st["note"]), "", "", ""]
        )
    story.append(grid_table(rows, [9 * mm, width - 9 * mm - 44 * mm, 20 * mm, 24 * mm], styles,
                            extra=[] if s.reasons else [("SPAN", (0, 1), (-1, 1))]))  # fmt: skip
    if s.comments:
        story.append(Paragraph(f"Ý kiến khác ({vn_int(len(s.comments))} phiếu):", body))
        for text in s.comments[:MAX_COMMENTS]:
            story.append(Paragraph(f"– {markup(text)}", note))
    story.append(_section("5. Đánh giá việc giải quyết từng hồ sơ", styles))
    if ev.count:
        story.append(Paragraph(
            f"Số hồ sơ được đánh giá: {vn_int(ev.count)}; điểm bình quân "
            f"{vn_decimal(ev.average_points)} / {vn_decimal(ev.average_max)} điểm; tỷ lệ điểm đạt "
            f"{vn_rate(ev.share)}; xếp loại: <b>{GRADES_VI.get(ev.grade, ev.grade)}</b>"
            + (f" ({FEW.lower()})." if ev.small_sample else "."), body))  # fmt: skip
        for label, counts in (
            ("Mục 10 (sự thuận tiện)", ev.item10),
            ("Mục 11 (hài lòng chung)", ev.item11),
        ):
            if counts:
                parts = ", ".join(f"{ITEM_LEVELS_VI.get(k, k)}: {vn_int(n)}"
                                  for k, n in sorted(counts.items(), reverse=True))  # fmt: skip
                story.append(Paragraph(f"{label}: {parts}.", body))
        story.append(Paragraph(
            "Xếp loại theo tỷ lệ điểm đạt trên số điểm tối đa của các chỉ số đã chấm, theo ngưỡng "
            f"mặc định của phần mềm (không phải quy định của pháp luật; có thể thay đổi trong cài "
            f"đặt): {bands_text(report)}.", note))  # fmt: skip
    else:
        story.append(Paragraph("Trong kỳ không có hồ sơ nào được đánh giá.", body))
    story.append(report_signatures(report.header, styles))
    return build_pdf(story, "A4", template_version=REPORT_VERSION,
                     title=f"{TITLE} - {period_text(report.period)}",
                     author=report.header.reporting_unit)  # fmt: skip


def _sheet(wb: Workbook, title: str, head: list[str], rows: list[list], percent_cols=()) -> None:
    ws = wb.create_sheet(title)
    ws.append(head)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    for col in percent_cols:
        for (cell,) in ws.iter_rows(min_row=2, min_col=col, max_col=col):
            cell.number_format = "0.00%"
    ws.column_dimensions["B"].width = 50


def _share(value: float | None) -> float | None:
    """A rate in % as the fraction Excel shows with the 0.00% format."""
    return None if value is None else round(value / 100, 6)


def _rate_rows(rates: tuple[Rate, ...]) -> list[list]:
    return [[i, r.label, r.forms, r.answered, r.satisfied, _share(r.rate), FEW if r.small_sample else ""]
            for i, r in enumerate(rates, start=1)]  # fmt: skip


def build_satisfaction_xlsx(report: SatisfactionReport) -> bytes:
    """The same figures as a workbook, numbers as numbers (rates as fractions shown in %)."""
    s, ev = report.summary, report.evaluations
    wb = Workbook()
    ws = wb.active
    ws.title = "Tổng hợp"
    o, q = s.overall, s.overall_question
    for row in (
        [TITLE], [report.header.reporting_unit], [period_text(report.period)],
        ["Từ ngày", report.period.date_from], ["Đến ngày", report.period.date_to],
        ["Số đợt khảo sát", report.batches], ["Số phiếu", s.forms],
        ["Số phiếu để trống", s.blank_forms], ["Số câu trả lời", o.answered],
        ["Số câu trả lời hài lòng (mức 4, 5)", o.satisfied], ["Tỷ lệ hài lòng chung", _share(o.rate)],
        ["Câu hỏi chung: số trả lời", q.answered], ["Câu hỏi chung: tỷ lệ hài lòng", _share(q.rate)],
        ["Số hồ sơ được đánh giá", ev.count], ["Điểm bình quân", ev.average_points],
        ["Điểm tối đa bình quân", ev.average_max], ["Tỷ lệ điểm đạt", _share(ev.share)],
        ["Xếp loại", GRADES_VI.get(ev.grade, ev.grade)], ["Ngưỡng xếp loại (mặc định, có thể đổi)",
                                                         bands_text(report)],
    ):  # fmt: skip
        ws.append(row)
    for row in ws.iter_rows(min_row=4, max_row=5, min_col=2, max_col=2):
        row[0].number_format = "DD/MM/YYYY"
    for r in (11, 13, 17):
        ws.cell(r, 2).number_format = "0.00%"
    ws["A1"].font = Font(bold=True)
    ws.column_dimensions["A"].width = 40
    head = ["TT", "", *RATE_HEAD]
    _sheet(wb, "Theo yếu tố", ["TT", "Yếu tố", *head[2:]], _rate_rows(s.factors), (6,))
    _sheet(
        wb, "Theo thủ tục", ["TT", "Thủ tục hành chính", *head[2:]], _rate_rows(s.procedures), (6,)
    )
    _sheet(wb, "Theo công chức", ["TT", "Công chức", *head[2:]], _rate_rows(s.officials), (6,))
    _sheet(
        wb,
        "Lý do",
        ["TT", "Lý do", "Số phiếu", "Tỷ lệ số phiếu"],
        [[i, r.text, r.count, _share(r.share)] for i, r in enumerate(s.reasons, start=1)],
        (4,),
    )
    _sheet(wb, "Đánh giá hồ sơ",
           ["TT", "Mã hồ sơ", "Thủ tục", "Công chức", "Điểm", "Điểm tối đa", "Mục 10", "Mục 11", "Nguồn"],
           [[i, x.dossier_code, x.procedure_name, x.official_name, x.points, x.max_points,
             ITEM_LEVELS_VI.get(x.item10, ""), ITEM_LEVELS_VI.get(x.item11, ""), x.source]
            for i, x in enumerate(ev.lines, start=1)])  # fmt: skip
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
