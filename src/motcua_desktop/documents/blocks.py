"""Building blocks shared by the slips: title, applicant lines, grid tables, signatures."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from motcua_desktop.documents.codes import code_block
from motcua_desktop.documents.fonts import REGULAR
from motcua_desktop.documents.formatting import BLANK, markup, nfc, or_blank, running_case
from motcua_desktop.documents.header import national_header
from motcua_desktop.documents.styles import SlipStyles
from motcua_desktop.domain.dossier import DossierRecord
from motcua_desktop.domain.profile import CommuneProfile

SIGN_NOTE = "(Ký và ghi rõ họ tên)"


@dataclass(frozen=True)
class Signer:
    """One signature column: heading in capitals, the note under it, and the printed name."""

    heading: str
    name: str = ""
    note: str = SIGN_NOTE


def slip_top(
    profile: CommuneProfile,
    dossier: DossierRecord,
    styles: SlipStyles,
    *,
    number_label: str,
    issued_on,
    title: str,
    beside_codes: Sequence[Flowable] = (),
) -> list[Flowable]:
    """Header, title and the dossier code with its barcode and QR: the top of every slip.

    ``beside_codes`` (usually the applicant's lines) flow on next to the QR code.
    """
    return [
        national_header(profile, number_label, issued_on, styles),
        Paragraph(markup(title).upper(), styles.title),
        Spacer(1, styles.pt(3)),
        code_block(profile, dossier.code, styles, beside=beside_codes),
    ]


def para(text_markup: str, styles: SlipStyles, *, left: bool = False) -> Paragraph:
    """A body paragraph from markup that is already escaped."""
    return Paragraph(text_markup, styles.body_left if left else styles.body)


def person(name: str) -> str:
    """A person's name as markup that never breaks across lines (no-break spaces)."""
    value = or_blank(name)
    return value.replace(" ", "\u00a0")


def unit_in_text(profile: CommuneProfile) -> str:
    """The issuing unit as it reads inside a sentence ("Bộ phận Một cửa")."""
    return running_case(profile.unit_name, profile)


def applicant_lines(
    profile: CommuneProfile,
    dossier: DossierRecord,
    styles: SlipStyles,
    *,
    procedure_label: str = "Nội dung yêu cầu giải quyết",
) -> list[Flowable]:
    """Who handed the dossier in and what for, one line per fact."""
    a = dossier.applicant
    gap = "&nbsp;" * 6
    lines = [
        f"{markup(unit_in_text(profile))} tiếp nhận hồ sơ của: <b>{person(a.name)}</b>",
        f"Địa chỉ: {or_blank(a.address)}",
        f"Số điện thoại: {or_blank(a.phone)}{gap}Email: {or_blank(a.email)}",
        f"Số CCCD/Định danh cá nhân: {or_blank(a.id_number)}",
    ]
    owner = nfc(dossier.owner_name).strip()
    if owner and owner.casefold() != nfc(a.name).strip().casefold():
        owner_line = f"Chủ hồ sơ: <b>{person(owner)}</b>"
        if nfc(dossier.owner_address).strip():
            owner_line += f"; địa chỉ: {markup(dossier.owner_address)}"
        lines.append(owner_line)
    lines.append(f"{markup(procedure_label)}: <b>{or_blank(dossier.procedure_name)}</b>")
    return [para(line, styles, left=True) for line in lines]


def grid_table(
    rows: list[list],
    col_widths: Sequence[float],
    styles: SlipStyles,
    *,
    header_rows: int = 1,
    extra: Sequence[tuple] = (),
) -> Table:
    """A ruled table whose header rows repeat on a new page; rows never split across pages."""
    table = Table(
        rows,
        colWidths=list(col_widths),
        repeatRows=header_rows,
        splitInRow=0,
        spaceBefore=styles.pt(1),
        spaceAfter=styles.pt(4),
    )
    pad = styles.pt(3)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),  # for plain-string cells
                ("GRID", (0, 0), (-1, -1), 0.5 * styles.page.scale, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), pad),
                ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                ("TOPPADDING", (0, 0), (-1, -1), pad * 0.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 0.8),
                *extra,
            ]
        )
    )
    return table


def signature_block(
    signers: Sequence[Signer | None],
    styles: SlipStyles,
    *,
    width: float | None = None,
    space: float = 22 * mm,
) -> KeepTogether:
    """Side-by-side signature columns; ``None`` leaves a column empty (e.g. the left one).

    ``space`` (an A4 length) is the room left for the signature; A5 gets a
    little less than its scale (12 mm) to keep a receipt on one page.
    """
    room = styles.pt(space) * (0.65 if styles.page.scale < 1 else 1.0)
    width = styles.page.width if width is None else width
    cells = []
    for signer in signers:
        if signer is None:
            cells.append("")
            continue
        cells.append(
            [
                Paragraph(markup(signer.heading).upper(), styles.sign_head),
                Paragraph(markup(signer.note), styles.sign_note),
                Spacer(1, room),
                Paragraph(markup(signer.name) or BLANK, styles.sign_name),
            ]
        )
    n = max(len(cells), 1)
    table = Table([cells], colWidths=[width / n] * n)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),  # for plain-string cells
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return KeepTogether([Spacer(1, styles.pt(3)), table])
