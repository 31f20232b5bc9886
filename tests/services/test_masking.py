"""ID numbers on screens: masked unless the viewer's role needs them; slips keep them whole."""

from __future__ import annotations

from datetime import datetime

from motcua_desktop.services import dossiers, intake, printing, users


def test_screens_mask_the_id_number_by_role(ctx, admin, clerk, make_request):
    code = intake.accept(ctx, make_request(), clerk).code
    iso = users.create_user(ctx, "hoa", "Đỗ Thị Hoa", "secret-4", "iso_secretary", admin)
    official = users.create_user(ctx, "duc", "Nguyễn Văn Đức", "secret-5", "official", admin)

    for viewer in (clerk, official, admin):
        assert dossiers.get_dossier(ctx, code, viewer).applicant.id_number == "089185012345"
    for viewer in (iso, None):
        assert dossiers.get_dossier(ctx, code, viewer).applicant.id_number == "********2345"
    assert [r.applicant.id_number for r in dossiers.recent(ctx, viewer=iso)] == ["********2345"]
    assert [r.applicant.id_number for r in dossiers.search(ctx, "hang", viewer=iso)] == [
        "********2345"
    ]
    assert [r.applicant.id_number for r in dossiers.search(ctx, "hang", viewer=clerk)] == [
        "089185012345"
    ]
    # Everything else on the record is untouched.
    masked = dossiers.get_dossier(ctx, code, iso)
    full = dossiers.get_dossier(ctx, code, clerk)
    assert masked.applicant.name == full.applicant.name and masked.code == full.code


def test_the_receipt_keeps_the_full_id_number(ctx, admin, clerk, make_request):
    from pypdf import PdfReader

    code = intake.accept(ctx, make_request(received=datetime(2026, 3, 10, 9)), clerk).code
    doc = printing.print_slip(ctx, code, "receipt", clerk)
    text = "".join(page.extract_text() for page in PdfReader(doc.path).pages)
    assert "089185012345" in text.replace(" ", "")
