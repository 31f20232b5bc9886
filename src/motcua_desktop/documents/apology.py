"""Form 04: the apology and extension letter (Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết hồ sơ)."""

from __future__ import annotations

from datetime import datetime

from reportlab.platypus import Paragraph

from motcua_desktop.documents.blocks import para
from motcua_desktop.documents.formatting import markup, nfc, or_blank
from motcua_desktop.documents.header import national_header
from motcua_desktop.documents.letter import (
    addressee,
    agency_in_text,
    letter_ending,
    moment,
    received_sentence,
    signer_for,
)
from motcua_desktop.documents.pdf import build_pdf
from motcua_desktop.documents.styles import styles_for
from motcua_desktop.documents.versions import TEMPLATE_VERSIONS
from motcua_desktop.domain.dossier import DossierRecord
from motcua_desktop.domain.profile import CommuneProfile, Signatory

TITLE_LINES = ("VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN", "THỜI GIAN GIẢI QUYẾT HỒ SƠ")
TITLE = " ".join(TITLE_LINES)
TITLE_2018 = "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"  # Circular 01/2018, for old dossiers
NUMBER_SUFFIX = "XLGH"


def number_label(letter_number: str) -> str:
    """ "07/XLGH" from "07" (a bare number), kept as is when it has its own suffix,
    "……/XLGH" when there is none yet."""
    value = nfc(letter_number).strip()
    if not value:
        return f"……/{NUMBER_SUFFIX}"
    return value if "/" in value else f"{value}/{NUMBER_SUFFIX}"


def render_apology(
    profile: CommuneProfile,
    dossier: DossierRecord,
    *,
    previous_due_at: datetime | None,
    new_due_at: datetime,
    reason: str,
    issued_at: datetime | None = None,
    letter_number: str = "",
    signatory: Signatory | None = None,
    clerk_name: str = "",
    paper: str = "A4",
    title: str = TITLE,
) -> bytes:
    """Form 04 as PDF bytes (one copy).

    ``previous_due_at`` is the appointment that was missed (the dossier's due
    time by default), ``new_due_at`` the new one. A leader from
    ``profile.signatories`` signs when given as ``signatory``; otherwise the
    clerk (``clerk_name``, by default the one who received the dossier).
    ``issued_at`` (the header date) defaults to now.
    """
    styles = styles_for(paper)
    issued_at = issued_at or datetime.now()
    previous = previous_due_at or dossier.due_at
    agency = markup(agency_in_text(profile))
    signer = signer_for(signatory, nfc(clerk_name).strip() or dossier.created_by_name)
    story = [
        national_header(profile, number_label(letter_number), issued_at.date(), styles),
        # Broken by sense, not left to leave "SƠ" alone on the second line.
        Paragraph(
            "<br/>".join(TITLE_LINES) if title == TITLE else markup(title).upper(), styles.title
        ),
        addressee(dossier.applicant.name, styles),
        para(
            f"{received_sentence(profile, dossier)}; hẹn trả kết quả vào lúc {moment(previous)}.",
            styles,
        ),
        para(
            f"Tuy nhiên, đến nay {agency} chưa giải quyết xong hồ sơ của ông/bà. "
            f"Lý do: {or_blank(reason)}",
            styles,
        ),
        para(
            "Sự chậm trễ này đã gây phiền hà, làm mất thời gian và chi phí đi lại của ông/bà. "
            f"{agency[0].upper()}{agency[1:]} thành thật mong ông/bà thông cảm.",
            styles,
        ),
        para(
            f"Chúng tôi xin lỗi ông/bà và hẹn trả kết quả vào lúc <b>{moment(new_due_at)}</b>.",
            styles,
        ),
        para("Xin trân trọng cảm ơn./.", styles),
        letter_ending(signer, styles),
    ]
    return build_pdf(
        story,
        paper,
        template_version=TEMPLATE_VERSIONS["apology"],
        title=f"{nfc(title)} - {dossier.code}",
        author=profile.parent_body,
    )
