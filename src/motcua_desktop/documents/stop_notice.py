"""Form 05: the notice that work on a dossier has stopped (Thông báo dừng giải quyết hồ sơ)."""

from __future__ import annotations

from datetime import datetime

from reportlab.platypus import Paragraph

from motcua_desktop.documents.blocks import para, unit_in_text
from motcua_desktop.documents.formatting import markup, nfc, or_blank
from motcua_desktop.documents.header import national_header
from motcua_desktop.documents.letter import (
    addressee,
    agency_in_text,
    letter_ending,
    received_sentence,
    signer_for,
)
from motcua_desktop.documents.pdf import build_pdf
from motcua_desktop.documents.styles import styles_for
from motcua_desktop.documents.versions import TEMPLATE_VERSIONS
from motcua_desktop.domain.dossier import DossierRecord
from motcua_desktop.domain.profile import CommuneProfile, Signatory
from motcua_desktop.i18n import legal_date

TITLE = "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ"
NUMBER_SUFFIX = "TB-DGQ"


def default_guidance(profile: CommuneProfile) -> str:
    """What the applicant should do next, when the clerk wrote nothing more specific."""
    unit = unit_in_text(profile)
    phone = nfc(profile.phone).strip()
    contact = f"{unit} (số điện thoại {phone})" if phone else unit
    return (
        f"liên hệ {contact} để nhận lại hồ sơ đã nộp; khi đủ điều kiện theo quy định, "
        "ông/bà có thể nộp hồ sơ mới để được giải quyết."
    )


def render_stop_notice(
    profile: CommuneProfile,
    dossier: DossierRecord,
    *,
    reason: str,
    stopped_at: datetime | None = None,
    guidance: str = "",
    issued_at: datetime | None = None,
    number: str | None = None,
    signatory: Signatory | None = None,
    clerk_name: str = "",
    paper: str = "A4",
) -> bytes:
    """Form 05 as PDF bytes (one copy).

    ``reason`` falls back to the dossier's recorded reason; ``stopped_at`` and
    ``issued_at`` to now; ``guidance`` (what the applicant should do) to
    :func:`default_guidance`; ``number`` to "……/TB-DGQ". A leader signs when
    ``signatory`` is given, otherwise the clerk.
    """
    styles = styles_for(paper)
    issued_at = issued_at or datetime.now()
    stopped_at = stopped_at or issued_at
    agency = markup(agency_in_text(profile))
    signer = signer_for(signatory, nfc(clerk_name).strip() or dossier.created_by_name)
    advice = nfc(guidance).strip() or default_guidance(profile)
    if advice[
        1:2
    ].islower():  # "Nộp lại …" reads on after "Đề nghị ông/bà"; "UBND …" keeps its capitals
        advice = advice[0].lower() + advice[1:]
    story = [
        national_header(profile, number or f"……/{NUMBER_SUFFIX}", issued_at.date(), styles),
        Paragraph(TITLE, styles.title),
        addressee(dossier.applicant.name, styles),
        para(f"{received_sentence(profile, dossier)}.", styles),
        para(
            f"{agency[0].upper()}{agency[1:]} thông báo dừng giải quyết hồ sơ nêu trên kể từ "
            f"{legal_date(stopped_at.date())}.",
            styles,
        ),
        para(f"Lý do: {or_blank(reason or dossier.reason)}", styles),
        para(f"Đề nghị ông/bà {markup(advice)}", styles),
        para("Xin thông báo để ông/bà được biết và thực hiện./.", styles),
        letter_ending(signer, styles),
    ]
    return build_pdf(
        story,
        paper,
        template_version=TEMPLATE_VERSIONS["stop"],
        title=f"{TITLE} - {dossier.code}",
        author=profile.parent_body,
    )
