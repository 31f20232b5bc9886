"""Form 06: the process control sheet (Phiếu kiểm soát quá trình giải quyết hồ sơ)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from motcua_desktop.documents.blocks import grid_table, para, person, slip_top
from motcua_desktop.documents.fonts import REGULAR
from motcua_desktop.documents.formatting import BLANK, markup, nfc, or_blank
from motcua_desktop.documents.letter import moment
from motcua_desktop.documents.pdf import build_pdf
from motcua_desktop.documents.styles import SlipStyles, styles_for
from motcua_desktop.documents.versions import TEMPLATE_VERSIONS
from motcua_desktop.domain.dossier import DossierRecord
from motcua_desktop.domain.profile import CommuneProfile

TITLE = "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"
RESULT_TEXT = {"early": "Trước hạn", "on_time": "Đúng hạn", "late": "Quá hạn"}
HEADINGS = (
    "TÊN CƠ QUAN, TỔ CHỨC",
    "THỜI GIAN GIAO, NHẬN HỒ SƠ",
    "KẾT QUẢ GIẢI QUYẾT HỒ SƠ (Trước hạn/Đúng hạn/Quá hạn)",
    "GHI CHÚ",
)
SIGN_ROOM = 12 * mm  # A4 height left for each signature


@dataclass(frozen=True)
class ControlStep:
    """One hand-over of the file: who gives it to whom, when, and how that step went.

    ``giver`` and ``receiver`` name the body (or the person when there is no
    unit) in the first column; ``giver_name`` and ``receiver_name`` are printed
    under the signatures. ``result`` is "early", "on_time" or "late" (or None).
    """

    giver: str
    receiver: str
    at: datetime | None = None
    giver_name: str = ""
    receiver_name: str = ""
    result: str | None = None
    note: str = ""


def result_text(result: str | None) -> str:
    """ "Trước hạn", "Đúng hạn", "Quá hạn", or "" when the step has no verdict."""
    return RESULT_TEXT.get(str(result or ""), "")


def _time_cell(step: ControlStep | None, styles: SlipStyles, width: float) -> Table:
    """The time of the hand-over over two signature columns: Người giao | Người nhận."""
    c, sign = styles.cell_center, styles.sign_note
    name = _small(c, styles)
    when = moment(step.at) if step is not None else moment(None)
    giver = markup(step.giver_name) if step is not None else ""
    receiver = markup(step.receiver_name) if step is not None else ""
    rows = [
        [Paragraph(markup(when), c), ""],
        [Paragraph("Người giao", sign), Paragraph("Người nhận", sign)],
        [Spacer(1, styles.pt(SIGN_ROOM)), ""],
        [Paragraph(giver, name), Paragraph(receiver, name)],
    ]
    table = Table(rows, colWidths=[width / 2, width / 2])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("SPAN", (0, 0), (1, 0)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), styles.pt(1)),
                ("RIGHTPADDING", (0, 0), (-1, -1), styles.pt(1)),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), styles.pt(1)),
            ]
        )
    )
    return table


def _small(style, styles: SlipStyles):
    """``style`` at 11 pt: names in the table's narrow cells fit on one line."""
    return style.clone(f"{style.name}-11", fontSize=styles.pt(11), leading=styles.pt(12.5))


def _step_row(step: ControlStep | None, styles: SlipStyles, widths: Sequence[float]) -> list:
    c, cc = _small(styles.cell, styles), styles.cell_center
    giver = or_blank(step.giver) if step is not None else BLANK
    receiver = or_blank(step.receiver) if step is not None else BLANK
    inner = widths[1] - 2 * styles.pt(3)  # the grid's cell padding
    return [
        [Paragraph(f"1. Giao: {giver}", c), Paragraph(f"2. Nhận: {receiver}", c)],
        _time_cell(step, styles, inner),
        Paragraph(result_text(step.result) if step is not None else "", cc),
        Paragraph(markup(step.note) if step is not None else "", c),
    ]


def steps_table(
    steps: Sequence[ControlStep], styles: SlipStyles, *, blank_rows: int = 0
) -> Flowable:
    """The hand-over table: one row per step, then ``blank_rows`` rows to fill in by hand."""
    h = styles.cell_head
    width = styles.page.width
    result_w, note_w, time_w = styles.pt(26 * mm), styles.pt(20 * mm), styles.pt(76 * mm)
    widths = [width - result_w - note_w - time_w, time_w, result_w, note_w]
    rows: list[list] = [[Paragraph(text, h) for text in HEADINGS]]
    rows += [_step_row(step, styles, widths) for step in steps]
    rows += [_step_row(None, styles, widths) for _ in range(blank_rows)]
    extra = [("VALIGN", (0, 1), (-1, -1), "TOP"), ("VALIGN", (2, 1), (2, -1), "MIDDLE")]
    return grid_table(rows, widths, styles, extra=extra)


def _facts(
    dossier: DossierRecord,
    styles: SlipStyles,
    *,
    original_due_at: datetime | None,
    handling_unit: str,
    co_handling_units: Sequence[str],
) -> list[Flowable]:
    """The lines beside the QR code: applicant, procedure, times, handling units."""
    lines = [
        f"Người nộp hồ sơ: <b>{person(dossier.applicant.name)}</b>",
        f"Thủ tục: <b>{or_blank(dossier.procedure_name)}</b>",
        f"Thời gian nhận hồ sơ: {moment(dossier.received_at)}",
    ]
    due = dossier.due_at
    if original_due_at is not None and due is not None and original_due_at != due:
        lines.append(f"Thời gian hẹn trả kết quả: {moment(original_due_at)}")
        lines.append(f"Gia hạn, hẹn trả kết quả mới: <b>{moment(due)}</b>")
    else:
        lines.append(f"Thời gian hẹn trả kết quả: <b>{moment(original_due_at or due)}</b>")
    units = [markup(u) for u in co_handling_units if nfc(u).strip()]
    lines.append(f"Cơ quan, bộ phận chủ trì giải quyết: {or_blank(handling_unit)}")
    lines.append(f"Cơ quan phối hợp giải quyết: {'; '.join(units) if units else BLANK}")
    return [para(line, styles, left=True) for line in lines]


def render_control_sheet(
    profile: CommuneProfile,
    dossier: DossierRecord,
    steps: Sequence[ControlStep],
    *,
    original_due_at: datetime | None = None,
    handling_unit: str | None = None,
    co_handling_units: Sequence[str] = (),
    blank_rows: int = 0,
    issued_at: datetime | None = None,
    paper: str = "A4",
) -> bytes:
    """Form 06 as PDF bytes (one copy, kept with the file as it travels).

    ``steps`` are the hand-overs in order (the service puts the desk's own
    hand-over first and the return to the applicant last); ``blank_rows``
    adds empty rows for steps still to come. ``original_due_at`` is the
    receipt's appointment: when it differs from ``dossier.due_at`` both are
    printed. ``handling_unit`` defaults to the dossier's; ``issued_at`` (the
    header date) to the time the dossier was received.
    """
    styles = styles_for(paper)
    issued_at = issued_at or dossier.received_at
    unit = dossier.handling_unit if handling_unit is None else handling_unit
    facts = _facts(
        dossier,
        styles,
        original_due_at=original_due_at,
        handling_unit=unit,
        co_handling_units=co_handling_units,
    )
    story = slip_top(
        profile,
        dossier,
        styles,
        number_label="",
        issued_on=issued_at.date(),
        title=TITLE,
        beside_codes=facts,
    )
    story += [Spacer(1, styles.pt(4)), steps_table(steps, styles, blank_rows=blank_rows)]
    return build_pdf(
        story,
        paper,
        template_version=TEMPLATE_VERSIONS["control_sheet"],
        title=f"{TITLE} - {dossier.code}",
        author=profile.parent_body,
    )
