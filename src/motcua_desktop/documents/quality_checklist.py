"""A checklist run as a PDF (phiếu đánh giá / tự kiểm tra): the run's facts, each item with its
verdict and evidence under its section, the tally, and the auditors' and leader's signatures.

``run`` is read by its attributes (``services.checklists.RunView``): template,
title, kind, run_on, scope, auditors, status, revision, signed_by_name,
answers, counts().
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from motcua_desktop.documents.formatting import markup
from motcua_desktop.documents.pdf import build_pdf
from motcua_desktop.documents.quality_common import (
    KIND_TEXT,
    QUALITY_VERSIONS,
    VERDICT_COLOUR,
    VERDICT_TEXT,
    counts_sentence,
    day,
    fact_lines,
    portrait_top,
    ruled_table,
    two_signatures,
)
from motcua_desktop.documents.report_common import require_unit, table_styles
from motcua_desktop.documents.styles import SlipStyles, styles_for
from motcua_desktop.domain.report_models import ReportHeader

HEADINGS = ("TT", "Nội dung kiểm tra", "Kết quả", "Bằng chứng, nhận xét")
WIDTHS_MM = (14, 72, 26, 53)  # 165 mm: the A4 portrait frame
DRAFT_NOTE = "BẢN NHÁP: phiếu chưa được lãnh đạo ký duyệt, nội dung còn có thể thay đổi."


def run_facts(run, st: dict) -> list[Flowable]:
    revision = f"Lần {run.revision}" if run.revision > 1 else ""
    facts = [
        ("Hình thức", KIND_TEXT.get(run.kind, run.kind)),
        ("Ngày kiểm tra", day(run.run_on)),
        ("Phạm vi", run.scope),
        ("Người thực hiện", ", ".join(run.auditors)),
        ("Căn cứ", run.template.basis),
        ("Mẫu phiếu", f"{run.template.code}, phiên bản {run.template.version}"),
        ("Sửa đổi", revision),
    ]
    return fact_lines(facts, st["cell"])


def _evidence_cell(run, item, figures: dict[str, str], st: dict) -> Paragraph:
    answer = run.answers.get(item.id)
    parts = []
    if answer and answer.evidence:
        parts.append(markup(answer.evidence))
    if item.evidence and figures.get(item.evidence):
        parts.append(f"<i>Số liệu phần mềm: {markup(figures[item.evidence])}</i>")
    for f in answer.attachments if answer else ():
        parts.append(f'<font size="8">Tệp: {markup(f.file_name)} (SHA-256 {f.sha256[:12]}…)</font>')
    return Paragraph("<br/>".join(parts), st["cell"])


def items_table(run, styles: SlipStyles, figures: dict[str, str] | None = None):
    """Sections as spanning rows, then one row per item: text and guidance, verdict, evidence."""
    st = table_styles(styles, 10)
    figures = figures or {}
    rows: list[list] = [[Paragraph(h, st["head"]) for h in HEADINGS]]
    extra: list[tuple] = []
    for section in run.template.sections:
        r = len(rows)
        rows.append([Paragraph(f"<b>{markup(section.title)}</b>", st["cell"]), "", "", ""])
        extra += [("SPAN", (0, r), (-1, r))]
        for item in section.items:
            r = len(rows)
            verdict = run.verdict(item.id)
            text = (f"{markup(item.text)}<br/>"
                    f'<font size="8.5"><i>Xem: {markup(item.guidance)}</i></font>')  # fmt: skip
            rows.append(
                [
                    Paragraph(markup(item.label or item.clause or item.id), st["center"]),
                    Paragraph(text, st["cell"]),
                    Paragraph(markup(VERDICT_TEXT.get(verdict, verdict)), st["center"]),
                    _evidence_cell(run, item, figures, st),
                ]
            )
            if verdict in VERDICT_COLOUR:
                extra.append(("BACKGROUND", (2, r), (2, r), VERDICT_COLOUR[verdict]))
    return ruled_table(rows, WIDTHS_MM, extra=extra)


def checklist_story(run, header: ReportHeader, styles: SlipStyles, figures=None) -> list[Flowable]:
    st = table_styles(styles, 11)
    story: list[Flowable] = [
        portrait_top(header, styles),
        Paragraph(markup(run.title), styles.title),
    ]
    if run.status != "closed":
        story.append(Paragraph(f"<b>{DRAFT_NOTE}</b>", styles.subtitle))
    story += [Spacer(1, styles.pt(3 * mm)), *run_facts(run, st), Spacer(1, styles.pt(3 * mm))]
    story.append(items_table(run, styles, figures))
    story += [
        Spacer(1, styles.pt(3 * mm)),
        Paragraph(f"<b>Tổng hợp kết quả:</b> {markup(counts_sentence(run.counts()))}.", st["cell"]),
        two_signatures(
            styles,
            ("Người đánh giá", run.auditors),
            ("Lãnh đạo phê duyệt", [run.signed_by_name] if run.signed_by_name else []),
            right_note="(Ký tên, đóng dấu)",
        ),
    ]
    return story


def build_checklist_pdf(run, header: ReportHeader, figures: dict[str, str] | None = None) -> bytes:
    """The run as PDF bytes (A4 portrait). ``figures`` maps an evidence key to the program's text.

    Raises ``ValidationError`` for a header with no reporting unit.
    """
    require_unit(header)
    styles = styles_for("A4")
    return build_pdf(
        checklist_story(run, header, styles, figures),
        "A4",
        template_version=QUALITY_VERSIONS["checklist"],
        title=run.title,
        author=header.reporting_unit,
    )
