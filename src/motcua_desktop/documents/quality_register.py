"""The register of nonconformities and corrective actions as a PDF (A4 landscape): one row per
finding with its cause, the action, who and by when, its status and the verification."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from motcua_desktop.documents.formatting import markup
from motcua_desktop.documents.pdf import build_pdf
from motcua_desktop.documents.quality_common import (
    QUALITY_VERSIONS,
    SEVERITY_TEXT,
    SOURCE_TEXT,
    STATUS_TEXT,
    day,
    ruled_table,
)
from motcua_desktop.documents.report_common import (
    report_signatures,
    report_top,
    require_unit,
    table_styles,
)
from motcua_desktop.documents.styles import SlipStyles, styles_for
from motcua_desktop.domain.nonconformity import is_overdue, is_report_overdue
from motcua_desktop.domain.report_models import ReportHeader

TITLE = "SỔ THEO DÕI SỰ KHÔNG PHÙ HỢP VÀ HÀNH ĐỘNG KHẮC PHỤC"
HEADINGS = ("TT", "Số, ngày phát hiện", "Nguồn, mức độ", "Mô tả sự không phù hợp", "Nguyên nhân",
            "Khắc phục, hành động khắc phục", "Người thực hiện, thời hạn", "Tình trạng",
            "Kiểm tra hiệu lực")  # fmt: skip
WIDTHS_MM = (9, 24, 22, 50, 33, 45, 27, 25, 27)  # 262 mm: the A4 landscape frame
LATE = colors.HexColor("#F8CBAD")
EMPTY = "Chưa có sự không phù hợp nào được ghi nhận."


def _row(n: int, f, today: date, st: dict) -> list:
    action = "<br/>".join(
        x for x in (f.correction and f"Khắc phục: {markup(f.correction)}",
                    f.corrective_action and f"HĐKP: {markup(f.corrective_action)}") if x
    )  # fmt: skip
    status = STATUS_TEXT.get(f.status, f.status)
    if is_overdue(f, today):
        status += "<br/><b>QUÁ HẠN</b>"
    if f.report_due_on:
        state = (
            f"đã báo cáo {day(f.reported_on)}" if f.reported_on else f"hạn {day(f.report_due_on)}"
        )
        late = " <b>QUÁ HẠN</b>" if is_report_overdue(f, today) else ""
        status += f"<br/><i>Báo cáo: {state}</i>{late}"
    check = ""
    if f.verified_on:
        verdict = "Có hiệu lực" if f.effective else "Chưa có hiệu lực"
        check = f"{verdict}, {day(f.verified_on)}<br/>{markup(f.verified_by_name)}"
        if f.verification_note:
            check += f"<br/><i>{markup(f.verification_note)}</i>"
    return [
        str(n),
        Paragraph(f"<b>{markup(f.number)}</b><br/>{day(f.found_on)}", st["cell"]),
        Paragraph(
            f"{SOURCE_TEXT.get(f.source, f.source)}<br/>{SEVERITY_TEXT.get(f.severity, '')}",
            st["cell"],
        ),  # fmt: skip
        Paragraph(markup(f.description), st["cell"]),
        Paragraph(markup(f.cause), st["cell"]),
        Paragraph(action, st["cell"]),
        Paragraph("<br/>".join(x for x in (markup(f.owner_name), day(f.due_on)) if x), st["cell"]),
        Paragraph(status, st["cell"]),
        Paragraph(check, st["cell"]),
    ]


def register_table(entries: Sequence, today: date, styles: SlipStyles):
    st = table_styles(styles, 9.5)
    rows: list[list] = [[Paragraph(h, st["head"]) for h in HEADINGS]]
    extra: list[tuple] = [("ALIGN", (0, 1), (0, -1), "CENTER"), ("VALIGN", (0, 1), (-1, -1), "TOP")]
    for n, f in enumerate(entries, start=1):
        rows.append(_row(n, f, today, st))
        if is_overdue(f, today) or is_report_overdue(f, today):
            extra.append(("BACKGROUND", (7, n), (7, n), LATE))
    if not entries:
        rows.append([Paragraph(EMPTY, st["note"])] + [""] * 8)
        extra.append(("SPAN", (0, 1), (-1, 1)))
    return ruled_table(rows, WIDTHS_MM, extra=extra)


def register_story(entries: Sequence, header: ReportHeader, today: date, styles) -> list[Flowable]:
    open_ = sum(1 for f in entries if f.status != "verified")
    late = sum(1 for f in entries if is_overdue(f, today))
    st = table_styles(styles, 11)
    return [
        report_top(header, styles),
        Paragraph(TITLE, styles.title),
        Paragraph(f"(Tình trạng đến ngày {day(today)})", styles.subtitle),
        Spacer(1, styles.pt(3 * mm)),
        register_table(entries, today, styles),
        Spacer(1, styles.pt(2 * mm)),
        Paragraph(
            f"Tổng số {len(entries)} sự không phù hợp; {open_} chưa kết thúc, "
            f"trong đó <b>{late} quá hạn</b> khắc phục.",
            st["cell"],
        ),
        report_signatures(header, styles),
    ]


def build_register_pdf(entries: Sequence, header: ReportHeader, *, today: date) -> bytes:
    """The register (``NonconformityView`` entries in order) as PDF bytes, A4 landscape."""
    require_unit(header)
    styles = styles_for("A4L")
    return build_pdf(
        register_story(entries, header, today, styles),
        "A4L",
        template_version=QUALITY_VERSIONS["register"],
        title=TITLE,
        author=header.reporting_unit,
    )
