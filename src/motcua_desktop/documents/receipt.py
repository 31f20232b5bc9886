"""Form 01: the receipt and appointment slip (Giấy tiếp nhận hồ sơ và hẹn trả kết quả)."""

from __future__ import annotations

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
    unit_in_text,
)
from motcua_desktop.documents.formatting import (
    BLANK,
    clock_date,
    fee_text,
    markup,
    or_blank,
    running_case,
    two_digits,
)
from motcua_desktop.documents.pdf import Copy, build_pdf
from motcua_desktop.documents.styles import SlipStyles, styles_for
from motcua_desktop.documents.versions import TEMPLATE_VERSIONS
from motcua_desktop.domain.dossier import ComponentReceipt, DossierRecord, ResultDelivery
from motcua_desktop.domain.profile import CommuneProfile

TITLE = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
NUMBER_SUFFIX = "TNHS"


def copy_labels(profile: CommuneProfile, copies: int) -> list[str]:
    """Footer labels of the copies: one copy is unlabelled; two are "Liên 1" (kept) and
    "Liên 2" (for the applicant); any further copy is just "Liên n"."""
    if copies == 1:
        return [""]
    labels = [
        f"Liên 1: Lưu tại {unit_in_text(profile)}",
        "Liên 2: Giao người nộp hồ sơ",
    ]
    return (labels + [f"Liên {n}" for n in range(3, copies + 1)])[:copies]


def _count(n: int) -> str:
    return str(n) if n else ""


def components_table(components: tuple[ComponentReceipt, ...], styles: SlipStyles) -> Flowable:
    """TT | Tên thành phần hồ sơ | Số lượng (Bản chính | Bản chứng thực | Bản photo).

    Lists what was handed in; when the snapshot has no counts at all, lists
    every component with empty count cells so the clerk can write them in.
    """
    handed_in = [c for c in components if c.total > 0] or list(components)
    h, c, cc = styles.cell_head, styles.cell, styles.cell_center
    rows: list[list] = [
        [
            Paragraph("TT", h),
            Paragraph("Tên thành phần hồ sơ", h),
            Paragraph("Số lượng", h),
            "",
            "",
        ],
        [
            "",
            "",
            Paragraph("Bản chính", h),
            Paragraph("Bản chứng thực", h),
            Paragraph("Bản photo", h),
        ],
    ]
    for index, comp in enumerate(handed_in, start=1):
        rows.append(
            [
                Paragraph(str(index), cc),
                Paragraph(markup(comp.name), c),
                Paragraph(_count(comp.originals), cc),
                Paragraph(_count(comp.certified_copies), cc),
                Paragraph(_count(comp.photocopies), cc),
            ]
        )
    if not handed_in:
        rows.append(["", Paragraph(BLANK, c), "", "", ""])
    # Narrow count columns whose headings wrap to two lines ("Bản / chính",
    # "Bản chứng / thực") leave the most room for the components' names.
    tt, count, certified = styles.pt(10 * mm), styles.pt(14 * mm), styles.pt(21 * mm)
    widths = [tt, styles.page.width - tt - 2 * count - certified, count, certified, count]
    spans = [("SPAN", (0, 0), (0, 1)), ("SPAN", (1, 0), (1, 1)), ("SPAN", (2, 0), (4, 0))]
    return grid_table(rows, widths, styles, header_rows=2, extra=spans)


def _delivery_line(profile: CommuneProfile, dossier: DossierRecord) -> str:
    if dossier.result_delivery == ResultDelivery.POST:
        line = "6. Đăng ký nhận kết quả: Qua dịch vụ bưu chính công ích"
        address = markup(dossier.applicant.address)
        return f"{line} (địa chỉ nhận: {address})" if address else line
    place = markup(unit_in_text(profile))
    parent = markup(running_case(profile.parent_body, profile))
    return f"6. Đăng ký nhận kết quả tại: {place}{', ' + parent if parent else ''}"


def receipt_story(
    profile: CommuneProfile,
    dossier: DossierRecord,
    styles: SlipStyles,
    *,
    issued_at: datetime,
    number: str,
) -> list[Flowable]:
    """The flowables of one copy of the receipt."""
    due = clock_date(dossier.due_at) if dossier.due_at else BLANK
    book = or_blank(dossier.book_number)
    serial = str(dossier.book_serial) if dossier.book_serial else BLANK
    story = slip_top(
        profile,
        dossier,
        styles,
        number_label=number,
        issued_on=issued_at.date(),
        title=TITLE,
        beside_codes=applicant_lines(profile, dossier, styles),
    )
    story += [
        para("1. Thành phần hồ sơ nộp gồm:", styles),
        components_table(dossier.components, styles),
        para(f"2. Số lượng hồ sơ: {two_digits(dossier.sets_count)} bộ", styles),
        para(
            "3. Thời gian giải quyết hồ sơ theo quy định là: "
            f"<b>{or_blank(dossier.processing_text)}</b>",
            styles,
        ),
        para(f"4. Thời gian nhận hồ sơ: {clock_date(dossier.received_at)}", styles),
        para(f"5. Thời gian trả kết quả giải quyết hồ sơ: <b>{due}</b>", styles),
        para(_delivery_line(profile, dossier), styles),
        para(f"Vào Sổ theo dõi hồ sơ, Quyển số: {book}, Số thứ tự: {serial}", styles),
        para(f"Lệ phí: {markup(fee_text(dossier.fee_vnd))}", styles),
        signature_block(
            [
                Signer("NGƯỜI NỘP HỒ SƠ", dossier.applicant.name),
                Signer("NGƯỜI TIẾP NHẬN HỒ SƠ", dossier.created_by_name),
            ],
            styles,
        ),
    ]
    return story


def render_receipt(
    profile: CommuneProfile,
    dossier: DossierRecord,
    *,
    paper: str = "A4",
    copies: int = 2,
    issued_at: datetime | None = None,
    number: str | None = None,
) -> bytes:
    """Form 01 as PDF bytes, each copy starting on a new page.

    ``issued_at`` (the date in the header) defaults to the time the dossier
    was received, so re-printing a receipt gives the same document.
    ``number`` is the "Số" label; it defaults to "<book serial>/TNHS".
    """
    if copies < 1:
        raise ValueError("copies must be at least 1")
    styles = styles_for(paper)
    issued_at = issued_at or dossier.received_at
    if number is None:
        serial = two_digits(dossier.book_serial) if dossier.book_serial else "……"
        number = f"{serial}/{NUMBER_SUFFIX}"
    parts = [
        Copy(receipt_story(profile, dossier, styles, issued_at=issued_at, number=number), label)
        for label in copy_labels(profile, copies)
    ]
    return build_pdf(
        parts,
        paper,
        template_version=TEMPLATE_VERSIONS["receipt"],
        title=f"{TITLE} - {dossier.code}",
        author=profile.parent_body,
    )
