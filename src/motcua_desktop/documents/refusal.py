"""Form 03: the refusal to accept a dossier (Phiếu từ chối tiếp nhận giải quyết hồ sơ)."""

from __future__ import annotations

from datetime import datetime

from motcua_desktop.documents.blocks import (
    Signer,
    applicant_lines,
    para,
    signature_block,
    slip_top,
    unit_in_text,
)
from motcua_desktop.documents.formatting import markup, or_blank
from motcua_desktop.documents.pdf import build_pdf
from motcua_desktop.documents.styles import styles_for
from motcua_desktop.documents.versions import TEMPLATE_VERSIONS
from motcua_desktop.domain.dossier import DossierRecord
from motcua_desktop.domain.profile import CommuneProfile, Signatory

TITLE = "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"
NUMBER_SUFFIX = "TCHS"
LEADER_NOTE = "(Ký, ghi rõ họ tên và đóng dấu)"


def render_refusal(
    profile: CommuneProfile,
    dossier: DossierRecord,
    *,
    reason: str,
    issued_at: datetime | None = None,
    paper: str = "A4",
    number: str | None = None,
    signatory: Signatory | None = None,
) -> bytes:
    """Form 03 as PDF bytes (one copy).

    By default the clerk who received the dossier signs as NGƯỜI TIẾP NHẬN
    HỒ SƠ, as on the form of Circular 01/2018 and the provincial systems; a
    commune that has a leader sign refusals passes that ``signatory`` (for
    example one of ``profile.signatories``), whose title heads the column
    over "(Ký, ghi rõ họ tên và đóng dấu)". ``reason`` falls back to the
    dossier's recorded reason; ``issued_at`` to the time it was received;
    ``number`` to "……/TCHS".
    """
    styles = styles_for(paper)
    issued_at = issued_at or dossier.received_at
    if signatory is not None:
        signer = Signer(signatory.title, signatory.name, note=LEADER_NOTE)
    else:
        signer = Signer("NGƯỜI TIẾP NHẬN HỒ SƠ", dossier.created_by_name)
    story = slip_top(
        profile,
        dossier,
        styles,
        number_label=number or f"……/{NUMBER_SUFFIX}",
        issued_on=issued_at.date(),
        title=TITLE,
        beside_codes=applicant_lines(profile, dossier, styles),
    )
    story += [
        para(
            f"Qua xem xét, {markup(unit_in_text(profile))} thông báo không tiếp nhận, giải quyết "
            f"hồ sơ này với lý do cụ thể như sau: {or_blank(reason or dossier.reason)}",
            styles,
        ),
        para("Xin thông báo để ông/bà được biết và thực hiện./.", styles),
        signature_block([None, signer], styles),
    ]
    return build_pdf(
        story,
        paper,
        template_version=TEMPLATE_VERSIONS["refusal"],
        title=f"{TITLE} - {dossier.code}",
        author=profile.parent_body,
    )
