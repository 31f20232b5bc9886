"""Forms 02 (request to supplement) and 03 (refusal): wording, signer, codes, paper."""

from __future__ import annotations

import pytest
from slip_fixtures import ADDRESS, CODE, LOOKUP_URL, NAME, decode_codes, make_profile, page_texts

from motcua_desktop.documents import TEMPLATE_VERSIONS, render_refusal, render_supplement_request
from motcua_desktop.domain.dossier import ComponentReceipt
from motcua_desktop.domain.profile import Signatory

MISSING = [
    ComponentReceipt("Giấy chứng nhận kết hôn của cha, mẹ trẻ em", certified_copies=1),
    "Văn bản ủy quyền có chứng thực",
]
SUPPLEMENT_REASON = "Giấy chứng nhận kết hôn nộp là bản photo không có chứng thực."
REFUSAL_REASON = "Hồ sơ không thuộc thẩm quyền giải quyết của Ủy ban nhân dân xã An Phú."


def supplement(profile, dossier, **kw):
    kw.setdefault("missing", MISSING)
    kw.setdefault("reason", SUPPLEMENT_REASON)
    kw.setdefault("contact_name", "Lê Thị Mai")
    kw.setdefault("contact_phone", "0912 000 111")
    return render_supplement_request(profile, dossier, **kw)


@pytest.mark.parametrize("paper", ["A4", "A5"])
def test_supplement_request_text(profile, dossier, paper):
    pages = page_texts(supplement(profile, dossier, paper=paper))

    assert len(pages) == 1
    text = pages[0]
    for line in [
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        "Số: ……/HDHS",
        "An Phú, ngày 13 tháng 02 năm 2026",
        f"Mã hồ sơ: {CODE}",
        f"Bộ phận Một cửa tiếp nhận hồ sơ của: {NAME}",
        f"Địa chỉ: {ADDRESS}",
        "Số CCCD/Định danh cá nhân: 087186001234",
        "Hồ sơ đề nghị giải quyết: Đăng ký khai sinh",
        "Yêu cầu bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:",
        "Thành phần hồ sơ cần bổ sung",
        "Ghi chú",
        "Giấy chứng nhận kết hôn của cha, mẹ trẻ em 01 bản chứng thực",
        "Văn bản ủy quyền có chứng thực",
        f"Lý do: {SUPPLEMENT_REASON}",
        "Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, ông/bà liên hệ với Lê Thị Mai, "
        "số điện thoại 0912 000 111 để được hướng dẫn.",
        "NGƯỜI HƯỚNG DẪN (Ký và ghi rõ họ tên)",
        "Trần Thị Thủy",
        f"Mẫu {TEMPLATE_VERSIONS['supplement']}",
    ]:
        assert line in text, line
    assert "Liên" not in text


def test_supplement_contact_defaults_to_the_clerk_and_the_desk_phone(profile, dossier):
    pdf = supplement(profile, dossier, contact_name="", contact_phone="")
    (text,) = page_texts(pdf)
    assert "liên hệ với Trần Thị Thủy, số điện thoại 0277 3851 234 để được hướng dẫn" in text


@pytest.mark.parametrize("paper", ["A4", "A5"])
def test_supplement_codes_decode(profile, dossier, paper):
    codes = decode_codes(supplement(profile, dossier, paper=paper))
    assert codes.get("QRCode") == [CODE]
    assert codes.get("Code128") == [CODE]


@pytest.mark.parametrize("paper", ["A4", "A5"])
def test_refusal_text(profile, dossier, paper):
    pages = page_texts(render_refusal(profile, dossier, reason=REFUSAL_REASON, paper=paper))

    assert len(pages) == 1
    text = pages[0]
    for line in [
        "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
        "Số: ……/TCHS",
        "An Phú, ngày 13 tháng 02 năm 2026",
        f"Mã hồ sơ: {CODE}",
        f"Bộ phận Một cửa tiếp nhận hồ sơ của: {NAME}",
        f"Địa chỉ: {ADDRESS}",
        "Nội dung yêu cầu giải quyết: Đăng ký khai sinh",
        "Qua xem xét, Bộ phận Một cửa thông báo không tiếp nhận, giải quyết hồ sơ này với lý do "
        f"cụ thể như sau: {REFUSAL_REASON}",
        "Xin thông báo để ông/bà được biết và thực hiện./.",
        "NGƯỜI TIẾP NHẬN HỒ SƠ (Ký và ghi rõ họ tên)",
        "Trần Thị Thủy",
        f"Mẫu {TEMPLATE_VERSIONS['refusal']}",
    ]:
        assert line in text, line


def test_refusal_signed_by_a_leader(profile, dossier):
    leader = Signatory("Lê Văn Toàn", "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH")
    (text,) = page_texts(render_refusal(profile, dossier, reason=REFUSAL_REASON, signatory=leader))
    assert "KT. CHỦ TỊCH PHÓ CHỦ TỊCH (Ký, ghi rõ họ tên và đóng dấu) Lê Văn Toàn" in text
    assert "NGƯỜI TIẾP NHẬN HỒ SƠ" not in text


def test_refusal_reason_falls_back_to_the_dossier_and_keeps_line_breaks(profile):
    from slip_fixtures import make_dossier

    dossier = make_dossier(reason="Thiếu giấy tờ.\nKhông đúng thẩm quyền <xã>.")
    (text,) = page_texts(render_refusal(profile, dossier, reason=""))
    assert "như sau: Thiếu giấy tờ. Không đúng thẩm quyền <xã>." in text


def test_refusal_qr_holds_the_lookup_url(dossier):
    pdf = render_refusal(make_profile(lookup_url=LOOKUP_URL), dossier, reason=REFUSAL_REASON)
    codes = decode_codes(pdf)
    assert codes.get("QRCode") == [LOOKUP_URL.replace("{code}", CODE)]
    assert codes.get("Code128") == [CODE]
