"""Form 01, the receipt: text, copies, paper, NFC, and that both codes scan."""

from __future__ import annotations

import io
import unicodedata

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, A5
from slip_fixtures import (
    ADDRESS,
    CODE,
    LOOKUP_URL,
    NAME,
    SIX_COMPONENTS,
    decode_codes,
    make_dossier,
    make_profile,
    page_texts,
    raw_page_texts,
)

from motcua_desktop.documents import TEMPLATE_VERSIONS, render_receipt
from motcua_desktop.domain.dossier import ComponentReceipt, ResultDelivery

TITLE = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"

EXPECTED_LINES = [
    TITLE,
    "ỦY BAN NHÂN DÂN",
    "BỘ PHẬN MỘT CỬA",
    "Số: 127/TNHS",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "An Phú, ngày 13 tháng 02 năm 2026",
    f"Mã hồ sơ: {CODE}",
    f"Bộ phận Một cửa tiếp nhận hồ sơ của: {NAME}",
    f"Địa chỉ: {ADDRESS}",
    "Số điện thoại: 0912 345 678 Email: huong.nguyen@example.vn",
    "Số CCCD/Định danh cá nhân: 087186001234",
    "Nội dung yêu cầu giải quyết: Đăng ký khai sinh",
    "1. Thành phần hồ sơ nộp gồm:",
    "Tên thành phần hồ sơ",
    "Số lượng",
    "Tờ khai đăng ký khai sinh theo mẫu",
    "Giấy chứng nhận kết hôn của cha, mẹ trẻ em",
    "2. Số lượng hồ sơ: 01 bộ",
    "3. Thời gian giải quyết hồ sơ theo quy định là: 05 ngày làm việc",
    "4. Thời gian nhận hồ sơ: 16 giờ 30 phút, ngày 13/02/2026",
    "5. Thời gian trả kết quả giải quyết hồ sơ: 16 giờ 30 phút, ngày 25/02/2026",
    "6. Đăng ký nhận kết quả tại: Bộ phận Một cửa, Ủy ban nhân dân xã An Phú",
    "Vào Sổ theo dõi hồ sơ, Quyển số: 03, Số thứ tự: 127",
    "Lệ phí: 8.000 ₫",
    "NGƯỜI NỘP HỒ SƠ",
    "NGƯỜI TIẾP NHẬN HỒ SƠ",
    "(Ký và ghi rõ họ tên)",
    "Trần Thị Thủy",
    f"Mẫu {TEMPLATE_VERSIONS['receipt']}",
]


@pytest.mark.parametrize("paper", ["A4", "A5"])
@pytest.mark.parametrize("copies", [1, 2])
def test_every_copy_carries_the_whole_slip(profile, dossier, paper, copies):
    pdf = render_receipt(profile, dossier, paper=paper, copies=copies)
    pages = page_texts(pdf)

    assert len(pages) == copies
    for text in pages:
        for line in EXPECTED_LINES:
            assert line in text, f"{line!r} missing on {paper}"
        assert text.count(NAME) == 2  # applicant line and under the signature


@pytest.mark.parametrize("paper", ["A4", "A5"])
def test_two_copies_are_labelled(profile, dossier, paper):
    pages = page_texts(render_receipt(profile, dossier, paper=paper, copies=2))

    assert "Liên 1: Lưu tại Bộ phận Một cửa" in pages[0]
    assert "Liên 2" not in pages[0]
    assert "Liên 2: Giao người nộp hồ sơ" in pages[1]
    assert "Liên 1" not in pages[1]


def test_a_single_copy_has_no_copy_label(profile, dossier):
    (text,) = page_texts(render_receipt(profile, dossier, copies=1))
    assert "Liên" not in text


@pytest.mark.parametrize(("paper", "size"), [("A4", A4), ("A5", A5)])
def test_paper_size(profile, dossier, paper, size):
    reader = PdfReader(io.BytesIO(render_receipt(profile, dossier, paper=paper, copies=1)))
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(size, abs=0.5)


def test_decomposed_input_reaches_the_pdf_composed(profile, dossier):
    assert dossier.applicant.address != ADDRESS  # the fixture really is NFD
    for raw in raw_page_texts(render_receipt(profile, dossier, paper="A5")):
        assert ADDRESS in raw  # no normalising on the reading side
        assert not any(unicodedata.combining(ch) for ch in raw)


def test_fonts_are_embedded_liberation_serif(profile, dossier):
    reader = PdfReader(io.BytesIO(render_receipt(profile, dossier)))
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        names = {str(ref.get_object()["/BaseFont"]) for ref in fonts.values()}
        assert names
        for name in names:
            assert "LiberationSerif" in name, name
        for ref in fonts.values():
            descriptor = ref.get_object()["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor  # the TrueType subset is in the file


@pytest.mark.parametrize("paper", ["A4", "A5"])
def test_barcode_and_qr_decode_on_every_copy(profile, dossier, paper):
    pdf = render_receipt(profile, dossier, paper=paper, copies=2)
    for page in (0, 1):
        codes = decode_codes(pdf, page)
        assert codes.get("QRCode") == [CODE]
        assert codes.get("Code128") == [CODE]


def test_qr_holds_the_lookup_url_when_configured(dossier):
    profile = make_profile(lookup_url=LOOKUP_URL)
    pdf = render_receipt(profile, dossier, paper="A5", copies=1)

    codes = decode_codes(pdf)
    assert codes.get("QRCode") == [f"https://dichvucong.example.vn/tra-cuu?ma={CODE}"]
    assert codes.get("Code128") == [CODE]
    assert "Quét mã để tra cứu" in page_texts(pdf)[0]


def test_free_procedure_and_postal_delivery(profile):
    dossier = make_dossier(fee_vnd=0, result_delivery=ResultDelivery.POST)
    (text,) = page_texts(render_receipt(profile, dossier, copies=1))

    assert "Lệ phí: Miễn phí" in text
    assert (
        f"6. Đăng ký nhận kết quả: Qua dịch vụ bưu chính công ích (địa chỉ nhận: {ADDRESS})" in text
    )
    assert "Bộ phận Một cửa, Ủy ban nhân dân xã An Phú" not in text


def test_owner_is_printed_only_when_different(profile):
    (same,) = page_texts(render_receipt(profile, make_dossier(owner_name=NAME), copies=1))
    assert "Chủ hồ sơ" not in same

    other = make_dossier(owner_name="Nguyễn Văn Bình", owner_address="Ấp Tân Hòa, xã An Phú")
    (text,) = page_texts(render_receipt(profile, other, copies=1))
    assert "Chủ hồ sơ: Nguyễn Văn Bình; địa chỉ: Ấp Tân Hòa, xã An Phú" in text


def test_a_typical_dossier_fits_one_a5_page_per_copy(profile):
    dossier = make_dossier(components=SIX_COMPONENTS)
    pages = page_texts(render_receipt(profile, dossier, paper="A5", copies=2))

    assert len(pages) == 2
    for text in pages:
        for component in SIX_COMPONENTS:
            assert component.name in text
        assert "NGƯỜI TIẾP NHẬN HỒ SƠ" in text
        assert "Trang" not in text  # one page per copy: no page numbers


def test_a_long_dossier_flows_on_without_breaking_a_row(profile):
    components = tuple(
        ComponentReceipt(
            f"Thành phần thứ {n}: giấy tờ chứng minh nơi cư trú hợp pháp của người yêu cầu",
            originals=1,
        )
        for n in range(1, 21)
    )
    pdf = render_receipt(profile, make_dossier(components=components), paper="A5", copies=2)
    pages = page_texts(pdf)

    assert len(pages) > 2 and len(pages) % 2 == 0
    per_copy = len(pages) // 2
    for copy in range(2):
        own = pages[copy * per_copy : (copy + 1) * per_copy]
        for number, text in enumerate(own, start=1):
            assert f"Trang {number}/{per_copy}" in text
            assert f"Liên {copy + 1}" in text
            assert "Tên thành phần hồ sơ" in text  # the header row repeats
        # Each name is whole on exactly one page of the copy: no row was split.
        for component in components:
            assert sum(component.name in text for text in own) == 1
        assert f"Mã hồ sơ: {CODE}" in own[0]
        assert "NGƯỜI TIẾP NHẬN HỒ SƠ" in own[-1]


def test_rendering_is_reproducible(profile, dossier):
    assert render_receipt(profile, dossier) == render_receipt(profile, dossier)


def test_issue_date_and_number_can_be_given(profile, dossier):
    from datetime import datetime

    pdf = render_receipt(
        profile, dossier, copies=1, issued_at=datetime(2026, 3, 5, 8, 0), number="09/TNHS"
    )
    (text,) = page_texts(pdf)
    assert "An Phú, ngày 05 tháng 03 năm 2026" in text
    assert "Số: 09/TNHS" in text
    # The appointment still comes from the dossier.
    assert "4. Thời gian nhận hồ sơ: 16 giờ 30 phút, ngày 13/02/2026" in text


def test_zero_copies_is_refused(profile, dossier):
    with pytest.raises(ValueError):
        render_receipt(profile, dossier, copies=0)
