"""Printing forms 04-07 from real dossiers: extension letters, stops, hand-overs, the book."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from dataclasses import replace
from datetime import date, datetime

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from motcua_desktop.domain.dossier import Applicant, ResultDelivery
from motcua_desktop.domain.errors import NotAllowed, ValidationError
from motcua_desktop.domain.profile import Signatory
from motcua_desktop.services import dossiers, intake, lifecycle, printing, setup, users
from motcua_desktop.store.models import DocumentRow

# HT-05 takes 3 working days: Thursday 12/02/2026 09:00 is due Tuesday 24/02 (Tết between).
THU = datetime(2026, 2, 12, 9, 0)
APPLICANT = "Trần Thị Bích Hằng"
DELAY = "Chờ kết quả xác minh của Công an xã về nơi cư trú."


def T(day, hour, minute=0, month=2):
    return datetime(2026, month, day, hour, minute)


def text_of(path) -> str:
    pages = PdfReader(str(path)).pages
    raw = " ".join(page.extract_text() for page in pages)
    return " ".join(unicodedata.normalize("NFC", raw).replace("\u00a0", " ").split())


def in_order(text: str, parts: list[str]) -> None:
    at = 0
    for part in parts:
        found = text.find(part, at)
        assert found >= 0, f"{part!r} not found after position {at}"
        at = found + len(part)


@pytest.fixture
def staff(ctx, clerk, admin):
    official = users.create_user(ctx, "hoa", "Lê Thị Hoa", "secret-3", "clerk", admin)
    leader = users.create_user(ctx, "tam", "Võ Văn Tâm", "secret-4", "leader", admin)
    return {"clerk": clerk, "official": official, "leader": leader}


@pytest.fixture
def accepted(ctx, staff, make_request):
    return intake.accept(ctx, make_request(received=THU), staff["clerk"])


def test_apology_prints_the_latest_extension(ctx, staff, accepted, admin, profile):
    clerk = staff["clerk"]
    with pytest.raises(NotAllowed, match="extend"):
        printing.print_slip(ctx, accepted.code, "apology", clerk)
    lifecycle.start_processing(ctx, accepted.code, clerk, handler="hoa", at=T(12, 10))
    lifecycle.extend(
        ctx, accepted.code, clerk, new_due_at=T(26, 9), reason="Hồ sơ cần bổ sung ý kiến",
        at=T(23, 10),
    )  # fmt: skip
    lifecycle.extend(
        ctx, accepted.code, clerk, new_due_at=T(3, 15, 30, month=3), reason=DELAY, at=T(25, 14)
    )
    leader = Signatory("Võ Văn Tâm", "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH")
    setup.save_profile(ctx, replace(profile, signatories=(leader,)), admin)

    doc = printing.print_slip(ctx, accepted.code, "apology", clerk)
    assert doc.kind == "apology" and doc.template_version == "04/TT03-2025.1"
    assert doc.path.name == f"{accepted.code}-apology-1.pdf"
    text = text_of(doc.path)
    in_order(
        text,
        [
            "Số: 02/XLGH",
            "An Phú, ngày 25 tháng 02 năm 2026",
            "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT HỒ SƠ",
            f"Kính gửi: {APPLICANT}",
            "Ngày 12 tháng 02 năm 2026, Bộ phận Một cửa tiếp nhận hồ sơ của ông/bà, "
            f"mã hồ sơ: {accepted.code}",
            # The letter answers for the appointment it replaces: the first extension's.
            "hẹn trả kết quả vào lúc 09 giờ 00 phút, ngày 26/02/2026.",
            f"Lý do: {DELAY}",
            "Chúng tôi xin lỗi ông/bà và hẹn trả kết quả vào lúc 15 giờ 30 phút, ngày 03/03/2026.",
            "Nơi nhận: - Như trên; - Lưu: VT, BPMC.",
            "KT. CHỦ TỊCH PHÓ CHỦ TỊCH (Ký, ghi rõ họ tên và đóng dấu) Võ Văn Tâm",
        ],
    )
    assert "Hồ sơ cần bổ sung ý kiến" not in text
    events = [(e.kind, e.data.get("slip")) for e in dossiers.events(ctx, accepted.code)]
    assert events[-1] == ("printed", "apology")


def test_apology_signed_by_the_clerk_without_signatories(ctx, staff, accepted):
    clerk, official = staff["clerk"], staff["official"]
    lifecycle.extend(ctx, accepted.code, official, new_due_at=T(26, 9), reason=DELAY, at=T(23, 9))
    text = text_of(printing.print_slip(ctx, accepted.code, "apology", clerk).path)
    # The one who issued the letter signs it.
    assert "NGƯỜI TIẾP NHẬN HỒ SƠ (Ký và ghi rõ họ tên) Lê Thị Hoa" in text
    assert "Số: 01/XLGH" in text


def test_stop_notice_only_for_a_stopped_dossier(ctx, staff, accepted):
    clerk = staff["clerk"]
    with pytest.raises(NotAllowed):
        printing.print_slip(ctx, accepted.code, "stop", clerk)
    reason = "Người nộp không bổ sung giấy tờ theo yêu cầu trong thời hạn."
    lifecycle.stop(ctx, accepted.code, clerk, reason=reason, at=T(20, 14))
    doc = printing.print_slip(ctx, accepted.code, "stop", clerk)
    assert doc.template_version == "05/TT03-2025.1"
    in_order(
        text_of(doc.path),
        [
            "An Phú, ngày 20 tháng 02 năm 2026",
            "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
            f"Kính gửi: {APPLICANT}",
            f"mã hồ sơ: {accepted.code}",
            "Ủy ban nhân dân xã An Phú thông báo dừng giải quyết hồ sơ nêu trên kể từ "
            "ngày 20 tháng 02 năm 2026.",
            f"Lý do: {reason}",
            "Đề nghị ông/bà liên hệ Bộ phận Một cửa (số điện thoại 0296 3123 456)",
            "NGƯỜI TIẾP NHẬN HỒ SƠ (Ký và ghi rõ họ tên) Nguyễn Thị Ngọc Lan",
        ],
    )


def test_control_sheet_follows_the_hand_overs_to_the_return(ctx, staff, accepted):
    clerk, code = staff["clerk"], accepted.code
    lifecycle.start_processing(
        ctx, code, clerk, handler="hoa", unit="Tư pháp - Hộ tịch",
        co_units=["Công an xã An Phú"], at=T(12, 10),
    )  # fmt: skip
    sheet = printing.print_slip(ctx, code, "control-sheet", clerk)  # while the file travels
    text = text_of(sheet.path)
    in_order(
        text,
        [
            "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
            f"Mã hồ sơ: {code}",
            "Thời gian nhận hồ sơ: 09 giờ 00 phút, ngày 12/02/2026",
            "Thời gian hẹn trả kết quả: 09 giờ 00 phút, ngày 24/02/2026",
            "Cơ quan, bộ phận chủ trì giải quyết: Tư pháp - Hộ tịch",
            "Cơ quan phối hợp giải quyết: Công an xã An Phú",
            "1. Giao: Bộ phận Một cửa 2. Nhận: Tư pháp - Hộ tịch",
            "10 giờ 00 phút, ngày 12/02/2026 Người giao Người nhận Nguyễn Thị Ngọc Lan Lê Thị Hoa",
        ],
    )
    assert text.count("Người giao Người nhận") == 3  # and two rows to fill in by hand

    lifecycle.hand_over(ctx, code, staff["official"], to_username="tam", note="Trình ký",
                        at=T(23, 8))  # fmt: skip
    lifecycle.hand_over(ctx, code, staff["leader"], to_username="lan", to_unit="Bộ phận Một cửa",
                        at=T(24, 8, 30))  # fmt: skip
    lifecycle.finish(ctx, code, clerk, at=T(24, 8, 45))
    lifecycle.return_result(
        ctx, code, clerk, method=ResultDelivery.DESK, collected_by=APPLICANT, at=T(24, 10)
    )
    sheet = printing.print_slip(ctx, code, "control_sheet", clerk)
    assert sheet.path.name == f"{code}-control_sheet-2.pdf"
    text = text_of(sheet.path)
    in_order(
        text,
        [
            "1. Giao: Bộ phận Một cửa 2. Nhận: Tư pháp - Hộ tịch",
            "1. Giao: Tư pháp - Hộ tịch 2. Nhận: Võ Văn Tâm",
            "08 giờ 00 phút, ngày 23/02/2026 Người giao Người nhận Lê Thị Hoa Võ Văn Tâm",
            "Trước hạn Trình ký",  # Hoa passed it on the day before the appointment
            "1. Giao: Võ Văn Tâm 2. Nhận: Bộ phận Một cửa",
            "08 giờ 30 phút, ngày 24/02/2026 Người giao Người nhận Võ Văn Tâm Nguyễn Thị Ngọc Lan",
            "Đúng hạn",  # signed on the due day, before the appointment
            f"1. Giao: Bộ phận Một cửa 2. Nhận: {APPLICANT}",
            f"10 giờ 00 phút, ngày 24/02/2026 Người giao Người nhận Nguyễn Thị Ngọc Lan {APPLICANT}",
            "Quá hạn",  # handed back an hour after the appointment
        ],
    )
    assert text.count("Người giao Người nhận") == 4  # no blank rows once returned


def test_control_sheet_shows_the_extension(ctx, staff, accepted):
    clerk = staff["clerk"]
    lifecycle.extend(ctx, accepted.code, clerk, new_due_at=T(27, 14), reason=DELAY, at=T(23, 9))
    text = text_of(printing.print_slip(ctx, accepted.code, "control_sheet", clerk).path)
    assert "Thời gian hẹn trả kết quả: 09 giờ 00 phút, ngày 24/02/2026" in text
    assert "Gia hạn, hẹn trả kết quả mới: 14 giờ 00 phút, ngày 27/02/2026" in text
    assert "1. Giao: Bộ phận Một cửa 2. Nhận: …………………" in text  # not handed over yet


def test_control_sheet_refused_for_a_dossier_never_accepted(ctx, staff, make_request):
    refused = intake.refuse(ctx, make_request(), "Không thuộc thẩm quyền", staff["clerk"])
    with pytest.raises(NotAllowed):
        printing.print_slip(ctx, refused.code, "control_sheet", staff["clerk"])
    with pytest.raises(ValidationError):
        printing.print_slip(ctx, refused.code, "book", staff["clerk"])


def _person(name: str) -> Applicant:
    return Applicant(name=name, id_number="", phone="0912 000 111", address="Ấp Phú Hòa")


def test_print_book_lists_the_period_in_order(ctx, staff, make_request):
    clerk = staff["clerk"]
    made = {}
    for name, when in [
        ("Phạm Văn Cường", datetime(2026, 3, 10, 14, 0)),
        ("Lê Thị Dung", datetime(2026, 3, 9, 8, 0)),
        ("Ngô Văn Em", datetime(2026, 3, 10, 14, 0)),  # same moment: ordered by code
        ("Hồ Thị Giang", datetime(2026, 4, 1, 8, 0)),  # after the period
        ("Đỗ Văn Bình", datetime(2026, 2, 27, 16, 0)),  # before it
    ]:
        made[name] = intake.accept(ctx, make_request(received=when, applicant=_person(name)), clerk)
    intake.refuse(ctx, make_request(received=datetime(2026, 3, 9, 9, 0)), "Sai thẩm quyền", clerk)
    code = made["Lê Thị Dung"].code
    lifecycle.finish(ctx, code, clerk, at=datetime(2026, 3, 11, 9, 0))
    lifecycle.return_result(ctx, code, clerk, method=ResultDelivery.POST, post_tracking="EB123",
                            at=datetime(2026, 3, 11, 10, 0))  # fmt: skip

    path = printing.print_book(ctx, date(2026, 3, 1), date(2026, 3, 31), clerk)
    assert path == ctx.documents_dir / "books" / "so-theo-doi-2026-03-01-2026-03-31-1.pdf"
    reader = PdfReader(str(path))
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (842, 595)
    text = text_of(path)
    assert "Từ ngày 01 tháng 03 năm 2026 đến ngày 31 tháng 03 năm 2026" in text
    in_order(text, ["TT", "Mã hồ sơ", "Tên TTHC", "Tên cá nhân, tổ chức", "Ký nhận"])
    in_order(text, ["Lê Thị Dung", "Phạm Văn Cường", "Ngô Văn Em"])
    for absent in ("Hồ Thị Giang", "Đỗ Văn Bình", APPLICANT):  # the refused one is Hằng
        assert absent not in text
    dung = made["Lê Thị Dung"]
    serial = dung.book_serial
    assert f"{serial} {dung.code.replace('-', '- ', 1)}" in text
    in_order(text, ["Lê Thị Dung", "08:00 09/03/2026", "10:00 11/03/2026", "Bưu chính công ích"])
    assert printing.print_book(ctx, date(2026, 3, 1), date(2026, 3, 31), clerk).name.endswith(
        "-2.pdf"
    )
    with ctx.db.session(readonly=True) as s:  # the book is a file, not a dossier's document
        assert s.scalar(select(func.count()).select_from(DocumentRow)) == 0


def test_print_book_to_a_chosen_file_and_bad_periods(ctx, staff, tmp_path):
    out = tmp_path / "out" / "so.pdf"
    assert printing.print_book(ctx, date(2026, 1, 1), date(2026, 1, 31), staff["clerk"],
                               output=out) == out  # fmt: skip
    assert "Không có hồ sơ nào trong kỳ." in text_of(out)
    with pytest.raises(ValidationError):
        printing.print_book(ctx, date(2026, 2, 1), date(2026, 1, 31), staff["clerk"])


def test_importing_printing_does_not_load_reportlab():
    probe = "import sys, motcua_desktop.services.printing; print('reportlab' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
