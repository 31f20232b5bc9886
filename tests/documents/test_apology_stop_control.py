"""Forms 04 (apology and extension), 05 (stop notice) and 06 (process control sheet)."""

from __future__ import annotations

import io
import unicodedata
from dataclasses import replace
from datetime import datetime

import pytest
from pypdf import PdfReader
from slip_fixtures import CODE, LOOKUP_URL, NAME, decode_codes, make_profile, page_texts

from motcua_desktop.documents import (
    TEMPLATE_VERSIONS,
    ControlStep,
    render_apology,
    render_control_sheet,
    render_stop_notice,
)
from motcua_desktop.documents.apology import TITLE_2018

NEW_DUE = datetime(2026, 3, 5, 10, 0)
DELAY = "Cần xác minh thông tin hộ tịch tại nơi đăng ký thường trú trước đây của người mẹ."
STOP_REASON = "Người yêu cầu không bổ sung hồ sơ trong thời hạn quy định."


def apology(profile, dossier, **kw):
    kw.setdefault("previous_due_at", dossier.due_at)
    kw.setdefault("new_due_at", NEW_DUE)
    kw.setdefault("reason", DELAY)
    kw.setdefault("issued_at", datetime(2026, 2, 5, 9, 0))
    return render_apology(profile, dossier, **kw)


def in_order(text: str, parts: list[str]) -> None:
    """Every part occurs in ``text``, each after the one before."""
    at = 0
    for part in parts:
        found = text.find(part, at)
        assert found >= 0, f"{part!r} not found after position {at}"
        at = found + len(part)


def test_apology_letter_text_signed_by_a_leader(profile, dossier):
    pdf = apology(profile, dossier, letter_number="07/XLGH", signatory=profile.signatories[0])
    (text,) = page_texts(pdf)
    in_order(
        text,
        [
            "ỦY BAN NHÂN DÂN XÃ AN PHÚ",
            "BỘ PHẬN MỘT CỬA",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Số: 07/XLGH",
            "An Phú, ngày 05 tháng 02 năm 2026",
            "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT HỒ SƠ",
            f"Kính gửi: {NAME}",
            "Ngày 13 tháng 02 năm 2026, Bộ phận Một cửa tiếp nhận hồ sơ của ông/bà, "
            f"mã hồ sơ: {CODE}, thủ tục: Đăng ký khai sinh; "
            "hẹn trả kết quả vào lúc 16 giờ 30 phút, ngày 25/02/2026.",
            "Tuy nhiên, đến nay Ủy ban nhân dân xã An Phú chưa giải quyết xong hồ sơ của "
            f"ông/bà. Lý do: {DELAY}",
            "Sự chậm trễ này đã gây phiền hà",
            "Chúng tôi xin lỗi ông/bà và hẹn trả kết quả vào lúc 10 giờ 00 phút, ngày 05/03/2026.",
            "Nơi nhận: - Như trên; - Lưu: VT, BPMC.",
            "KT. CHỦ TỊCH PHÓ CHỦ TỊCH (Ký, ghi rõ họ tên và đóng dấu)",
            "Lê Văn Toàn",
            f"Mẫu {TEMPLATE_VERSIONS['apology']}",
        ],
    )
    assert TEMPLATE_VERSIONS["apology"] == "04/TT03-2025.1"
    assert "Trần Thị Thủy" not in text


def test_apology_falls_back_to_the_clerk_and_a_blank_number(profile, dossier):
    (text,) = page_texts(apology(profile, dossier, clerk_name="Lê Thị Mai"))
    assert "Số: ……/XLGH" in text
    assert "NGƯỜI TIẾP NHẬN HỒ SƠ (Ký và ghi rõ họ tên) Lê Thị Mai" in text
    (text,) = page_texts(apology(profile, dossier, letter_number="3"))
    assert "Số: 3/XLGH" in text
    assert "NGƯỜI TIẾP NHẬN HỒ SƠ (Ký và ghi rõ họ tên) Trần Thị Thủy" in text


def test_apology_under_the_2018_name_and_decomposed_input(profile, dossier):
    reason = unicodedata.normalize("NFD", DELAY)
    (text,) = page_texts(apology(profile, dossier, title=TITLE_2018, reason=reason))
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in text
    assert f"Lý do: {DELAY}" in text  # NFC on the page


def test_stop_notice_text(profile, dossier):
    pdf = render_stop_notice(
        profile,
        replace(dossier, reason=STOP_REASON),
        reason="",
        stopped_at=datetime(2026, 2, 5, 14, 0),
        issued_at=datetime(2026, 2, 5, 14, 30),
        signatory=profile.signatories[0],
    )
    (text,) = page_texts(pdf)
    in_order(
        text,
        [
            "Số: ……/TB-DGQ",
            "An Phú, ngày 05 tháng 02 năm 2026",
            "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
            f"Kính gửi: {NAME}",
            f"Ngày 13 tháng 02 năm 2026, Bộ phận Một cửa tiếp nhận hồ sơ của ông/bà, "
            f"mã hồ sơ: {CODE}, thủ tục: Đăng ký khai sinh.",
            "Ủy ban nhân dân xã An Phú thông báo dừng giải quyết hồ sơ nêu trên kể từ "
            "ngày 05 tháng 02 năm 2026.",
            f"Lý do: {STOP_REASON}",
            "Đề nghị ông/bà liên hệ Bộ phận Một cửa (số điện thoại 0277 3851 234) để nhận lại "
            "hồ sơ đã nộp",
            "Nơi nhận: - Như trên; - Lưu: VT, BPMC.",
            "KT. CHỦ TỊCH PHÓ CHỦ TỊCH",
            "Lê Văn Toàn",
            f"Mẫu {TEMPLATE_VERSIONS['stop']}",
        ],
    )


def test_stop_notice_with_the_clerks_own_guidance(profile, dossier):
    pdf = render_stop_notice(
        profile,
        dossier,
        reason=STOP_REASON,
        guidance="Nộp lại hồ sơ khi có quyết định của Tòa án.",
        issued_at=datetime(2026, 2, 5, 14, 30),
    )
    (text,) = page_texts(pdf)
    assert "Đề nghị ông/bà nộp lại hồ sơ khi có quyết định của Tòa án." in text
    assert "NGƯỜI TIẾP NHẬN HỒ SƠ (Ký và ghi rõ họ tên) Trần Thị Thủy" in text


STEPS = [
    ControlStep(
        "Bộ phận Một cửa",
        "Tư pháp - Hộ tịch",
        datetime(2026, 2, 13, 16, 45),
        "Trần Thị Thủy",
        "Lê Văn Hùng",
    ),
    ControlStep(
        "Tư pháp - Hộ tịch",
        "Lê Văn Toàn",
        datetime(2026, 2, 24, 8, 0),
        "Lê Văn Hùng",
        "Lê Văn Toàn",
        "early",
        "Trình ký",
    ),
    ControlStep(
        "Lê Văn Toàn",
        "Bộ phận Một cửa",
        datetime(2026, 2, 26, 8, 0),
        "Lê Văn Toàn",
        "Trần Thị Thủy",
        "on_time",
    ),
    ControlStep(
        "Bộ phận Một cửa",
        NAME,
        datetime(2026, 3, 6, 9, 15),
        "Trần Thị Thủy",
        NAME,
        "late",
    ),
]


def control_sheet(profile, dossier, **kw):
    kw.setdefault("co_handling_units", ["Công an xã An Phú", "Trạm Y tế xã"])
    kw.setdefault("handling_unit", "Ủy ban nhân dân xã An Phú")
    return render_control_sheet(profile, dossier, STEPS, **kw)


def test_control_sheet_rows_in_order_with_results(profile, dossier):
    extended = replace(dossier, due_at=NEW_DUE)
    pdf = control_sheet(profile, extended, original_due_at=dossier.due_at)
    (text,) = page_texts(pdf)
    in_order(
        text,
        [
            "An Phú, ngày 13 tháng 02 năm 2026",
            "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
            f"Mã hồ sơ: {CODE}",
            f"Người nộp hồ sơ: {NAME}",
            "Thời gian nhận hồ sơ: 16 giờ 30 phút, ngày 13/02/2026",
            "Thời gian hẹn trả kết quả: 16 giờ 30 phút, ngày 25/02/2026",
            "Gia hạn, hẹn trả kết quả mới: 10 giờ 00 phút, ngày 05/03/2026",
            "Cơ quan, bộ phận chủ trì giải quyết: Ủy ban nhân dân xã An Phú",
            "Cơ quan phối hợp giải quyết: Công an xã An Phú; Trạm Y tế xã",
            "TÊN CƠ QUAN, TỔ CHỨC",
            "THỜI GIAN GIAO, NHẬN HỒ SƠ",
            "KẾT QUẢ GIẢI QUYẾT HỒ SƠ (Trước hạn/Đúng hạn/Quá hạn)",
            "GHI CHÚ",
            "1. Giao: Bộ phận Một cửa 2. Nhận: Tư pháp - Hộ tịch",
            "16 giờ 45 phút, ngày 13/02/2026 Người giao Người nhận Trần Thị Thủy Lê Văn Hùng",
            "1. Giao: Tư pháp - Hộ tịch 2. Nhận: Lê Văn Toàn",
            "08 giờ 00 phút, ngày 24/02/2026 Người giao Người nhận Lê Văn Hùng Lê Văn Toàn",
            "Trước hạn Trình ký",
            "1. Giao: Lê Văn Toàn 2. Nhận: Bộ phận Một cửa",
            "Đúng hạn",
            f"1. Giao: Bộ phận Một cửa 2. Nhận: {NAME}",
            "09 giờ 15 phút, ngày 06/03/2026",
            "Quá hạn",
            f"Mẫu {TEMPLATE_VERSIONS['control_sheet']}",
        ],
    )
    assert "Số:" not in text  # the control sheet has no number


def test_control_sheet_without_extension_prints_one_appointment(profile, dossier):
    (text,) = page_texts(control_sheet(profile, dossier, co_handling_units=[]))
    assert "Thời gian hẹn trả kết quả: 16 giờ 30 phút, ngày 25/02/2026" in text
    assert "Gia hạn" not in text
    assert "Cơ quan phối hợp giải quyết: …………………" in text


def test_control_sheet_blank_rows_for_steps_to_come(profile, dossier):
    pdf = render_control_sheet(profile, dossier, STEPS[:1], blank_rows=2)
    (text,) = page_texts(pdf)
    assert text.count("Người giao Người nhận") == 3
    assert text.count("1. Giao: ………………… 2. Nhận: …………………") == 2
    assert text.count("… giờ … phút, ngày …………………") == 2


def test_control_sheet_is_a4_portrait_and_its_codes_decode(dossier):
    profile = make_profile(lookup_url=LOOKUP_URL)
    pdf = control_sheet(profile, dossier)
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    codes = decode_codes(pdf)
    assert codes.get("QRCode") == [LOOKUP_URL.replace("{code}", CODE)]
    assert codes.get("Code128") == [CODE]


@pytest.mark.parametrize("paper", ["A4", "A5"])
def test_letters_fit_one_page(profile, dossier, paper):
    assert len(page_texts(apology(profile, dossier, paper=paper))) == 1
    stop = render_stop_notice(profile, dossier, reason=STOP_REASON, paper=paper)
    assert len(page_texts(stop)) == 1
