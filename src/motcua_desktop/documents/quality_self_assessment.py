"""The annual self-assessment report (báo cáo kết quả tự kiểm tra, Circular 26/2014/TT-BKHCN
art. 36): the self-inspection run laid out as the report the commune files, item by item against
the standard and against Decision 19/2014/QĐ-TTg, then the findings with their corrective actions
and the two-month reporting limit, and the conclusion."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from motcua_desktop.documents.formatting import markup
from motcua_desktop.documents.pdf import build_pdf
from motcua_desktop.documents.quality_common import (
    QUALITY_VERSIONS,
    SEVERITY_TEXT,
    VERDICT_TEXT,
    counts_sentence,
    day,
    portrait_top,
    two_signatures,
)
from motcua_desktop.documents.report_common import require_unit
from motcua_desktop.documents.styles import styles_for
from motcua_desktop.domain.errors import ValidationError
from motcua_desktop.domain.report_models import ReportHeader
from motcua_desktop.i18n import _

TITLE = "BÁO CÁO KẾT QUẢ TỰ KIỂM TRA"
SUBTITLE = ("Việc xây dựng, áp dụng, duy trì và cải tiến hệ thống quản lý chất lượng "
            "theo Tiêu chuẩn quốc gia TCVN ISO 9001 năm {year}")  # fmt: skip
BASIS = "Căn cứ Điều 36 Thông tư số 26/2014/TT-BKHCN ngày 10 tháng 10 năm 2014 của Bộ Khoa học và Công nghệ."


def _findings(findings: Sequence, style) -> list[Flowable]:
    if not findings:
        return [Paragraph("Không phát hiện điểm không phù hợp.", style)]
    out = []
    for n, f in enumerate(findings, start=1):
        lines = [f"{n}. <b>{markup(f.number)}</b> ({SEVERITY_TEXT.get(f.severity, f.severity)}): "
                 f"{markup(f.description)}"]  # fmt: skip
        if f.cause:
            lines.append(f"Nguyên nhân: {markup(f.cause)}")
        if f.corrective_action or f.correction:
            lines.append(f"Hành động khắc phục: {markup(f.corrective_action or f.correction)}")
        who = ", ".join(x for x in (f.owner_name, day(f.due_on) and f"hạn {day(f.due_on)}") if x)
        if who:
            lines.append(f"Người thực hiện, thời hạn: {markup(who)}")
        if f.report_due_on:
            lines.append(f"Báo cáo kết quả khắc phục trước ngày <b>{day(f.report_due_on)}</b>")
        out.append(Paragraph("<br/>".join(lines), style))
    return out


def self_assessment_story(run, header: ReportHeader, findings: Sequence, styles) -> list[Flowable]:
    body, left = styles.body, styles.body_left
    story: list[Flowable] = [
        portrait_top(header, styles),
        Paragraph(TITLE, styles.title),
        Paragraph(markup(SUBTITLE.format(year=run.run_on.year)), styles.subtitle),
        Spacer(1, styles.pt(3 * mm)),
        Paragraph(f"<i>{BASIS}</i>", body),
        Paragraph("<b>I. THÔNG TIN CHUNG</b>", left),
        Paragraph(f"1. Thời gian tự kiểm tra: ngày {day(run.run_on)}.", body),
        Paragraph(f"2. Phạm vi: {markup(run.scope or '…')}.", body),
        Paragraph(f"3. Thành phần: {markup(', '.join(run.auditors))}.", body),
        Paragraph("<b>II. KẾT QUẢ TỰ KIỂM TRA</b>", left),
    ]
    for n, section in enumerate(run.template.sections, start=1):
        story.append(Paragraph(f"<b>{n}. {markup(section.title)}</b>", body))
        for item in section.items:
            answer = run.answers.get(item.id)
            verdict = VERDICT_TEXT.get(answer.verdict if answer else None)
            note = f" {markup(answer.evidence)}" if answer and answer.evidence else ""
            story.append(
                Paragraph(
                    f"{markup(item.label or item.id)}) {markup(item.text)}: "
                    f"<b>{verdict}.</b>{note}",
                    body,
                )  # fmt: skip
            )
    story += [
        Paragraph("<b>III. CÁC ĐIỂM KHÔNG PHÙ HỢP VÀ HÀNH ĐỘNG KHẮC PHỤC</b>", left),
        *_findings(findings, body),
        Paragraph("<b>IV. KẾT LUẬN</b>", left),
        Paragraph(f"Kết quả: {markup(counts_sentence(run.counts()))}.", body),
        Paragraph(
            "Các điểm không phù hợp được khắc phục và báo cáo kết quả trong thời hạn hai tháng "
            "kể từ ngày kết thúc tự kiểm tra."
            if findings
            else "Hệ thống quản lý chất lượng được duy trì và áp dụng có hiệu lực.",
            body,
        ),  # fmt: skip
        two_signatures(
            styles,
            ("Người thực hiện", run.auditors),
            (header.signer_title or "Thủ trưởng cơ quan", [run.signed_by_name]),
            right_note="(Ký tên, đóng dấu)",
        ),
    ]
    return story


def build_self_assessment_pdf(run, header: ReportHeader, findings: Sequence = ()) -> bytes:
    """The self-inspection run (kind ``self_inspection``, closed) as the annual report, A4."""
    require_unit(header)
    if run.kind != "self_inspection":
        raise ValidationError(_("Only an annual self-inspection makes the self-assessment report."))
    if run.status != "closed":
        raise ValidationError(_("Close and sign the self-inspection before printing its report."))
    styles = styles_for("A4")
    return build_pdf(
        self_assessment_story(run, header, findings, styles),
        "A4",
        template_version=QUALITY_VERSIONS["self_assessment"],
        title=f"{TITLE} {run.run_on.year}",
        author=header.reporting_unit,
    )
