"""Pieces of the letters to the applicant (forms 04 and 05): addressee, opening, recipients, signer."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from motcua_desktop.documents.blocks import Signer, person, unit_in_text
from motcua_desktop.documents.fonts import BOLD_ITALIC, REGULAR
from motcua_desktop.documents.formatting import BLANK, markup, nfc, or_blank, running_case
from motcua_desktop.documents.styles import SlipStyles
from motcua_desktop.domain.dossier import DossierRecord
from motcua_desktop.domain.profile import CommuneProfile, Signatory
from motcua_desktop.i18n import legal_date

LEADER_NOTE = "(Ký, ghi rõ họ tên và đóng dấu)"
CLERK_HEADING = "NGƯỜI TIẾP NHẬN HỒ SƠ"
RECIPIENTS = ("Như trên;", "Lưu: VT, BPMC.")


def signer_for(signatory: Signatory | None, clerk_name: str) -> Signer:
    """A leader signs with title over name and the seal note; without one, the clerk signs."""
    if signatory is not None:
        return Signer(signatory.title, signatory.name, note=LEADER_NOTE)
    return Signer(CLERK_HEADING, clerk_name)


def agency_in_text(profile: CommuneProfile) -> str:
    """The body that answers for the dossier, inside a sentence ("Ủy ban nhân dân xã An Phú")."""
    return running_case(profile.parent_body, profile) or unit_in_text(profile)


def addressee(name: str, styles: SlipStyles) -> Paragraph:
    """ "Kính gửi: <name>", centred under the title as Decree 30 places it."""
    style = styles.body.clone(f"{styles.page.name}-addressee", alignment=1)
    style.spaceBefore = styles.pt(6)
    style.spaceAfter = styles.pt(6)
    return Paragraph(f"Kính gửi: <b>{person(name)}</b>", style)


def received_sentence(profile: CommuneProfile, dossier: DossierRecord) -> str:
    """ "Ngày 13 tháng 02 năm 2026, Bộ phận Một cửa tiếp nhận hồ sơ của ông/bà, mã hồ sơ: …"."""
    day = legal_date(dossier.received_at.date())
    return (
        f"{day[0].upper()}{day[1:]}, {markup(unit_in_text(profile))} tiếp nhận hồ sơ của "
        f"ông/bà, mã hồ sơ: <b>{markup(dossier.code)}</b>, thủ tục: "
        f"<b>{or_blank(dossier.procedure_name)}</b>"
    )


def moment(value: datetime | None) -> str:
    """ "16 giờ 30 phút, ngày 25/02/2026", or dotted leaders for an unknown time."""
    if value is None:
        return f"… giờ … phút, ngày {BLANK}"
    return f"{value.hour:02d} giờ {value.minute:02d} phút, ngày {value:%d/%m/%Y}"


def letter_ending(
    signer: Signer,
    styles: SlipStyles,
    *,
    recipients: Sequence[str] = RECIPIENTS,
    space: float = 24 * mm,
) -> Flowable:
    """ "Nơi nhận:" and its list on the left, the signature on the right (Decree 30)."""
    head = styles.cell.clone(f"{styles.page.name}-recipients-head", fontName=BOLD_ITALIC)
    item = styles.cell.clone(
        f"{styles.page.name}-recipients", fontSize=styles.pt(11), leading=styles.pt(13)
    )
    left = [Paragraph("Nơi nhận:", head)]
    left += [Paragraph(f"- {markup(r)}", item) for r in recipients if nfc(r).strip()]
    right = [
        Paragraph(markup(signer.heading).upper(), styles.sign_head),
        Paragraph(markup(signer.note), styles.sign_note),
        Spacer(1, styles.pt(space)),
        Paragraph(markup(signer.name) or BLANK, styles.sign_name),
    ]
    width = styles.page.width
    table = Table([[left, right]], colWidths=[width * 0.45, width * 0.55])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return KeepTogether([Spacer(1, styles.pt(8)), table])
