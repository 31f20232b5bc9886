"""The summary of a management review meeting (biên bản họp xem xét của lãnh đạo, ISO 9001
clause 9.3): when, who chaired and attended, the inputs looked at and the decisions taken.

``review`` is read by its attributes (``services.quality_records.RecordView`` of kind
``management_review``: record_date, number, note and ``data`` with chair, attendees,
inputs, decisions).
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from motcua_desktop.documents.formatting import markup
from motcua_desktop.documents.pdf import build_pdf
from motcua_desktop.documents.quality_common import (
    QUALITY_VERSIONS,
    day,
    portrait_top,
    two_signatures,
)
from motcua_desktop.documents.report_common import require_unit
from motcua_desktop.documents.styles import styles_for
from motcua_desktop.domain.errors import ValidationError
from motcua_desktop.domain.report_models import ReportHeader
from motcua_desktop.i18n import _

TITLE = "BIÊN BẢN HỌP XEM XÉT CỦA LÃNH ĐẠO"
SUBTITLE = "Về hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001:2015"


def _numbered(values, style) -> list[Paragraph]:
    if not values:
        return [Paragraph("(Không có)", style)]
    return [Paragraph(f"{n}. {markup(v)}", style) for n, v in enumerate(values, start=1)]


def review_story(review, header: ReportHeader, styles) -> list[Flowable]:
    data = review.data or {}
    body, left = styles.body, styles.body_left
    attendees = data.get("attendees") or []
    story: list[Flowable] = [
        portrait_top(header, styles),
        Paragraph(TITLE, styles.title),
        Paragraph(SUBTITLE, styles.subtitle),
        Spacer(1, styles.pt(3 * mm)),
    ]
    if review.number:
        story.append(Paragraph(f"Số biên bản: {markup(review.number)}", body))
    story += [
        Paragraph(f"<b>1. Thời gian:</b> ngày {day(review.record_date)}.", body),
        Paragraph(f"<b>2. Chủ trì:</b> {markup(data.get('chair', ''))}.", body),
        Paragraph(f"<b>3. Thành phần tham dự:</b> {markup(', '.join(attendees)) or '…'}.", body),
        Paragraph("<b>4. Các nội dung đầu vào được xem xét:</b>", left),
        *_numbered(data.get("inputs") or [], body),
        Paragraph("<b>5. Kết luận, quyết định của lãnh đạo:</b>", left),
        *_numbered(data.get("decisions") or [], body),
    ]
    if review.note:
        story.append(Paragraph(f"<b>Ghi chú:</b> {markup(review.note)}", body))
    story.append(
        Paragraph("Biên bản được lập xong và thông qua tại cuộc họp, các thành viên cùng ký.", body)
    )
    story.append(
        two_signatures(
            styles,
            ("Thư ký", []),
            ("Chủ trì", [data.get("chair", "")]),
            right_note="(Ký, ghi rõ họ tên)",
        )  # fmt: skip
    )
    return story


def build_review_pdf(review, header: ReportHeader) -> bytes:
    """The review's minutes as PDF bytes (A4 portrait)."""
    require_unit(header)
    if getattr(review, "kind", "management_review") != "management_review":
        raise ValidationError(_("This record is not a management review."))
    styles = styles_for("A4")
    return build_pdf(
        review_story(review, header, styles),
        "A4",
        template_version=QUALITY_VERSIONS["review"],
        title=f"{TITLE} {day(review.record_date)}",
        author=header.reporting_unit,
    )
