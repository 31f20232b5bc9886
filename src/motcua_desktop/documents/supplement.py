"""Form 02: the request to supplement a dossier (Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from motcua_desktop.documents.blocks import (
    Signer,
    applicant_lines,
    grid_table,
    para,
    signature_block,
    slip_top,
)
from motcua_desktop.documents.formatting import BLANK, component_note, markup, nfc, or_blank
from motcua_desktop.documents.pdf import build_pdf
from motcua_desktop.documents.styles import SlipStyles, styles_for
from motcua_desktop.documents.versions import TEMPLATE_VERSIONS
from motcua_desktop.domain.dossier import ComponentReceipt, DossierRecord
from motcua_desktop.domain.profile import CommuneProfile

TITLE = "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"
NUMBER_SUFFIX = "HDHS"


def missing_table(missing: Sequence[ComponentReceipt | str], styles: SlipStyles) -> Flowable:
    """TT | Thành phần hồ sơ cần bổ sung | Ghi chú (the kind and count asked for)."""
    h, c, cc = styles.cell_head, styles.cell, styles.cell_center
    rows: list[list] = [
        [
            Paragraph("TT", h),
            Paragraph("Thành phần hồ sơ cần bổ sung", h),
            Paragraph("Ghi chú", h),
        ]
    ]
    for index, item in enumerate(missing, start=1):
        comp = item if isinstance(item, ComponentReceipt) else ComponentReceipt(name=str(item))
        rows.append(
            [
                Paragraph(str(index), cc),
                Paragraph(markup(comp.name), c),
                Paragraph(markup(component_note(comp)), c),
            ]
        )
    if not missing:
        rows.append(["", Paragraph(BLANK, c), ""])
    tt, note = styles.pt(10 * mm), styles.pt(45 * mm)
    return grid_table(rows, [tt, styles.page.width - tt - note, note], styles)


def render_supplement_request(
    profile: CommuneProfile,
    dossier: DossierRecord,
    *,
    missing: Sequence[ComponentReceipt | str],
    reason: str,
    contact_name: str = "",
    contact_phone: str = "",
    issued_at: datetime | None = None,
    paper: str = "A4",
    number: str | None = None,
) -> bytes:
    """Form 02 as PDF bytes (one copy), signed by the clerk as NGƯỜI HƯỚNG DẪN.

    A missing component given as a ``ComponentReceipt`` carries in its counts
    what must be brought ("01 bản chính"); a plain string is just a name.
    ``contact_name`` and ``contact_phone`` default to the clerk and the
    desk's phone; ``reason`` to the dossier's recorded reason; ``issued_at``
    to the time the dossier was received; ``number`` to "……/HDHS".
    """
    styles = styles_for(paper)
    issued_at = issued_at or dossier.received_at
    contact = nfc(contact_name).strip() or nfc(dossier.created_by_name).strip()
    phone = nfc(contact_phone).strip() or nfc(profile.phone).strip()
    story = slip_top(
        profile,
        dossier,
        styles,
        number_label=number or f"……/{NUMBER_SUFFIX}",
        issued_on=issued_at.date(),
        title=TITLE,
        beside_codes=applicant_lines(
            profile, dossier, styles, procedure_label="Hồ sơ đề nghị giải quyết"
        ),
    )
    story += [
        para("Yêu cầu bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:", styles),
        missing_table(missing, styles),
        para(f"Lý do: {or_blank(reason or dossier.reason)}", styles),
        para(
            "Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, ông/bà liên hệ với "
            f"<b>{or_blank(contact)}</b>, số điện thoại <b>{or_blank(phone)}</b> "
            "để được hướng dẫn./.",
            styles,
        ),
        signature_block([None, Signer("NGƯỜI HƯỚNG DẪN", dossier.created_by_name)], styles),
    ]
    return build_pdf(
        story,
        paper,
        template_version=TEMPLATE_VERSIONS["supplement"],
        title=f"{TITLE} - {dossier.code}",
        author=profile.parent_body,
    )
