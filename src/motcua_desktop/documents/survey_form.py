"""The blank paper satisfaction form, A4, with the commune's Decree 30 header: the commune
prints its own forms. Vietnamese, like the slips; the questions come from the template."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table

from motcua_desktop.documents.blocks import grid_table
from motcua_desktop.documents.formatting import BLANK, markup
from motcua_desktop.documents.pdf import build_pdf
from motcua_desktop.documents.report_common import report_top, table_styles
from motcua_desktop.documents.styles import styles_for
from motcua_desktop.domain.errors import ValidationError
from motcua_desktop.domain.report_models import ReportHeader
from motcua_desktop.domain.survey_template import Question, SurveyTemplate
from motcua_desktop.i18n import _

BOX = "\u25a1"  # □, in Liberation Serif
FORM_VERSION = "PKS"
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
THANKS = "Xin trân trọng cảm ơn sự hợp tác của Ông/Bà!"
INSTRUCTION = "Đánh dấu X vào một ô cho mỗi câu hỏi."


def _legend(template: SurveyTemplate) -> str:
    levels = template.questions[0].levels if template.questions else ()
    return "Mức đánh giá: " + "; ".join(f"<b>{lv.value}</b> – {markup(lv.label)}" for lv in levels)


def _question_table(template: SurveyTemplate, st: dict, styles, width: float) -> Table:
    levels = template.questions[0].levels
    box_w = 11 * mm
    widths = [10 * mm, width - 10 * mm - box_w * len(levels)] + [box_w] * len(levels)
    box = st["center"].clone("survey-box", fontSize=13, leading=13)
    rows: list[list] = [
        [Paragraph("TT", st["head"]), Paragraph("Nội dung đánh giá", st["head"])]
        + [Paragraph(str(lv.value), st["head"]) for lv in levels]
    ]
    spans: list[tuple] = [
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]

    def question_row(number: str, q: Question) -> list:
        marks = [Paragraph(BOX if lv in q.levels else "", box) for lv in levels]
        return [Paragraph(number, st["center"]), Paragraph(markup(q.text), st["cell"]), *marks]

    for i, factor in enumerate(template.factors):
        rows.append([Paragraph(ROMAN[i] if i < len(ROMAN) else str(i + 1), st["head"]),
                     Paragraph(markup(factor.title).upper(), st["bold"])])  # fmt: skip
        spans.append(("SPAN", (1, len(rows) - 1), (-1, len(rows) - 1)))
        for j, q in enumerate(template.factor_questions(factor.id), start=1):
            rows.append(question_row(str(j), q))
    if template.overall is not None:
        rows.append([Paragraph(ROMAN[len(template.factors)], st["head"]),
                     Paragraph("ĐÁNH GIÁ CHUNG", st["bold"])])  # fmt: skip
        spans.append(("SPAN", (1, len(rows) - 1), (-1, len(rows) - 1)))
        rows.append(question_row("", template.overall))
    return grid_table(rows, widths, styles, extra=spans)


def _choices_table(texts: list[str], st: dict, width: float, columns: int = 2) -> Table:
    cells = [Paragraph(f"{BOX}&nbsp;{markup(t)}", st["cell"]) for t in texts]
    rows = [cells[i : i + columns] for i in range(0, len(cells), columns)]
    if rows and len(rows[-1]) < columns:
        rows[-1] += [""] * (columns - len(rows[-1]))
    table = Table(rows, colWidths=[width / columns] * columns, hAlign="LEFT")
    table.setStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 1),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1)])  # fmt: skip
    return table


def _dots(n: int) -> str:
    return "." * n


def build_blank_form_pdf(template: SurveyTemplate, header: ReportHeader) -> bytes:
    """The printable form for ``template`` under ``header``'s units; one A4 sheet for the
    shipped template. ``ValidationError`` for an evaluation template or no reporting unit."""
    if template.kind != "satisfaction" or not template.questions:
        raise ValidationError(_("Only a satisfaction survey has a paper form to print."),
                              field="template")  # fmt: skip
    if not header.reporting_unit.strip():
        raise ValidationError(
            _("The form has no reporting unit. Fill in the commune profile first."),
            field="reporting_unit",
        )
    styles = styles_for("A4")
    st = table_styles(styles, 10)
    width = styles.page.width
    body = st["cell"].clone("survey-body", fontSize=10.5, leading=12.5)
    note = st["note"].clone("survey-note", fontSize=10, leading=12)
    title = styles.title.clone("survey-title", fontSize=13, leading=16)
    story = [
        report_top(
            ReportHeader(reporting_unit=header.reporting_unit, parent_unit=header.parent_unit),
            styles,
        ),  # fmt: skip
        Paragraph(markup(template.title), title),
        Spacer(1, 1.5 * mm),
    ]
    if template.intro:
        story.append(Paragraph(markup(template.intro), note))
    story += [
        Paragraph(f"{INSTRUCTION} {_legend(template)}.", note),
        Spacer(1, 1 * mm),
        _question_table(template, st, styles, width),
    ]
    if template.reasons:
        story += [
            Paragraph(f"<b>{markup(template.reasons_prompt or 'Lý do chưa hài lòng:')}</b>", body),
            _choices_table([r.text for r in template.reasons], st, width),
        ]
        if template.free_text:
            story.append(Paragraph(f"{markup(template.free_text)} {_dots(90)}", body))
    if template.respondent:
        story += [Spacer(1, 1.5 * mm),
                  Paragraph(f"<b>{markup(template.respondent_prompt or 'Thông tin người trả lời')}</b>",
                            body)]  # fmt: skip
        for f in template.respondent:
            if f.kind == "choice":
                boxes = "&nbsp;&nbsp;&nbsp;".join(f"{BOX}&nbsp;{markup(o.text)}" for o in f.options)
                story.append(Paragraph(f"{markup(f.label)}: {boxes}", body))
            else:
                story.append(Paragraph(f"{markup(f.label)}: {BLANK}{BLANK}", body))
    story += [Spacer(1, 1 * mm), Paragraph(f"<i>{THANKS}</i>", styles.subtitle)]
    return build_pdf(
        story,
        "A4",
        template_version=f"{FORM_VERSION}/{template.code}-{template.version}",
        title=template.title,
        author=header.reporting_unit,
    )
